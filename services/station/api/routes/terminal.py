"""The station terminal's API (device key): activities, check-ins, opinions, batch upload, ledgers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, ValidationError

from services.station.api.dependencies import StationParts, StationPartsDep
from services.station.api.views import (
    OpinionPage,
    ReceptionPage,
    ReceptionRead,
    StationMonthRead,
    open_contacts,
    station_or_404,
)
from services.station.application.commands import (
    COMMAND_HANDLERS,
    TERMINAL_COMMAND,
    CheckIn,
    GiveFeedback,
    HoldReception,
    RecordOpinion,
    ReferToTownship,
    RequestLeave,
    ScheduleReception,
    SolveOnSpot,
    TerminalCommand,
)
from services.station.application.context import StationContext
from services.station.projections.ledger import LEDGER
from services.station.projections.ledger_queries import (
    deputy_contacts,
    opinion_page,
    reception_page,
    receptions_on,
    station_month,
)
from services.station.projections.roster import deputies_of_station
from shared.api.errors import validation_error_body
from shared.api.paging import DEFAULT_LIMIT, Cursor, Limit, PageRequest, page_answer
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.application import utc_now
from shared.auth import Actor, CurrentActor, Role, allow, require_role
from shared.calendar import china_date
from shared.errors import ForbiddenError, PlatformError
from shared.eventstore import ConcurrencyConflictError
from shared.runtime import ServiceRuntime

# Only a station's own terminal, by its device key; refused before any command body is read.
router = APIRouter(prefix="/api/v1/terminal", tags=["terminal"], dependencies=[allow(Role.TERMINAL)])

WaitFor = Annotated[UUID | None, Query(description="等待该事件进入台账后再返回（读己之写）")]
MAX_BATCH = 1000


def _terminal(actor: Actor) -> UUID:
    require_role(actor, Role.TERMINAL, action="terminal")
    if actor.station_id is None:
        raise ForbiddenError("终端凭证未绑定联络站")
    return actor.station_id


def _context(runtime: ServiceRuntime, parts: StationParts, actor: Actor) -> StationContext:
    return StationContext(
        commands=runtime.commands,
        reads=parts.reads,
        sealer=parts.sealer,
        actor=actor.id,
        now=utc_now(),
        terminal_station_id=_terminal(actor),
    )


def _run(command: TerminalCommand, *, actor: Actor, runtime: ServiceRuntime, parts: StationParts) -> CommandResult:
    return CommandResult.of(COMMAND_HANDLERS.dispatch(command, _context(runtime, parts, actor)))


@router.post("/receptions", status_code=201, response_model=CommandResult)
def schedule_reception(
    body: ScheduleReception, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """安排活动（接待日、代表活动日、选民见面会、视察、调研）。"""
    return _run(body, actor=actor, runtime=runtime, parts=parts)


@router.post("/receptions/held", response_model=CommandResult)
def hold_reception(
    body: HoldReception, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """记录活动已举行：接待群众人数、议题、记录。"""
    return _run(body, actor=actor, runtime=runtime, parts=parts)


@router.post("/check-ins", response_model=CommandResult)
def check_in(body: CheckIn, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep) -> CommandResult:
    """代表签到。"""
    return _run(body, actor=actor, runtime=runtime, parts=parts)


@router.post("/leaves", response_model=CommandResult)
def request_leave(
    body: RequestLeave, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """代表请假。"""
    return _run(body, actor=actor, runtime=runtime, parts=parts)


@router.post("/opinions", status_code=201, response_model=CommandResult)
def record_opinion(
    body: RecordOpinion, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """登记群众意见。"""
    return _run(body, actor=actor, runtime=runtime, parts=parts)


@router.post("/opinions/solved", response_model=CommandResult)
def solve_on_spot(body: SolveOnSpot, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep) -> CommandResult:
    """当场解决。"""
    return _run(body, actor=actor, runtime=runtime, parts=parts)


@router.post("/opinions/referred", response_model=CommandResult)
def refer_to_township(
    body: ReferToTownship, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """转交乡镇（街道），一个月内答复。"""
    return _run(body, actor=actor, runtime=runtime, parts=parts)


@router.post("/opinions/feedback", response_model=CommandResult)
def give_feedback(
    body: GiveFeedback, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep
) -> CommandResult:
    """向群众反馈乡镇答复。"""
    return _run(body, actor=actor, runtime=runtime, parts=parts)


class BatchUpload(BaseModel):
    items: list[dict[str, Any]] = Field(
        min_length=1, max_length=MAX_BATCH, description="离线期间排队的命令，按发生顺序"
    )


class BatchItemResult(BaseModel):
    index: int
    command_id: str | None
    ok: bool
    result: CommandResult | None = None
    error: dict[str, Any] | None = None


class BatchResult(BaseModel):
    accepted: int
    refused: int
    results: list[BatchItemResult]


@router.post("/batch", response_model=BatchResult)
def upload_batch(body: BatchUpload, actor: CurrentActor, runtime: RuntimeDep, parts: StationPartsDep) -> BatchResult:
    """离线补传：逐条执行，坏的一条给出原因，好的照常保存；重复上传不会重复记录。"""
    ctx = _context(runtime, parts, actor)
    batch = ctx.commands.batch()
    results = _run_items(body.items, ctx.with_commands(batch))
    try:
        batch.commit()
    except ConcurrencyConflictError:
        # Some of it is stored already (a resent upload): item by item, each resend returns its first result.
        results = _run_items(body.items, ctx)
    accepted = sum(1 for result in results if result.ok)
    return BatchResult(accepted=accepted, refused=len(results) - accepted, results=results)


def _run_items(items: list[dict[str, Any]], ctx: StationContext) -> list[BatchItemResult]:
    results = []
    for index, item in enumerate(items):
        command_id = item.get("command_id") if isinstance(item.get("command_id"), str) else None
        try:
            recorded = COMMAND_HANDLERS.dispatch(TERMINAL_COMMAND.validate_python(item), ctx)
        except ValidationError as error:
            first: dict[str, Any] = dict(error.errors()[0])
            # A discriminated union names the command type first in the location; the field follows it.
            location: tuple[Any, ...] = tuple(first.get("loc", ()))
            first["loc"] = location[1:] if location and location[0] == item.get("type") else location
            body = validation_error_body(first, prefix=("items", index))["error"]
            results.append(BatchItemResult(index=index, command_id=command_id, ok=False, error=body))
        except PlatformError as error:
            results.append(BatchItemResult(index=index, command_id=command_id, ok=False, error=error.body()["error"]))
        else:
            results.append(
                BatchItemResult(index=index, command_id=command_id, ok=True, result=CommandResult.of(recorded))
            )
    return results


class TerminalStationRead(BaseModel):
    station_id: UUID
    name: str
    region_code: str
    today: date
    deputies: list[dict[str, Any]]
    today_receptions: list[ReceptionRead]


@router.get("/station", response_model=TerminalStationRead)
def my_station(actor: CurrentActor, runtime: RuntimeDep, wait_for: WaitFor = None) -> dict[str, Any]:
    """本站信息、进站代表、今日活动。"""
    station_id = _terminal(actor)
    engine = runtime.engine
    if wait_for is not None:
        runtime.wait_for(LEDGER.name, wait_for)
    station = station_or_404(engine, station_id)
    today = china_date(utc_now())
    return {
        "station_id": station_id,
        "name": station["name"],
        "region_code": station["region_code"],
        "today": today,
        "deputies": deputies_of_station(engine, station_id=station_id),
        "today_receptions": receptions_on(engine, station_id=station_id, day=today),
    }


@router.get("/ledger/receptions", response_model=ReceptionPage)
def receptions(
    actor: CurrentActor,
    runtime: RuntimeDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    wait_for: WaitFor = None,
) -> dict[str, Any]:
    """活动记录（分页，新的在前）。"""
    station_id = _terminal(actor)
    if wait_for is not None:
        runtime.wait_for(LEDGER.name, wait_for)
    page = PageRequest(cursor=cursor, limit=limit)
    return page_answer(reception_page(runtime.engine, station_id=station_id, page=page))


@router.get("/ledger/opinions", response_model=OpinionPage)
def opinions(
    actor: CurrentActor,
    runtime: RuntimeDep,
    parts: StationPartsDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    wait_for: WaitFor = None,
) -> dict[str, Any]:
    """建议意见记录与交办/转办记录（分页，先登记的在前；含答复、是否超期）。"""
    station_id = _terminal(actor)
    if wait_for is not None:
        runtime.wait_for(LEDGER.name, wait_for)
    page = PageRequest(cursor=cursor, limit=limit)
    found = opinion_page(runtime.engine, station_id=station_id, today=china_date(utc_now()), page=page)
    return {"items": open_contacts(found.rows, sealer=parts.sealer), "next_cursor": found.next_cursor}


@router.get("/ledger/deputies")
def deputies(actor: CurrentActor, runtime: RuntimeDep) -> list[dict[str, Any]]:
    """代表联系群众记录：各代表签到、请假次数。"""
    return deputy_contacts(runtime.engine, station_id=_terminal(actor))


@router.get("/summary", response_model=StationMonthRead)
def summary(
    actor: CurrentActor,
    runtime: RuntimeDep,
    parts: StationPartsDep,
    month: Annotated[str | None, Query(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM，默认本月")] = None,
) -> dict[str, Any]:
    """本月：应开展活动日与实际开展、接待群众、意见办理、超期未答复。"""
    station_id = _terminal(actor)
    engine = runtime.engine
    today = china_date(utc_now())
    year, number = (int(part) for part in month.split("-")) if month else (today.year, today.month)
    return station_month(
        engine,
        station=station_or_404(engine, station_id),
        year=year,
        month=number,
        today=today,
        calendar=parts.reads.calendar(),
    )
