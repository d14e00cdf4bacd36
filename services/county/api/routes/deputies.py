"""Deputy roster routes (代表名册)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.county.api.dispatch import run
from services.county.application.deputies import deputy_region, recorded_station_region
from services.county.application.deputy_commands import (
    AttachDeputyToStation,
    ElectDeputy,
    GroupJoin,
    JoinDeputyGroup,
    LeaveDeputyGroup,
    LeaveOffice,
    OfficeLeave,
    StationAttach,
)
from services.county.projections.queries import list_deputies
from services.county.projections.roster import ROSTER, DeputyStatus
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.events.catalog.county import DeputyGroupKind, DeputyLevel, ElectionKind, LeavingReason
from shared.events.region import prefix_of
from shared.runtime import ServiceRuntime

router = APIRouter(prefix="/api/v1/deputies", tags=["deputies"])


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


def _manage(runtime: ServiceRuntime, actor: Actor, deputy_id: UUID, *, action: str) -> None:
    """County staff act only on deputies resident inside their own region."""
    require_role(actor, Role.COUNTY_STAFF, action=action)
    require_region(actor, deputy_region(runtime.commands, deputy_id=deputy_id), action=action)


@router.post("", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def elect(body: ElectDeputy, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """登记当选代表。"""
    require_role(actor, Role.COUNTY_STAFF, action=body.step)
    require_region(actor, body.resident_region_code, action=body.step)
    return run(runtime, actor, body)


@router.post("/{deputy_id}/stations", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def attach(deputy_id: UUID, body: StationAttach, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """代表进站：将代表编入联络站。"""
    command = AttachDeputyToStation.of(body, deputy_id=deputy_id)
    _manage(runtime, actor, deputy_id, action=command.step)
    # The station's region as the county records it: what the request says about it decides nothing.
    require_region(actor, recorded_station_region(runtime.engine, station_id=command.station_id), action=command.step)
    return run(runtime, actor, command)


@router.post("/{deputy_id}/groups", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def enter_group(deputy_id: UUID, body: GroupJoin, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """编入代表小组或专业小组。"""
    command = JoinDeputyGroup.of(body, deputy_id=deputy_id)
    _manage(runtime, actor, deputy_id, action=command.step)
    return run(runtime, actor, command)


@router.delete(
    "/{deputy_id}/groups/{group_name}", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)]
)
def exit_group(
    deputy_id: UUID,
    group_name: str,
    actor: CurrentActor,
    runtime: RuntimeDep,
    expected_version: Annotated[int | None, Query(ge=1)] = None,
) -> CommandResult:
    """退出代表小组或专业小组。"""
    command = LeaveDeputyGroup(deputy_id=deputy_id, group_name=group_name.strip(), expected_version=expected_version)
    _manage(runtime, actor, deputy_id, action=command.step)
    return run(runtime, actor, command)


@router.post("/{deputy_id}/leave-office", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def end_office(deputy_id: UUID, body: OfficeLeave, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """代表离任：辞职、责令辞职、罢免、任期届满等；离任后不再在任何联络站和小组。"""
    command = LeaveOffice.of(body, deputy_id=deputy_id)
    _manage(runtime, actor, deputy_id, action=command.step)
    return run(runtime, actor, command)


@router.get(
    "",
    response_model=list[DeputyRead],
    dependencies=[allow(Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.CITY_VIEWER, Role.AUDITOR)],
)
def roster(
    actor: CurrentActor,
    runtime: RuntimeDep,
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
    if wait_for is not None:
        runtime.wait_for(ROSTER.name, wait_for)
    return list_deputies(
        runtime.engine,
        within=prefix_of(actor.region_code),
        level=level,
        group=group,
        station_id=station_id,
        status=status,
        limit=limit,
        offset=offset,
    )
