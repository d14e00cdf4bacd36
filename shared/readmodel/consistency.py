"""Read-your-writes: wait until a projection has applied a given event, within a bounded time."""

from __future__ import annotations

import time
from uuid import UUID

from sqlalchemy import Engine, select

from shared.errors import UnavailableError
from shared.readmodel.tracking import projection_tracking


class ProjectionBehindError(UnavailableError):
    """Raised when a projection has not reached the awaited event within the wait."""

    code = "PROJECTION_BEHIND"
    message = "数据正在同步，请稍后重试"


def has_applied(engine: Engine, *, projection: str, event_id: UUID) -> bool:
    query = select(projection_tracking.c.event_id).where(
        projection_tracking.c.projection == projection, projection_tracking.c.event_id == event_id
    )
    with engine.connect() as connection:
        return connection.execute(query).first() is not None


def wait_for_event(engine: Engine, *, projection: str, event_id: UUID, timeout: float = 5.0) -> None:
    """Return once `projection` has applied `event_id`; ProjectionBehindError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while not has_applied(engine, projection=projection, event_id=event_id):
        if time.monotonic() >= deadline:
            raise ProjectionBehindError(field="wait_for")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)
