"""The event store adapter: our envelopes in an `eventsourcing` application recorder."""

from shared.eventstore.store import AggregateNotFoundError, ConcurrencyConflictError, EventStore, StoredNotification
from shared.eventstore.url import open_event_store

__all__ = [
    "AggregateNotFoundError",
    "ConcurrencyConflictError",
    "EventStore",
    "StoredNotification",
    "open_event_store",
]
