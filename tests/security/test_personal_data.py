"""Voters' names and phone numbers never leave the station and township in clear: not on any Kafka topic, not in
the logs, not in any table of the township's or the county's database (the station holds them sealed)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import Engine, MetaData, select

from renda.demo.seed import DEMO_OPINIONS
from tests.security.conftest import SecurityPlatform
from tests.support.platform import eventually

pytestmark = pytest.mark.integration

RECORDED_VOTER = ("孙丽华", "13700001111")  # what DemoPlatform.record_opinion sends from the terminal
VOTERS = [(voter, phone) for _, _, voter, phone, _ in DEMO_OPINIONS] + [RECORDED_VOTER]


def _forms(text: str) -> set[str]:
    """The clear value as it could appear: raw, JSON-escaped, and for phones without the dash."""
    return {text, json.dumps(text)[1:-1], text.replace("-", "")}


SECRETS = {form for voter in VOTERS for value in voter for form in _forms(value)}


def _leaks(text: str) -> set[str]:
    return {secret for secret in SECRETS if secret in text}


@pytest.fixture(scope="module")
def recorded(security_platform: SecurityPlatform) -> SecurityPlatform:
    """The demo data, plus an opinion recorded on the station terminal and seen by the township."""
    demo = security_platform.demo
    before = demo.county_figures()["opinions"]
    demo.record_opinion("东门菜市场门口积水，雨天无法通行")
    eventually(demo.county_figures, until=lambda figures: figures["opinions"] > before, timeout=120)
    return security_platform


def _every_message(bootstrap: str) -> Iterator[tuple[str, bytes]]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=5000)
    try:
        partitions = [
            TopicPartition(topic, partition)
            for topic in consumer.topics()
            for partition in consumer.partitions_for_topic(topic) or ()
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if ends[tp] > 0}
        while remaining:
            batches = consumer.poll(timeout_ms=2000)
            if not batches:
                remaining = {tp for tp in remaining if consumer.position(tp) < ends[tp]}
                continue
            for tp, messages in batches.items():
                for message in messages:
                    yield tp.topic, (message.key or b"") + b" " + (message.value or b"")
                if consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
    finally:
        consumer.close()


def test_no_topic_carries_a_voters_name_or_phone_in_clear(recorded: SecurityPlatform) -> None:
    leaked: dict[str, set[str]] = {}
    topics: set[str] = set()
    opinions = 0
    for topic, raw in _every_message(recorded.broker.bootstrap):
        topics.add(topic)
        text = raw.decode("utf-8", errors="replace")
        opinions += topic == "npc.station.opinion.v1" and "OpinionRecorded" in text
        if found := _leaks(text):
            leaked.setdefault(topic, set()).update(found)
    assert opinions >= len(VOTERS), f"the opinions were not on the broker: topics {sorted(topics)}"
    assert leaked == {}


def test_no_log_line_of_the_platform_holds_a_voters_name_or_phone(recorded: SecurityPlatform) -> None:
    lines = [*recorded.logs.lines, *recorded.broker._log.read_text(errors="replace").splitlines()]
    assert len(lines) > 100, "the platform's logging was not captured"
    assert [line for line in lines if _leaks(line)] == []


def _text(value: object) -> str:
    # Stored events are bytes (PostgreSQL gives a memoryview): read as the UTF-8 JSON they are, or a name
    # in clear would hide behind b'\xe5…' escapes.
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _dump(engine: Engine) -> Iterator[tuple[str, str]]:
    """Every row of every table in the service's database — read models and its event store — as text."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                yield table.name, " ".join(_text(value) for value in row)


@pytest.mark.parametrize("service", ["township", "county"])
def test_no_table_above_the_station_holds_a_voters_name_or_phone(recorded: SecurityPlatform, service: str) -> None:
    engine = recorded.demo.runtimes[service].engine
    rows = list(_dump(engine))
    tables = {table for table, _ in rows}
    assert len(tables) > 5, f"the {service}'s tables are empty: {sorted(tables)}"
    if service == "township":
        # The township holds the referred opinions: masked for display, sealed for calling the voter back.
        assert any("刘**" in text for _, text in rows)
    assert sorted({(table, secret) for table, text in rows for secret in _leaks(text)}) == []


def test_the_station_keeps_voters_contacts_only_sealed(recorded: SecurityPlatform) -> None:
    rows = list(_dump(recorded.demo.runtimes["station"].engine))
    # The dump reads the event store's byte column as text: the opinion's own words are found there.
    stored = [text for table, text in rows if table.endswith("events")]
    assert any("东门菜市场门口积水" in text for text in stored), "the station's stored events were not read as text"
    assert sorted({(table, secret) for table, text in rows for secret in _leaks(text)}) == []
