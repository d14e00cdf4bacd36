"""One service's ordered event sequence, stored by an `eventsourcing` application recorder.

Each envelope is stored whole as UTF-8 JSON in `state`; the recorder's `topic` column holds
`<event_type>.v<schema_version>`, so the relay can route a record without decoding it. The
recorder's unique (aggregate id, version) constraint is the optimistic concurrency check, and its
notification log is the outbox the relay follows. Concurrent appends are committed together
(`group_commit`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, IntegrityError, StoredEvent

from shared.aggregate import Aggregate, Recorded
from shared.errors import ConflictError, NotFoundError
from shared.events.envelope import Envelope, EventPayload
from shared.events.registry import EventRegistry
from shared.eventstore.group_commit import GroupCommit

A = TypeVar("A", bound=Aggregate)


class ConcurrencyConflictError(ConflictError):
    """Raised when an aggregate was changed by someone else since it was loaded."""

    code = "VERSION_CONFLICT"
    message = "数据已被他人修改，请刷新后重试"


class AggregateNotFoundError(NotFoundError):
    """Raised when no events exist for the aggregate asked for."""

    code = "NOT_FOUND"
    message = "记录不存在"


@dataclass(frozen=True)
class StoredNotification:
    """An event at its position in the service's sequence, still in its stored form."""

    position: int
    aggregate_id: UUID
    event_type: str
    schema_version: int
    state: bytes


def stored_topic(*, event_type: str, schema_version: int) -> str:
    return f"{event_type}.v{schema_version}"


def parse_stored_topic(topic: str) -> tuple[str, int]:
    event_type, _, version = topic.rpartition(".v")
    return event_type, int(version)


class EventStore:
    """Append, load and follow the events of one service."""

    def __init__(
        self, *, recorder: ApplicationRecorder, registry: EventRegistry, close: Callable[[], None] | None = None
    ) -> None:
        self._recorder = recorder
        self._group_commit = GroupCommit(recorder.insert_events)
        self.registry = registry
        self._close = close

    def close(self) -> None:
        if self._close is not None:
            self._close()

    def append(self, events: Sequence[Envelope[EventPayload]]) -> list[int]:
        """Store events atomically; a version already taken is a ConcurrencyConflictError."""
        if not events:
            return []
        stored = [
            StoredEvent(
                originator_id=event.aggregate_id,
                originator_version=event.aggregate_version,
                topic=stored_topic(event_type=event.event_type, schema_version=event.schema_version),
                state=event.to_json(),
            )
            for event in events
        ]
        try:
            return self._group_commit.append(stored)
        except IntegrityError as error:
            raise ConcurrencyConflictError() from error

    def save(self, *aggregates: Aggregate) -> list[Recorded]:
        """Store what the aggregates recorded, all or nothing."""
        batches = [(aggregate, aggregate.collect_events()) for aggregate in aggregates]
        self.append([event for _, events in batches for event in events])
        return [
            Recorded(aggregate_id=aggregate.id, version=aggregate.version, event_ids=[e.event_id for e in events])
            for aggregate, events in batches
        ]

    def events_of(self, aggregate_id: UUID) -> list[Envelope[EventPayload]]:
        return [self.registry.decode(record.state) for record in self._recorder.select_events(aggregate_id)]

    def history(self, aggregate_cls: type[Aggregate], aggregate_id: UUID) -> list[Envelope[EventPayload]]:
        """An aggregate's events; AggregateNotFoundError if it has none, or they are another kind of aggregate's."""
        events = self.events_of(aggregate_id)
        if not events or events[0].aggregate_type != aggregate_cls.aggregate_type:
            raise AggregateNotFoundError(field="id")
        return events

    def load(self, aggregate_cls: type[A], aggregate_id: UUID) -> A:
        """Rehydrate an aggregate; AggregateNotFoundError as for `history`."""
        return aggregate_cls.rehydrate(aggregate_id=aggregate_id, events=self.history(aggregate_cls, aggregate_id))

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self._recorder.select_events(aggregate_id, limit=1))

    def notifications(self, *, after: int, limit: int, upto: int | None = None) -> list[StoredNotification]:
        """Events after a position in the service's sequence, in order."""
        rows = self._recorder.select_notifications(start=after, limit=limit, stop=upto, inclusive_of_start=False)
        result = []
        for row in rows:
            event_type, version = parse_stored_topic(row.topic)
            result.append(
                StoredNotification(
                    position=row.id,
                    aggregate_id=UUID(str(row.originator_id)),
                    event_type=event_type,
                    schema_version=version,
                    state=row.state,
                )
            )
        return result

    def position(self) -> int:
        """The position of the last stored event (0 when empty)."""
        return self._recorder.max_notification_id() or 0
