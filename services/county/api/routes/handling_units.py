"""Handling units (承办单位) and the routing rule from suggestion category to supervising working body."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from services.county.application.handling_units import publish_routing_rule, register_handling_unit
from services.county.projections.handling_units import handling_units, routing_rules
from shared.api.schemas import CommandResult
from shared.auth import CurrentActor, Role, allow, require_role
from shared.events.catalog.handling import HandlingUnitKind
from shared.events.catalog.suggestion import SuggestionCategory
from shared.events.region import county_of, prefix_of

router = APIRouter(prefix="/api/v1", tags=["handling units"])


class HandlingUnitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID | None = None
    name: str = Field(min_length=1, max_length=100)
    kind: HandlingUnitKind
    head: str = Field(min_length=1, max_length=50)
    vice_governor: str = Field(default="", max_length=50)


class HandlingUnitRead(BaseModel):
    unit_id: UUID
    region_code: str
    name: str
    kind: HandlingUnitKind
    head: str
    vice_governor: str
    version: int


class RoutingRuleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bodies: dict[SuggestionCategory, str] = Field(description="每个建议类别对应的督办工作机构")
    effective_from: date


class RoutingRuleRead(BaseModel):
    county_region_code: str
    rule_version: int
    bodies: dict[str, str]
    effective_from: date


def _runtime(request: Request) -> Any:
    return request.app.state.runtime


@router.post("/handling-units", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def register(body: HandlingUnitCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """登记承办单位（负责人、分管副县长）。"""
    require_role(actor, Role.COUNTY_STAFF, action="register_handling_unit")
    recorded = register_handling_unit(
        _runtime(request).commands,
        actor=actor.id,
        region_code=county_of(actor.region_code),
        **body.model_dump(),
    )
    return CommandResult.of(recorded)


@router.get(
    "/handling-units",
    response_model=list[HandlingUnitRead],
    dependencies=[allow(Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)],
)
def list_units(actor: CurrentActor, request: Request) -> list[dict[str, Any]]:
    """本县承办单位名单。"""
    require_role(actor, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR, action="list_handling_units")
    query = (
        select(handling_units)
        .where(handling_units.c.region_code.startswith(prefix_of(actor.region_code)))
        .order_by(handling_units.c.name)
    )
    with _runtime(request).engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


@router.post("/routing-rules", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)])
def publish(body: RoutingRuleCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """发布新版建议分类与督办工作机构对应规则（此后交办按新版本记录）。"""
    require_role(actor, Role.COUNTY_STAFF, action="publish_routing_rule")
    recorded = publish_routing_rule(
        _runtime(request).commands,
        actor=actor.id,
        county_region_code=county_of(actor.region_code),
        bodies=body.bodies,
        effective_from=body.effective_from,
    )
    return CommandResult.of(recorded)


@router.get(
    "/routing-rules",
    response_model=list[RoutingRuleRead],
    dependencies=[allow(Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)],
)
def list_rules(actor: CurrentActor, request: Request) -> list[dict[str, Any]]:
    """各版本的分类对应规则，最新在前。"""
    require_role(actor, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR, action="list_routing_rules")
    query = (
        select(routing_rules)
        .where(routing_rules.c.county_region_code.startswith(prefix_of(actor.region_code)))
        .order_by(routing_rules.c.county_region_code, routing_rules.c.rule_version.desc())
    )
    with _runtime(request).engine.connect() as connection:
        return [{**row, "bodies": json.loads(row["bodies"])} for row in connection.execute(query).mappings()]
