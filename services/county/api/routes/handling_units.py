"""Handling units (承办单位) and the routing rule from suggestion category to supervising working body."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from services.county.api.dispatch import run
from services.county.application.handling_unit_commands import PublishRoutingRule, RegisterHandlingUnit
from services.county.projections.handling_units import handling_units, routing_rules
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.auth import CurrentActor, Role, allow, require_role
from shared.events.catalog.handling import HandlingUnitKind
from shared.events.region import prefix_of

router = APIRouter(prefix="/api/v1", tags=["handling units"])


class HandlingUnitRead(BaseModel):
    unit_id: UUID
    region_code: str
    name: str
    kind: HandlingUnitKind
    head: str
    vice_governor: str
    version: int


class RoutingRuleRead(BaseModel):
    county_region_code: str
    rule_version: int
    bodies: dict[str, str]
    effective_from: date


@router.post("/handling-units", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def register(body: RegisterHandlingUnit, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """登记承办单位（负责人、分管副县长）。"""
    require_role(actor, Role.COUNTY_STAFF, action=body.step)
    return run(runtime, actor, body)


@router.get(
    "/handling-units",
    response_model=list[HandlingUnitRead],
    dependencies=[allow(Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)],
)
def list_units(actor: CurrentActor, runtime: RuntimeDep) -> list[dict[str, Any]]:
    """本县承办单位名单。"""
    require_role(actor, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR, action="list_handling_units")
    query = (
        select(handling_units)
        .where(handling_units.c.region_code.startswith(prefix_of(actor.region_code)))
        .order_by(handling_units.c.name)
    )
    with runtime.engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


@router.post("/routing-rules", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def publish(body: PublishRoutingRule, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """发布新版建议分类与督办工作机构对应规则（此后交办按新版本记录）。"""
    require_role(actor, Role.COUNTY_STAFF, action=body.step)
    return run(runtime, actor, body)


@router.get(
    "/routing-rules",
    response_model=list[RoutingRuleRead],
    dependencies=[allow(Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)],
)
def list_rules(actor: CurrentActor, runtime: RuntimeDep) -> list[dict[str, Any]]:
    """各版本的分类对应规则，最新在前。"""
    require_role(actor, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR, action="list_routing_rules")
    query = (
        select(routing_rules)
        .where(routing_rules.c.county_region_code.startswith(prefix_of(actor.region_code)))
        .order_by(routing_rules.c.county_region_code, routing_rules.c.rule_version.desc())
    )
    with runtime.engine.connect() as connection:
        return [{**row, "bodies": json.loads(row["bodies"])} for row in connection.execute(query).mappings()]
