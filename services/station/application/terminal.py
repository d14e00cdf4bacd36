"""Use cases a station terminal runs: activities, check-ins, voters' opinions.

Each carries the client's command id, so a terminal that resends after a lost reply (or uploads a
day's queue twice) gets the first result back instead of a second effect.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from uuid import UUID

from services.station.application.ports import StationReads
from services.station.application.stations import require_known_deputy
from services.station.domain.opinion import Opinion
from services.station.domain.reception import DeputyNotAttachedToStationError, Reception
from services.station.domain.station import Station
from shared.aggregate import Aggregate, CommandContext, Recorded
from shared.application import Commands
from shared.calendar.activity_days import activity_days
from shared.errors import NotFoundError
from shared.events.catalog.station import ActivityKind, FeedbackMethod, OpinionChannel, SealedContact
from shared.privacy import Contact, ContactSealer, mask_name, mask_phone


def _open_station(commands: Commands, station_id: UUID) -> Station:
    station = commands.load(Station, station_id)
    station.require_open()
    return station


def _owned(aggregate: Aggregate, station_id: UUID, *, field: str) -> None:
    # A terminal sees only its own station's records: another station's id is "not found", not "forbidden".
    if getattr(aggregate, "station_id", None) != station_id:
        raise NotFoundError(field=field)


def schedule_reception(
    commands: Commands,
    reads: StationReads,
    *,
    actor: str,
    station_id: UUID,
    command_id: UUID,
    occurred_at: datetime | None,
    kind: ActivityKind,
    scheduled_on: date,
    title: str,
) -> Recorded:
    """Schedule an activity; it counts as a fixed day when it falls on one of the station's days."""
    station = _open_station(commands, station_id)
    on_schedule = station.schedule is not None and scheduled_on in {
        day.held_on
        for day in activity_days(
            schedule=station.schedule, year=scheduled_on.year, month=scheduled_on.month, calendar=reads.calendar()
        )
    }
    return commands.create(
        lambda reception_id, ctx: Reception.schedule(
            reception_id=reception_id,
            station_id=station_id,
            station_region_code=station.region_code,
            kind=kind,
            scheduled_on=scheduled_on,
            from_schedule=on_schedule,
            title=title,
            ctx=ctx,
        ),
        actor=actor,
        occurred_at=occurred_at,
        command_id=command_id,
        scope=station_id,
        kind="schedule_reception",
    )


def _reception_command(
    commands: Commands,
    *,
    actor: str,
    station_id: UUID,
    reception_id: UUID,
    command_id: UUID,
    occurred_at: datetime | None,
    kind: str,
    run: Callable[[Reception, CommandContext], None],
) -> Recorded:
    def command(reception: Reception, ctx: CommandContext) -> None:
        _owned(reception, station_id, field="reception_id")
        run(reception, ctx)

    return commands.update(
        Reception, reception_id, command, actor=actor, occurred_at=occurred_at, command_id=command_id, kind=kind
    )


def hold_reception(
    commands: Commands,
    *,
    actor: str,
    station_id: UUID,
    reception_id: UUID,
    command_id: UUID,
    occurred_at: datetime | None,
    held_on: date,
    voters_received: int,
    topics: list[str],
    notes: str,
) -> Recorded:
    """Record that an activity was held."""
    return _reception_command(
        commands,
        actor=actor,
        station_id=station_id,
        reception_id=reception_id,
        command_id=command_id,
        occurred_at=occurred_at,
        kind="hold_reception",
        run=lambda reception, ctx: reception.hold(
            held_on=held_on, voters_received=voters_received, topics=topics, notes=notes, ctx=ctx
        ),
    )


def check_in(
    commands: Commands,
    reads: StationReads,
    *,
    actor: str,
    station_id: UUID,
    reception_id: UUID,
    command_id: UUID,
    occurred_at: datetime | None,
    deputy_id: UUID,
) -> Recorded:
    """A deputy attached to the station checks in at an activity."""
    attached = reads.attached_deputies(station_id)
    return _reception_command(
        commands,
        actor=actor,
        station_id=station_id,
        reception_id=reception_id,
        command_id=command_id,
        occurred_at=occurred_at,
        kind="check_in",
        run=lambda reception, ctx: reception.check_in(deputy_id=deputy_id, attached=attached, ctx=ctx),
    )


