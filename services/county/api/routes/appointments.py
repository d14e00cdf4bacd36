"""Appointment commands (人事任免): county staff walk a case from the request to the oath and the yearly reviews."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from services.county.api.dispatch import record, run
from services.county.api.guards import county_staff
from services.county.application.appointment_commands import (
    AuditCreate,
    BallotCreate,
    CertificateCreate,
    CompleteAudit,
    ExamCreate,
    HoldOathCeremony,
    HoldPreTalk,
    IntroduceAppointee,
    IntroductionCreate,
    IssueCertificate,
    MakeStatement,
    NoticeCreate,
    PerformanceReviewCreate,
    PreTalkCreate,
    PublishNotice,
    RecordBallot,
    RequestAppointment,
    ReviewPerformance,
    StatementCreate,
    TakeExamBatch,
    TakeLawExam,
    VetAppointment,
    VettingCreate,
)
from services.county.application.command_kinds import CountyCommand, RecordedGroup
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.auth import Actor, CurrentActor, Role, allow, require_role
from shared.runtime import ServiceRuntime

router = APIRouter(prefix="/api/v1/appointments", tags=["appointments"])

STAFF = [allow(Role.COUNTY_STAFF)]


class GroupResult(BaseModel):
    """What a batch command returns: the batch's or ceremony's id and each case's result."""

    id: UUID
    results: list[CommandResult]


def _as_staff(runtime: ServiceRuntime, actor: Actor, command: CountyCommand) -> CommandResult:
    """County staff only, checked at once; their region against the case as the step reads it."""
    return run(runtime, actor, command, guard=county_staff(actor, command.step))


def _group(runtime: ServiceRuntime, actor: Actor, command: CountyCommand) -> GroupResult:
    """County staff only; their region against every case the command names, before anything is stored."""
    recorded = record(RecordedGroup, runtime, actor, command, guard=county_staff(actor, command.step))
    return GroupResult(id=recorded.aggregate_id, results=[CommandResult.of(case) for case in recorded.results])


@router.post("", status_code=201, response_model=CommandResult, dependencies=STAFF)
def request_case(body: RequestAppointment, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """提请任免：任命、免职、辞职、撤职，附推荐机关和考察材料；案件属于录入人员所在县。"""
    require_role(actor, Role.COUNTY_STAFF, action=body.step)
    return run(runtime, actor, body)


@router.post("/exam-batches", status_code=201, response_model=GroupResult, dependencies=STAFF)
def take_exam_batch_route(body: TakeExamBatch, actor: CurrentActor, runtime: RuntimeDep) -> GroupResult:
    """任前法律知识考试（一批多人）：逐人检查后一并记录，任何一人不符合则全部不记录。"""
    return _group(runtime, actor, body)


@router.post("/oath-ceremonies", status_code=201, response_model=GroupResult, dependencies=STAFF)
def hold_oath_ceremony_route(body: HoldOathCeremony, actor: CurrentActor, runtime: RuntimeDep) -> GroupResult:
    """宪法宣誓仪式：一次仪式可为多人监誓；任何一人不符合则全部不记录。"""
    return _group(runtime, actor, body)


@router.post("/{appointment_id}/vet", response_model=CommandResult, dependencies=STAFF)
def vet(appointment_id: UUID, body: VettingCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """主任会议任前审查：确定是否需要任前座谈、任前公示（天数）、任前经济责任审计。"""
    return _as_staff(runtime, actor, VetAppointment.of(body, appointment_id=appointment_id))


@router.post("/{appointment_id}/pre-talk", response_model=CommandResult, dependencies=STAFF)
def hold_pre_talk(appointment_id: UUID, body: PreTalkCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """任前座谈。"""
    return _as_staff(runtime, actor, HoldPreTalk.of(body, appointment_id=appointment_id))


@router.post("/{appointment_id}/notice", response_model=CommandResult, dependencies=STAFF)
def publish_notice(appointment_id: UUID, body: NoticeCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """发布任前公示；公示期按审查确定的天数自发布之日起计算。"""
    return _as_staff(runtime, actor, PublishNotice.of(body, appointment_id=appointment_id))


@router.post("/{appointment_id}/audit", response_model=CommandResult, dependencies=STAFF)
def complete_audit(appointment_id: UUID, body: AuditCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """任前经济责任审计完成。"""
    return _as_staff(runtime, actor, CompleteAudit.of(body, appointment_id=appointment_id))


@router.post("/{appointment_id}/exam", response_model=CommandResult, dependencies=STAFF)
def take_exam(appointment_id: UUID, body: ExamCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """单人参加任前法律知识考试（如暂缓任命后补考）；不合格的暂缓任命。"""
    return _as_staff(runtime, actor, TakeLawExam.of(body, appointment_id=appointment_id))


@router.post("/{appointment_id}/introduce", response_model=CommandResult, dependencies=STAFF)
def introduce(
    appointment_id: UUID, body: IntroductionCreate, actor: CurrentActor, runtime: RuntimeDep
) -> CommandResult:
    """提请机关向常委会会议作提请说明（须考试合格，并完成要求的座谈、审计）。"""
    return _as_staff(runtime, actor, IntroduceAppointee.of(body, appointment_id=appointment_id))


@router.post("/{appointment_id}/statement", response_model=CommandResult, dependencies=STAFF)
def make_statement(
    appointment_id: UUID, body: StatementCreate, actor: CurrentActor, runtime: RuntimeDep
) -> CommandResult:
    """拟任命人员作供职发言（表态发言）。"""
    return _as_staff(runtime, actor, MakeStatement.of(body, appointment_id=appointment_id))


@router.post("/{appointment_id}/ballot", response_model=CommandResult, dependencies=STAFF)
def take_ballot(appointment_id: UUID, body: BallotCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """无记名投票表决：赞成票超过常委会全体组成人员的半数为通过。"""
    return _as_staff(runtime, actor, RecordBallot.of(body, appointment_id=appointment_id))


@router.post("/{appointment_id}/certificate", response_model=CommandResult, dependencies=STAFF)
def issue_certificate(
    appointment_id: UUID, body: CertificateCreate, actor: CurrentActor, runtime: RuntimeDep
) -> CommandResult:
    """颁发任命书（决定文号）。"""
    return _as_staff(runtime, actor, IssueCertificate.of(body, appointment_id=appointment_id))


@router.post("/{appointment_id}/performance-review", response_model=CommandResult, dependencies=STAFF)
def review_performance(
    appointment_id: UUID, body: PerformanceReviewCreate, actor: CurrentActor, runtime: RuntimeDep
) -> CommandResult:
    """任后年度述职评议：满意、基本满意为通过；不满意的限期整改、次年再评，第二次不满意即提出质询案。"""
    return _as_staff(runtime, actor, ReviewPerformance.of(body, appointment_id=appointment_id))
