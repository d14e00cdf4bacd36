"""Measurement of propagation: when each referral first shows in a read model, polled from PostgreSQL."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg


class Watcher:
    """Polls one read model for the referrals not seen there yet: one query per poll, whatever the backlog."""

    def __init__(self, url: str, query: str) -> None:
        self._url = url
        self._query = query
        self._pending: dict[uuid.UUID, float] = {}
        self._lock = threading.Lock()
        self.seen: dict[uuid.UUID, float] = {}
        """Opinion id → seconds from its referral accepted until first seen."""

    def expect(self, opinion_id: uuid.UUID, accepted: float) -> None:
        with self._lock:
            self._pending[opinion_id] = accepted

    @property
    def waiting(self) -> int:
        return len(self._pending)

    def run(self, stop: threading.Event, *, interval: float = 0.05) -> None:
        """Poll every `interval`, or less often while many are outstanding (then their latencies are long
        too): a latency is read at most 50 ms late, or about 2% of it, and the watcher's own load on the
        machine it measures stays small and flat."""
        with psycopg.connect(self._url, autocommit=True) as connection:
            while not stop.is_set():
                with self._lock:
                    ids = list(self._pending)
                if ids:
                    # The snapshot is taken when the query starts: whatever it sees had committed by then.
                    asked = time.perf_counter()
                    found = connection.execute(self._query, [ids]).fetchall()
                    with self._lock:
                        for (opinion_id,) in found:
                            self.seen[opinion_id] = asked - self._pending.pop(opinion_id)
                stop.wait(max(interval, len(ids) / 10_000))


@contextmanager
def watching(watchers: list[Watcher]) -> Iterator[None]:
    """Each watcher polling in its own thread while the block runs."""
    stop = threading.Event()
    threads = [threading.Thread(target=w.run, args=(stop,), daemon=True) for w in watchers]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
