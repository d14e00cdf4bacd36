"""The projection runner: a consumer group per projection, applying events to read models.

Each poll batch is one database transaction: the batch's tracking rows and its read-model writes
commit together, so a redelivered event changes nothing. A batch goes in first without a savepoint
per event; if a handler fails on one of its events, that try is rolled back and the batch applied
again with a savepoint per event, so one bad event does not spoil the others. Poison messages are
parked on the dead-letter topic with the reason, and the runner goes on. Kafka offsets are committed
after the database commit.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError as StoreInterfaceError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from kafka import KafkaConsumer, KafkaProducer
from kafka.consumer.fetcher import ConsumerRecord
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from shared.events.envelope import Envelope
from shared.events.registry import EventRegistry, MalformedEventError, UnknownEventTypeError
from shared.events.topics import dead_letter_topic
from shared.messaging.kafka import KafkaConfig, ensure_topics, make_group_consumer
from shared.messaging.live import LiveUpdates
from shared.messaging.sources import BrokerSource, EventSource
from shared.readmodel.batched_writes import BatchedWrites
from shared.readmodel.projection import BATCH_COMMANDS, Projection
from shared.readmodel.tracking import BOOKKEEPING, projection_state, projection_tracking
from shared.readmodel.write_behind import WriteBehind
from shared.readmodel.writes import insert_absent_rows, insert_if_absent

log = logging.getLogger("renda.projection")

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


@dataclass(frozen=True)
class Positions:
    """Where a consumer is in each of its partitions, and each partition's end (for `/healthz`'s lag)."""

    offsets: dict[str, int]
    highwater: dict[str, int]

    @classmethod
    def of(cls, consumer: KafkaConsumer) -> Positions:
        offsets: dict[str, int] = {}
        highwater: dict[str, int] = {}
        for tp in consumer.assignment():
            name = f"{tp.topic}:{tp.partition}"
            offsets[name] = consumer.position(tp)
            mark = consumer.highwater(tp)
            if mark is not None:
                highwater[name] = mark
        return cls(offsets, highwater)

    def values(self) -> dict[str, str]:
        """The projection_state columns that hold them."""
        return {
            "offsets": json.dumps(self.offsets, sort_keys=True),
            "highwater": json.dumps(self.highwater, sort_keys=True),
        }


class NotYetUnderstoodError(Exception):
    """Raised when an event of a handled type comes in a schema version this service does not know yet."""


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
        self.decode: Callable[[bytes], Envelope[Any]] = registry.decode
        self._kafka = kafka
        self._dead_letters = dead_letters
        self._live = live
        # Set once the consumer has partitions assigned: events published from then on will be seen.
        self.ready = threading.Event()
        self._topic_ids: dict[str, object] = {}
        self._to_rewind: set[str] = set()

    def prepare(self) -> None:
        """Create the tables; if the projection's version changed, drop and recreate them for a rebuild."""
        BOOKKEEPING.create_all(self._engine)
        with self._engine.connect() as connection:
            row = connection.execute(
                select(projection_state.c.version).where(projection_state.c.projection == self.projection.name)
            ).first()
        if row is not None and row[0] != self.projection.version:
            log.info(
                "projection %s changed v%s → v%s: rebuilding", self.projection.name, row[0], self.projection.version
            )
            self.reset()
        else:
            self.projection.metadata.create_all(self._engine)
            self._ensure_state_row()
        ensure_topics(self._kafka, [*self.projection.topics, *(dead_letter_topic(t) for t in self.projection.topics)])

    def reset(self) -> None:
        """Drop the read model and forget every event it applied."""
        self.projection.metadata.drop_all(self._engine)
        self.projection.metadata.create_all(self._engine)
        with Session(self._engine) as session, session.begin():
            session.execute(delete(projection_tracking).where(projection_tracking.c.projection == self.projection.name))
            session.execute(delete(projection_state).where(projection_state.c.projection == self.projection.name))
        self._ensure_state_row()

    def _ensure_state_row(self) -> None:
        with Session(self._engine) as session, session.begin():
            insert_if_absent(
                session,
                projection_state,
                {
                    "projection": self.projection.name,
                    "version": self.projection.version,
                    "events_applied": 0,
                    "dead_lettered": 0,
                    "offsets": "{}",
                    "highwater": "{}",
                },
            )

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

        The batch is first tried without a savepoint per event (see `_apply_in_bulk`); if a handler
        fails, that try is rolled back and the batch applied here, event by event. A rebuild
        (`park_poison=False`) parks nothing, and its `write_behind` keeps new rows in memory between
        statements (see WriteBehind); after a failed try it no longer matches the database and must
        not be used again. The consumer's `positions` after the batch, if given, are saved with it.
        """
        try:
            return self._apply_in_bulk(
                records,
                recorded_until=recorded_until,
                write_behind=write_behind,
                park_poison=park_poison,
                positions=positions,
            )
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
        applied: list[UUID] = []
        poison: list[tuple[ConsumerRecord, str]] = []
        with Session(self._engine) as session, session.begin():
            for record in records:
                outcome = self._apply_one(session, record, recorded_until=recorded_until)
                if isinstance(outcome, UUID):
                    applied.append(outcome)
                elif isinstance(outcome, str):
                    poison.append((record, outcome))
            self._count(session, applied=len(applied), poisoned=len(poison), positions=positions)
        if poison and park_poison:
            self._park(poison)
        if applied and self._live is not None:
            self._live.projection_advanced(projection=self.projection.name, event_ids=applied)
        return len(applied)

    def _apply_in_bulk(
        self,
        records: Sequence[ConsumerRecord],
        *,
        recorded_until: datetime | None,
        write_behind: WriteBehind | None,
        park_poison: bool,
        positions: Positions | None,
    ) -> int:
        """Apply a batch in one transaction with no savepoints; any handler's error propagates.

        The batch's tracking rows go in with one statement per few hundred events, and only the
        events whose row went in are handled, in order: they commit together with their writes, and
        an event applied before (or twice in the batch) changes nothing. Messages that are not events
        at all are counted, and parked after the commit if `park_poison`.
        """
        events: list[Envelope[Any]] = []
        poison: list[tuple[ConsumerRecord, str]] = []
        for record in records:
            outcome = self._admit(record, recorded_until=recorded_until)
            if isinstance(outcome, str):
                poison.append((record, outcome))
            elif not isinstance(outcome, bool):
                events.append(outcome)
        applied: list[UUID] = []
        commands = None if self.projection.commands is None else self.projection.commands.batch()
        with Session(self._engine) as session, session.begin():
            if commands is not None:
                session.info[BATCH_COMMANDS] = commands
            fresh = set(
                insert_absent_rows(
                    session, projection_tracking, [self._tracking_row(e) for e in events], returning="event_id"
                )
            )
            with (write_behind or BatchedWrites()).serving(session):
                for envelope in events:
                    if envelope.event_id not in fresh:
                        continue
                    fresh.discard(envelope.event_id)
                    handler = self.projection.handler_for(envelope.event_type)
                    assert handler is not None  # admitted events have one
                    handler(session, envelope)
                    applied.append(envelope.event_id)
            if commands is not None:
                # Before the tracking rows commit; a redelivered batch collides with what it stored and is
                # run again event by event, where each command finds its first result.
                commands.commit()
            self._count(session, applied=len(applied), poisoned=len(poison), positions=positions)
        if poison and park_poison:
            self._park(poison)
        if applied and self._live is not None:
            self._live.projection_advanced(projection=self.projection.name, event_ids=applied)
        return len(applied)

    def _count(self, session: Session, *, applied: int, poisoned: int, positions: Positions | None) -> None:
        session.execute(
            update(projection_state)
            .where(projection_state.c.projection == self.projection.name)
            .values(
                events_applied=projection_state.c.events_applied + applied,
                dead_lettered=projection_state.c.dead_lettered + poisoned,
                **({} if positions is None else positions.values()),
            )
        )

    def _tracking_row(self, envelope: Envelope[Any]) -> dict[str, Any]:
        return {
            "projection": self.projection.name,
            "event_id": envelope.event_id,
            "aggregate_id": envelope.aggregate_id,
            "aggregate_version": envelope.aggregate_version,
            "occurred_at": envelope.occurred_at,
        }

    def _admit(self, record: ConsumerRecord, *, recorded_until: datetime | None = None) -> Envelope[Any] | bool | str:
        """The event to apply, False to skip it (not ours, or recorded too late), or the reason it is poison."""
        event_type: str | None = None
        try:
            event_type = _header(record, "event_type")
            if event_type is not None and self.projection.handler_for(event_type) is None:
                return False
            if not record.value:
                return "MALFORMED_EVENT: 消息为空"
            envelope = self.decode(record.value)
        except UnknownEventTypeError as error:
            if event_type is None:
                return False
            if error.field == "schema_version":
                # A newer version of an event we handle: this service is behind the producer's deploy.
                raise NotYetUnderstoodError(f"{event_type}: {error.message}") from error
            return f"{error.code}: {error.message}"
        except MalformedEventError as error:
            return f"{error.code}: {error.message}"
        except (UnicodeDecodeError, TypeError, ValueError) as error:
            return f"MALFORMED_EVENT: {type(error).__name__}"
        handler = self.projection.handler_for(envelope.event_type)
        if handler is None or (recorded_until is not None and envelope.recorded_at > recorded_until):
            return False
        return envelope

    def _apply_one(
        self, session: Session, record: ConsumerRecord, *, recorded_until: datetime | None = None
    ) -> UUID | bool | str:
        """The event id if applied, False if skipped (a duplicate or not ours), or the reason it is poison."""
        envelope = self._admit(record, recorded_until=recorded_until)
        if isinstance(envelope, (bool, str)):
            return envelope
        handler = self.projection.handler_for(envelope.event_type)
        assert handler is not None  # admitted events have one
        try:
            with session.begin_nested():
                fresh = insert_if_absent(session, projection_tracking, self._tracking_row(envelope))
                if not fresh:
                    return False
                handler(session, envelope)
        except TRANSIENT:
            raise
        except Exception as error:  # noqa: BLE001 — a handler that fails on this event will fail on it every time
            log.warning("projection %s parks %s: %s", self.projection.name, envelope.event_id, type(error).__name__)
            return f"HANDLER_FAILED: {type(error).__name__}"
        return envelope.event_id

    def _park(self, poison: list[tuple[ConsumerRecord, str]]) -> None:
        """Send poison messages to their dead-letter topics and wait until the broker has them."""
        futures = [
            self._dead_letters.send(
                dead_letter_topic(record.topic),
                key=record.key,
                value=record.value,
                headers=[
                    ("reason", reason.encode()),
                    ("projection", self.projection.name.encode()),
                    ("source_topic", record.topic.encode()),
                    ("source_partition", str(record.partition).encode()),
                    ("source_offset", str(record.offset).encode()),
                ],
            )
            for record, reason in poison
        ]
        self._dead_letters.flush()
        for future in futures:
            future.get(timeout=30)

    def _save_positions(self, positions: Positions) -> None:
        with Session(self._engine) as session, session.begin():
            session.execute(
                update(projection_state)
                .where(projection_state.c.projection == self.projection.name)
                .values(**positions.values())
            )

    def run(self, stop: threading.Event) -> None:
        """Consume until `stop` is set; a failed batch is retried from the last committed offsets.

        After a broker restart the group's offsets are gone with it. A new consumer reads the recreated
        topics from the earliest offset; a live one is sent back to their start when it sees a topic's
        id change. Either way the tracking rows drop what was applied before.
        """
        while not stop.is_set():
            consumer = None
            try:
                ensure_topics(self._kafka, [*self.projection.topics, *map(dead_letter_topic, self.projection.topics)])
                consumer = make_group_consumer(
                    self._kafka, group_id=self.projection.consumer_group, topics=self.projection.topics
                )
                self._consume(consumer, stop)
            except NotYetUnderstoodError as error:
                log.error("projection %s waits for an upgrade: %s", self.projection.name, error)
                stop.wait(10.0)
            except Exception:
                log.exception("projection %s failed; restarting its consumer", self.projection.name)
                stop.wait(1.0)
            finally:
                if consumer is not None:
                    consumer.close(autocommit=False)

    def _consume(self, consumer: KafkaConsumer, stop: threading.Event) -> None:
        last_saved = 0.0
        while not stop.is_set():
            self._rewind_recreated_topics(consumer)
            batches = consumer.poll(timeout_ms=200)
            if consumer.assignment():
                self.ready.set()
            records = [record for partition in batches.values() for record in partition]
            now = time.monotonic()
            if records:
                self.apply(records, positions=Positions.of(consumer))
                consumer.commit()
                last_saved = now
            elif now - last_saved > 1.0:
                self._save_positions(Positions.of(consumer))
                last_saved = now

    def _rewind_recreated_topics(self, consumer: KafkaConsumer) -> None:
        """Read a topic from its start again when the broker recreated it (a broker that lost its data).

        The consumer's in-memory positions point into the old log, and a rejoin does not always reset
        them; the relays re-publish into the new log from its start.
        """
        # kafka-python keeps topic ids from metadata responses only on its cluster object.
        cluster = consumer._client.cluster
        for topic in self.projection.topics:
            topic_id = cluster.topic_id(topic)
            if topic_id is None:
                continue
            previous = self._topic_ids.get(topic)
            self._topic_ids[topic] = topic_id
            if previous is not None and previous != topic_id:
                log.warning(
                    "projection %s: topic %s was recreated; reading it from the start", self.projection.name, topic
                )
                partitions = [tp for tp in consumer.assignment() if tp.topic == topic]
                if partitions:
                    consumer.seek_to_beginning(*partitions)

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


def rebuild_together(
    runners: Sequence[ProjectionRunner],
    *,
    source: EventSource,
    recorded_until: datetime | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Rebuild several read models in one read of `source`; the number of events each applied.

    Each batch read goes to every read model whose topics it touches, in the order read, and each read
    model applies its share in its own transaction with its own write-behind (see `rebuild`).
    """
    if not runners:
        return {}
    topics_of = {runner.projection.name: set(runner.projection.topics) for runner in runners}
    write_behinds = {}
    for runner in runners:
        BOOKKEEPING.create_all(runner._engine)
        runner.reset()
        write_behinds[runner.projection.name] = WriteBehind()
    totals = dict.fromkeys(topics_of, 0)
    decoder = _DecodeOnce(runners[0]._registry)
    for runner in runners:
        runner.decode = decoder.decode
    try:
        for records in source.batches(sorted(set().union(*topics_of.values()))):
            decoder.forget()
            for runner in runners:
                name = runner.projection.name
                share = [record for record in records if record.topic in topics_of[name]]
                if not share:
                    continue
                totals[name] += runner.apply(
                    share, park_poison=False, recorded_until=recorded_until, write_behind=write_behinds[name]
                )
                if progress is not None:
                    progress(name, totals[name])
    finally:
        for runner in runners:
            runner.decode = runner._registry.decode
    return totals


