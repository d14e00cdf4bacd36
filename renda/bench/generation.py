"""A city's year generated into three fresh stores, and each store read back before anything is measured."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import psycopg

from renda.bench.city import City
from renda.bench.city_year import stations_for
from renda.bench.store_copy import EVENTS_TABLE, STORES, StoreWriter
from shared.events.envelope import Envelope


@dataclass
class Generated:
    """What was stored: each store's count, each event type's count, and how long it took."""

    events: int
    by_store: dict[str, int]
    by_type: Counter[str]
    stations: int
    seconds: float


def generate(urls: dict[str, str], *, events: int) -> Generated:
    """Store `events` events of a city's year in the station, township and county stores at `urls`."""
    from shared.events import default_registry
    from shared.eventstore.url import open_event_store

    registry = default_registry()
    for url in urls.values():  # the recorder creates its table, indexes and functions
        open_event_store(url, registry=registry).close()
    connections = {name: psycopg.connect(urls[name]) for name in STORES}
    started = time.perf_counter()
    try:
        writer = StoreWriter(connections, limit=events)
        city = City(writer, stations=stations_for(events))
        city.generate()
        writer.close()
        for connection in connections.values():
            connection.autocommit = True
            connection.execute(f"VACUUM (ANALYZE) {EVENTS_TABLE}")  # settled, as a live store would be
    finally:
        for connection in connections.values():
            connection.close()
    seconds = time.perf_counter() - started
    if writer.written != events:
        raise RuntimeError(f"generated {writer.written} events, not {events}")
    for name in STORES:
        _check_stored(open_event_store(urls[name], registry=registry), writer.first[name], writer.by_store[name])
    return Generated(
        events=writer.written,
        by_store=dict(writer.by_store),
        by_type=writer.by_type,
        stations=len(city.stations),
        seconds=seconds,
    )


def _check_stored(store: Any, first: list[Envelope[Any]], count: int) -> None:
    """The store reads back what was copied in: the count, and its first events in order, decoded."""
    try:
        if store.position() != count:
            raise RuntimeError(f"the store holds {store.position()} events, not {count}")
        notes = store.notifications(after=0, limit=len(first))
        for position, (note, event) in enumerate(zip(notes, first, strict=True), start=1):
            decoded = store.registry.decode(note.state)
            if (note.position, note.aggregate_id, note.event_type) != (position, event.aggregate_id, event.event_type):
                raise RuntimeError(f"stored event {position} is not the one copied in")
            if decoded != event or event not in store.events_of(event.aggregate_id):
                raise RuntimeError(f"stored event {position} does not decode to the event copied in")
    finally:
        store.close()
