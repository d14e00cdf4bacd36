"""Deputies' work at a region's stations: visits, participation by deputy type, and who is short of visits.

Every deputy has exactly one type — 职务代表, else 公职人员, else 其他 — so the shares add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, func, select

from shared.events.catalog.county import DeputyLevel
from shared.figures.station_work import attachments, attendance, deputies, receptions

DEPUTY_TYPES = ("leading_office", "public_servant", "other")
VISITS_REQUIRED_PER_YEAR = 2


def check_ins(connection: Connection, station_ids: Sequence[UUID], *, start: date, end: date) -> list[dict[str, Any]]:
    """Check-ins and leaves at activities held (or, if not recorded as held, scheduled) in the range."""
    on = func.coalesce(receptions.c.held_on, receptions.c.scheduled_on)
    query = (
        select(attendance.c.station_id, attendance.c.deputy_id, attendance.c.status, on.label("visited_on"))
        .select_from(attendance.join(receptions, receptions.c.reception_id == attendance.c.reception_id))
        .where(attendance.c.station_id.in_(station_ids), on.between(start, end))
    )
    return [dict(row) for row in connection.execute(query).mappings()]


def attachments_of(connection: Connection, station_ids: Sequence[UUID]) -> list[dict[str, Any]]:
    query = select(attachments).where(attachments.c.station_id.in_(station_ids))
    return [dict(row) for row in connection.execute(query).mappings()]


def deputies_by_id(connection: Connection, deputy_ids: set[UUID]) -> dict[UUID, dict[str, Any]]:
    query = select(deputies).where(deputies.c.deputy_id.in_(deputy_ids))
    return {row["deputy_id"]: dict(row) for row in connection.execute(query).mappings()}


def deputy_type(deputy: dict[str, Any]) -> str:
    """职务代表, else 公职人员, else 其他."""
    if deputy.get("holds_leading_office"):
        return "leading_office"
    if deputy.get("is_public_servant"):
        return "public_servant"
    return "other"


def _per_mille(part: int, whole: int) -> int:
    """part/whole in ‰, rounded half up, in integers so reports stay exact; 0 when there is no whole."""
    return (2000 * part + whole) // (2 * whole) if whole else 0


def deputies_work(
    *,
    attached: list[dict[str, Any]],
    known: dict[UUID, dict[str, Any]],
    presence: list[dict[str, Any]],
    start: date,
    end: date,
) -> tuple[dict[str, dict[str, int]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Participation by deputy type, each deputy's visits in the range, and county deputies short of two a year."""
    year_start = date(end.year, 1, 1)
    # The region's deputies: those attached to its stations (the county's roster says of what type).
    roster = {row["deputy_id"]: known.get(row["deputy_id"], {}) for row in attached}
    visits: dict[UUID, int] = {}
    visits_in_year: dict[UUID, int] = {}
    for row in presence:
        if row["status"] != "checked_in":
            continue
        if row["visited_on"] >= year_start:
            visits_in_year[row["deputy_id"]] = visits_in_year.get(row["deputy_id"], 0) + 1
        if start <= row["visited_on"] <= end:
            visits[row["deputy_id"]] = visits.get(row["deputy_id"], 0) + 1

    participation: dict[str, dict[str, int]] = {}
    for kind in (*DEPUTY_TYPES, "all"):
        members = [d for d, row in roster.items() if kind in ("all", deputy_type(row))]
        took_part = sum(1 for d in members if visits.get(d, 0) > 0)
        participation[kind] = {
            "attached": len(members),
            "participated": took_part,
            "permille": _per_mille(took_part, len(members)),
        }

    def _name(deputy_id: UUID) -> str:
        return str(known.get(deputy_id, {}).get("name") or "")

    deputy_visits = sorted(
        (
            {
                "deputy_id": deputy_id,
                "name": _name(deputy_id),
                "level": known.get(deputy_id, {}).get("level"),
                "attached": deputy_id in roster,
                "visits": visits.get(deputy_id, 0),
            }
            for deputy_id in {*roster, *visits}
        ),
        key=lambda row: (row["name"], str(row["deputy_id"])),
    )
    below = sorted(
        (
            {"deputy_id": deputy_id, "name": _name(deputy_id), "visits_in_year": visits_in_year.get(deputy_id, 0)}
            for deputy_id, row in roster.items()
            if row.get("level") == DeputyLevel.COUNTY.value
            and visits_in_year.get(deputy_id, 0) < VISITS_REQUIRED_PER_YEAR
        ),
        key=lambda row: (row["name"], str(row["deputy_id"])),
    )
    return participation, deputy_visits, below
