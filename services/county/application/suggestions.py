"""Use cases on suggestions (代表建议办理): thin — check what other aggregates must say, run one command, save."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from services.county.application.context import CountyContext
from services.county.application.steps import run_step
from services.county.application.suggestion_commands import (
    AssignSuggestion,
    SubmitSuggestion,
    TakeUpReferral,
)
from services.county.domain.deputy import Deputy, DeputyNotInOfficeError
from services.county.domain.handling_unit import HandlingUnit
from services.county.domain.routing_rule import RoutingRule, routing_rule_id
from services.county.domain.suggestion import Submission, Suggestion
from services.county.domain.suggestion_rules import UnitOfAnotherCountyError
from shared.aggregate import Aggregate, CommandContext, Recorded
from shared.application import Commands
from shared.calendar import WorkingDayCalendar
from shared.errors import NotFoundError
from shared.events.catalog.suggestion import SessionPeriod
from shared.events.region import county_of, is_within
from shared.eventstore import AggregateNotFoundError

A = TypeVar("A", bound=Aggregate)


def load_existing(commands: Commands, aggregate_cls: type[A], aggregate_id: UUID, *, field: str, what: str) -> A:
    """An aggregate of this type, or a NotFoundError naming the field that pointed to it."""
    try:
        return commands.load(aggregate_cls, aggregate_id)
    except AggregateNotFoundError:
        raise NotFoundError(f"{what}不存在", field=field) from None


def _require_deputies(commands: Commands, deputy_ids: Iterable[UUID], *, field: str) -> list[Deputy]:
    """Deputies on the roster and still in office: one who has left cannot lead or co-sign a suggestion."""
    deputies = [load_existing(commands, Deputy, deputy_id, field=field, what="代表") for deputy_id in deputy_ids]
    if any(not deputy.in_office for deputy in deputies):
        raise DeputyNotInOfficeError(field=field)
    return deputies


def deputy_term(commands: Commands, *, deputy_id: UUID) -> int:
    """The term (届) a deputy was elected for."""
    return load_existing(commands, Deputy, deputy_id, field="deputy_id", what="代表").term


def submit_suggestion(
    commands: Commands,
    *,
    actor: str,
    submission: Submission,
    calendar: WorkingDayCalendar,
    command_id: UUID | None = None,
    scope: UUID | None = None,
    occurred_at: datetime | None = None,
    causation_id: UUID | None = None,
    guard: Callable[[Deputy], None] | None = None,
) -> Recorded:
    """A lead deputy submits a suggestion; it belongs to the region where the lead deputy is resident.

    `guard` sees the lead deputy as stored, so a caller's check (the staff's region) costs no extra read.
    """
    [lead] = _require_deputies(commands, [submission.lead_deputy_id], field="lead_deputy_id")
    if guard is not None:
        guard(lead)
    _require_deputies(commands, submission.co_signer_ids, field="co_signer_ids")
    return commands.create(
        lambda suggestion_id, ctx: Suggestion.submit(
            suggestion_id=suggestion_id, submission=submission, region_code=lead.region_code, calendar=calendar, ctx=ctx
        ),
        actor=actor,
        command_id=command_id,
        scope=scope,
        kind="submit_suggestion",
        occurred_at=occurred_at,
        causation_id=causation_id,
    )


Step = Callable[[Suggestion, CommandContext], None]
Guard = Callable[[Suggestion], None]


def act_on_suggestion(
    commands: Commands,
    *,
    actor: str,
    suggestion_id: UUID,
    step: str,
    command: Step,
    command_id: UUID | None = None,
    occurred_at: datetime | None = None,
    guard: Guard | None = None,
) -> Recorded:
    """Run one step on a suggestion read once; `guard` checks the caller against it first.

    A resent command id returns the first result.
    """
    return run_step(
        commands,
        Suggestion,
        suggestion_id,
        actor=actor,
        step=step,
        command=command,
        missing=NotFoundError("建议不存在", field="suggestion_id"),
        command_id=command_id,
        occurred_at=occurred_at,
        guard=guard,
    )


def routing_rule_of(commands: Commands, *, region_code: str) -> RoutingRule:
    """The routing rule of the county a place lies in; with no version published, one that routes nothing."""
    rule_id = routing_rule_id(county_of(region_code))
    return commands.load(RoutingRule, rule_id) if commands.store.exists(rule_id) else RoutingRule.start(rule_id=rule_id)


def _require_units_of(suggestion: Suggestion, units: Iterable[HandlingUnit], *, field: str) -> None:
    if any(not is_within(suggestion.region_code, unit.region_code) for unit in units):
        raise UnitOfAnotherCountyError(field=field)


def assign_suggestion(
    commands: Commands,
    command: AssignSuggestion,
    *,
    actor: str,
    calendar: WorkingDayCalendar,
    occurred_at: datetime | None = None,
    guard: Guard | None = None,
) -> Recorded:
    """Assign (交办) to units of the suggestion's county, under the routing rule in force, recording its version."""
    lead = load_existing(commands, HandlingUnit, command.lead_unit_id, field="lead_unit_id", what="主办单位")
    co_units = [
        load_existing(commands, HandlingUnit, unit_id, field="co_unit_ids", what="协办单位")
        for unit_id in command.co_unit_ids
    ]

    def assign(target: Suggestion, ctx: CommandContext) -> None:
        # Each unit carries the county it was registered in; a suggestion is answered within its own county.
        _require_units_of(target, [lead], field="lead_unit_id")
        _require_units_of(target, co_units, field="co_unit_ids")
        target.assign(
            lead_unit_id=command.lead_unit_id,
            lead_unit_name=lead.name,
            vice_governor=lead.vice_governor,
            co_unit_ids=command.co_unit_ids,
            leader=command.leader,
            rule=routing_rule_of(commands, region_code=target.region_code),
            calendar=calendar,
            ctx=ctx,
        )

    return act_on_suggestion(
        commands,
        actor=actor,
        suggestion_id=command.suggestion_id,
        step=command.step,
        command=assign,
        command_id=command.command_id,
        occurred_at=occurred_at,
        guard=guard,
    )


