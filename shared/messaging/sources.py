"""Where a rebuild reads its events: the broker's topics, or the services' stores directly.

Both give batches of records a `ProjectionRunner` applies: the broker's own records, or records made
from stored notifications in the same form the relay publishes (same value, same headers). Reading
the stores is how a read model is rebuilt when the broker lost its data, and the fastest way to
rebuild one in any case: no broker round trip between the store and the read model.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kafka import KafkaConsumer, TopicPartition

from shared.eventstore.store import EventStore, StoredNotification
from shared.messaging.kafka import KafkaConfig, ensure_topics, make_reader


class RebuildIncompleteError(Exception):
    """Raised when a rebuild cannot tell that it has read every partition to its end."""


class EventSource(Protocol):
    """Batches of records on the given topics, each batch in an order that keeps each aggregate's order."""

    def batches(self, topics: Sequence[str]) -> Iterator[Sequence[Any]]: ...


@dataclass(frozen=True)
class StoredRecord:
    """A stored event in the shape of a consumed Kafka record, as the relay would have published it."""

    topic: str
    key: bytes
    value: bytes
    offset: int
    partition: int = -1
    headers: list[tuple[str, bytes]] = field(default_factory=list)

    @classmethod
    def of(cls, note: StoredNotification, *, topic: str) -> StoredRecord:
        """The record the relay publishes for a stored event."""
        return cls(
            topic=topic,
            key=str(note.aggregate_id).encode(),
            value=note.state,
            offset=note.position,
            headers=[
                ("event_type", note.event_type.encode()),
                ("schema_version", str(note.schema_version).encode()),
                ("store_position", str(note.position).encode()),
            ],
        )


@dataclass(frozen=True)
class StoreSource:
    """Every event of the given stores on the wanted topics, store by store, in each store's order."""

    stores: Iterable[EventStore]
    batch_size: int = 2000

    def batches(self, topics: Sequence[str]) -> Iterator[Sequence[StoredRecord]]:
        wanted = set(topics)
        for store in self.stores:
            position = 0
            while True:
                notifications = store.notifications(after=position, limit=self.batch_size)
                if not notifications:
                    break
                position = notifications[-1].position
                batch = []
                for note in notifications:
                    topic = store.registry.topic_of(note.event_type)
                    if topic not in wanted:
                        continue
                    batch.append(StoredRecord.of(note, topic=topic))
                if batch:
                    yield batch


@dataclass(frozen=True)
class BrokerSource:
    """Every record on the topics from the beginning, until each partition is read to its end."""

    kafka: KafkaConfig
    idle_polls: int = 3

    def batches(self, topics: Sequence[str]) -> Iterator[Sequence[Any]]:
        ensure_topics(self.kafka, topics)
        reader = make_reader(self.kafka)
        try:
            partitions = [
                TopicPartition(topic, partition)
                for topic in topics
                for partition in sorted(reader.partitions_for_topic(topic) or ())
            ]
            reader.assign(partitions)
            reader.seek_to_beginning(*partitions)
            quiet = 0
            while quiet < self.idle_polls or not _caught_up(reader, partitions):
                polled = reader.poll(timeout_ms=300)
                records = [record for partition in polled.values() for record in partition]
                if not records:
                    quiet += 1
                    if quiet > self.idle_polls * 20:
                        raise RebuildIncompleteError(f"{', '.join(topics)}: 代理从未报告各分区的末尾")
                    continue
                quiet = 0
                yield records
        finally:
            reader.close()


def _caught_up(reader: KafkaConsumer, partitions: list[TopicPartition]) -> bool:
    # Tansu answers ListOffsets with a batch's base offset, so the fetch highwater is the end we trust.
    # A partition whose highwater is still unknown has not been fetched yet.
    for tp in partitions:
        mark = reader.highwater(tp)
        if mark is None or reader.position(tp) < mark:
            return False
    return True
