"""Queries over the duty ledger: a deputy's entries, a year's points and grades, the talk and
non-renomination lists, who is due to report to voters, and the data of a deputy's profile page.

Points are scored here, when asked, from the counted entries and the rule set in force for the year.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, Select, and_, func, or_, select

from services.county.domain.points import GRADE_LABELS, RuleSet, rule_in_force, score
from services.county.domain.points import rule_version as points_rule_version
from services.county.projections.duty_ledger import ledger, reviews, rule_sets
from services.county.projections.roster import DeputyStatus, deputies
from services.county.projections.suggestion_queries import tracking_list
from shared.events.catalog.duty import LedgerItem, PointsRuleSetPublished
from shared.readmodel.keyset import Keyset, PageRequest, RowPage

ITEM_LABELS: dict[LedgerItem, str] = {
    LedgerItem.CONGRESS_SESSION: "出席人代会",
    LedgerItem.STANDING_MEETING: "列席常委会会议",
    LedgerItem.STATION_RECEPTION: "进站接待选民",
    LedgerItem.INSPECTION: "视察",
    LedgerItem.SURVEY: "调研",
    LedgerItem.TRAINING: "学习培训",
    LedgerItem.GROUP_ACTIVITY: "代表小组活动",
    LedgerItem.REPORT_TO_VOTERS: "向选民述职",
    LedgerItem.OPINION_TAKEN: "收集群众意见",
    LedgerItem.SUGGESTION_LED: "领衔提出建议",
    LedgerItem.SUGGESTION_CO_SIGNED: "附议建议",
    LedgerItem.RATING_GIVEN: "建议办理测评",
    LedgerItem.ON_SITE_CHECK: "实地察看建议办理",
    LedgerItem.LEAVE: "请假",
}

_COUNTS = or_(reviews.c.verdict.is_(None), reviews.c.verdict != "disputed")
_REVIEWED = ledger.outerjoin(reviews, reviews.c.entry_id == ledger.c.entry_id)


def published_rule_sets(engine: Engine, *, county: str) -> list[RuleSet]:
    """Every published version of a county's rule set, oldest first."""
    query = select(rule_sets.c.payload).where(rule_sets.c.county_region_code == county)
    with engine.connect() as connection:
        payloads = [PointsRuleSetPublished.model_validate_json(row.payload) for row in connection.execute(query)]
    return sorted((RuleSet.of(payload) for payload in payloads), key=lambda rules: rules.version)


def _covered(published: Iterable[RuleSet], year: int) -> bool:
    """True when some published version is in force for the year."""
    return any(rules.effective_from_year <= year for rules in published)


def _rules_for(engine: Engine, *, county: str, year: int, rule_version: int | None) -> RuleSet:
    published = published_rule_sets(engine, county=county)
    return rule_in_force(published, year) if rule_version is None else points_rule_version(published, rule_version)


def _serving(connection: Connection, *, within: str, first_year: int, last_year: int) -> list[dict[str, Any]]:
    """Deputies resident inside the prefix who were in office at some time in the years given."""
    query = (
        select(deputies.c.deputy_id, deputies.c.name, deputies.c.level, deputies.c.resident_region_code)
        .where(
            deputies.c.resident_region_code.startswith(within),
            func.extract("year", deputies.c.elected_on) <= last_year,
            or_(
                deputies.c.status == DeputyStatus.SERVING.value,
                func.extract("year", deputies.c.left_on) >= first_year,
            ),
        )
        .order_by(deputies.c.name, deputies.c.deputy_id)
    )
    return [dict(row) for row in connection.execute(query).mappings()]


def _counts(
    connection: Connection, *, years: Iterable[int], deputy_ids: Iterable[UUID]
) -> dict[int, dict[UUID, Counter[LedgerItem]]]:
    """What each deputy's counted, undisputed entries add up to, by year and item, in one query."""
    query = (
        select(ledger.c.year, ledger.c.deputy_id, ledger.c.item, func.count())
        .select_from(_REVIEWED)
        .where(
            ledger.c.year.in_(list(years)),
            ledger.c.counted.is_(True),
            _COUNTS,
            ledger.c.deputy_id.in_(list(deputy_ids)),
        )
        .group_by(ledger.c.year, ledger.c.deputy_id, ledger.c.item)
    )
    counts: dict[int, dict[UUID, Counter[LedgerItem]]] = {}
    for year, deputy_id, item, count in connection.execute(query):
        counts.setdefault(year, {}).setdefault(deputy_id, Counter())[LedgerItem(item)] = count
    return counts


