"""The working-day calendar: official holidays, 调休, loaded schedules and the weekends-only fallback."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from shared.calendar import Deadline, InvalidHolidayScheduleError, WorkingDayCalendar, YearSchedule
from shared.events.catalog.county import HolidayScheduleLoaded

NATIONAL_DAY_2025 = frozenset(date(2025, 10, day) for day in range(1, 9))
SPRING_FESTIVAL_2026 = frozenset(date(2026, 2, day) for day in range(15, 24))
NEW_YEAR_2027 = frozenset({date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)})


def new_year_2027() -> YearSchedule:
    """A plausible 2027 schedule: New Year's Day on a Friday gives a three-day weekend."""
    return YearSchedule(year=2027, holidays=NEW_YEAR_2027, working_days=frozenset(), source="测试用 2027 年安排")


@pytest.fixture
def cal() -> WorkingDayCalendar:
    return WorkingDayCalendar()


def days_off(cal: WorkingDayCalendar, *, first: date, last: date) -> set[date]:
    """The days in [first, last] that the calendar does not count as worked."""
    span = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return {day for day in span if not cal.is_working_day(day)}


def test_around_national_day_2025_only_the_holiday_and_unswapped_weekends_are_off(cal: WorkingDayCalendar) -> None:
    # Sun 28 Sep and Sat 11 Oct were worked (调休); Sat 27 Sep and Sun 12 Oct were not.
    off = days_off(cal, first=date(2025, 9, 26), last=date(2025, 10, 12))
    assert off == NATIONAL_DAY_2025 | {date(2025, 9, 27), date(2025, 10, 12)}


def test_around_spring_festival_2026_only_the_holiday_and_unswapped_weekends_are_off(cal: WorkingDayCalendar) -> None:
    # Sat 14 Feb and Sat 28 Feb were worked (调休); 15-23 Feb were off.
    off = days_off(cal, first=date(2026, 2, 13), last=date(2026, 3, 1))
    assert off == SPRING_FESTIVAL_2026 | {date(2026, 3, 1)}


def test_every_day_of_national_day_2025_is_a_day_off(cal: WorkingDayCalendar) -> None:
    assert [day for day in sorted(NATIONAL_DAY_2025) if cal.is_working_day(day)] == []


def test_sunday_swapped_before_national_day_2025_is_a_working_day(cal: WorkingDayCalendar) -> None:
    assert cal.is_working_day(date(2025, 9, 28))


def test_saturday_swapped_after_national_day_2025_is_a_working_day(cal: WorkingDayCalendar) -> None:
    assert cal.is_working_day(date(2025, 10, 11))


def test_ordinary_weekend_is_not_a_working_day(cal: WorkingDayCalendar) -> None:
    assert not cal.is_working_day(date(2025, 9, 27))
    assert not cal.is_working_day(date(2025, 10, 12))


def test_spring_festival_2026_days_are_off(cal: WorkingDayCalendar) -> None:
    assert [day for day in sorted(SPRING_FESTIVAL_2026) if cal.is_working_day(day)] == []


def test_saturdays_swapped_around_spring_festival_2026_are_working_days(cal: WorkingDayCalendar) -> None:
    assert cal.is_working_day(date(2026, 2, 14))
    assert cal.is_working_day(date(2026, 2, 28))


def test_day_covered_by_library_is_not_provisional(cal: WorkingDayCalendar) -> None:
    assert not cal.is_provisional(date(2026, 12, 31))


def test_five_working_days_after_friday_before_national_day_skip_the_holiday(cal: WorkingDayCalendar) -> None:
    # Sun 28 (调休), Mon 29, Tue 30, then Oct 1-8 off, then Thu 9 and Fri 10.
    assert cal.add_working_days(start=date(2025, 9, 26), days=5) == Deadline(due=date(2025, 10, 10), provisional=False)


def test_receipt_day_itself_is_not_counted(cal: WorkingDayCalendar) -> None:
    assert cal.add_working_days(start=date(2025, 9, 29), days=1).due == date(2025, 9, 30)


def test_seven_working_days_after_assignment_before_spring_festival_2026(cal: WorkingDayCalendar) -> None:
    # Thu 12, Fri 13, Sat 14 (调休), then Feb 15-23 off, then Tue 24 .. Fri 27.
    assert cal.add_working_days(start=date(2026, 2, 11), days=7).due == date(2026, 2, 27)


def test_zero_working_days_is_the_start_day(cal: WorkingDayCalendar) -> None:
    assert cal.add_working_days(start=date(2025, 10, 1), days=0) == Deadline(due=date(2025, 10, 1), provisional=False)


def test_negative_working_days_are_refused(cal: WorkingDayCalendar) -> None:
    with pytest.raises(ValueError):
        cal.add_working_days(start=date(2025, 10, 1), days=-1)


