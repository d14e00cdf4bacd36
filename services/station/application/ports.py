"""What the station's use cases reach outside the store: the county's roster, the holiday calendar, device keys."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from shared.auth.device_keys import NewDeviceKey
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


class DeviceKeys(Protocol):
    """Where a station's terminal keys are kept: credentials, issued and revoked here, never published."""

    def issue(self, *, station_id: UUID, region_code: str, label: str = "") -> NewDeviceKey:
        """A new key for a station's terminal; its plaintext is shown once and never stored."""
        ...

    def revoke(self, *, station_id: UUID, key_id: str) -> bool:
        """Revoke a station's key; False if the station has no such key."""
        ...

    def revoke_all(self, *, station_id: UUID) -> int:
        """Revoke every key of a station; how many were not revoked yet."""
        ...
