"""The routing rule: which working body of the standing committee supervises each suggestion category.

It is versioned: each publication is a new version, and every assignment records the version it used.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ValidationFailedError
from shared.events.catalog.handling import RoutingRulePublished
from shared.events.catalog.suggestion import SuggestionCategory


class IncompleteRoutingRuleError(ValidationFailedError):
    """Raised when a routing rule leaves a suggestion category without a working body."""

    code = "INCOMPLETE_ROUTING_RULE"
    message = "每个建议类别都须指定负责督办的工作机构"


class NoRoutingRuleError(ValidationFailedError):
    """Raised when a suggestion is assigned before any routing rule is published."""

    code = "NO_ROUTING_RULE"
    message = "尚未发布建议类别与督办工作机构的对应规则"


def routing_rule_id(county_region_code: str) -> UUID:
    """The one routing rule of a county."""
    return uuid5(UUID(int=0x5247), f"routing-rule:{county_region_code}")


class RoutingRule(Aggregate):
    """The county's category → working body rule, in versions."""

    aggregate_type = "RoutingRule"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.rule_version = 0
        self.bodies: dict[SuggestionCategory, str] = {}

    @classmethod
    def start(cls, *, rule_id: UUID) -> RoutingRule:
        """A rule with no version published yet (its first publication creates it in the store)."""
        return cls(rule_id)

    def publish(
        self, *, bodies: dict[SuggestionCategory, str], effective_from: date, region_code: str, ctx: CommandContext
    ) -> None:
        """Publish the next version; every category must name its working body."""
        missing = [category.value for category in SuggestionCategory if not bodies.get(category, "").strip()]
        if missing:
            raise IncompleteRoutingRuleError(f"以下类别未指定督办工作机构：{'、'.join(missing)}", field="bodies")
        self._record(
            RoutingRulePublished(
                rule_version=self.rule_version + 1,
                bodies={category.value: body.strip() for category, body in bodies.items()},
                effective_from=effective_from,
            ),
            ctx=ctx,
            region_code=region_code,
        )

    @applies(RoutingRulePublished)
    def _published(self, event: RoutingRulePublished) -> None:
        self.rule_version = event.rule_version
        self.bodies = {SuggestionCategory(category): body for category, body in event.bodies.items()}

    def body_for(self, category: SuggestionCategory) -> tuple[str, int]:
        """The working body that supervises a category, and the rule version that says so."""
        if self.rule_version == 0:
            raise NoRoutingRuleError(field="category")
        return self.bodies[category], self.rule_version
