"""Response schemas every service's command routes share."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel

from shared.aggregate import Recorded


class CommandResult(BaseModel):
    """What a command returns: the aggregate, its new version, and the events recorded (for `wait_for`)."""

    id: UUID
    version: int
    event_ids: list[UUID]

    @classmethod
    def of(cls, recorded: Recorded) -> CommandResult:
        return cls(id=recorded.aggregate_id, version=recorded.version, event_ids=recorded.event_ids)
