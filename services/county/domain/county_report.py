"""CountyReport (县级上报): a county's figures for a month, quarter, half-year or year, sent to the city.

One report per county and period: its id comes from the county and the period, so publishing it
again (after late events) is the next version of the same report. The figures are the roll-up's for
the county and for each of its townships, and the digest covers them, so the city can rebuild them.
The rules every tier's report follows are in `shared.figures.period_report`; the roll-up keeps no
source events, so a county's report has no source digest.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.events.catalog.reports import CountyReportPublished
from shared.figures.period import ReportPeriod
from shared.figures.period_report import COUNTY_REPORTS, NotACountyError, PeriodNotEndedError, ReportMismatchError

__all__ = [
    "CountyReport",
    "NotACountyError",
    "PeriodNotEndedError",
    "ReportMismatchError",
    "county_report_digest",
    "county_report_id",
    "require_county",
]


def require_county(code: str) -> str:
    """Return the code if it names a county; raise NotACountyError if not."""
    return COUNTY_REPORTS.require(code)


def county_report_id(*, county_region_code: str, period: ReportPeriod) -> UUID:
    """The id of a county's report for a period: the same every time it is published."""
    return COUNTY_REPORTS.report_id(county_region_code, period)


def county_report_digest(
    *,
    county_region_code: str,
    period: ReportPeriod,
    figures: Mapping[str, int],
    township_figures: Mapping[str, Mapping[str, int]],
) -> str:
    """SHA-256 of the canonical JSON (sorted keys, UTF-8, no spaces) of the county, period and figures."""
    return COUNTY_REPORTS.digest(code=county_region_code, period=period, figures=figures, part_figures=township_figures)


class CountyReport(Aggregate):
    """One county's report for one period, in its published versions."""

    aggregate_type = "CountyReport"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.digest: str | None = None

    @classmethod
    def for_period(cls, *, county_region_code: str, period: ReportPeriod) -> CountyReport:
        return cls(county_report_id(county_region_code=require_county(county_region_code), period=period))

    def publish(
        self,
        *,
        county_region_code: str,
        period: ReportPeriod,
        figures: Mapping[str, int],
        township_figures: Mapping[str, Mapping[str, int]],
        today: date,
        ctx: CommandContext,
    ) -> None:
        """Publish the figures (again) with their digest."""
        COUNTY_REPORTS.check_publishable(report_id=self.id, code=county_region_code, period=period, today=today)
        self._record(
            CountyReportPublished(
                county_region_code=county_region_code,
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                figures=dict(figures),
                township_figures={code: dict(values) for code, values in township_figures.items()},
                digest=county_report_digest(
                    county_region_code=county_region_code,
                    period=period,
                    figures=figures,
                    township_figures=township_figures,
                ),
            ),
            ctx=ctx,
            region_code=county_region_code,
        )

    @applies(CountyReportPublished)
    def _published(self, event: CountyReportPublished) -> None:
        self.digest = event.digest