def year_points(
    engine: Engine, *, within: str, county: str, year: int, rule_version: int | None = None
) -> dict[str, Any]:
    """A year's points under the rule set in force for it, or under the version asked for."""
    rules = _rules_for(engine, county=county, year=year, rule_version=rule_version)
    return score_year(engine, within=within, year=year, rules=rules)


def score_year(engine: Engine, *, within: str, year: int, rules: RuleSet) -> dict[str, Any]:
    """Every serving deputy's points for a year by category, the total and grade; the talk list (约谈)."""
    with engine.connect() as connection:
        people = _serving(connection, within=within, first_year=year, last_year=year)
        counts = _counts(connection, years=[year], deputy_ids=[person["deputy_id"] for person in people]).get(year, {})
    rows = []
    for person in people:
        scored = score(counts.get(person["deputy_id"], Counter()), rules)
        rows.append(
            {
                **person,
                "points_by_category": scored.by_category,
                "total": scored.total,
                "grade": scored.grade.value,
                "grade_label": GRADE_LABELS[scored.grade],
            }
        )
    rows.sort(key=lambda row: (-row["total"], row["name"], str(row["deputy_id"])))
    return {
        "year": year,
        "rule_version": rules.version,
        "rule_name": rules.name,
        "categories": [{"code": category.code, "name": category.name} for category in rules.categories],
        "deputies": rows,
        "grade_counts": {grade.value: sum(1 for row in rows if row["grade"] == grade.value) for grade in GRADE_LABELS},
        "talk_below": rules.talk_below,
        "talk_list": [row for row in rows if row["total"] < rules.talk_below],
    }


def non_renomination(engine: Engine, *, within: str, county: str, first_year: int, last_year: int) -> dict[str, Any]:
    """Deputies whose average yearly points over a term fall below the line of the rule set in force at its end.

    Each year is scored under its own rule set in force; a year no rule set covers is left out.
    """
    published = published_rule_sets(engine, county=county)
    line = rule_in_force(published, last_year).non_renomination_below
    years = [year for year in range(first_year, last_year + 1) if _covered(published, year)]
    with engine.connect() as connection:
        people = _serving(connection, within=within, first_year=first_year, last_year=last_year)
        counts = _counts(connection, years=years, deputy_ids=[person["deputy_id"] for person in people])
    totals = {
        year: {
            deputy_id: score(counted, rule_in_force(published, year)).total
            for deputy_id, counted in counts.get(year, {}).items()
        }
        for year in years
    }
    rows = []
    for person in people:
        yearly = {str(year): totals[year].get(person["deputy_id"], 0.0) for year in years}
        average = round(sum(yearly.values()) / len(yearly), 2) if yearly else 0.0
        rows.append({**person, "yearly": yearly, "average": average})
    return {
        "first_year": first_year,
        "last_year": last_year,
        "years_scored": years,
        "line": line,
        "below": sorted((row for row in rows if row["average"] < line), key=lambda row: (row["average"], row["name"])),
    }


