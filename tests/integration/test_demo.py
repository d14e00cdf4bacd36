"""`renda seed-demo` fills a living county through the same use cases users call, once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from renda.demo import DEMO_PASSWORD, seed
from renda.demo_suggestions import unit_id
from renda.services import SERVICES
from shared.runtime import ServiceRuntime
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
DEMO_SUGGESTIONS = 12


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
            lambda: api.get("/api/v1/suggestions", headers=staff).json(), until=lambda r: len(r) == DEMO_SUGGESTIONS
        )
        unit = api.post("/api/v1/auth/login", json={"username": "unit_jtj", "password": DEMO_PASSWORD}).json()
        own = api.get("/api/v1/suggestions", headers={"Authorization": f"Bearer {unit['access_token']}"}).json()

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
