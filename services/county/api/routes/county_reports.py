"""County period reports (县级上报): preview, publish to the city, and the document and tables."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from services.county.adapters.report_document import report_docx, report_xlsx
from services.county.api.dispatch import record
from services.county.api.routes.rollup import RollupNode
from services.county.application.command_kinds import PublishedReport
from services.county.application.county_report_commands import PublishCountyReport
from services.county.application.county_reports import CountyReportDraft, draft_county_report
from services.county.domain.county_report import require_county
from services.county.projections.regions import region_unit
from shared.api.runtime_dep import RuntimeDep
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.events.catalog.reports import PeriodKind
from shared.events.region import RegionCode
from shared.figures.period import ReportPeriod
from shared.readmodel.holidays import working_day_calendar
from shared.runtime import ServiceRuntime

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

READERS = (Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PeriodKindQuery = Annotated[PeriodKind, Query(description="month / quarter / half_year / year")]
PeriodStartQuery = Annotated[date, Query(description="报告期第一天")]
CountyQuery = Annotated[RegionCode | None, Query(description="县（区）区划代码，默认本人所在县")]


class CountyReportRead(BaseModel):
    county_region_code: str
    period: dict[str, str]
    digest: str
    county: RollupNode


class CountyReportPublishedRead(BaseModel):
    id: UUID
    version: int
    event_ids: list[UUID]
    digest: str


def _draft(
    runtime: ServiceRuntime, actor: Actor, county: str | None, kind: PeriodKind, start: date
) -> CountyReportDraft:
    require_role(actor, *READERS, action="county_report")
    code = require_county(county or actor.region_code)
    require_region(actor, code, action="county_report")
    return draft_county_report(
        runtime.engine,
        scope=runtime.settings.platform.scope_region_code,
        county_region_code=code,
        period=ReportPeriod(kind=kind, start=start),
        calendar=working_day_calendar(runtime.engine),
    )


def _read(draft: CountyReportDraft) -> dict[str, Any]:
    return {
        "county_region_code": draft.county_region_code,
        "period": draft.period.as_dict(),
        "digest": draft.digest,
        "county": draft.county.as_dict(depth=1),
    }


@router.post("", status_code=201, response_model=CountyReportPublishedRead, dependencies=[allow(Role.COUNTY_STAFF)])
def publish(body: PublishCountyReport, actor: CurrentActor, runtime: RuntimeDep) -> CountyReportPublishedRead:
    """上报本县某一报告期（月、季、半年、年）的汇总统计；同一报告期再次上报为该报告的新版本。"""
    require_role(actor, Role.COUNTY_STAFF, action=body.step)
    published = record(PublishedReport, runtime, actor, body)
    return CountyReportPublishedRead(
        id=published.aggregate_id, version=published.version, event_ids=published.event_ids, digest=published.digest
    )


@router.get("/preview", response_model=CountyReportRead, dependencies=[allow(*READERS)])
def preview(
    actor: CurrentActor,
    runtime: RuntimeDep,
    period_kind: PeriodKindQuery,
    period_start: PeriodStartQuery,
    county_region_code: CountyQuery = None,
) -> dict[str, Any]:
    """预览某一报告期的县级汇总统计与摘要，不上报。"""
    return _read(_draft(runtime, actor, county_region_code, period_kind, period_start))


def _county_name(runtime: ServiceRuntime, code: str) -> str:
    unit = region_unit(runtime.engine, code=code)
    return str(unit["name"]) if unit else code


@router.get("/document.docx", response_class=Response, dependencies=[allow(*READERS)])
def document(
    actor: CurrentActor,
    runtime: RuntimeDep,
    period_kind: PeriodKindQuery,
    period_start: PeriodStartQuery,
    county_region_code: CountyQuery = None,
) -> Response:
    """报告正文（Word）：基本情况、主要工作、存在问题、下步打算，数字取自汇总统计。"""
    draft = _draft(runtime, actor, county_region_code, period_kind, period_start)
    content = report_docx(draft, county_name=_county_name(runtime, draft.county_region_code))
    name = f"report-{draft.county_region_code}-{period_kind.value}-{period_start.isoformat()}.docx"
    return Response(content, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/tables.xlsx", response_class=Response, dependencies=[allow(*READERS)])
def tables(
    actor: CurrentActor,
    runtime: RuntimeDep,
    period_kind: PeriodKindQuery,
    period_start: PeriodStartQuery,
    county_region_code: CountyQuery = None,
) -> Response:
    """报告附表（Excel）：县及各乡镇的全部指标与比率，各联络站明细。"""
    draft = _draft(runtime, actor, county_region_code, period_kind, period_start)
    name = f"report-{draft.county_region_code}-{period_kind.value}-{period_start.isoformat()}.xlsx"
    return Response(
        report_xlsx(draft), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
