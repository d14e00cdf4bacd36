"""Station supervision routes for township staff (联络站督导)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.township.application.supervisions import record_supervision
from services.township.projections.oversight import OVERSIGHT, station_overview, station_region
from shared.api.schemas import CommandResult
from shared.auth import CurrentActor, Role, allow, require_region, require_role
from shared.errors import NotFoundError
from shared.events.region import prefix_of

router = APIRouter(prefix="/api/v1/stations", tags=["stations"])


class SupervisionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    visited_on: date
    findings: str = Field(min_length=1, max_length=2000)


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
    request: Request,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入读模型后再返回")] = None,
) -> list[dict[str, Any]]:
    """本乡镇联络站及督导情况。"""
    require_role(actor, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.AUDITOR, action="station_overview")
    engine = request.app.state.runtime.engine
    if wait_for is not None:
        request.app.state.runtime.wait_for(OVERSIGHT.name, wait_for)
    return station_overview(engine, within=prefix_of(actor.region_code))


@router.post(
    "/{station_id}/supervisions",
    status_code=201,
    response_model=CommandResult,
    dependencies=[allow(Role.TOWNSHIP_STAFF)],
)
def supervise(station_id: UUID, body: SupervisionCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """记录对联络站的督导。"""
    require_role(actor, Role.TOWNSHIP_STAFF, action="supervise_station")
    runtime = request.app.state.runtime
    region = station_region(runtime.engine, station_id=station_id)
    if region is None:
        raise NotFoundError("联络站不存在或尚未同步", field="station_id")
    require_region(actor, region, action="supervise_station")
    recorded = record_supervision(
        runtime.commands, actor=actor.id, station_id=station_id, station_region_code=region, **body.model_dump()
    )
    return CommandResult.of(recorded)
