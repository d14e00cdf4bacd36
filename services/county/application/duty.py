"""Use cases on the duty record: activities recorded once for all who attended, the points rule set, reviews."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.county.application.suggestions import load_existing
from services.county.domain.deputy import Deputy
from services.county.domain.duty_activity import DutyActivity
from services.county.domain.duty_record import DutyRecord, duty_record_id
from services.county.domain.points import PointsRuleSet, points_rule_set_id
from shared.aggregate import Recorded
from shared.application import Commands
from shared.errors import ConflictError
from shared.events.catalog.duty import DutyActivityKind, PointsCategory, ReviewStage, ReviewVerdict


class NotServingThenError(ConflictError):
    """Raised when an activity lists a deputy who was not in office the day it was held."""

    code = "DEPUTY_NOT_SERVING_THEN"
    message = "活动当日该代表不在任"


@dataclass(frozen=True)
class Activity:
    """What the organising body records about an activity."""

    kind: DutyActivityKind
    title: str
    held_on: date
    organiser: str
    attended: tuple[UUID, ...]
    excused: tuple[UUID, ...] = ()


def record_duty_activity(
    commands: Commands,
    *,
    actor: str,
    activity: Activity,
    region_code: str,
    command_id: UUID | None = None,
    guard: Callable[[Deputy], None] | None = None,
) -> Recorded:
    """Record an activity once; every deputy named must be on the roster and in office that day.

    `guard` sees each deputy as stored, for the caller's region check.
    """
    for field, deputy_ids in (("attended", activity.attended), ("excused", activity.excused)):
        for deputy_id in deputy_ids:
            deputy = load_existing(commands, Deputy, deputy_id, field=field, what="代表")
            if guard is not None:
                guard(deputy)
            if not deputy.served_on(activity.held_on):
                raise NotServingThenError(f"{activity.held_on} 时{deputy.name}代表不在任", field=field)
    return commands.create(
        lambda activity_id, ctx: DutyActivity.record(
            activity_id=activity_id,
            kind=activity.kind,
            title=activity.title,
            held_on=activity.held_on,
            organiser=activity.organiser,
            attended=activity.attended,
            excused=activity.excused,
            region_code=region_code,
            ctx=ctx,
        ),
        actor=actor,
        command_id=command_id,
        kind="record_duty_activity",
    )


@dataclass(frozen=True)
class RuleSetDraft:
    """A rule set as the county writes it, before it gets its version."""

    name: str
    effective_from_year: int
    categories: tuple[PointsCategory, ...]
    excellent_from: float
    competent_from: float
    talk_below: float
    non_renomination_below: float


def load_points_rule_set(commands: Commands, *, county_region_code: str) -> PointsRuleSet:
    """The county's rule set with every version published so far (none yet: an empty one)."""
    rule_id = points_rule_set_id(county_region_code)
    if commands.store.exists(rule_id):
        return commands.load(PointsRuleSet, rule_id)
    return PointsRuleSet.start(county_region_code=county_region_code)


def publish_points_rule_set(
    commands: Commands, *, actor: str, county_region_code: str, draft: RuleSetDraft
) -> Recorded:
    """Publish the next version of the county's 履职积分办法."""
    rules = load_points_rule_set(commands, county_region_code=county_region_code)
    rules.publish(
        name=draft.name,
        effective_from_year=draft.effective_from_year,
        categories=draft.categories,
        excellent_from=draft.excellent_from,
        competent_from=draft.competent_from,
        talk_below=draft.talk_below,
        non_renomination_below=draft.non_renomination_below,
        region_code=county_region_code,
        ctx=commands.context(actor=actor),
    )
    return commands.store.save(rules)[0]


@dataclass(frozen=True)
class Review:
    """A review of some of a deputy's entries of a year at one stage."""

    deputy_id: UUID
    year: int
    stage: ReviewStage
    verdict: ReviewVerdict
    entry_ids: tuple[UUID, ...]
    note: str = ""


def review_duty_entries(commands: Commands, *, actor: str, review: Review, region_code: str) -> Recorded:
    """Review entries the caller has checked belong to the deputy and the year; stages go in order."""
    record_id = duty_record_id(review.deputy_id, review.year)
    if commands.store.exists(record_id):
        record = commands.load(DutyRecord, record_id)
    else:
        record = DutyRecord.start(deputy_id=review.deputy_id, year=review.year)
    record.review(
        deputy_id=review.deputy_id,
        year=review.year,
        stage=review.stage,
        verdict=review.verdict,
        entry_ids=review.entry_ids,
        note=review.note,
        region_code=region_code,
        ctx=commands.context(actor=actor),
    )
    return commands.store.save(record)[0]
