"""The consume loop of a projection: poll, apply the batch, commit the offsets; restart on failure.

A batch's offsets are committed only once it is applied (and its poison parked), so a runner killed at
any moment resumes from the last committed batch, and what it applies twice its tracking rows drop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kafka import KafkaConsumer
from kafka.consumer.fetcher import ConsumerRecord

from shared.events.topics import dead_letter_topic
from shared.messaging.admission import NotYetUnderstoodError
from shared.messaging.kafka import GroupMember, KafkaConfig, ensure_topics, make_group_member
from shared.messaging.projection_progress import Positions
from shared.readmodel.projection import Projection

log = logging.getLogger("renda.projection")

ApplyBatch = Callable[[Sequence[ConsumerRecord], Positions], int]
"""Applies a batch and saves the consumer's positions after it with it; returns once it may be committed."""


@dataclass
class ConsumeLoop:
    """Feeds one projection's topics to `apply`, batch by batch, until told to stop."""

    projection: Projection
    kafka: KafkaConfig
    apply: ApplyBatch
    save_positions: Callable[[Positions], None]
    # Set once the consumer has partitions assigned: events published from then on will be seen.
    ready: threading.Event = field(default_factory=threading.Event)
    _topic_ids: dict[str, object] = field(default_factory=dict, init=False)

    def run(self, stop: threading.Event) -> None:
        """Consume until `stop` is set; a failed batch is retried from the last committed offsets.

        After a broker restart the group's offsets are gone with it. A new consumer reads the recreated
        topics from the earliest offset; a live one is sent back to their start when it sees a topic's
        id change. Either way the tracking rows drop what was applied before.
        """
        while not stop.is_set():
            member = None
            try:
                ensure_topics(self.kafka, [*self.projection.topics, *map(dead_letter_topic, self.projection.topics)])
                member = make_group_member(
                    self.kafka, group_id=self.projection.consumer_group, topics=self.projection.topics
                )
                self._consume(member, stop)
            except NotYetUnderstoodError as error:
                log.error("projection %s waits for an upgrade: %s", self.projection.name, error)
                stop.wait(10.0)
            except Exception:
                log.exception("projection %s failed; restarting its consumer", self.projection.name)
                stop.wait(1.0)
            finally:
                if member is not None:
                    member.consumer.close(autocommit=False)

    def _consume(self, member: GroupMember, stop: threading.Event) -> None:
        consumer = member.consumer
        last_saved = 0.0
        while not stop.is_set():
            self._rewind_recreated_topics(member)
            batches = consumer.poll(timeout_ms=200)
            if consumer.assignment():
                self.ready.set()
            records = [record for partition in batches.values() for record in partition]
            now = time.monotonic()
            if records:
                self.apply(records, Positions.of(consumer))
                consumer.commit()
                last_saved = now
            elif now - last_saved > 1.0:
                self.save_positions(Positions.of(consumer))
                last_saved = now

    def _rewind_recreated_topics(self, member: GroupMember) -> None:
        """Read a topic from its start again when the broker recreated it (a broker that lost its data).

        The consumer's in-memory positions point into the old log, and a rejoin does not always reset
        them; the relays re-publish into the new log from its start.
        """
        for topic in self.projection.topics:
            topic_id = member.cluster.topic_id(topic)
            if topic_id is None:
                continue
            previous = self._topic_ids.get(topic)
            self._topic_ids[topic] = topic_id
            if previous is not None and previous != topic_id:
                log.warning(
                    "projection %s: topic %s was recreated; reading it from the start", self.projection.name, topic
                )
                _read_from_start(member.consumer, topic)


def _read_from_start(consumer: KafkaConsumer, topic: str) -> None:
    partitions = [tp for tp in consumer.assignment() if tp.topic == topic]
    if partitions:
        consumer.seek_to_beginning(*partitions)
