"""Use cases on stations."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.station.application.ports import StationReads
from services.station.domain.station import Station
from shared.aggregate import Recorded
from shared.application import Commands
from shared.calendar.activity_days import ActivitySchedule
from shared.errors import NotFoundError
from shared.events.catalog.station import StaffRole, StandardItem, StationKind


def set_up_station(
    commands: Commands,
    *,
    actor: str,
    name: str,
    kind: StationKind,
    host_place: str,
    region_code: str,
    villages_served: list[str],
) -> Recorded:
    """Set up a liaison station."""
    return commands.create(
        lambda station_id, ctx: Station.set_up(
            station_id=station_id,
            name=name,
            kind=kind,
            host_place=host_place,
            region_code=region_code,
            villages_served=villages_served,
            ctx=ctx,
        ),
        actor=actor,
    )


class UnknownDeputyError(NotFoundError):
    """Raised when a deputy the county's roster does not have is named."""

    code = "UNKNOWN_DEPUTY"
    message = "县级代表名册中没有该代表"


def require_known_deputy(reads: StationReads, deputy_id: UUID | None) -> None:
    """Refuse a deputy the county has not registered (or whose registration has not arrived yet)."""
    if deputy_id is not None and not reads.knows_deputy(deputy_id):
        raise UnknownDeputyError(field="deputy_id")


def assign_staff(
    commands: Commands,
    reads: StationReads,
    *,
    actor: str,
    station_id: UUID,
    role: StaffRole,
    person_name: str,
    deputy_id: UUID | None,
) -> Recorded:
    """Make someone 站长, 副站长 or 联络员; a deputy among them must be on the county's roster."""
    require_known_deputy(reads, deputy_id)
    return commands.update(
        Station,
        station_id,
        lambda station, ctx: station.assign_staff(role=role, person_name=person_name, deputy_id=deputy_id, ctx=ctx),
        actor=actor,
    )


def set_schedule(commands: Commands, *, actor: str, station_id: UUID, schedule: ActivitySchedule) -> Recorded:
    """Fix the station's activity days."""
    return commands.update(
        Station, station_id, lambda station, ctx: station.set_schedule(schedule=schedule, ctx=ctx), actor=actor
    )


def check_standard(
    commands: Commands, *, actor: str, station_id: UUID, checked_on: date, items_met: list[StandardItem]
) -> Recorded:
    """Record a 九有 check."""
    return commands.update(
        Station,
        station_id,
        lambda station, ctx: station.check_standard(checked_on=checked_on, items_met=items_met, ctx=ctx),
        actor=actor,
    )


def rename_station(commands: Commands, *, actor: str, station_id: UUID, name: str) -> Recorded:
    """Rename a station."""
    return commands.update(Station, station_id, lambda station, ctx: station.rename(name=name, ctx=ctx), actor=actor)


def close_station(commands: Commands, *, actor: str, station_id: UUID, reason: str) -> Recorded:
    """Close a station."""
    return commands.update(Station, station_id, lambda station, ctx: station.close(reason=reason, ctx=ctx), actor=actor)
