"""A year's schedule loaded in the county reaches every service's calendar; deadlines there stop being provisional."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient

from renda.services import SERVICES
from shared.auth import Role
from shared.readmodel.holidays import working_day_calendar
from shared.runtime import ServiceRuntime
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration


def test_a_2027_schedule_loaded_in_the_county_reaches_the_station_calendar(
    make_runtime: Callable[[str], ServiceRuntime],
) -> None:
    county, station = make_runtime("county"), make_runtime("station")
    api = TestClient(SERVICES["county"].create_app(county))
    county.accounts.create(
        username="admin", password="correct horse 2026", role=Role.COUNTY_STAFF, region_code="410300000000"
    )
    token = api.post("/api/v1/auth/login", json={"username": "admin", "password": "correct horse 2026"}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    before = working_day_calendar(station.engine).add_working_days(start=date(2026, 12, 30), days=2)

    with running(county, projections=False), running(station, relay=False):
        loaded = api.post(
            "/api/v1/calendar/schedules",
            headers=headers,
            json={
                "year": 2027,
                "holidays": ["2027-01-01", "2027-01-02", "2027-01-03"],
                "working_days": [],
                "source": "国务院办公厅关于2027年部分节假日安排的通知",
            },
        )
        assert loaded.status_code == 201, loaded.text
        eventually(
            lambda: working_day_calendar(station.engine).is_provisional(date(2027, 1, 4)), until=lambda p: p is False
        )

    after = working_day_calendar(station.engine).add_working_days(start=date(2026, 12, 30), days=2)
    assert (before.due, before.provisional) == (date(2027, 1, 1), True)
    assert (after.due, after.provisional) == (date(2027, 1, 4), False)


def test_an_impossible_schedule_is_refused_with_its_field(make_runtime: Callable[[str], ServiceRuntime]) -> None:
    county = make_runtime("county")
    api = TestClient(SERVICES["county"].create_app(county))
    county.accounts.create(
        username="admin", password="correct horse 2026", role=Role.COUNTY_STAFF, region_code="410300000000"
    )
    token = api.post("/api/v1/auth/login", json={"username": "admin", "password": "correct horse 2026"}).json()

    refused = api.post(
        "/api/v1/calendar/schedules",
        headers={"Authorization": f"Bearer {token['access_token']}"},
        json={"year": 2027, "holidays": ["2026-10-01"]},
    )

    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "INVALID_HOLIDAY_SCHEDULE"
    assert refused.json()["error"]["field"] == "holidays"
    assert county.store.position() == 0
