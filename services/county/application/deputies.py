"""Use cases on the deputy roster."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.county.domain.deputy import Deputy, DeputyProfile
from shared.aggregate import Recorded
from shared.application import Commands
from shared.events.catalog.county import DeputyGroupKind, LeavingReason


def elect_deputy(commands: Commands, *, actor: str, profile: DeputyProfile) -> Recorded:
    """Record a deputy's election on the roster."""
    return commands.create(
        lambda deputy_id, ctx: Deputy.elect(deputy_id=deputy_id, profile=profile, ctx=ctx), actor=actor
    )


def deputy_region(commands: Commands, *, deputy_id: UUID) -> str:
    """Where the deputy is resident, from the deputy's own history (for authorising a command on them)."""
    return commands.store.load(Deputy, deputy_id).region_code


def attach_deputy_to_station(
    commands: Commands,
    *,
    actor: str,
    deputy_id: UUID,
    station_id: UUID,
    station_region_code: str,
    expected_version: int | None = None,
) -> Recorded:
    """Attach a deputy to a liaison station."""
    return commands.update(
        Deputy,
        deputy_id,
        lambda deputy, ctx: deputy.attach_to_station(
            station_id=station_id, station_region_code=station_region_code, ctx=ctx
        ),
        actor=actor,
        expected_version=expected_version,
    )


def join_group(
    commands: Commands,
    *,
    actor: str,
    deputy_id: UUID,
    group_name: str,
    kind: DeputyGroupKind,
    expected_version: int | None = None,
) -> Recorded:
    """Put a deputy in a deputy group (代表小组) or a specialty group (专业小组)."""
    return commands.update(
        Deputy,
        deputy_id,
        lambda deputy, ctx: deputy.join_group(group_name=group_name, kind=kind, ctx=ctx),
        actor=actor,
        expected_version=expected_version,
    )


def leave_group(
    commands: Commands, *, actor: str, deputy_id: UUID, group_name: str, expected_version: int | None = None
) -> Recorded:
    """Take a deputy out of a group."""
    return commands.update(
        Deputy,
        deputy_id,
        lambda deputy, ctx: deputy.leave_group(group_name=group_name, ctx=ctx),
        actor=actor,
        expected_version=expected_version,
    )


def leave_office(
    commands: Commands,
    *,
    actor: str,
    deputy_id: UUID,
    reason: LeavingReason,
    left_on: date,
    note: str = "",
    expected_version: int | None = None,
) -> Recorded:
    """Record that a deputy left office."""
    return commands.update(
        Deputy,
        deputy_id,
        lambda deputy, ctx: deputy.leave_office(reason=reason, left_on=left_on, note=note, ctx=ctx),
        actor=actor,
        expected_version=expected_version,
    )
