"""Use cases on county period reports (县级上报): draft from the roll-up, publish to the city."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import Engine

from services.county.application.command_kinds import PublishedReport
from services.county.application.context import CountyContext
from services.county.application.county_report_commands import PublishCountyReport
from services.county.application.steps import run_on_or_start
from services.county.domain.county_report import CountyReport, county_report_digest, county_report_id, require_county
from services.county.projections.rollup import Node, rollup
from shared.aggregate import Recorded
from shared.application import Commands, utc_now
from shared.calendar import WorkingDayCalendar, china_date
from shared.errors import NotFoundError
from shared.figures.period import ReportPeriod


@dataclass(frozen=True)
class CountyReportDraft:
    """A county's figures for a period from the roll-up, per township, with their digest."""

    county_region_code: str
    period: ReportPeriod
    county: Node
    digest: str

    @property
    def figures(self) -> dict[str, int]:
        return dict(self.county.figures)

    @property
    def township_figures(self) -> dict[str, dict[str, int]]:
        return figures_by_child(self.county)


def figures_by_child(county: Node) -> dict[str, dict[str, int]]:
    """Each child of the county (townships, and 本级 under the county's own code) by code."""
    return {child.code.removesuffix(":own"): dict(child.figures) for child in county.children}


def draft_county_report(
    engine: Engine, *, scope: str, county_region_code: str, period: ReportPeriod, calendar: WorkingDayCalendar
) -> CountyReportDraft:
    """The report's figures as of the period's end (overdue judged the day after), whenever it is run."""
    require_county(county_region_code)
    tree = rollup(
        engine, scope=scope, start=period.start, end=period.end, today=period.end + timedelta(days=1), calendar=calendar
    )
    county = tree.find(county_region_code)
    if county is None:
        raise NotFoundError("本部署范围内没有该县（区）", field="county_region_code")
    return CountyReportDraft(
        county_region_code=county_region_code,
        period=period,
        county=county,
        digest=county_report_digest(
            county_region_code=county_region_code,
            period=period,
            figures=county.figures,
            township_figures=figures_by_child(county),
        ),
    )


def publish_county_report(
    commands: Commands, *, actor: str, draft: CountyReportDraft, today: date, command_id: UUID | None = None
) -> Recorded:
    """Publish a county's report for a period: the first version, or the next one of the same report."""
    return run_on_or_start(
        commands,
        CountyReport,
        county_report_id(county_region_code=draft.county_region_code, period=draft.period),
        lambda: CountyReport.for_period(county_region_code=draft.county_region_code, period=draft.period),
        actor=actor,
        step=PublishCountyReport.step,
        command=lambda report, at: report.publish(
            county_region_code=draft.county_region_code,
            period=draft.period,
            figures=draft.figures,
            township_figures=draft.township_figures,
            today=today,
            ctx=at,
        ),
        command_id=command_id,
    )


def publish(command: PublishCountyReport, ctx: CountyContext) -> PublishedReport:
    """The report of the county the publishing staff belong to, drafted from the roll-up as of now."""
    draft = draft_county_report(
        ctx.engine,
        scope=ctx.scope_region_code,
        county_region_code=require_county(ctx.region_code),
        period=ReportPeriod(kind=command.period_kind, start=command.period_start),
        calendar=ctx.calendar(),
    )
    recorded = publish_county_report(
        ctx.commands, actor=ctx.actor, draft=draft, today=china_date(utc_now()), command_id=command.command_id
    )
    return PublishedReport(
        aggregate_id=recorded.aggregate_id, version=recorded.version, event_ids=recorded.event_ids, digest=draft.digest
    )
