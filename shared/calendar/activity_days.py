"""A station's fixed activity days, and the dates they fall on once holidays push them forward.

"每月5日、20日（遇节假日顺延至后第一个工作日）" or "每周二为选民接待日".
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date

from shared.calendar import WorkingDayCalendar
from shared.errors import ValidationFailedError
from shared.events.catalog.station import ScheduleKind


class InvalidScheduleError(ValidationFailedError):
    """Raised when a schedule names no day, an impossible day, or mixes monthly and weekly days."""

    code = "INVALID_SCHEDULE"
    message = "活动日设置无效"


@dataclass(frozen=True)
class ActivitySchedule:
    """Fixed days of every month, or one weekday of every week."""

    kind: ScheduleKind
    days_of_month: tuple[int, ...] = ()
    weekday: int | None = None

    def __post_init__(self) -> None:
        if self.kind is ScheduleKind.MONTHLY:
            if not self.days_of_month or self.weekday is not None:
                raise InvalidScheduleError("按月活动须列出每月的日期", field="days_of_month")
            if any(not 1 <= day <= 31 for day in self.days_of_month) or len(set(self.days_of_month)) != len(
                self.days_of_month
            ):
                raise InvalidScheduleError("每月活动日须为1至31之间且不重复", field="days_of_month")
        elif self.weekday is None or self.days_of_month:
            raise InvalidScheduleError("按周活动须指定星期几", field="weekday")


@dataclass(frozen=True)
class ActivityDay:
    """A nominal activity day and the day it is actually held on."""

    nominal: date
    held_on: date
    provisional: bool


def activity_days(
    *, schedule: ActivitySchedule, year: int, month: int, calendar: WorkingDayCalendar
) -> list[ActivityDay]:
    """The month's activity days, each moved to the first working day after a holiday.

    A monthly day the month does not have (the 31st in April) is skipped, not moved.
    """
    last = month_calendar.monthrange(year, month)[1]
    if schedule.kind is ScheduleKind.MONTHLY:
        nominal = [date(year, month, day) for day in sorted(schedule.days_of_month) if day <= last]
    else:
        nominal = [
            date(year, month, day) for day in range(1, last + 1) if date(year, month, day).weekday() == schedule.weekday
        ]
    days = []
    for day in nominal:
        moved = calendar.roll_forward(day)
        days.append(ActivityDay(nominal=day, held_on=moved.due, provisional=moved.provisional))
    return days
