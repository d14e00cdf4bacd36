"""Use cases on referrals (分流转办)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from services.township.domain.referral import Referral, ReferralStatus
from shared.errors import ConflictError, ValidationFailedError
from shared.events.catalog.county import DeputyLevel


class MergeTargetUnavailableError(ConflictError):
    """Raised when a referral is merged into one that is merged, answered or closed."""

    code = "MERGE_TARGET_UNAVAILABLE"
    message = "并案的主件须尚在办理中"


from shared.aggregate import Recorded
from shared.application import Commands
from shared.events.catalog.township import ReferralOutcome, ReferralRoute
from shared.events.envelope import Envelope

INTAKE_ACTOR = "system:intake"
# Referral ids derive from the referred opinion's event, so redelivery opens nothing twice.
INTAKE_SCOPE = uuid5(NAMESPACE_URL, "renda:township:intake")


def open_from_station(commands: Commands, referred: Envelope[Any]) -> Recorded:
    """Open the referral for a station's `OpinionReferred` (idempotent: once per referred opinion)."""
    payload = referred.payload
    return commands.create(
        lambda referral_id, ctx: Referral.open(
            referral_id=referral_id,
            opinion_id=referred.aggregate_id,
            station_id=payload.station_id,
            station_region_code=referred.region_code,
            township_region_code=payload.township_region_code,
            category=payload.category,
            content=payload.content,
            voter=payload.voter,
            opinion_recorded_at=payload.recorded_at,
            answer_due=payload.answer_due,
            due_is_provisional=payload.due_is_provisional,
            ctx=ctx,
        ),
        actor=INTAKE_ACTOR,
        occurred_at=referred.occurred_at,
        command_id=referred.event_id,
        scope=INTAKE_SCOPE,
        kind="open_referral",
        causation_id=referred.event_id,
    )


OUTCOME_ACTOR = "system:suggestion-outcome"
RESULT_LABELS = {"solved": "已解决", "in_progress": "正在解决", "planned": "列入计划", "for_reference": "留作参考"}


def answer_from_suggestion(commands: Commands, *, replied: Envelope[Any]) -> Recorded | None:
    """Answer a referral from the reply to the suggestion it became; nothing when it was answered already."""
    payload = replied.payload
    referral = commands.load(Referral, payload.source_referral_id)
    if referral.answered or referral.status is ReferralStatus.CLOSED:
        return None
    answer = f"代表建议已答复（{RESULT_LABELS[payload.result.value]}）：{payload.text}"
    return commands.update(
        Referral,
        referral.id,
        lambda target, ctx: target.answer(answer=answer[:5000], answered_by=payload.unit_name, ctx=ctx),
        actor=OUTCOME_ACTOR,
        occurred_at=replied.occurred_at,
        command_id=replied.event_id,
        kind="answer_from_suggestion",
    )


class NotACityDeputyError(ValidationFailedError):
    """Raised when an opinion is sent to the city through someone who is not a city-level deputy."""

    code = "NOT_A_CITY_DEPUTY"
    message = "转市级须通过市人大代表"


def route_referral(
    commands: Commands,
    *,
    actor: str,
    referral_id: UUID,
    route: ReferralRoute,
    routed_to: str,
    deputy_id: UUID | None,
    note: str,
    command_id: UUID | None = None,
    deputy_level: Callable[[UUID], str | None] = lambda _deputy: None,
) -> Recorded:
    """Route a referral (交办/转办); the city route goes through a city-level deputy on the roster."""
    if route is ReferralRoute.CITY and deputy_id is not None and deputy_level(deputy_id) != DeputyLevel.CITY.value:
        raise NotACityDeputyError(field="deputy_id")
    return commands.update(
        Referral,
        referral_id,
        lambda referral, ctx: referral.route(route=route, routed_to=routed_to, deputy_id=deputy_id, note=note, ctx=ctx),
        actor=actor,
        command_id=command_id,
        kind="route_referral",
    )


def merge_referral(
    commands: Commands, *, actor: str, referral_id: UUID, into: UUID, command_id: UUID | None = None
) -> Recorded:
    """Handle a referral with a duplicate (并案), which must itself be neither merged nor finished."""
    target = commands.load(Referral, into)
    if target.status in (ReferralStatus.MERGED, ReferralStatus.CLOSED) or target.answered:
        raise MergeTargetUnavailableError(field="into")
    return commands.update(
        Referral,
        referral_id,
        lambda referral, ctx: referral.merge_into(other=into, ctx=ctx),
        actor=actor,
        command_id=command_id,
        kind="merge_referral",
    )


def answer_referral(
    commands: Commands,
    *,
    actor: str,
    referral_id: UUID,
    answer: str,
    answered_by: str,
    command_id: UUID | None = None,
) -> Recorded:
    """Answer the voter."""
    return commands.update(
        Referral,
        referral_id,
        lambda referral, ctx: referral.answer(answer=answer, answered_by=answered_by, ctx=ctx),
        actor=actor,
        command_id=command_id,
        kind="answer_referral",
    )


def close_referral(
    commands: Commands,
    *,
    actor: str,
    referral_id: UUID,
    outcome: ReferralOutcome,
    reason: str,
    command_id: UUID | None = None,
) -> Recorded:
    """Close as solved, or leave in coordination with the reason."""
    return commands.update(
        Referral,
        referral_id,
        lambda referral, ctx: referral.close(outcome=outcome, reason=reason, ctx=ctx),
        actor=actor,
        command_id=command_id,
        kind="close_referral",
    )
