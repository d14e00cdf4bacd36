"""The region directory over HTTP: units registered, a village moved, a town made a street, read back from the projection."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from renda.demo import appointments as demo_appointments
from renda.demo import duty as demo_duty
from renda.demo import suggestions as demo_suggestions
from renda.demo.regions import REGION_UNITS, seed_regions
from renda.demo.seed import ACCOUNTS, DEPUTIES, STATIONS
from renda.services import SERVICES
from services.county.projections.regions import region_units
from shared.auth import Role
from shared.runtime import ServiceRuntime
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

PASSWORD = "correct horse 2026"
CITY, YIYANG, LUONING = "410300000000", "410327000000", "410328000000"
CHENGGUAN, FENGLI, DONGMEN, XIGUAN = "410327100000", "410327101000", "410327100201", "410327100202"


class Directory:
    """The county service's region routes, with a city-wide and a county staff account."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        self.runtime = runtime
        self.api = TestClient(SERVICES["county"].create_app(runtime))
        self.city_staff = self.login("city_staff", role=Role.COUNTY_STAFF, region=CITY)
        self.staff = self.login("county", role=Role.COUNTY_STAFF, region=YIYANG)

    def login(self, username: str, *, role: Role, region: str) -> dict[str, str]:
        self.runtime.accounts.create(username=username, password=PASSWORD, role=role, region_code=region)
        token = self.api.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD}).json()
        return {"Authorization": f"Bearer {token['access_token']}"}

    def post(self, path: str, headers: dict[str, str], **body: Any) -> Any:
        return self.api.post(f"/api/v1/regions{path}", headers=headers, json={"command_id": str(uuid.uuid4()), **body})

    def ok(self, path: str, headers: dict[str, str], **body: Any) -> str:
        response = self.post(path, headers, **body)
        assert response.status_code in (200, 201), response.text
        return str(response.json()["event_ids"][-1])

    def register(self, headers: dict[str, str], code: str, name: str, kind: str, **more: Any) -> str:
        return self.ok("", headers, code=code, name=name, kind=kind, **more)

    def set_up(self) -> str:
        """洛阳市 and its two counties by the city's staff; 宜阳县's townships and villages by its own staff."""
        self.register(self.city_staff, CITY, "洛阳市", "city")
        self.register(self.city_staff, LUONING, "洛宁县", "county")
        self.register(self.staff, YIYANG, "宜阳县", "county")
        self.register(self.staff, CHENGGUAN, "城关镇", "town")
        self.register(self.staff, FENGLI, "丰李镇", "town")
        self.register(self.staff, DONGMEN, "东门社区", "community")
        return self.register(self.staff, XIGUAN, "西关社区", "community", parent_code=CHENGGUAN)


def _refusal(response: Any) -> tuple[int, str, str | None]:
    error = response.json()["error"]
    return response.status_code, error["code"], error.get("field")


def test_a_moved_village_and_a_town_made_a_street_read_back_from_the_directory(
    make_runtime: Callable[[str], ServiceRuntime],
) -> None:
    directory = Directory(make_runtime("county"))
    with running(directory.runtime):
        directory.set_up()
        directory.ok(f"/{DONGMEN}/reparent", directory.staff, parent_code=FENGLI)
        last = directory.ok(f"/{CHENGGUAN}/kind", directory.staff, kind="street")
        listed = directory.api.get("/api/v1/regions", headers=directory.staff, params={"wait_for": last}).json()
        village = directory.api.get(f"/api/v1/regions/{DONGMEN}", headers=directory.staff).json()
        townships = directory.api.get(
            "/api/v1/regions", headers=directory.staff, params={"within": YIYANG, "level": "township"}
        ).json()
        viewer = directory.login("viewer", role=Role.CITY_VIEWER, region=CITY)
        seen_by_city = directory.api.get("/api/v1/regions", headers=viewer, params={"level": "county"}).json()

    assert village == {
        "code": DONGMEN,
        "name": "东门社区",
        "kind": "community",
        "level": "village",
        "parent_code": FENGLI,
    }
    assert [row["code"] for row in listed] == [YIYANG, CHENGGUAN, DONGMEN, XIGUAN, FENGLI]
    assert [(row["code"], row["kind"], row["parent_code"]) for row in townships] == [
        (CHENGGUAN, "street", YIYANG),
        (FENGLI, "town", YIYANG),
    ]
    assert [row["name"] for row in seen_by_city] == ["宜阳县", "洛宁县"]
    rows = region_units(directory.runtime.engine, within="410327")
    assert {code: row["parent_code"] for code, row in rows.items()} == {
        YIYANG: CITY,
        CHENGGUAN: YIYANG,
        FENGLI: YIYANG,
        DONGMEN: FENGLI,
        XIGUAN: CHENGGUAN,
    }
    assert rows[CHENGGUAN] == {
        "code": CHENGGUAN,
        "name": "城关镇",
        "kind": "street",
        "level": "township",
        "parent_code": YIYANG,
    }
    assert set(region_units(directory.runtime.engine)) == {CITY, LUONING, *rows}


