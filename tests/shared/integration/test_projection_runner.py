"""How the projection runner applies a batch (first with no savepoint per event), on SQLite and PostgreSQL.

The read model here inserts plainly, so an event applied twice would fail its batch: what the tests
see is what the tracking rows let through.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import Column, Engine, MetaData, String, Table, Uuid, func, insert, select
from sqlalchemy.orm import Session

from services.county.domain.deputy import Deputy
from shared.application import Commands
from shared.events import default_registry, topics
from shared.events.catalog.county import DeputyElectedV2
from shared.events.envelope import Envelope
from shared.eventstore import open_event_store
from shared.eventstore.store import ConcurrencyConflictError
from shared.messaging.event_by_event import CONFLICT_ATTEMPTS
from shared.messaging.kafka import KafkaConfig, make_producer
from shared.messaging.runner import ProjectionRunner
from shared.messaging.sources import StoredRecord
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.tracking import BOOKKEEPING, projection_state, projection_tracking
from tests.conftest import Broker
from tests.support.deputies import profile

pytestmark = pytest.mark.integration

METADATA = MetaData()
names = Table("runner_test_names", METADATA, Column("deputy_id", Uuid, primary_key=True), Column("name", String(50)))


def _named(session: Session, event: Envelope[DeputyElectedV2]) -> None:
    if event.payload.name == "坏数据":
        raise ValueError("this handler cannot take that name")
    session.execute(insert(names).values(deputy_id=event.aggregate_id, name=event.payload.name))


NAMES = Projection(
    name="test.names",
    version=1,
    topics=(topics.COUNTY_DEPUTY,),
    metadata=METADATA,
    handlers=Handlers().on(DeputyElectedV2, _named),
)


@pytest.fixture
def runner(engine: Engine) -> ProjectionRunner:
    # A rebuild parks nothing, so it needs no broker and no dead-letter producer.
    made = ProjectionRunner(
        projection=NAMES,
        engine=engine,
        registry=default_registry(),
        kafka=KafkaConfig(bootstrap_servers="127.0.0.1:1"),
        dead_letters=None,
    )
    BOOKKEEPING.create_all(engine)
    made.reset()
    return made


def _records(tmp_path: Path, *deputy_names: str) -> list[StoredRecord]:
    store = open_event_store(f"sqlite:///{tmp_path}/events.sqlite", registry=default_registry())
    commands = Commands(store=store)
    for name in deputy_names:
        store.save(
            Deputy.elect(deputy_id=commands.new_id(), profile=profile(name=name), ctx=commands.context(actor="t"))
        )
    notes = store.notifications(after=0, limit=100)
    store.close()
    return [StoredRecord.of(note, topic=topics.COUNTY_DEPUTY) for note in notes]


def _names(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(select(names.c.name)).scalars())


def _counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        tracked = connection.execute(
            select(func.count()).where(projection_tracking.c.projection == NAMES.name)
        ).scalar_one()
        state = connection.execute(
            select(projection_state.c.events_applied, projection_state.c.dead_lettered).where(
                projection_state.c.projection == NAMES.name
            )
        ).one()
    return int(tracked), int(state[0]), int(state[1])


def test_a_rebuild_batch_applies_each_event_once_even_when_it_comes_twice(
    runner: ProjectionRunner, engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    records = _records(tmp_path, "甲", "乙", "丙")

    with caplog.at_level(logging.INFO, logger="renda.projection"):
        applied = runner.apply([*records, records[1]], park_poison=False)
        again = runner.apply(records, park_poison=False)

    assert (applied, again) == (3, 0)
    assert "event by event" not in caplog.text  # applied in bulk: no handler failed
    assert _names(engine) == ["丙", "乙", "甲"]
    assert _counts(engine) == (3, 3, 0)


def test_a_handler_failing_in_a_rebuild_batch_leaves_the_others_applied_and_it_untracked(
    runner: ProjectionRunner, engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    records = _records(tmp_path, "甲", "坏数据", "丙")
    malformed = StoredRecord(
        topic=topics.COUNTY_DEPUTY, key=b"x", value=b"{not json", offset=99, headers=[("event_type", b"DeputyElected")]
    )

    with caplog.at_level(logging.INFO, logger="renda.projection"):
        applied = runner.apply([*records, malformed], park_poison=False)

    assert "applying it event by event" in caplog.text
    assert applied == 2
    assert _names(engine) == ["丙", "甲"]
    assert _counts(engine) == (2, 2, 2)
    assert runner.apply(records, park_poison=False) == 0


def test_a_handler_failing_in_a_live_batch_parks_that_event_and_applies_the_others(
    engine: Engine, broker: Broker, tmp_path: Path
) -> None:
    config = KafkaConfig(bootstrap_servers=broker.bootstrap)
    live = ProjectionRunner(
        projection=NAMES, engine=engine, registry=default_registry(), kafka=config, dead_letters=make_producer(config)
    )
    live.prepare()
    records = _records(tmp_path, "甲", "坏数据", "丙")

    applied = live.apply(records)

    assert applied == 2
    assert _names(engine) == ["丙", "甲"]
    assert _counts(engine) == (2, 2, 1)
    parked = _parked(broker, topics.dead_letter_topic(topics.COUNTY_DEPUTY))
    assert parked == [(records[1].value, b"HANDLER_FAILED: ValueError")]


def _parked(broker: Broker, topic: str) -> list[tuple[bytes, bytes]]:
    reader = KafkaConsumer(bootstrap_servers=broker.bootstrap, enable_auto_commit=False)
    partitions = [TopicPartition(topic, p) for p in sorted(reader.partitions_for_topic(topic) or ())]
    reader.assign(partitions)
    reader.seek_to_beginning(*partitions)
    parked = [
        (record.value, dict(record.headers)["reason"])
        for batch in reader.poll(timeout_ms=2000).values()
        for record in batch
    ]
    reader.close()
    return parked


def test_an_intake_command_losing_a_race_is_run_again_and_parked_only_if_it_keeps_losing(
    engine: Engine, broker: Broker, tmp_path: Path
) -> None:
    losses = {"甲": 2, "乙": CONFLICT_ATTEMPTS}  # 甲 wins on its third try; 乙 loses every time

    def contested(session: Session, event: Envelope[DeputyElectedV2]) -> None:
        if losses.get(event.payload.name, 0) > 0:
            losses[event.payload.name] -= 1
            raise ConcurrencyConflictError()
        _named(session, event)

    intake = Projection(
        name="test.contested",
        version=1,
        topics=(topics.COUNTY_DEPUTY,),
        metadata=METADATA,
        handlers=Handlers().on(DeputyElectedV2, contested),
    )
    config = KafkaConfig(bootstrap_servers=broker.bootstrap)
    live = ProjectionRunner(
        projection=intake, engine=engine, registry=default_registry(), kafka=config, dead_letters=make_producer(config)
    )
    live.prepare()
    records = _records(tmp_path, "甲", "乙")

    assert live.apply(records) == 1
    assert _names(engine) == ["甲"]
    assert losses == {"甲": 0, "乙": 0}
    assert _parked(broker, topics.dead_letter_topic(topics.COUNTY_DEPUTY)) == [(records[1].value, b"VERSION_CONFLICT")]
