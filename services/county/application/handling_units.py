"""Use cases on handling units (承办单位) and the routing rule."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.county.domain.handling_unit import HandlingUnit
from services.county.domain.routing_rule import RoutingRule, routing_rule_id
from shared.aggregate import Recorded
from shared.application import Commands
from shared.events.catalog.handling import HandlingUnitKind
from shared.events.catalog.suggestion import SuggestionCategory


def register_handling_unit(
    commands: Commands,
    *,
    actor: str,
    name: str,
    kind: HandlingUnitKind,
    head: str,
    vice_governor: str,
    region_code: str,
    command_id: UUID | None = None,
) -> Recorded:
    """Register a handling unit of the county."""
    return commands.create(
        lambda unit_id, ctx: HandlingUnit.register(
            unit_id=unit_id,
            name=name,
            kind=kind,
            head=head,
            vice_governor=vice_governor,
            region_code=region_code,
            ctx=ctx,
        ),
        actor=actor,
        command_id=command_id,
        kind="register_handling_unit",
    )


def publish_routing_rule(
    commands: Commands,
    *,
    actor: str,
    county_region_code: str,
    bodies: dict[SuggestionCategory, str],
    effective_from: date,
) -> Recorded:
    """Publish the next version of the county's category → working body rule."""
    rule_id = routing_rule_id(county_region_code)
    if commands.store.exists(rule_id):
        rule = commands.load(RoutingRule, rule_id)
    else:
        rule = RoutingRule.start(rule_id=rule_id)
    rule.publish(
        bodies=bodies, effective_from=effective_from, region_code=county_region_code, ctx=commands.context(actor=actor)
    )
    return commands.store.save(rule)[0]
