"""Region directory routes (区划目录): the units of the county and below, their kinds and parents."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.county.api.dispatch import run
from services.county.application.region_commands import (
    ChangeRegionKind,
    RegionKindChange,
    RegionRename,
    RegionReparent,
    RegisterRegionUnit,
    RenameRegionUnit,
    ReparentRegionUnit,
)
from services.county.projections.regions import REGIONS, list_region_units, region_unit
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.errors import NotFoundError
from shared.events.catalog.region import RegionKind
from shared.events.region import RegionCode, RegionLevel, prefix_of
from shared.runtime import ServiceRuntime

router = APIRouter(prefix="/api/v1/regions", tags=["regions"])

READERS = (Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)

WaitFor = Annotated[UUID | None, Query(description="等待该事件进入区划目录后再返回")]


class RegionUnitRead(BaseModel):
    code: str
    name: str
    kind: RegionKind
    level: RegionLevel
    parent_code: str | None


def _manage(actor: Actor, *codes: str, action: str) -> None:
    """County staff change the directory only inside their own region, for the unit and any parent named."""
    require_role(actor, Role.COUNTY_STAFF, action=action)
    for code in codes:
        require_region(actor, code, action=action)


@router.post("", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def register(body: RegisterRegionUnit, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """登记区划单位（市、县/区/开发区、乡/镇/街道、村/社区）。"""
    parents = () if body.parent_code is None else (body.parent_code,)
    _manage(actor, body.code, *parents, action=body.step)
    return run(runtime, actor, body)


@router.post("/{code}/reparent", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def reparent(code: RegionCode, body: RegionReparent, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """调整隶属关系：将区划单位划归另一个上级（代码不变）。"""
    command = ReparentRegionUnit.of(body, code=code)
    _manage(actor, code, command.parent_code, action=command.step)
    return run(runtime, actor, command)


@router.post("/{code}/kind", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def change_kind(code: RegionCode, body: RegionKindChange, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """变更区划类型（如撤镇设街道、撤县设区），须与代码层级相符。"""
    command = ChangeRegionKind.of(body, code=code)
    _manage(actor, code, action=command.step)
    return run(runtime, actor, command)


@router.post("/{code}/rename", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def rename(code: RegionCode, body: RegionRename, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """区划单位更名。"""
    command = RenameRegionUnit.of(body, code=code)
    _manage(actor, code, action=command.step)
    return run(runtime, actor, command)


def _reader(runtime: ServiceRuntime, actor: Actor, region_code: str, *, action: str, wait_for: UUID | None) -> None:
    require_role(actor, *READERS, action=action)
    require_region(actor, region_code, action=action)
    if wait_for is not None:
        runtime.wait_for(REGIONS.name, wait_for)


@router.get("", response_model=list[RegionUnitRead], dependencies=[allow(*READERS)])
def list_units(
    actor: CurrentActor,
    runtime: RuntimeDep,
    within: Annotated[RegionCode | None, Query(description="只列出该区划及其下级（按代码前缀）")] = None,
    level: Annotated[RegionLevel | None, Query(description="区划层级")] = None,
    wait_for: WaitFor = None,
) -> list[dict[str, Any]]:
    """本辖区区划目录（可按上级区划代码前缀、层级筛选），按代码排列。"""
    scope = within or actor.region_code
    _reader(runtime, actor, scope, action="list_region_units", wait_for=wait_for)
    return list_region_units(runtime.engine, within=prefix_of(scope), level=level)


@router.get("/{code}", response_model=RegionUnitRead, dependencies=[allow(*READERS)])
def get_unit(code: RegionCode, actor: CurrentActor, runtime: RuntimeDep, wait_for: WaitFor = None) -> dict[str, Any]:
    """一个区划单位：名称、类型、层级与当前上级。"""
    _reader(runtime, actor, code, action="read_region_unit", wait_for=wait_for)
    unit = region_unit(runtime.engine, code=code)
    if unit is None:
        raise NotFoundError(f"区划代码 {code} 未登记", field="code")
    return unit
