"""The commands on appointment cases (人事任免), each with the request body it is built from.

County staff walk a case from the request to the oath and the yearly reviews; an exam batch and an
oath ceremony act on several cases at once, all of them or none.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from services.county.application.command_kinds import CountyCommand, OnAppointment
from shared.command_bus import Command
from shared.events.catalog.appointment import MAX_MEMBERS, CaseKind, RequestingUnitKind, ReviewResult

Meeting = Field(min_length=1, max_length=100, description="会议名称，如“第十八届常委会第25次会议”")
Votes = Field(ge=0, le=MAX_MEMBERS)


class RequestAppointment(CountyCommand):
    """A requesting unit's case is entered, with the review file the nomination rests on."""

    step = "request_appointment"

    kind: CaseKind
    appointee_name: str = Field(min_length=1, max_length=50)
    post: str = Field(min_length=1, max_length=100, description="职务")
    requesting_unit: RequestingUnitKind
    requesting_unit_name: str = Field(min_length=1, max_length=100, description="提请机关")
    nominated_by: str = Field(min_length=1, max_length=100, description="推荐机关")
    review_file: str = Field(min_length=1, max_length=2000, description="考察材料")
    term: int = Field(ge=1, le=99, description="届次")
    requested_on: date
    is_people_assessor: bool = Field(default=False, description="人民陪审员")


class VettingCreate(Command):
    meeting: str = Meeting
    vetted_on: date
    pre_talk_required: bool = False
    notice_days: int = Field(default=0, ge=0, le=60, description="任前公示天数；0 为不公示")
    audit_required: bool = False


class VetAppointment(VettingCreate, OnAppointment):
    """The chairmen's meeting vets a case (任前审查) and sets the talk, notice and audit it requires."""

    step = "vet"


class PreTalkCreate(Command):
    held_on: date
    note: str = Field(default="", max_length=2000)


class HoldPreTalk(PreTalkCreate, OnAppointment):
    """Hold the pre-appointment talk (任前座谈) with the nominee."""

    step = "hold_pre_talk"


class NoticeCreate(Command):
    published_on: date
    channel: str = Field(default="", max_length=100, description="发布渠道")


class PublishNotice(NoticeCreate, OnAppointment):
    """Publish the pre-appointment notice (任前公示) the vetting required."""

    step = "publish_notice"


class AuditCreate(Command):
    completed_on: date
    finding: str = Field(min_length=1, max_length=2000)


class CompleteAudit(AuditCreate, OnAppointment):
    """Record the completed pre-appointment economic responsibility audit (任前经济责任审计)."""

    step = "complete_audit"


class SittingCreate(Command):
    batch_label: str = Field(min_length=1, max_length=100)
    taken_on: date
    pass_mark: int = Field(default=60, ge=0, le=100)


class ExamCreate(SittingCreate):
    score: int = Field(ge=0, le=100)
    batch_id: UUID | None = Field(default=None, description="并入已有考试批次；不填则为新批次")


class TakeLawExam(ExamCreate, OnAppointment):
    """One nominee sits the law exam on their own (a retake after a deferral, say)."""

    step = "take_law_exam"


class ExamScore(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    appointment_id: UUID
    score: int = Field(ge=0, le=100)


class TakeExamBatch(SittingCreate, CountyCommand):
    """Record one law exam batch (任前法律知识考试): every nominee's sitting, or none of them."""

    step = "take_law_exam"
    case_fields: ClassVar[tuple[str, ...]] = ("results",)

    results: tuple[ExamScore, ...] = Field(min_length=1, max_length=200)


class HoldOathCeremony(CountyCommand):
    """Swear in several appointees at one constitutional oath ceremony (宪法宣誓): all of them, or none."""

    step = "take_oath"
    case_fields: ClassVar[tuple[str, ...]] = ("appointment_ids",)

    held_on: date
    presided_by: str = Field(min_length=1, max_length=50, description="监誓人")
    meeting: str = Meeting
    appointment_ids: tuple[UUID, ...] = Field(min_length=1, max_length=100)


class IntroductionCreate(Command):
    meeting: str = Meeting
    introduced_on: date
    introduced_by: str = Field(min_length=1, max_length=50, description="提请说明人")


class IntroduceAppointee(IntroductionCreate, OnAppointment):
    """The requesting unit introduces the nominee to the standing committee (提请说明)."""

    step = "introduce"


class StatementCreate(Command):
    made_on: date
    summary: str = Field(default="", max_length=2000)


class MakeStatement(StatementCreate, OnAppointment):
    """The nominee makes the statement before the vote (供职发言)."""

    step = "make_statement"


class BallotCreate(Command):
    meeting: str = Meeting
    held_on: date
    members_total: int = Field(ge=1, le=MAX_MEMBERS, description="常委会组成人员总数")
    votes_for: int = Votes
    votes_against: int = Votes
    abstentions: int = Votes


class RecordBallot(BallotCreate, OnAppointment):
    """Record the secret ballot (无记名投票表决) against all the standing committee's members."""

    step = "take_ballot"


class CertificateCreate(Command):
    decision_number: str = Field(min_length=1, max_length=50, description="决定文号")
    issued_on: date
    issued_by: str = Field(min_length=1, max_length=50, description="颁发人（常委会主任）")
    issuing_body: str = Field(min_length=1, max_length=100, description="如“宜阳县人民代表大会常务委员会”")


class IssueCertificate(CertificateCreate, OnAppointment):
    """Issue the certificate of appointment (颁发任命书) to an appointee the ballot appointed."""

    step = "issue_certificate"


class PerformanceReviewCreate(Command):
    year: int = Field(ge=2000, le=2100)
    reviewed_on: date
    result: ReviewResult
    note: str = Field(default="", max_length=2000)


class ReviewPerformance(PerformanceReviewCreate, OnAppointment):
    """Review an appointee in office for a year (述职评议); a second 不满意 files an inquiry."""

    step = "review_performance"
