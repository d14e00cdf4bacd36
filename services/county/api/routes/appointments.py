"""Appointment commands (人事任免): county staff walk a case from the request to the oath and the yearly reviews."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from services.county.application.appointments import (
    ExamResult,
    Guard,
    Step,
    act_on_appointment,
    hold_oath_ceremony,
    new_exam_batch_id,
    request_appointment,
    take_exam_batch,
    take_law_exam,
)
from services.county.domain.appointment import AppointmentRequest, Ballot, Certificate, ExamSitting, Vetting
from shared.api.schemas import CommandResult
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.events.catalog.appointment import MAX_MEMBERS, CaseKind, RequestingUnitKind, ReviewResult
from shared.events.region import county_of

router = APIRouter(prefix="/api/v1/appointments", tags=["appointments"])

Meeting = Field(min_length=1, max_length=100, description="会议名称，如“第十八届常委会第25次会议”")
Votes = Field(ge=0, le=MAX_MEMBERS)


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID | None = Field(default=None, description="客户端生成的命令编号：重发时返回首次结果")


class AppointmentCreate(_Command):
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


class VettingCreate(_Command):
    meeting: str = Meeting
    vetted_on: date
    pre_talk_required: bool = False
    notice_days: int = Field(default=0, ge=0, le=60, description="任前公示天数；0 为不公示")
    audit_required: bool = False


class PreTalkCreate(_Command):
    held_on: date
    note: str = Field(default="", max_length=2000)


class NoticeCreate(_Command):
    published_on: date
    channel: str = Field(default="", max_length=100, description="发布渠道")


class AuditCreate(_Command):
    completed_on: date
    finding: str = Field(min_length=1, max_length=2000)


class _Sitting(_Command):
    batch_label: str = Field(min_length=1, max_length=100)
    taken_on: date
    pass_mark: int = Field(default=60, ge=0, le=100)


class ExamCreate(_Sitting):
    score: int = Field(ge=0, le=100)
    batch_id: UUID | None = Field(default=None, description="并入已有考试批次；不填则为新批次")


class ExamScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    appointment_id: UUID
    score: int = Field(ge=0, le=100)


class ExamBatchCreate(_Sitting):
    results: list[ExamScore] = Field(min_length=1, max_length=200)


class IntroductionCreate(_Command):
    meeting: str = Meeting
    introduced_on: date
    introduced_by: str = Field(min_length=1, max_length=50, description="提请说明人")


class StatementCreate(_Command):
    made_on: date
    summary: str = Field(default="", max_length=2000)


class BallotCreate(_Command):
    meeting: str = Meeting
    held_on: date
    members_total: int = Field(ge=1, le=MAX_MEMBERS, description="常委会组成人员总数")
    votes_for: int = Votes
    votes_against: int = Votes
    abstentions: int = Votes


class CertificateCreate(_Command):
    decision_number: str = Field(min_length=1, max_length=50, description="决定文号")
    issued_on: date
    issued_by: str = Field(min_length=1, max_length=50, description="颁发人（常委会主任）")
    issuing_body: str = Field(min_length=1, max_length=100, description="如“宜阳县人民代表大会常务委员会”")


class OathCeremonyCreate(_Command):
    held_on: date
    presided_by: str = Field(min_length=1, max_length=50, description="监誓人")
    meeting: str = Meeting
    appointment_ids: list[UUID] = Field(min_length=1, max_length=100)


class PerformanceReviewCreate(_Command):
    year: int = Field(ge=2000, le=2100)
    reviewed_on: date
    result: ReviewResult
    note: str = Field(default="", max_length=2000)


class GroupResult(BaseModel):
    """What a batch command returns: the batch's or ceremony's id and each case's result."""

    id: UUID
    results: list[CommandResult]


def _runtime(request: Request) -> Any:
    return request.app.state.runtime


def _staff(actor: Actor, step: str) -> Guard:
    """County staff only, checked at once; their region against each case as the step reads it."""
    require_role(actor, Role.COUNTY_STAFF, action=step)
    return lambda case: require_region(actor, case.region_code, action=step)


def _run(
    request: Request, actor: Actor, appointment_id: UUID, body: _Command, step: str, command: Step
) -> CommandResult:
    recorded = act_on_appointment(
        _runtime(request).commands,
        actor=actor.id,
        appointment_id=appointment_id,
        step=step,
        command=command,
        command_id=body.command_id,
        guard=_staff(actor, step),
    )
    return CommandResult.of(recorded)


