"""Deputy roster routes (代表名册)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.county.application.deputies import attach_deputy_to_station, deputy_region, elect_deputy
from services.county.domain.deputy import DeputyProfile
from services.county.projections.queries import list_deputies
from services.county.projections.roster import ROSTER
from shared.api.schemas import CommandResult
from shared.auth import CurrentActor, Role, require_region, require_role
from shared.events.catalog.county import DeputyLevel, ElectionKind
from shared.events.region import RegionCode, prefix_of

router = APIRouter(prefix="/api/v1/deputies", tags=["deputies"])


class DeputyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=50)
    level: DeputyLevel
    election: ElectionKind = ElectionKind.GENERAL
    term: int = Field(ge=1, le=99)
    congress_region_code: RegionCode
    resident_region_code: RegionCode
    constituency: str = Field(default="", max_length=100)
    holds_leading_office: bool = False
    is_public_servant: bool = False
    occupation: str = Field(default="", max_length=100)
    elected_on: date


class StationAttach(BaseModel):
    model_config = ConfigDict(extra="forbid")

    station_id: UUID
    station_region_code: RegionCode
    expected_version: int | None = Field(default=None, ge=1)


class DeputyRead(BaseModel):
    deputy_id: UUID
    name: str
    level: DeputyLevel
    election: ElectionKind
    term: int
    congress_region_code: str
    resident_region_code: str
    constituency: str
    holds_leading_office: bool
    is_public_servant: bool
    occupation: str
    elected_on: date
    version: int
    station_ids: list[UUID]


def _runtime(request: Request) -> Any:
    return request.app.state.runtime


@router.post("", status_code=201, response_model=CommandResult)
def elect(body: DeputyCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """登记当选代表。"""
    require_role(actor, Role.COUNTY_STAFF, action="elect_deputy")
    require_region(actor, body.resident_region_code, action="elect_deputy")
    recorded = elect_deputy(_runtime(request).commands, actor=actor.id, profile=DeputyProfile(**body.model_dump()))
    return CommandResult.of(recorded)


@router.post("/{deputy_id}/stations", response_model=CommandResult)
def attach(deputy_id: UUID, body: StationAttach, actor: CurrentActor, request: Request) -> CommandResult:
    """代表进站：将代表编入联络站。"""
    require_role(actor, Role.COUNTY_STAFF, action="attach_deputy")
    require_region(actor, deputy_region(_runtime(request).commands, deputy_id=deputy_id), action="attach_deputy")
    require_region(actor, body.station_region_code, action="attach_deputy")
    recorded = attach_deputy_to_station(
        _runtime(request).commands,
        actor=actor.id,
        deputy_id=deputy_id,
        station_id=body.station_id,
        station_region_code=body.station_region_code,
        expected_version=body.expected_version,
    )
    return CommandResult.of(recorded)


@router.get("", response_model=list[DeputyRead])
def roster(
    actor: CurrentActor,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入名册后再返回")] = None,
) -> list[dict[str, Any]]:
    """本辖区代表名册。"""
    require_role(actor, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR, action="list_deputies")
    engine = _runtime(request).engine
    if wait_for is not None:
        request.app.state.runtime.wait_for(ROSTER.name, wait_for)
    return list_deputies(engine, within=prefix_of(actor.region_code), limit=limit, offset=offset)
