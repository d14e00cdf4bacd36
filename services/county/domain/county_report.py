"""CountyReport (县级上报): a county's figures for a month, quarter, half-year or year, sent to the city.

One report per county and period: its id comes from the county and the period, so publishing it
again (after late events) is the next version of the same report. The figures are the roll-up's for
the county and for each of its townships, and the digest covers them, so the city can rebuild them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID, uuid5

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ConflictError, ValidationFailedError
from shared.events.catalog.reports import CountyReportPublished
from shared.events.region import RegionLevel, level_of
from shared.figures.period import ReportPeriod, canonical_digest

COUNTY_REPORT_NAMESPACE = UUID("0c3e9a57-61d4-5b8e-a2f1-4b7d9c3e5a10")
"""The uuid5 namespace of county report ids; fixed forever."""


class NotACountyError(ValidationFailedError):
    """Raised when a county report is asked for a place that is not a county (县/区)."""

    code = "NOT_A_COUNTY"
    message = "只有县（区）才能上报县级报告"


class CountyPeriodNotEndedError(ConflictError):
    """Raised when a county report is published for a period that has not ended yet."""

    code = "PERIOD_NOT_ENDED"
    message = "报告期尚未结束，不能上报（可先预览）"


def require_county(code: str) -> str:
    """Return the code if it names a county; raise NotACountyError if not."""
    if level_of(code) is not RegionLevel.COUNTY:
        raise NotACountyError(field="county_region_code")
    return code


def county_report_id(*, county_region_code: str, period: ReportPeriod) -> UUID:
    """The id of a county's report for a period: the same every time it is published."""
    return uuid5(COUNTY_REPORT_NAMESPACE, f"{county_region_code}:{period.kind.value}:{period.start.isoformat()}")


def county_report_digest(
    *,
    county_region_code: str,
    period: ReportPeriod,
    figures: Mapping[str, int],
    township_figures: Mapping[str, Mapping[str, int]],
) -> str:
    """SHA-256 of the canonical JSON (sorted keys, UTF-8, no spaces) of the county, period and figures."""
    document = {
        "county": county_region_code,
        "period": period.as_dict(),
        "figures": dict(figures),
        "township_figures": {code: dict(values) for code, values in township_figures.items()},
    }
    return canonical_digest(document)


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
        require_county(county_region_code)
        if today <= period.end:
            raise CountyPeriodNotEndedError(field="period_start")
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
