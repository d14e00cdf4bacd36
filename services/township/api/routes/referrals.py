"""The referral inbox for township staff (分流转办): filter by status, route and deadline colour; route, answer, close."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from services.township.application import referrals as use_cases
from services.township.projections.inbox import INBOX, get_referral, inbox
from shared.api.schemas import CommandResult
from shared.application import utc_now
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.calendar import china_date
from shared.errors import NotFoundError
from shared.events.catalog.township import ReferralOutcome, ReferralRoute
from shared.events.region import prefix_of
from shared.figures.station_work_queries import deputy_level

router = APIRouter(prefix="/api/v1/referrals", tags=["referrals"])

READERS = (Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)
Colour = Literal["red", "yellow", "green", "grey"]


class ReferralRead(BaseModel):
    referral_id: UUID
    opinion_id: UUID
    station_id: UUID
    region_code: str
    category: str
    content: str
    voter_name: str
    voter_phone: str
    opinion_recorded_at: datetime
    answer_due: date
    due_is_provisional: bool
    status: str
    route: ReferralRoute | None
    routed_to: str | None
    deputy_id: UUID | None
    merged_into: UUID | None
    answer: str | None
    answered_by: str | None
    answered_on: date | None
    outcome: ReferralOutcome | None
    outcome_reason: str | None
    colour: Colour
    overdue: bool
    answered_in_time: bool
    version: int


class RouteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID | None = Field(default=None, description="客户端生成的命令编号：重发时返回首次结果")
    route: ReferralRoute
    routed_to: str = Field(min_length=1, max_length=100, description="承办部门、单位或代表")
    deputy_id: UUID | None = None
    note: str = Field(default="", max_length=2000)


class MergeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID | None = Field(default=None, description="客户端生成的命令编号：重发时返回首次结果")
    into: UUID


class AnswerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID | None = Field(default=None, description="客户端生成的命令编号：重发时返回首次结果")
    answer: str = Field(min_length=1, max_length=5000)
    answered_by: str = Field(default="", max_length=100)


class CloseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID | None = Field(default=None, description="客户端生成的命令编号：重发时返回首次结果")
    outcome: ReferralOutcome
    reason: str = Field(default="", max_length=2000)


def _runtime(request: Request) -> Any:
    return request.app.state.runtime


def _with_contacts(rows: list[dict[str, Any]], *, actor: Actor, request: Request) -> list[dict[str, Any]]:
    # Township staff call the voter back with the answer; everyone above the township sees masks.
    sealer = request.app.state.sealer if actor.role is Role.TOWNSHIP_STAFF else None
    for row in rows:
        if sealer is None:
            row["voter_name"], row["voter_phone"] = row["voter_name_masked"], row["voter_phone_masked"]
        else:
            contact = sealer.open(row["voter_sealed"])
            row["voter_name"], row["voter_phone"] = contact.name, contact.phone
    return rows


def _handled(request: Request, actor: Actor, referral_id: UUID, action: str) -> None:
    """Township staff act only on referrals from stations inside their township."""
    require_role(actor, Role.TOWNSHIP_STAFF, action=action)
    row = get_referral(_runtime(request).engine, referral_id=referral_id)
    if row is None:
        raise NotFoundError("转办件不存在", field="referral_id")
    require_region(actor, row["region_code"], action=action)


@router.get("", response_model=list[ReferralRead], dependencies=[allow(*READERS)])
def list_referrals(
    actor: CurrentActor,
    request: Request,
    status: Annotated[str | None, Query(pattern="^(open|routed|merged|in_coordination|answered|closed)$")] = None,
    route: ReferralRoute | None = None,
    colour: Colour | None = None,
    station_id: UUID | None = None,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入台账后再返回")] = None,
) -> list[dict[str, Any]]:
    """转办台账：按状态、去向、期限颜色筛选（红色为超期未答复）。"""
    require_role(actor, *READERS, action="list_referrals")
    if wait_for is not None:
        _runtime(request).wait_for(INBOX.name, wait_for)
    rows = inbox(
        _runtime(request).engine,
        within=prefix_of(actor.region_code),
        today=china_date(utc_now()),
        status=status,
        route=route.value if route else None,
        colour=colour,
        station_id=station_id,
    )
    return _with_contacts(rows, actor=actor, request=request)


@router.post("/{referral_id}/route", response_model=CommandResult, dependencies=[allow(Role.TOWNSHIP_STAFF)])
def route_referral(referral_id: UUID, body: RouteCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """分流：交乡镇部门、转县“一府一委两院”、转市级代表，或由代表形成建议。"""
    _handled(request, actor, referral_id, "route_referral")
    return CommandResult.of(
        use_cases.route_referral(
            _runtime(request).commands,
            actor=actor.id,
            referral_id=referral_id,
            deputy_level=lambda deputy_id: deputy_level(_runtime(request).engine, deputy_id=deputy_id),
            **body.model_dump(),
        )
    )


@router.post("/{referral_id}/merge", response_model=CommandResult, dependencies=[allow(Role.TOWNSHIP_STAFF)])
def merge_referral(referral_id: UUID, body: MergeCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """并案办理（仍逐一答复群众）。"""
    _handled(request, actor, referral_id, "merge_referral")
    _handled(request, actor, body.into, "merge_referral")
    return CommandResult.of(
        use_cases.merge_referral(
            _runtime(request).commands,
            actor=actor.id,
            referral_id=referral_id,
            into=body.into,
            command_id=body.command_id,
        )
    )


@router.post("/{referral_id}/answer", response_model=CommandResult, dependencies=[allow(Role.TOWNSHIP_STAFF)])
def answer_referral(referral_id: UUID, body: AnswerCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """答复群众；答复同步到联络站台账。"""
    _handled(request, actor, referral_id, "answer_referral")
    return CommandResult.of(
        use_cases.answer_referral(
            _runtime(request).commands, actor=actor.id, referral_id=referral_id, **body.model_dump()
        )
    )


@router.post("/{referral_id}/close", response_model=CommandResult, dependencies=[allow(Role.TOWNSHIP_STAFF)])
def close_referral(referral_id: UUID, body: CloseCreate, actor: CurrentActor, request: Request) -> CommandResult:
    """办结：已解决，或协调中（须说明原因）。"""
    _handled(request, actor, referral_id, "close_referral")
    return CommandResult.of(
        use_cases.close_referral(
            _runtime(request).commands, actor=actor.id, referral_id=referral_id, **body.model_dump()
        )
    )
