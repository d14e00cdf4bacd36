"""`renda report`: a county's period report, from the live read models or as of an instant.

As of an instant, the county's read models are rebuilt beside the live ones from the events the
stores had recorded by then (`recorded_at`), so a year-end report re-run in March gives the year-end
figures; which period a fact falls in is decided by when it happened (`occurred_at`, business dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.table import Table

from renda.replay import rebuild, scratch_runtime
from services.county.adapters.report_document import FIGURE_LABELS
from services.county.application.county_reports import CountyReportDraft, draft_county_report
from shared.eventstore.store import EventStore
from shared.figures.period import ReportPeriod
from shared.readmodel.holidays import working_day_calendar
from shared.runtime import ServiceRuntime

SUMMARY = ("stations", "voters_received", "opinions", "overdue", "suggestions_received", "suggestions_replied")


def _draft(runtime: ServiceRuntime, *, county: str, period: ReportPeriod) -> CountyReportDraft:
    return draft_county_report(
        runtime.engine,
        scope=runtime.settings.platform.scope_region_code,
        county_region_code=county,
        period=period,
        calendar=working_day_calendar(runtime.engine),
    )


def county_report(
    runtime: ServiceRuntime,
    *,
    county: str,
    period: ReportPeriod,
    as_of: datetime | None = None,
    source: str = "stores",
    stores: Sequence[EventStore] | None = None,
) -> CountyReportDraft:
    """The report from the live read models, or from read models rebuilt of the events recorded by `as_of`."""
    if as_of is None:
        return _draft(runtime, county=county, period=period)
    with scratch_runtime(runtime) as scratch:
        rebuild(scratch, source=source, stores=stores, recorded_until=as_of)
        return _draft(scratch, county=county, period=period)


def summary(draft: CountyReportDraft) -> Table:
    view = Table("单位", *(FIGURE_LABELS[name] for name in SUMMARY))
    for node in [*draft.county.children, draft.county]:
        view.add_row("合计" if node is draft.county else node.name, *(str(node.figures[name]) for name in SUMMARY))
    return view
