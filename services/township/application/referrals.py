"""Use cases on referrals (分流转办): each loads the referral, runs one of its commands, and saves.

The rules and their refusals are the Referral aggregate's; these say only what to load and under which
ids, so that a resent request or a redelivered event acts once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import NAMESPACE_URL, uuid5

from services.township.application.context import TownshipContext
from services.township.domain.referral import Referral
from services.township.domain.route_deputy import ROUTES_THROUGH_A_DEPUTY
from shared.aggregate import Recorded

if TYPE_CHECKING:
    # The commands module maps its classes to these handlers, so here they are names for the types only.
    from services.township.application.commands import (
        AnswerFromSuggestion,
        AnswerReferral,
        CloseReferral,
        MergeReferral,
        OpenReferral,
        RouteReferral,
    )

# Referral ids derive from the referred opinion's event, so redelivery opens nothing twice.
INTAKE_SCOPE = uuid5(NAMESPACE_URL, "renda:township:intake")


def open_referral(command: OpenReferral, ctx: TownshipContext) -> Recorded:
    """Open the referral for a station's `OpinionReferred` (idempotent: once per referred opinion)."""
    referred = command.referred
    payload = referred.payload
    return ctx.commands.create(
        lambda referral_id, command_ctx: Referral.open(
            referral_id=referral_id,
            opinion_id=referred.aggregate_id,
            station_id=payload.station_id,
            station_region_code=referred.region_code,
            township_region_code=payload.township_region_code,
            category=payload.category,
            content=payload.content,
            content_sealed=payload.content_sealed,
            voter=payload.voter,
            opinion_recorded_at=payload.recorded_at,
            answer_due=payload.answer_due,
            due_is_provisional=payload.due_is_provisional,
            ctx=command_ctx,
        ),
        actor=ctx.actor,
        occurred_at=referred.occurred_at,
        command_id=referred.event_id,
        scope=INTAKE_SCOPE,
        kind="open_referral",
        causation_id=referred.event_id,
    )


def route_referral(command: RouteReferral, ctx: TownshipContext) -> Recorded:
    """Route a referral (交办/转办); the city and suggestion routes go through a deputy on the roster."""
    deputy = None
    if command.route in ROUTES_THROUGH_A_DEPUTY and command.deputy_id is not None:
        deputy = ctx.reads.route_deputy(command.deputy_id)
    return ctx.commands.update(
        Referral,
        command.referral_id,
        lambda referral, command_ctx: referral.route(
            route=command.route,
            routed_to=command.routed_to,
            deputy_id=command.deputy_id,
            note=command.note,
            deputy=deputy,
            ctx=command_ctx,
        ),
        actor=ctx.actor,
        command_id=command.command_id,
        kind="route_referral",
    )


def merge_referral(command: MergeReferral, ctx: TownshipContext) -> Recorded:
    """Handle a referral with a duplicate (并案), which must itself be neither merged nor finished."""
    ctx.commands.load(Referral, command.into).require_open_to_merges()
    return ctx.commands.update(
        Referral,
        command.referral_id,
        lambda referral, command_ctx: referral.merge_into(other=command.into, ctx=command_ctx),
        actor=ctx.actor,
        command_id=command.command_id,
        kind="merge_referral",
    )


def answer_referral(command: AnswerReferral, ctx: TownshipContext) -> Recorded:
    """Answer the voter."""
    return ctx.commands.update(
        Referral,
        command.referral_id,
        lambda referral, command_ctx: referral.answer(
            answer=command.answer, answered_by=command.answered_by, ctx=command_ctx
        ),
        actor=ctx.actor,
        command_id=command.command_id,
        kind="answer_referral",
    )


def answer_from_suggestion(command: AnswerFromSuggestion, ctx: TownshipContext) -> Recorded:
    """Answer a referral from the reply to the suggestion it became; nothing recorded when it was answered already."""
    replied = command.replied
    referral = ctx.commands.load(Referral, command.referral_id)
    if not referral.awaits_answer:
        return Recorded(aggregate_id=referral.id, version=referral.version)
    return ctx.commands.update(
        Referral,
        referral.id,
        lambda target, command_ctx: target.answer_from_suggestion(
            result=replied.payload.result,
            reply=replied.payload.text,
            unit_name=replied.payload.unit_name,
            ctx=command_ctx,
        ),
        actor=ctx.actor,
        occurred_at=replied.occurred_at,
        command_id=replied.event_id,
        kind="answer_from_suggestion",
    )


def close_referral(command: CloseReferral, ctx: TownshipContext) -> Recorded:
    """Close as solved, or leave in coordination with the reason."""
    return ctx.commands.update(
        Referral,
        command.referral_id,
        lambda referral, command_ctx: referral.close(outcome=command.outcome, reason=command.reason, ctx=command_ctx),
        actor=ctx.actor,
        command_id=command.command_id,
        kind="close_referral",
    )
