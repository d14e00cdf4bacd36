"""A township's period report drafted from a copy of its stations' work: by the township before it
publishes, and by the county when it checks a report it received (both count the same way)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from sqlalchemy import Engine

from shared.calendar import WorkingDayCalendar
from shared.events.region import prefix_of
from shared.figures.period import ReportPeriod, source_digest
from shared.figures.period_report import TOWNSHIP_REPORTS
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


def draft_township_report(
    engine: Engine, *, projection: str, township_region_code: str, period: ReportPeriod, calendar: WorkingDayCalendar
) -> ReportDraft:
    """The report's figures as of the period's end (overdue judged the day after), whenever it is run."""
    within = prefix_of(township_region_code)
    result = township_figures(
        engine,
        within=within,
        start=period.start,
        end=period.end,
        today=period.end + timedelta(days=1),
        calendar=calendar,
        as_of=period.end,
    )
    ids = source_event_ids(engine, projection=projection, within=within, start=period.start, end=period.end)
    sources = source_digest(ids)
    return ReportDraft(
        township_region_code=township_region_code,
        period=period,
        figures=result["figures"],
        station_figures=result["station_figures"],
        source_event_ids=ids,
        source_digest=sources,
        digest=TOWNSHIP_REPORTS.digest(
            code=township_region_code,
            period=period,
            figures=result["figures"],
            part_figures=result["station_figures"],
            source_digest=sources,
        ),
    )
