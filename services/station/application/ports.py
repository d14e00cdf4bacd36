"""What the station's use cases read from elsewhere: the county's roster and the holiday calendar."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from shared.calendar import WorkingDayCalendar


class StationReads(Protocol):
    """Read-model lookups the use cases need (fed by other tiers' events, so eventually consistent)."""

    def attached_deputies(self, station_id: UUID) -> set[UUID]:
        """The deputies the county has attached to this station."""
        ...

    def knows_deputy(self, deputy_id: UUID) -> bool:
        """Whether the county's roster has this deputy."""
        ...

    def township_answered(self, opinion_id: UUID) -> bool:
        """Whether the township's answer to this opinion has arrived."""
        ...

    def calendar(self) -> WorkingDayCalendar:
        """The working-day calendar with every loaded official schedule."""
        ...
