"""Events of a personnel appointment or removal case (人事任免), `domain.md` §4."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from shared.events import topics
from shared.events.envelope import EventPayload

MAX_MEMBERS = 500


class CaseKind(str, Enum):
    """What the standing committee is asked to decide: 任命, 免职, 辞职 (accepting a resignation) or 撤职."""

    APPOINTMENT = "appointment"
    """任命"""
    REMOVAL = "removal"
    """免职"""
    RESIGNATION = "resignation"
    """辞职"""
    DISMISSAL = "dismissal"
    """撤职"""


class RequestingUnitKind(str, Enum):
    """Who requests the decision (提请机关): 一府一委两院, or the chairmen's meeting (主任会议), or another body."""

    GOVERNMENT = "government"
    """县人民政府"""
    SUPERVISION_COMMISSION = "supervision_commission"
    """县监察委员会"""
    COURT = "court"
    """县人民法院"""
    PROCURATORATE = "procuratorate"
    """县人民检察院"""
    STANDING_COMMITTEE = "standing_committee"
    """常委会主任会议"""
    OTHER = "other"


class ReviewResult(str, Enum):
    """The result of a yearly performance review (述职评议): 满意 / 基本满意 / 不满意."""

    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    UNSATISFIED = "unsatisfied"


class _AppointmentEvent(EventPayload):
    aggregate_type: ClassVar[str] = "Appointment"
    topic: ClassVar[str] = topics.COUNTY_APPOINTMENT


class AppointmentRequested(_AppointmentEvent):
    """A unit requested (依法提请) a decision on a person nominated by the party committee (推荐), with the review file."""

    event_type: ClassVar[str] = "AppointmentRequested"

    kind: CaseKind
    appointee_name: str = Field(min_length=1, max_length=50)
    post: str = Field(min_length=1, max_length=100, description="职务")
    requesting_unit: RequestingUnitKind
    requesting_unit_name: str = Field(min_length=1, max_length=100, description="e.g. 县人民政府")
    nominated_by: str = Field(min_length=1, max_length=100, description="推荐机关, e.g. 中共宜阳县委")
    review_file: str = Field(min_length=1, max_length=2000, description="考察材料: summary or file reference")
    term: int = Field(ge=1, le=99, description="届次")
    requested_on: date
    is_people_assessor: bool = Field(default=False, description="人民陪审员")


class AppointmentVetted(_AppointmentEvent):
    """The chairmen's meeting vetted the case (主任会议审查) and set what must happen before the vote."""

    event_type: ClassVar[str] = "AppointmentVetted"

    meeting: str = Field(min_length=1, max_length=100, description="e.g. 第十八届常委会第32次主任会议")
    vetted_on: date
    pre_talk_required: bool = Field(default=False, description="任前座谈")
    notice_days: int = Field(default=0, ge=0, le=60, description="任前公示 period in days; 0 = no notice")
    audit_required: bool = Field(default=False, description="任前经济责任审计")


class PreAppointmentTalkHeld(_AppointmentEvent):
    """The pre-appointment talk (任前座谈) with the nominee was held."""

    event_type: ClassVar[str] = "PreAppointmentTalkHeld"

    held_on: date
    note: str = Field(default="", max_length=2000)


class PreAppointmentNoticePublished(_AppointmentEvent):
    """The pre-appointment public notice (任前公示) was published; it runs to `ends_on` inclusive."""

    event_type: ClassVar[str] = "PreAppointmentNoticePublished"

    published_on: date
    ends_on: date = Field(description="The last day of the notice: published_on + notice_days - 1.")
    channel: str = Field(default="", max_length=100, description="Where it was published, e.g. 县人大网站")


class EconomicAuditCompleted(_AppointmentEvent):
    """The pre-appointment economic responsibility audit (任前经济责任审计) was completed."""

    event_type: ClassVar[str] = "EconomicAuditCompleted"

    completed_on: date
    finding: str = Field(min_length=1, max_length=2000)


