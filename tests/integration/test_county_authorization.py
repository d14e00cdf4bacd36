"""The county's ownership rules over HTTP: what a request may say about a record it names, and what it may not decide.

A station's region comes from the county's own record of its stations, the holiday calendar is set only by
staff whose region covers the whole deployment, a suggestion is assigned only to units of its own county,
and a unit learns nothing of a suggestion it neither leads nor helps with. Each refusal has the platform's
error body and stores nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import insert

from renda.services import SERVICES
from shared.application import utc_now
from shared.auth import Actor, Role
from shared.calendar import china_date
from shared.events.catalog.suggestion import SuggestionCategory
from shared.figures.station_work import stations
from shared.runtime import ServiceRuntime
from tests.support.platform import runtime_for
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

CITY = "410300000000"
"""The deployment's scope (the platform's default): 洛阳市."""
COUNTY = "410327000000"
OTHER_COUNTY = "410328000000"
VILLAGE = "410327100201"
OTHER_VILLAGE = "410327100202"


@dataclass
class County:
    runtime: ServiceRuntime
    api: TestClient

    def as_actor(self, role: Role, region_code: str, **links: Any) -> dict[str, str]:
        actor = Actor(id=f"{role.value}-{uuid.uuid4().hex[:6]}", role=role, region_code=region_code, **links)
        return {"Authorization": f"Bearer {self.runtime.tokens.issue(actor=actor, now=utc_now()).token}"}

    def post(self, path: str, headers: dict[str, str], **body: Any) -> Response:
        return self.api.post(path, headers=headers, json=body)

    def ok(self, path: str, headers: dict[str, str], **body: Any) -> dict[str, Any]:
        response = self.post(path, headers, **body)
        assert response.status_code in (200, 201), response.text
        result: dict[str, Any] = response.json()
        return result

    def stored(self) -> int:
        return self.runtime.store.position()


@pytest.fixture
def county(postgres: Postgres) -> Iterator[County]:
    # Commands only: nothing here is relayed, so no broker is reached.
    runtime = runtime_for("county", database_url=postgres.create_database(), bootstrap="127.0.0.1:9")
    try:
        yield County(runtime=runtime, api=TestClient(SERVICES["county"].create_app(runtime)))
    finally:
        runtime.close()


def _staff(county: County, region_code: str = COUNTY) -> dict[str, str]:
    return county.as_actor(Role.COUNTY_STAFF, region_code)


def _deputy(county: County, *, resident: str = VILLAGE) -> str:
    elected = county.ok(
        "/api/v1/deputies",
        _staff(county),
        name="王建国",
        level="county",
        term=18,
        congress_region_code=COUNTY,
        resident_region_code=resident,
        elected_on="2021-11-01",
    )
    return str(elected["id"])


def _station_the_county_knows(county: County, *, region_code: str) -> str:
    """A station as the county's copy of the stations' work holds it once the station's StationSetUp arrived."""
    station_id = uuid.uuid4()
    with county.runtime.engine.begin() as connection:
        connection.execute(
            insert(stations).values(
                station_id=station_id,
                name="联络站",
                kind="community_room",
                region_code=region_code,
                township_region_code=region_code[:9] + "000",
                days_of_month="[]",
                standard_items_met="[]",
                closed=False,
            )
        )
    return str(station_id)


def _refused(response: Response, status: int, code: str, field: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]


def test_attaching_a_deputy_to_a_station_the_county_has_no_record_of_is_refused_naming_the_station(
    county: County,
) -> None:
    deputy_id = _deputy(county)
    before = county.stored()

    attached = county.post(
        f"/api/v1/deputies/{deputy_id}/stations",
        _staff(county),
        station_id=str(uuid.uuid4()),
        station_region_code=VILLAGE,
    )

    _refused(attached, 404, "STATION_NOT_KNOWN", "station_id")
    assert county.stored() == before


def test_a_station_outside_the_callers_region_is_refused_whatever_region_the_request_gives_it(county: County) -> None:
    deputy_id = _deputy(county)
    elsewhere = _station_the_county_knows(county, region_code="410328001201")
    before = county.stored()

    attached = county.post(
        f"/api/v1/deputies/{deputy_id}/stations",
        _staff(county),
        station_id=elsewhere,
        station_region_code=VILLAGE,
    )

    assert attached.status_code == 403, attached.text
    assert attached.json()["error"]["code"] == "FORBIDDEN" and attached.json()["error"]["message"]
    assert county.stored() == before


def test_a_station_region_other_than_the_countys_record_of_it_is_refused_naming_the_field(county: County) -> None:
    deputy_id = _deputy(county)
    station_id = _station_the_county_knows(county, region_code=OTHER_VILLAGE)
    before = county.stored()

    attached = county.post(
        f"/api/v1/deputies/{deputy_id}/stations",
        _staff(county),
        station_id=station_id,
        station_region_code=VILLAGE,
    )

    _refused(attached, 422, "STATION_REGION_MISMATCH", "station_region_code")
    assert county.stored() == before


def test_a_deputy_attached_to_a_known_station_is_recorded_under_the_region_the_county_holds(county: County) -> None:
    deputy_id = _deputy(county)
    station_id = _station_the_county_knows(county, region_code=OTHER_VILLAGE)

    county.ok(
        f"/api/v1/deputies/{deputy_id}/stations",
        _staff(county),
        station_id=station_id,
        station_region_code=OTHER_VILLAGE,
    )

    attached = county.runtime.store.events_of(uuid.UUID(deputy_id))[-1]
    assert attached.event_type == "DeputyAttachedToStation"
    assert (str(attached.payload.station_id), attached.payload.station_region_code) == (station_id, OTHER_VILLAGE)