def test_day_on_a_holiday_rolls_forward_past_the_whole_holiday(cal: WorkingDayCalendar) -> None:
    assert cal.roll_forward(date(2025, 10, 1)) == Deadline(due=date(2025, 10, 9), provisional=False)


def test_day_in_spring_festival_2026_rolls_forward_to_february_24(cal: WorkingDayCalendar) -> None:
    assert cal.roll_forward(date(2026, 2, 17)).due == date(2026, 2, 24)


def test_working_day_does_not_roll(cal: WorkingDayCalendar) -> None:
    assert cal.roll_forward(date(2025, 10, 11)).due == date(2025, 10, 11)


def test_day_in_a_year_without_data_is_provisional(cal: WorkingDayCalendar) -> None:
    assert cal.is_provisional(date(2027, 1, 1))


def test_fallback_treats_only_weekends_as_days_off(cal: WorkingDayCalendar) -> None:
    assert cal.is_working_day(date(2027, 1, 1))
    assert not cal.is_working_day(date(2027, 1, 2))


def test_deadline_reaching_a_year_without_data_is_provisional(cal: WorkingDayCalendar) -> None:
    # Thu 31 Dec 2026, then the fallback counts Fri 1 Jan 2027 as worked.
    assert cal.add_working_days(start=date(2026, 12, 30), days=5) == Deadline(due=date(2027, 1, 6), provisional=True)


def test_deadline_inside_covered_years_stays_firm_near_an_uncovered_year(cal: WorkingDayCalendar) -> None:
    assert cal.add_working_days(start=date(2026, 12, 29), days=2) == Deadline(due=date(2026, 12, 31), provisional=False)


def test_loaded_2027_schedule_makes_2027_days_firm(cal: WorkingDayCalendar) -> None:
    assert not cal.with_schedule(new_year_2027()).is_provisional(date(2027, 1, 1))


def test_loaded_2027_schedule_honours_its_holidays(cal: WorkingDayCalendar) -> None:
    loaded = cal.with_schedule(new_year_2027())
    assert loaded.roll_forward(date(2027, 1, 1)) == Deadline(due=date(2027, 1, 4), provisional=False)


def test_loaded_2027_schedule_moves_a_deadline_across_new_year(cal: WorkingDayCalendar) -> None:
    loaded = cal.with_schedule(new_year_2027())
    assert loaded.add_working_days(start=date(2026, 12, 30), days=5) == Deadline(
        due=date(2027, 1, 7), provisional=False
    )


def test_loading_a_schedule_leaves_the_original_calendar_unchanged(cal: WorkingDayCalendar) -> None:
    cal.with_schedule(new_year_2027())
    assert cal.is_provisional(date(2027, 1, 1))


def test_calendar_built_with_schedules_uses_them() -> None:
    assert not WorkingDayCalendar(schedules=[new_year_2027()]).is_working_day(date(2027, 1, 1))


def test_loaded_schedule_overrides_library_data_for_a_covered_year(cal: WorkingDayCalendar) -> None:
    correction = YearSchedule(
        year=2025,
        holidays=NATIONAL_DAY_2025 | {date(2025, 10, 9)},
        working_days=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
        source="更正",
    )
    assert cal.with_schedule(correction).roll_forward(date(2025, 10, 1)).due == date(2025, 10, 10)


def test_loaded_schedule_replaces_library_swaps_rather_than_adding_to_them(cal: WorkingDayCalendar) -> None:
    without_swaps = YearSchedule(year=2025, holidays=NATIONAL_DAY_2025, working_days=frozenset(), source="")
    assert not cal.with_schedule(without_swaps).is_working_day(date(2025, 9, 28))


def corrected_new_year_2027() -> YearSchedule:
    """A correction to the 2027 schedule that also gives Monday 4 January off."""
    return YearSchedule(year=2027, holidays=NEW_YEAR_2027 | {date(2027, 1, 4)}, working_days=frozenset(), source="更正")


def test_schedule_loaded_later_for_the_same_year_replaces_the_earlier(cal: WorkingDayCalendar) -> None:
    loaded = cal.with_schedule(new_year_2027()).with_schedule(corrected_new_year_2027())
    assert loaded.roll_forward(date(2027, 1, 1)).due == date(2027, 1, 5)


def test_calendar_built_from_several_schedules_for_a_year_keeps_the_last() -> None:
    loaded = WorkingDayCalendar(schedules=[new_year_2027(), corrected_new_year_2027()])
    assert loaded.roll_forward(date(2027, 1, 1)).due == date(2027, 1, 5)


