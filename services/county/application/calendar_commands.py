"""The command on the official holiday calendar (节假日安排)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from services.county.application.command_kinds import CountyCommand


class LoadHolidaySchedule(CountyCommand):
    """Load (or correct) a year's official holiday schedule."""

    step = "load_holiday_schedule"

    year: int = Field(ge=2000, le=2100)
    holidays: list[date] = Field(max_length=366, description="放假日期（含调休后放假的周末）")
    working_days: list[date] = Field(default_factory=list, max_length=366, description="调休上班的周末")
    source: str = Field(default="", max_length=200, description="依据的通知")
