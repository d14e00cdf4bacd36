"""Which consumed records a projection takes in: its events, the records it skips, and poison.

A record is skipped when no handler of the projection handles its event type (the topic carries other
events too) or when it was recorded after the moment a rebuild stops at. A record that is not an event
at all is poison, with the reason; so is an event its handler fails on (see `event_by_event`). An event
of a handled type in a schema version this service does not know yet stops the runner until it is
upgraded: it is neither skipped nor poison.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError as StoreInterfaceError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from kafka.consumer.fetcher import ConsumerRecord
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from shared.events.envelope import Envelope, EventPayload
from shared.events.registry import MalformedEventError, UnknownEventTypeError
from shared.readmodel.projection import Projection

Decode = Callable[[bytes], Envelope[EventPayload]]
"""How a record's value becomes an event."""

# Errors that say nothing about the event: the batch is retried, never dead-lettered. The event
# store's own errors count too: an intake that runs commands writes through it.
TRANSIENT = (
    OperationalError,
    InterfaceError,
    DisconnectionError,
    TimeoutError,
    StoreOperationalError,
    StoreInterfaceError,
)


class NotYetUnderstoodError(Exception):
    """Raised when an event of a handled type comes in a schema version this service does not know yet."""


@dataclass(frozen=True)
class Poison:
    """A record no handler can apply, and why; it is parked on its topic's dead-letter topic."""

    record: ConsumerRecord
    reason: str


@dataclass
class BatchOutcome:
    """What applying a batch did: the ids of the events that changed the read model, and the poison."""

    applied: list[UUID] = field(default_factory=list)
    poison: list[Poison] = field(default_factory=list)


def admit(
    record: ConsumerRecord, *, projection: Projection, decode: Decode, recorded_until: datetime | None = None
) -> Envelope[EventPayload] | Poison | None:
    """The event to apply, None to skip the record (not ours, or recorded too late), or the poison."""
    event_type: str | None = None
    try:
        event_type = _header(record, "event_type")
        if event_type is not None and projection.handler_for(event_type) is None:
            return None
        if not record.value:
            return Poison(record, "MALFORMED_EVENT: 消息为空")
        envelope = decode(record.value)
    except UnknownEventTypeError as error:
        if event_type is None:
            return None
        if error.field == "schema_version":
            # A newer version of an event we handle: this service is behind the producer's deploy.
            raise NotYetUnderstoodError(f"{event_type}: {error.message}") from error
        return Poison(record, f"{error.code}: {error.message}")
    except MalformedEventError as error:
        return Poison(record, f"{error.code}: {error.message}")
    except (UnicodeDecodeError, TypeError, ValueError) as error:
        return Poison(record, f"MALFORMED_EVENT: {type(error).__name__}")
    if projection.handler_for(envelope.event_type) is None:
        return None
    if recorded_until is not None and envelope.recorded_at > recorded_until:
        return None
    return envelope


def tracking_row(projection: Projection, envelope: Envelope[EventPayload]) -> dict[str, Any]:
    """The row that marks the event applied to the projection; it commits with the event's writes."""
    return {
        "projection": projection.name,
        "event_id": envelope.event_id,
        "aggregate_id": envelope.aggregate_id,
        "aggregate_version": envelope.aggregate_version,
        "occurred_at": envelope.occurred_at,
    }


def _header(record: ConsumerRecord, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return value.decode() if isinstance(value, bytes) else str(value)
    return None
