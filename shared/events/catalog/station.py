"""Events published by the station service (代表联络站)."""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

from pydantic import Field

from shared.events import topics
from shared.events.envelope import EventPayload
from shared.events.region import RegionCode


class StationKind(str, Enum):
    """Where a station sits: village, township seat, street, community room, court/procuratorate room."""

    VILLAGE = "village"
    TOWNSHIP_SEAT = "township_seat"
    STREET = "street"
    COMMUNITY_ROOM = "community_room"
    JUDICIAL_ROOM = "judicial_room"


class StationSetUp(EventPayload):
    """A deputy liaison station was set up (联络站设立)."""

    event_type: ClassVar[str] = "StationSetUp"
    aggregate_type: ClassVar[str] = "Station"
    topic: ClassVar[str] = topics.STATION_STATION

    name: str = Field(min_length=2, max_length=100)
    kind: StationKind
    host_place: str = Field(default="", max_length=200, description="便民服务中心、党群服务中心…")
    township_region_code: RegionCode
    villages_served: list[RegionCode] = Field(default_factory=list, description="片区")


EVENTS: tuple[type[EventPayload], ...] = (StationSetUp,)
