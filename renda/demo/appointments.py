"""Demo appointment cases (人事任免) in county 410327, walked through the county's use cases.

Every step carries a command id derived from the demo's names, and the whole set is seeded once:
seeding again changes nothing. Dates are business dates counted back from today, except the
appointee reviewed for 2025, who took office the year before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from services.county.application.appointment_commands import ExamScore, HoldOathCeremony, TakeExamBatch
from services.county.application.appointments import (
    act_on_appointment,
    hold_oath_ceremony,
    request_appointment,
    take_exam_batch,
)
from services.county.domain.appointment import Appointment, AppointmentRequest, Ballot, Certificate, Vetting
from shared.aggregate import CommandContext
from shared.application import derived_id, utc_now
from shared.calendar import china_date
from shared.events.catalog.appointment import CaseKind, RequestingUnitKind, ReviewResult
from shared.runtime import ServiceRuntime

ACTOR = "demo-seed"
COUNTY = "410327000000"
ISSUING_BODY = "宜阳县人民代表大会常务委员会"
CHAIR = "王德明"
MEMBERS = 25

NOMINATION = AppointmentRequest(
    kind=CaseKind.APPOINTMENT,
    appointee_name="",
    post="",
    requesting_unit=RequestingUnitKind.GOVERNMENT,
    requesting_unit_name="宜阳县人民政府",
    nominated_by="中共宜阳县委",
    review_file="县委组织部考察材料：德才表现、廉洁自律情况及民主推荐结果",
    term=18,
    requested_on=date(2026, 1, 1),
)


def _id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"renda-demo:appointment:{name}")


def _case_id(key: str) -> UUID:
    """The id the demo's request of a case creates (its command id is derived from the key)."""
    return derived_id(scope=UUID(int=0), kind="request_appointment", command_id=_id(key))


def _meeting(number: int) -> str:
    return f"第十八届常委会第{number}次会议"


@dataclass(frozen=True)
class _Case:
    """One demo case, walked step by step on given days."""

    runtime: ServiceRuntime
    key: str

    @property
    def id(self) -> UUID:
        return _case_id(self.key)

    def step(self, name: str, command: Callable[[Appointment, CommandContext], None]) -> None:
        act_on_appointment(
            self.runtime.commands,
            actor=ACTOR,
            appointment_id=self.id,
            step=name,
            command=command,
            command_id=_id(f"{self.key}:{name}"),
        )

    def vet(self, on: date, *, pre_talk_required: bool = False, notice_days: int = 0) -> None:
        vetting = Vetting(
            meeting="第十八届常委会主任会议",
            vetted_on=on,
            pre_talk_required=pre_talk_required,
            notice_days=notice_days,
        )
        self.step("vet", lambda case, ctx: case.vet(vetting=vetting, ctx=ctx))

    def meet(self, on: date, meeting: str) -> None:
        """Introduced to the standing committee and the statement made, at one meeting."""
        self.step(
            "introduce",
            lambda case, ctx: case.introduce(meeting=meeting, introduced_on=on, introduced_by="李卫东", ctx=ctx),
        )
        self.step("make_statement", lambda case, ctx: case.make_statement(made_on=on, summary="表态依法履职", ctx=ctx))

    def vote(self, on: date, meeting: str, *, votes_for: int) -> None:
        ballot = Ballot(
            meeting=meeting,
            held_on=on,
            members_total=MEMBERS,
            votes_for=votes_for,
            votes_against=MEMBERS - votes_for - 2,
            abstentions=2,
        )
        self.step("take_ballot", lambda case, ctx: case.take_ballot(ballot=ballot, ctx=ctx))

    def certify(self, on: date, number: int) -> None:
        certificate = Certificate(
            decision_number=f"宜人常任〔{on.year}〕{number}号", issued_on=on, issued_by=CHAIR, issuing_body=ISSUING_BODY
        )
        self.step("issue_certificate", lambda case, ctx: case.issue_certificate(certificate=certificate, ctx=ctx))


def _request(runtime: ServiceRuntime, key: str, request: AppointmentRequest) -> _Case:
    request_appointment(runtime.commands, actor=ACTOR, request=request, region_code=COUNTY, command_id=_id(key))
    return _Case(runtime, key)


def _exam_batch(runtime: ServiceRuntime, label: str, on: date, *scores: tuple[_Case, int]) -> None:
    batch = TakeExamBatch(
        command_id=_id(f"exam:{label}"),
        batch_label=label,
        taken_on=on,
        pass_mark=60,
        results=tuple(ExamScore(appointment_id=case.id, score=score) for case, score in scores),
    )
    take_exam_batch(runtime.commands, batch, actor=ACTOR)


