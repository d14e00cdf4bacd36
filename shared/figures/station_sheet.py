"""One station as township staff check it (联络站督导): activity days scheduled and held month by month,
referred opinions still waiting for an answer past their due day, the 九有 checklist at its last check,
and the deputies attached. Read from a copy of the stations' work, so any tier that keeps one can show it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, select

from shared.calendar import WorkingDayCalendar
from shared.events.catalog.station import StandardItem
from shared.figures.station_month import months
from shared.figures.station_work import attachments, deputies, standard_checks, stations
from shared.figures.station_work_queries import handled_opinions, station_figures, station_row

STANDARD_LABELS = {
    StandardItem.PLACE: "有场所",
    StandardItem.SIGN: "有牌子",
    StandardItem.EQUIPMENT: "有设备",
    StandardItem.STAFF: "有人员",
    StandardItem.RULES: "有制度",
    StandardItem.PLAN: "有计划",
    StandardItem.ACTIVITIES: "有活动",
    StandardItem.LEDGER: "有台账",
    StandardItem.ARCHIVE: "有档案",
}


def station_sheet(
    engine: Engine, *, station_id: UUID, start: date, end: date, today: date, calendar: WorkingDayCalendar
) -> dict[str, Any] | None:
    """The station over a period, `today` judging what is overdue; None if the station is unknown here."""
    with engine.connect() as connection:
        row = connection.execute(select(stations).where(stations.c.station_id == station_id)).mappings().first()
        if row is None:
            return None
        station = station_row(row)
        ledger = handled_opinions(connection, [station_id], start=start, end=end, today=today)
        checks = connection.execute(
            select(standard_checks.c.checked_on)
            .where(standard_checks.c.station_id == station_id)
            .order_by(standard_checks.c.checked_on)
        ).all()
        attached = connection.execute(
            select(deputies.c.deputy_id, deputies.c.name, deputies.c.level, deputies.c.serving)
            .join(attachments, attachments.c.deputy_id == deputies.c.deputy_id)
            .where(attachments.c.station_id == station_id)
            .order_by(deputies.c.name)
        ).mappings()
        attached_deputies = [dict(deputy) for deputy in attached]
    month_rows = []
    for year, month in months(start, end):
        figures = station_figures(engine, station_id=station_id, year=year, month=month, today=today, calendar=calendar)
        assert figures is not None  # the station row was read above, and read models only grow
        month_rows.append({**figures, "scheduled_days": [day.isoformat() for day in figures["scheduled_days"]]})
    met = set(station["standard_items_met"])
    return {
        "station_id": station["station_id"],
        "name": station["name"],
        "kind": station["kind"],
        "region_code": station["region_code"],
        "township_region_code": station["township_region_code"],
        "schedule_kind": station["schedule_kind"],
        "days_of_month": station["days_of_month"],
        "weekday": station["weekday"],
        "closed": station["closed"],
        "months": month_rows,
        "overdue": [
            {
                "opinion_id": opinion["opinion_id"],
                "referral_id": opinion["referral_id"],
                "recorded_on": opinion["recorded_on"],
                "answer_due": opinion["answer_due"],
                "route": opinion["route"],
                "routed_on": opinion["routed_on"],
                "days_overdue": (today - opinion["answer_due"]).days,
            }
            for opinion in sorted(ledger, key=lambda opinion: opinion["answer_due"] or today)
            if opinion["overdue"]
        ],
        "standard": {
            "checked_on": station["standard_checked_on"],
            "checks": len(checks),
            "items": [
                {"item": item.value, "label": label, "met": item.value in met}
                for item, label in STANDARD_LABELS.items()
            ],
        },
        "deputies": attached_deputies,
    }
