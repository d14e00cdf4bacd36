"""Use cases on the official holiday calendar."""

from __future__ import annotations

from datetime import date

from services.county.domain.holiday_schedule import HolidaySchedule, schedule_id
from shared.aggregate import Recorded
from shared.application import Commands


def load_holiday_schedule(
    commands: Commands,
    *,
    actor: str,
    year: int,
    holidays: list[date],
    working_days: list[date],
    source: str,
    scope_region_code: str,
) -> Recorded:
    """Load (or correct) a year's official schedule."""
    aggregate_id = schedule_id(year)
    store = commands.store
    schedule = (
        store.load(HolidaySchedule, aggregate_id) if store.exists(aggregate_id) else HolidaySchedule(aggregate_id)
    )
    schedule.load(
        year=year,
        holidays=holidays,
        working_days=working_days,
        source=source,
        scope_region_code=scope_region_code,
        ctx=commands.context(actor=actor),
    )
    return store.save(schedule)[0]
