"""Beijing time (UTC+8, no daylight saving): the calendar day a UTC instant falls on in China."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


def china_date(instant: datetime) -> date:
    """The date in China of an aware instant; deadlines count from this day, not the UTC one."""
    if instant.tzinfo is None:
        raise ValueError("an aware datetime is required")
    return instant.astimezone(CHINA).date()
