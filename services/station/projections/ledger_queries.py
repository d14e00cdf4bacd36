"""Queries over the station ledgers. "Overdue" is computed here against a given day, never stored."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, and_, case, func, select

from services.station.projections.ledger import attendance, opinions, outcomes, receptions
from services.station.projections.roster import known_deputies
from shared.calendar import WorkingDayCalendar
from shared.figures.station_month import month_bounds, month_summary
from shared.readmodel.opinion_status import opinion_status


def opinion_ledger(engine: Engine, *, station_id: UUID, today: date) -> list[dict[str, Any]]:
    """建议意见记录 and 交办/转办记录: every opinion with its handling, answer, and overdue state on `today`."""
    query = (
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
        .order_by(opinions.c.recorded_at, opinions.c.opinion_id)
    )
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(query).mappings()]
    for row in rows:
        row["status"] = opinion_status(
            handling=row["status"], answered=row["answer"] is not None, outcome=row["outcome"]
        )
        due = row["answer_due"]
        answered_on = row["answered_on"]
        row["overdue"] = due is not None and answered_on is None and today > due
        row["answered_in_time"] = due is not None and answered_on is not None and answered_on <= due
    return rows


def reception_ledger(engine: Engine, *, station_id: UUID) -> list[dict[str, Any]]:
    """活动记录: every activity, newest first, with who checked in and who was on leave."""
    with engine.connect() as connection:
        rows = [
            dict(row)
            for row in connection.execute(
                select(receptions)
                .where(receptions.c.station_id == station_id)
                .order_by(receptions.c.scheduled_on.desc(), receptions.c.reception_id)
            ).mappings()
        ]
        present = connection.execute(
            select(attendance.c.reception_id, attendance.c.deputy_id, attendance.c.status, known_deputies.c.name)
            .select_from(attendance.outerjoin(known_deputies, known_deputies.c.deputy_id == attendance.c.deputy_id))
            .where(attendance.c.station_id == station_id)
            .order_by(known_deputies.c.name)
        ).all()
    by_reception: dict[UUID, list[dict[str, Any]]] = {}
    for reception_id, deputy_id, status, name in present:
        by_reception.setdefault(reception_id, []).append({"deputy_id": deputy_id, "name": name or "", "status": status})
    for row in rows:
        row["topics"] = json.loads(row["topics"])
        row["deputies"] = by_reception.get(row["reception_id"], [])
    return rows


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
