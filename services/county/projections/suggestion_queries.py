"""Queries over the suggestion tracking read model: the tracking list, one case with its timeline, the figures.

Deadline colours (三色督办) are computed when asked, against a given day, from the due date the case is
running against: assignment (between sessions), the reply, or the second reply after 不满意.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, Select, or_, select

from services.county.domain.suggestion_rules import CATEGORY_LABELS
from services.county.projections.roster import deputies
from services.county.projections.suggestions import suggestion_units, suggestions, timeline
from shared.readmodel.keyset import Keyset, PageRequest, RowPage

WARNING_DAYS = 10

_DUE_BY_STATUS = {
    "submitted": "assign_due",
    "accepted": "assign_due",
    "registered": "assign_due",
    "returned": "assign_due",
    "assigned": "reply_due",
    "rehandling": "second_reply_due",
}


def current_due(row: dict[str, Any]) -> date | None:
    """The due date a case runs against in its state; None when no clock runs (answered, finished)."""
    column = _DUE_BY_STATUS.get(row["status"])
    return row[column] if column else None


def deadline_colour(*, due: date | None, today: date) -> str:
    """三色督办: red past due, yellow within 10 days of it, green in time; grey when no clock runs."""
    if due is None:
        return "grey"
    if today > due:
        return "red"
    if today >= due - timedelta(days=WARNING_DAYS):
        return "yellow"
    return "green"


@dataclass(frozen=True)
class TrackingFilter:
    """What the tracking list is narrowed to; the caller's own scope is applied on top."""

    status: str | None = None
    category: str | None = None
    is_key: bool | None = None
    unit_id: UUID | None = None
    deputy_id: UUID | None = None
    colour: str | None = None
    year: int | None = None


def _cases() -> Select[Any]:
    """Suggestion rows with the lead deputy's name from the roster."""
    return select(suggestions, deputies.c.name.label("lead_deputy_name")).outerjoin(
        deputies, deputies.c.deputy_id == suggestions.c.lead_deputy_id
    )


def _assigned_to(unit_id: UUID) -> Any:
    """The suggestions a unit holds now, as lead or co-unit."""
    return suggestions.c.suggestion_id.in_(
        select(suggestion_units.c.suggestion_id).where(
            suggestion_units.c.unit_id == unit_id, suggestion_units.c.active.is_(True)
        )
    )


def _decorated(row: dict[str, Any], *, today: date) -> dict[str, Any]:
    """A row as callers read it: id lists decoded, the running due date and its colour against today."""
    row["co_signer_ids"] = [UUID(s) for s in json.loads(row["co_signer_ids"])]
    row["co_unit_ids"] = [UUID(u) for u in json.loads(row["co_unit_ids"])]
    row["current_due"] = current_due(row)
    row["colour"] = deadline_colour(due=row["current_due"], today=today)
    row["overdue"] = row["colour"] == "red"
    return row


TRACKING_ORDER = Keyset("county.suggestions", (suggestions.c.submitted_at, suggestions.c.suggestion_id))
"""The tracking list's order: as submitted, oldest first."""


