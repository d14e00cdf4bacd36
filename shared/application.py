"""Thin application services: load, call one command, save, return id and version.

The clock and the id source live here, at the edge, so the domain stays pure.

Commands a terminal may resend carry a client-generated command id. Ids are derived from it — the
aggregate id of a creation, the event id of an update — so a resend finds its first result in the
store itself, atomically with the events, and returns it instead of acting twice.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID, uuid4, uuid5

from shared.aggregate import Aggregate, CommandContext, Recorded
from shared.events.envelope import Envelope, EventPayload
from shared.eventstore.store import ConcurrencyConflictError, EventStore

A = TypeVar("A", bound=Aggregate)


class StaleVersionError(ConcurrencyConflictError):
    """Raised when the client's expected version is not the aggregate's current version."""

    code = "VERSION_CONFLICT"
    message = "数据已被他人修改，请刷新后重试"


def utc_now() -> datetime:
    return datetime.now(UTC)


def derived_id(*, scope: UUID, kind: str, command_id: UUID) -> UUID:
    """The id a command of `kind` with this command id creates within `scope` (a station, an aggregate).

    The kind is part of it, so a client that reuses a command id for another kind of command gets a
    second, separate record instead of the first one's result.
    """
    return uuid5(scope, f"{kind}:{command_id}")


class Commands:
    """Runs commands against one service's event store."""

    def __init__(
        self,
        *,
        store: EventStore,
        clock: Callable[[], datetime] = utc_now,
        new_id: Callable[[], UUID] = uuid4,
    ) -> None:
        self.store = store
        self._clock = clock
        self.new_id = new_id

    def context(
        self,
        *,
        actor: str,
        occurred_at: datetime | None = None,
        correlation_id: UUID | None = None,
        causation_id: UUID | None = None,
        first_event_id: UUID | None = None,
    ) -> CommandContext:
        fresh: Iterator[UUID] = (self.new_id() for _ in itertools.count())
        ids = itertools.chain([first_event_id], fresh) if first_event_id is not None else fresh
        return CommandContext(
            actor=actor,
            recorded_at=self._clock(),
            occurred_at=occurred_at,
            event_ids=ids,
            correlation_id=correlation_id or self.new_id(),
            causation_id=causation_id,
        )

    def load(self, aggregate_cls: type[A], aggregate_id: UUID) -> A:
        """An aggregate as stored, for a use case that reads one to decide another."""
        return self.store.load(aggregate_cls, aggregate_id)

    def load_or_start(self, aggregate_cls: type[A], aggregate_id: UUID, start: Callable[[], A]) -> A:
        """The aggregate as stored, or a new one from `start` when none is stored under the id yet."""
        return self.load(aggregate_cls, aggregate_id) if self.store.exists(aggregate_id) else start()

    def _creation_id(self, *, command_id: UUID | None, scope: UUID | None, kind: str) -> UUID:
        if command_id is None:
            return self.new_id()
        return derived_id(scope=scope or UUID(int=0), kind=kind, command_id=command_id)

    def batch(self) -> BatchCommands:
        """Commands whose effects are stored together by one `commit()`."""
        return BatchCommands(store=self.store, clock=self._clock, new_id=self.new_id)

    def create(
        self,
        build: Callable[[UUID, CommandContext], A],
        *,
        actor: str,
        occurred_at: datetime | None = None,
        command_id: UUID | None = None,
        scope: UUID | None = None,
        kind: str = "",
        causation_id: UUID | None = None,
    ) -> Recorded:
        """Create an aggregate and store its first events; a resent command returns the first result."""
        aggregate_id = self._creation_id(command_id=command_id, scope=scope, kind=kind)
        if command_id is not None and self.store.exists(aggregate_id):
            return first_result(aggregate_id, self.store.events_of(aggregate_id), event_id=None)
        aggregate = build(aggregate_id, self.context(actor=actor, occurred_at=occurred_at, causation_id=causation_id))
        try:
            return self.store.save(aggregate)[0]
        except ConcurrencyConflictError:
            if command_id is None:
                raise
            # The same command, sent twice at once.
            return first_result(aggregate_id, self.store.events_of(aggregate_id), event_id=None)

    def update(
        self,
        aggregate_cls: type[A],
        aggregate_id: UUID,
        command: Callable[[A, CommandContext], None],
        *,
        actor: str,
        expected_version: int | None = None,
        occurred_at: datetime | None = None,
        command_id: UUID | None = None,
        kind: str = "",
    ) -> Recorded:
        """Load an aggregate, run one command on it, and store what it recorded."""
        event_id = None if command_id is None else derived_id(scope=aggregate_id, kind=kind, command_id=command_id)
        history = self.store.history(aggregate_cls, aggregate_id)
        if event_id is not None and any(event.event_id == event_id for event in history):
            return first_result(aggregate_id, history, event_id=event_id)
        aggregate = aggregate_cls.rehydrate(aggregate_id=aggregate_id, events=history)
        if expected_version is not None and aggregate.version != expected_version:
            raise StaleVersionError(field="expected_version")
        command(aggregate, self.context(actor=actor, occurred_at=occurred_at, first_event_id=event_id))
        try:
            return self.store.save(aggregate)[0]
        except ConcurrencyConflictError:
            if event_id is None:
                raise
            history = self.store.events_of(aggregate_id)
            if any(event.event_id == event_id for event in history):
                return first_result(aggregate_id, history, event_id=event_id)
            raise


