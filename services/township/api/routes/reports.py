"""Period reports (乡镇上报): preview a township's figures for a period, and publish them to the county."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.township.api.dependencies import TownshipPartsDep
from services.township.api.places import require_in_region
from services.township.application.commands import COMMAND_HANDLERS, PublishReport
from services.township.application.context import TownshipContext
from services.township.application.reports import draft_report
from services.township.projections.station_figures import STATION_FIGURES
from shared.api.runtime_dep import RuntimeDep
from shared.application import utc_now
from shared.auth import CurrentActor, Role, allow, require_role
from shared.command_bus import Command
from shared.events.catalog.reports import PeriodKind
from shared.events.region import RegionCode
from shared.figures.period import ReportPeriod
from shared.figures.township_draft import ReportDraft
from shared.readmodel.holidays import working_day_calendar
from shared.runtime import ServiceRuntime

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

READERS = (Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)


class ReportCreate(Command):
    """A period's report as staff publish it; a resend under the same `command_id` publishes no new version."""

    period_kind: PeriodKind
    period_start: date


class ReportRead(BaseModel):
    township_region_code: str
    period_kind: PeriodKind
    period_start: date
    period_end: date
    figures: dict[str, int]
    station_figures: dict[str, dict[str, int]]
    source_events: int
    source_digest: str
    digest: str

    @classmethod
    def of(cls, draft: ReportDraft) -> ReportRead:
        return cls(
            township_region_code=draft.township_region_code,
            period_kind=draft.period.kind,
            period_start=draft.period.start,
            period_end=draft.period.end,
            figures=draft.figures,
            station_figures=draft.station_figures,
            source_events=len(draft.source_event_ids),
            source_digest=draft.source_digest,
            digest=draft.digest,
        )


class ReportPublishedRead(BaseModel):
    id: UUID
    version: int
    event_ids: list[UUID]
    digest: str
    source_digest: str


def _draft(runtime: ServiceRuntime, *, township_region_code: str, period: ReportPeriod) -> ReportDraft:
    engine = runtime.engine
    return draft_report(
        engine, township_region_code=township_region_code, period=period, calendar=working_day_calendar(engine)
    )


@router.post("", status_code=201, response_model=ReportPublishedRead, dependencies=[allow(Role.TOWNSHIP_STAFF)])
def publish(
    body: ReportCreate, actor: CurrentActor, runtime: RuntimeDep, parts: TownshipPartsDep
) -> ReportPublishedRead:
    """上报本乡镇某一报告期（月、季、半年、年）的统计；同一报告期再次上报为该报告的新版本。"""
    require_role(actor, Role.TOWNSHIP_STAFF, action="publish_report")
    period = ReportPeriod(kind=body.period_kind, start=body.period_start)
    draft = _draft(runtime, township_region_code=actor.region_code, period=period)
    ctx = TownshipContext(commands=runtime.commands, reads=parts.reads, actor=actor.id, now=utc_now())
    recorded = COMMAND_HANDLERS.dispatch(PublishReport(draft=draft, command_id=body.command_id), ctx)
    return ReportPublishedRead(
        id=recorded.aggregate_id,
        version=recorded.version,
        event_ids=recorded.event_ids,
        digest=draft.digest,
        source_digest=draft.source_digest,
    )


@router.get("/preview", response_model=ReportRead, dependencies=[allow(*READERS)])
def preview(
    actor: CurrentActor,
    runtime: RuntimeDep,
    period_kind: Annotated[PeriodKind, Query(description="month / quarter / half_year / year")],
    period_start: Annotated[date, Query(description="报告期第一天")],
    township_region_code: Annotated[RegionCode | None, Query(description="乡镇区划代码，默认本人所在乡镇")] = None,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入统计后再返回（读己之写）")] = None,
) -> ReportRead:
    """预览某一报告期的上报统计与摘要，不上报。"""
    require_role(actor, *READERS, action="preview_report")
    township = township_region_code or actor.region_code
    require_in_region(runtime, actor, township, action="preview_report")
    if wait_for is not None:
        runtime.wait_for(STATION_FIGURES.name, wait_for)
    period = ReportPeriod(kind=period_kind, start=period_start)
    return ReportRead.of(_draft(runtime, township_region_code=township, period=period))
