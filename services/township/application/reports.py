"""Use cases on period reports (上报): draft a township's figures for a period, and publish them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from services.township.domain.township_report import TownshipReport, report_id, require_township
from services.township.projections.station_figures import STATION_FIGURES
from shared.aggregate import Recorded
from shared.application import Commands
from shared.calendar import WorkingDayCalendar
from shared.figures.period import ReportPeriod
from shared.figures.township_draft import ReportDraft, draft_township_report


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


def publish_report(commands: Commands, *, actor: str, draft: ReportDraft, today: date) -> Recorded:
    """Publish a township's report for a period: the first version, or the next one of the same report."""
    aggregate_id = report_id(township_region_code=draft.township_region_code, period=draft.period)
    report = commands.load_or_start(
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
        today=today,
        ctx=commands.context(actor=actor),
    )
    [recorded] = commands.store.save(report)
    return recorded
