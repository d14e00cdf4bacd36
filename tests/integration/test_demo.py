"""`renda seed-demo` fills a living county through the same use cases users call, once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from renda.demo.seed import ACCOUNTS, DEMO_PASSWORD, seed
from renda.demo.suggestions import unit_id
from renda.services import SERVICES
from shared.runtime import ServiceRuntime
from tests.support.paging import all_items
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
DEMO_SUGGESTIONS = 12
# 王建国: 9 reception days and 2 leaves, 6 suggestions led and a rating, 7 activities the county recorded.
WANG_ENTRIES = 25


def test_the_demo_has_suggestions_in_every_state_and_seeding_again_adds_nothing(make_runtime: MakeRuntime) -> None:
    runtimes = {name: make_runtime(name) for name in ("county", "township", "station")}
    api = TestClient(SERVICES["county"].create_app(runtimes["county"]))
    with running(runtimes["county"]), running(runtimes["township"]), running(runtimes["station"]):
        seed(runtimes)
        stored = runtimes["county"].store.position()
        seed(runtimes)
        token = api.post("/api/v1/auth/login", json={"username": "county_admin", "password": DEMO_PASSWORD}).json()
        staff = {"Authorization": f"Bearer {token['access_token']}"}
        rows = eventually(
            lambda: all_items(api, "/api/v1/suggestions", headers=staff), until=lambda r: len(r) == DEMO_SUGGESTIONS
        )
        unit = api.post("/api/v1/auth/login", json={"username": "unit_jtj", "password": DEMO_PASSWORD}).json()
        own = all_items(api, "/api/v1/suggestions", headers={"Authorization": f"Bearer {unit['access_token']}"})

    assert runtimes["county"].store.position() == stored
    assert {row["status"] for row in rows} == {
        "submitted",
        "not_accepted",
        "withdrawn",
        "registered",
        "assigned",
        "returned",
        "replied",
        "rehandling",
        "closed",
    }
    assert {"red", "green", "grey"} <= {row["colour"] for row in rows}
    transport = str(unit_id("县交通运输局"))
    assert own and all(transport in (row["lead_unit_id"], *row["co_unit_ids"]) for row in own)
    assert len(own) < len(rows)


def test_a_demo_deputys_ledger_shows_station_check_ins_and_suggestions_led_and_scores_under_the_rule_set(
    make_runtime: MakeRuntime,
) -> None:
    runtimes = {name: make_runtime(name) for name in ("county", "township", "station")}
    api = TestClient(SERVICES["county"].create_app(runtimes["county"]))
    with running(runtimes["county"]), running(runtimes["township"]), running(runtimes["station"]):
        seed(runtimes)
        stored = {name: runtime.store.position() for name, runtime in runtimes.items()}
        seed(runtimes)
        again = {name: runtime.store.position() for name, runtime in runtimes.items()}
        login = api.post("/api/v1/auth/login", json={"username": "deputy_wjg", "password": DEMO_PASSWORD}).json()
        wang = {"Authorization": f"Bearer {login['access_token']}"}
        deputy_id = next(account.deputy_id for account in ACCOUNTS if account.username == "deputy_wjg")
        ledger = eventually(
            lambda: all_items(api, f"/api/v1/deputies/{deputy_id}/ledger", headers=wang),
            # every entry from the station, the county's suggestions and activities, and the reviews
            until=lambda rows: len(rows) == WANG_ENTRIES and sum(row["review_stage"] == "group" for row in rows) == 5,
        )
        token = api.post("/api/v1/auth/login", json={"username": "county_admin", "password": DEMO_PASSWORD}).json()
        staff = {"Authorization": f"Bearer {token['access_token']}"}
        points = api.get("/api/v1/duty/points", headers=staff, params={"year": 2025}).json()

    assert again == stored
    assert sum(row["item"] == "station_reception" for row in ledger) == 9
    items = {row["item"] for row in ledger}
    assert {"station_reception", "leave", "suggestion_led", "congress_session", "report_to_voters"} <= items
    reviewed = [row for row in ledger if row["year"] == 2025 and row["review_stage"] == "group"]
    assert len(reviewed) == 5 and all(row["review_verdict"] == "confirmed" for row in reviewed)
    [row] = [row for row in points["deputies"] if row["deputy_id"] == str(deputy_id)]
    # 2025: two meetings (10 + 5), five reception days (5 × 2) less a leave (−1) and a report (10),
    # an inspection (5), a training (5).
    assert {code: row["points_by_category"][code] for code in ("meetings", "voters", "inspections", "training")} == {
        "meetings": 15,
        "voters": 19,
        "inspections": 5,
        "training": 5,
    }
