"""A village the county moves to another township (RegionUnitReparented) goes with its whole history: the new
township reads and handles its station, the old one is refused it and lists none of it. The township draws
its area from its copy of the county's region directory, as the county's roll-up does, when asked."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from renda.services import SERVICES
from shared.auth import Role
from shared.calendar import china_date
from shared.readmodel import names
from shared.runtime import ServiceRuntime
from tests.integration.test_station_terminal import Day
from tests.support.paging import all_items
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
PASSWORD = "correct horse 2026"
CITY, YIYANG, CHENGGUAN, FENGLI, DONGMEN = (
    "410300000000",
    "410327000000",
    "410327100000",
    "410327101000",
    "410327100201",
)
TODAY = china_date(datetime.now(UTC))
PERIOD = {"start": f"{TODAY.year}-01-01", "end": TODAY.isoformat()}


class MovedVillage:
    """东门社区's station, with a referred opinion, in 城关镇 until the county moves 东门社区 to 丰李镇."""

    def __init__(self, make_runtime: MakeRuntime) -> None:
        self.day = Day(make_runtime)
        self.township = make_runtime("township")
        self.api = TestClient(SERVICES["township"].create_app(self.township))
        self.county_api = TestClient(SERVICES["county"].create_app(self.day.county))
        self.day.county.accounts.create(username="city", password=PASSWORD, role=Role.COUNTY_STAFF, region_code=CITY)
        self.directory_staff = self._login(self.county_api, "city")
        self.old = self._township_staff("cg", CHENGGUAN)
        self.new = self._township_staff("fl", FENGLI)

    @staticmethod
    def _login(api: TestClient, username: str) -> dict[str, str]:
        token = api.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD}).json()
        return {"Authorization": f"Bearer {token['access_token']}"}

    def _township_staff(self, username: str, region: str) -> dict[str, str]:
        self.township.accounts.create(
            username=username, password=PASSWORD, role=Role.TOWNSHIP_STAFF, region_code=region
        )
        return self._login(self.api, username)

    def _region(self, path: str, **body: Any) -> str:
        response = self.county_api.post(
            f"/api/v1/regions{path}", headers=self.directory_staff, json={"command_id": str(uuid.uuid4()), **body}
        )
        assert response.status_code in (200, 201), response.text
        return str(response.json()["event_ids"][-1])

    def set_up(self) -> None:
        day = self.day
        day.set_up()
        for code, name, kind in (
            (CITY, "洛阳市", "city"),
            (YIYANG, "宜阳县", "county"),
            (CHENGGUAN, "城关镇", "town"),
            (FENGLI, "丰李镇", "town"),
            (DONGMEN, "东门社区", "community"),
        ):
            registered = self._region("", code=code, name=name, kind=kind)
        self.township.wait_for(names.TOWNSHIP_REGIONS, uuid.UUID(registered))
        opinion = day.send(
            "opinions", category="城乡建设", content="路灯不亮", voter_name="张三丰", voter_phone="13812345678"
        )
        referred = day.send("opinions/referred", opinion_id=opinion["id"])
        self.township.wait_for(names.TOWNSHIP_STATION_FIGURES, uuid.UUID(referred["event_ids"][0]))
        [self.referral] = eventually(lambda: self.inbox(self.old), until=lambda rows: len(rows) == 1)
        eventually(lambda: self.sheet(self.old).status_code, until=lambda status: status == 200)
        eventually(lambda: self.overview(self.old), until=lambda rows: len(rows) == 1)

    def move_to_fengli(self) -> None:
        moved = self._region(f"/{DONGMEN}/reparent", parent_code=FENGLI)
        self.township.wait_for(names.TOWNSHIP_REGIONS, uuid.UUID(moved))

    def inbox(self, staff: dict[str, str]) -> list[dict[str, Any]]:
        return all_items(self.api, "/api/v1/referrals", headers=staff)

    def overview(self, staff: dict[str, str]) -> list[dict[str, Any]]:
        return list(self.api.get("/api/v1/stations", headers=staff).json())

    def sheet(self, staff: dict[str, str]) -> Any:
        return self.api.get(f"/api/v1/figures/stations/{self.day.station_id}", headers=staff)

    def figures(self, staff: dict[str, str], **query: str) -> Any:
        return self.api.get("/api/v1/figures", headers=staff, params={**PERIOD, **query})

    def supervise(self, staff: dict[str, str]) -> Any:
        return self.api.post(
            f"/api/v1/stations/{self.day.station_id}/supervisions",
            headers=staff,
            json={"visited_on": TODAY.isoformat(), "findings": "台账齐全"},
        )

    def answer(self, staff: dict[str, str]) -> Any:
        return self.api.post(
            f"/api/v1/referrals/{self.referral['referral_id']}/answer",
            headers=staff,
            json={"command_id": str(uuid.uuid4()), "answer": "已安排维修", "answered_by": "镇建设办"},
        )


def test_the_township_a_village_moved_away_from_is_refused_its_station_and_lists_none_of_it(
    make_runtime: MakeRuntime,
) -> None:
    village = MovedVillage(make_runtime)
    with (
        running(village.day.county, projections=False),
        running(village.day.station),
        running(village.township),
    ):
        village.set_up()
        village.move_to_fengli()
        before = village.township.store.position()
        sheet = village.sheet(village.old)
        supervised = village.supervise(village.old)
        answered = village.answer(village.old)
        drilled = village.figures(village.old, region_code=DONGMEN)
        stored = village.township.store.position()
        inbox, overview, figures = (
            village.inbox(village.old),
            village.overview(village.old),
            village.figures(village.old),
        )

    refusals = [(r.status_code, r.json()["error"]["code"]) for r in (sheet, supervised, answered, drilled)]
    assert refusals == [(403, "FORBIDDEN")] * 4
    assert stored == before, "a refused request stores nothing"
    assert inbox == [] and overview == []
    assert figures.status_code == 200, figures.text
    assert figures.json()["stations"] == [] and figures.json()["figures"]["referred"] == 0


def test_the_township_a_village_moved_to_reads_and_handles_its_station_with_its_history(
    make_runtime: MakeRuntime,
) -> None:
    village = MovedVillage(make_runtime)
    with (
        running(village.day.county, projections=False),
        running(village.day.station),
        running(village.township),
    ):
        village.set_up()
        village.move_to_fengli()
        sheet = village.sheet(village.new)
        inbox, overview = village.inbox(village.new), village.overview(village.new)
        figures, drilled = village.figures(village.new), village.figures(village.new, region_code=DONGMEN)
        supervised = village.supervise(village.new)
        answered = village.answer(village.new)

    assert sheet.status_code == 200, sheet.text
    assert [row["referral_id"] for row in inbox] == [village.referral["referral_id"]]
    assert [row["station_id"] for row in overview] == [village.day.station_id]
    assert [row["station_id"] for row in figures.json()["stations"]] == [village.day.station_id]
    assert figures.json()["figures"]["referred"] == 1, "the referral made before the move moves with the village"
    assert drilled.status_code == 200 and drilled.json()["figures"]["referred"] == 1
    assert (supervised.status_code, answered.status_code) == (201, 200), (supervised.text, answered.text)
