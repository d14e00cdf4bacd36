"""Events published by the township service (乡镇人大主席团 / 街道人大工委)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from shared.events import topics
from shared.events.envelope import EventPayload


class StationSupervised(EventPayload):
    """Township staff visited a station to supervise its work (督导)."""

    event_type: ClassVar[str] = "StationSupervised"
    aggregate_type: ClassVar[str] = "Supervision"
    topic: ClassVar[str] = topics.TOWNSHIP_SUPERVISION

    station_id: UUID
    visited_on: date
    findings: str = Field(min_length=1, max_length=2000)


EVENTS: tuple[type[EventPayload], ...] = (StationSupervised,)
