"""Suggestion commands by role (代表建议办理): county staff steer, handling units answer, deputies submit and rate."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from services.county.api.dispatch import run
from services.county.api.guards import (
    acting_deputy,
    acting_unit,
    assigned_unit,
    co_unit,
    county_staff,
    lead_unit,
    leads,
    staff_or_lead_deputy,
    within_region,
)
from services.county.application.suggestion_commands import (
    AssignmentCreate,
    AssignSuggestion,
    CheckOnSite,
    CloseCreate,
    CloseSuggestion,
    ContactCreate,
    CoOpinionCreate,
    DecideExtension,
    DraftReply,
    ExtensionCreate,
    ExtensionDecisionCreate,
    FollowUpCreate,
    FollowUpSuggestion,
    GiveCoOpinion,
    LogContact,
    LookBackCreate,
    MergeCreate,
    MergeSuggestion,
    OnSiteCheckCreate,
    RateSuggestion,
    RatingCreate,
    RegisterSuggestion,
    RegistrationCreate,
    ReplyCreate,
    ReplyDraftCreate,
    ReplyToSuggestion,
    RequestExtension,
    ReturnCreate,
    ReturnSuggestion,
    ReviewCreate,
    ReviewSuggestion,
    ReviseSuggestion,
    RevisionCreate,
    SelectForLookBack,
    SubmitSuggestion,
    SuperviseSuggestion,
    SupervisionCreate,
    WithdrawalCreate,
    WithdrawSuggestion,
)
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.auth import CurrentActor, Role, allow, require_role
from shared.errors import ForbiddenError

router = APIRouter(prefix="/api/v1/suggestions", tags=["suggestions"])

STAFF = [allow(Role.COUNTY_STAFF)]
STAFF_OR_DEPUTY = [allow(Role.COUNTY_STAFF, Role.DEPUTY)]
UNIT = [allow(Role.HANDLING_UNIT)]


@router.post("", status_code=201, response_model=CommandResult, dependencies=STAFF_OR_DEPUTY)
def submit(body: SubmitSuggestion, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """提出建议：代表本人提交，或县人大工作人员代为录入（大会期间）。"""
    require_role(actor, Role.COUNTY_STAFF, Role.DEPUTY, action=body.step)
    if actor.role is Role.DEPUTY and actor.deputy_id != body.lead_deputy_id:
        raise ForbiddenError("代表只能以本人为领衔代表提出建议", field="lead_deputy_id")
    # Staff enter a suggestion only for a deputy resident in their region, checked on the lead deputy as stored.
    guard = within_region(actor, body.step) if actor.role is Role.COUNTY_STAFF else None
    return run(runtime, actor, body, guard=guard)


@router.post("/{suggestion_id}/review", response_model=CommandResult, dependencies=STAFF)
def review(suggestion_id: UUID, body: ReviewCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """逐件审查：立案、退回修改、建议撤回，或不作为建议（须说明理由）。"""
    command = ReviewSuggestion.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=county_staff(actor, command.step))


@router.post("/{suggestion_id}/revise", response_model=CommandResult, dependencies=STAFF_OR_DEPUTY)
def revise(suggestion_id: UUID, body: RevisionCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """按审查意见修改后重新提交。"""
    command = ReviseSuggestion.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=staff_or_lead_deputy(actor, command.step))


@router.post("/{suggestion_id}/withdraw", response_model=CommandResult, dependencies=STAFF_OR_DEPUTY)
def withdraw(suggestion_id: UUID, body: WithdrawalCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """代表撤回建议（办结前均可）。"""
    command = WithdrawSuggestion.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=staff_or_lead_deputy(actor, command.step))


@router.post("/{suggestion_id}/register", response_model=CommandResult, dependencies=STAFF)
def register(suggestion_id: UUID, body: RegistrationCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """登记：编号、分类、是否重点建议。"""
    command = RegisterSuggestion.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=county_staff(actor, command.step))


@router.post("/{suggestion_id}/assign", response_model=CommandResult, dependencies=STAFF)
def assign(suggestion_id: UUID, body: AssignmentCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """交办：主办、协办单位和分管领导；按现行分类规则确定督办工作机构。"""
    command = AssignSuggestion.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=county_staff(actor, command.step))


@router.post("/{suggestion_id}/merge", response_model=CommandResult, dependencies=STAFF)
def merge(suggestion_id: UUID, body: MergeCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """并案办理（仍逐一答复各位代表）。"""
    command = MergeSuggestion.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=county_staff(actor, command.step))


@router.post("/{suggestion_id}/extension/decision", response_model=CommandResult, dependencies=STAFF)
def decide_extension(
    suggestion_id: UUID, body: ExtensionDecisionCreate, actor: CurrentActor, runtime: RuntimeDep
) -> CommandResult:
    """审批延期申请（答复期限最长为交办之日起6个月）。"""
    command = DecideExtension.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=county_staff(actor, command.step))


@router.post("/{suggestion_id}/close", response_model=CommandResult, dependencies=STAFF)
def close(suggestion_id: UUID, body: CloseCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """办结（须在代表测评之后）。"""
    command = CloseSuggestion.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=county_staff(actor, command.step))


@router.post("/{suggestion_id}/follow-up", response_model=CommandResult, dependencies=STAFF)
def follow_up(suggestion_id: UUID, body: FollowUpCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """办结后回访代表，记录承诺事项是否落实。"""
    command = FollowUpSuggestion.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=county_staff(actor, command.step))


@router.post("/{suggestion_id}/look-back", response_model=CommandResult, dependencies=STAFF)
def look_back(suggestion_id: UUID, body: LookBackCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """重点建议列入次年“回头看”。"""
    command = SelectForLookBack.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=county_staff(actor, command.step))


@router.post("/{suggestion_id}/supervise", response_model=CommandResult, dependencies=STAFF_OR_DEPUTY)
def supervise(suggestion_id: UUID, body: SupervisionCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """督办：电话催办、上门督办、会议督办、视察（县人大或领衔代表）。"""
    command = SuperviseSuggestion.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=staff_or_lead_deputy(actor, command.step))


@router.post("/{suggestion_id}/return", response_model=CommandResult, dependencies=UNIT)
def return_to_county(
    suggestion_id: UUID, body: ReturnCreate, actor: CurrentActor, runtime: RuntimeDep
) -> CommandResult:
    """承办单位退回（交办后7个工作日内，说明理由）。"""
    unit_id = acting_unit(actor, ReturnSuggestion.step)
    command = ReturnSuggestion.of(body, suggestion_id=suggestion_id, unit_id=unit_id)
    return run(runtime, actor, command, guard=lead_unit(unit_id))


@router.post("/{suggestion_id}/extension", response_model=CommandResult, dependencies=UNIT)
def request_extension(
    suggestion_id: UUID, body: ExtensionCreate, actor: CurrentActor, runtime: RuntimeDep
) -> CommandResult:
    """主办单位申请延期答复。"""
    unit_id = acting_unit(actor, RequestExtension.step)
    command = RequestExtension.of(body, suggestion_id=suggestion_id, unit_id=unit_id)
    return run(runtime, actor, command, guard=lead_unit(unit_id))


@router.post("/{suggestion_id}/contacts", response_model=CommandResult, dependencies=UNIT)
def log_contact(suggestion_id: UUID, body: ContactCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """记录与代表的沟通（办前、办中、办后）。"""
    unit_id = acting_unit(actor, LogContact.step)
    command = LogContact.of(body, suggestion_id=suggestion_id, unit_id=unit_id)
    return run(runtime, actor, command, guard=assigned_unit(unit_id))


@router.post("/{suggestion_id}/co-opinion", response_model=CommandResult, dependencies=UNIT)
def give_co_opinion(
    suggestion_id: UUID, body: CoOpinionCreate, actor: CurrentActor, runtime: RuntimeDep
) -> CommandResult:
    """协办单位向主办单位提出协办意见。"""
    unit_id = acting_unit(actor, GiveCoOpinion.step)
    command = GiveCoOpinion.of(body, suggestion_id=suggestion_id, unit_id=unit_id)
    return run(runtime, actor, command, guard=co_unit(unit_id))


@router.post("/{suggestion_id}/reply-draft", response_model=CommandResult, dependencies=UNIT)
def draft_reply(suggestion_id: UUID, body: ReplyDraftCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """拟写答复函（草稿，不计为答复）。"""
    unit_id = acting_unit(actor, DraftReply.step)
    command = DraftReply.of(body, suggestion_id=suggestion_id, unit_id=unit_id)
    return run(runtime, actor, command, guard=lead_unit(unit_id))


@router.post("/{suggestion_id}/reply", response_model=CommandResult, dependencies=UNIT)
def reply(suggestion_id: UUID, body: ReplyCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """正式答复代表：答复类别、签发人、签收人（是否代签）。"""
    unit_id = acting_unit(actor, ReplyToSuggestion.step)
    command = ReplyToSuggestion.of(body, suggestion_id=suggestion_id, unit_id=unit_id)
    return run(runtime, actor, command, guard=lead_unit(unit_id))


@router.post("/{suggestion_id}/on-site-check", response_model=CommandResult, dependencies=STAFF_OR_DEPUTY)
def check_on_site(
    suggestion_id: UUID, body: OnSiteCheckCreate, actor: CurrentActor, runtime: RuntimeDep
) -> CommandResult:
    """代表实地察看办理情况。"""
    command = CheckOnSite.of(body, suggestion_id=suggestion_id)
    return run(runtime, actor, command, guard=staff_or_lead_deputy(actor, command.step))


@router.post("/{suggestion_id}/rating", response_model=CommandResult, dependencies=[allow(Role.DEPUTY)])
def rate(suggestion_id: UUID, body: RatingCreate, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """领衔代表本人测评答复（六个方面）；不满意的转入重新办理。"""
    deputy_id = acting_deputy(actor, RateSuggestion.step)
    command = RateSuggestion.of(body, suggestion_id=suggestion_id, deputy_id=deputy_id)
    return run(runtime, actor, command, guard=leads(deputy_id))
