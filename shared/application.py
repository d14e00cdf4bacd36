"""Thin application services: load, call one command, save, return id and version.

The clock and the id source live here, at the edge, so the domain stays pure.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TypeVar
from uuid import UUID, uuid4

from shared.aggregate import Aggregate, CommandContext, Recorded
from shared.eventstore.store import ConcurrencyConflictError, EventStore

A = TypeVar("A", bound=Aggregate)


class StaleVersionError(ConcurrencyConflictError):
    """Raised when the client's expected version is not the aggregate's current version."""

    code = "VERSION_CONFLICT"
    message = "数据已被他人修改，请刷新后重试"


def utc_now() -> datetime:
    return datetime.now(UTC)


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
    ) -> CommandContext:
        ids: Iterator[UUID] = (self.new_id() for _ in itertools.count())
        return CommandContext(
            actor=actor,
            recorded_at=self._clock(),
            occurred_at=occurred_at,
            event_ids=ids,
            correlation_id=correlation_id or self.new_id(),
            causation_id=causation_id,
        )

    def create(
        self, build: Callable[[CommandContext], A], *, actor: str, occurred_at: datetime | None = None
    ) -> Recorded:
        """Create an aggregate and store its first events."""
        aggregate = build(self.context(actor=actor, occurred_at=occurred_at))
        return self.store.save(aggregate)[0]

    def update(
        self,
        aggregate_cls: type[A],
        aggregate_id: UUID,
        command: Callable[[A, CommandContext], None],
        *,
        actor: str,
        expected_version: int | None = None,
        occurred_at: datetime | None = None,
    ) -> Recorded:
        """Load an aggregate, run one command on it, and store what it recorded."""
        aggregate = self.store.load(aggregate_cls, aggregate_id)
        if expected_version is not None and aggregate.version != expected_version:
            raise StaleVersionError(field="expected_version")
        command(aggregate, self.context(actor=actor, occurred_at=occurred_at))
        return self.store.save(aggregate)[0]
