"""The relay: follows the store's notification log (the outbox) and publishes each event to its topic.

The position is saved only after the broker acknowledged the batch, so a relay killed at any moment
resumes with no gap; the records published again after a restart are duplicates that projections
drop by event id. A record the broker refuses for good (too large, invalid) would stop every later event
of the service: it is set aside in `relay_parked` with the reason, logged, and the relay goes on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from kafka import KafkaProducer
from kafka.errors import (
    CorruptRecordError,
    InvalidRecordError,
    InvalidTopicError,
    KafkaError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
)
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from shared.eventstore.store import EventStore, StoredNotification
from shared.readmodel.tracking import BOOKKEEPING, relay_parked, relay_position
from shared.readmodel.writes import insert_if_absent

log = logging.getLogger("renda.relay")

# What the broker (or the producer, before sending) refuses about one record, however often it is sent.
REFUSED_FOR_GOOD = (
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    InvalidTopicError,
    InvalidRecordError,
    CorruptRecordError,
)


def _reason(error: KafkaError) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


class RelayPositions:
    """The relay's last published store position, kept in the service's own database."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        BOOKKEEPING.create_all(engine, tables=[relay_position, relay_parked])

    def get(self, relay: str) -> int:
        with self._engine.connect() as connection:
            row = connection.execute(select(relay_position.c.position).where(relay_position.c.relay == relay)).first()
        return int(row[0]) if row else 0

    def advance(self, *, relay: str, expected: int, to: int) -> bool:
        """Compare-and-set, so a rewind by an operator is never overwritten by an in-flight batch."""
        return self.advance_past(relay=relay, expected=expected, to=to)

    def rewind(self, *, relay: str, to: int) -> None:
        """Set the position back (or forward): the relay publishes again from `to + 1`."""
        with Session(self._engine) as session, session.begin():
            insert_if_absent(session, relay_position, {"relay": relay, "position": 0})
            session.execute(update(relay_position).where(relay_position.c.relay == relay).values(position=to))

    def advance_past(
        self, *, relay: str, expected: int, to: int, refused: dict[StoredNotification, str] | None = None
    ) -> bool:
        """`advance`, setting the refused events aside in the same transaction."""
        with Session(self._engine) as session, session.begin():
            insert_if_absent(session, relay_position, {"relay": relay, "position": 0})
            moved = session.execute(
                update(relay_position)
                .where(relay_position.c.relay == relay, relay_position.c.position == expected)
                .values(position=to)
                .returning(relay_position.c.relay)
            ).first()
            if moved is None:
                return False
            for note, reason in (refused or {}).items():
                insert_if_absent(
                    session,
                    relay_parked,
                    {
                        "relay": relay,
                        "position": note.position,
                        "event_type": note.event_type,
                        "aggregate_id": note.aggregate_id,
                        "reason": reason,
                        "parked_at": datetime.now(UTC),
                    },
                )
            return True

    def parked(self, relay: str) -> list[dict[str, object]]:
        """The events set aside, oldest first."""
        query = select(relay_parked).where(relay_parked.c.relay == relay).order_by(relay_parked.c.position)
        with self._engine.connect() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]

    def unpark(self, *, relay: str, position: int) -> None:
        """Forget a parked event, once it has been published again."""
        with Session(self._engine) as session, session.begin():
            session.execute(
                delete(relay_parked).where(relay_parked.c.relay == relay, relay_parked.c.position == position)
            )


class Relay:
    """Publishes a service's stored events, in store order, keyed by aggregate id."""

    def __init__(
        self,
        *,
        name: str,
        store: EventStore,
        connect: Callable[[], KafkaProducer],
        positions: RelayPositions,
        batch_size: int = 1000,
    ) -> None:
        self.name = name
        self._store = store
        self._connect = connect
        self._producer = connect()
        self._positions = positions
        self._batch_size = batch_size

    def publish(self, notifications: list[StoredNotification]) -> dict[StoredNotification, str]:
        """Send and wait for the broker's acknowledgement of every record; the ones it refused for good, with why.

        A retriable failure (no broker, a timeout) raises, and the whole batch goes again later.
        """
        refused: dict[StoredNotification, str] = {}
        sent = []
        for note in notifications:
            try:
                future = self._producer.send(
                    self._store.registry.topic_of(note.event_type),
                    key=str(note.aggregate_id).encode(),
                    value=note.state,
                    headers=[
                        ("event_type", note.event_type.encode()),
                        ("schema_version", str(note.schema_version).encode()),
                        ("store_position", str(note.position).encode()),
                    ],
                )
            except REFUSED_FOR_GOOD as error:
                refused[note] = _reason(error)
                continue
            sent.append((note, future))
        self._producer.flush()
        for note, future in sent:
            try:
                future.get(timeout=30)
            except REFUSED_FOR_GOOD as error:
                refused[note] = _reason(error)
        return refused

    def publish_next_batch(self) -> int:
        """Publish the events after the saved position; the number published or set aside."""
        position = self._positions.get(self.name)
        notifications = self._store.notifications(after=position, limit=self._batch_size)
        if not notifications:
            return 0
        refused = self.publish(notifications)
        for note, reason in refused.items():
            log.error(
                "relay %s set aside position %s (%s), which the broker refuses: %s",
                self.name,
                note.position,
                note.event_type,
                reason,
            )
        last = notifications[-1].position
        if not self._positions.advance_past(relay=self.name, expected=position, to=last, refused=refused):
            log.info("relay %s position was moved while publishing; following the new position", self.name)
        return len(notifications)

    def run(self, stop: threading.Event, *, idle_wait: float = 0.05, retry_wait: float = 1.0) -> None:
        """Follow the store until `stop` is set; if the broker goes away, reconnect and go on."""
        while not stop.is_set():
            try:
                published = self.publish_next_batch()
            except KafkaError as error:
                # Nothing was marked published, so the same batch goes again once the broker is back.
                log.warning("relay %s could not publish (%s); reconnecting", self.name, type(error).__name__)
                stop.wait(retry_wait)
                self._reconnect()
                continue
            except SQLAlchemyError as error:
                log.warning("relay %s: database unavailable (%s); retrying", self.name, type(error).__name__)
                stop.wait(retry_wait)
                continue
            if published == 0:
                stop.wait(idle_wait)

    def _reconnect(self) -> None:
        try:
            self._producer.close(timeout=1)
        except KafkaError:
            pass
        try:
            self._producer = self._connect()
        except KafkaError as error:
            log.warning("relay %s: broker still unavailable (%r)", self.name, error)
