"""Voters' names and phone numbers never leave the station and township in clear: not on any Kafka topic, not in
the logs, not in any table of the township's or the county's database (the station holds them sealed). Nor do the
phone and ID card numbers a voter writes into the opinion itself: above the township they are masked, even in the
suggestion a deputy takes up from it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import Engine, MetaData, select

from renda.demo.seed import ACCOUNTS, DEMO_OPINIONS, DEMO_PASSWORD
from renda.services import SERVICES
from tests.security.conftest import SecurityPlatform
from tests.support.paging import all_items
from tests.support.platform import eventually

pytestmark = pytest.mark.integration

RECORDED_VOTER = ("孙丽华", "13700001111")  # what DemoPlatform.record_opinion sends from the terminal
VOTERS = [(voter, phone) for _, _, voter, phone, _ in DEMO_OPINIONS] + [RECORDED_VOTER]
# Numbers a voter wrote into the opinion itself: a mobile, a fixed line and an ID card number.
WORDS_NUMBERS = ("13612345670", "0379-63332211", "41032719850615123X")
WORDS = f"菜市场旁下水道堵塞，请联系我{WORDS_NUMBERS[0]}或家里电话{WORDS_NUMBERS[1]}，身份证号{WORDS_NUMBERS[2]}"
WORDS_MASKED = ("136****5670", "0379-****2211", "410327********123X")
TAKEN_UP_BY = next(account.deputy_id for account in ACCOUNTS if account.username == "deputy_wjg")


def _forms(text: str) -> set[str]:
    """The clear value as it could appear: raw, JSON-escaped, and for phones without the dash."""
    return {text, json.dumps(text)[1:-1], text.replace("-", "")}


SECRETS = {form for value in (*(v for voter in VOTERS for v in voter), *WORDS_NUMBERS) for form in _forms(value)}


def _leaks(text: str) -> set[str]:
    return {secret for secret in SECRETS if secret in text}


def _terminal(platform: SecurityPlatform, path: str, **body: Any) -> dict[str, Any]:
    demo = platform.demo
    sent = httpx.post(
        f"{demo.station_url}/api/v1/terminal/{path}",
        headers={"X-Device-Key": demo.terminal_key},
        json={"command_id": str(uuid.uuid4()), **body},
        timeout=30,
    )
    assert sent.status_code in (200, 201), sent.text
    return dict(sent.json())


def _take_up_as_a_suggestion(platform: SecurityPlatform, opinion_id: str) -> None:
    """The township routes the referred opinion to a deputy, who takes it up as a suggestion (route (d))."""
    township = TestClient(SERVICES["township"].create_app(platform.demo.runtimes["township"]))
    login = township.post("/api/v1/auth/login", json={"username": "township_cg", "password": DEMO_PASSWORD})
    staff = {"Authorization": f"Bearer {login.json()['access_token']}"}

    def referral() -> list[dict[str, Any]]:
        rows = all_items(township, "/api/v1/referrals", headers=staff)
        return [row for row in rows if row["opinion_id"] == opinion_id]

    [row] = eventually(referral, until=lambda rows: len(rows) == 1, timeout=120)
    assert row["content"] == WORDS, "township staff call the voter back: they read the words as written"
    routed = township.post(
        f"/api/v1/referrals/{row['referral_id']}/route",
        headers=staff,
        json={"route": "deputy_suggestion", "routed_to": "王建国", "deputy_id": str(TAKEN_UP_BY)},
    )
    assert routed.status_code == 200, routed.text


@pytest.fixture(scope="module")
def recorded(security_platform: SecurityPlatform) -> SecurityPlatform:
    """The demo data, plus an opinion recorded on the station terminal and seen by the township, and one whose
    words hold the voter's numbers, referred to the township and taken up by a deputy as a suggestion."""
    demo = security_platform.demo
    before = demo.county_figures()
    demo.record_opinion("东门菜市场门口积水，雨天无法通行")
    numbered = _terminal(
        security_platform,
        "opinions",
        category="城乡建设",
        content=WORDS,
        voter_name="孙丽华",
        voter_phone="13700001111",
    )
    _terminal(security_platform, "opinions/referred", opinion_id=numbered["id"])
    _take_up_as_a_suggestion(security_platform, numbered["id"])
    eventually(
        demo.county_figures,
        until=lambda figures: (
            figures["opinions"] >= before["opinions"] + 2
            and figures["suggestions_received"] > before["suggestions_received"]
        ),
        timeout=120,
    )
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


@pytest.mark.parametrize("service", ["township", "county"])
def test_above_the_station_the_opinions_words_are_held_with_their_numbers_masked(
    recorded: SecurityPlatform, service: str
) -> None:
    rows = list(_dump(recorded.demo.runtimes[service].engine))
    holding = {table for table, text in rows if all(masked in text for masked in WORDS_MASKED)}
    # The township's inbox, and the county's suggestion that the deputy took up from the referral.
    assert ("township_referrals" if service == "township" else "county_suggestions") in holding, sorted(holding)
