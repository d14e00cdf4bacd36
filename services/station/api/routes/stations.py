"""Station routes (联络站)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.station.application.stations import set_up_station
from services.station.projections.directory import DIRECTORY, get_station, list_stations
from services.station.projections.roster import ROSTER, deputies_of_station
from shared.api.schemas import CommandResult
from shared.auth import CurrentActor, Role, require_region, require_role
from shared.errors import NotFoundError
from shared.events.catalog.station import StationKind
from shared.events.region import RegionCode, prefix_of
from shared.readmodel.consistency import wait_for_event

router = APIRouter(prefix="/api/v1/stations", tags=["stations"])

WaitFor = Annotated[UUID | None, Query(description="等待该事件进入读模型后再返回（读己之写）")]


class StationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=100)
    kind: StationKind
    host_place: str = Field(default="", max_length=200)
    region_code: RegionCode
    villages_served: list[RegionCode] = Field(default_factory=list, max_length=200)


class StationRead(BaseModel):
    station_id: UUID
    name: str
    kind: StationKind
    host_place: str
    region_code: str
    township_region_code: str
    villages_served: list[str]
    version: int


class StationDeputyRead(BaseModel):
    deputy_id: UUID
    name: str
    level: str


def _runtime(request: Request) -> Any:
    return request.app.state.runtime


@router.post("", status_code=201, response_model=CommandResult)
def set_up(body: StationCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """设立联络站。"""
    require_role(actor, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, action="set_up_station")
    require_region(actor, body.region_code, action="set_up_station")
    recorded = set_up_station(_runtime(request).commands, actor=actor.id, **body.model_dump())
    return CommandResult.of(recorded)


@router.get("", response_model=list[StationRead])
def directory(actor: CurrentActor, request: Request, wait_for: WaitFor = None) -> list[dict[str, Any]]:
    """本辖区联络站名录。"""
    engine = _runtime(request).engine
    if wait_for is not None:
        wait_for_event(engine, projection=DIRECTORY.name, event_id=wait_for)
    return list_stations(engine, within=prefix_of(actor.region_code))


@router.get("/{station_id}/deputies", response_model=list[StationDeputyRead])
def station_deputies(
    station_id: UUID, actor: CurrentActor, request: Request, wait_for: WaitFor = None
) -> list[dict[str, Any]]:
    """进站代表名单（来自县级代表名册）。"""
    engine = _runtime(request).engine
    station = get_station(engine, station_id=station_id)
    if station is None:
        raise NotFoundError("联络站不存在", field="station_id")
    require_region(actor, station["region_code"], action="list_station_deputies")
    if wait_for is not None:
        wait_for_event(engine, projection=ROSTER.name, event_id=wait_for)
    return deputies_of_station(engine, station_id=station_id)
