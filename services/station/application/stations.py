"""Use cases on stations, for township and county staff: set-up, staff, fixed days, 九有, name, closing."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from services.station.application.context import StationContext
from services.station.application.device_keys import revoke_station_keys
from services.station.application.ports import StationReads
from services.station.domain.station import Station
from shared.aggregate import Recorded
from shared.calendar.activity_days import ActivitySchedule
from shared.errors import NotFoundError

if TYPE_CHECKING:
    # The commands module maps its classes to these handlers, so here they are names for the types only.
    from services.station.application.commands import (
        AssignStaff,
        CheckStandard,
        CloseStation,
        RenameStation,
        SetSchedule,
        SetUpStation,
    )


class UnknownDeputyError(NotFoundError):
    """Raised when a deputy the county's roster does not have is named."""

    code = "UNKNOWN_DEPUTY"
    message = "县级代表名册中没有该代表"


def require_known_deputy(reads: StationReads, deputy_id: UUID | None) -> None:
    """Refuse a deputy the county has not registered (or whose registration has not arrived yet)."""
    if deputy_id is not None and not reads.knows_deputy(deputy_id):
        raise UnknownDeputyError(field="deputy_id")


def set_up_station(command: SetUpStation, ctx: StationContext) -> Recorded:
    """Set up a liaison station; resent under the same command id, it returns the first result."""
    return ctx.commands.create(
        lambda station_id, command_ctx: Station.set_up(
            station_id=station_id,
            name=command.name,
            kind=command.kind,
            host_place=command.host_place,
            region_code=command.region_code,
            villages_served=command.villages_served,
            ctx=command_ctx,
        ),
        actor=ctx.actor,
        command_id=command.command_id,
        kind="set_up_station",
    )


def assign_staff(command: AssignStaff, ctx: StationContext) -> Recorded:
    """Make someone 站长, 副站长 or 联络员; a deputy among them must be on the county's roster."""
    require_known_deputy(ctx.reads, command.deputy_id)
    return ctx.commands.update(
        Station,
        command.station_id,
        lambda station, command_ctx: station.assign_staff(
            role=command.role, person_name=command.person_name, deputy_id=command.deputy_id, ctx=command_ctx
        ),
        actor=ctx.actor,
    )


def set_schedule(command: SetSchedule, ctx: StationContext) -> Recorded:
    """Fix the station's activity days."""
    schedule = ActivitySchedule(kind=command.kind, days_of_month=tuple(command.days_of_month), weekday=command.weekday)
    return ctx.commands.update(
        Station,
        command.station_id,
        lambda station, command_ctx: station.set_schedule(schedule=schedule, ctx=command_ctx),
        actor=ctx.actor,
    )


def check_standard(command: CheckStandard, ctx: StationContext) -> Recorded:
    """Record a 九有 check."""
    return ctx.commands.update(
        Station,
        command.station_id,
        lambda station, command_ctx: station.check_standard(
            checked_on=command.checked_on, items_met=command.items_met, ctx=command_ctx
        ),
        actor=ctx.actor,
    )


def rename_station(command: RenameStation, ctx: StationContext) -> Recorded:
    """Rename a station."""
    return ctx.commands.update(
        Station,
        command.station_id,
        lambda station, command_ctx: station.rename(name=command.name, ctx=command_ctx),
        actor=ctx.actor,
    )


def close_station(command: CloseStation, ctx: StationContext) -> Recorded:
    """Close a station and revoke every key of its terminals, each refused from its next request on.

    The keys are revoked before the close is stored, so no terminal works on while the close fails and is
    sent again; a station closed already is refused as before, its keys revoked all the same.
    """
    revoke_station_keys(command.station_id, ctx.station_keys())
    return ctx.commands.update(
        Station,
        command.station_id,
        lambda station, command_ctx: station.close(reason=command.reason, ctx=command_ctx),
        actor=ctx.actor,
    )
