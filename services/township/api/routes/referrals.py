"""The referral inbox for township staff (分流转办): filter by status, route and deadline colour; route, answer, close."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from services.township.api.dependencies import TownshipParts, TownshipPartsDep
from services.township.api.places import area_of, require_in_region
from services.township.application.commands import (
    COMMAND_HANDLERS,
    AnswerCreate,
    AnswerReferral,
    CloseCreate,
    CloseReferral,
    MergeCreate,
    MergeReferral,
    RouteCreate,
    RouteReferral,
)
from services.township.application.context import TownshipContext
from services.township.projections.inbox import INBOX, get_referral, inbox_page
from shared.api.paging import DEFAULT_LIMIT, Cursor, Limit, Page, PageRequest
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.application import utc_now
from shared.auth import Actor, CurrentActor, Role, allow, require_role
from shared.calendar import china_date
from shared.command_bus import Command
from shared.errors import NotFoundError
from shared.events.catalog.township import ReferralOutcome, ReferralRoute
from shared.privacy import show_voter
from shared.runtime import ServiceRuntime

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
    contact_unreadable: bool = Field(
        default=False, description="联系方式无法解密（密钥已撤除或数据损坏）：姓名、电话与意见内容以脱敏形式显示"
    )


class ReferralPage(Page[ReferralRead]):
    """One page of the inbox."""


def _with_contacts(rows: list[dict[str, Any]], *, actor: Actor, parts: TownshipParts) -> list[dict[str, Any]]:
    # Township staff call the voter back with the answer; everyone above the township sees masks.
    sealer = parts.sealer if actor.role is Role.TOWNSHIP_STAFF else None
    return [show_voter(row, sealer=sealer) for row in rows]


def _handled(runtime: ServiceRuntime, actor: Actor, referral_id: UUID, action: str) -> None:
    """Township staff act only on referrals from stations inside their township (as the directory draws it now)."""
    require_role(actor, Role.TOWNSHIP_STAFF, action=action)
    row = get_referral(runtime.engine, referral_id=referral_id)
    if row is None:
        raise NotFoundError("转办件不存在", field="referral_id")
    require_in_region(runtime, actor, row["region_code"], action=action)


def _dispatch(command: Command, *, actor: Actor, runtime: ServiceRuntime, parts: TownshipParts) -> CommandResult:
    ctx = TownshipContext(commands=runtime.commands, reads=parts.reads, actor=actor.id, now=utc_now())
    return CommandResult.of(COMMAND_HANDLERS.dispatch(command, ctx))


@router.get("", response_model=ReferralPage, dependencies=[allow(*READERS)])
def list_referrals(
    actor: CurrentActor,
    runtime: RuntimeDep,
    parts: TownshipPartsDep,
    status: Annotated[str | None, Query(pattern="^(open|routed|merged|in_coordination|answered|closed)$")] = None,
    route: ReferralRoute | None = None,
    colour: Colour | None = None,
    station_id: UUID | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    wait_for: Annotated[UUID | None, Query(description="等待该事件进入台账后再返回")] = None,
) -> dict[str, Any]:
    """转办台账（分页，期限早的在前）：按状态、去向、期限颜色筛选（红色为超期未答复）。"""
    require_role(actor, *READERS, action="list_referrals")
    if wait_for is not None:
        runtime.wait_for(INBOX.name, wait_for)
    page = inbox_page(
        runtime.engine,
        area=area_of(runtime, actor.region_code),
        today=china_date(utc_now()),
        page=PageRequest(cursor=cursor, limit=limit),
        status=status,
        route=route.value if route else None,
        colour=colour,
        station_id=station_id,
    )
    return {"items": _with_contacts(page.rows, actor=actor, parts=parts), "next_cursor": page.next_cursor}


@router.post("/{referral_id}/route", response_model=CommandResult, dependencies=[allow(Role.TOWNSHIP_STAFF)])
def route_referral(
    referral_id: UUID, body: RouteCreate, actor: CurrentActor, runtime: RuntimeDep, parts: TownshipPartsDep
) -> CommandResult:
    """分流：交乡镇部门、转县“一府一委两院”、转市级代表，或由代表形成建议。"""
    _handled(runtime, actor, referral_id, "route_referral")
    command = RouteReferral(referral_id=referral_id, **body.model_dump())
    return _dispatch(command, actor=actor, runtime=runtime, parts=parts)


@router.post("/{referral_id}/merge", response_model=CommandResult, dependencies=[allow(Role.TOWNSHIP_STAFF)])
def merge_referral(
    referral_id: UUID, body: MergeCreate, actor: CurrentActor, runtime: RuntimeDep, parts: TownshipPartsDep
) -> CommandResult:
    """并案办理（仍逐一答复群众）。"""
    _handled(runtime, actor, referral_id, "merge_referral")
    _handled(runtime, actor, body.into, "merge_referral")
    command = MergeReferral(referral_id=referral_id, **body.model_dump())
    return _dispatch(command, actor=actor, runtime=runtime, parts=parts)


@router.post("/{referral_id}/answer", response_model=CommandResult, dependencies=[allow(Role.TOWNSHIP_STAFF)])
def answer_referral(
    referral_id: UUID, body: AnswerCreate, actor: CurrentActor, runtime: RuntimeDep, parts: TownshipPartsDep
) -> CommandResult:
    """答复群众；答复同步到联络站台账。"""
    _handled(runtime, actor, referral_id, "answer_referral")
    command = AnswerReferral(referral_id=referral_id, **body.model_dump())
    return _dispatch(command, actor=actor, runtime=runtime, parts=parts)


@router.post("/{referral_id}/close", response_model=CommandResult, dependencies=[allow(Role.TOWNSHIP_STAFF)])
def close_referral(
    referral_id: UUID, body: CloseCreate, actor: CurrentActor, runtime: RuntimeDep, parts: TownshipPartsDep
) -> CommandResult:
    """办结：已解决，或协调中（须说明原因）。"""
    _handled(runtime, actor, referral_id, "close_referral")
    command = CloseReferral(referral_id=referral_id, **body.model_dump())
    return _dispatch(command, actor=actor, runtime=runtime, parts=parts)
