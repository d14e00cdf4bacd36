"""What the township's use cases read from elsewhere: the county's roster as the township keeps it."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from services.township.domain.route_deputy import RouteDeputy


class TownshipReads(Protocol):
    """Read-model lookups the use cases need (fed by the county's events, so eventually consistent)."""

    def route_deputy(self, deputy_id: UUID) -> RouteDeputy | None:
        """The deputy on the township's roster, serving or not, to route a referral through; None if not on it."""
        ...
