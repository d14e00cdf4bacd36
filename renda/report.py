"""`renda report`: a county's period report, from the live read models or as of an instant.

As of an instant, the county's read models are rebuilt beside the live ones from the events the
stores had recorded by then (`recorded_at`), so a year-end report re-run in March gives the year-end
figures; which period a fact falls in is decided by when it happened (`occurred_at`, business dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from renda.replay import as_instant, rebuild, scratch_runtime
from services.county.adapters.report_document import FIGURE_LABELS
from services.county.application.county_reports import CountyReportDraft, draft_county_report
from shared.events.catalog.reports import PeriodKind
from shared.eventstore.store import EventStore
from shared.figures.period import ReportPeriod
from shared.readmodel.holidays import working_day_calendar
from shared.runtime import ServiceRuntime

if TYPE_CHECKING:
    from renda.services import ServiceEntry

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


def report_county(
    console: Console,
    entry: ServiceEntry,
    *,
    period_start: datetime,
    period_kind: str,
    county: str,
    as_of: datetime | None,
    source: str,
    docx: Path | None,
    xlsx: Path | None,
) -> int:
    """Print the county's report for the period and write it as Word and Excel where asked; exit code 1 with the
    error's code if it cannot be drafted."""
    from services.county.adapters.report_document import report_docx, report_xlsx
    from shared.errors import PlatformError

    try:
        period = ReportPeriod(kind=PeriodKind(period_kind), start=period_start.date())
        draft = county_report(
            entry.build_runtime(),
            county=county,
            period=period,
            as_of=None if as_of is None else as_instant(as_of),
            source=source,
        )
    except (PlatformError, ValueError) as error:
        console.print(f"[red]{getattr(error, 'code', 'INVALID')}[/] {getattr(error, 'message', error)}")
        return 1
    moment = "现有读模型" if as_of is None else f"截至 {as_instant(as_of).isoformat()} 记录的事件"
    console.print(f"{county} {period.start.isoformat()} 至 {period.end.isoformat()}（{moment}）")
    console.print(summary(draft))
    console.print(f"报告摘要 {draft.digest}")
    if docx is not None:
        docx.write_bytes(report_docx(draft, county_name=county))
        console.print(f"报告正文：{docx}")
    if xlsx is not None:
        xlsx.write_bytes(report_xlsx(draft))
        console.print(f"报告附表：{xlsx}")
    return 0
