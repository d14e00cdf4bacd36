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
from shared.calendar.activity_days import ActivitySchedule, activity_days
from shared.events.catalog.station import ScheduleKind
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
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    scheduled: list[date] = []
    provisional = False
    if station["schedule_kind"] is not None:
        schedule = ActivitySchedule(
            kind=ScheduleKind(station["schedule_kind"]),
            days_of_month=tuple(station["days_of_month"]),
            weekday=station["weekday"],
        )
        days = activity_days(schedule=schedule, year=year, month=month, calendar=calendar)
        scheduled = [day.held_on for day in days]
        provisional = any(day.provisional for day in days)
    in_month = and_(receptions.c.station_id == station_id, receptions.c.held_on >= start, receptions.c.held_on < end)
    with engine.connect() as connection:
        held = connection.execute(select(receptions.c.held_on, receptions.c.voters_received).where(in_month)).all()
    ledger = [
        row for row in opinion_ledger(engine, station_id=station_id, today=today) if start <= row["recorded_on"] < end
    ]
    by_status: dict[str, int] = {}
    for row in ledger:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    held_days = {row[0] for row in held}
    return {
        "station_id": station_id,
        "month": f"{year:04d}-{month:02d}",
        "scheduled_days": scheduled,
        "schedule_is_provisional": provisional,
        "scheduled_days_held": sum(1 for day in scheduled if day in held_days),
        "activities_held": len(held),
        "voters_received": sum(row[1] for row in held),
        "opinions": len(ledger),
        "opinions_by_status": by_status,
        "referred": sum(1 for row in ledger if row["answer_due"] is not None),
        "answered_in_time": sum(1 for row in ledger if row["answered_in_time"]),
        "overdue": sum(1 for row in ledger if row["overdue"]),
    }