def _swear_in(runtime: ServiceRuntime, key: str, on: date, meeting: str, *cases: _Case) -> None:
    ceremony = HoldOathCeremony(
        command_id=_id(f"oath:{key}"),
        held_on=on,
        presided_by=CHAIR,
        meeting=meeting,
        appointment_ids=tuple(case.id for case in cases),
    )
    hold_oath_ceremony(runtime.commands, ceremony, actor=ACTOR)


def _appointed(case: _Case, *, held: date, meeting: str, number: int) -> None:
    """Introduced, voted and certified at one meeting: ready for the oath."""
    case.meet(held, meeting)
    case.vote(held, meeting, votes_for=21)
    case.certify(held, number)


def _nominee(on: date, name: str, post: str) -> AppointmentRequest:
    return replace(NOMINATION, requested_on=on, appointee_name=name, post=post)


def seed_appointments(runtime: ServiceRuntime) -> None:
    """Seven cases in every telling state: in office, deferred, on notice, not appointed, removed, reviewed (once)."""
    if runtime.store.exists(_case_id("finance")):
        return
    today = china_date(utc_now())

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def batch(number: int) -> str:
        return f"{today.year}年第{number}批任前法律知识考试"

    finance = _request(runtime, "finance", _nominee(ago(60), "张明", "宜阳县财政局局长"))
    assessor = _request(
        runtime,
        "assessor",
        replace(
            _nominee(ago(60), "赵丽", "宜阳县人民法院人民陪审员"),
            requesting_unit=RequestingUnitKind.COURT,
            requesting_unit_name="宜阳县人民法院",
            is_people_assessor=True,
        ),
    )
    for case in (finance, assessor):
        case.vet(ago(57))
    _exam_batch(runtime, batch(1), ago(52), (finance, 86), (assessor, 79))
    _appointed(finance, held=ago(40), meeting=_meeting(25), number=3)
    _appointed(assessor, held=ago(40), meeting=_meeting(25), number=4)
    _swear_in(runtime, "25", ago(40), _meeting(25), finance, assessor)

    not_appointed = _request(runtime, "not_appointed", _nominee(ago(50), "孙伟", "宜阳县市场监督管理局局长"))
    not_appointed.vet(ago(48))
    _exam_batch(runtime, batch(2), ago(44), (not_appointed, 77))
    not_appointed.meet(ago(35), _meeting(26))
    not_appointed.vote(ago(35), _meeting(26), votes_for=12)

    removal = _request(
        runtime, "removal", replace(_nominee(ago(45), "周强", "宜阳县水利局局长"), kind=CaseKind.REMOVAL)
    )
    removal.vet(ago(42))
    removal.vote(ago(35), _meeting(26), votes_for=22)

    deferred = _request(runtime, "deferred", _nominee(ago(30), "刘洋", "宜阳县审计局局长"))
    deferred.vet(ago(28))
    _exam_batch(runtime, batch(3), ago(21), (deferred, 48))

    on_notice = _request(runtime, "on_notice", _nominee(ago(20), "陈静", "宜阳县教育局局长"))
    on_notice.vet(ago(18), pre_talk_required=True, notice_days=7)
    on_notice.step("hold_pre_talk", lambda case, ctx: case.hold_pre_talk(held_on=ago(15), note="", ctx=ctx))
    _exam_batch(runtime, batch(4), ago(14), (on_notice, 91))
    on_notice.step(
        "publish_notice",
        lambda case, ctx: case.publish_notice(published_on=ago(2), channel="宜阳县人大常委会网站", ctx=ctx),
    )
    on_notice.meet(ago(1), _meeting(27))

    transport = _request(runtime, "transport", _nominee(date(2024, 3, 1), "吴刚", "宜阳县交通运输局局长"))
    transport.vet(date(2024, 3, 5))
    _exam_batch(runtime, "2024年第一批任前法律知识考试", date(2024, 3, 10), (transport, 83))
    _appointed(transport, held=date(2024, 3, 21), meeting=_meeting(12), number=5)
    _swear_in(runtime, "12", date(2024, 3, 21), _meeting(12), transport)
    transport.step(
        "review_performance",
        lambda case, ctx: case.review_performance(
            year=2025,
            reviewed_on=date(2026, 1, 20),
            result=ReviewResult.UNSATISFIED,
            note="群众反映办事效率不高，限期整改",
            ctx=ctx,
        ),
    )
