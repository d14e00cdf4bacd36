"""Use cases on stations."""

from __future__ import annotations

from services.station.domain.station import Station
from shared.aggregate import Recorded
from shared.application import Commands
from shared.events.catalog.station import StationKind


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
    station_id = commands.new_id()
    return commands.create(
        lambda ctx: Station.set_up(
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
