"""Read-your-writes waits are bounded: ids that never come cannot hold every worker of an API process."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import Engine, insert

from shared.readmodel.consistency import BoundedWaits, ProjectionBehindError
from shared.readmodel.tracking import BOOKKEEPING, projection_tracking
from tests.support.platform import eventually

pytestmark = pytest.mark.integration


def _applied(engine: Engine, event_id: object) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(projection_tracking).values(
                projection="p",
                event_id=event_id,
                aggregate_id=uuid4(),
                aggregate_version=1,
                occurred_at=datetime.now(UTC),
            )
        )


def test_waits_beyond_the_bound_look_once_and_answer_at_once(engine: Engine) -> None:
    BOOKKEEPING.create_all(engine)
    waits = BoundedWaits(engine, waiters=2, timeout=10.0)

    def wait_for_nothing() -> float:
        started = time.monotonic()
        with pytest.raises(ProjectionBehindError):
            waits.wait_for(projection="p", event_id=uuid4())
        return time.monotonic() - started

    with ThreadPoolExecutor(max_workers=2) as pool:
        waiting = [pool.submit(wait_for_nothing) for _ in range(2)]
        eventually(lambda: waits.waiting, until=lambda n: n == 2, timeout=10)
        started = time.monotonic()
        with pytest.raises(ProjectionBehindError):
            waits.wait_for(projection="p", event_id=uuid4())
        refused_after = time.monotonic() - started
        seen = uuid4()
        _applied(engine, seen)
        waits.wait_for(projection="p", event_id=seen)  # applied already: answered even while full
        assert all(future.result() >= 9 for future in waiting)
    # The third did not wait its 10 s: it looked once and answered while the two still waited.
    assert refused_after < 5


def test_a_wait_returns_once_the_event_is_applied(engine: Engine) -> None:
    BOOKKEEPING.create_all(engine)
    waits = BoundedWaits(engine, waiters=1, timeout=5.0)
    event_id = uuid4()
    threading.Timer(0.2, _applied, args=(engine, event_id)).start()
    waits.wait_for(projection="p", event_id=event_id)
