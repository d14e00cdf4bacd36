"""Bad input and the wrong caller on the duty record: each refused with its code, and nothing stored."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from services.county.domain.deputy import Deputy
from shared.auth import Role
from shared.runtime import ServiceRuntime
from tests.integration.test_suggestion_workflow import County
from tests.support.deputies import profile

pytestmark = pytest.mark.integration

MEETING = {
    "kind": "standing_meeting",
    "title": "常委会会议",
    "held_on": "2026-10-28",
    "organiser": "县人大常委会办公室",
}
RULES = {
    "name": "履职积分办法",
    "effective_from_year": 2026,
    "categories": [{"code": "meetings", "name": "参加会议", "items": [{"item": "standing_meeting", "points": 5}]}],
    "excellent_from": 60,
    "competent_from": 30,
    "talk_below": 20,
    "non_renomination_below": 25,
}


def _refusal(response: Any) -> tuple[int, str, str | None]:
    error = response.json()["error"]
    return response.status_code, error["code"], error.get("field")


def test_duty_commands_and_reads_refuse_bad_input_and_the_wrong_caller(
    make_runtime: Callable[[str], ServiceRuntime],
) -> None:
    county = County(make_runtime("county"))
    deputy = Deputy.elect(deputy_id=uuid.uuid4(), profile=profile(), ctx=county.runtime.commands.context(actor="test"))
    county.runtime.store.save(deputy)
    dm = str(deputy.id)
    other_township = county.login("fl", role=Role.TOWNSHIP_STAFF, region="410327101000")
    viewer = county.login("city", role=Role.CITY_VIEWER, region="410300000000")
    own = county.login("wjg", role=Role.DEPUTY, region="410327100201", deputy_id=deputy.id)
    stored = county.runtime.store.position()

    def post(path: str, headers: dict[str, str], **body: Any) -> Any:
        return county.api.post(path, headers=headers, json=body)

    refusals = {
        "outside the region": post("/api/v1/duty/activities", other_township, **MEETING, attended=[dm]),
        "before the election": post(
            "/api/v1/duty/activities", county.staff, **{**MEETING, "held_on": "2020-01-01"}, attended=[dm]
        ),
        "attended and excused": post("/api/v1/duty/activities", county.staff, **MEETING, attended=[dm], excused=[dm]),
        "unknown deputy": post("/api/v1/duty/activities", county.staff, **MEETING, attended=[str(uuid.uuid4())]),
        "no one attended": post("/api/v1/duty/activities", county.staff, **MEETING, attended=[]),
        "item scored twice": post(
            "/api/v1/duty/rule-sets",
            county.staff,
            **{**RULES, "categories": RULES["categories"] * 1 + [{**RULES["categories"][0], "code": "again"}]},
        ),
        "township publishes rules": post("/api/v1/duty/rule-sets", other_township, **RULES),
        "entry not in the ledger": post(
            "/api/v1/duty/reviews",
            own,
            deputy_id=dm,
            year=2026,
            stage="self",
            verdict="confirmed",
            entry_ids=[str(uuid.uuid4())],
        ),
    }
    reads = {
        "no rule set for the year": county.api.get("/api/v1/duty/points", headers=county.staff, params={"year": 2026}),
        "a city asks without a county": county.api.get("/api/v1/duty/points", headers=viewer, params={"year": 2026}),
        "another deputy's profile": county.api.get(f"/api/v1/deputies/{uuid.uuid4()}/profile", headers=own),
        "a term backwards": county.api.get(
            "/api/v1/duty/non-renomination", headers=county.staff, params={"first_year": 2026, "last_year": 2022}
        ),
    }

    assert {name: _refusal(response) for name, response in refusals.items()} == {
        "outside the region": (403, "FORBIDDEN", None),
        "before the election": (409, "DEPUTY_NOT_SERVING_THEN", "attended"),
        "attended and excused": (422, "ATTENDANCE_OVERLAP", "excused"),
        "unknown deputy": (404, "NOT_FOUND", "attended"),
        "no one attended": (422, "VALIDATION_FAILED", "attended"),
        "item scored twice": (422, "INVALID_POINTS_RULE_SET", "categories"),
        "township publishes rules": (403, "FORBIDDEN", None),
        "entry not in the ledger": (404, "NOT_FOUND", "entry_ids"),
    }
    assert {name: _refusal(response) for name, response in reads.items()} == {
        "no rule set for the year": (404, "NO_POINTS_RULE_SET", "year"),
        "a city asks without a county": (422, "REGION_NOT_IN_A_COUNTY", "region_code"),
        "another deputy's profile": (403, "FORBIDDEN", "deputy_id"),
        "a term backwards": (422, "VALIDATION_FAILED", "first_year"),
    }
    assert county.runtime.store.position() == stored
    in_the_county = county.api.get("/api/v1/duty/rule-sets", headers=viewer, params={"region_code": "410327000000"})
    assert in_the_county.status_code == 200 and in_the_county.json() == []
