"""A station's sheet for township and county staff (联络站督导): schedule vs held, overdue answers, 九有."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from services.county.api.routes.rollup import check_period
from shared.api.runtime_dep import RuntimeDep
from shared.application import utc_now
from shared.auth import CurrentActor, Role, allow, require_region, require_role
from shared.calendar import china_date
from shared.errors import NotFoundError
from shared.figures.station_sheet import station_sheet
from shared.figures.station_work_queries import station_region
from shared.readmodel.holidays import working_day_calendar

router = APIRouter(prefix="/api/v1/stations", tags=["stations"])

READERS = (Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.CITY_VIEWER, Role.AUDITOR)


class StationMonth(BaseModel):
    month: str
    scheduled_days: list[date]
    schedule_is_provisional: bool
    scheduled_days_held: int
    activities_held: int
    voters_received: int
    opinions: int
    referred: int
    answered_in_time: int
    overdue: int


class OverdueAnswer(BaseModel):
    opinion_id: UUID
    referral_id: UUID | None
    recorded_on: date
    answer_due: date
    route: str | None
    routed_on: date | None
    days_overdue: int


class StandardItemRead(BaseModel):
    item: str
    label: str
    met: bool


class StandardRead(BaseModel):
    checked_on: date | None
    checks: int
    items: list[StandardItemRead]


class AttachedDeputy(BaseModel):
    deputy_id: UUID
    name: str
    level: str
    serving: bool


class StationSheetRead(BaseModel):
    station_id: UUID
    name: str
    kind: str
    region_code: str
    township_region_code: str
    schedule_kind: str | None
    days_of_month: list[int]
    weekday: int | None
    closed: bool
    months: list[StationMonth]
    overdue: list[OverdueAnswer]
    standard: StandardRead
    deputies: list[AttachedDeputy]


@router.get("/{station_id}/sheet", response_model=StationSheetRead, dependencies=[allow(*READERS)])
def sheet(station_id: UUID, actor: CurrentActor, runtime: RuntimeDep, start: date, end: date) -> dict[str, Any]:
    """联络站督导表：每月固定活动日应开与实开、超期未答复的意见、“九有”达标情况、进站代表。"""
    require_role(actor, *READERS, action="station_sheet")
    check_period(start=start, end=end)
    engine = runtime.engine
    region = station_region(engine, station_id=station_id)
    if region is None:
        raise NotFoundError("联络站不存在或尚未同步", field="station_id")
    require_region(actor, region, action="station_sheet")
    today = china_date(utc_now())
    found = station_sheet(
        engine, station_id=station_id, start=start, end=end, today=today, calendar=working_day_calendar(engine)
    )
    assert found is not None  # its region was just read from the same table
    return found
