"""Queries over the station ledgers. "Overdue" is computed here against a given day, never stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, Select, and_, case, func, select

from services.station.projections.ledger import attendance, opinions, outcomes, receptions
from services.station.projections.roster import known_deputies
from shared.calendar import WorkingDayCalendar
from shared.figures.station_month import month_bounds, month_summary
from shared.readmodel.keyset import Keyset, PageRequest, RowPage
from shared.readmodel.opinion_status import opinion_status

OPINION_ORDER = Keyset("station.opinions", (opinions.c.recorded_at, opinions.c.opinion_id))
"""建议意见记录's order: as recorded, oldest first."""
RECEPTION_ORDER = Keyset(
    "station.receptions", (receptions.c.scheduled_on, receptions.c.reception_id), descending=frozenset({"scheduled_on"})
)
"""活动记录's order: the latest scheduled day first."""


def _opinions_of(station_id: UUID) -> Select[Any]:
    return (
        select(
            opinions,
            outcomes.c.answer,
            outcomes.c.answered_by,
            outcomes.c.answered_on,
            outcomes.c.outcome,
            outcomes.c.outcome_reason,
        )
        .select_from(opinions.outerjoin(outcomes, outcomes.c.opinion_id == opinions.c.opinion_id))
        .where(opinions.c.station_id == station_id)
    )


def _handled(*, today: date) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """An opinion's row with its status as shown, and whether its answer is overdue on `today` or came in time."""

    def shape(row: dict[str, Any]) -> dict[str, Any]:
        row["status"] = opinion_status(
            handling=row["status"], answered=row["answer"] is not None, outcome=row["outcome"]
        )
        due = row["answer_due"]
        answered_on = row["answered_on"]
        row["overdue"] = due is not None and answered_on is None and today > due
        row["answered_in_time"] = due is not None and answered_on is not None and answered_on <= due
        return row

    return shape


def opinion_ledger(engine: Engine, *, station_id: UUID, today: date) -> list[dict[str, Any]]:
    """建议意见记录 and 交办/转办记录: every opinion with its handling, answer, and overdue state on `today`."""
    shape = _handled(today=today)
    query = _opinions_of(station_id).order_by(*OPINION_ORDER.order_by())
    with engine.connect() as connection:
        return [shape(dict(row)) for row in connection.execute(query).mappings()]


def opinion_page(engine: Engine, *, station_id: UUID, today: date, page: PageRequest) -> RowPage:
    """One page of `opinion_ledger`, in its order."""
    with engine.connect() as connection:
        return OPINION_ORDER.read_page(connection, _opinions_of(station_id), page, shape=_handled(today=today))


def _with_attendance(connection: Connection, *, station_id: UUID, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each activity with its topics, and who checked in and who was on leave."""
    if not rows:
        return rows
    present = connection.execute(
        select(attendance.c.reception_id, attendance.c.deputy_id, attendance.c.status, known_deputies.c.name)
        .select_from(attendance.outerjoin(known_deputies, known_deputies.c.deputy_id == attendance.c.deputy_id))
        .where(attendance.c.station_id == station_id, attendance.c.reception_id.in_([r["reception_id"] for r in rows]))
        .order_by(known_deputies.c.name)
    ).all()
    by_reception: dict[UUID, list[dict[str, Any]]] = {}
    for reception_id, deputy_id, status, name in present:
        by_reception.setdefault(reception_id, []).append({"deputy_id": deputy_id, "name": name or "", "status": status})
    for row in rows:
        row["topics"] = json.loads(row["topics"])
        row["deputies"] = by_reception.get(row["reception_id"], [])
    return rows


def reception_page(engine: Engine, *, station_id: UUID, page: PageRequest) -> RowPage:
    """活动记录, a page at a time: the activities, newest first, with who checked in and who was on leave."""
    with engine.connect() as connection:
        found = RECEPTION_ORDER.read_page(
            connection, select(receptions).where(receptions.c.station_id == station_id), page
        )
        return RowPage(
            rows=_with_attendance(connection, station_id=station_id, rows=found.rows), next_cursor=found.next_cursor
        )


def receptions_on(engine: Engine, *, station_id: UUID, day: date) -> list[dict[str, Any]]:
    """The activities scheduled on one day, in the order of the 活动记录."""
    query = (
        select(receptions)
        .where(receptions.c.station_id == station_id, receptions.c.scheduled_on == day)
        .order_by(*RECEPTION_ORDER.order_by())
    )
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(query).mappings()]
        return _with_attendance(connection, station_id=station_id, rows=rows)


def deputy_contacts(engine: Engine, *, station_id: UUID) -> list[dict[str, Any]]:
    """代表联系群众记录: each deputy's check-ins and leaves at this station."""
    query = (
        select(
            attendance.c.deputy_id,
            func.max(known_deputies.c.name).label("name"),
            func.sum(case((attendance.c.status == "checked_in", 1), else_=0)).label("check_ins"),
            func.sum(case((attendance.c.status == "on_leave", 1), else_=0)).label("leaves"),
        )
        .select_from(attendance.outerjoin(known_deputies, known_deputies.c.deputy_id == attendance.c.deputy_id))
        .where(attendance.c.station_id == station_id)
        .group_by(attendance.c.deputy_id)
        .order_by(func.max(known_deputies.c.name))
    )
    with engine.connect() as connection:
        return [
            {**dict(row), "name": row["name"] or "", "check_ins": int(row["check_ins"]), "leaves": int(row["leaves"])}
            for row in connection.execute(query).mappings()
        ]


def station_month(
    engine: Engine,
    *,
    station: dict[str, Any],
    year: int,
    month: int,
    today: date,
    calendar: WorkingDayCalendar,
) -> dict[str, Any]:
    """A station's month: activity days scheduled vs held, voters received, opinions by status, overdue."""
    station_id = station["station_id"]
    start, end = month_bounds(year, month)
    in_month = and_(receptions.c.station_id == station_id, receptions.c.held_on.between(start, end))
    with engine.connect() as connection:
        held = [
            dict(row)
            for row in connection.execute(
                select(receptions.c.held_on, receptions.c.voters_received).where(in_month)
            ).mappings()
        ]
    ledger = [
        row for row in opinion_ledger(engine, station_id=station_id, today=today) if start <= row["recorded_on"] <= end
    ]
    return month_summary(station=station, year=year, month=month, calendar=calendar, held=held, opinions=ledger)
