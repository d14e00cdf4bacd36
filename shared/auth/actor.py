"""The authenticated caller of a request: who it is, its role and the region it may act in."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.auth.roles import Role
from shared.events.region import is_within


@dataclass(frozen=True)
class Actor:
    """An authenticated person or station terminal, as every route and audit record sees it."""

    id: str
    role: Role
    region_code: str
    display_name: str = ""
    station_id: UUID | None = None
    unit_id: str | None = None
    deputy_id: UUID | None = None

    def covers(self, region_code: str) -> bool:
        """True when `region_code` is the actor's own region or lies inside it."""
        return is_within(region_code, self.region_code)