def _tracked(*, within: str, only: TrackingFilter, for_unit: UUID | None, for_deputy: UUID | None) -> Select[Any]:
    """The cases a caller may see (inside a region prefix, or assigned to a unit, or a deputy's own), filtered."""
    query = _cases()
    if for_unit is not None:
        query = query.where(_assigned_to(for_unit))
    else:
        query = query.where(suggestions.c.region_code.startswith(within))
    if for_deputy is not None:
        query = query.where(
            or_(
                suggestions.c.lead_deputy_id == for_deputy,
                suggestions.c.co_signer_ids.contains(f'"{for_deputy}"', autoescape=True),
            )
        )
    if only.unit_id is not None:
        query = query.where(_assigned_to(only.unit_id))
    for column, value in (
        (suggestions.c.status, only.status),
        (suggestions.c.category, only.category),
        (suggestions.c.is_key, only.is_key),
        (suggestions.c.lead_deputy_id, only.deputy_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if only.year is not None:
        query = query.where(suggestions.c.received_on.between(date(only.year, 1, 1), date(only.year, 12, 31)))
    return query


def _shown(only: TrackingFilter, *, today: date) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
    """A row as listed, or None when its colour (computed against today) is not the one asked for."""

    def shape(row: dict[str, Any]) -> dict[str, Any] | None:
        row = _decorated(row, today=today)
        return row if only.colour is None or row["colour"] == only.colour else None

    return shape


def tracking_list(
    engine: Engine,
    *,
    within: str,
    today: date,
    only: TrackingFilter = TrackingFilter(),
    for_unit: UUID | None = None,
    for_deputy: UUID | None = None,
) -> list[dict[str, Any]]:
    """Suggestions inside a region prefix (or assigned to a unit, or a deputy's own), with colour and overdue."""
    query = _tracked(within=within, only=only, for_unit=for_unit, for_deputy=for_deputy)
    shape = _shown(only, today=today)
    with engine.connect() as connection:
        rows = [shape(dict(row)) for row in connection.execute(query.order_by(*TRACKING_ORDER.order_by())).mappings()]
    return [row for row in rows if row is not None]


def tracking_page(
    engine: Engine,
    *,
    within: str,
    today: date,
    page: PageRequest,
    only: TrackingFilter = TrackingFilter(),
    for_unit: UUID | None = None,
    for_deputy: UUID | None = None,
) -> RowPage:
    """One page of the tracking list, in the order of `tracking_list`."""
    query = _tracked(within=within, only=only, for_unit=for_unit, for_deputy=for_deputy)
    with engine.connect() as connection:
        return TRACKING_ORDER.read_page(connection, query, page, shape=_shown(only, today=today))


def get_suggestion(engine: Engine, *, suggestion_id: UUID, today: date) -> dict[str, Any] | None:
    """One case with its units and its full timeline (who did what, when)."""
    with engine.connect() as connection:
        row = connection.execute(_cases().where(suggestions.c.suggestion_id == suggestion_id)).mappings().first()
        if row is None:
            return None
        steps = connection.execute(
            select(timeline).where(timeline.c.suggestion_id == suggestion_id).order_by(timeline.c.version)
        ).mappings()
        case = _decorated(dict(row), today=today)
        case["timeline"] = [{**dict(step), "payload": json.loads(step["payload"])} for step in steps]
    case["units"] = list(units_of(engine, suggestion_id=suggestion_id).values())
    return case


def units_of(engine: Engine, *, suggestion_id: UUID) -> dict[UUID, dict[str, Any]]:
    """The units a suggestion is or was assigned to, by unit id."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(suggestion_units).where(suggestion_units.c.suggestion_id == suggestion_id)
        ).mappings()
        return {row["unit_id"]: dict(row) for row in rows}


GROUPINGS: dict[str, Callable[[dict[str, Any]], tuple[str, str]]] = {
    "unit": lambda row: (str(row["lead_unit_id"] or ""), row["lead_unit_name"] or "（退回待重新交办）"),
    "category": lambda row: (row["category"] or "", CATEGORY_LABELS.get(row["category"], row["category"] or "")),
    "vice_governor": lambda row: (row["vice_governor"] or "", row["vice_governor"] or "（未填分管领导）"),
    "deputy": lambda row: (str(row["lead_deputy_id"]), row["lead_deputy_name"] or ""),
}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def count_figures(rows: Iterable[dict[str, Any]], *, today: date) -> dict[str, Any]:
    """The counted figures of README "建议办理的统计口径" over some assigned suggestions."""
    rows = list(rows)
    replied = [r for r in rows if r["first_replied_on"] is not None]
    rated = [r for r in rows if r["final_rating"] is not None]
    figures = {
        "assigned": len(rows),
        "key_suggestions": sum(1 for r in rows if r["is_key"]),
        "in_handling": sum(1 for r in rows if r["status"] in ("assigned", "rehandling")),
        "replied": len(replied),
        "replied_on_time": sum(1 for r in replied if r["first_reply_on_time"]),
        "overdue": sum(1 for r in rows if deadline_colour(due=current_due(r), today=today) == "red"),
        "met": sum(1 for r in rows if r["met_deputy"]),
        "rated": len(rated),
        "satisfied": sum(1 for r in rated if r["final_rating"] == "satisfied"),
        "basically_satisfied": sum(1 for r in rated if r["final_rating"] == "basically_satisfied"),
        "unsatisfied": sum(1 for r in rated if r["final_rating"] == "unsatisfied"),
        "rehandled": sum(1 for r in rows if r["rehandled"]),
        "implemented": sum(1 for r in replied if r["implemented"]),
        "closed": sum(1 for r in rows if r["status"] == "closed"),
        "returned": sum(r["returned_count"] for r in rows),
        "extended": sum(1 for r in rows if r["extension_months"]),
        "proxy_signed": sum(1 for r in rows if r["proxy_signed"]),
        "supervisions": sum(r["supervision_count"] for r in rows),
    }
    figures.update(
        reply_rate=_rate(figures["replied"], figures["assigned"]),
        on_time_rate=_rate(figures["replied_on_time"], figures["replied"]),
        meeting_rate=_rate(figures["met"], figures["assigned"]),
        satisfaction_rate=_rate(figures["satisfied"], figures["rated"]),
        basic_satisfaction_rate=_rate(figures["basically_satisfied"], figures["rated"]),
        implementation_rate=_rate(figures["implemented"], figures["replied"]),
    )
    return figures


def assigned_rows(engine: Engine, *, within: str, year: int | None = None) -> list[dict[str, Any]]:
    """Every suggestion inside the prefix that has been assigned at least once, with its lead deputy's name."""
    query = (
        _cases()
        .where(suggestions.c.region_code.startswith(within), suggestions.c.assigned_on.is_not(None))
        .order_by(suggestions.c.number, suggestions.c.suggestion_id)
    )
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(query).mappings()]
    return [row for row in rows if year is None or row["received_on"].year == year]


def figures_by(engine: Engine, *, within: str, by: str, today: date, year: int | None = None) -> list[dict[str, Any]]:
    """The figures per unit, category, vice-governor or deputy, largest first, with a total row last."""
    rows = assigned_rows(engine, within=within, year=year)
    key_of = GROUPINGS[by]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(key_of(row), []).append(row)
    result = [
        {"key": key, "label": label, **count_figures(members, today=today)} for (key, label), members in groups.items()
    ]
    result.sort(key=lambda figure: (-figure["assigned"], figure["label"]))
    result.append({"key": "total", "label": "合计", **count_figures(rows, today=today)})
    return result
