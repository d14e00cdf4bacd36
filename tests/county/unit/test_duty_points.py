"""Duty points (履职积分): a versioned rule set stored as data, scoring with caps, grades, and the rule in force."""

from __future__ import annotations

from collections import Counter

import pytest

from services.county.domain.points import (
    Grade,
    InvalidPointsRuleSetError,
    NoPointsRuleSetError,
    PointsRuleSet,
    RuleSet,
    score,
)
from shared.events.catalog.duty import LedgerItem, PointsCategory, PointsItem
from tests.support.context import context

COUNTY = "410327000000"
L = LedgerItem


def _categories(*, reception_points: float = 2.0) -> tuple[PointsCategory, ...]:
    return (
        PointsCategory(
            code="meetings",
            name="参加会议",
            items=[
                PointsItem(item=L.CONGRESS_SESSION, points=10),
                PointsItem(item=L.STANDING_MEETING, points=5, cap=20),
            ],
            cap=30,
        ),
        PointsCategory(
            code="voters",
            name="联系群众",
            items=[
                PointsItem(item=L.STATION_RECEPTION, points=reception_points, cap=24),
                PointsItem(item=L.REPORT_TO_VOTERS, points=10),
                PointsItem(item=L.LEAVE, points=-1, cap=5),
            ],
        ),
        PointsCategory(code="suggestions", name="提出建议", items=[PointsItem(item=L.SUGGESTION_LED, points=5)]),
    )


def _published(*versions: tuple[int, float]) -> PointsRuleSet:
    rules = PointsRuleSet.start(county_region_code=COUNTY)
    for year, reception_points in versions:
        rules.publish(
            name=f"履职积分办法（{year}）",
            effective_from_year=year,
            categories=_categories(reception_points=reception_points),
            excellent_from=60,
            competent_from=30,
            talk_below=20,
            non_renomination_below=25,
            region_code=COUNTY,
            ctx=context(),
        )
    return rules


def _first(rules: PointsRuleSet) -> RuleSet:
    return rules.versions[0]


def test_points_are_counts_times_item_points_within_item_and_category_caps() -> None:
    counts = Counter({L.CONGRESS_SESSION: 2, L.STANDING_MEETING: 6, L.STATION_RECEPTION: 15, L.LEAVE: 8})

    scored = score(counts, _first(_published((2025, 2.0))))

    # meetings: 2×10 + min(6×5, 20) = 40, capped at 30; voters: min(15×2, 24) − min(8×1, 5) = 19
    assert scored.by_category == {"meetings": 30, "voters": 19, "suggestions": 0}
    assert scored.total == 49
    assert scored.grade is Grade.COMPETENT


@pytest.mark.parametrize(
    ("counts", "total", "grade"),
    [
        (
            {L.CONGRESS_SESSION: 2, L.STANDING_MEETING: 4, L.STATION_RECEPTION: 12, L.REPORT_TO_VOTERS: 1},
            64,
            Grade.EXCELLENT,
        ),
        ({L.STATION_RECEPTION: 12, L.SUGGESTION_LED: 2}, 34, Grade.COMPETENT),
        ({L.STATION_RECEPTION: 3, L.LEAVE: 1}, 5, Grade.INCOMPETENT),
    ],
)
def test_the_grade_follows_the_lines_of_the_rule_set(counts: dict[LedgerItem, int], total: float, grade: Grade) -> None:
    scored = score(Counter(counts), _first(_published((2025, 2.0))))

    assert (scored.total, scored.grade) == (total, grade)


def test_a_grade_line_is_met_at_exactly_its_points() -> None:
    rules = _first(_published((2025, 2.0)))

    assert rules.grade(60) is Grade.EXCELLENT and rules.grade(59.99) is Grade.COMPETENT
    assert rules.grade(30) is Grade.COMPETENT and rules.grade(29.5) is Grade.INCOMPETENT


