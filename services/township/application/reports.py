"""Use cases on period reports (上报): draft a township's figures for a period, and publish them."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from sqlalchemy import Engine

from services.township.application.context import TownshipContext
from services.township.domain.township_report import TownshipReport, report_id, require_township
from services.township.projections.station_figures import STATION_FIGURES
from shared.aggregate import Recorded
from shared.application import derived_id, first_result
from shared.calendar import WorkingDayCalendar, china_date
from shared.eventstore import ConcurrencyConflictError
from shared.figures.period import ReportPeriod
from shared.figures.township_draft import ReportDraft, draft_township_report

if TYPE_CHECKING:
    # The commands module maps its classes to these handlers, so here they are names for the types only.
    from services.township.application.commands import PublishReport


def draft_report(
    engine: Engine, *, township_region_code: str, period: ReportPeriod, calendar: WorkingDayCalendar
) -> ReportDraft:
    """The township's report for the period from its own copy of its stations' work."""
    return draft_township_report(
        engine,
        projection=STATION_FIGURES.name,
        township_region_code=require_township(township_region_code),
        period=period,
        calendar=calendar,
    )


def publish_report(command: PublishReport, ctx: TownshipContext) -> Recorded:
    """Publish a township's report for a period: the first version, or the next one of the same report.

    Resent under the same command id, it returns the version that command published instead of another.
    """
    draft = command.draft
    aggregate_id = report_id(township_region_code=draft.township_region_code, period=draft.period)
    event_id = None
    if command.command_id is not None:
        event_id = derived_id(scope=aggregate_id, kind="publish_report", command_id=command.command_id)
        published = _published_by(ctx, aggregate_id, event_id)
        if published is not None:
            return published
    report = ctx.commands.load_or_start(
        TownshipReport,
        aggregate_id,
        lambda: TownshipReport.for_period(township_region_code=draft.township_region_code, period=draft.period),
    )
    report.publish(
        township_region_code=draft.township_region_code,
        period=draft.period,
        figures=draft.figures,
        station_figures=draft.station_figures,
        source_event_ids=draft.source_event_ids,
        today=china_date(ctx.now),
        ctx=ctx.commands.context(actor=ctx.actor, first_event_id=event_id),
    )
    try:
        [recorded] = ctx.commands.store.save(report)
    except ConcurrencyConflictError:
        published = None if event_id is None else _published_by(ctx, aggregate_id, event_id)
        if published is None:
            raise
        return published  # the same command, sent twice at once
    return recorded


def _published_by(ctx: TownshipContext, aggregate_id: UUID, event_id: UUID) -> Recorded | None:
    """What the command whose first event id is `event_id` published, if it has been stored."""
    if not ctx.commands.store.exists(aggregate_id):
        return None
    history = ctx.commands.store.events_of(aggregate_id)
    if not any(event.event_id == event_id for event in history):
        return None
    return first_result(aggregate_id, history, event_id=event_id)
