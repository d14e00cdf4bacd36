"""A deputy's duty record (履职档案) across the tiers: check-ins made at a station, an opinion taken, a
suggestion led in the county and the activities the county records once all land in the ledger; points
follow the rule set in force, reviews go in order, and the ledger equals a fresh replay."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from services.county.projections.duty_ledger import DUTY_LEDGER, METADATA
from shared.auth import Role
from shared.runtime import ServiceRuntime
from tests.integration.test_station_terminal import Day, _today
from tests.integration.test_suggestion_workflow import County
from tests.support.paging import all_items
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]


def _rule_set(*, reception_points: float) -> dict[str, Any]:
    return {
        "name": f"县人大代表履职积分办法（接待每次{reception_points}分）",
        "effective_from_year": _today().year,
        "categories": [
            {"code": "meetings", "name": "参加会议", "items": [{"item": "standing_meeting", "points": 5}]},
            {
                "code": "voters",
                "name": "联系群众",
                "items": [
                    {"item": "station_reception", "points": reception_points, "cap": 24},
                    {"item": "opinion_taken", "points": 1},
                    {"item": "report_to_voters", "points": 10},
                    {"item": "leave", "points": -1, "cap": 5},
                ],
            },
            {
                "code": "suggestions",
                "name": "提出建议",
                "items": [{"item": "suggestion_led", "points": 5}, {"item": "suggestion_co_signed", "points": 2}],
            },
        ],
        "excellent_from": 20,
        "competent_from": 10,
        "talk_below": 5,
        "non_renomination_below": 8,
    }


def _publish(county: County, rule_set: dict[str, Any]) -> None:
    published = county.api.post("/api/v1/duty/rule-sets", headers=county.staff, json=rule_set)
    assert published.status_code == 201, published.text


def _items(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(row["item"] for row in rows)


def _dump(runtime: ServiceRuntime) -> dict[str, list[tuple[object, ...]]]:
    with runtime.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in METADATA.sorted_tables
        }


def test_a_deputys_ledger_gathers_station_and_county_work_and_scores_it_under_the_rule_set_in_force(
    make_runtime: MakeRuntime,
) -> None:
    day = Day(make_runtime)
    county = County(day.county)
    today = _today().isoformat()
    year = {"year": _today().year}

    with running(day.county), running(day.station):
        day.set_up()
        lead, other = day.deputies
        deputy = county.login("wjg", role=Role.DEPUTY, region="410327100201", deputy_id=uuid.UUID(lead))
        township = county.login("cg", role=Role.TOWNSHIP_STAFF, region="410327100000")
        elsewhere = county.login("fl", role=Role.TOWNSHIP_STAFF, region="410327101000")

        # At the station, through its terminal: a reception day both attend, an opinion the lead deputy takes.
        reception = day.send("receptions", kind="reception_day", scheduled_on=today, title="十一月接待日")
        for attending in (lead, other):
            day.send("check-ins", reception_id=reception["id"], deputy_id=attending)
        day.send(
            "opinions",
            reception_id=reception["id"],
            deputy_id=lead,
            category="城乡建设",
            content="东门路路灯长期不亮",
            voter_name="张三丰",
            voter_phone="13812345678",
        )
        # In the county: a suggestion led and co-signed, a meeting attended (one excused), a report to voters.
        county.ok(
            "/api/v1/suggestions",
            county.staff,
            title="关于东门路路灯维修的建议",
            content="东门路路灯长期不亮，群众夜间出行不便。",
            lead_deputy_id=lead,
            co_signer_ids=[other],
            period="between_sessions",
            term=18,
        )
        activity = {"held_on": today, "organiser": "县人大常委会办公室"}
        county.ok(
            "/api/v1/duty/activities",
            county.staff,
            kind="standing_meeting",
            title="县十八届人大常委会第二十三次会议",
            attended=[lead],
            excused=[other],
            **activity,
        )
        county.ok(
            "/api/v1/duty/activities",
            township,
            kind="report_to_voters",
            title="东门社区选民述职会",
            attended=[lead],
            **activity,
        )
        _publish(county, _rule_set(reception_points=2))

        ledger = eventually(
            lambda: all_items(county.api, f"/api/v1/deputies/{lead}/ledger", headers=deputy, **year),
            until=lambda rows: len(rows) == 5,
        )
        other_ledger = eventually(
            lambda: all_items(county.api, f"/api/v1/deputies/{other}/ledger", headers=township),
            until=lambda rows: len(rows) == 3,
        )
        points = eventually(
            lambda: county.api.get("/api/v1/duty/points", headers=county.staff, params=year).json(),
            until=lambda body: "deputies" in body,
        )
        refused = {
            "another township": county.api.get(f"/api/v1/deputies/{lead}/ledger", headers=elsewhere).status_code,
            "another deputy": county.api.get(f"/api/v1/deputies/{other}/ledger", headers=deputy).status_code,
            "unit publishes rules": county.api.post(
                "/api/v1/duty/rule-sets",
                headers=county.login("zjj", role=Role.HANDLING_UNIT, unit_id=str(uuid.uuid4())),
                json=_rule_set(reception_points=9),
            ).status_code,
        }

        by_item = {row["item"]: row["entry_id"] for row in ledger}
        mine = [row["entry_id"] for row in ledger]
        out_of_order = county.api.post(
            "/api/v1/duty/reviews",
            headers=county.staff,
            json={**year, "deputy_id": lead, "stage": "county", "verdict": "confirmed", "entry_ids": mine},
        )
        confirmed = county.api.post(
            "/api/v1/duty/reviews",
            headers=deputy,
            json={**year, "deputy_id": lead, "stage": "self", "verdict": "confirmed", "entry_ids": mine},
        )
        disputed = county.api.post(
            "/api/v1/duty/reviews",
            headers=township,
            json={
                **year,
                "deputy_id": lead,
                "stage": "group",
                "verdict": "disputed",
                "entry_ids": [by_item["opinion_taken"]],
                "note": "意见登记人与签到不符",
            },
        )
        not_hers = county.api.post(
            "/api/v1/duty/reviews",
            headers=township,
            json={**year, "deputy_id": other, "stage": "self", "verdict": "confirmed", "entry_ids": mine},
        )
        after_review = county.api.get(
            "/api/v1/duty/points", headers=county.staff, params={**year, "wait_for": disputed.json()["event_ids"][0]}
        )
        # A corrected rule set for the same year: the year is scored again, the old version still on request.
        _publish(county, _rule_set(reception_points=4))
        rescored = eventually(
            lambda: county.api.get("/api/v1/duty/points", headers=county.staff, params=year).json(),
            until=lambda body: body["rule_version"] == 2,
        )
        under_first = county.api.get("/api/v1/duty/points", headers=county.staff, params={**year, "rule_version": 1})
        profile = county.api.get(f"/api/v1/deputies/{lead}/profile", headers=county.staff).json()
        reports = county.api.get(
            "/api/v1/duty/reports-to-voters", headers=county.staff, params={**year, "first_year": _today().year - 1}
        ).json()

    assert _items(ledger) == [
        "opinion_taken",
        "report_to_voters",
        "standing_meeting",
        "station_reception",
        "suggestion_led",
    ]
    assert _items(other_ledger) == ["leave", "station_reception", "suggestion_co_signed"]
    assert {row["title"] for row in ledger} >= {"十一月接待日", "关于东门路路灯维修的建议", "东门社区选民述职会"}
    totals = {row["deputy_id"]: (row["total"], row["grade"]) for row in points["deputies"]}
    assert totals == {lead: (23, "excellent"), other: (3, "incompetent")}
    assert [row["deputy_id"] for row in points["talk_list"]] == [other]
    assert refused == {"another township": 403, "another deputy": 403, "unit publishes rules": 403}

    assert out_of_order.status_code == 409 and out_of_order.json()["error"]["code"] == "REVIEW_OUT_OF_ORDER"
    assert confirmed.status_code == 201 and disputed.status_code == 201, (confirmed.text, disputed.text)
    assert not_hers.status_code == 403
    assert {row["deputy_id"]: row["total"] for row in after_review.json()["deputies"]}[lead] == 22
    assert {row["deputy_id"]: row["total"] for row in rescored["deputies"]} == {lead: 24, other: 5}
    assert {row["deputy_id"]: row["total"] for row in under_first.json()["deputies"]} == {lead: 22, other: 3}

    assert profile["receptions_attended"] == 1
    [this_year] = profile["points_history"]
    assert (this_year["total"], this_year["grade_label"], this_year["rule_version"]) == (24, "优秀", 2)
    assert [s["title"] for s in profile["suggestions"]] == ["关于东门路路灯维修的建议"]
    statuses = {row["deputy_id"]: row["status"] for row in reports["deputies"]}
    assert statuses[lead] == "reported" and statuses[other] == "late", "not reported by the term's last year"

    live = _dump(day.county)
    runner = next(r for r in day.county.runners() if r.projection.name == DUTY_LEDGER.name)
    assert runner.rebuild() > 0
    assert _dump(day.county) == live
