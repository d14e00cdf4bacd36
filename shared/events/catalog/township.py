"""Events published by the township service (乡镇人大主席团 / 街道人大工委)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from shared.events import topics
from shared.events.catalog.station import WORDS_MASKED, WORDS_SEALED, SealedContact
from shared.events.envelope import EventPayload
from shared.events.region import RegionCode


class StationSupervised(EventPayload):
    """Township staff visited a station to supervise its work (督导)."""

    event_type: ClassVar[str] = "StationSupervised"
    aggregate_type: ClassVar[str] = "Supervision"
    topic: ClassVar[str] = topics.TOWNSHIP_SUPERVISION

    station_id: UUID
    visited_on: date
    findings: str = Field(min_length=1, max_length=2000)


class ReferralRoute(str, Enum):
    """Where a township sends an opinion (分流转办): (a) a township department, (b) the county 一府一委两院
    through the county's deputy-liaison body, (c) the city through a city deputy, (d) a deputy who takes
    it up as a suggestion."""

    TOWNSHIP_DEPARTMENT = "township_department"
    COUNTY = "county"
    CITY = "city"
    DEPUTY_SUGGESTION = "deputy_suggestion"


# Superseded by ReferralOpenedV2; kept as published so stored v1 referrals still parse (then upcast).
class ReferralOpened(EventPayload):
    """The township opened a referral for an opinion a station referred to it (一收集、一建账)."""

    event_type: ClassVar[str] = "ReferralOpened"
    aggregate_type: ClassVar[str] = "Referral"
    topic: ClassVar[str] = topics.TOWNSHIP_REFERRAL

    opinion_id: UUID
    station_id: UUID
    township_region_code: RegionCode
    category: str = Field(min_length=1, max_length=50)
    content: str = Field(min_length=1, max_length=5000)
    voter: SealedContact
    opinion_recorded_at: datetime = Field(description="When the station recorded it: the answer clock starts here.")
    answer_due: date
    due_is_provisional: bool = False


class ReferralOpenedV2(EventPayload):
    """The township opened a referral for a referred opinion (一收集、一建账); its words masked and sealed."""

    event_type: ClassVar[str] = "ReferralOpened"
    schema_version: ClassVar[int] = 2
    aggregate_type: ClassVar[str] = "Referral"
    topic: ClassVar[str] = topics.TOWNSHIP_REFERRAL

    opinion_id: UUID
    station_id: UUID
    township_region_code: RegionCode
    category: str = Field(min_length=1, max_length=50)
    content: str = Field(min_length=1, max_length=5000, description=WORDS_MASKED)
    content_sealed: str | None = Field(default=None, min_length=1, description=WORDS_SEALED)
    voter: SealedContact
    opinion_recorded_at: datetime = Field(description="When the station recorded it: the answer clock starts here.")
    answer_due: date
    due_is_provisional: bool = False


class ReferralRouted(EventPayload):
    """The township routed a referral (交办/转办) to a department, the county, the city or a deputy."""

    event_type: ClassVar[str] = "ReferralRouted"
    aggregate_type: ClassVar[str] = "Referral"
    topic: ClassVar[str] = topics.TOWNSHIP_REFERRAL

    opinion_id: UUID
    station_id: UUID
    route: ReferralRoute
    routed_to: str = Field(min_length=1, max_length=100, description="The department, unit or person it went to.")
    deputy_id: UUID | None = Field(default=None, description="For the city and deputy-suggestion routes.")
    note: str = Field(default="", max_length=2000)


class ReferralMerged(EventPayload):
    """The referral duplicates another and is handled with it (并案); its voter is still answered."""

    event_type: ClassVar[str] = "ReferralMerged"
    aggregate_type: ClassVar[str] = "Referral"
    topic: ClassVar[str] = topics.TOWNSHIP_REFERRAL

    opinion_id: UUID
    station_id: UUID
    merged_into: UUID = Field(description="The referral it is handled with.")


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


EVENTS: tuple[type[EventPayload], ...] = (
    StationSupervised,
    ReferralOpened,
    ReferralOpenedV2,
    ReferralRouted,
    ReferralMerged,
    ReferralAnswered,
    ReferralClosed,
)