SCHEDULE = {"year": 2031, "holidays": ["2031-01-01"], "working_days": [], "source": "国务院办公厅通知"}


def test_a_countys_staff_cannot_load_the_holiday_calendar_of_the_whole_deployment(county: County) -> None:
    loaded = county.post("/api/v1/calendar/schedules", _staff(county), **SCHEDULE)

    assert loaded.status_code == 403, loaded.text
    assert loaded.json()["error"]["code"] == "FORBIDDEN" and loaded.json()["error"]["message"]
    assert county.stored() == 0


def test_staff_whose_region_covers_the_deployment_load_its_holiday_calendar(county: County) -> None:
    assert county.runtime.settings.platform.scope_region_code == CITY

    loaded = county.post("/api/v1/calendar/schedules", _staff(county, CITY), **SCHEDULE)

    assert loaded.status_code == 201, loaded.text
    assert county.stored() == 1


def _unit(county: County, *, registered_by: str, name: str = "县住房和城乡建设局") -> str:
    unit = county.ok(
        "/api/v1/handling-units",
        _staff(county, registered_by),
        name=name,
        kind="government_department",
        head="张局长",
        vice_governor="李副县长",
    )
    return str(unit["id"])


def _registered_suggestion(county: County) -> str:
    staff = _staff(county)
    county.ok(
        "/api/v1/routing-rules",
        staff,
        bodies=dict.fromkeys((category.value for category in SuggestionCategory), "城建环保工委"),
        effective_from="2026-01-01",
    )
    submitted = county.ok(
        "/api/v1/suggestions",
        staff,
        title="关于改善东门路夜间照明的建议",
        content="东门路路灯长期不亮。",
        lead_deputy_id=_deputy(county),
        period="during_session",
        term=18,
    )
    suggestion_id = str(submitted["id"])
    county.ok(f"/api/v1/suggestions/{suggestion_id}/review", staff, decision="accepted")
    county.ok(f"/api/v1/suggestions/{suggestion_id}/register", staff, number="2031-001", category="urban_construction")
    return suggestion_id


def test_a_suggestion_is_not_assigned_to_a_lead_unit_of_another_county(county: County) -> None:
    suggestion_id = _registered_suggestion(county)
    theirs = _unit(county, registered_by=OTHER_COUNTY)
    before = county.stored()

    assigned = county.post(
        f"/api/v1/suggestions/{suggestion_id}/assign", _staff(county), lead_unit_id=theirs, leader="李副县长"
    )

    _refused(assigned, 422, "UNIT_OF_ANOTHER_COUNTY", "lead_unit_id")
    assert county.stored() == before


def test_a_suggestion_is_not_assigned_with_a_co_unit_of_another_county(county: County) -> None:
    suggestion_id = _registered_suggestion(county)
    ours = _unit(county, registered_by=COUNTY)
    theirs = _unit(county, registered_by=OTHER_COUNTY, name="县交通运输局")
    before = county.stored()

    assigned = county.post(
        f"/api/v1/suggestions/{suggestion_id}/assign",
        _staff(county),
        lead_unit_id=ours,
        co_unit_ids=[theirs],
        leader="李副县长",
    )

    _refused(assigned, 422, "UNIT_OF_ANOTHER_COUNTY", "co_unit_ids")
    assert county.stored() == before


def test_a_suggestion_is_assigned_to_units_of_its_own_county(county: County) -> None:
    suggestion_id = _registered_suggestion(county)
    lead, co = _unit(county, registered_by=COUNTY), _unit(county, registered_by=COUNTY, name="县交通运输局")

    county.ok(
        f"/api/v1/suggestions/{suggestion_id}/assign",
        _staff(county),
        lead_unit_id=lead,
        co_unit_ids=[co],
        leader="李副县长",
    )

    assert county.runtime.store.events_of(uuid.UUID(suggestion_id))[-1].event_type == "SuggestionAssigned"


UNIT_STEPS = {
    "return": ({"reason": "不属本单位职责"}, "NOT_THE_LEAD_UNIT"),
    "extension": ({"months": 1, "reason": "需列入预算"}, "NOT_THE_LEAD_UNIT"),
    "reply-draft": ({"result": "solved", "text": "已修复"}, "NOT_THE_LEAD_UNIT"),
    "reply": (
        {
            "result": "solved",
            "text": "已修复",
            "signed_by": "张局长",
            "received_by": "王建国",
            "received_by_deputy": True,
        },
        "NOT_THE_LEAD_UNIT",
    ),
    "co-opinion": ({"opinion": "同意主办单位意见"}, "NOT_A_CO_UNIT"),
    "contacts": (
        {"stage": "before", "method": "in_person", "contacted_on": china_date(utc_now()).isoformat()},
        "NOT_AN_ASSIGNED_UNIT",
    ),
}


@pytest.mark.parametrize("step", sorted(UNIT_STEPS))
def test_a_unit_never_assigned_a_suggestion_is_refused_before_it_learns_the_suggestions_state(
    county: County, step: str
) -> None:
    # Not yet assigned: the step would be out of order (409) for any unit; this one gets no further than 403.
    suggestion_id = _registered_suggestion(county)
    stranger = county.as_actor(Role.HANDLING_UNIT, COUNTY, unit_id=_unit(county, registered_by=COUNTY))
    body, code = UNIT_STEPS[step]
    before = county.stored()

    refused = county.post(f"/api/v1/suggestions/{suggestion_id}/{step}", stranger, **body)

    _refused(refused, 403, code, "unit_id")
    assert county.stored() == before
