"""Suggestion commands by role (代表建议办理): county staff steer, handling units answer, deputies submit and rate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from services.county.api.actors import deputy_of, unit_of
from services.county.application.suggestions import (
    Guard,
    Step,
    act_on_suggestion,
    assign_suggestion,
    load_existing,
    submit_suggestion,
)
from services.county.domain.deputy import Deputy
from services.county.domain.suggestion import Reply, Submission, Suggestion
from services.county.domain.suggestion_rules import NotTheLeadDeputyError
from shared.aggregate import CommandContext
from shared.api.schemas import CommandResult
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.errors import ForbiddenError
from shared.events.catalog.suggestion import (
    AspectRatings,
    ContactMethod,
    ContactStage,
    NotAcceptedGround,
    ReplyResult,
    ReviewDecision,
    SessionPeriod,
    SuggestionCategory,
    SupervisionKind,
)
from shared.readmodel.holidays import working_day_calendar

router = APIRouter(prefix="/api/v1/suggestions", tags=["suggestions"])


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID | None = Field(default=None, description="客户端生成的命令编号：重发时返回首次结果")


class SuggestionCreate(_Command):
    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20000)
    lead_deputy_id: UUID
    co_signer_ids: list[UUID] = Field(default_factory=list, max_length=100)
    period: SessionPeriod
    term: int = Field(ge=1, le=99)
    session_label: str = Field(default="", max_length=100)


class ReviewCreate(_Command):
    decision: ReviewDecision
    ground: NotAcceptedGround | None = None
    note: str = Field(default="", max_length=2000)


class RevisionCreate(_Command):
    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20000)


class WithdrawalCreate(_Command):
    reason: str = Field(default="", max_length=2000)


class RegistrationCreate(_Command):
    number: str = Field(min_length=1, max_length=30)
    category: SuggestionCategory
    is_key: bool = False


class AssignmentCreate(_Command):
    lead_unit_id: UUID
    co_unit_ids: list[UUID] = Field(default_factory=list, max_length=20)
    leader: str = Field(min_length=1, max_length=50)


class MergeCreate(_Command):
    merged_with: UUID


class ReturnCreate(_Command):
    reason: str = Field(min_length=1, max_length=2000)


class ExtensionCreate(_Command):
    months: int = Field(ge=1, le=3)
    reason: str = Field(min_length=1, max_length=2000)


class ExtensionDecisionCreate(_Command):
    decision: Literal["approve", "decline"]
    reason: str = Field(default="", max_length=2000)


class ContactCreate(_Command):
    stage: ContactStage
    method: ContactMethod
    contacted_on: date
    note: str = Field(default="", max_length=2000)


class CoOpinionCreate(_Command):
    opinion: str = Field(min_length=1, max_length=5000)


class ReplyDraftCreate(_Command):
    result: ReplyResult
    text: str = Field(min_length=1, max_length=20000)


class ReplyCreate(_Command):
    result: ReplyResult
    text: str = Field(min_length=1, max_length=20000)
    signed_by: str = Field(min_length=1, max_length=50, description="签发人")
    received_by: str = Field(min_length=1, max_length=50, description="签收人")
    received_by_deputy: bool = Field(description="代表本人签收；否则为代签")


class OnSiteCheckCreate(_Command):
    checked_on: date
    note: str = Field(default="", max_length=2000)


class RatingCreate(_Command):
    aspects: AspectRatings


class CloseCreate(_Command):
    note: str = Field(default="", max_length=2000)


class FollowUpCreate(_Command):
    visited_on: date
    implemented: bool
    note: str = Field(default="", max_length=2000)


class LookBackCreate(_Command):
    year: int = Field(ge=2000, le=2100)


class SupervisionCreate(_Command):
    kind: SupervisionKind
    supervised_by: str = Field(min_length=1, max_length=100)
    note: str = Field(default="", max_length=2000)


def _runtime(request: Request) -> Any:
    return request.app.state.runtime


def _staff(actor: Actor, step: str, *, deputy_may: bool = False) -> Guard:
    """County staff act inside their region; with `deputy_may`, the lead deputy may act on their own suggestion.

    The role is checked at once; the region or the ownership against the suggestion as the step reads it.
    """
    if deputy_may and actor.role is Role.DEPUTY:
        deputy_id = deputy_of(actor)

        def own(case: Suggestion) -> None:
            if case.lead_deputy_id != deputy_id:
                raise ForbiddenError("只能对本人领衔的建议执行此操作", field="suggestion_id")

        return own
    require_role(actor, Role.COUNTY_STAFF, action=step)
    return lambda case: require_region(actor, case.region_code, action=step)


def _within_region(actor: Actor) -> Callable[[Deputy], None]:
    """Staff enter a suggestion only for a deputy resident in their region."""
    return lambda lead: require_region(actor, lead.region_code, action="submit_suggestion")


def _run(
    request: Request,
    actor: Actor,
    suggestion_id: UUID,
    body: _Command,
    step: str,
    command: Step,
    *,
    guard: Guard | None = None,
) -> CommandResult:
    recorded = act_on_suggestion(
        _runtime(request).commands,
        actor=actor.id,
        suggestion_id=suggestion_id,
        step=step,
        command=command,
        command_id=body.command_id,
        guard=guard,
    )
    return CommandResult.of(recorded)


def _calendar(request: Request) -> Any:
    return working_day_calendar(_runtime(request).engine)


@router.post("", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF, Role.DEPUTY)])
def submit(body: SuggestionCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """提出建议：代表本人提交，或县人大工作人员代为录入（大会期间）。"""
    require_role(actor, Role.COUNTY_STAFF, Role.DEPUTY, action="submit_suggestion")
    if actor.role is Role.DEPUTY and actor.deputy_id != body.lead_deputy_id:
        raise ForbiddenError("代表只能以本人为领衔代表提出建议", field="lead_deputy_id")
    submission = Submission(
        title=body.title,
        content=body.content,
        lead_deputy_id=body.lead_deputy_id,
        co_signer_ids=tuple(body.co_signer_ids),
        period=body.period,
        term=body.term,
        session_label=body.session_label,
    )
    recorded = submit_suggestion(
        _runtime(request).commands,
        actor=actor.id,
        submission=submission,
        calendar=_calendar(request),
        command_id=body.command_id,
        guard=_within_region(actor) if actor.role is Role.COUNTY_STAFF else None,
    )
    return CommandResult.of(recorded)


@router.post("/{suggestion_id}/review", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def review(suggestion_id: UUID, body: ReviewCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """逐件审查：立案、退回修改、建议撤回，或不作为建议（须说明理由）。"""
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "review",
        lambda s, ctx: s.review(decision=body.decision, ground=body.ground, note=body.note, ctx=ctx),
        guard=_staff(actor, "review"),
    )


@router.post(
    "/{suggestion_id}/revise", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF, Role.DEPUTY)]
)
def revise(suggestion_id: UUID, body: RevisionCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """按审查意见修改后重新提交。"""
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "revise",
        lambda s, ctx: s.revise(title=body.title, content=body.content, ctx=ctx),
        guard=_staff(actor, "revise", deputy_may=True),
    )


@router.post(
    "/{suggestion_id}/withdraw", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF, Role.DEPUTY)]
)
def withdraw(suggestion_id: UUID, body: WithdrawalCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """代表撤回建议（办结前均可）。"""
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "withdraw",
        lambda s, ctx: s.withdraw(reason=body.reason, ctx=ctx),
        guard=_staff(actor, "withdraw", deputy_may=True),
    )


@router.post("/{suggestion_id}/register", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def register(suggestion_id: UUID, body: RegistrationCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """登记：编号、分类、是否重点建议。"""
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "register",
        lambda s, ctx: s.register(number=body.number, category=body.category, is_key=body.is_key, ctx=ctx),
        guard=_staff(actor, "register"),
    )


@router.post("/{suggestion_id}/assign", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def assign(suggestion_id: UUID, body: AssignmentCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """交办：主办、协办单位和分管领导；按现行分类规则确定督办工作机构。"""
    recorded = assign_suggestion(
        _runtime(request).commands,
        actor=actor.id,
        suggestion_id=suggestion_id,
        lead_unit_id=body.lead_unit_id,
        co_unit_ids=tuple(body.co_unit_ids),
        leader=body.leader,
        calendar=_calendar(request),
        command_id=body.command_id,
        guard=_staff(actor, "assign"),
    )
    return CommandResult.of(recorded)


@router.post("/{suggestion_id}/merge", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def merge(suggestion_id: UUID, body: MergeCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """并案办理（仍逐一答复各位代表）。"""
    guard = _staff(actor, "merge")
    guard(load_existing(_runtime(request).commands, Suggestion, body.merged_with, field="merged_with", what="建议"))
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "merge",
        lambda s, ctx: s.merge_with(other=body.merged_with, ctx=ctx),
        guard=guard,
    )


@router.post(
    "/{suggestion_id}/extension/decision", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)]
)
def decide_extension(
    suggestion_id: UUID, body: ExtensionDecisionCreate, actor: CurrentActor, request: Request
) -> CommandResult:
    """审批延期申请（答复期限最长为交办之日起6个月）。"""
    guard = _staff(actor, "decide_extension")
    calendar = _calendar(request)

    def decide(s: Suggestion, ctx: CommandContext) -> None:
        if body.decision == "approve":
            s.approve_extension(calendar=calendar, ctx=ctx)
        else:
            s.decline_extension(reason=body.reason, ctx=ctx)

    return _run(request, actor, suggestion_id, body, "decide_extension", decide, guard=guard)


@router.post("/{suggestion_id}/close", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def close(suggestion_id: UUID, body: CloseCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """办结（须在代表测评之后）。"""
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "close",
        lambda s, ctx: s.close(note=body.note, ctx=ctx),
        guard=_staff(actor, "close"),
    )


@router.post("/{suggestion_id}/follow-up", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def follow_up(suggestion_id: UUID, body: FollowUpCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """办结后回访代表，记录承诺事项是否落实。"""
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "follow_up",
        lambda s, ctx: s.follow_up(visited_on=body.visited_on, implemented=body.implemented, note=body.note, ctx=ctx),
        guard=_staff(actor, "follow_up"),
    )


@router.post("/{suggestion_id}/look-back", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def look_back(suggestion_id: UUID, body: LookBackCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """重点建议列入次年“回头看”。"""
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "select_for_look_back",
        lambda s, ctx: s.select_for_look_back(year=body.year, ctx=ctx),
        guard=_staff(actor, "select_for_look_back"),
    )


@router.post(
    "/{suggestion_id}/supervise", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF, Role.DEPUTY)]
)
def supervise(suggestion_id: UUID, body: SupervisionCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """督办：电话催办、上门督办、会议督办、视察（县人大或领衔代表）。"""
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "supervise",
        lambda s, ctx: s.supervise(kind=body.kind, supervised_by=body.supervised_by, note=body.note, ctx=ctx),
        guard=_staff(actor, "supervise", deputy_may=True),
    )


def _as_unit(actor: Actor, step: str) -> UUID:
    require_role(actor, Role.HANDLING_UNIT, action=step)
    return unit_of(actor)


@router.post("/{suggestion_id}/return", response_model=CommandResult, dependencies=[allow(Role.HANDLING_UNIT)])
def return_to_county(suggestion_id: UUID, body: ReturnCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """承办单位退回（交办后7个工作日内，说明理由）。"""
    unit_id = _as_unit(actor, "return")
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "return",
        lambda s, ctx: s.return_to_county(unit_id=unit_id, reason=body.reason, ctx=ctx),
    )


@router.post("/{suggestion_id}/extension", response_model=CommandResult, dependencies=[allow(Role.HANDLING_UNIT)])
def request_extension(
    suggestion_id: UUID, body: ExtensionCreate, actor: CurrentActor, request: Request
) -> CommandResult:
    """主办单位申请延期答复。"""
    unit_id = _as_unit(actor, "request_extension")
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "request_extension",
        lambda s, ctx: s.request_extension(unit_id=unit_id, months=body.months, reason=body.reason, ctx=ctx),
    )


@router.post("/{suggestion_id}/contacts", response_model=CommandResult, dependencies=[allow(Role.HANDLING_UNIT)])
def log_contact(suggestion_id: UUID, body: ContactCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """记录与代表的沟通（办前、办中、办后）。"""
    unit_id = _as_unit(actor, "log_contact")
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "log_contact",
        lambda s, ctx: s.log_contact(
            unit_id=unit_id,
            stage=body.stage,
            method=body.method,
            contacted_on=body.contacted_on,
            note=body.note,
            ctx=ctx,
        ),
    )


@router.post("/{suggestion_id}/co-opinion", response_model=CommandResult, dependencies=[allow(Role.HANDLING_UNIT)])
def give_co_opinion(suggestion_id: UUID, body: CoOpinionCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """协办单位向主办单位提出协办意见。"""
    unit_id = _as_unit(actor, "give_co_opinion")
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "give_co_opinion",
        lambda s, ctx: s.give_co_opinion(unit_id=unit_id, opinion=body.opinion, ctx=ctx),
    )


@router.post("/{suggestion_id}/reply-draft", response_model=CommandResult, dependencies=[allow(Role.HANDLING_UNIT)])
def draft_reply(suggestion_id: UUID, body: ReplyDraftCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """拟写答复函（草稿，不计为答复）。"""
    unit_id = _as_unit(actor, "draft_reply")
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "draft_reply",
        lambda s, ctx: s.draft_reply(unit_id=unit_id, result=body.result, text=body.text, ctx=ctx),
    )


@router.post("/{suggestion_id}/reply", response_model=CommandResult, dependencies=[allow(Role.HANDLING_UNIT)])
def reply(suggestion_id: UUID, body: ReplyCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """正式答复代表：答复类别、签发人、签收人（是否代签）。"""
    unit_id = _as_unit(actor, "reply")
    letter = Reply(
        result=body.result,
        text=body.text,
        signed_by=body.signed_by,
        received_by=body.received_by,
        received_by_deputy=body.received_by_deputy,
    )
    return _run(
        request, actor, suggestion_id, body, "reply", lambda s, ctx: s.reply(unit_id=unit_id, letter=letter, ctx=ctx)
    )


@router.post(
    "/{suggestion_id}/on-site-check", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF, Role.DEPUTY)]
)
def check_on_site(suggestion_id: UUID, body: OnSiteCheckCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """代表实地察看办理情况。"""
    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "check_on_site",
        lambda s, ctx: s.check_on_site(checked_on=body.checked_on, note=body.note, ctx=ctx),
        guard=_staff(actor, "check_on_site", deputy_may=True),
    )


@router.post("/{suggestion_id}/rating", response_model=CommandResult, dependencies=[allow(Role.DEPUTY)])
def rate(suggestion_id: UUID, body: RatingCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """领衔代表本人测评答复（六个方面）；不满意的转入重新办理。"""
    require_role(actor, Role.DEPUTY, action="rate")
    deputy_id = deputy_of(actor)
    calendar = _calendar(request)

    def own(case: Suggestion) -> None:
        # Before the state is looked at, so another deputy learns nothing about the suggestion.
        if case.lead_deputy_id != deputy_id:
            raise NotTheLeadDeputyError(field="suggestion_id")

    return _run(
        request,
        actor,
        suggestion_id,
        body,
        "rate",
        lambda s, ctx: s.rate(deputy_id=deputy_id, aspects=body.aspects, calendar=calendar, ctx=ctx),
        guard=own,
    )