class BatchCommands(Commands):
    """Commands run against aggregates held in memory, stored together by one `commit()`.

    A terminal's batch upload runs through this: one transaction instead of one per item. A command
    refused by the domain records nothing, so the others are stored as usual. If the commit collides
    with what is already stored (a resent upload), it raises ConcurrencyConflictError and the caller
    runs the items one by one, where each resend finds and returns its first result.
    """

    def __init__(self, *, store: EventStore, clock: Callable[[], datetime], new_id: Callable[[], UUID]) -> None:
        super().__init__(store=store, clock=clock, new_id=new_id)
        self._held: dict[UUID, Aggregate] = {}
        self._created: set[UUID] = set()
        self._stored: dict[UUID, list[Envelope[EventPayload]]] = {}

    def load(self, aggregate_cls: type[A], aggregate_id: UUID) -> A:
        held = self._held.get(aggregate_id)
        if held is None:
            history = self._stored[aggregate_id] = self.store.history(aggregate_cls, aggregate_id)
            held = self._held[aggregate_id] = aggregate_cls.rehydrate(aggregate_id=aggregate_id, events=history)
        assert isinstance(held, aggregate_cls)
        return held

    def create(
        self,
        build: Callable[[UUID, CommandContext], A],
        *,
        actor: str,
        occurred_at: datetime | None = None,
        command_id: UUID | None = None,
        scope: UUID | None = None,
        kind: str = "",
        causation_id: UUID | None = None,
    ) -> Recorded:
        aggregate_id = self._creation_id(command_id=command_id, scope=scope, kind=kind)
        if aggregate_id in self._created:  # the same command twice in one upload
            return first_result(aggregate_id, self._held[aggregate_id].pending_events(), event_id=None)
        if aggregate_id in self._stored:  # created by an earlier upload, loaded here for a later command
            return first_result(aggregate_id, self._stored[aggregate_id], event_id=None)
        aggregate = build(aggregate_id, self.context(actor=actor, occurred_at=occurred_at, causation_id=causation_id))
        self._held[aggregate_id] = aggregate
        self._created.add(aggregate_id)
        return _recorded(aggregate_id, aggregate.pending_events())

    def update(
        self,
        aggregate_cls: type[A],
        aggregate_id: UUID,
        command: Callable[[A, CommandContext], None],
        *,
        actor: str,
        expected_version: int | None = None,
        occurred_at: datetime | None = None,
        command_id: UUID | None = None,
        kind: str = "",
    ) -> Recorded:
        aggregate = self.load(aggregate_cls, aggregate_id)
        event_id = None if command_id is None else derived_id(scope=aggregate_id, kind=kind, command_id=command_id)
        if event_id is not None:
            earlier = [*self._stored.get(aggregate_id, []), *aggregate.pending_events()]
            if any(e.event_id == event_id for e in earlier):  # resent, in this upload or an earlier one
                return first_result(aggregate_id, earlier, event_id=event_id)
        if expected_version is not None and aggregate.version != expected_version:
            raise StaleVersionError(field="expected_version")
        before = len(aggregate.pending_events())
        command(aggregate, self.context(actor=actor, occurred_at=occurred_at, first_event_id=event_id))
        return _recorded(aggregate_id, aggregate.pending_events()[before:])

    def commit(self) -> None:
        """Store every held aggregate's new events in one transaction (none if nothing was held)."""
        if self._held:
            self.store.save(*self._held.values())
        self._held.clear()


def first_result(aggregate_id: UUID, events: list[Envelope[EventPayload]], *, event_id: UUID | None) -> Recorded:
    """What a resent command returns: the events its first run recorded.

    For a creation, the events of the first command (they share its correlation id); for an update,
    the event whose id the command id derived.
    """
    if event_id is None:
        first = [e for e in events if e.correlation_id == events[0].correlation_id]
    else:
        first = [e for e in events if e.event_id == event_id]
    return _recorded(aggregate_id, first)


def _recorded(aggregate_id: UUID, events: list[Envelope[EventPayload]]) -> Recorded:
    return Recorded(
        aggregate_id=aggregate_id, version=events[-1].aggregate_version, event_ids=[e.event_id for e in events]
    )
