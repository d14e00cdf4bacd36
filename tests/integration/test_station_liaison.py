"""A station liaison (联络员) belongs to one station: it reads that station only, however near the others are."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from renda.services import SERVICES
from shared.auth import Role
from shared.runtime import ServiceRuntime
from tests.support.platform import running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
PASSWORD = "correct horse 2026"
VILLAGE = "410327100201"
STATION_ROUTES = (
    "",
    "/deputies",
    "/ledger/receptions",
    "/ledger/opinions",
    "/ledger/deputies",
    "/summary",
)


class TwoStations:
    """Two stations in the same village, each with an opinion whose voter left a name and phone."""

    def __init__(self, make_runtime: MakeRuntime) -> None:
        self.runtime = make_runtime("station")
        self.api = TestClient(SERVICES["station"].create_app(self.runtime))
        self.township = self.login("cg", role=Role.TOWNSHIP_STAFF, region="410327100000")

    def login(self, username: str, *, role: Role, region: str, station_id: uuid.UUID | None = None) -> dict[str, str]:
        self.runtime.accounts.create(
            username=username, password=PASSWORD, role=role, region_code=region, station_id=station_id
        )
        token = self.api.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD}).json()
        return {"Authorization": f"Bearer {token['access_token']}"}

    def set_up(self) -> None:
        self.own = self._station("东门社区人大代表联络站", voter="张三丰", phone="13812345678")
        self.neighbour = self._station("东门社区第二联络站", voter="李秀兰", phone="13987654321")

    def _station(self, name: str, *, voter: str, phone: str) -> str:
        created = self.api.post(
            "/api/v1/stations",
            headers=self.township,
            json={"name": name, "kind": "community_room", "region_code": VILLAGE},
        )
        assert created.status_code == 201, created.text
        station_id = str(created.json()["id"])
        synced = self.api.get(
            f"/api/v1/stations/{station_id}", headers=self.township, params={"wait_for": created.json()["event_ids"][0]}
        )
        assert synced.status_code == 200, synced.text
        key = self.api.post(f"/api/v1/stations/{station_id}/device-keys", headers=self.township, json={"label": "平板"})
        assert key.status_code == 201, key.text
        opinion = self.api.post(
            "/api/v1/terminal/opinions",
            headers={"X-Device-Key": key.json()["device_key"]},
            json={
                "command_id": str(uuid.uuid4()),
                "category": "城乡建设",
                "content": "路灯不亮",
                "voter_name": voter,
                "voter_phone": phone,
            },
        )
        assert opinion.status_code == 201, opinion.text
        ledger = self.api.get(
            f"/api/v1/stations/{station_id}/ledger/opinions",
            headers=self.township,
            params={"wait_for": opinion.json()["event_ids"][0]},
        )
        assert [row["voter_name"] for row in ledger.json()["items"]] == [voter], ledger.text
        return station_id

    def get(self, path: str, headers: dict[str, str]) -> Any:
        return self.api.get(f"/api/v1/stations{path}", headers=headers)


def test_a_liaison_reads_its_own_station_and_is_refused_every_other_station_in_its_village(
    make_runtime: MakeRuntime, caplog: pytest.LogCaptureFixture
) -> None:
    stations = TwoStations(make_runtime)
    with running(stations.runtime):
        stations.set_up()
        liaison = stations.login(
            "liaison", role=Role.STATION_LIAISON, region=VILLAGE, station_id=uuid.UUID(stations.own)
        )
        own = {path: stations.get(f"/{stations.own}{path}", liaison) for path in STATION_ROUTES}
        with caplog.at_level(logging.WARNING, logger="renda.audit"):
            neighbour = {path: stations.get(f"/{stations.neighbour}{path}", liaison) for path in STATION_ROUTES}
        listed = stations.get("", liaison)

    assert {path: response.status_code for path, response in own.items()} == dict.fromkeys(STATION_ROUTES, 200)
    assert [row["voter_name"] for row in own["/ledger/opinions"].json()["items"]] == ["张三丰"]
    assert {path: response.status_code for path, response in neighbour.items()} == dict.fromkeys(STATION_ROUTES, 403)
    assert {response.json()["error"]["code"] for response in neighbour.values()} == {"FORBIDDEN"}
    assert all("李秀兰" not in response.text and "13987654321" not in response.text for response in neighbour.values())
    refusals = [record for record in caplog.records if getattr(record, "audit_event", "") == "access_refused"]
    assert len(refusals) == len(STATION_ROUTES)
    assert {getattr(record, "refused_required", "") for record in refusals} == {stations.neighbour}
    assert [row["station_id"] for row in listed.json()] == [stations.own]


def test_a_liaison_account_bound_to_no_station_reads_no_station(make_runtime: MakeRuntime) -> None:
    stations = TwoStations(make_runtime)
    with running(stations.runtime):
        stations.set_up()
        unbound = stations.login("unbound", role=Role.STATION_LIAISON, region=VILLAGE)
        read = {path: stations.get(f"/{stations.own}{path}", unbound) for path in STATION_ROUTES}
        listed = stations.get("", unbound)

    assert {path: response.status_code for path, response in read.items()} == dict.fromkeys(STATION_ROUTES, 403)
    assert (listed.status_code, listed.json()) == (200, [])


def test_staff_of_the_township_still_read_every_station_of_their_township(make_runtime: MakeRuntime) -> None:
    stations = TwoStations(make_runtime)
    with running(stations.runtime):
        stations.set_up()
        both = {
            station: stations.get(f"/{station}/ledger/opinions", stations.township)
            for station in (stations.own, stations.neighbour)
        }
        listed = stations.get("", stations.township)

    assert [response.status_code for response in both.values()] == [200, 200]
    assert sorted(row["station_id"] for row in listed.json()) == sorted([stations.own, stations.neighbour])
