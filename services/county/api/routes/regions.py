"""Region directory routes (区划目录): the units of the county and below, their kinds and parents."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.county.application.regions import (
    change_region_kind,
    register_region_unit,
    rename_region_unit,
    reparent_region_unit,
)
from services.county.projections.regions import REGIONS, list_region_units, region_unit
from shared.api.schemas import CommandResult
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.errors import NotFoundError
from shared.events.catalog.region import RegionKind
from shared.events.region import RegionCode, RegionLevel, prefix_of

router = APIRouter(prefix="/api/v1/regions", tags=["regions"])

READERS = (Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)

WaitFor = Annotated[UUID | None, Query(description="等待该事件进入区划目录后再返回")]


class RegionUnitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    command_id: UUID | None = None
    code: RegionCode
    name: str = Field(min_length=1, max_length=100)
    kind: RegionKind
    parent_code: RegionCode | None = Field(default=None, description="上级区划代码；不填则按代码前缀确定")


class RegionReparent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID | None = None
    parent_code: RegionCode = Field(description="新的上级区划代码（高一级、已登记）")


class RegionKindChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID | None = None
    kind: RegionKind


class RegionRename(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    command_id: UUID | None = None
    name: str = Field(min_length=1, max_length=100)


class RegionUnitRead(BaseModel):
    code: str
    name: str
    kind: RegionKind
    level: RegionLevel
    parent_code: str | None


def _runtime(request: Request) -> Any:
    return request.app.state.runtime


def _manage(actor: Actor, *codes: str, action: str) -> None:
    """County staff change the directory only inside their own region, for the unit and any parent named."""
    require_role(actor, Role.COUNTY_STAFF, action=action)
    for code in codes:
        require_region(actor, code, action=action)


@router.post("", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def register(body: RegionUnitCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """登记区划单位（市、县/区/开发区、乡/镇/街道、村/社区）。"""
    parents = () if body.parent_code is None else (body.parent_code,)
    _manage(actor, body.code, *parents, action="register_region_unit")
    recorded = register_region_unit(_runtime(request).commands, actor=actor.id, **body.model_dump())
    return CommandResult.of(recorded)


@router.post("/{code}/reparent", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def reparent(code: RegionCode, body: RegionReparent, actor: CurrentActor, request: Request) -> CommandResult:
    """调整隶属关系：将区划单位划归另一个上级（代码不变）。"""
    _manage(actor, code, body.parent_code, action="reparent_region_unit")
    recorded = reparent_region_unit(
        _runtime(request).commands,
        actor=actor.id,
        code=code,
        parent_code=body.parent_code,
        command_id=body.command_id,
    )
    return CommandResult.of(recorded)


@router.post("/{code}/kind", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def change_kind(code: RegionCode, body: RegionKindChange, actor: CurrentActor, request: Request) -> CommandResult:
    """变更区划类型（如撤镇设街道、撤县设区），须与代码层级相符。"""
    _manage(actor, code, action="change_region_kind")
    recorded = change_region_kind(
        _runtime(request).commands, actor=actor.id, code=code, kind=body.kind, command_id=body.command_id
    )
    return CommandResult.of(recorded)


@router.post("/{code}/rename", response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def rename(code: RegionCode, body: RegionRename, actor: CurrentActor, request: Request) -> CommandResult:
    """区划单位更名。"""
    _manage(actor, code, action="rename_region_unit")
    recorded = rename_region_unit(
        _runtime(request).commands, actor=actor.id, code=code, name=body.name, command_id=body.command_id
    )
    return CommandResult.of(recorded)


def _reader(request: Request, actor: Actor, region_code: str, *, action: str, wait_for: UUID | None) -> None:
    require_role(actor, *READERS, action=action)
    require_region(actor, region_code, action=action)
    if wait_for is not None:
        _runtime(request).wait_for(REGIONS.name, wait_for)


@router.get("", response_model=list[RegionUnitRead], dependencies=[allow(*READERS)])
def list_units(
    actor: CurrentActor,
    request: Request,
    within: Annotated[RegionCode | None, Query(description="只列出该区划及其下级（按代码前缀）")] = None,
    level: Annotated[RegionLevel | None, Query(description="区划层级")] = None,
    wait_for: WaitFor = None,
) -> list[dict[str, Any]]:
    """本辖区区划目录（可按上级区划代码前缀、层级筛选），按代码排列。"""
    scope = within or actor.region_code
    _reader(request, actor, scope, action="list_region_units", wait_for=wait_for)
    return list_region_units(_runtime(request).engine, within=prefix_of(scope), level=level)


@router.get("/{code}", response_model=RegionUnitRead, dependencies=[allow(*READERS)])
def get_unit(code: RegionCode, actor: CurrentActor, request: Request, wait_for: WaitFor = None) -> dict[str, Any]:
    """一个区划单位：名称、类型、层级与当前上级。"""
    _reader(request, actor, code, action="read_region_unit", wait_for=wait_for)
    unit = region_unit(_runtime(request).engine, code=code)
    if unit is None:
        raise NotFoundError(f"区划代码 {code} 未登记", field="code")
    return unit
