"""What every township command runs with: the store, the read models, who acts and when."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from services.township.application.ports import TownshipReads
from shared.application import Commands


@dataclass(frozen=True)
class TownshipContext:
    """The service's parts and the caller: township staff, or an intake acting on another tier's event."""

    commands: Commands
    reads: TownshipReads
    actor: str
    now: datetime

    def with_commands(self, commands: Commands) -> TownshipContext:
        """The same caller, running its commands through other `Commands` (an intake's batch)."""
        return replace(self, commands=commands)
