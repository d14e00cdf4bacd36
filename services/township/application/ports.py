"""What the township's use cases read from elsewhere: the county's roster as the township keeps it."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID


class TownshipReads(Protocol):
    """Read-model lookups the use cases need (fed by the county's events, so eventually consistent)."""

    def deputy_level(self, deputy_id: UUID) -> str | None:
        """The level of a serving deputy on the roster; None if unknown or no longer in office."""
        ...
