"""Use cases on the deputy roster: elect, attach to a station, join and leave groups, leave office."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from sqlalchemy import Engine

from services.county.application.command_kinds import OnDeputy
from services.county.application.context import CountyContext
from services.county.application.deputy_commands import (
    AttachDeputyToStation,
    ElectDeputy,
    JoinDeputyGroup,
    LeaveDeputyGroup,
    LeaveOffice,
)
from services.county.domain.deputy import Deputy, DeputyProfile
from shared.aggregate import CommandContext, Recorded
from shared.application import Commands
from shared.errors import NotFoundError, ValidationFailedError
from shared.figures.station_work_queries import station_region


class StationNotKnownError(NotFoundError):
    """Raised when a deputy is attached to a station the county has no record of (unknown, or not yet synced)."""

    code = "STATION_NOT_KNOWN"
    message = "联络站不存在或尚未同步到县级"


class StationRegionMismatchError(ValidationFailedError):
    """Raised when the station's region a request gives is not the one the county's record of the station holds."""

    code = "STATION_REGION_MISMATCH"
    message = "联络站所在区域与县级记录不符"


def deputy_region(commands: Commands, *, deputy_id: UUID) -> str:
    """Where the deputy is resident, from the deputy's own history (for authorising a command on them)."""
    return commands.store.load(Deputy, deputy_id).region_code


def recorded_station_region(engine: Engine, *, station_id: UUID) -> str:
    """Where a station lies, from the county's own copy of the stations in its scope; never from a request."""
    region = station_region(engine, station_id=station_id)
    if region is None:
        raise StationNotKnownError(field="station_id")
    return region


def elect(command: ElectDeputy, ctx: CountyContext) -> Recorded:
    profile = DeputyProfile(**command.facts())
    return ctx.commands.create(
        lambda deputy_id, at: Deputy.elect(deputy_id=deputy_id, profile=profile, ctx=at),
        actor=ctx.actor,
        command_id=command.command_id,
        kind=command.step,
    )


def _on_deputy(
    command: OnDeputy, ctx: CountyContext, expected_version: int | None, step: Callable[[Deputy, CommandContext], None]
) -> Recorded:
    return ctx.commands.update(
        Deputy,
        command.deputy_id,
        step,
        actor=ctx.actor,
        expected_version=expected_version,
        command_id=command.command_id,
        kind=command.step,
    )


def attach_to_station(command: AttachDeputyToStation, ctx: CountyContext) -> Recorded:
    """Attach to a station the county knows, recorded under the region the county's record gives it."""
    region = recorded_station_region(ctx.engine, station_id=command.station_id)
    if command.station_region_code != region:
        raise StationRegionMismatchError(field="station_region_code")
    return _on_deputy(
        command,
        ctx,
        command.expected_version,
        lambda deputy, at: deputy.attach_to_station(station_id=command.station_id, station_region_code=region, ctx=at),
    )


def join_group(command: JoinDeputyGroup, ctx: CountyContext) -> Recorded:
    return _on_deputy(
        command,
        ctx,
        command.expected_version,
        lambda deputy, at: deputy.join_group(group_name=command.group_name, kind=command.kind, ctx=at),
    )


def leave_group(command: LeaveDeputyGroup, ctx: CountyContext) -> Recorded:
    return _on_deputy(
        command,
        ctx,
        command.expected_version,
        lambda deputy, at: deputy.leave_group(group_name=command.group_name, ctx=at),
    )


def leave_office(command: LeaveOffice, ctx: CountyContext) -> Recorded:
    return _on_deputy(
        command,
        ctx,
        command.expected_version,
        lambda deputy, at: deputy.leave_office(
            reason=command.reason, left_on=command.left_on, note=command.note, ctx=at
        ),
    )
