"""The relay: follows the store's notification log (the outbox) and publishes each event to its topic.

The position is saved only after the broker acknowledged the batch, so a relay killed at any moment
resumes with no gap; the records published again after a restart are duplicates that projections
drop by event id.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kafka import KafkaProducer
from kafka.errors import KafkaError
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from shared.eventstore.store import EventStore, StoredNotification
from shared.readmodel.tracking import BOOKKEEPING, relay_position
from shared.readmodel.writes import insert_if_absent

log = logging.getLogger("renda.relay")


class RelayPositions:
    """The relay's last published store position, kept in the service's own database."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        BOOKKEEPING.create_all(engine, tables=[relay_position])

    def get(self, relay: str) -> int:
        with self._engine.connect() as connection:
            row = connection.execute(select(relay_position.c.position).where(relay_position.c.relay == relay)).first()
        return int(row[0]) if row else 0

    def advance(self, *, relay: str, expected: int, to: int) -> bool:
        """Compare-and-set, so a rewind by an operator is never overwritten by an in-flight batch."""
        with Session(self._engine) as session, session.begin():
            insert_if_absent(session, relay_position, {"relay": relay, "position": 0})
            moved = session.execute(
                update(relay_position)
                .where(relay_position.c.relay == relay, relay_position.c.position == expected)
                .values(position=to)
                .returning(relay_position.c.relay)
            ).first()
            return moved is not None

    def rewind(self, *, relay: str, to: int) -> None:
        """Set the position back (or forward): the relay publishes again from `to + 1`."""
        with Session(self._engine) as session, session.begin():
            insert_if_absent(session, relay_position, {"relay": relay, "position": 0})
            session.execute(update(relay_position).where(relay_position.c.relay == relay).values(position=to))


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

    def publish(self, notifications: list[StoredNotification]) -> None:
        """Send and wait for the broker's acknowledgement of every record."""
        futures = [
            self._producer.send(
                self._store.registry.topic_of(note.event_type),
                key=str(note.aggregate_id).encode(),
                value=note.state,
                headers=[
                    ("event_type", note.event_type.encode()),
                    ("schema_version", str(note.schema_version).encode()),
                    ("store_position", str(note.position).encode()),
                ],
            )
            for note in notifications
        ]
        self._producer.flush()
        for future in futures:
            future.get(timeout=30)

    def publish_next_batch(self) -> int:
        """Publish the events after the saved position; the number published."""
        position = self._positions.get(self.name)
        notifications = self._store.notifications(after=position, limit=self._batch_size)
        if not notifications:
            return 0
        self.publish(notifications)
        if not self._positions.advance(relay=self.name, expected=position, to=notifications[-1].position):
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
