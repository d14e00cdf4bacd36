"""Station figures as the township counts them (联络站工作统计): a station's month, a region's period."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.township.api.places import area_of, require_in_region
from services.township.projections.station_figures import STATION_FIGURES, stations_in
from shared.api.runtime_dep import RuntimeDep
from shared.application import utc_now
from shared.auth import CurrentActor, Role, allow, require_role
from shared.calendar import china_date
from shared.errors import NotFoundError, ValidationFailedError
from shared.events.region import RegionCode, prefix_of
from shared.figures.station_month import StationMonthRead
from shared.figures.station_work_queries import station_figures, station_region, township_figures
from shared.readmodel.holidays import working_day_calendar

READERS = (Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)
router = APIRouter(prefix="/api/v1/figures", tags=["figures"], dependencies=[allow(*READERS)])
MAX_RANGE_DAYS = 3 * 366
WaitFor = Annotated[UUID | None, Query(description="等待该事件进入统计后再返回（读己之写）")]


class InvalidDateRangeError(ValidationFailedError):
    """Raised when a figures range ends before it starts, or spans more than three years."""

    code = "INVALID_DATE_RANGE"
    message = "统计区间无效：结束日期不能早于开始日期，且不超过三年"


class FiguresStationRead(BaseModel):
    station_id: UUID
    name: str
    kind: str
    region_code: str
    closed: bool
    standard_items_met: int
    standard_compliant: bool


class ParticipationRead(BaseModel):
    attached: int
    participated: int
    permille: int


class DeputyVisitsRead(BaseModel):
    deputy_id: UUID
    name: str
    level: str | None
    attached: bool
    visits: int


class DeputyBelowVisitsRead(BaseModel):
    deputy_id: UUID
    name: str
    visits_in_year: int


class TownshipFiguresRead(BaseModel):
    within: str
    start: date
    end: date
    today: date
    figures: dict[str, int]
    station_figures: dict[str, dict[str, int]]
    stations: list[FiguresStationRead]
    participation: dict[str, ParticipationRead]
    deputy_visits: list[DeputyVisitsRead]
    county_deputies_below_visits: list[DeputyBelowVisitsRead]


@router.get("/stations/{station_id}", response_model=StationMonthRead)
def station_month(
    station_id: UUID,
    actor: CurrentActor,
    runtime: RuntimeDep,
    month: Annotated[str | None, Query(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM，默认本月")] = None,
    wait_for: WaitFor = None,
) -> dict[str, Any]:
    """联络站月度情况（与联络站自己的月度汇总一致）。"""
    require_role(actor, *READERS, action="read_station_figures")
    if wait_for is not None:
        runtime.wait_for(STATION_FIGURES.name, wait_for)
    region = station_region(runtime.engine, station_id=station_id)
    if region is None:
        raise NotFoundError("联络站不存在或尚未同步", field="station_id")
    require_in_region(runtime, actor, region, action="read_station_figures")
    today = china_date(utc_now())
    year, number = (int(part) for part in month.split("-")) if month else (today.year, today.month)
    figures = station_figures(
        runtime.engine,
        station_id=station_id,
        year=year,
        month=number,
        today=today,
        calendar=working_day_calendar(runtime.engine),
    )
    if figures is None:
        raise NotFoundError("联络站不存在或尚未同步", field="station_id")
    return figures


@router.get("", response_model=TownshipFiguresRead)
def region_figures(
    actor: CurrentActor,
    runtime: RuntimeDep,
    start: Annotated[date, Query(description="开始日期（含）")],
    end: Annotated[date, Query(description="结束日期（含）")],
    region_code: Annotated[RegionCode | None, Query(description="下钻到本辖区内的乡镇或村，默认本人辖区")] = None,
    wait_for: WaitFor = None,
) -> dict[str, Any]:
    """辖区内各联络站在一段时间内的工作统计及合计（合计 = 各站之和），代表参与率、进站次数与“九有”达标。"""
    require_role(actor, *READERS, action="read_figures")
    region = region_code or actor.region_code
    require_in_region(runtime, actor, region, action="read_figures")
    if end < start or (end - start).days > MAX_RANGE_DAYS:
        raise InvalidDateRangeError(field="end")
    if wait_for is not None:
        runtime.wait_for(STATION_FIGURES.name, wait_for)
    return township_figures(
        runtime.engine,
        within=prefix_of(region),
        start=start,
        end=end,
        today=china_date(utc_now()),
        calendar=working_day_calendar(runtime.engine),
        station_ids=stations_in(runtime.engine, area=area_of(runtime, region)),
    )
