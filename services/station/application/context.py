"""What every station command runs with: the store, the read models, the contact key, who acts and when."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from services.station.application.ports import DeviceKeys, StationReads
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
    device_keys: DeviceKeys | None = None
    """The terminals' keys, which closing a station revokes: staff have them, a terminal does not."""

    def terminal_station(self) -> UUID:
        """The terminal's own station: a terminal command acts there and nowhere else."""
        if self.terminal_station_id is None:
            raise ForbiddenError("终端凭证未绑定联络站")
        return self.terminal_station_id

    def station_keys(self) -> DeviceKeys:
        """The terminals' keys, for a staff command that revokes them."""
        if self.device_keys is None:
            raise ForbiddenError("终端不能停用设备密钥")
        return self.device_keys

    def with_commands(self, commands: Commands) -> StationContext:
        """The same caller, running its commands through other `Commands` (a batch upload)."""
        return replace(self, commands=commands)