def reports_to_voters(engine: Engine, *, within: str, year: int, first_year: int, last_year: int) -> dict[str, Any]:
    """述职: a quarter of deputies a year, each at least once a term — who has reported, who is due, who is late.

    A deputy who has not reported is late from the last year of the term on, and due before it.
    `expected_by_now` is what a quarter a year adds up to by the end of `year`.
    """
    with engine.connect() as connection:
        people = _serving(connection, within=within, first_year=year, last_year=year)
        query = (
            select(ledger.c.deputy_id, ledger.c.occurred_on)
            .select_from(_REVIEWED)
            .where(
                ledger.c.item == LedgerItem.REPORT_TO_VOTERS.value,
                ledger.c.counted.is_(True),
                _COUNTS,
                and_(ledger.c.year >= first_year, ledger.c.year <= last_year),
            )
        )
        reports: dict[UUID, list[date]] = {}
        for deputy_id, occurred_on in connection.execute(query):
            reports.setdefault(deputy_id, []).append(occurred_on)
    rows = []
    for person in people:
        dates = sorted(day for day in reports.get(person["deputy_id"], []) if day.year <= year)
        status = "reported" if dates else ("late" if year >= last_year else "due")
        rows.append(
            {
                **person,
                "reports_in_term": len(dates),
                "last_reported_on": dates[-1] if dates else None,
                "reported_this_year": any(day.year == year for day in dates),
                "status": status,
            }
        )
    quota = math.ceil(len(rows) / 4)
    reported = sum(1 for row in rows if row["status"] == "reported")
    expected = min(len(rows), quota * max(0, min(year, last_year) - first_year + 1))
    return {
        "year": year,
        "term": {"first_year": first_year, "last_year": last_year},
        "deputies_in_office": len(rows),
        "yearly_quota": quota,
        "reported_this_year": sum(1 for row in rows if row["reported_this_year"]),
        "reported_in_term": reported,
        "reported_share": round(reported / len(rows), 4) if rows else None,
        "expected_by_now": expected,
        "shortfall": max(0, expected - reported),
        "deputies": rows,
        "due": [row for row in rows if row["status"] == "due"],
        "late": [row for row in rows if row["status"] == "late"],
    }


LEDGER_ORDER = Keyset(
    "county.duty_ledger", (ledger.c.occurred_on, ledger.c.entry_id), descending=frozenset({"occurred_on"})
)
"""A deputy's ledger order: newest first."""


def _entries_of(deputy_id: UUID, year: int | None) -> Select[Any]:
    query = (
        select(ledger, reviews.c.stage.label("review_stage"), reviews.c.verdict.label("review_verdict"))
        .select_from(_REVIEWED)
        .where(ledger.c.deputy_id == deputy_id)
    )
    return query if year is None else query.where(ledger.c.year == year)


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    row["item_label"] = ITEM_LABELS[LedgerItem(row["item"])]
    return row


def ledger_of(engine: Engine, *, deputy_id: UUID, year: int | None = None) -> list[dict[str, Any]]:
    """A deputy's entries, newest first, each with its label and where its review stands."""
    query = _entries_of(deputy_id, year).order_by(*LEDGER_ORDER.order_by())
    with engine.connect() as connection:
        return [_labelled(dict(row)) for row in connection.execute(query).mappings()]


def ledger_page(engine: Engine, *, deputy_id: UUID, page: PageRequest, year: int | None = None) -> RowPage:
    """One page of a deputy's entries, in the order of `ledger_of`."""
    with engine.connect() as connection:
        return LEDGER_ORDER.read_page(connection, _entries_of(deputy_id, year), page, shape=_labelled)


def deputy_profile(engine: Engine, *, deputy_id: UUID, county: str, today: date) -> dict[str, Any] | None:
    """What a deputy's 履职档案 page shows: who they are, the ledger, points by category and grade per year."""
    with engine.connect() as connection:
        person = connection.execute(select(deputies).where(deputies.c.deputy_id == deputy_id)).mappings().first()
    if person is None:
        return None
    entries = ledger_of(engine, deputy_id=deputy_id)
    published = published_rule_sets(engine, county=county)
    scored_years = [year for year in sorted({entry["year"] for entry in entries}) if _covered(published, year)]
    with engine.connect() as connection:
        counts = _counts(connection, years=scored_years, deputy_ids=[deputy_id])
    history = []
    for year in scored_years:
        rules = rule_in_force(published, year)
        scored = score(counts.get(year, {}).get(deputy_id, Counter()), rules)
        history.append(
            {
                "year": year,
                "rule_version": rules.version,
                "points_by_category": [
                    {"code": c.code, "name": c.name, "points": scored.by_category[c.code]} for c in rules.categories
                ],
                "total": scored.total,
                "grade": scored.grade.value,
                "grade_label": GRADE_LABELS[scored.grade],
            }
        )
    items = Counter(LedgerItem(entry["item"]) for entry in entries if entry["counted"])
    return {
        "deputy": dict(person),
        "entries": entries,
        "entries_by_item": {item.value: items[item] for item in LedgerItem if items[item]},
        "receptions_attended": items[LedgerItem.STATION_RECEPTION],
        "points_history": history,
        "suggestions": tracking_list(engine, within="", today=today, for_deputy=deputy_id),
    }
