"""Suggestion tracking (建议办理跟踪) by role: the list with deadline colours, a case with its timeline, figures, Excel."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, TypeAdapter

from services.county.adapters.excel import statistics_workbook, tracking_workbook
from services.county.api.actors import deputy_of, unit_of
from services.county.projections.suggestion_queries import (
    TrackingFilter,
    figures_by,
    get_suggestion,
    tracking_list,
    tracking_page,
    units_of,
)
from services.county.projections.suggestions import SUGGESTIONS
from shared.api.cached_json import cached_json
from shared.api.paging import DEFAULT_LIMIT, Cursor, Limit, Page, PageRequest, page_answer
from shared.api.runtime_dep import RuntimeDep
from shared.application import utc_now
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.calendar import china_date
from shared.errors import ForbiddenError, NotFoundError
from shared.events.region import prefix_of, validate_region_code

router = APIRouter(prefix="/api/v1/suggestions", tags=["suggestion tracking"])

READERS = (Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR, Role.HANDLING_UNIT, Role.DEPUTY)
Colour = Literal["red", "yellow", "green", "grey"]
Grouping = Literal["unit", "category", "vice_governor", "deputy"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SuggestionRead(BaseModel):
    suggestion_id: UUID
    region_code: str
    number: str | None
    title: str
    lead_deputy_id: UUID
    lead_deputy_name: str | None
    co_signer_ids: list[UUID]
    period: str
    term: int
    received_on: date
    status: str
    category: str | None
    is_key: bool
    lead_unit_id: UUID | None
    lead_unit_name: str | None
    co_unit_ids: list[UUID]
    supervising_body: str | None
    routing_rule_version: int | None
    assigned_on: date | None
    reply_due: date | None
    second_reply_due: date | None
    current_due: date | None
    due_is_provisional: bool
    colour: Colour
    overdue: bool
    extension_months: int
    extension_pending: bool
    merged_with: UUID | None
    met_deputy: bool
    replied_on: date | None
    reply_result: str | None
    first_reply_on_time: bool | None
    first_rating: str | None
    final_rating: str | None
    rehandled: bool
    implemented: bool
    closed_on: date | None
    supervision_count: int
    source_referral_id: UUID | None
    version: int


class TimelineStep(BaseModel):
    event_id: UUID
    version: int
    event_type: str
    actor: str
    occurred_at: datetime
    recorded_at: datetime
    payload: dict[str, Any]


class SuggestionDetail(SuggestionRead):
    content: str
    leader: str | None
    return_due: date | None
    co_opinion_due: date | None
    units: list[dict[str, Any]]
    timeline: list[TimelineStep]


class FigureRow(BaseModel):
    key: str
    label: str
    assigned: int
    key_suggestions: int
    in_handling: int
    replied: int
    replied_on_time: int
    overdue: int
    met: int
    rated: int
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    rehandled: int
    implemented: int
    closed: int
    returned: int
    extended: int
    proxy_signed: int
    supervisions: int
    reply_rate: float | None
    on_time_rate: float | None
    meeting_rate: float | None
    satisfaction_rate: float | None
    basic_satisfaction_rate: float | None
    implementation_rate: float | None


FIGURES_SHAPE = TypeAdapter(list[FigureRow])


def _today() -> date:
    return china_date(utc_now())


def _scope(actor: Actor, *, region: str | None = None) -> dict[str, Any]:
    """What the caller may see: staff their region, a unit what is assigned to it, a deputy their own.

    `region` narrows any of these to one place (a township, a village), which must lie in the caller's.
    """
    require_role(actor, *READERS, action="list_suggestions")
    if region is not None:
        require_region(actor, region, action="list_suggestions")
    within = prefix_of(region) if region is not None else ""
    if actor.role is Role.HANDLING_UNIT:
        return {"within": within, "for_unit": unit_of(actor)}
    if actor.role is Role.DEPUTY:
        return {"within": within, "for_deputy": deputy_of(actor)}
    return {"within": within or prefix_of(actor.region_code)}


def _filter(
    status: str | None,
    category: str | None,
    is_key: bool | None,
    unit_id: UUID | None,
    deputy_id: UUID | None,
    colour: str | None,
    year: int | None,
) -> TrackingFilter:
    return TrackingFilter(
        status=status, category=category, is_key=is_key, unit_id=unit_id, deputy_id=deputy_id, colour=colour, year=year
    )


StatusQuery = Annotated[
    str | None,
    Query(
        pattern="^(submitted|revision_requested|withdrawal_advised|not_accepted|withdrawn|accepted|registered"
        "|assigned|returned|replied|rehandling|rated|closed)$"
    ),
]
CategoryQuery = Annotated[
    str | None,
    Query(
        pattern="^(agriculture|transport|urban_construction|education_culture_health|finance_economy"
        "|social_affairs|law_and_governance)$"
    ),
]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100)]
RegionQuery = Annotated[str | None, Query(description="只看该区域（乡镇、村）的建议：区划代码，须在本人管辖区域内")]


class SuggestionPage(Page[SuggestionRead]):
    """One page of the tracking list."""


@router.get("", response_model=SuggestionPage, dependencies=[allow(*READERS)])
def list_suggestions(
    actor: CurrentActor,
    runtime: RuntimeDep,
    status: StatusQuery = None,
    category: CategoryQuery = None,
    is_key: bool | None = None,
    unit_id: UUID | None = None,
    deputy_id: UUID | None = None,
    colour: Colour | None = None,
    year: YearQuery = None,
    region: RegionQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入跟踪表后再返回")] = None,
) -> dict[str, Any]:
    """建议办理跟踪表（分页）：按状态、类别、重点、承办单位、代表、区域、督办颜色筛选（红色为超期）。"""
    if wait_for is not None:
        runtime.wait_for(SUGGESTIONS.name, wait_for)
    only = _filter(status, category, is_key, unit_id, deputy_id, colour, year)
    scope = _scope(actor, region=_region(region))
    page = PageRequest(cursor=cursor, limit=limit)
    return page_answer(tracking_page(runtime.engine, today=_today(), only=only, page=page, **scope))


@router.get(
    "/figures", response_model=list[FigureRow], dependencies=[allow(Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)]
)
def figures(
    actor: CurrentActor,
    runtime: RuntimeDep,
    by: Grouping = "unit",
    year: YearQuery = None,
    region: RegionQuery = None,
    wait_for: Annotated[UUID | None, Query()] = None,
) -> Response:
    """办理统计：按承办单位、类别、分管副县长或领衔代表；答复率、见面率、满意率、落实率等（口径见 README）。"""
    require_role(actor, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR, action="suggestion_figures")
    place = _region(region) or actor.region_code
    require_region(actor, place, action="suggestion_figures")
    today = _today()
    if wait_for is not None:  # read your own write: straight from the read model, which has it now
        runtime.wait_for(SUGGESTIONS.name, wait_for)

    def answer() -> list[dict[str, Any]]:
        return figures_by(runtime.engine, within=prefix_of(place), by=by, today=today, year=year)

    return cached_json(
        runtime.hot_cache if wait_for is None else None,
        "suggestion_figures",
        {"place": place, "by": by, "today": today, "year": year},
        FIGURES_SHAPE,
        answer,
    )


@router.get("/export/tracking.xlsx", response_class=Response, dependencies=[allow(*READERS)])
def export_tracking(
    actor: CurrentActor,
    runtime: RuntimeDep,
    status: StatusQuery = None,
    category: CategoryQuery = None,
    is_key: bool | None = None,
    unit_id: UUID | None = None,
    colour: Colour | None = None,
    year: YearQuery = None,
    region: RegionQuery = None,
) -> Response:
    """导出建议办理跟踪表（Excel），筛选条件与跟踪表相同。"""
    only = _filter(status, category, is_key, unit_id, None, colour, year)
    rows = tracking_list(runtime.engine, today=_today(), only=only, **_scope(actor, region=_region(region)))
    content = tracking_workbook(rows, heading=f"代表建议办理跟踪表（截至{_today().isoformat()}）")
    return Response(content, media_type=XLSX, headers=_attachment("tracking.xlsx"))


@router.get(
    "/export/statistics.xlsx",
    response_class=Response,
    dependencies=[allow(Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)],
)
def export_statistics(actor: CurrentActor, runtime: RuntimeDep, year: YearQuery = None) -> Response:
    """导出代表建议办理情况统计表（Excel，按承办单位）。"""
    require_role(actor, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR, action="suggestion_figures")
    rows = figures_by(runtime.engine, within=prefix_of(actor.region_code), by="unit", today=_today(), year=year)
    heading = f"{year or ''}代表建议办理情况统计表（截至{_today().isoformat()}）"
    return Response(statistics_workbook(rows, heading=heading), media_type=XLSX, headers=_attachment("statistics.xlsx"))


def _region(code: str | None) -> str | None:
    return validate_region_code(code, field="region") if code is not None else None


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/{suggestion_id}", response_model=SuggestionDetail, dependencies=[allow(*READERS)])
def get_one(
    suggestion_id: UUID,
    actor: CurrentActor,
    runtime: RuntimeDep,
    wait_for: Annotated[UUID | None, Query()] = None,
) -> dict[str, Any]:
    """一件建议：办理全过程（谁、何时、做了什么）。"""
    require_role(actor, *READERS, action="read_suggestion")
    engine = runtime.engine
    if wait_for is not None:
        runtime.wait_for(SUGGESTIONS.name, wait_for)
    case = get_suggestion(engine, suggestion_id=suggestion_id, today=_today())
    if case is None:
        raise NotFoundError("建议不存在", field="suggestion_id")
    if actor.role is Role.HANDLING_UNIT:
        unit = units_of(engine, suggestion_id=suggestion_id).get(unit_of(actor))
        if unit is None or not unit["active"]:
            raise ForbiddenError("该建议未交本单位办理", field="suggestion_id")
    elif actor.role is Role.DEPUTY:
        if actor.deputy_id not in (case["lead_deputy_id"], *case["co_signer_ids"]):
            raise ForbiddenError("只能查看本人领衔或附议的建议", field="suggestion_id")
    else:
        require_region(actor, case["region_code"], action="read_suggestion")
    return case
