"""The propagation baseline: the broker's own produce → consume latency, with our producer and consumer settings."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

from shared.messaging.kafka import KafkaConfig, ensure_topics, make_group_consumer, make_producer


def broker_latency(config: KafkaConfig, messages: list[Any], *, rate: float) -> list[float]:
    """Produce the stored events to a fresh topic at `rate` with our producer, each sent at once (as the
    relay flushes each batch); a group consumer with our settings, polling in its own thread, notes
    when each arrives."""
    topic = f"bench.latency.{uuid.uuid4().hex[:8]}"
    ensure_topics(config, [topic])
    consumer = make_group_consumer(config, group_id=f"bench-{uuid.uuid4().hex[:6]}", topics=[topic])
    while not consumer.assignment():
        consumer.poll(timeout_ms=200)
    producer = make_producer(config)
    sent: dict[int, float] = {}
    latencies: list[float] = []
    stop = threading.Event()

    def consume() -> None:
        while not stop.is_set() and len(latencies) < len(messages):
            for batch in consumer.poll(timeout_ms=200).values():
                arrived = time.perf_counter()
                for record in batch:
                    latencies.append(arrived - sent[int(dict(record.headers)["n"])])

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    try:
        interval = 1.0 / rate
        started = time.perf_counter()
        for index, note in enumerate(messages):
            sent[index] = time.perf_counter()
            producer.send(
                topic,
                key=str(note.aggregate_id).encode(),
                value=note.state,
                headers=[("event_type", note.event_type.encode()), ("n", str(index).encode())],
            )
            producer.flush()
            time.sleep(max(0.0, started + (index + 1) * interval - time.perf_counter()))
        thread.join(timeout=30)
    finally:
        stop.set()
        thread.join(timeout=5)
        producer.close()
        consumer.close()
    return latencies
