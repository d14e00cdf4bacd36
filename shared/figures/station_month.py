"""A station's month (联络站月度情况): the one summary the station shows and the tiers above count.

The station counts from its own ledger, the township and the county from their copy of the stations'
work (`station_work`); each reads its rows, and `month_summary` makes the month of them in one way, so
the figures are equal key for key, value for value. `StationMonthRead` is the summary's one schema.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from shared.calendar import WorkingDayCalendar
from shared.calendar.activity_days import ActivitySchedule, activity_days
from shared.events.catalog.station import ScheduleKind


class StationMonthRead(BaseModel):
    station_id: UUID
    month: str
    scheduled_days: list[date]
    schedule_is_provisional: bool
    scheduled_days_held: int
    activities_held: int
    voters_received: int
    opinions: int
    opinions_by_status: dict[str, int]
    referred: int
    answered_in_time: int
    overdue: int


def months(start: date, end: date) -> Iterator[tuple[int, int]]:
    """Each (year, month) from `start`'s month to `end`'s, both included."""
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and the last day of a month."""
    return date(year, month, 1), date(year, month, month_calendar.monthrange(year, month)[1])


def scheduled_days(
    station: Mapping[str, Any], *, start: date, end: date, calendar: WorkingDayCalendar
) -> tuple[list[date], bool]:
    """The days the station's fixed activity days are held on, for nominal days in the range; provisional?"""
    if station["schedule_kind"] is None:
        return [], False
    schedule = ActivitySchedule(
        kind=ScheduleKind(station["schedule_kind"]),
        days_of_month=tuple(station["days_of_month"]),
        weekday=station["weekday"],
    )
    days = [
        day
        for year, month in months(start, end)
        for day in activity_days(schedule=schedule, year=year, month=month, calendar=calendar)
        if start <= day.nominal <= end
    ]
    return [day.held_on for day in days], any(day.provisional for day in days)


def month_summary(
    *,
    station: Mapping[str, Any],
    year: int,
    month: int,
    calendar: WorkingDayCalendar,
    held: Iterable[Mapping[str, Any]],
    opinions: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """The month's summary, in the shape of `StationMonthRead`.

    `held` are the station's activities held in the month (`held_on`, `voters_received`); `opinions`
    the opinions recorded in it, each with its `status`, `answer_due`, and whether it was answered in
    time or is overdue on the day the summary is asked for.
    """
    start, end = month_bounds(year, month)
    scheduled, provisional = scheduled_days(station, start=start, end=end, calendar=calendar)
    receptions = list(held)
    ledger = list(opinions)
    by_status: dict[str, int] = {}
    for opinion in ledger:
        by_status[opinion["status"]] = by_status.get(opinion["status"], 0) + 1
    held_days = {reception["held_on"] for reception in receptions}
    return {
        "station_id": station["station_id"],
        "month": f"{year:04d}-{month:02d}",
        "scheduled_days": scheduled,
        "schedule_is_provisional": provisional,
        "scheduled_days_held": sum(1 for day in scheduled if day in held_days),
        "activities_held": len(receptions),
        "voters_received": sum(reception["voters_received"] for reception in receptions),
        "opinions": len(ledger),
        "opinions_by_status": by_status,
        "referred": sum(1 for opinion in ledger if opinion["answer_due"] is not None),
        "answered_in_time": sum(1 for opinion in ledger if opinion["answered_in_time"]),
        "overdue": sum(1 for opinion in ledger if opinion["overdue"]),
    }
