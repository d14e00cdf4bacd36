"""Events of the county's handling units (承办单位) and the rule that routes suggestion categories to working bodies."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import ClassVar

from pydantic import Field

from shared.events import topics
from shared.events.envelope import EventPayload


class HandlingUnitKind(str, Enum):
    """一府一委两院: a government department, the supervision commission, the court, the procuratorate."""

    GOVERNMENT_DEPARTMENT = "government_department"
    SUPERVISION_COMMISSION = "supervision_commission"
    COURT = "court"
    PROCURATORATE = "procuratorate"
    OTHER = "other"


class HandlingUnitRegistered(EventPayload):
    """A unit that answers deputies' suggestions was registered, with its head and the vice-governor in charge."""

    event_type: ClassVar[str] = "HandlingUnitRegistered"
    aggregate_type: ClassVar[str] = "HandlingUnit"
    topic: ClassVar[str] = topics.COUNTY_HANDLING_UNIT

    name: str = Field(min_length=1, max_length=100)
    kind: HandlingUnitKind
    head: str = Field(min_length=1, max_length=50, description="主要负责人")
    vice_governor: str = Field(default="", max_length=50, description="分管副县长 (or the leader in charge)")


class HandlingUnitLeadershipChanged(EventPayload):
    """A handling unit's head or the vice-governor in charge of it changed."""

    event_type: ClassVar[str] = "HandlingUnitLeadershipChanged"
    aggregate_type: ClassVar[str] = "HandlingUnit"
    topic: ClassVar[str] = topics.COUNTY_HANDLING_UNIT

    head: str = Field(min_length=1, max_length=50)
    vice_governor: str = Field(default="", max_length=50)


class RoutingRulePublished(EventPayload):
    """A new version of the rule from suggestion category to supervising working body (对口联系) was published."""

    event_type: ClassVar[str] = "RoutingRulePublished"
    aggregate_type: ClassVar[str] = "RoutingRule"
    topic: ClassVar[str] = topics.COUNTY_ROUTING_RULE

    rule_version: int = Field(ge=1)
    bodies: dict[str, str] = Field(description="Suggestion category → the working body that supervises it.")
    effective_from: date


EVENTS: tuple[type[EventPayload], ...] = (HandlingUnitRegistered, HandlingUnitLeadershipChanged, RoutingRulePublished)
