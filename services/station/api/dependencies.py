"""The station's own parts as typed FastAPI dependencies: what its routes need beyond the common runtime."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.station.application.ports import DeviceKeys, StationReads
from shared.privacy import ContactSealer


@dataclass(frozen=True)
class StationParts:
    """The read models the use cases consult, the voters' contact key, and the terminals' device keys."""

    reads: StationReads
    sealer: ContactSealer
    device_keys: DeviceKeys


def station_parts(request: Request) -> StationParts:
    """The parts the station's composition root attached to its app."""
    parts: StationParts = request.app.state.station
    return parts


StationPartsDep = Annotated[StationParts, Depends(station_parts)]
