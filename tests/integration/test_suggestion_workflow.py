"""A voter's opinion becomes a deputy's suggestion (route (d)), is handled by a unit, rated, re-handled and closed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from renda.services import SERVICES
from services.township.projections.inbox import referrals
from shared.application import utc_now
from shared.auth import Role
from shared.calendar import china_date
from shared.events.catalog.suggestion import SuggestionCategory
from shared.runtime import ServiceRuntime
from tests.integration.conftest import count_rows
from tests.integration.test_station_terminal import Day
from tests.support.paging import all_items
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
PASSWORD = "correct horse 2026"
BODIES = {category.value: "城建环保工委" for category in SuggestionCategory}


class County:
    """The county service's API with a staff account, two handling units and their accounts."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        self.runtime = runtime
        self.api = TestClient(SERVICES["county"].create_app(runtime))
        self.staff = self.login("county", role=Role.COUNTY_STAFF)

    def login(self, username: str, *, role: Role, region: str = "410327000000", **link: Any) -> dict[str, str]:
        self.runtime.accounts.create(username=username, password=PASSWORD, role=role, region_code=region, **link)
        token = self.api.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD}).json()
        return {"Authorization": f"Bearer {token['access_token']}"}

    def post(self, path: str, headers: dict[str, str], **body: Any) -> Any:
        return self.api.post(path, headers=headers, json={"command_id": str(uuid.uuid4()), **body})

    def ok(self, path: str, headers: dict[str, str], **body: Any) -> dict[str, Any]:
        response = self.post(path, headers, **body)
        assert response.status_code in (200, 201), response.text
        return dict(response.json())

    def set_up_units(self) -> None:
        rule = {"bodies": BODIES, "effective_from": "2026-01-01"}
        assert self.api.post("/api/v1/routing-rules", headers=self.staff, json=rule).status_code == 201
        self.unit_id = self.ok(
            "/api/v1/handling-units",
            self.staff,
            name="县住房和城乡建设局",
            kind="government_department",
            head="张局长",
            vice_governor="李副县长",
        )["id"]
        self.other_unit_id = self.ok(
            "/api/v1/handling-units",
            self.staff,
            name="县教育局",
            kind="government_department",
            head="周局长",
        )["id"]
        self.unit = self.login("zjj", role=Role.HANDLING_UNIT, unit_id=self.unit_id)
        self.other_unit = self.login("jyj", role=Role.HANDLING_UNIT, unit_id=self.other_unit_id)

    def case(self, suggestion_id: str, headers: dict[str, str], wait_for: str) -> Any:
        return self.api.get(f"/api/v1/suggestions/{suggestion_id}", headers=headers, params={"wait_for": wait_for})

    def figures(self, wait_for: str) -> dict[str, Any]:
        rows = self.api.get(
            "/api/v1/suggestions/figures", headers=self.staff, params={"by": "unit", "wait_for": wait_for}
        ).json()
        return {row["label"]: row for row in rows}


ALL_UNSATISFIED = dict.fromkeys(
    ("leadership", "attitude", "communication", "reply_quality", "implementation", "overall"), "unsatisfied"
)
ALL_SATISFIED = dict.fromkeys(ALL_UNSATISFIED, "satisfied")


def _reply(**changes: Any) -> dict[str, Any]:
    return {
        "result": "planned",
        "text": "已列入明年城区亮化工程。",
        "signed_by": "张局长",
        "received_by": "王建国",
        "received_by_deputy": True,
        **changes,
    }