@router.post("", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def request_case(body: AppointmentCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """提请任免：任命、免职、辞职、撤职，附推荐机关和考察材料；案件属于录入人员所在县。"""
    require_role(actor, Role.COUNTY_STAFF, action="request_appointment")
    case = AppointmentRequest(**body.model_dump(exclude={"command_id"}))
    recorded = request_appointment(
        _runtime(request).commands,
        actor=actor.id,
        request=case,
        region_code=county_of(actor.region_code),
        command_id=body.command_id,
    )
    return CommandResult.of(recorded)


@router.post("/exam-batches", status_code=201, response_model=GroupResult, dependencies=[allow(Role.COUNTY_STAFF)])
def take_exam_batch_route(body: ExamBatchCreate, actor: CurrentActor, request: Request) -> GroupResult:
    """任前法律知识考试（一批多人）：逐人检查后一并记录，任何一人不符合则全部不记录。"""
    guard = _staff(actor, "take_law_exam")
    batch_id, recorded = take_exam_batch(
        _runtime(request).commands,
        actor=actor.id,
        batch_label=body.batch_label,
        taken_on=body.taken_on,
        pass_mark=body.pass_mark,
        results=[ExamResult(appointment_id=r.appointment_id, score=r.score) for r in body.results],
        command_id=body.command_id,
        guard=guard,
    )
    return GroupResult(id=batch_id, results=[CommandResult.of(r) for r in recorded])


@router.post("/oath-ceremonies", status_code=201, response_model=GroupResult, dependencies=[allow(Role.COUNTY_STAFF)])
def hold_oath_ceremony_route(body: OathCeremonyCreate, actor: CurrentActor, request: Request) -> GroupResult:
    """宪法宣誓仪式：一次仪式可为多人监誓；任何一人不符合则全部不记录。"""
    guard = _staff(actor, "take_oath")
    ceremony_id, recorded = hold_oath_ceremony(
        _runtime(request).commands,
        actor=actor.id,
        held_on=body.held_on,
        presided_by=body.presided_by,
        meeting=body.meeting,
        appointment_ids=body.appointment_ids,
        command_id=body.command_id,
        guard=guard,
    )
    return GroupResult(id=ceremony_id, results=[CommandResult.of(r) for r in recorded])


@router.post("/{appointment_id}/vet", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def vet(appointment_id: UUID, body: VettingCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """主任会议任前审查：确定是否需要任前座谈、任前公示（天数）、任前经济责任审计。"""
    vetting = Vetting(**body.model_dump(exclude={"command_id"}))
    return _run(request, actor, appointment_id, body, "vet", lambda case, ctx: case.vet(vetting=vetting, ctx=ctx))


@router.post("/{appointment_id}/pre-talk", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def hold_pre_talk(appointment_id: UUID, body: PreTalkCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """任前座谈。"""
    return _run(
        request,
        actor,
        appointment_id,
        body,
        "hold_pre_talk",
        lambda case, ctx: case.hold_pre_talk(held_on=body.held_on, note=body.note, ctx=ctx),
    )


@router.post("/{appointment_id}/notice", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def publish_notice(appointment_id: UUID, body: NoticeCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """发布任前公示；公示期按审查确定的天数自发布之日起计算。"""
    return _run(
        request,
        actor,
        appointment_id,
        body,
        "publish_notice",
        lambda case, ctx: case.publish_notice(published_on=body.published_on, channel=body.channel, ctx=ctx),
    )


@router.post("/{appointment_id}/audit", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def complete_audit(appointment_id: UUID, body: AuditCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """任前经济责任审计完成。"""
    return _run(
        request,
        actor,
        appointment_id,
        body,
        "complete_audit",
        lambda case, ctx: case.complete_audit(completed_on=body.completed_on, finding=body.finding, ctx=ctx),
    )


@router.post("/{appointment_id}/exam", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def take_exam(appointment_id: UUID, body: ExamCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """单人参加任前法律知识考试（如暂缓任命后补考）；不合格的暂缓任命。"""
    commands = _runtime(request).commands
    sitting = ExamSitting(
        batch_id=body.batch_id or new_exam_batch_id(commands, command_id=body.command_id),
        batch_label=body.batch_label,
        taken_on=body.taken_on,
        pass_mark=body.pass_mark,
    )
    recorded = take_law_exam(
        commands,
        actor=actor.id,
        appointment_id=appointment_id,
        sitting=sitting,
        score=body.score,
        command_id=body.command_id,
        guard=_staff(actor, "take_law_exam"),
    )
    return CommandResult.of(recorded)


@router.post("/{appointment_id}/introduce", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def introduce(appointment_id: UUID, body: IntroductionCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """提请机关向常委会会议作提请说明（须考试合格，并完成要求的座谈、审计）。"""
    return _run(
        request,
        actor,
        appointment_id,
        body,
        "introduce",
        lambda case, ctx: case.introduce(
            meeting=body.meeting, introduced_on=body.introduced_on, introduced_by=body.introduced_by, ctx=ctx
        ),
    )


@router.post("/{appointment_id}/statement", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def make_statement(appointment_id: UUID, body: StatementCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """拟任命人员作供职发言（表态发言）。"""
    return _run(
        request,
        actor,
        appointment_id,
        body,
        "make_statement",
        lambda case, ctx: case.make_statement(made_on=body.made_on, summary=body.summary, ctx=ctx),
    )


@router.post("/{appointment_id}/ballot", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def take_ballot(appointment_id: UUID, body: BallotCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """无记名投票表决：赞成票超过常委会全体组成人员的半数为通过。"""
    ballot = Ballot(**body.model_dump(exclude={"command_id"}))
    return _run(
        request, actor, appointment_id, body, "take_ballot", lambda case, ctx: case.take_ballot(ballot=ballot, ctx=ctx)
    )


@router.post("/{appointment_id}/certificate", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def issue_certificate(
    appointment_id: UUID, body: CertificateCreate, actor: CurrentActor, request: Request
) -> CommandResult:
    """颁发任命书（决定文号）。"""
    certificate = Certificate(**body.model_dump(exclude={"command_id"}))
    return _run(
        request,
        actor,
        appointment_id,
        body,
        "issue_certificate",
        lambda case, ctx: case.issue_certificate(certificate=certificate, ctx=ctx),
    )


@router.post(
    "/{appointment_id}/performance-review", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)]
)
def review_performance(
    appointment_id: UUID, body: PerformanceReviewCreate, actor: CurrentActor, request: Request
) -> CommandResult:
    """任后年度述职评议：满意、基本满意为通过；不满意的限期整改、次年再评，第二次不满意即提出质询案。"""
    return _run(
        request,
        actor,
        appointment_id,
        body,
        "review_performance",
        lambda case, ctx: case.review_performance(
            year=body.year, reviewed_on=body.reviewed_on, result=body.result, note=body.note, ctx=ctx
        ),
    )
