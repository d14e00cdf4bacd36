"""Loading a year's official holiday schedule: impossible dates refused, a correction is the next version."""

from __future__ import annotations

from datetime import date

import pytest

from services.county.domain.holiday_schedule import HolidaySchedule, schedule_id
from shared.calendar import InvalidHolidayScheduleError
from tests.support.context import context


def _load(schedule: HolidaySchedule, *, holidays: list[date], working_days: list[date] | None = None) -> None:
    schedule.load(
        year=2027,
        holidays=holidays,
        working_days=working_days or [],
        source="国务院办公厅关于2027年部分节假日安排的通知",
        scope_region_code="410300000000",
        ctx=context(),
    )


def test_a_schedule_with_a_date_outside_its_year_is_refused_and_records_nothing() -> None:
    schedule = HolidaySchedule(schedule_id(2027))
    with pytest.raises(InvalidHolidayScheduleError) as refused:
        _load(schedule, holidays=[date(2026, 12, 31)])
    assert refused.value.field == "holidays"
    assert schedule.collect_events() == []


def test_a_day_cannot_be_both_off_and_worked() -> None:
    with pytest.raises(InvalidHolidayScheduleError) as refused:
        _load(HolidaySchedule(schedule_id(2027)), holidays=[date(2027, 2, 6)], working_days=[date(2027, 2, 6)])
    assert refused.value.field == "working_days"


def test_a_corrected_notice_is_the_next_version_of_the_same_year() -> None:
    schedule = HolidaySchedule(schedule_id(2027))
    _load(schedule, holidays=[date(2027, 1, 1)])
    _load(schedule, holidays=[date(2027, 1, 1), date(2027, 1, 2)])
    first, correction = schedule.collect_events()

    assert (first.aggregate_version, correction.aggregate_version) == (1, 2)
    assert correction.payload.holidays == [date(2027, 1, 1), date(2027, 1, 2)]
    assert schedule_id(2027) == schedule_id(2027) != schedule_id(2028)
