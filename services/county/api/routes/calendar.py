"""Official holiday schedule routes (节假日安排)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.county.api.dispatch import run
from services.county.application.calendar_commands import LoadHolidaySchedule
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.auth import CurrentActor, Role, allow, require_region, require_role
from shared.readmodel.holidays import load_schedules

router = APIRouter(prefix="/api/v1/calendar", tags=["calendar"])


class ScheduleRead(BaseModel):
    year: int
    holidays: list[date]
    working_days: list[date]
    source: str


@router.post("/schedules", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def load(body: LoadHolidaySchedule, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """录入（或更正）某年的法定节假日安排。"""
    require_role(actor, Role.COUNTY_STAFF, action=body.step)
    # One calendar serves the whole deployment: only staff whose region covers all of it may set it.
    require_region(actor, runtime.settings.platform.scope_region_code, action=body.step)
    return run(runtime, actor, body)


@router.get("/schedules", response_model=list[ScheduleRead])
def schedules(
    _actor: CurrentActor,
    runtime: RuntimeDep,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入读模型后再返回")] = None,
) -> list[Any]:
    """已录入的节假日安排。"""
    if wait_for is not None:
        runtime.wait_for(f"{runtime.name}.holidays", wait_for)
    return [
        ScheduleRead(year=s.year, holidays=sorted(s.holidays), working_days=sorted(s.working_days), source=s.source)
        for s in load_schedules(runtime.engine)
    ]
