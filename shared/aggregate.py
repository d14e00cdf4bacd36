"""The pure aggregate base: commands check rules and record events; state changes only when an event is applied.

No I/O, no clock, no random ids: the application passes time and ids in through a `CommandContext`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Self, TypeVar
from uuid import UUID

from shared.events.envelope import Envelope, EventPayload
from shared.events.registry import envelope_type

E = TypeVar("E", bound=EventPayload)
Applier = Callable[[Any, Any], None]


@dataclass(frozen=True)
class CommandContext:
    """Who acts, when, and the ids to stamp on the events a command records."""

    actor: str
    recorded_at: datetime
    event_ids: Iterator[UUID]
    correlation_id: UUID
    causation_id: UUID | None = None
    occurred_at: datetime | None = None

    @property
    def happened_at(self) -> datetime:
        """Business time: when the terminal says it happened, else when it was recorded."""
        return self.occurred_at or self.recorded_at


def applies(event_cls: type[E]) -> Callable[[Callable[[Any, E], None]], Callable[[Any, E], None]]:
    """Mark a method as the handler that applies `event_cls` to the aggregate's state."""

    def mark(method: Callable[[Any, E], None]) -> Callable[[Any, E], None]:
        method.__applies__ = event_cls  # type: ignore[attr-defined]
        return method

    return mark


class Aggregate:
    """Base of every aggregate: an id, a version, and the events recorded since it was loaded."""

    aggregate_type: ClassVar[str]
    _appliers: ClassVar[dict[type[EventPayload], Applier]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._appliers = {}
        for klass in reversed(cls.__mro__):
            for member in vars(klass).values():
                event_cls = getattr(member, "__applies__", None)
                if event_cls is not None:
                    cls._appliers[event_cls] = member

    def __init__(self, aggregate_id: UUID) -> None:
        self.id = aggregate_id
        self.version = 0
        self.region_code = ""
        self.created_at: datetime | None = None
        self._pending: list[Envelope[EventPayload]] = []

    @classmethod
    def rehydrate(cls, *, aggregate_id: UUID, events: Iterable[Envelope[EventPayload]]) -> Self:
        """Rebuild an aggregate from its history."""
        aggregate = cls(aggregate_id)
        for envelope in events:
            aggregate._apply(envelope)
        return aggregate

    def _record(self, payload: EventPayload, *, ctx: CommandContext, region_code: str | None = None) -> None:
        envelope = envelope_type(type(payload))(
            event_id=next(ctx.event_ids),
            event_type=payload.event_type,
            schema_version=payload.schema_version,
            aggregate_type=self.aggregate_type,
            aggregate_id=self.id,
            aggregate_version=self.version + 1,
            region_code=region_code or self.region_code,
            occurred_at=ctx.happened_at,
            recorded_at=ctx.recorded_at,
            actor=ctx.actor,
            correlation_id=ctx.correlation_id,
            causation_id=ctx.causation_id,
            payload=payload,
        )
        self._apply(envelope)
        self._pending.append(envelope)

    def _apply(self, envelope: Envelope[EventPayload]) -> None:
        applier = self._appliers[type(envelope.payload)]
        self.region_code = envelope.region_code
        if envelope.aggregate_version == 1:
            # Business time of the first event: where the domain's clocks (answer within a month…) start.
            self.created_at = envelope.occurred_at
        applier(self, envelope.payload)
        self.version = envelope.aggregate_version

    def pending_events(self) -> list[Envelope[EventPayload]]:
        """The events recorded since load and not yet handed to the store."""
        return list(self._pending)

    def collect_events(self) -> list[Envelope[EventPayload]]:
        """The events recorded since load, handed to the store exactly once."""
        pending, self._pending = self._pending, []
        return pending


@dataclass
class Recorded:
    """What a command returns: the aggregate, its new version, and the events it recorded."""

    aggregate_id: UUID
    version: int
    event_ids: list[UUID] = field(default_factory=list)
