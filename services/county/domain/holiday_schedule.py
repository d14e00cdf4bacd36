"""HolidaySchedule (节假日安排): one year's official schedule, loaded by an administrator as data.

The library's data ends at 2026 while deadlines set now fall in 2027; loading the State Council's
notice as an event makes every service's calendar, and every replay, agree on the same days.
"""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from shared.aggregate import Aggregate, CommandContext, applies
from shared.calendar import YearSchedule
from shared.events.catalog.county import HolidayScheduleLoaded


def schedule_id(year: int) -> UUID:
    """One aggregate per year, so a corrected notice is the next version of the same schedule."""
    return uuid5(NAMESPACE_URL, f"renda:holiday-schedule:{year}")


class HolidaySchedule(Aggregate):
    """The official holiday schedule of one year."""

    aggregate_type = "HolidaySchedule"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.year = 0

    def load(
        self,
        *,
        year: int,
        holidays: list[date],
        working_days: list[date],
        source: str,
        scope_region_code: str,
        ctx: CommandContext,
    ) -> None:
        """Record the year's schedule (first load or correction); refused if a date is impossible."""
        YearSchedule(year=year, holidays=frozenset(holidays), working_days=frozenset(working_days), source=source)
        self._record(
            HolidayScheduleLoaded(
                year=year, holidays=sorted(set(holidays)), working_days=sorted(set(working_days)), source=source
            ),
            ctx=ctx,
            region_code=scope_region_code,
        )

    @applies(HolidayScheduleLoaded)
    def _loaded(self, event: HolidayScheduleLoaded) -> None:
        self.year = event.year
