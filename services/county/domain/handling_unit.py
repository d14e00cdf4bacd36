"""Handling unit (承办单位): a body of 一府一委两院 that answers deputies' suggestions."""

from __future__ import annotations

from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.events.catalog.handling import HandlingUnitKind, HandlingUnitLeadershipChanged, HandlingUnitRegistered


class HandlingUnit(Aggregate):
    """One handling unit, its head and the vice-governor in charge of it."""

    aggregate_type = "HandlingUnit"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.name = ""
        self.head = ""
        self.vice_governor = ""

    @classmethod
    def register(
        cls,
        *,
        unit_id: UUID,
        name: str,
        kind: HandlingUnitKind,
        head: str,
        vice_governor: str,
        region_code: str,
        ctx: CommandContext,
    ) -> HandlingUnit:
        """Register a unit in the county whose region code it carries."""
        unit = cls(unit_id)
        unit._record(
            HandlingUnitRegistered(name=name, kind=kind, head=head, vice_governor=vice_governor),
            ctx=ctx,
            region_code=region_code,
        )
        return unit

    @applies(HandlingUnitRegistered)
    def _registered(self, event: HandlingUnitRegistered) -> None:
        self.name = event.name
        self.head = event.head
        self.vice_governor = event.vice_governor

    def change_leadership(self, *, head: str, vice_governor: str, ctx: CommandContext) -> None:
        """Record a new head or vice-governor in charge; past assignments keep who was in charge then."""
        self._record(HandlingUnitLeadershipChanged(head=head, vice_governor=vice_governor), ctx=ctx)

    @applies(HandlingUnitLeadershipChanged)
    def _leadership_changed(self, event: HandlingUnitLeadershipChanged) -> None:
        self.head = event.head
        self.vice_governor = event.vice_governor
