"""The township routes a referral only through a deputy its roster has: in office, of its county to take it up
as a suggestion (route (d)), of its city to carry it to the city. A refused route stores nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from renda.services import SERVICES
from services.county.domain.deputy import Deputy
from shared.auth import Role
from shared.events.catalog.county import DeputyLevel, LeavingReason
from shared.readmodel import names
from shared.runtime import ServiceRuntime
from tests.integration.test_station_terminal import Day
from tests.support.deputies import profile
from tests.support.paging import all_items
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
PASSWORD = "correct horse 2026"
ROSTER = names.TOWNSHIP_ROSTER


class Routing:
    """A referral in 城关镇's inbox, and besides the station's two deputies: one of another county, one who
    left office, a city deputy of 洛阳市 and one of another city."""

    def __init__(self, make_runtime: MakeRuntime) -> None:
        self.day = Day(make_runtime)
        self.township = make_runtime("township")
        self.api = TestClient(SERVICES["township"].create_app(self.township))
        self.township.accounts.create(
            username="cg", password=PASSWORD, role=Role.TOWNSHIP_STAFF, region_code="410327100000"
        )
        token = self.api.post("/api/v1/auth/login", json={"username": "cg", "password": PASSWORD}).json()
        self.staff = {"Authorization": f"Bearer {token['access_token']}"}

    def set_up(self) -> None:
        day = self.day
        day.set_up()
        ctx = day.county.commands.context(actor="county_admin")
        elected = {
            "outside_county": profile(
                name="陈伟", congress_region_code="410328000000", resident_region_code="410328001201"
            ),
            "left_office": profile(name="赵强"),
            "city": profile(name="刘芳", level=DeputyLevel.CITY, congress_region_code="410300000000"),
            "other_city": profile(
                name="周明",
                level=DeputyLevel.CITY,
                congress_region_code="410400000000",
                resident_region_code="410402001001",
            ),
        }
        deputies = {key: Deputy.elect(deputy_id=uuid.uuid4(), profile=p, ctx=ctx) for key, p in elected.items()}
        deputies["left_office"].leave_office(reason=LeavingReason.RESIGNED, left_on=date(2025, 3, 1), note="", ctx=ctx)
        recorded = day.county.store.save(*deputies.values())
        self.deputies = {key: str(deputy.id) for key, deputy in deputies.items()}
        self.deputies["county"] = day.deputies[0]
        for event_id in (e for r in recorded for e in r.event_ids):
            self.township.wait_for(ROSTER, event_id)
        opinion = day.send(
            "opinions", category="城乡建设", content="路灯不亮", voter_name="张三丰", voter_phone="13812345678"
        )
        day.send("opinions/referred", opinion_id=opinion["id"])
        [self.referral] = eventually(self.inbox, until=lambda rows: len(rows) == 1)

    def inbox(self) -> list[dict[str, Any]]:
        return all_items(self.api, "/api/v1/referrals", headers=self.staff)

    def route(self, route: str, deputy: str) -> Any:
        return self.api.post(
            f"/api/v1/referrals/{self.referral['referral_id']}/route",
            headers=self.staff,
            json={"command_id": str(uuid.uuid4()), "route": route, "routed_to": "代表", "deputy_id": deputy},
        )

    def refused(self, route: str, deputy: str) -> tuple[int, str, str | None]:
        """The refusal of a route, after checking that it stored nothing."""
        before = self.township.store.position()
        response = self.route(route, deputy)
        assert self.township.store.position() == before, "a refused route stores nothing"
        [row] = self.inbox()
        assert (row["status"], row["route"], row["version"]) == ("open", None, self.referral["version"])
        error = response.json()["error"]
        return response.status_code, error["code"], error.get("field")


@pytest.mark.parametrize("route", ["deputy_suggestion", "city"])
def test_a_referral_routed_to_a_deputy_the_roster_does_not_know_is_refused_and_stores_nothing(
    make_runtime: MakeRuntime, route: str
) -> None:
    routing = Routing(make_runtime)
    with running(routing.day.county, projections=False), running(routing.day.station), running(routing.township):
        routing.set_up()
        refused = routing.refused(route, str(uuid.uuid4()))

    assert refused == (404, "DEPUTY_NOT_FOUND", "deputy_id")


def test_a_deputy_who_left_office_is_refused_on_either_route(make_runtime: MakeRuntime) -> None:
    routing = Routing(make_runtime)
    with running(routing.day.county, projections=False), running(routing.day.station), running(routing.township):
        routing.set_up()
        refused = [routing.refused(route, routing.deputies["left_office"]) for route in ("deputy_suggestion", "city")]

    assert refused == [(422, "DEPUTY_NOT_IN_OFFICE", "deputy_id")] * 2


def test_only_a_deputy_of_the_townships_county_takes_a_referral_up_as_a_suggestion(make_runtime: MakeRuntime) -> None:
    routing = Routing(make_runtime)
    with running(routing.day.county, projections=False), running(routing.day.station), running(routing.township):
        routing.set_up()
        outside = routing.refused("deputy_suggestion", routing.deputies["outside_county"])
        city_deputy = routing.refused("deputy_suggestion", routing.deputies["city"])
        taken_up = routing.route("deputy_suggestion", routing.deputies["county"])

    assert outside == (422, "DEPUTY_OUTSIDE_COUNTY", "deputy_id")
    assert city_deputy == (422, "DEPUTY_OUTSIDE_COUNTY", "deputy_id")
    assert taken_up.status_code == 200, taken_up.text


def test_the_city_route_goes_through_a_serving_deputy_of_the_townships_city(make_runtime: MakeRuntime) -> None:
    routing = Routing(make_runtime)
    with running(routing.day.county, projections=False), running(routing.day.station), running(routing.township):
        routing.set_up()
        county_deputy = routing.refused("city", routing.deputies["county"])
        other_city = routing.refused("city", routing.deputies["other_city"])
        through_the_city = routing.route("city", routing.deputies["city"])

    assert county_deputy == (422, "NOT_A_CITY_DEPUTY", "deputy_id")
    assert other_city == (422, "DEPUTY_OUTSIDE_CITY", "deputy_id")
    assert through_the_city.status_code == 200, through_the_city.text
