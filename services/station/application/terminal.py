"""Use cases a station terminal runs: activities, check-ins, voters' opinions.

Each runs under the client's command id, so a terminal that resends after a lost reply (or uploads a
day's queue twice) gets the first result back instead of a second effect. The `kind` each one names is
part of the ids it derives from the command id, so it never changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from services.station.application.context import StationContext
from services.station.application.stations import require_known_deputy
from services.station.domain.opinion import Opinion
from services.station.domain.reception import DeputyNotAttachedToStationError, Reception
from services.station.domain.station import Station
from shared.aggregate import Aggregate, CommandContext, Recorded
from shared.calendar.activity_days import activity_days
from shared.errors import NotFoundError, ValidationFailedError
from shared.events.catalog.station import SealedContact
from shared.privacy import Contact, mask_name, mask_personal_numbers, mask_phone

if TYPE_CHECKING:
    # The commands module maps its classes to these handlers, so here they are names for the types only.
    from services.station.application.commands import (
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

A = TypeVar("A", bound=Aggregate)
# Terminal clocks drift; more than this ahead of the server is a wrong clock, not a future event.
CLOCK_SKEW = timedelta(minutes=10)


class OccurredInFutureError(ValidationFailedError):
    """Raised when a terminal says something happened later than now."""

    code = "OCCURRED_IN_FUTURE"
    message = "发生时间晚于当前时间，请检查终端时钟"


def _terminal_station(command: TerminalCommand, ctx: StationContext) -> UUID:
    """The terminal's own station, once the command's time is known not to lie ahead of the server's clock."""
    if command.occurred_at is not None and command.occurred_at > ctx.now + CLOCK_SKEW:
        raise OccurredInFutureError(field="occurred_at")
    return ctx.terminal_station()


def _open_station(ctx: StationContext, station_id: UUID) -> Station:
    station = ctx.commands.load(Station, station_id)
    station.require_open()
    return station


def _owned(aggregate: Aggregate, station_id: UUID, *, field: str) -> None:
    # A terminal sees only its own station's records: another station's id is "not found", not "forbidden".
    if getattr(aggregate, "station_id", None) != station_id:
        raise NotFoundError(field=field)


def _create(
    command: TerminalCommand,
    ctx: StationContext,
    build: Callable[[UUID, CommandContext], A],
    *,
    station_id: UUID,
    kind: str,
) -> Recorded:
    return ctx.commands.create(
        build,
        actor=ctx.actor,
        occurred_at=command.occurred_at,
        command_id=command.command_id,
        scope=station_id,
        kind=kind,
    )


def _update(
    command: TerminalCommand,
    ctx: StationContext,
    aggregate_cls: type[A],
    aggregate_id: UUID,
    run: Callable[[A, CommandContext], None],
    *,
    station_id: UUID,
    field: str,
    kind: str,
) -> Recorded:
    def owned_then_run(aggregate: A, command_ctx: CommandContext) -> None:
        _owned(aggregate, station_id, field=field)
        run(aggregate, command_ctx)

    return ctx.commands.update(
        aggregate_cls,
        aggregate_id,
        owned_then_run,
        actor=ctx.actor,
        occurred_at=command.occurred_at,
        command_id=command.command_id,
        kind=kind,
    )


def schedule_reception(command: ScheduleReception, ctx: StationContext) -> Recorded:
    """Schedule an activity; it counts as a fixed day when it falls on one of the station's days."""
    station_id = _terminal_station(command, ctx)
    station = _open_station(ctx, station_id)
    day = command.scheduled_on
    on_schedule = station.schedule is not None and day in {
        fixed.held_on
        for fixed in activity_days(
            schedule=station.schedule, year=day.year, month=day.month, calendar=ctx.reads.calendar()
        )
    }
    return _create(
        command,
        ctx,
        lambda reception_id, command_ctx: Reception.schedule(
            reception_id=reception_id,
            station_id=station_id,
            station_region_code=station.region_code,
            kind=command.kind,
            scheduled_on=day,
            from_schedule=on_schedule,
            title=command.title,
            ctx=command_ctx,
        ),
        station_id=station_id,
        kind="schedule_reception",
    )


def hold_reception(command: HoldReception, ctx: StationContext) -> Recorded:
    """Record that an activity was held."""
    station_id = _terminal_station(command, ctx)
    return _update(
        command,
        ctx,
        Reception,
        command.reception_id,
        lambda reception, command_ctx: reception.hold(
            held_on=command.held_on,
            voters_received=command.voters_received,
            topics=command.topics,
            notes=command.notes,
            ctx=command_ctx,
        ),
        station_id=station_id,
        field="reception_id",
        kind="hold_reception",
    )