def test_items_the_rule_set_does_not_name_score_nothing() -> None:
    assert score(Counter({L.RATING_GIVEN: 9}), _first(_published((2025, 2.0)))).total == 0


def test_the_rule_in_force_is_the_latest_starting_year_not_after_the_year_and_the_later_version_of_a_year() -> None:
    rules = _published((2024, 1.0), (2026, 3.0), (2025, 2.0), (2025, 4.0))

    assert [rules.in_force(year).version for year in (2024, 2025, 2026, 2027)] == [1, 4, 2, 2]
    with pytest.raises(NoPointsRuleSetError):
        rules.in_force(2023)


def test_publishing_a_corrected_rule_set_for_a_past_year_rescores_that_year_only_and_deterministically() -> None:
    counts = Counter({L.STATION_RECEPTION: 10, L.SUGGESTION_LED: 2})
    rules = _published((2025, 2.0), (2026, 2.0))
    before = {year: score(counts, rules.in_force(year)).total for year in (2025, 2026)}

    rules.publish(
        name="履职积分办法（2025年更正）",
        effective_from_year=2025,
        categories=_categories(reception_points=1.5),
        excellent_from=60,
        competent_from=30,
        talk_below=20,
        non_renomination_below=25,
        region_code=COUNTY,
        ctx=context(),
    )
    after = {year: score(counts, rules.in_force(year)).total for year in (2025, 2026)}

    assert before == {2025: 30, 2026: 30}
    assert after == {2025: 25, 2026: 30}
    assert score(counts, rules.in_force(2025)) == score(counts, rules.in_force(2025))
    assert score(counts, rules.versions[0]).total == 30, "the superseded version still scores as it did"


def test_versions_are_numbered_in_order_and_recorded_with_their_rules() -> None:
    rules = _published((2025, 2.0), (2026, 3.0))

    events = rules.collect_events()

    assert [event.payload.rule_version for event in events] == [1, 2]
    assert events[1].payload.categories[1].items[0].points == 3.0
    assert events[0].aggregate_id == rules.id and events[0].region_code == COUNTY


@pytest.mark.parametrize(
    ("categories", "excellent_from", "field"),
    [
        (
            (
                PointsCategory(code="a", name="甲", items=[PointsItem(item=L.TRAINING, points=1)]),
                PointsCategory(code="b", name="乙", items=[PointsItem(item=L.TRAINING, points=2)]),
            ),
            60,
            "categories",
        ),
        (
            (
                PointsCategory(code="a", name="甲", items=[PointsItem(item=L.TRAINING, points=1)]),
                PointsCategory(code="a", name="乙", items=[PointsItem(item=L.SURVEY, points=2)]),
            ),
            60,
            "categories",
        ),
        ((PointsCategory(code="a", name="甲", items=[PointsItem(item=L.TRAINING, points=1)]),), 20, "excellent_from"),
    ],
    ids=["item twice", "category code twice", "excellent below competent"],
)
def test_an_inconsistent_rule_set_is_refused_and_records_nothing(
    categories: tuple[PointsCategory, ...], excellent_from: float, field: str
) -> None:
    rules = PointsRuleSet.start(county_region_code=COUNTY)

    with pytest.raises(InvalidPointsRuleSetError) as refused:
        rules.publish(
            name="错误的办法",
            effective_from_year=2026,
            categories=categories,
            excellent_from=excellent_from,
            competent_from=30,
            talk_below=20,
            non_renomination_below=25,
            region_code=COUNTY,
            ctx=context(),
        )

    assert refused.value.field == field
    assert rules.pending_events() == [] and rules.versions == []


def test_the_rule_set_of_a_county_has_one_id() -> None:
    assert PointsRuleSet.start(county_region_code=COUNTY).id == PointsRuleSet.start(county_region_code=COUNTY).id
    assert (
        PointsRuleSet.start(county_region_code="410328000000").id != PointsRuleSet.start(county_region_code=COUNTY).id
    )