def submit(command: SubmitSuggestion, ctx: CountyContext) -> Recorded:
    """A suggestion as its lead deputy (or the staff entering it) submits it; the caller's guard sees the lead."""
    return submit_suggestion(
        ctx.commands,
        actor=ctx.actor,
        submission=Submission(**command.facts()),
        calendar=ctx.calendar(),
        command_id=command.command_id,
        guard=ctx.check,
    )


def take_up_referral(command: TakeUpReferral, ctx: CountyContext) -> Recorded:
    """The suggestion a deputy takes up from a township referral, for the term the deputy was elected for."""
    submission = Submission(
        title=command.title,
        content=command.content,
        lead_deputy_id=command.lead_deputy_id,
        period=SessionPeriod.BETWEEN_SESSIONS,
        term=deputy_term(ctx.commands, deputy_id=command.lead_deputy_id),
        source_referral_id=command.referral_id,
        source_opinion_id=command.opinion_id,
    )
    return submit_suggestion(
        ctx.commands,
        actor=ctx.actor,
        submission=submission,
        calendar=ctx.calendar(),
        command_id=command.command_id,
        scope=ctx.scope,
        occurred_at=ctx.occurred_at,
        causation_id=ctx.causation_id,
    )


def assign(command: AssignSuggestion, ctx: CountyContext) -> Recorded:
    """Assign on the working-day calendar as loaded, the caller's guard checking the suggestion."""
    return assign_suggestion(
        ctx.commands, command, actor=ctx.actor, calendar=ctx.calendar(), occurred_at=ctx.occurred_at, guard=ctx.check
    )
