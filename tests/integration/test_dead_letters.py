"""`renda dlq`: a projection's parked events are listed with their reason and applied once the cause is fixed;
replaying twice applies nothing twice."""

from __future__ import annotations

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from rich.console import Console
from sqlalchemy import Column, MetaData, String, Table, Uuid, insert, select
from sqlalchemy.orm import Session

from renda.dlq import dead_letters, print_set_aside, replay_dead_letters, replay_parked_events, replay_set_aside
from services.county.config import CountySettings
from services.county.domain.deputy import Deputy
from shared.events import topics
from shared.events.catalog.county import DeputyElectedV2
from shared.events.envelope import Envelope
from shared.messaging.kafka import ensure_topics
from shared.messaging.relay import Relay
from shared.readmodel.projection import Handlers, Projection
from shared.runtime import ServiceRuntime
from shared.settings import PlatformSettings
from tests.conftest import Broker
from tests.support.deputies import profile
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

METADATA = MetaData()
names = Table("dlq_test_names", METADATA, Column("deputy_id", Uuid, primary_key=True), Column("name", String(200)))
FIXED = {"long names": False}


def _named(session: Session, event: Envelope[DeputyElectedV2]) -> None:
    if len(event.payload.name) > 3 and not FIXED["long names"]:
        raise ValueError("names longer than three characters are not handled yet")
    session.execute(insert(names).values(deputy_id=event.aggregate_id, name=event.payload.name))


NAMES = Projection(
    name="test.dlq_names",
    version=1,
    topics=(topics.COUNTY_DEPUTY,),
    metadata=METADATA,
    handlers=Handlers().on(DeputyElectedV2, _named),
)


def _runtime(postgres: Postgres, broker: Broker) -> ServiceRuntime:
    url = postgres.create_database()
    settings = CountySettings(
        event_store_url=url, database_url=url, platform=PlatformSettings(kafka_bootstrap=broker.bootstrap)
    )
    return ServiceRuntime(settings=settings, projections=[NAMES])


def _names(runtime: ServiceRuntime) -> list[str]:
    with runtime.engine.connect() as connection:
        return sorted(connection.execute(select(names.c.name)).scalars())


def test_a_parked_event_is_listed_with_its_reason_and_applied_once_the_handler_is_fixed(
    postgres: Postgres, broker: Broker
) -> None:
    FIXED["long names"] = False
    runtime = _runtime(postgres, broker)
    try:
        ensure_topics(runtime.kafka, [topics.COUNTY_DEPUTY])
        [runner] = runtime.runners()
        runner.prepare()
        for name in ("王建国", "欧阳建国同志"):
            runtime.store.save(
                Deputy.elect(
                    deputy_id=runtime.commands.new_id(),
                    profile=profile(name=name),
                    ctx=runtime.commands.context(actor="t"),
                )
            )
        while runtime.relay().publish_next_batch():
            pass
        runner.apply(_every_record(runtime))
        assert _names(runtime) == ["王建国"]

        [letter] = dead_letters(runtime)
        assert letter.projection == NAMES.name and letter.reason == "HANDLER_FAILED: ValueError"
        shown = Console(record=True, width=300)
        assert print_set_aside(shown, runtime) == 1
        text = shown.export_text()
        assert "HANDLER_FAILED: ValueError" in text and str(letter.event_id) in text
        assert letter.record.topic == topics.COUNTY_DEPUTY
        assert replay_dead_letters(runtime) == (0, 1)  # not fixed yet: still failing, and not parked again
        assert len(dead_letters(runtime)) == 1

        FIXED["long names"] = True
        assert replay_dead_letters(runtime) == (1, 0)
        assert _names(runtime) == ["欧阳建国同志", "王建国"]
        assert dead_letters(runtime) == []
        assert replay_set_aside(Console(record=True), runtime) == 0
    finally:
        runtime.close()


def _every_record(runtime: ServiceRuntime) -> list[ConsumerRecord]:
    consumer = KafkaConsumer(bootstrap_servers=runtime.kafka.bootstrap_servers, enable_auto_commit=False)
    try:
        partitions = [
            TopicPartition(topics.COUNTY_DEPUTY, p) for p in consumer.partitions_for_topic(topics.COUNTY_DEPUTY) or ()
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        records: list[ConsumerRecord] = []
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            for batch in consumer.poll(timeout_ms=2000).values():
                records.extend(batch)
        return records
    finally:
        consumer.close()


def test_an_event_the_broker_refused_is_published_again_once_the_broker_takes_it(
    postgres: Postgres, broker: Broker
) -> None:
    runtime = _runtime(postgres, broker)
    try:
        ensure_topics(runtime.kafka, [topics.COUNTY_DEPUTY])
        deputy_id = runtime.commands.new_id()
        runtime.store.save(
            Deputy.elect(deputy_id=deputy_id, profile=profile(name="王建国"), ctx=runtime.commands.context(actor="t"))
        )
        # A broker that took only small records set it aside (here the producer's own limit stands for it).
        strict = Relay(
            name=runtime.name,
            store=runtime.store,
            connect=lambda: KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all", max_request_size=200),
            positions=runtime.relay_positions,
        )
        assert strict.publish_next_batch() == 1
        assert len(runtime.relay_positions.parked(runtime.name)) == 1
        assert _every_record(runtime) == []

        assert replay_parked_events(runtime) == (1, 0)
        assert runtime.relay_positions.parked(runtime.name) == []
        assert [record.key for record in _every_record(runtime)] == [str(deputy_id).encode()]
        assert replay_parked_events(runtime) == (0, 0)
    finally:
        runtime.close()
