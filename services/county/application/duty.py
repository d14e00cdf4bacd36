"""Use cases on the duty record: activities recorded once for all who attended, the points rule set, reviews."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from services.county.application.context import CountyContext
from services.county.application.duty_commands import PublishPointsRuleSet, RecordDutyActivity, ReviewDutyEntries
from services.county.application.steps import run_on_or_start
from services.county.application.suggestions import load_existing
from services.county.domain.deputy import Deputy
from services.county.domain.duty_activity import DutyActivity
from services.county.domain.duty_record import DutyRecord, duty_record_id
from services.county.domain.points import PointsRuleSet, points_rule_set_id
from services.county.projections.duty_ledger import ledger
from shared.aggregate import Recorded
from shared.application import Commands
from shared.errors import ConflictError, NotFoundError


class NotServingThenError(ConflictError):
    """Raised when an activity lists a deputy who was not in office the day it was held."""

    code = "DEPUTY_NOT_SERVING_THEN"
    message = "活动当日该代表不在任"


def record_duty_activity(
    commands: Commands,
    *,
    actor: str,
    activity: RecordDutyActivity,
    region_code: str,
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
        command_id=activity.command_id,
        kind=activity.step,
    )


def record_activity(command: RecordDutyActivity, ctx: CountyContext) -> Recorded:
    """The activity belongs to the region of the body that records it."""
    return record_duty_activity(
        ctx.commands, actor=ctx.actor, activity=command, region_code=ctx.region_code, guard=ctx.check
    )


def load_points_rule_set(commands: Commands, *, county_region_code: str) -> PointsRuleSet:
    """The county's rule set with every version published so far (none yet: an empty one)."""
    rule_id = points_rule_set_id(county_region_code)
    if commands.store.exists(rule_id):
        return commands.load(PointsRuleSet, rule_id)
    return PointsRuleSet.start(county_region_code=county_region_code)


def publish_points_rule_set(
    commands: Commands, *, actor: str, county_region_code: str, draft: PublishPointsRuleSet
) -> Recorded:
    """Publish the next version of the county's 履职积分办法."""
    return run_on_or_start(
        commands,
        PointsRuleSet,
        points_rule_set_id(county_region_code),
        lambda: PointsRuleSet.start(county_region_code=county_region_code),
        actor=actor,
        step=draft.step,
        command=lambda rules, at: rules.publish(
            name=draft.name,
            effective_from_year=draft.effective_from_year,
            categories=draft.categories,
            excellent_from=draft.excellent_from,
            competent_from=draft.competent_from,
            talk_below=draft.talk_below,
            non_renomination_below=draft.non_renomination_below,
            region_code=county_region_code,
            ctx=at,
        ),
        command_id=draft.command_id,
    )


def publish_rule_set(command: PublishPointsRuleSet, ctx: CountyContext) -> Recorded:
    """The rule set of the county the publishing staff belong to."""
    return publish_points_rule_set(ctx.commands, actor=ctx.actor, county_region_code=ctx.region_code, draft=command)


def review_duty_entries(commands: Commands, *, actor: str, review: ReviewDutyEntries, region_code: str) -> Recorded:
    """Review entries the caller has checked belong to the deputy and the year; stages go in order."""
    return run_on_or_start(
        commands,
        DutyRecord,
        duty_record_id(review.deputy_id, review.year),
        lambda: DutyRecord.start(deputy_id=review.deputy_id, year=review.year),
        actor=actor,
        step=review.step,
        command=lambda record, at: record.review(
            deputy_id=review.deputy_id,
            year=review.year,
            stage=review.stage,
            verdict=review.verdict,
            entry_ids=review.entry_ids,
            note=review.note,
            region_code=region_code,
            ctx=at,
        ),
        command_id=review.command_id,
    )


def _require_entries_of(ctx: CountyContext, review: ReviewDutyEntries) -> None:
    """Every entry named is in the ledger, under the deputy and the year under review."""
    query = select(ledger.c.entry_id).where(
        ledger.c.entry_id.in_(review.entry_ids), ledger.c.deputy_id == review.deputy_id, ledger.c.year == review.year
    )
    with ctx.engine.connect() as connection:
        found = {row.entry_id for row in connection.execute(query)}
    if found != set(review.entry_ids):
        raise NotFoundError("履职记录不存在，或不属于该代表该年度", field="entry_ids")


def review_entries(command: ReviewDutyEntries, ctx: CountyContext) -> Recorded:
    """The caller's guard sees the deputy as stored; the entries are checked against the ledger."""
    deputy = load_existing(ctx.commands, Deputy, command.deputy_id, field="deputy_id", what="代表")
    ctx.check(deputy)
    _require_entries_of(ctx, command)
    return review_duty_entries(ctx.commands, actor=ctx.actor, review=command, region_code=deputy.region_code)
