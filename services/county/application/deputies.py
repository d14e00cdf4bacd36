"""Use cases on the deputy roster."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.county.domain.deputy import Deputy
from shared.aggregate import Recorded
from shared.application import Commands
from shared.events.catalog.county import DeputyLevel, ElectionKind


def elect_deputy(
    commands: Commands,
    *,
    actor: str,
    name: str,
    level: DeputyLevel,
    election: ElectionKind,
    term: int,
    congress_region_code: str,
    resident_region_code: str,
    constituency: str,
    holds_leading_office: bool,
    is_public_servant: bool,
    occupation: str,
    elected_on: date,
) -> Recorded:
    """Record a deputy's election on the roster."""
    deputy_id = commands.new_id()
    return commands.create(
        lambda ctx: Deputy.elect(
            deputy_id=deputy_id,
            name=name,
            level=level,
            election=election,
            term=term,
            congress_region_code=congress_region_code,
            resident_region_code=resident_region_code,
            constituency=constituency,
            holds_leading_office=holds_leading_office,
            is_public_servant=is_public_servant,
            occupation=occupation,
            elected_on=elected_on,
            ctx=ctx,
        ),
        actor=actor,
    )


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