def check_in(command: CheckIn, ctx: StationContext) -> Recorded:
    """A deputy attached to the station checks in at an activity."""
    station_id = _terminal_station(command, ctx)
    attached = ctx.reads.attached_deputies(station_id)
    return _update(
        command,
        ctx,
        Reception,
        command.reception_id,
        lambda reception, command_ctx: reception.check_in(
            deputy_id=command.deputy_id, attached=attached, ctx=command_ctx
        ),
        station_id=station_id,
        field="reception_id",
        kind="check_in",
    )


def request_leave(command: RequestLeave, ctx: StationContext) -> Recorded:
    """A deputy attached to the station asks for leave from an activity."""
    station_id = _terminal_station(command, ctx)
    attached = ctx.reads.attached_deputies(station_id)
    return _update(
        command,
        ctx,
        Reception,
        command.reception_id,
        lambda reception, command_ctx: reception.request_leave(
            deputy_id=command.deputy_id, reason=command.reason, attached=attached, ctx=command_ctx
        ),
        station_id=station_id,
        field="reception_id",
        kind="request_leave",
    )


def record_opinion(command: RecordOpinion, ctx: StationContext) -> Recorded:
    """Record a voter's opinion: contact and words sealed before anything is stored, the words sent on masked."""
    station_id = _terminal_station(command, ctx)
    require_known_deputy(ctx.reads, command.deputy_id)
    if command.deputy_id is not None and command.deputy_id not in ctx.reads.attached_deputies(station_id):
        raise DeputyNotAttachedToStationError(field="deputy_id")
    if command.reception_id is not None:
        _owned(ctx.commands.load(Reception, command.reception_id), station_id, field="reception_id")
    station = _open_station(ctx, station_id)
    voter = SealedContact(
        sealed=ctx.sealer.seal(Contact(name=command.voter_name, phone=command.voter_phone)),
        name_masked=mask_name(command.voter_name),
        phone_masked=mask_phone(command.voter_phone),
    )
    return _create(
        command,
        ctx,
        lambda opinion_id, command_ctx: Opinion.record(
            opinion_id=opinion_id,
            station_id=station_id,
            station_region_code=station.region_code,
            reception_id=command.reception_id,
            deputy_id=command.deputy_id,
            channel=command.channel,
            category=command.category,
            content=mask_personal_numbers(command.content),
            content_sealed=ctx.sealer.seal_text(command.content),
            place=command.place,
            voter=voter,
            ctx=command_ctx,
        ),
        station_id=station_id,
        kind="record_opinion",
    )


def solve_on_spot(command: SolveOnSpot, ctx: StationContext) -> Recorded:
    """The opinion was solved the same day at the station."""
    station_id = _terminal_station(command, ctx)
    return _update(
        command,
        ctx,
        Opinion,
        command.opinion_id,
        lambda opinion, command_ctx: opinion.solve_on_spot(resolution=command.resolution, ctx=command_ctx),
        station_id=station_id,
        field="opinion_id",
        kind="solve_on_spot",
    )


def refer_to_township(command: ReferToTownship, ctx: StationContext) -> Recorded:
    """Refer the opinion to the station's township, with the one-month answer clock."""
    station_id = _terminal_station(command, ctx)
    station = ctx.commands.load(Station, station_id)
    calendar = ctx.reads.calendar()
    return _update(
        command,
        ctx,
        Opinion,
        command.opinion_id,
        lambda opinion, command_ctx: opinion.refer(
            township_region_code=station.township_region_code, calendar=calendar, ctx=command_ctx
        ),
        station_id=station_id,
        field="opinion_id",
        kind="refer_to_township",
    )


def give_feedback(command: GiveFeedback, ctx: StationContext) -> Recorded:
    """Tell the voter the township's answer, once it has arrived."""
    station_id = _terminal_station(command, ctx)
    answered = ctx.reads.township_answered(command.opinion_id)
    return _update(
        command,
        ctx,
        Opinion,
        command.opinion_id,
        lambda opinion, command_ctx: opinion.give_feedback(
            method=command.method, note=command.note, answered=answered, ctx=command_ctx
        ),
        station_id=station_id,
        field="opinion_id",
        kind="give_feedback",
    )
