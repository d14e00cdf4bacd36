"""Events published by the county service (县人大常委会)."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, ClassVar
from uuid import UUID

from pydantic import Field

from shared.events import topics
from shared.events.envelope import EventPayload
from shared.events.region import RegionCode


class DeputyLevel(str, Enum):
    """The congress a deputy sits in: 全国/省/市/县/乡."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"


class ElectionKind(str, Enum):
    """Elected at a general election or by-elected (补选)."""

    GENERAL = "general"
    BY_ELECTION = "by_election"


# Superseded by DeputyElectedV2; kept as published so stored v1 elections still parse (then upcast).
class DeputyElected(EventPayload):
    """A deputy was elected or by-elected for a term (代表当选/补选)."""

    event_type: ClassVar[str] = "DeputyElected"
    aggregate_type: ClassVar[str] = "Deputy"
    topic: ClassVar[str] = topics.COUNTY_DEPUTY

    name: str = Field(min_length=1, max_length=50)
    level: DeputyLevel
    election: ElectionKind = ElectionKind.GENERAL
    term: int = Field(ge=1, le=99, description="届次")
    congress_region_code: RegionCode = Field(description="The congress that elected the deputy.")
    resident_region_code: RegionCode = Field(description="Where the deputy is resident (驻).")
    constituency: str = Field(default="", max_length=100, description="选区 or 选举单位")
    holds_leading_office: bool = Field(default=False, description="职务代表")
    is_public_servant: bool = Field(default=False, description="公职人员")
    occupation: str = Field(default="", max_length=100)
    elected_on: date


class DeputyElectedV2(EventPayload):
    """A deputy was elected or by-elected for a term (代表当选/补选), with their specialty (专业特长)."""

    event_type: ClassVar[str] = "DeputyElected"
    schema_version: ClassVar[int] = 2
    aggregate_type: ClassVar[str] = "Deputy"
    topic: ClassVar[str] = topics.COUNTY_DEPUTY

    name: str = Field(min_length=1, max_length=50)
    level: DeputyLevel
    election: ElectionKind = ElectionKind.GENERAL
    term: int = Field(ge=1, le=99, description="届次")
    congress_region_code: RegionCode = Field(description="The congress that elected the deputy.")
    resident_region_code: RegionCode = Field(description="Where the deputy is resident (驻).")
    constituency: str = Field(default="", max_length=100, description="选区 or 选举单位")
    holds_leading_office: bool = Field(default=False, description="职务代表")
    is_public_servant: bool = Field(default=False, description="公职人员")
    occupation: str = Field(default="", max_length=100)
    specialty: str = Field(default="", max_length=100, description="专业特长")
    elected_on: date


def deputy_elected_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """v1 knew no specialty: it reads as none recorded."""
    return {**payload, "specialty": ""}


class DeputyAttachedToStation(EventPayload):
    """A deputy was attached to a liaison station (代表进站)."""

    event_type: ClassVar[str] = "DeputyAttachedToStation"
    aggregate_type: ClassVar[str] = "Deputy"
    topic: ClassVar[str] = topics.COUNTY_DEPUTY

    station_id: UUID
    station_region_code: RegionCode


class DeputyDetachedFromStation(EventPayload):
    """A deputy was detached from a liaison station."""

    event_type: ClassVar[str] = "DeputyDetachedFromStation"
    aggregate_type: ClassVar[str] = "Deputy"
    topic: ClassVar[str] = topics.COUNTY_DEPUTY

    station_id: UUID


class DeputyGroupKind(str, Enum):
    """代表小组 (deputies of mixed levels, usually per township) or 专业小组 (by specialty)."""

    DEPUTY_GROUP = "deputy_group"
    SPECIALTY_GROUP = "specialty_group"


class DeputyJoinedGroup(EventPayload):
    """A deputy joined a deputy group (代表小组) or a specialty group (专业小组)."""

    event_type: ClassVar[str] = "DeputyJoinedGroup"
    aggregate_type: ClassVar[str] = "Deputy"
    topic: ClassVar[str] = topics.COUNTY_DEPUTY

    group_name: str = Field(min_length=1, max_length=100)
    kind: DeputyGroupKind


class DeputyLeftGroup(EventPayload):
    """A deputy left a deputy group or a specialty group."""

    event_type: ClassVar[str] = "DeputyLeftGroup"
    aggregate_type: ClassVar[str] = "Deputy"
    topic: ClassVar[str] = topics.COUNTY_DEPUTY

    group_name: str = Field(min_length=1, max_length=100)
    kind: DeputyGroupKind


class LeavingReason(str, Enum):
    """Why a deputy left office: 辞职 or 劝辞后辞职, 责令辞职, 罢免, 任期届满, 迁出调离, 去世, 其他依法终止."""

    RESIGNED = "resigned"
    RESIGNATION_ADVISED = "resignation_advised"
    RESIGNATION_ORDERED = "resignation_ordered"
    RECALLED = "recalled"
    TERM_ENDED = "term_ended"
    MOVED_AWAY = "moved_away"
    DECEASED = "deceased"
    QUALIFICATION_TERMINATED = "qualification_terminated"


class DeputyLeftOffice(EventPayload):
    """A deputy left office (离任): every station and group membership ends with it."""

    event_type: ClassVar[str] = "DeputyLeftOffice"
    aggregate_type: ClassVar[str] = "Deputy"
    topic: ClassVar[str] = topics.COUNTY_DEPUTY

    reason: LeavingReason
    left_on: date
    note: str = Field(default="", max_length=500)


class HolidayScheduleLoaded(EventPayload):
    """A year's official holiday schedule (国务院办公厅放假安排) was loaded by an administrator."""

    event_type: ClassVar[str] = "HolidayScheduleLoaded"
    aggregate_type: ClassVar[str] = "HolidaySchedule"
    topic: ClassVar[str] = topics.COUNTY_CALENDAR

    year: int = Field(ge=2000, le=2100)
    holidays: list[date] = Field(description="Days off, including weekends that are part of a holiday.")
    working_days: list[date] = Field(default_factory=list, description="Weekend days that are worked (调休).")
    source: str = Field(default="", max_length=200, description="The notice the schedule was taken from.")


EVENTS: tuple[type[EventPayload], ...] = (
    DeputyElected,
    DeputyElectedV2,
    DeputyAttachedToStation,
    DeputyDetachedFromStation,
    DeputyJoinedGroup,
    DeputyLeftGroup,
    DeputyLeftOffice,
    HolidayScheduleLoaded,
)
