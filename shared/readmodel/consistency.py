"""Read-your-writes: wait until a projection has applied a given event, within a bounded time."""

from __future__ import annotations

import threading
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


class BoundedWaits:
    """Read-your-writes waits with a bound on how many requests wait at once in this process.

    A waiting request holds a worker thread; past the bound a read does not wait but looks once, so a burst
    of `?wait_for=` with ids that never come (random, mistyped) cannot take every worker of the API.
    """

    def __init__(self, engine: Engine, *, waiters: int, timeout: float) -> None:
        self._engine = engine
        self._slots = threading.BoundedSemaphore(waiters)
        self._timeout = timeout
        self._lock = threading.Lock()
        self._waiting = 0

    @property
    def waiting(self) -> int:
        """How many reads are waiting now."""
        return self._waiting

    def wait_for(self, *, projection: str, event_id: UUID) -> None:
        """Return once `projection` has applied `event_id`; ProjectionBehindError when it has not in time."""
        if not self._slots.acquire(blocking=False):
            if not has_applied(self._engine, projection=projection, event_id=event_id):
                raise ProjectionBehindError(field="wait_for")
            return
        with self._lock:
            self._waiting += 1
        try:
            wait_for_event(self._engine, projection=projection, event_id=event_id, timeout=self._timeout)
        finally:
            with self._lock:
                self._waiting -= 1
            self._slots.release()
