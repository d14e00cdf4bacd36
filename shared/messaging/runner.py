"""The projection runner: a consumer group per projection, applying events to read models.

Each poll batch is one database transaction: the batch's tracking rows and its read-model writes
commit together, so a redelivered event changes nothing. A batch goes in first without a savepoint
per event (`batch_apply`); if a handler fails on one of its events, that try is rolled back and the
batch applied again with a savepoint per event (`event_by_event`), so one bad event does not spoil
the others. Poison messages are parked on the dead-letter topic with the reason (`dead_letters`), and
the runner goes on. Kafka offsets are committed after the database commit (`consume_loop`). A
rebuild applies every event again from the broker or the stores (`rebuild`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from kafka import KafkaProducer
from kafka.consumer.fetcher import ConsumerRecord
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared.events.envelope import Envelope, EventPayload
from shared.events.registry import EventRegistry
from shared.events.topics import dead_letter_topic
from shared.messaging.admission import TRANSIENT, BatchOutcome, Decode, NotYetUnderstoodError
from shared.messaging.batch_apply import apply_in_bulk
from shared.messaging.consume_loop import ConsumeLoop
from shared.messaging.dead_letters import DeadLetters
from shared.messaging.event_by_event import apply_event_by_event
from shared.messaging.kafka import KafkaConfig, ensure_topics
from shared.messaging.live import LiveUpdates
from shared.messaging.projection_progress import (
    Positions,
    applied_version,
    count_batch,
    forget_progress,
    save_positions,
    start_progress,
)
from shared.messaging.rebuild import rebuild_together
from shared.messaging.sources import BrokerSource, EventSource
from shared.readmodel.projection import Projection
from shared.readmodel.tracking import BOOKKEEPING
from shared.readmodel.write_behind import WriteBehind

log = logging.getLogger("renda.projection")


class ProjectionRunner:
    """Keeps one projection's read model up to date from its topics."""

    def __init__(
        self,
        *,
        projection: Projection,
        engine: Engine,
        registry: EventRegistry,
        kafka: KafkaConfig,
        dead_letters: KafkaProducer,
        live: LiveUpdates | None = None,
    ) -> None:
        self.projection = projection
        self._engine = engine
        self._registry = registry
        # How a record's value becomes an event; a rebuild of several read models decodes each once.
        self._decode: Decode = registry.decode
        self._kafka = kafka
        self._dead_letters = DeadLetters(dead_letters, projection=projection.name)
        self._live = live
        self._loop = ConsumeLoop(
            projection=projection,
            kafka=kafka,
            apply=lambda records, positions: self.apply(records, positions=positions),
            save_positions=lambda positions: save_positions(self._engine, self.projection, positions),
        )
        # Set once the consumer has partitions assigned: events published from then on will be seen.
        self.ready: threading.Event = self._loop.ready

    @property
    def registry(self) -> EventRegistry:
        """The registry the runner decodes events with."""
        return self._registry

    @contextmanager
    def decoding_with(self, decode: Callable[[bytes], Envelope[EventPayload]]) -> Iterator[None]:
        """Decode records with `decode` meanwhile (a rebuild of several read models decodes each record once)."""
        self._decode = decode
        try:
            yield
        finally:
            self._decode = self._registry.decode

    def prepare(self) -> None:
        """Create the tables; if the projection's version changed, drop and recreate them for a rebuild."""
        BOOKKEEPING.create_all(self._engine)
        version = applied_version(self._engine, self.projection)
        if version is not None and version != self.projection.version:
            log.info(
                "projection %s changed v%s → v%s: rebuilding", self.projection.name, version, self.projection.version
            )
            self.reset()
        else:
            self.projection.metadata.create_all(self._engine)
            start_progress(self._engine, self.projection)
        ensure_topics(self._kafka, [*self.projection.topics, *(dead_letter_topic(t) for t in self.projection.topics)])

    def reset(self) -> None:
        """Drop the read model and forget every event it applied."""
        BOOKKEEPING.create_all(self._engine)
        self.projection.metadata.drop_all(self._engine)
        self.projection.metadata.create_all(self._engine)
        with Session(self._engine) as session, session.begin():
            forget_progress(session, self.projection)
        start_progress(self._engine, self.projection)

    def apply(
        self,
        records: Sequence[ConsumerRecord],
        *,
        park_poison: bool = True,
        recorded_until: datetime | None = None,
        write_behind: WriteBehind | None = None,
        positions: Positions | None = None,
    ) -> int:
        """Apply a batch in one transaction; the number of events that changed the read model.

        Poison messages are parked only after the database commit, and their delivery is awaited, so
        the caller may commit the offsets once this returns. A transient database error propagates,
        and the whole batch is retried from the committed offsets.

        The batch is first tried without a savepoint per event (see `apply_in_bulk`); if a handler
        fails, that try is rolled back and the batch applied event by event. A rebuild
        (`park_poison=False`) parks nothing, and its `write_behind` keeps new rows in memory between
        statements (see WriteBehind); after a failed try it no longer matches the database and must
        not be used again. The consumer's `positions` after the batch, if given, are saved with it.
        """
        try:
            with Session(self._engine) as session, session.begin():
                outcome = apply_in_bulk(
                    session,
                    records,
                    projection=self.projection,
                    decode=self._decode,
                    recorded_until=recorded_until,
                    write_behind=write_behind,
                )
                self._count(session, outcome, positions=positions)
            return self._settle(outcome, park_poison=park_poison)
        except (NotYetUnderstoodError, *TRANSIENT):
            raise
        except Exception as error:  # noqa: BLE001 — the event-by-event pass below finds the event and parks it
            if write_behind is not None:
                write_behind.abandon()
            log.info(
                "projection %s: a handler failed in a batch (%s); applying it event by event",
                self.projection.name,
                type(error).__name__,
            )
        with Session(self._engine) as session, session.begin():
            outcome = apply_event_by_event(
                session, records, projection=self.projection, decode=self._decode, recorded_until=recorded_until
            )
            self._count(session, outcome, positions=positions)
        return self._settle(outcome, park_poison=park_poison)

    def _count(self, session: Session, outcome: BatchOutcome, *, positions: Positions | None) -> None:
        count_batch(
            session,
            self.projection,
            applied=len(outcome.applied),
            poisoned=len(outcome.poison),
            positions=positions,
        )

    def _settle(self, outcome: BatchOutcome, *, park_poison: bool) -> int:
        """After the commit: park the poison, announce what was applied; the number applied."""
        if outcome.poison and park_poison:
            self._dead_letters.park(outcome.poison)
        if outcome.applied and self._live is not None:
            self._live.projection_advanced(projection=self.projection.name, event_ids=outcome.applied)
        return len(outcome.applied)

    def run(self, stop: threading.Event) -> None:
        """Consume until `stop` is set; a failed batch is retried from the last committed offsets."""
        self._loop.run(stop)

    def rebuild(
        self,
        *,
        source: EventSource | None = None,
        recorded_until: datetime | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Drop the read model and apply every event of its topics from `source`; the number applied.

        The source is the broker's topics by default, or the services' stores (`StoreSource`) when the
        broker lost its data. Run it with the projection's live runner stopped. Afterwards the live
        runner resumes from its committed offsets and skips what the rebuild applied, by event id.
        """
        report = None if progress is None else (lambda _name, applied: progress(applied))
        applied = rebuild_together(
            [self], source=source or BrokerSource(self._kafka), recorded_until=recorded_until, progress=report
        )
        return applied[self.projection.name]
