"""TownshipReport (乡镇上报): a township's figures for a month, quarter, half-year or year, sent up.

One report per township and period: its id comes from the township and the period, so publishing it
again (after late events) is the next version of the same report. The digest covers the figures and
the source events, so the receiving tier can rebuild the figures by replay and compare. The rules
every tier's report follows are in `shared.figures.period_report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.events.catalog.reports import TownshipReportPublished
from shared.figures.period import ReportPeriod, source_digest
from shared.figures.period_report import (
    TOWNSHIP_REPORTS,
    NotATownshipError,
    PeriodNotEndedError,
    ReportMismatchError,
)

__all__ = [
    "NotATownshipError",
    "PeriodNotEndedError",
    "ReportMismatchError",
    "TownshipReport",
    "report_id",
    "require_township",
]


def require_township(code: str) -> str:
    """Return the code if it names a township (乡/镇/街道); raise NotATownshipError if not."""
    return TOWNSHIP_REPORTS.require(code)


def report_id(*, township_region_code: str, period: ReportPeriod) -> UUID:
    """The id of a township's report for a period: the same every time it is published."""
    return TOWNSHIP_REPORTS.report_id(township_region_code, period)


class TownshipReport(Aggregate):
    """One township's report for one period, in its published versions."""

    aggregate_type = "TownshipReport"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.digest: str | None = None
        self.township_region_code: str | None = None
        self.period: ReportPeriod | None = None

    @classmethod
    def for_period(cls, *, township_region_code: str, period: ReportPeriod) -> TownshipReport:
        """The report of a township for a period, not yet published."""
        return cls(report_id(township_region_code=require_township(township_region_code), period=period))

    def publish(
        self,
        *,
        township_region_code: str,
        period: ReportPeriod,
        figures: Mapping[str, int],
        station_figures: Mapping[str, Mapping[str, int]],
        source_event_ids: Iterable[UUID],
        today: date,
        ctx: CommandContext,
    ) -> None:
        """Publish the figures (again), with the digest of their sources and of the whole report."""
        TOWNSHIP_REPORTS.check_publishable(report_id=self.id, code=township_region_code, period=period, today=today)
        ids = list(source_event_ids)
        sources = source_digest(ids)
        self._record(
            TownshipReportPublished(
                township_region_code=township_region_code,
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                figures=dict(figures),
                station_figures={station: dict(values) for station, values in station_figures.items()},
                source_events=len(ids),
                source_digest=sources,
                digest=TOWNSHIP_REPORTS.digest(
                    code=township_region_code,
                    period=period,
                    figures=figures,
                    part_figures=station_figures,
                    source_digest=sources,
                ),
            ),
            ctx=ctx,
            region_code=township_region_code,
        )

    @applies(TownshipReportPublished)
    def _published(self, event: TownshipReportPublished) -> None:
        self.township_region_code = event.township_region_code
        self.period = ReportPeriod(kind=event.period_kind, start=event.period_start)
        self.digest = event.digest
