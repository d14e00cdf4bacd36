"""Use cases on the deputy roster: elect, attach to a station, join and leave groups, leave office."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

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


def deputy_region(commands: Commands, *, deputy_id: UUID) -> str:
    """Where the deputy is resident, from the deputy's own history (for authorising a command on them)."""
    return commands.store.load(Deputy, deputy_id).region_code


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
    return _on_deputy(
        command,
        ctx,
        command.expected_version,
        lambda deputy, at: deputy.attach_to_station(
            station_id=command.station_id, station_region_code=command.station_region_code, ctx=at
        ),
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
