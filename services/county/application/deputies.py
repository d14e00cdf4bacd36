"""Use cases on the deputy roster."""

from __future__ import annotations

from uuid import UUID

from services.county.domain.deputy import Deputy, DeputyProfile
from shared.aggregate import Recorded
from shared.application import Commands


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
