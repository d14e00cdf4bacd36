"""Fixed activity days "遇节假日顺延至后第一个工作日", on the real 2025–2026 holiday calendar."""

from __future__ import annotations

from datetime import date

import pytest

from shared.calendar import WorkingDayCalendar
from shared.calendar.activity_days import ActivitySchedule, InvalidScheduleError, activity_days
from shared.events.catalog.station import ScheduleKind

CALENDAR = WorkingDayCalendar()


def _held(schedule: ActivitySchedule, year: int, month: int) -> list[date]:
    return [day.held_on for day in activity_days(schedule=schedule, year=year, month=month, calendar=CALENDAR)]


def test_a_monthly_day_on_national_day_moves_to_the_first_working_day_after() -> None:
    # 2025-10-01..08 off; 2025-10-05 falls inside the holiday, so it moves to Thursday 9 October.
    schedule = ActivitySchedule(kind=ScheduleKind.MONTHLY, days_of_month=(5, 20))
    assert _held(schedule, 2025, 10) == [date(2025, 10, 9), date(2025, 10, 20)]


def test_a_monthly_day_on_a_weekend_moves_to_monday() -> None:
    # 2026-09-05 is a Saturday with no swap: held on Monday 7 September.
    schedule = ActivitySchedule(kind=ScheduleKind.MONTHLY, days_of_month=(5,))
    assert _held(schedule, 2026, 9) == [date(2026, 9, 7)]


def test_a_day_on_a_swapped_working_saturday_is_held_that_saturday() -> None:
    # 2026-02-14 (Saturday) is worked before the Spring Festival holiday (调休).
    schedule = ActivitySchedule(kind=ScheduleKind.MONTHLY, days_of_month=(14,))
    assert _held(schedule, 2026, 2) == [date(2026, 2, 14)]


def test_a_day_in_the_spring_festival_holiday_moves_past_the_whole_holiday() -> None:
    # 2026-02-15..23 off: the 20th is held on Tuesday 24 February.
    schedule = ActivitySchedule(kind=ScheduleKind.MONTHLY, days_of_month=(20,))
    assert _held(schedule, 2026, 2) == [date(2026, 2, 24)]


def test_a_weekly_tuesday_during_a_holiday_moves_to_the_next_working_day() -> None:
    # 每周二: 2025-09-30 is a working Tuesday; 2025-10-07 is in the holiday, so it moves to 9 October.
    schedule = ActivitySchedule(kind=ScheduleKind.WEEKLY, weekday=1)
    assert _held(schedule, 2025, 10) == [date(2025, 10, 9), date(2025, 10, 14), date(2025, 10, 21), date(2025, 10, 28)]


def test_a_monthly_31st_is_skipped_in_a_shorter_month() -> None:
    schedule = ActivitySchedule(kind=ScheduleKind.MONTHLY, days_of_month=(15, 31))
    assert _held(schedule, 2026, 4) == [date(2026, 4, 15)]


def test_days_in_a_year_without_an_official_schedule_are_provisional() -> None:
    schedule = ActivitySchedule(kind=ScheduleKind.MONTHLY, days_of_month=(1,))
    [day] = activity_days(schedule=schedule, year=2027, month=1, calendar=CALENDAR)
    assert day.provisional is True


@pytest.mark.parametrize(
    ("kind", "days", "weekday", "field"),
    [
        (ScheduleKind.MONTHLY, (), None, "days_of_month"),
        (ScheduleKind.MONTHLY, (0,), None, "days_of_month"),
        (ScheduleKind.MONTHLY, (5, 5), None, "days_of_month"),
        (ScheduleKind.MONTHLY, (5,), 1, "days_of_month"),
        (ScheduleKind.WEEKLY, (), None, "weekday"),
        (ScheduleKind.WEEKLY, (5,), 1, "weekday"),
    ],
)
def test_impossible_schedules_are_refused(
    kind: ScheduleKind, days: tuple[int, ...], weekday: int | None, field: str
) -> None:
    with pytest.raises(InvalidScheduleError) as refused:
        ActivitySchedule(kind=kind, days_of_month=days, weekday=weekday)
    assert refused.value.field == field
