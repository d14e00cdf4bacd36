"""TownshipReport (乡镇上报): a township's figures for a month, quarter, half-year or year, sent up.

One report per township and period: its id comes from the township and the period, so publishing it
again (after late events) is the next version of the same report. The digest covers the figures and
the source events, so the receiving tier can rebuild the figures by replay and compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from uuid import UUID, uuid5

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ConflictError, ValidationFailedError
from shared.events.catalog.reports import TownshipReportPublished
from shared.events.region import RegionLevel, level_of
from shared.figures.period import ReportPeriod, report_digest, source_digest

REPORT_NAMESPACE = UUID("5b7c1e0a-3d2f-5a4b-9c8d-7e6f5a4b3c2d")
"""The uuid5 namespace of report ids; fixed forever, or every report would get a new id."""


class NotATownshipError(ValidationFailedError):
    """Raised when a township report is asked for a place that is not a township (乡/镇/街道)."""

    code = "NOT_A_TOWNSHIP"
    message = "只有乡镇（街道）才能上报乡镇报告"


class PeriodNotEndedError(ConflictError):
    """Raised when a report is published for a period that has not ended yet."""

    code = "PERIOD_NOT_ENDED"
    message = "报告期尚未结束，不能上报（可先预览）"


class ReportMismatchError(ConflictError):
    """Raised when a report is published again for another township or period than its own."""

    code = "REPORT_MISMATCH"
    message = "报告的乡镇或报告期与原报告不一致"


def require_township(code: str) -> str:
    """Return the code if it names a township (乡/镇/街道); raise NotATownshipError if not."""
    if level_of(code) is not RegionLevel.TOWNSHIP:
        raise NotATownshipError(field="township_region_code")
    return code


def report_id(*, township_region_code: str, period: ReportPeriod) -> UUID:
    """The id of a township's report for a period: the same every time it is published."""
    return uuid5(REPORT_NAMESPACE, f"{township_region_code}:{period.kind.value}:{period.start.isoformat()}")


class TownshipReport(Aggregate):
    """One township's report for one period, in its published versions."""

    aggregate_type = "TownshipReport"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.township_region_code: str | None = None
        self.period: ReportPeriod | None = None
        self.digest: str | None = None

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
        require_township(township_region_code)
        if today <= period.end:
            raise PeriodNotEndedError(field="period_start")
        if self.id != report_id(township_region_code=township_region_code, period=period):
            raise ReportMismatchError(field="period_start")
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
                digest=report_digest(
                    township_region_code=township_region_code,
                    period=period,
                    figures=figures,
                    station_figures=station_figures,
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
