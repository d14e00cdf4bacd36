"""The authenticated caller of a request: who it is, its role, the region it may act in and, for a station's
own people and devices, the station it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.auth.roles import Role
from shared.events.region import is_within

STATION_BOUND_ROLES = frozenset({Role.STATION_LIAISON, Role.TERMINAL})
"""Roles that belong to a station (its liaison, its terminal): they act on that station only, never by region."""


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

    def stations(self) -> frozenset[UUID] | None:
        """The stations a station's own liaison or terminal may act on; None for roles that act by region.

        A liaison or terminal bound to no station may act on none. Accounts name one station today; one that
        served several would list them here, and every station check would follow.
        """
        if self.role not in STATION_BOUND_ROLES:
            return None
        return frozenset() if self.station_id is None else frozenset({self.station_id})

    def reaches_station(self, station_id: UUID) -> bool:
        """True unless the actor belongs to stations and this is not one of them (the region is checked apart)."""
        bound = self.stations()
        return bound is None or station_id in bound