def test_refused_directory_changes_store_nothing_and_leave_the_directory_as_it_was(
    make_runtime: Callable[[str], ServiceRuntime],
) -> None:
    directory = Directory(make_runtime("county"))
    township = directory.login("cg", role=Role.TOWNSHIP_STAFF, region=CHENGGUAN)
    viewer = directory.login("viewer", role=Role.CITY_VIEWER, region=CITY)
    staff = directory.staff
    with running(directory.runtime):
        last = directory.set_up()
        before = directory.api.get("/api/v1/regions", headers=directory.city_staff, params={"wait_for": last}).json()
        stored = directory.runtime.store.position()
        move = f"/{DONGMEN}/reparent"
        refusals = {
            "village under a county": directory.post(move, staff, parent_code=YIYANG),
            "village under a village": directory.post(move, staff, parent_code=XIGUAN),
            "under the same parent": directory.post(move, staff, parent_code=CHENGGUAN),
            "under an unregistered township": directory.post(move, staff, parent_code="410327102000"),
            "town made a community": directory.post(f"/{CHENGGUAN}/kind", staff, kind="community"),
            "township registered as a district": directory.post(
                "", staff, code="410327102000", name="盐镇乡", kind="district"
            ),
            "registered twice": directory.post("", staff, code=DONGMEN, name="东门社区", kind="community"),
            "unknown unit": directory.post("/410327109000/kind", staff, kind="street"),
            "township moved to another county": directory.post(f"/{CHENGGUAN}/reparent", staff, parent_code=LUONING),
            "unit in another county": directory.post("", staff, code="410328001000", name="城西街道", kind="street"),
            "township staff": directory.post(f"/{CHENGGUAN}/kind", township, kind="street"),
            "city viewer": directory.post("", viewer, code="410327102000", name="盐镇乡", kind="township"),
            "malformed code": directory.post("/41032710/rename", staff, name="东门"),
        }
        reads = {
            "township staff lists": directory.api.get("/api/v1/regions", headers=township),
            "county staff reads another county": directory.api.get(f"/api/v1/regions/{LUONING}", headers=staff),
            "county staff lists the city": directory.api.get("/api/v1/regions", headers=staff, params={"within": CITY}),
            "not registered": directory.api.get("/api/v1/regions/410327109000", headers=staff),
        }
        after = directory.api.get("/api/v1/regions", headers=directory.city_staff).json()

    assert {name: _refusal(response) for name, response in refusals.items()} == {
        "village under a county": (422, "REGION_PARENT_INVALID", "parent_code"),
        "village under a village": (422, "REGION_PARENT_INVALID", "parent_code"),
        "under the same parent": (409, "REGION_PARENT_UNCHANGED", "parent_code"),
        "under an unregistered township": (404, "REGION_PARENT_NOT_REGISTERED", "parent_code"),
        "town made a community": (422, "REGION_KIND_MISMATCH", "kind"),
        "township registered as a district": (422, "REGION_KIND_MISMATCH", "kind"),
        "registered twice": (409, "REGION_UNIT_ALREADY_REGISTERED", "code"),
        "unknown unit": (404, "NOT_FOUND", "code"),
        "township moved to another county": (403, "FORBIDDEN", None),
        "unit in another county": (403, "FORBIDDEN", None),
        "township staff": (403, "FORBIDDEN", None),
        "city viewer": (403, "FORBIDDEN", None),
        "malformed code": (422, "INVALID_REGION_CODE", "code"),
    }
    assert {name: _refusal(response) for name, response in reads.items()} == {
        "township staff lists": (403, "FORBIDDEN", None),
        "county staff reads another county": (403, "FORBIDDEN", None),
        "county staff lists the city": (403, "FORBIDDEN", None),
        "not registered": (404, "NOT_FOUND", "code"),
    }
    assert directory.runtime.store.position() == stored
    assert after == before
    assert len(before) == 7


def test_a_resent_registration_returns_its_first_result_and_stores_nothing_more(
    make_runtime: Callable[[str], ServiceRuntime],
) -> None:
    directory = Directory(make_runtime("county"))
    body = {"command_id": str(uuid.uuid4()), "code": YIYANG, "name": "宜阳县", "kind": "county"}

    first = directory.api.post("/api/v1/regions", headers=directory.staff, json=body)
    again = directory.api.post("/api/v1/regions", headers=directory.staff, json=body)
    other = directory.api.post(
        "/api/v1/regions", headers=directory.staff, json={**body, "command_id": str(uuid.uuid4())}
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert _refusal(other) == (409, "REGION_UNIT_ALREADY_REGISTERED", "code")
    assert directory.runtime.store.position() == 1


def test_the_demo_directory_names_every_place_the_demo_uses_and_seeding_again_adds_nothing(
    make_runtime: Callable[[str], ServiceRuntime],
) -> None:
    county = make_runtime("county")
    used = {account.region_code for account in ACCOUNTS}
    used |= {code for *_, code, villages in STATIONS for code in (code, *villages)}
    used |= {code for _, _, congress, resident, *_ in DEPUTIES for code in (congress, resident)}
    used |= {demo_suggestions.COUNTY, demo_duty.COUNTY, demo_appointments.COUNTY}

    seed_regions(county)
    stored = county.store.position()
    seed_regions(county)
    with running(county):
        rows = eventually(
            lambda: region_units(county.engine), until=lambda found: len(found) == len(REGION_UNITS), timeout=60
        )

    assert county.store.position() == stored == len(REGION_UNITS)
    assert used <= set(rows)
    assert all(row["parent_code"] in rows for row in rows.values() if row["code"] != CITY)
    assert (rows[DONGMEN]["name"], rows[CHENGGUAN]["kind"], rows["410328001000"]["kind"]) == (
        "东门社区",
        "town",
        "street",
    )
