"""The working-day calendar: official holidays with swapped working days (调休), and deadlines on it."""

from shared.calendar.china_time import CHINA, china_date
from shared.calendar.deadline import Deadline
from shared.calendar.schedule import HolidayScheduleData, InvalidHolidayScheduleError, YearSchedule
from shared.calendar.working_days import WorkingDayCalendar

__all__ = [
    "CHINA",
    "Deadline",
    "HolidayScheduleData",
    "InvalidHolidayScheduleError",
    "WorkingDayCalendar",
    "YearSchedule",
    "china_date",
]