def test_a_station_opinion_taken_up_by_a_deputy_is_handled_rated_re_handled_and_closed(
    make_runtime: MakeRuntime,
) -> None:
    day = Day(make_runtime)
    township = make_runtime("township")
    county = County(day.county)
    township_api = TestClient(SERVICES["township"].create_app(township))
    township.accounts.create(username="cg", password=PASSWORD, role=Role.TOWNSHIP_STAFF, region_code="410327100000")
    cg = {
        "Authorization": "Bearer "
        + township_api.post("/api/v1/auth/login", json={"username": "cg", "password": PASSWORD}).json()["access_token"]
    }

    with running(day.county), running(day.station), running(township):
        day.set_up()
        county.set_up_units()
        lead, other = (uuid.UUID(d) for d in day.deputies)
        deputy = county.login("wjg", role=Role.DEPUTY, deputy_id=lead)
        other_deputy = county.login("lxy", role=Role.DEPUTY, deputy_id=other)

        opinion = day.send(
            "opinions",
            category="城乡建设",
            content="东门路路灯长期不亮",
            voter_name="张三丰",
            voter_phone="13812345678",
        )
        day.send("opinions/referred", opinion_id=opinion["id"])
        [referral] = eventually(
            lambda: all_items(township_api, "/api/v1/referrals", headers=cg), until=lambda rows: len(rows) == 1
        )
        routed = township_api.post(
            f"/api/v1/referrals/{referral['referral_id']}/route",
            headers=cg,
            json={"route": "deputy_suggestion", "routed_to": "王建国", "deputy_id": str(lead)},
        )
        assert routed.status_code == 200, routed.text
        [taken_up] = eventually(
            lambda: all_items(county.api, "/api/v1/suggestions", headers=county.staff),
            until=lambda rows: len(rows) == 1,
        )
        sid = taken_up["suggestion_id"]
        outsider = county.login("cx", role=Role.COUNTY_STAFF, region="410328000000")
        out_of_region = county.post(f"/api/v1/suggestions/{sid}/review", outsider, decision="accepted")
        county.ok(f"/api/v1/suggestions/{sid}/review", county.staff, decision="accepted")
        county.ok(
            f"/api/v1/suggestions/{sid}/register",
            county.staff,
            number="2026-001",
            category="urban_construction",
            is_key=True,
        )
        assigned = county.ok(
            f"/api/v1/suggestions/{sid}/assign", county.staff, lead_unit_id=county.unit_id, leader="李副县长"
        )
        unseen = all_items(
            county.api, "/api/v1/suggestions", headers=county.other_unit, wait_for=assigned["event_ids"][0]
        )
        not_theirs = county.case(sid, county.other_unit, assigned["event_ids"][0])
        wrong_unit_reply = county.post(f"/api/v1/suggestions/{sid}/reply", county.other_unit, **_reply())
        met = county.ok(
            f"/api/v1/suggestions/{sid}/contacts",
            county.unit,
            stage="before",
            method="in_person",
            contacted_on=china_date(utc_now()).isoformat(),
        )
        first = county.ok(f"/api/v1/suggestions/{sid}/reply", county.unit, **_reply())
        someone_else = county.post(f"/api/v1/suggestions/{sid}/rating", other_deputy, aspects=ALL_SATISFIED)
        unsatisfied = county.ok(f"/api/v1/suggestions/{sid}/rating", deputy, aspects=ALL_UNSATISFIED)
        in_rehandling = county.figures(unsatisfied["event_ids"][0])["县住房和城乡建设局"]
        county.ok(f"/api/v1/suggestions/{sid}/reply", county.unit, **_reply(result="solved", text="路灯已修复。"))
        county.ok(f"/api/v1/suggestions/{sid}/rating", deputy, aspects=ALL_SATISFIED)
        closed = county.ok(f"/api/v1/suggestions/{sid}/close", county.staff)
        case = county.case(sid, deputy, closed["event_ids"][0]).json()
        after = county.figures(closed["event_ids"][0])["县住房和城乡建设局"]
        answered = eventually(
            lambda: all_items(township_api, "/api/v1/referrals", headers=cg)[0], until=lambda r: r["answer"]
        )
        ledger = eventually(
            lambda: day.opinion_ledger(), until=lambda rows: any(row["status"] == "answered" for row in rows)
        )
        export = county.api.get("/api/v1/suggestions/export/statistics.xlsx", headers=county.staff)

    assert taken_up["source_referral_id"] == referral["referral_id"]
    assert taken_up["lead_deputy_id"] == str(lead) and taken_up["period"] == "between_sessions"
    assert "东门路路灯长期不亮" in taken_up["title"]
    assert out_of_region.status_code == 403
    assert unseen == [] and not_theirs.status_code == 403
    assert (wrong_unit_reply.status_code, wrong_unit_reply.json()["error"]["code"]) == (403, "NOT_THE_LEAD_UNIT")
    assert met["version"] == first["version"] - 1
    assert (someone_else.status_code, someone_else.json()["error"]["code"]) == (403, "NOT_THE_LEAD_DEPUTY")
    assert (in_rehandling["rehandled"], in_rehandling["unsatisfied"], in_rehandling["in_handling"]) == (1, 1, 1)
    assert case["status"] == "closed" and case["supervising_body"] == "城建环保工委"
    assert [step["event_type"] for step in case["timeline"]] == [
        "SuggestionSubmitted",
        "SuggestionReviewed",
        "SuggestionRegistered",
        "SuggestionAssigned",
        "SuggestionContactLogged",
        "SuggestionReplied",
        "SuggestionRated",
        "SuggestionReplied",
        "SuggestionRated",
        "SuggestionClosed",
    ]
    assert case["timeline"][0]["actor"] == "system:referral-intake"
    assert (after["assigned"], after["replied"], after["met"], after["rated"]) == (1, 1, 1, 1)
    assert (after["satisfied"], after["unsatisfied"], after["rehandled"], after["implemented"]) == (1, 0, 1, 1)
    assert (after["reply_rate"], after["meeting_rate"], after["satisfaction_rate"]) == (1.0, 1.0, 1.0)
    assert (after["replied_on_time"], after["on_time_rate"]) == (1, 1.0)
    assert after["closed"] == 1 and after["in_handling"] == 0
    assert answered["status"] == "answered" and answered["answered_by"] == "县住房和城乡建设局"
    assert answered["answer"].startswith("代表建议已答复（列入计划）")
    assert ledger[0]["answer"].startswith("代表建议已答复")
    assert count_rows(township, referrals) == 1
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[3]][:2] == ["县住房和城乡建设局", 1]
