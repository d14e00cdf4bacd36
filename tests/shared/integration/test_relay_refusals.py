"""A stored event the broker refuses for good is set aside with its reason; the relay publishes the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from services.county.domain.deputy import Deputy
from shared.application import Commands
from shared.events import default_registry, topics
from shared.eventstore import open_event_store
from shared.messaging.kafka import KafkaConfig, ensure_topics
from shared.messaging.relay import Relay, RelayPositions
from shared.readmodel.database import make_engine
from tests.conftest import Broker
from tests.support.deputies import profile

pytestmark = pytest.mark.integration

LONG = "城乡建设与管理" * 14  # 98 characters, about 300 bytes in UTF-8


def _published(broker: Broker) -> list[bytes]:
    consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap, enable_auto_commit=False, consumer_timeout_ms=3000)
    try:
        partitions = [
            TopicPartition(topics.COUNTY_DEPUTY, p) for p in consumer.partitions_for_topic(topics.COUNTY_DEPUTY) or ()
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        return [message.key for message in consumer]
    finally:
        consumer.close()


def test_an_event_too_large_for_the_broker_is_set_aside_and_the_relay_goes_on(tmp_path: Path, broker: Broker) -> None:
    store = open_event_store(f"sqlite:///{tmp_path}/events.sqlite", registry=default_registry())
    commands = Commands(store=store)
    profiles = [
        profile(name="王建国"),
        profile(name="李秀英" * 16, occupation=LONG, specialty=LONG, constituency=LONG),
        profile(name="张卫东"),
    ]
    ids = [commands.new_id() for _ in profiles]
    for deputy_id, each in zip(ids, profiles, strict=True):
        store.save(Deputy.elect(deputy_id=deputy_id, profile=each, ctx=commands.context(actor="t")))
    notes = store.notifications(after=0, limit=10)
    small, large = max(len(notes[0].state), len(notes[2].state)), len(notes[1].state)
    assert large > small + 600
    ensure_topics(KafkaConfig(bootstrap_servers=broker.bootstrap), [topics.COUNTY_DEPUTY])
    positions = RelayPositions(make_engine(f"sqlite:///{tmp_path}/readmodels.sqlite"))
    relay = Relay(
        name="county",
        store=store,
        # The producer refuses a record over its request size before sending, as the broker would.
        connect=lambda: KafkaProducer(
            bootstrap_servers=broker.bootstrap, acks="all", max_request_size=(small + large) // 2 + 150
        ),
        positions=positions,
    )

    published = relay.publish_next_batch()

    assert published == 3
    assert positions.get("county") == notes[-1].position
    [parked] = positions.parked("county")
    assert parked["position"] == notes[1].position and parked["aggregate_id"] == ids[1]
    assert "MessageSizeTooLarge" in str(parked["reason"])
    assert sorted(_published(broker)) == sorted(str(ids[i]).encode() for i in (0, 2))
    assert relay.publish_next_batch() == 0
    store.close()
