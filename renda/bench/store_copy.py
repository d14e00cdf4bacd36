"""Events copied into three fresh event stores (station, township, county) as the recorder would store them."""

from __future__ import annotations

from collections import Counter
from typing import Any

import psycopg

from shared.events.envelope import Envelope

STORES = ("station", "township", "county")
EVENTS_TABLE = "stored_events"
"""The `eventsourcing` PostgreSQL application recorder's table, as `open_event_store` creates it."""


class StoreWriter:
    """Buffers each store's envelopes and copies them in in batches, stopping at exactly `limit` events.

    The rows are the ones `EventStore.append` hands the recorder (aggregate id and version, the
    `<event_type>.v<version>` topic, the envelope's JSON), copied into the recorder's own table in
    order, so its `notification_id` sequence numbers them in the order they were made.
    """

    def __init__(self, connections: dict[str, psycopg.Connection[Any]], *, limit: int, batch: int = 20000) -> None:
        self._connections = connections
        self._buffers: dict[str, list[Envelope[Any]]] = {name: [] for name in connections}
        self.limit = limit
        self.batch = batch
        self.written = 0
        self.by_store: Counter[str] = Counter()
        self.by_type: Counter[str] = Counter()
        self.first: dict[str, list[Envelope[Any]]] = {name: [] for name in connections}

    @property
    def full(self) -> bool:
        return self.written >= self.limit

    def add(self, store: str, envelope: Envelope[Any]) -> None:
        # Once full, everything after is dropped: what was kept is a prefix, in causal order.
        if self.full:
            return
        self.written += 1
        self.by_store[store] += 1
        self.by_type[envelope.event_type] += 1
        if len(self.first[store]) < 3:
            self.first[store].append(envelope)
        buffer = self._buffers[store]
        buffer.append(envelope)
        if len(buffer) >= self.batch:
            self._flush(store)

    def _flush(self, store: str) -> None:
        from shared.eventstore.store import stored_topic

        buffer, self._buffers[store] = self._buffers[store], []
        if not buffer:
            return
        connection = self._connections[store]
        statement = f"COPY {EVENTS_TABLE} (originator_id, originator_version, topic, state) FROM STDIN (FORMAT BINARY)"
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            copy.set_types(["uuid", "int8", "text", "bytea"])
            for event in buffer:
                topic = stored_topic(event_type=event.event_type, schema_version=event.schema_version)
                copy.write_row((event.aggregate_id, event.aggregate_version, topic, event.to_json()))
        connection.commit()

    def close(self) -> None:
        for store in self._connections:
            self._flush(store)
