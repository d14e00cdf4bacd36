"""Use cases on handling units (承办单位) and the routing rule."""

from __future__ import annotations

from services.county.application.context import CountyContext
from services.county.application.handling_unit_commands import PublishRoutingRule, RegisterHandlingUnit
from services.county.application.steps import run_on_or_start
from services.county.domain.handling_unit import HandlingUnit
from services.county.domain.routing_rule import RoutingRule, routing_rule_id
from shared.aggregate import Recorded
from shared.application import Commands
from shared.events.region import county_of


def register_handling_unit(commands: Commands, unit: RegisterHandlingUnit, *, actor: str, region_code: str) -> Recorded:
    """Register a handling unit of the county."""
    return commands.create(
        lambda unit_id, ctx: HandlingUnit.register(
            unit_id=unit_id,
            name=unit.name,
            kind=unit.kind,
            head=unit.head,
            vice_governor=unit.vice_governor,
            region_code=region_code,
            ctx=ctx,
        ),
        actor=actor,
        command_id=unit.command_id,
        kind=unit.step,
    )


def register(command: RegisterHandlingUnit, ctx: CountyContext) -> Recorded:
    """The unit belongs to the county of the staff who register it."""
    return register_handling_unit(ctx.commands, command, actor=ctx.actor, region_code=county_of(ctx.region_code))


def publish_routing_rule(
    commands: Commands, rule: PublishRoutingRule, *, actor: str, county_region_code: str
) -> Recorded:
    """Publish the next version of the county's category → working body rule."""
    rule_id = routing_rule_id(county_region_code)
    return run_on_or_start(
        commands,
        RoutingRule,
        rule_id,
        lambda: RoutingRule.start(rule_id=rule_id),
        actor=actor,
        step=rule.step,
        command=lambda published, at: published.publish(
            bodies=rule.bodies, effective_from=rule.effective_from, region_code=county_region_code, ctx=at
        ),
        command_id=rule.command_id,
    )


def publish(command: PublishRoutingRule, ctx: CountyContext) -> Recorded:
    """The rule of the county the publishing staff belong to."""
    return publish_routing_rule(ctx.commands, command, actor=ctx.actor, county_region_code=county_of(ctx.region_code))
