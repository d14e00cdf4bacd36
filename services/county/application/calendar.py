"""Use cases on the official holiday calendar."""

from __future__ import annotations

from services.county.application.calendar_commands import LoadHolidaySchedule
from services.county.application.context import CountyContext
from services.county.application.steps import run_on_or_start
from services.county.domain.holiday_schedule import HolidaySchedule, schedule_id
from shared.aggregate import Recorded


def load_holiday_schedule(command: LoadHolidaySchedule, ctx: CountyContext) -> Recorded:
    """Load (or correct) a year's official schedule, for the whole of this deployment's scope."""
    aggregate_id = schedule_id(command.year)
    return run_on_or_start(
        ctx.commands,
        HolidaySchedule,
        aggregate_id,
        lambda: HolidaySchedule(aggregate_id),
        actor=ctx.actor,
        step=command.step,
        command=lambda schedule, at: schedule.load(
            year=command.year,
            holidays=command.holidays,
            working_days=command.working_days,
            source=command.source,
            scope_region_code=ctx.scope_region_code,
            ctx=at,
        ),
        command_id=command.command_id,
    )
