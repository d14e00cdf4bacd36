"""`renda points`: publishing a corrected rule set for a past year and rescoring it is one command, and
scoring the same ledger under the same version always gives the same table."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from renda.points import recompute
from services.county.application.duty import publish_points_rule_set, record_duty_activity
from services.county.application.duty_commands import PublishPointsRuleSet, RecordDutyActivity
from services.county.domain.deputy import Deputy
from services.county.projections.duty_ledger import ledger
from shared.events.catalog.duty import DutyActivityKind
from shared.runtime import ServiceRuntime
from tests.integration.conftest import count_rows
from tests.support.deputies import profile
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

COUNTY = "410327000000"


def _rules(*, meeting_points: float) -> dict[str, Any]:
    return {
        "name": f"履职积分办法（列席每次{meeting_points:g}分）",
        "effective_from_year": 2025,
        "categories": [
            {
                "code": "meetings",
                "name": "参加会议",
                "items": [{"item": "standing_meeting", "points": meeting_points}, {"item": "leave", "points": -1}],
            },
            {"code": "training", "name": "学习培训", "items": [{"item": "training", "points": 4}], "cap": 6},
        ],
        "excellent_from": 12,
        "competent_from": 6,
        "talk_below": 5,
        "non_renomination_below": 5,
    }


def _totals(table: dict[str, Any]) -> dict[str, float]:
    return {row["name"]: row["total"] for row in table["deputies"]}


def test_a_corrected_rule_set_rescores_a_past_year_in_one_command(
    make_runtime: Callable[[str], ServiceRuntime], tmp_path: Path
) -> None:
    county = make_runtime("county")
    names = ("甲代表", "乙代表", "丙代表")
    deputies = {}
    for name in names:
        deputy = Deputy.elect(
            deputy_id=county.commands.new_id(), profile=profile(name=name), ctx=county.commands.context(actor="test")
        )
        county.store.save(deputy)
        deputies[name] = deputy.id
    meetings = [
        (date(2025, 3, 1), ("甲代表", "乙代表"), ("丙代表",)),
        (date(2025, 6, 1), ("甲代表",), ("乙代表",)),
        (date(2026, 3, 1), ("甲代表", "乙代表", "丙代表"), ()),
    ]
    for held_on, attended, excused in meetings:
        activity = RecordDutyActivity(
            kind=DutyActivityKind.STANDING_MEETING,
            title=f"常委会会议（{held_on}）",
            held_on=held_on,
            organiser="县人大常委会办公室",
            attended=tuple(deputies[n] for n in attended),
            excused=tuple(deputies[n] for n in excused),
        )
        record_duty_activity(county.commands, actor="test", activity=activity, region_code=COUNTY)
    training = RecordDutyActivity(
        kind=DutyActivityKind.TRAINING,
        title="履职培训",
        held_on=date(2025, 9, 1),
        organiser="县人大常委会选任联工委",
        attended=(deputies["丙代表"], deputies["丙代表"]),
    )
    record_duty_activity(county.commands, actor="test", activity=training, region_code=COUNTY)
    publish_points_rule_set(
        county.commands,
        actor="test",
        county_region_code=COUNTY,
        draft=PublishPointsRuleSet.model_validate(_rules(meeting_points=5)),
    )
    corrected = tmp_path / "rules.json"
    corrected.write_text(json.dumps(_rules(meeting_points=8), ensure_ascii=False), encoding="utf-8")

    with running(county):
        eventually(lambda: count_rows(county, ledger), until=lambda rows: rows == 9)
        before = recompute(county, county=COUNTY, year=2025)
        after = recompute(county, county=COUNTY, year=2025, rules_file=corrected)
        again = recompute(county, county=COUNTY, year=2025)
        under_first = recompute(county, county=COUNTY, year=2025, rule_version=1)
        next_year = recompute(county, county=COUNTY, year=2026)

    assert _totals(before.table) == {"甲代表": 10, "乙代表": 4, "丙代表": 3}
    assert _totals(after.table) == {"甲代表": 16, "乙代表": 7, "丙代表": 3}
    assert (after.table["rule_version"], again.table) == (2, after.table)
    assert under_first.table == before.table
    assert {row["name"]: row["grade"] for row in after.table["deputies"]} == {
        "甲代表": "excellent",
        "乙代表": "competent",
        "丙代表": "incompetent",
    }
    assert [row["name"] for row in after.table["talk_list"]] == ["丙代表"]
    assert _totals(next_year.table) == {"甲代表": 8, "乙代表": 8, "丙代表": 8}
