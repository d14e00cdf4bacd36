"""The holiday data shipped in the `chinese_calendar` library, for the years it covers."""

from __future__ import annotations

from datetime import date

import chinese_calendar  # type: ignore[import-untyped]


def published_is_working_day(day: date) -> bool | None:
    """Whether the library has people at work on a day; None for a year it has no data for."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        # The library signals an uncovered year this way; asking it keeps us right across upgrades.
        return None