class LawExamTaken(_AppointmentEvent):
    """The nominee sat the pre-appointment law exam (任前法律知识考试) in a batch; a fail defers the appointment."""

    event_type: ClassVar[str] = "LawExamTaken"

    batch_id: UUID
    batch_label: str = Field(min_length=1, max_length=100, description="e.g. 2026年第一批任前法律知识考试")
    taken_on: date
    score: int = Field(ge=0, le=100)
    pass_mark: int = Field(ge=0, le=100)
    passed: bool


class AppointeeIntroduced(_AppointmentEvent):
    """The requesting unit introduced the nominee to the standing committee meeting (提请说明)."""

    event_type: ClassVar[str] = "AppointeeIntroduced"

    meeting: str = Field(min_length=1, max_length=100, description="e.g. 第十八届常委会第25次会议")
    introduced_on: date
    introduced_by: str = Field(min_length=1, max_length=50)


class StatementMade(_AppointmentEvent):
    """The nominee made the statement before the vote (供职发言 / 表态发言)."""

    event_type: ClassVar[str] = "StatementMade"

    made_on: date
    summary: str = Field(default="", max_length=2000)


class BallotTaken(_AppointmentEvent):
    """The standing committee voted by secret ballot (无记名投票); passed when more than half of all members voted for."""

    event_type: ClassVar[str] = "BallotTaken"

    meeting: str = Field(min_length=1, max_length=100)
    held_on: date
    members_total: int = Field(ge=1, le=MAX_MEMBERS, description="组成人员总数: all members, not those present")
    votes_for: int = Field(ge=0, le=MAX_MEMBERS)
    votes_against: int = Field(ge=0, le=MAX_MEMBERS)
    abstentions: int = Field(ge=0, le=MAX_MEMBERS)
    passed: bool


class CertificateIssued(_AppointmentEvent):
    """The chair issued the certificate of appointment (任命书) under a decision number (决定文号)."""

    event_type: ClassVar[str] = "CertificateIssued"

    decision_number: str = Field(min_length=1, max_length=50, description="e.g. 宜人常任〔2026〕3号")
    issued_on: date
    issued_by: str = Field(min_length=1, max_length=50, description="The chair (主任) who issued it")
    issuing_body: str = Field(min_length=1, max_length=100, description="e.g. 宜阳县人民代表大会常务委员会")


class OathTaken(_AppointmentEvent):
    """The appointee took the constitutional oath (宪法宣誓) at a ceremony that may swear in several at once."""

    event_type: ClassVar[str] = "OathTaken"

    ceremony_id: UUID
    held_on: date
    presided_by: str = Field(min_length=1, max_length=50, description="监誓人")
    meeting: str = Field(min_length=1, max_length=100)


class PerformanceReviewed(_AppointmentEvent):
    """The appointee's yearly report on their work was reviewed (任后述职评议); 不满意 means rectify and review again."""

    event_type: ClassVar[str] = "PerformanceReviewed"

    year: int = Field(ge=2000, le=2100, description="The year reviewed")
    reviewed_on: date
    result: ReviewResult
    note: str = Field(default="", max_length=2000)
    review_again_in: int | None = Field(default=None, ge=2000, le=2101, description="Set on 不满意: the next year")


class InquiryFiled(_AppointmentEvent):
    """An inquiry (质询案) was filed against the appointee after a second 不满意 review."""

    event_type: ClassVar[str] = "InquiryFiled"

    year: int = Field(ge=2000, le=2100, description="The year of the review that triggered it")
    filed_on: date
    unsatisfied_years: list[int] = Field(min_length=2, max_length=50, description="Every year reviewed 不满意")


EVENTS: tuple[type[EventPayload], ...] = (
    AppointmentRequested,
    AppointmentVetted,
    PreAppointmentTalkHeld,
    PreAppointmentNoticePublished,
    EconomicAuditCompleted,
    LawExamTaken,
    AppointeeIntroduced,
    StatementMade,
    BallotTaken,
    CertificateIssued,
    OathTaken,
    PerformanceReviewed,
    InquiryFiled,
)
