"""The commands on handling units (承办单位) and the routing rule from suggestion category to working body."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from services.county.application.command_kinds import CountyCommand
from shared.events.catalog.handling import HandlingUnitKind
from shared.events.catalog.suggestion import SuggestionCategory


class RegisterHandlingUnit(CountyCommand):
    """Register a handling unit of the county, with its head and the vice governor in charge of it."""

    step = "register_handling_unit"

    name: str = Field(min_length=1, max_length=100)
    kind: HandlingUnitKind
    head: str = Field(min_length=1, max_length=50)
    vice_governor: str = Field(default="", max_length=50)


class PublishRoutingRule(CountyCommand):
    """Publish the next version of the county's rule from suggestion category to supervising working body."""

    step = "publish_routing_rule"

    bodies: dict[SuggestionCategory, str] = Field(description="每个建议类别对应的督办工作机构")
    effective_from: date
