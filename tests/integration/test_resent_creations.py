"""A creation resent under the same command id (its answer was lost, the page sent it again) stores one record
and answers with the first result: a deputy elected, a station set up, a supervision visit, a period report."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from renda.services import SERVICES
from services.township.projections.oversight import stations
from shared.auth import Role
from shared.runtime import ServiceRuntime

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
PASSWORD = "correct horse 2026"
COUNTY = "410327000000"
TOWNSHIP = "410327100000"
VILLAGE = "410327100201"


def _client(runtime: ServiceRuntime, service: str, *, role: Role, region: str) -> tuple[TestClient, dict[str, str]]:
    api = TestClient(SERVICES[service].create_app(runtime))
    runtime.accounts.create(username="staff", password=PASSWORD, role=role, region_code=region)
    token = api.post("/api/v1/auth/login", json={"username": "staff", "password": PASSWORD}).json()
    return api, {"Authorization": f"Bearer {token['access_token']}"}


def _twice(api: TestClient, path: str, headers: dict[str, str], body: dict[str, Any]) -> tuple[Any, Any]:
    sent = [api.post(path, headers=headers, json=body) for _ in range(2)]
    for response in sent:
        assert response.status_code == 201, response.text
    return sent[0].json(), sent[1].json()


def _stored(runtime: ServiceRuntime, event_type: str) -> list[uuid.UUID]:
    """The aggregates the store holds an event of this type for, one per event."""
    return [
        notice.aggregate_id
        for notice in runtime.store.notifications(after=0, limit=1000)
        if notice.event_type == event_type
    ]


def test_a_deputy_elected_twice_under_one_command_id_is_on_the_roster_once(make_runtime: MakeRuntime) -> None:
    county = make_runtime("county")
    api, staff = _client(county, "county", role=Role.COUNTY_STAFF, region=COUNTY)
    election = {
        "command_id": str(uuid.uuid4()),
        "name": "赵明",
        "level": "county",
        "term": 18,
        "congress_region_code": COUNTY,
        "resident_region_code": VILLAGE,
        "elected_on": "2021-11-01",
    }

    first, resent = _twice(api, "/api/v1/deputies", staff, election)
    another = api.post("/api/v1/deputies", headers=staff, json={**election, "command_id": str(uuid.uuid4())})

    assert resent == first
    assert another.status_code == 201 and another.json()["id"] != first["id"], "a new command id, a new deputy"
    assert sorted(map(str, _stored(county, "DeputyElected"))) == sorted([first["id"], another.json()["id"]])


def test_a_station_set_up_twice_under_one_command_id_is_stored_once(make_runtime: MakeRuntime) -> None:
    station = make_runtime("station")
    api, staff = _client(station, "station", role=Role.TOWNSHIP_STAFF, region=TOWNSHIP)
    body = {
        "command_id": str(uuid.uuid4()),
        "name": "东门社区人大代表联络站",
        "kind": "community_room",
        "region_code": VILLAGE,
    }

    first, resent = _twice(api, "/api/v1/stations", staff, body)

    assert resent == first
    assert [str(station_id) for station_id in _stored(station, "StationSetUp")] == [first["id"]]


def test_a_supervision_visit_recorded_twice_under_one_command_id_is_stored_once(make_runtime: MakeRuntime) -> None:
    township = make_runtime("township")
    api, staff = _client(township, "township", role=Role.TOWNSHIP_STAFF, region=TOWNSHIP)
    station_id = uuid.uuid4()
    with township.engine.begin() as connection:  # the station as the township's copy of the directory has it
        connection.execute(
            stations.insert().values(
                station_id=station_id,
                name="东门社区人大代表联络站",
                kind="community_room",
                region_code=VILLAGE,
                township_region_code=TOWNSHIP,
            )
        )
    visit = {"command_id": str(uuid.uuid4()), "visited_on": "2026-11-20", "findings": "台账齐全，九有达标。"}

    first, resent = _twice(api, f"/api/v1/stations/{station_id}/supervisions", staff, visit)

    assert resent == first
    assert [str(visit_id) for visit_id in _stored(township, "StationSupervised")] == [first["id"]]


def test_a_period_report_published_twice_under_one_command_id_is_one_version(make_runtime: MakeRuntime) -> None:
    township = make_runtime("township")
    api, staff = _client(township, "township", role=Role.TOWNSHIP_STAFF, region=TOWNSHIP)
    report = {"command_id": str(uuid.uuid4()), "period_kind": "year", "period_start": "2025-01-01"}

    first, resent = _twice(api, "/api/v1/reports", staff, report)
    again = api.post("/api/v1/reports", headers=staff, json={**report, "command_id": str(uuid.uuid4())})

    assert resent == first and first["version"] == 1
    assert again.status_code == 201 and again.json()["version"] == 2, "publishing anew is the next version"
    assert len(_stored(township, "TownshipReportPublished")) == 2
