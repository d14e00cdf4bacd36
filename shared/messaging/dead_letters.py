"""Dead letters: poison messages parked on `<topic>.dlq` with the reason, so the runner goes on.

A parked message keeps its key and value; its headers say why it was parked, by which projection,
and where it came from (topic, partition, offset), for whoever replays it once the cause is fixed.
"""

from __future__ import annotations

from collections.abc import Sequence

from kafka import KafkaProducer

from shared.events.topics import dead_letter_topic
from shared.messaging.admission import Poison


class DeadLetters:
    """Parks a projection's poison messages on their dead-letter topics."""

    def __init__(self, producer: KafkaProducer, *, projection: str) -> None:
        self._producer = producer
        self._projection = projection

    def park(self, poison: Sequence[Poison]) -> None:
        """Send the messages to their dead-letter topics and wait until the broker has them.

        The runner parks only after the database commit and commits the offsets only once this returns,
        so a message is never lost between its topic and its dead-letter topic.
        """
        futures = [
            self._producer.send(
                dead_letter_topic(parked.record.topic),
                key=parked.record.key,
                value=parked.record.value,
                headers=[
                    ("reason", parked.reason.encode()),
                    ("projection", self._projection.encode()),
                    ("source_topic", parked.record.topic.encode()),
                    ("source_partition", str(parked.record.partition).encode()),
                    ("source_offset", str(parked.record.offset).encode()),
                ],
            )
            for parked in poison
        ]
        self._producer.flush()
        for future in futures:
            future.get(timeout=30)
