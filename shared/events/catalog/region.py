"""Events of the region directory (区划目录): the units a 12-digit code names, their kind and their parent.

A unit keeps its code for life; moving it under another parent (a village to another township) or
changing its kind (a 镇 becomes a 街道) is an event, so roll-ups by region follow it on replay.
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

from pydantic import Field

from shared.events import topics
from shared.events.envelope import EventPayload
from shared.events.region import RegionCode


class RegionKind(str, Enum):
    """What a unit is: 市; 县 / 区 / 开发区; 镇 / 乡 / 街道; 村 / 社区."""

    CITY = "city"
    COUNTY = "county"
    DISTRICT = "district"
    DEVELOPMENT_ZONE = "development_zone"
    TOWN = "town"
    TOWNSHIP = "township"
    STREET = "street"
    VILLAGE = "village"
    COMMUNITY = "community"


class RegionUnitRegistered(EventPayload):
    """A unit was entered in the region directory with its name, kind and parent (none for a city)."""

    event_type: ClassVar[str] = "RegionUnitRegistered"
    aggregate_type: ClassVar[str] = "RegionUnit"
    topic: ClassVar[str] = topics.COUNTY_REGION

    code: RegionCode
    name: str = Field(min_length=1, max_length=100)
    kind: RegionKind
    parent_code: RegionCode | None = Field(default=None, description="上级区划代码；市级为空")


class RegionUnitReparented(EventPayload):
    """A unit was moved under another parent of the next level up; its code stays."""

    event_type: ClassVar[str] = "RegionUnitReparented"
    aggregate_type: ClassVar[str] = "RegionUnit"
    topic: ClassVar[str] = topics.COUNTY_REGION

    parent_code: RegionCode
    previous_parent_code: RegionCode


class RegionUnitKindChanged(EventPayload):
    """A unit changed kind within its level (撤乡设镇, 撤镇设街道, 撤县设区)."""

    event_type: ClassVar[str] = "RegionUnitKindChanged"
    aggregate_type: ClassVar[str] = "RegionUnit"
    topic: ClassVar[str] = topics.COUNTY_REGION

    kind: RegionKind
    previous_kind: RegionKind


class RegionUnitRenamed(EventPayload):
    """A unit took a new name."""

    event_type: ClassVar[str] = "RegionUnitRenamed"
    aggregate_type: ClassVar[str] = "RegionUnit"
    topic: ClassVar[str] = topics.COUNTY_REGION

    name: str = Field(min_length=1, max_length=100)
    previous_name: str = Field(default="", max_length=100)


EVENTS: tuple[type[EventPayload], ...] = (
    RegionUnitRegistered,
    RegionUnitReparented,
    RegionUnitKindChanged,
    RegionUnitRenamed,
)
