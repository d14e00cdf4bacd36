"""The commands a station terminal sends, one at a time or in a batch upload, and how each is run.

Every command carries the client's `command_id` (a resend returns the first result) and, where it
records something that happened, `occurred_at` — kept apart from when it reached the server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from services.station.application import terminal
from services.station.application.ports import StationReads
from shared.aggregate import Recorded
from shared.application import Commands
from shared.errors import ValidationFailedError
from shared.events.catalog.station import ActivityKind, FeedbackMethod, OpinionChannel
from shared.privacy import ContactSealer

PHONE = r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$"
# Terminal clocks drift; more than this ahead of the server is a wrong clock, not a future event.
CLOCK_SKEW = timedelta(minutes=10)


class OccurredInFutureError(ValidationFailedError):
    """Raised when a terminal says something happened later than now."""

    code = "OCCURRED_IN_FUTURE"
    message = "发生时间晚于当前时间，请检查终端时钟"


class TerminalCommand(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: UUID = Field(description="客户端生成的命令编号：重发时返回首次结果")
    occurred_at: AwareDatetime | None = Field(default=None, description="实际发生时间（离线终端补传时填写）")


class ScheduleReception(TerminalCommand):
    type: Literal["schedule_reception"] = "schedule_reception"
    kind: ActivityKind
    scheduled_on: date
    title: str = Field(default="", max_length=200)


class HoldReception(TerminalCommand):
    type: Literal["hold_reception"] = "hold_reception"
    reception_id: UUID
    held_on: date
    voters_received: int = Field(ge=0, le=100000)
    topics: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list, max_length=50)
    notes: str = Field(default="", max_length=5000)


class CheckIn(TerminalCommand):
    type: Literal["check_in"] = "check_in"
    reception_id: UUID
    deputy_id: UUID


class RequestLeave(TerminalCommand):
    type: Literal["request_leave"] = "request_leave"
    reception_id: UUID
    deputy_id: UUID
    reason: str = Field(min_length=1, max_length=500)


class RecordOpinion(TerminalCommand):
    type: Literal["record_opinion"] = "record_opinion"
    reception_id: UUID | None = None
    deputy_id: UUID | None = None
    channel: OpinionChannel = OpinionChannel.RECEPTION
    category: str = Field(min_length=1, max_length=50)
    content: str = Field(min_length=1, max_length=5000)
    place: str = Field(default="", max_length=200)
    voter_name: str = Field(min_length=1, max_length=50)
    voter_phone: str = Field(pattern=PHONE, description="手机或固定电话")

    @field_validator("content", "voter_name", "category")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("不能为空白")
        return value.strip()


class SolveOnSpot(TerminalCommand):
    type: Literal["solve_on_spot"] = "solve_on_spot"
    opinion_id: UUID
    resolution: str = Field(min_length=1, max_length=5000)


class ReferToTownship(TerminalCommand):
    type: Literal["refer_to_township"] = "refer_to_township"
    opinion_id: UUID


class GiveFeedback(TerminalCommand):
    type: Literal["give_feedback"] = "give_feedback"
    opinion_id: UUID
    method: FeedbackMethod = FeedbackMethod.PHONE
    note: str = Field(default="", max_length=2000)


AnyTerminalCommand = Annotated[
    ScheduleReception
    | HoldReception
    | CheckIn
    | RequestLeave
    | RecordOpinion
    | SolveOnSpot
    | ReferToTownship
    | GiveFeedback,
    Field(discriminator="type"),
]
COMMAND_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyTerminalCommand)


class TerminalContext:
    """What running a terminal command needs: the store, the read models, the contact key, the terminal."""

    def __init__(
        self,
        *,
        commands: Commands,
        reads: StationReads,
        sealer: ContactSealer,
        actor: str,
        station_id: UUID,
        now: datetime,
    ) -> None:
        self.commands = commands
        self.reads = reads
        self.sealer = sealer
        self.actor = actor
        self.station_id = station_id
        self.now = now

    def with_commands(self, commands: Commands) -> TerminalContext:
        """The same terminal, running its commands through other `Commands` (a batch)."""
        return TerminalContext(
            commands=commands,
            reads=self.reads,
            sealer=self.sealer,
            actor=self.actor,
            station_id=self.station_id,
            now=self.now,
        )


def _common(command: TerminalCommand, ctx: TerminalContext) -> dict[str, Any]:
    if command.occurred_at is not None and command.occurred_at > ctx.now + CLOCK_SKEW:
        raise OccurredInFutureError(field="occurred_at")
    return {
        "actor": ctx.actor,
        "station_id": ctx.station_id,
        "command_id": command.command_id,
        "occurred_at": command.occurred_at,
    }


def _schedule(command: ScheduleReception, ctx: TerminalContext) -> Recorded:
    return terminal.schedule_reception(
        ctx.commands,
        ctx.reads,
        **_common(command, ctx),
        kind=command.kind,
        scheduled_on=command.scheduled_on,
        title=command.title,
    )


def _hold(command: HoldReception, ctx: TerminalContext) -> Recorded:
    return terminal.hold_reception(
        ctx.commands,
        **_common(command, ctx),
        reception_id=command.reception_id,
        held_on=command.held_on,
        voters_received=command.voters_received,
        topics=command.topics,
        notes=command.notes,
    )


def _check_in(command: CheckIn, ctx: TerminalContext) -> Recorded:
    return terminal.check_in(
        ctx.commands, ctx.reads, **_common(command, ctx), reception_id=command.reception_id, deputy_id=command.deputy_id
    )


def _leave(command: RequestLeave, ctx: TerminalContext) -> Recorded:
    return terminal.request_leave(
        ctx.commands,
        ctx.reads,
        **_common(command, ctx),
        reception_id=command.reception_id,
        deputy_id=command.deputy_id,
        reason=command.reason,
    )


def _record(command: RecordOpinion, ctx: TerminalContext) -> Recorded:
    return terminal.record_opinion(
        ctx.commands,
        ctx.reads,
        ctx.sealer,
        **_common(command, ctx),
        reception_id=command.reception_id,
        deputy_id=command.deputy_id,
        channel=command.channel,
        category=command.category,
        content=command.content,
        place=command.place,
        voter_name=command.voter_name,
        voter_phone=command.voter_phone,
    )


def _solve(command: SolveOnSpot, ctx: TerminalContext) -> Recorded:
    return terminal.solve_on_spot(
        ctx.commands, **_common(command, ctx), opinion_id=command.opinion_id, resolution=command.resolution
    )


def _refer(command: ReferToTownship, ctx: TerminalContext) -> Recorded:
    return terminal.refer_to_township(ctx.commands, ctx.reads, **_common(command, ctx), opinion_id=command.opinion_id)


def _feedback(command: GiveFeedback, ctx: TerminalContext) -> Recorded:
    return terminal.give_feedback(
        ctx.commands,
        ctx.reads,
        **_common(command, ctx),
        opinion_id=command.opinion_id,
        method=command.method,
        note=command.note,
    )


HANDLERS: dict[type[TerminalCommand], Callable[[Any, TerminalContext], Recorded]] = {
    ScheduleReception: _schedule,
    HoldReception: _hold,
    CheckIn: _check_in,
    RequestLeave: _leave,
    RecordOpinion: _record,
    SolveOnSpot: _solve,
    ReferToTownship: _refer,
    GiveFeedback: _feedback,
}


def run(command: TerminalCommand, ctx: TerminalContext) -> Recorded:
    """Run one terminal command through its use case."""
    return HANDLERS[type(command)](command, ctx)