class _DecodeOnce:
    """Decodes each record of a batch once for all the read models it goes to (by the value's identity)."""

    def __init__(self, registry: EventRegistry) -> None:
        self._registry = registry
        self._decoded: dict[int, Envelope[Any]] = {}

    def decode(self, value: bytes) -> Envelope[Any]:
        envelope = self._decoded.get(id(value))
        if envelope is None:
            envelope = self._decoded[id(value)] = self._registry.decode(value)
        return envelope

    def forget(self) -> None:
        """Drop the last batch's events (their values may be freed, and their ids reused)."""
        self._decoded.clear()


def _header(record: ConsumerRecord, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return value.decode() if isinstance(value, bytes) else str(value)
    return None


def read_states(engine: Engine) -> dict[str, dict[str, Any]]:
    """Each projection's version, counts, offsets and lag, for `/healthz`."""
    with engine.connect() as connection:
        rows = connection.execute(select(projection_state)).mappings().all()
    states: dict[str, dict[str, Any]] = {}
    for row in rows:
        offsets = json.loads(row["offsets"])
        highwater = json.loads(row["highwater"])
        lag = sum(max(0, highwater[p] - offsets.get(p, 0)) for p in highwater)
        states[row["projection"]] = {
            "version": row["version"],
            "events_applied": row["events_applied"],
            "dead_lettered": row["dead_lettered"],
            "position": sum(offsets.values()),
            "lag": lag,
            "offsets": offsets,
        }
    return states
