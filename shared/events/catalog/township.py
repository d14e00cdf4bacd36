"""Events published by the township service (乡镇人大主席团 / 街道人大工委)."""

from __future__ import annotations

from datetime import date
from enum import Enum
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


class ReferralAnswered(EventPayload):
    """The township answered a referred opinion; the answer goes back to the station and the voter."""

    event_type: ClassVar[str] = "ReferralAnswered"
    aggregate_type: ClassVar[str] = "Referral"
    topic: ClassVar[str] = topics.TOWNSHIP_REFERRAL

    opinion_id: UUID
    station_id: UUID
    answer: str = Field(min_length=1, max_length=5000)
    answered_by: str = Field(default="", max_length=100, description="The department or person who answered.")


class ReferralOutcome(str, Enum):
    """Solved, or still in coordination (协调中) with a reason."""

    SOLVED = "solved"
    IN_COORDINATION = "in_coordination"


class ReferralClosed(EventPayload):
    """The township closed a referral: solved, or left in coordination with the reason."""

    event_type: ClassVar[str] = "ReferralClosed"
    aggregate_type: ClassVar[str] = "Referral"
    topic: ClassVar[str] = topics.TOWNSHIP_REFERRAL

    opinion_id: UUID
    station_id: UUID
    outcome: ReferralOutcome
    reason: str = Field(default="", max_length=2000)


EVENTS: tuple[type[EventPayload], ...] = (StationSupervised, ReferralAnswered, ReferralClosed)
