"""Deputy roster routes (代表名册)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.county.application.deputies import (
    attach_deputy_to_station,
    deputy_region,
    elect_deputy,
    join_group,
    leave_group,
    leave_office,
)
from services.county.domain.deputy import DeputyProfile
from services.county.projections.queries import list_deputies
from services.county.projections.roster import ROSTER, DeputyStatus
from shared.api.schemas import CommandResult
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.events.catalog.county import DeputyGroupKind, DeputyLevel, ElectionKind, LeavingReason
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
    specialty: str = Field(default="", max_length=100, description="专业特长")
    elected_on: date


class StationAttach(BaseModel):
    model_config = ConfigDict(extra="forbid")

    station_id: UUID
    station_region_code: RegionCode
    expected_version: int | None = Field(default=None, ge=1)


class GroupJoin(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    group_name: str = Field(min_length=1, max_length=100, description="如：城关镇代表小组、财经专业小组")
    kind: DeputyGroupKind
    expected_version: int | None = Field(default=None, ge=1)


class OfficeLeave(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: LeavingReason
    left_on: date
    note: str = Field(default="", max_length=500)
    expected_version: int | None = Field(default=None, ge=1)


class GroupRead(BaseModel):
    name: str
    kind: DeputyGroupKind


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
    specialty: str
    elected_on: date
    status: DeputyStatus
    left_reason: LeavingReason | None
    left_on: date | None
    left_note: str | None
    version: int
    station_ids: list[UUID]
    groups: list[GroupRead]


def _runtime(request: Request) -> Any:
    return request.app.state.runtime


def _manage(request: Request, actor: Actor, deputy_id: UUID, *, action: str) -> None:
    """County staff act only on deputies resident inside their own region."""
    require_role(actor, Role.COUNTY_STAFF, action=action)
    require_region(actor, deputy_region(_runtime(request).commands, deputy_id=deputy_id), action=action)


@router.post("", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def elect(body: DeputyCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """登记当选代表。"""
    require_role(actor, Role.COUNTY_STAFF, action="elect_deputy")
    require_region(actor, body.resident_region_code, action="elect_deputy")
    recorded = elect_deputy(_runtime(request).commands, actor=actor.id, profile=DeputyProfile(**body.model_dump()))
    return CommandResult.of(recorded)


@router.post("/{deputy_id}/stations", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def attach(deputy_id: UUID, body: StationAttach, actor: CurrentActor, request: Request) -> CommandResult:
    """代表进站：将代表编入联络站。"""
    _manage(request, actor, deputy_id, action="attach_deputy")
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


@router.post("/{deputy_id}/groups", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def enter_group(deputy_id: UUID, body: GroupJoin, actor: CurrentActor, request: Request) -> CommandResult:
    """编入代表小组或专业小组。"""
    _manage(request, actor, deputy_id, action="join_deputy_group")
    recorded = join_group(
        _runtime(request).commands,
        actor=actor.id,
        deputy_id=deputy_id,
        group_name=body.group_name,
        kind=body.kind,
        expected_version=body.expected_version,
    )
    return CommandResult.of(recorded)


@router.delete(
    "/{deputy_id}/groups/{group_name}", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)]
)
def exit_group(
    deputy_id: UUID,
    group_name: str,
    actor: CurrentActor,
    request: Request,
    expected_version: Annotated[int | None, Query(ge=1)] = None,
) -> CommandResult:
    """退出代表小组或专业小组。"""
    _manage(request, actor, deputy_id, action="leave_deputy_group")
    recorded = leave_group(
        _runtime(request).commands,
        actor=actor.id,
        deputy_id=deputy_id,
        group_name=group_name.strip(),
        expected_version=expected_version,
    )
    return CommandResult.of(recorded)


@router.post("/{deputy_id}/leave-office", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def end_office(deputy_id: UUID, body: OfficeLeave, actor: CurrentActor, request: Request) -> CommandResult:
    """代表离任：辞职、责令辞职、罢免、任期届满等；离任后不再在任何联络站和小组。"""
    _manage(request, actor, deputy_id, action="deputy_leave_office")
    recorded = leave_office(
        _runtime(request).commands,
        actor=actor.id,
        deputy_id=deputy_id,
        reason=body.reason,
        left_on=body.left_on,
        note=body.note,
        expected_version=body.expected_version,
    )
    return CommandResult.of(recorded)


@router.get(
    "",
    response_model=list[DeputyRead],
    dependencies=[allow(Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.CITY_VIEWER, Role.AUDITOR)],
)
def roster(
    actor: CurrentActor,
    request: Request,
    level: Annotated[DeputyLevel | None, Query(description="代表层级")] = None,
    group: Annotated[str | None, Query(description="所在小组名称")] = None,
    station_id: Annotated[UUID | None, Query(description="所在联络站")] = None,
    status: Annotated[DeputyStatus | None, Query(description="在任或已离任")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入名册后再返回")] = None,
) -> list[dict[str, Any]]:
    """本辖区代表名册（可按层级、小组、联络站、在任状态筛选）。"""
    require_role(actor, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.CITY_VIEWER, Role.AUDITOR, action="list_deputies")
    engine = _runtime(request).engine
    if wait_for is not None:
        request.app.state.runtime.wait_for(ROSTER.name, wait_for)
    return list_deputies(
        engine,
        within=prefix_of(actor.region_code),
        level=level,
        group=group,
        station_id=station_id,
        status=status,
        limit=limit,
        offset=offset,
    )
