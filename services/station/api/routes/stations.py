"""Station routes for township and county staff (联络站管理): set-up, staff, schedule, 九有, ledgers, device keys."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from services.station.api.dependencies import StationParts, StationPartsDep
from services.station.api.views import (
    OpinionPage,
    ReceptionPage,
    StationMonthRead,
    open_contacts,
    station_or_404,
)
from services.station.application import device_keys
from services.station.application.commands import (
    COMMAND_HANDLERS,
    AssignStaff,
    CheckStandard,
    Close,
    CloseStation,
    DeviceKeyCreate,
    IssueDeviceKey,
    Rename,
    RenameStation,
    RevokeDeviceKey,
    ScheduleSet,
    SetSchedule,
    SetUpStation,
    StaffAssign,
    StandardCheck,
    StationCreate,
)
from services.station.application.context import StationContext
from services.station.projections.directory import DIRECTORY, list_stations
from services.station.projections.ledger import LEDGER
from services.station.projections.ledger_queries import deputy_contacts, opinion_page, reception_page, station_month
from services.station.projections.roster import ROSTER, deputies_of_station
from shared.api.paging import DEFAULT_LIMIT, Cursor, Limit, PageRequest, page_answer
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.application import utc_now
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role, require_station
from shared.calendar import china_date
from shared.command_bus import Command
from shared.events.catalog.station import ScheduleKind, StaffRole, StandardItem, StationKind
from shared.events.region import prefix_of
from shared.runtime import ServiceRuntime

router = APIRouter(prefix="/api/v1/stations", tags=["stations"])

WaitFor = Annotated[UUID | None, Query(description="等待该事件进入读模型后再返回（读己之写）")]
MANAGERS = (Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF)
READERS = (Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.STATION_LIAISON, Role.CITY_VIEWER, Role.AUDITOR)
# Those who must reach the voter with the answer see the contact in clear; everyone else sees masks.
CONTACT_READERS = (Role.TOWNSHIP_STAFF, Role.STATION_LIAISON)


class DeviceKeyIssued(BaseModel):
    key_id: str
    device_key: str = Field(description="只显示这一次，请录入终端")


class StaffRead(BaseModel):
    role: StaffRole
    person_name: str
    deputy_id: UUID | None


class StationRead(BaseModel):
    station_id: UUID
    name: str
    kind: StationKind
    host_place: str
    region_code: str
    township_region_code: str
    villages_served: list[str]
    schedule_kind: ScheduleKind | None
    days_of_month: list[int]
    weekday: int | None
    standard_items_met: list[StandardItem]
    standard_checked_on: date | None
    closed: bool
    closed_reason: str
    staff: list[StaffRead]
    version: int


class StationDeputyRead(BaseModel):
    deputy_id: UUID
    name: str
    level: str


def _managed(runtime: ServiceRuntime, actor: Actor, station_id: UUID, action: str) -> dict[str, Any]:
    """The station, if the actor manages stations and this one is theirs."""
    require_role(actor, *MANAGERS, action=action)
    return _theirs(runtime, actor, station_id, action)


def _readable(runtime: ServiceRuntime, actor: Actor, station_id: UUID, action: str) -> dict[str, Any]:
    """The station, if the actor reads stations and this one is theirs."""
    require_role(actor, *READERS, action=action)
    return _theirs(runtime, actor, station_id, action)


def _theirs(runtime: ServiceRuntime, actor: Actor, station_id: UUID, action: str) -> dict[str, Any]:
    # Checked against the station as stored: its own liaison only, and inside the actor's region.
    require_station(actor, station_id, action=action)
    station = station_or_404(runtime.engine, station_id)
    require_region(actor, station["region_code"], action=action)
    return station


def _dispatch(command: Command, *, actor: Actor, runtime: ServiceRuntime, parts: StationParts) -> CommandResult:
    ctx = StationContext(
        commands=runtime.commands,
        reads=parts.reads,
        sealer=parts.sealer,
        actor=actor.id,
        now=utc_now(),
        device_keys=parts.device_keys,
    )
    return CommandResult.of(COMMAND_HANDLERS.dispatch(command, ctx))


@router.post("", status_code=201, response_model=CommandResult, dependencies=[allow(*MANAGERS)])
def set_up(body: StationCreate, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep) -> CommandResult:
    """设立联络站。"""
    require_role(actor, *MANAGERS, action="set_up_station")
    require_region(actor, body.region_code, action="set_up_station")
    return _dispatch(SetUpStation(**body.model_dump()), actor=actor, runtime=runtime, parts=parts)


@router.get("", response_model=list[StationRead], dependencies=[allow(*READERS)])
def directory(actor: CurrentActor, runtime: RuntimeDep, wait_for: WaitFor = None) -> list[dict[str, Any]]:
    """本辖区联络站名录（联络员只见本站）。"""
    require_role(actor, *READERS, action="list_stations")
    if wait_for is not None:
        runtime.wait_for(DIRECTORY.name, wait_for)
    rows = list_stations(runtime.engine, within=prefix_of(actor.region_code))
    return [row for row in rows if actor.reaches_station(row["station_id"])]


@router.get("/{station_id}", response_model=StationRead, dependencies=[allow(*READERS)])
def station(station_id: UUID, actor: CurrentActor, runtime: RuntimeDep, wait_for: WaitFor = None) -> dict[str, Any]:
    """联络站详情。"""
    require_role(actor, *READERS, action="read_station")
    if wait_for is not None:
        runtime.wait_for(DIRECTORY.name, wait_for)
    return _readable(runtime, actor, station_id, "read_station")


@router.post("/{station_id}/staff", response_model=CommandResult, dependencies=[allow(*MANAGERS)])
def assign_staff(
    station_id: UUID, body: StaffAssign, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """任命站长、副站长或联络员。"""
    _managed(runtime, actor, station_id, "assign_staff")
    command = AssignStaff(station_id=station_id, **body.model_dump())
    return _dispatch(command, actor=actor, runtime=runtime, parts=parts)


@router.put("/{station_id}/schedule", response_model=CommandResult, dependencies=[allow(*MANAGERS)])
def set_schedule(
    station_id: UUID, body: ScheduleSet, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """设定固定活动日（遇节假日顺延至后第一个工作日）。"""
    _managed(runtime, actor, station_id, "set_schedule")
    command = SetSchedule(station_id=station_id, **body.model_dump())
    return _dispatch(command, actor=actor, runtime=runtime, parts=parts)


@router.post("/{station_id}/standard-checks", response_model=CommandResult, dependencies=[allow(*MANAGERS)])
def check_standard(
    station_id: UUID, body: StandardCheck, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """“九有”标准检查。"""
    _managed(runtime, actor, station_id, "check_standard")
    command = CheckStandard(station_id=station_id, **body.model_dump())
    return _dispatch(command, actor=actor, runtime=runtime, parts=parts)


@router.post("/{station_id}/rename", response_model=CommandResult, dependencies=[allow(*MANAGERS)])
def rename(
    station_id: UUID, body: Rename, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """更名。"""
    _managed(runtime, actor, station_id, "rename_station")
    command = RenameStation(station_id=station_id, **body.model_dump())
    return _dispatch(command, actor=actor, runtime=runtime, parts=parts)


@router.post("/{station_id}/close", response_model=CommandResult, dependencies=[allow(*MANAGERS)])
def close(
    station_id: UUID, body: Close, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """撤销联络站。"""
    _managed(runtime, actor, station_id, "close_station")
    command = CloseStation(station_id=station_id, **body.model_dump())
    return _dispatch(command, actor=actor, runtime=runtime, parts=parts)


@router.post(
    "/{station_id}/device-keys", status_code=201, response_model=DeviceKeyIssued, dependencies=[allow(*MANAGERS)]
)
def issue_device_key(
    station_id: UUID, body: DeviceKeyCreate, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> DeviceKeyIssued:
    """为联络站终端签发设备密钥（只显示一次）。"""
    station = _managed(runtime, actor, station_id, "issue_device_key")
    command = IssueDeviceKey(station_id=station_id, region_code=station["region_code"], **body.model_dump())
    key = device_keys.issue_device_key(command, parts.device_keys)
    return DeviceKeyIssued(key_id=key.key_id, device_key=key.plaintext)


@router.delete("/{station_id}/device-keys/{key_id}", status_code=204, dependencies=[allow(*MANAGERS)])
def revoke_device_key(
    station_id: UUID, key_id: str, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> None:
    """停用终端设备密钥，立即生效。"""
    _managed(runtime, actor, station_id, "revoke_device_key")
    device_keys.revoke_device_key(RevokeDeviceKey(station_id=station_id, key_id=key_id), parts.device_keys)


@router.get("/{station_id}/deputies", response_model=list[StationDeputyRead], dependencies=[allow(*READERS)])
def station_deputies(
    station_id: UUID, actor: CurrentActor, runtime: RuntimeDep, wait_for: WaitFor = None
) -> list[dict[str, Any]]:
    """进站代表名单（来自县级代表名册）。"""
    _readable(runtime, actor, station_id, "list_station_deputies")
    if wait_for is not None:
        runtime.wait_for(ROSTER.name, wait_for)
    return deputies_of_station(runtime.engine, station_id=station_id)


@router.get("/{station_id}/ledger/receptions", response_model=ReceptionPage, dependencies=[allow(*READERS)])
def receptions(
    station_id: UUID, actor: CurrentActor, runtime: RuntimeDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> dict[str, Any]:
    """活动记录（分页，新的在前）。"""
    _readable(runtime, actor, station_id, "read_ledger")
    page = PageRequest(cursor=cursor, limit=limit)
    return page_answer(reception_page(runtime.engine, station_id=station_id, page=page))


@router.get("/{station_id}/ledger/opinions", response_model=OpinionPage, dependencies=[allow(*READERS)])
def opinions(
    station_id: UUID,
    actor: CurrentActor,
    runtime: RuntimeDep,
    parts: StationPartsDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    wait_for: WaitFor = None,
) -> dict[str, Any]:
    """建议意见记录与交办/转办记录（分页，先登记的在前）；群众联系方式仅对乡镇工作人员和联络员显示。"""
    _readable(runtime, actor, station_id, "read_ledger")
    if wait_for is not None:
        runtime.wait_for(LEDGER.name, wait_for)
    page = PageRequest(cursor=cursor, limit=limit)
    found = opinion_page(runtime.engine, station_id=station_id, today=china_date(utc_now()), page=page)
    sealer = parts.sealer if actor.role in CONTACT_READERS else None
    return {"items": open_contacts(found.rows, sealer=sealer), "next_cursor": found.next_cursor}


@router.get("/{station_id}/ledger/deputies", dependencies=[allow(*READERS)])
def deputies(station_id: UUID, actor: CurrentActor, runtime: RuntimeDep) -> list[dict[str, Any]]:
    """代表联系群众记录。"""
    _readable(runtime, actor, station_id, "read_ledger")
    return deputy_contacts(runtime.engine, station_id=station_id)


@router.get("/{station_id}/summary", response_model=StationMonthRead, dependencies=[allow(*READERS)])
def summary(
    station_id: UUID,
    actor: CurrentActor,
    runtime: RuntimeDep,
    parts: StationPartsDep,
    month: Annotated[str | None, Query(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM，默认本月")] = None,
) -> dict[str, Any]:
    """月度情况：应开展活动日与实际开展、接待群众、意见办理、超期未答复。"""
    station = _readable(runtime, actor, station_id, "read_summary")
    today = china_date(utc_now())
    year, number = (int(part) for part in month.split("-")) if month else (today.year, today.month)
    return station_month(
        runtime.engine,
        station=station,
        year=year,
        month=number,
        today=today,
        calendar=parts.reads.calendar(),
    )