def request_leave(
    commands: Commands,
    reads: StationReads,
    *,
    actor: str,
    station_id: UUID,
    reception_id: UUID,
    command_id: UUID,
    occurred_at: datetime | None,
    deputy_id: UUID,
    reason: str,
) -> Recorded:
    """A deputy attached to the station asks for leave from an activity."""
    attached = reads.attached_deputies(station_id)
    return _reception_command(
        commands,
        actor=actor,
        station_id=station_id,
        reception_id=reception_id,
        command_id=command_id,
        occurred_at=occurred_at,
        kind="request_leave",
        run=lambda reception, ctx: reception.request_leave(
            deputy_id=deputy_id, reason=reason, attached=attached, ctx=ctx
        ),
    )


def record_opinion(
    commands: Commands,
    reads: StationReads,
    sealer: ContactSealer,
    *,
    actor: str,
    station_id: UUID,
    command_id: UUID,
    occurred_at: datetime | None,
    reception_id: UUID | None,
    deputy_id: UUID | None,
    channel: OpinionChannel,
    category: str,
    content: str,
    place: str,
    voter_name: str,
    voter_phone: str,
) -> Recorded:
    """Record a voter's opinion; the voter's name and phone are sealed before anything is stored."""
    require_known_deputy(reads, deputy_id)
    if deputy_id is not None and deputy_id not in reads.attached_deputies(station_id):
        raise DeputyNotAttachedToStationError(field="deputy_id")
    if reception_id is not None:
        _owned(commands.load(Reception, reception_id), station_id, field="reception_id")
    station = _open_station(commands, station_id)
    voter = SealedContact(
        sealed=sealer.seal(Contact(name=voter_name, phone=voter_phone)),
        name_masked=mask_name(voter_name),
        phone_masked=mask_phone(voter_phone),
    )
    return commands.create(
        lambda opinion_id, ctx: Opinion.record(
            opinion_id=opinion_id,
            station_id=station_id,
            station_region_code=station.region_code,
            reception_id=reception_id,
            deputy_id=deputy_id,
            channel=channel,
            category=category,
            content=content,
            place=place,
            voter=voter,
            ctx=ctx,
        ),
        actor=actor,
        occurred_at=occurred_at,
        command_id=command_id,
        scope=station_id,
        kind="record_opinion",
    )


def solve_on_spot(
    commands: Commands,
    *,
    actor: str,
    station_id: UUID,
    opinion_id: UUID,
    command_id: UUID,
    occurred_at: datetime | None,
    resolution: str,
) -> Recorded:
    """The opinion was solved the same day at the station."""

    def command(opinion: Opinion, ctx: CommandContext) -> None:
        _owned(opinion, station_id, field="opinion_id")
        opinion.solve_on_spot(resolution=resolution, ctx=ctx)

    return commands.update(
        Opinion, opinion_id, command, actor=actor, occurred_at=occurred_at, command_id=command_id, kind="solve_on_spot"
    )


def refer_to_township(
    commands: Commands,
    reads: StationReads,
    *,
    actor: str,
    station_id: UUID,
    opinion_id: UUID,
    command_id: UUID,
    occurred_at: datetime | None,
) -> Recorded:
    """Refer the opinion to the station's township, with the one-month answer clock."""
    station = commands.load(Station, station_id)
    calendar = reads.calendar()

    def command(opinion: Opinion, ctx: CommandContext) -> None:
        _owned(opinion, station_id, field="opinion_id")
        opinion.refer(township_region_code=station.township_region_code, calendar=calendar, ctx=ctx)

    return commands.update(
        Opinion,
        opinion_id,
        command,
        actor=actor,
        occurred_at=occurred_at,
        command_id=command_id,
        kind="refer_to_township",
    )


def give_feedback(
    commands: Commands,
    reads: StationReads,
    *,
    actor: str,
    station_id: UUID,
    opinion_id: UUID,
    command_id: UUID,
    occurred_at: datetime | None,
    method: FeedbackMethod,
    note: str,
) -> Recorded:
    """Tell the voter the township's answer, once it has arrived."""
    answered = reads.township_answered(opinion_id)

    def command(opinion: Opinion, ctx: CommandContext) -> None:
        _owned(opinion, station_id, field="opinion_id")
        opinion.give_feedback(method=method, note=note, answered=answered, ctx=ctx)

    return commands.update(
        Opinion, opinion_id, command, actor=actor, occurred_at=occurred_at, command_id=command_id, kind="give_feedback"
    )
