"""Station supervision routes for township staff (联络站督导)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.township.api.dependencies import TownshipPartsDep
from services.township.api.places import area_of, require_in_region
from services.township.application.commands import COMMAND_HANDLERS, RecordSupervision, SupervisionCreate
from services.township.application.context import TownshipContext
from services.township.projections.oversight import OVERSIGHT, station_overview, station_region
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.application import utc_now
from shared.auth import CurrentActor, Role, allow, require_role
from shared.errors import NotFoundError

router = APIRouter(prefix="/api/v1/stations", tags=["stations"])


class StationOversightRead(BaseModel):
    station_id: UUID
    name: str
    kind: str
    region_code: str
    supervisions: int
    last_supervised_on: date | None


@router.get(
    "",
    response_model=list[StationOversightRead],
    dependencies=[allow(Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.AUDITOR)],
)
def overview(
    actor: CurrentActor,
    runtime: RuntimeDep,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入读模型后再返回")] = None,
) -> list[dict[str, Any]]:
    """本乡镇联络站及督导情况。"""
    require_role(actor, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.AUDITOR, action="station_overview")
    if wait_for is not None:
        runtime.wait_for(OVERSIGHT.name, wait_for)
    return station_overview(runtime.engine, area=area_of(runtime, actor.region_code))


@router.post(
    "/{station_id}/supervisions",
    status_code=201,
    response_model=CommandResult,
    dependencies=[allow(Role.TOWNSHIP_STAFF)],
)
def supervise(
    station_id: UUID, body: SupervisionCreate, actor: CurrentActor, runtime: RuntimeDep, parts: TownshipPartsDep
) -> CommandResult:
    """记录对联络站的督导。"""
    require_role(actor, Role.TOWNSHIP_STAFF, action="supervise_station")
    region = station_region(runtime.engine, station_id=station_id)
    if region is None:
        raise NotFoundError("联络站不存在或尚未同步", field="station_id")
    require_in_region(runtime, actor, region, action="supervise_station")
    command = RecordSupervision(station_id=station_id, station_region_code=region, **body.model_dump())
    ctx = TownshipContext(commands=runtime.commands, reads=parts.reads, actor=actor.id, now=utc_now())
    return CommandResult.of(COMMAND_HANDLERS.dispatch(command, ctx))
