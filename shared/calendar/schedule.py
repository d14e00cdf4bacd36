"""A year's official holiday schedule (国务院办公厅放假安排), as loaded by an administrator."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from shared.errors import ValidationFailedError


class InvalidHolidayScheduleError(ValidationFailedError):
    """Raised when a holiday schedule has a date outside its year or a date both off and worked."""

    code = "INVALID_HOLIDAY_SCHEDULE"
    message = "节假日安排无效"


class HolidayScheduleData(Protocol):
    """The fields of a `HolidayScheduleLoaded` payload that a schedule is built from."""

    @property
    def year(self) -> int: ...

    @property
    def holidays(self) -> Iterable[date]: ...

    @property
    def working_days(self) -> Iterable[date]: ...

    @property
    def source(self) -> str: ...


@dataclass(frozen=True)
class YearSchedule:
    """One year's days off and swapped working days (调休); every other weekday is worked."""

    year: int
    holidays: frozenset[date]
    working_days: frozenset[date]
    source: str = ""

    def __post_init__(self) -> None:
        _require_in_year(year=self.year, days=self.holidays, field="holidays")
        _require_in_year(year=self.year, days=self.working_days, field="working_days")
        both = sorted(self.holidays & self.working_days)
        if both:
            raise InvalidHolidayScheduleError(
                f"{both[0].isoformat()} 不能同时是节假日和调休工作日", field="working_days"
            )

    @classmethod
    def from_event(cls, payload: HolidayScheduleData) -> YearSchedule:
        """The schedule recorded by a `HolidayScheduleLoaded` event."""
        return cls(
            year=payload.year,
            holidays=frozenset(payload.holidays),
            working_days=frozenset(payload.working_days),
            source=payload.source,
        )

    def is_working_day(self, day: date) -> bool:
        """Whether the schedule has people at work on a day of its year."""
        if day in self.working_days:
            return True
        return day.weekday() < 5 and day not in self.holidays


def _require_in_year(*, year: int, days: frozenset[date], field: str) -> None:
    outside = sorted(day for day in days if day.year != year)
    if outside:
        raise InvalidHolidayScheduleError(f"{outside[0].isoformat()} 不在 {year} 年内", field=field)
