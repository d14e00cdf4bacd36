"""Official holiday schedule routes (节假日安排)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.county.application.calendar import load_holiday_schedule
from shared.api.schemas import CommandResult
from shared.auth import CurrentActor, Role, allow, require_role
from shared.readmodel.holidays import load_schedules

router = APIRouter(prefix="/api/v1/calendar", tags=["calendar"])


class ScheduleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2000, le=2100)
    holidays: list[date] = Field(max_length=366, description="放假日期（含调休后放假的周末）")
    working_days: list[date] = Field(default_factory=list, max_length=366, description="调休上班的周末")
    source: str = Field(default="", max_length=200, description="依据的通知")


class ScheduleRead(BaseModel):
    year: int
    holidays: list[date]
    working_days: list[date]
    source: str


@router.post("/schedules", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def load(body: ScheduleCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """录入（或更正）某年的法定节假日安排。"""
    require_role(actor, Role.COUNTY_STAFF, action="load_holiday_schedule")
    runtime = request.app.state.runtime
    recorded = load_holiday_schedule(
        runtime.commands,
        actor=actor.id,
        scope_region_code=runtime.settings.platform.scope_region_code,
        **body.model_dump(),
    )
    return CommandResult.of(recorded)


@router.get("/schedules", response_model=list[ScheduleRead])
def schedules(
    _actor: CurrentActor,
    request: Request,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入读模型后再返回")] = None,
) -> list[Any]:
    """已录入的节假日安排。"""
    runtime = request.app.state.runtime
    if wait_for is not None:
        request.app.state.runtime.wait_for(f"{runtime.name}.holidays", wait_for)
    return [
        ScheduleRead(year=s.year, holidays=sorted(s.holidays), working_days=sorted(s.working_days), source=s.source)
        for s in load_schedules(runtime.engine)
    ]
