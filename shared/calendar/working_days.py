"""The working-day calendar that deadlines are counted on (工作日, with 调休)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from shared.calendar.deadline import Deadline
from shared.calendar.published import published_is_working_day
from shared.calendar.schedule import YearSchedule

_ONE_DAY = timedelta(days=1)


class WorkingDayCalendar:
    """Working days from loaded schedules, else the library's data, else weekends only (provisional)."""

    def __init__(self, schedules: Iterable[YearSchedule] = ()) -> None:
        # Later schedules for a year replace earlier ones, so replaying load events keeps the correction.
        self._schedules: Mapping[int, YearSchedule] = {schedule.year: schedule for schedule in schedules}

    def with_schedule(self, schedule: YearSchedule) -> WorkingDayCalendar:
        """A calendar that also has this schedule, replacing any loaded for the same year."""
        return WorkingDayCalendar((*self._schedules.values(), schedule))

    def is_working_day(self, day: date) -> bool:
        """Whether people are at work on the day."""
        return self._look_up(_require_date(day))[0]

    def is_provisional(self, day: date) -> bool:
        """Whether the day's year has neither a loaded schedule nor library data, so weekends alone decide."""
        return self._look_up(_require_date(day))[1]

    def add_working_days(self, *, start: date, days: int) -> Deadline:
        """The day that is `days` working days after `start`, not counting `start` itself."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = _require_date(start)
        provisional = False
        remaining = days
        while remaining:
            day += _ONE_DAY
            working, fallback = self._look_up(day)
            provisional = provisional or fallback
            if working:
                remaining -= 1
        return Deadline(due=day, provisional=provisional)

    def roll_forward(self, day: date) -> Deadline:
        """The day itself if worked, else the first working day after it (遇节假日顺延)."""
        day = _require_date(day)
        provisional = False
        while True:
            working, fallback = self._look_up(day)
            provisional = provisional or fallback
            if working:
                return Deadline(due=day, provisional=provisional)
            day += _ONE_DAY

    def add_months(self, *, start: date, months: int) -> Deadline:
        """The same day `months` calendar months on (clamped to month end), rolled to a working day."""
        if months < 0:
            raise ValueError("months must not be negative")
        start = _require_date(start)
        index = start.month - 1 + months
        year, month = start.year + index // 12, index % 12 + 1
        last_day = calendar.monthrange(year, month)[1]
        return self.roll_forward(date(year, month, min(start.day, last_day)))

    def working_days_between(self, *, start: date, end: date) -> int:
        """How many working days fall after `start`, up to and including `end`."""
        day, end = _require_date(start), _require_date(end)
        count = 0
        while day < end:
            day += _ONE_DAY
            if self._look_up(day)[0]:
                count += 1
        return count

    def _look_up(self, day: date) -> tuple[bool, bool]:
        schedule = self._schedules.get(day.year)
        if schedule is not None:
            return schedule.is_working_day(day), False
        published = published_is_working_day(day)
        if published is not None:
            return published, False
        return day.weekday() < 5, True


def _require_date(day: date) -> date:
    # Event times are UTC instants; the caller must choose the local (Beijing) date, not us.
    if isinstance(day, datetime):
        raise TypeError("pass a date, not a datetime")
    return day