def test_swapped_saturday_in_a_loaded_schedule_is_a_working_day(cal: WorkingDayCalendar) -> None:
    spring_festival_2027 = YearSchedule(
        year=2027,
        holidays=frozenset(date(2027, 2, day) for day in range(6, 14)),
        working_days=frozenset({date(2027, 2, 20)}),
        source="测试用 2027 年安排",
    )
    assert cal.with_schedule(spring_festival_2027).is_working_day(date(2027, 2, 20))


def test_schedule_is_built_from_the_loaded_event() -> None:
    payload = HolidayScheduleLoaded(
        year=2027,
        holidays=[date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)],
        working_days=[],
        source="国办发明电〔2026〕X号",
    )
    assert YearSchedule.from_event(payload) == YearSchedule(
        year=2027, holidays=NEW_YEAR_2027, working_days=frozenset(), source="国办发明电〔2026〕X号"
    )


def test_schedule_with_a_holiday_outside_its_year_is_refused() -> None:
    with pytest.raises(InvalidHolidayScheduleError) as refused:
        YearSchedule(year=2027, holidays=frozenset({date(2026, 12, 31)}), working_days=frozenset(), source="")
    assert (refused.value.code, refused.value.field) == ("INVALID_HOLIDAY_SCHEDULE", "holidays")
    assert refused.value.status == 422


def test_schedule_with_a_working_day_outside_its_year_is_refused() -> None:
    with pytest.raises(InvalidHolidayScheduleError) as refused:
        YearSchedule(year=2027, holidays=frozenset(), working_days=frozenset({date(2028, 1, 8)}), source="")
    assert (refused.value.code, refused.value.field) == ("INVALID_HOLIDAY_SCHEDULE", "working_days")


def test_schedule_with_a_day_both_off_and_worked_is_refused() -> None:
    with pytest.raises(InvalidHolidayScheduleError) as refused:
        YearSchedule(
            year=2027,
            holidays=frozenset({date(2027, 1, 1)}),
            working_days=frozenset({date(2027, 1, 1)}),
            source="",
        )
    assert (refused.value.code, refused.value.field) == ("INVALID_HOLIDAY_SCHEDULE", "working_days")
    assert "2027-01-01" in refused.value.message


def test_month_end_is_clamped_in_a_short_month(cal: WorkingDayCalendar) -> None:
    # 31 Jan 2026 + 1 month is 28 Feb, a Saturday worked (调休) after Spring Festival.
    assert cal.add_months(start=date(2026, 1, 31), months=1) == Deadline(due=date(2026, 2, 28), provisional=False)


def test_month_end_is_clamped_to_february_29_in_a_leap_year(cal: WorkingDayCalendar) -> None:
    assert cal.add_months(start=date(2024, 1, 31), months=1).due == date(2024, 2, 29)


def test_reply_due_on_national_day_rolls_to_the_first_working_day_after(cal: WorkingDayCalendar) -> None:
    assert cal.add_months(start=date(2025, 7, 1), months=3) == Deadline(due=date(2025, 10, 9), provisional=False)


def test_one_month_landing_on_a_weekend_rolls_to_monday(cal: WorkingDayCalendar) -> None:
    # 31 Dec 2025 + 1 month is Saturday 31 Jan 2026.
    assert cal.add_months(start=date(2025, 12, 31), months=1).due == date(2026, 2, 2)


def test_months_landing_in_a_year_without_data_are_provisional(cal: WorkingDayCalendar) -> None:
    assert cal.add_months(start=date(2026, 12, 1), months=1) == Deadline(due=date(2027, 1, 1), provisional=True)


def test_months_landing_in_a_loaded_year_honour_its_holidays(cal: WorkingDayCalendar) -> None:
    loaded = cal.with_schedule(new_year_2027())
    assert loaded.add_months(start=date(2026, 12, 1), months=1) == Deadline(due=date(2027, 1, 4), provisional=False)


def test_working_days_between_skip_national_day(cal: WorkingDayCalendar) -> None:
    assert cal.working_days_between(start=date(2025, 9, 30), end=date(2025, 10, 10)) == 2


def test_working_days_between_count_the_end_and_not_the_start(cal: WorkingDayCalendar) -> None:
    assert cal.working_days_between(start=date(2025, 9, 26), end=date(2025, 10, 10)) == 5


def test_working_days_between_is_zero_when_end_is_not_after_start(cal: WorkingDayCalendar) -> None:
    assert cal.working_days_between(start=date(2025, 10, 10), end=date(2025, 10, 10)) == 0
    assert cal.working_days_between(start=date(2025, 10, 10), end=date(2025, 9, 26)) == 0


def test_an_instant_is_refused_so_the_caller_picks_the_local_date(cal: WorkingDayCalendar) -> None:
    with pytest.raises(TypeError):
        cal.is_working_day(datetime(2025, 9, 30, 17, tzinfo=UTC))
