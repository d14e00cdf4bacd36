"""The spine across services: store → relay → Kafka → projections, under kills, broker loss and poison."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from sqlalchemy import insert

from renda.services import SERVICES
from services.station.projections.roster import ROSTER as STATION_ROSTER
from services.station.projections.roster import known_deputies
from shared.auth import Role
from shared.events import topics
from shared.figures.station_work import stations as station_work_stations
from shared.figures.station_work_queries import station_region
from shared.messaging.relay import RelayPositions
from shared.runtime import ServiceRuntime
from tests.conftest import Broker
from tests.integration.conftest import count_rows, elect_deputies, state_of, tracking_rows
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]


def _login(client: TestClient, runtime: ServiceRuntime, *, role: Role, region: str) -> dict[str, str]:
    runtime.accounts.create(username=f"{role.value}-user", password="correct horse 2026", role=role, region_code=region)
    response = client.post(
        "/api/v1/auth/login", json={"username": f"{role.value}-user", "password": "correct horse 2026"}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _county_knows_station(county: ServiceRuntime, *, station_id: str, region_code: str) -> None:
    """The county's record of a station, as its copy of the stations' work holds it once StationSetUp arrived."""
    with county.engine.begin() as connection:
        connection.execute(
            insert(station_work_stations).values(
                station_id=UUID(station_id),
                name="联络站",
                kind="community_room",
                region_code=region_code,
                township_region_code=region_code[:9] + "000",
                days_of_month="[]",
                standard_items_met="[]",
                closed=False,
            )
        )


def test_a_deputy_registered_in_the_county_appears_once_in_the_station_roster(make_runtime: MakeRuntime) -> None:
    county, station = make_runtime("county"), make_runtime("station")
    county_api = TestClient(SERVICES["county"].create_app(county))
    station_api = TestClient(SERVICES["station"].create_app(station))
    county_staff = _login(county_api, county, role=Role.COUNTY_STAFF, region="410327000000")
    township_staff = _login(station_api, station, role=Role.TOWNSHIP_STAFF, region="410327100000")

    # The county's projections run too: a deputy is attached only to a station the county has a record of.
    with running(county), running(station, relay=True):
        set_up = station_api.post(
            "/api/v1/stations",
            headers=township_staff,
            json={"name": "东门社区人大代表联络站", "kind": "community_room", "region_code": "410327100201"},
        )
        assert set_up.status_code == 201, set_up.text
        station_id = set_up.json()["id"]
        listed = station_api.get(
            "/api/v1/stations", headers=township_staff, params={"wait_for": set_up.json()["event_ids"][0]}
        )
        assert [row["station_id"] for row in listed.json()] == [station_id]
        eventually(lambda: station_region(county.engine, station_id=UUID(station_id)), until=lambda r: r is not None)
        elected = county_api.post(
            "/api/v1/deputies",
            headers=county_staff,
            json={
                "name": "王建国",
                "level": "county",
                "term": 18,
                "congress_region_code": "410327000000",
                "resident_region_code": "410327100201",
                "elected_on": "2021-11-01",
            },
        )
        assert elected.status_code == 201, elected.text
        attached = county_api.post(
            f"/api/v1/deputies/{elected.json()['id']}/stations",
            headers=county_staff,
            json={"station_id": station_id, "station_region_code": "410327100201", "expected_version": 1},
        )
        assert attached.status_code == 200, attached.text
        roster = station_api.get(
            f"/api/v1/stations/{station_id}/deputies",
            headers=township_staff,
            params={"wait_for": attached.json()["event_ids"][0]},
        )

    assert roster.status_code == 200, roster.text
    assert [deputy["name"] for deputy in roster.json()] == ["王建国"]
    assert count_rows(station, known_deputies) == 1
    assert tracking_rows(station, STATION_ROSTER.name) == 2


def test_a_stale_version_is_refused_as_a_conflict(make_runtime: MakeRuntime) -> None:
    county = make_runtime("county")
    api = TestClient(SERVICES["county"].create_app(county))
    staff = _login(api, county, role=Role.COUNTY_STAFF, region="410327000000")
    deputy = api.post(
        "/api/v1/deputies",
        headers=staff,
        json={
            "name": "李秀英",
            "level": "county",
            "term": 18,
            "congress_region_code": "410327000000",
            "resident_region_code": "410327100202",
            "elected_on": "2021-11-01",
        },
    ).json()
    first = {
        "station_id": "6f1c1f7e-8a2b-4c3d-9e4f-5a6b7c8d9e01",
        "station_region_code": "410327100201",
        "expected_version": 1,
    }
    second = {**first, "station_id": "6f1c1f7e-8a2b-4c3d-9e4f-5a6b7c8d9e02"}
    for known in (first, second):
        _county_knows_station(county, station_id=known["station_id"], region_code=known["station_region_code"])

    assert api.post(f"/api/v1/deputies/{deputy['id']}/stations", headers=staff, json=first).status_code == 200
    stale = api.post(f"/api/v1/deputies/{deputy['id']}/stations", headers=staff, json=second)

    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "VERSION_CONFLICT"
    assert county.store.position() == 2


def _relay_process(county: ServiceRuntime, broker: Broker) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "RENDA_COUNTY_EVENT_STORE_URL": county.settings.event_store_url,
        "RENDA_COUNTY_DATABASE_URL": county.settings.database_url,
        "RENDA_COUNTY_RELAY_BATCH_SIZE": "50",
        "RENDA_KAFKA_BOOTSTRAP": broker.bootstrap,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "renda.cli", "relay", "county"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_relay_killed_mid_publish_resumes_without_gap_or_double_effect(
    make_runtime: MakeRuntime, broker: Broker
) -> None:
    county, station = make_runtime("county"), make_runtime("station")
    elect_deputies(county, 5000)
    positions = RelayPositions(county.engine)

    relay = _relay_process(county, broker)
    try:
        killed_at = eventually(lambda: positions.get("county"), until=lambda position: position >= 500)
        relay.send_signal(signal.SIGKILL)
        relay.wait()
        killed_at = positions.get("county")
        assert 0 < killed_at < 5000, "the relay must be killed in the middle of publishing"
        relay = _relay_process(county, broker)
        with running(station, relay=False):
            eventually(lambda: count_rows(station, known_deputies), until=lambda rows: rows == 5000, timeout=120)
            eventually(lambda: positions.get("county"), until=lambda position: position == 5000)
    finally:
        relay.send_signal(signal.SIGKILL)
        relay.wait()

    assert count_rows(station, known_deputies) == 5000
    assert tracking_rows(station, STATION_ROSTER.name) == 5000
    assert state_of(station, STATION_ROSTER.name)["events_applied"] == 5000


def test_after_the_broker_restarts_empty_republishing_converges_with_nothing_lost_or_doubled(
    make_runtime: MakeRuntime, broker: Broker
) -> None:
    county, station = make_runtime("county"), make_runtime("station")
    elect_deputies(county, 200)
    with running(county, projections=False), running(station, relay=False):
        eventually(lambda: count_rows(station, known_deputies), until=lambda rows: rows == 200)

        broker.restart_empty()
        elect_deputies(county, 50)
        county.relay_positions.rewind(relay="county", to=0)  # what `renda republish county --from 1` does

        eventually(lambda: count_rows(station, known_deputies), until=lambda rows: rows == 250, timeout=120)
        eventually(lambda: state_of(station, STATION_ROSTER.name)["events_applied"], until=lambda n: n == 250)

    assert tracking_rows(station, STATION_ROSTER.name) == 250


def test_a_malformed_message_is_dead_lettered_and_the_projection_goes_on(
    make_runtime: MakeRuntime, broker: Broker
) -> None:
    county, station = make_runtime("county"), make_runtime("station")
    with running(station, relay=False):
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap)
        producer.send(topics.COUNTY_DEPUTY, key=b"x", value=b"{not json")
        producer.send(
            topics.COUNTY_DEPUTY,
            key=b"y",
            value=b'{"event_type": "DeputyElected", "schema_version": 1, "payload": {"name": ""}}',
            headers=[("event_type", b"DeputyElected")],
        )
        producer.flush()
        elect_deputies(county, 3)
        with running(county, projections=False):
            eventually(lambda: count_rows(station, known_deputies), until=lambda rows: rows == 3)
        eventually(lambda: state_of(station, STATION_ROSTER.name)["dead_lettered"], until=lambda n: n == 2)

    parked = {
        record.value: dict(record.headers)
        for record in _read_all(broker, topics.dead_letter_topic(topics.COUNTY_DEPUTY))
    }
    assert set(parked) == {
        b"{not json",
        b'{"event_type": "DeputyElected", "schema_version": 1, "payload": {"name": ""}}',
    }
    assert parked[b"{not json"]["reason"].decode().startswith("MALFORMED_EVENT: 事件不是有效的JSON")
    assert (
        "event_id"
        in parked[b'{"event_type": "DeputyElected", "schema_version": 1, "payload": {"name": ""}}']["reason"].decode()
    )
    assert all(headers["projection"] == b"station.roster" for headers in parked.values())
    assert all(headers["source_topic"] == topics.COUNTY_DEPUTY.encode() for headers in parked.values())


def _read_all(broker: Broker, topic: str) -> list[Any]:
    reader = KafkaConsumer(bootstrap_servers=broker.bootstrap, enable_auto_commit=False)
    partitions = [TopicPartition(topic, p) for p in sorted(reader.partitions_for_topic(topic) or ())]
    reader.assign(partitions)
    reader.seek_to_beginning(*partitions)
    records: list[Any] = []
    for _ in range(10):
        for batch in reader.poll(timeout_ms=300).values():
            records.extend(batch)
    reader.close()
    return records


def test_rebuilding_a_projection_from_the_topics_gives_the_same_read_model(make_runtime: MakeRuntime) -> None:
    county, station = make_runtime("county"), make_runtime("station")
    elect_deputies(county, 120)
    with running(county, projections=False), running(station, relay=False):
        eventually(lambda: count_rows(station, known_deputies), until=lambda rows: rows == 120)
    live = _dump(station)

    runner = next(r for r in station.runners() if r.projection.name == STATION_ROSTER.name)
    applied = runner.rebuild()

    assert applied == 120
    assert _dump(station) == live


def _dump(runtime: ServiceRuntime) -> list[tuple[object, ...]]:
    from sqlalchemy import select

    with runtime.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(known_deputies).order_by(known_deputies.c.deputy_id))]
