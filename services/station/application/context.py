"""What every station command runs with: the store, the read models, the contact key, who acts and when."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from services.station.application.ports import StationReads
from shared.application import Commands
from shared.errors import ForbiddenError
from shared.privacy import ContactSealer


@dataclass(frozen=True)
class StationContext:
    """The service's parts and the caller: a terminal (bound to its station) or township and county staff."""

    commands: Commands
    reads: StationReads
    sealer: ContactSealer
    actor: str
    now: datetime
    terminal_station_id: UUID | None = None
    """The station a terminal's device key is bound to; None for staff, whose commands name the station."""

    def terminal_station(self) -> UUID:
        """The terminal's own station: a terminal command acts there and nowhere else."""
        if self.terminal_station_id is None:
            raise ForbiddenError("终端凭证未绑定联络站")
        return self.terminal_station_id

    def with_commands(self, commands: Commands) -> StationContext:
        """The same caller, running its commands through other `Commands` (a batch upload)."""
        return replace(self, commands=commands)
