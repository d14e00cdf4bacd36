"""Use cases on period reports (上报): draft a township's figures for a period, and publish them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import Engine

from services.township.domain.township_report import (
    ReportPeriod,
    TownshipReport,
    report_digest,
    report_id,
    require_township,
    source_digest,
)
from services.township.projections.station_figures import STATION_FIGURES
from shared.aggregate import Recorded
from shared.application import Commands
from shared.calendar import WorkingDayCalendar
from shared.events.region import prefix_of
from shared.figures.station_work_queries import source_event_ids, township_figures


@dataclass(frozen=True)
class ReportDraft:
    """A township's figures for a period as the read model has them now, with their digests."""

    township_region_code: str
    period: ReportPeriod
    figures: dict[str, int]
    station_figures: dict[str, dict[str, int]]
    source_event_ids: list[UUID]
    source_digest: str
    digest: str


def draft_report(
    engine: Engine, *, township_region_code: str, period: ReportPeriod, calendar: WorkingDayCalendar
) -> ReportDraft:
    """The report's figures as of the period's end (overdue judged the day after), whenever it is run."""
    within = prefix_of(require_township(township_region_code))
    result = township_figures(
        engine,
        within=within,
        start=period.start,
        end=period.end,
        today=period.end + timedelta(days=1),
        calendar=calendar,
        as_of=period.end,
    )
    ids = source_event_ids(engine, projection=STATION_FIGURES.name, within=within, start=period.start, end=period.end)
    sources = source_digest(ids)
    return ReportDraft(
        township_region_code=township_region_code,
        period=period,
        figures=result["figures"],
        station_figures=result["station_figures"],
        source_event_ids=ids,
        source_digest=sources,
        digest=report_digest(
            township_region_code=township_region_code,
            period=period,
            figures=result["figures"],
            station_figures=result["station_figures"],
            source_digest=sources,
        ),
    )


def publish_report(commands: Commands, *, actor: str, draft: ReportDraft, today: date) -> Recorded:
    """Publish a township's report for a period: the first version, or the next one of the same report."""
    aggregate_id = report_id(township_region_code=draft.township_region_code, period=draft.period)
    report = (
        commands.load(TownshipReport, aggregate_id)
        if commands.store.exists(aggregate_id)
        else TownshipReport.for_period(township_region_code=draft.township_region_code, period=draft.period)
    )
    report.publish(
        township_region_code=draft.township_region_code,
        period=draft.period,
        figures=draft.figures,
        station_figures=draft.station_figures,
        source_event_ids=draft.source_event_ids,
        today=today,
        ctx=commands.context(actor=actor),
    )
    [recorded] = commands.store.save(report)
    return recorded
