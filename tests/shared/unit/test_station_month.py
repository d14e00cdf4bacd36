"""A station's month: scheduled activity days against those held, voters received, opinions by status."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from shared.calendar import WorkingDayCalendar
from shared.figures.station_month import StationMonthRead, month_bounds, month_summary

STATION = {
    "station_id": UUID(int=7),
    "schedule_kind": "monthly",
    "days_of_month": [5, 20],
    "weekday": None,
}


def _opinion(
    status: str, *, due: date | None = None, in_time: bool = False, overdue: bool = False
) -> dict[str, object]:
    return {"status": status, "answer_due": due, "answered_in_time": in_time, "overdue": overdue}


def test_a_month_counts_its_scheduled_days_held_and_its_opinions_by_status() -> None:
    summary = month_summary(
        station=STATION,
        year=2026,
        month=3,
        calendar=WorkingDayCalendar(),
        held=[
            {"held_on": date(2026, 3, 5), "voters_received": 4},
            {"held_on": date(2026, 3, 11), "voters_received": 2},
        ],
        opinions=[
            _opinion("resolved_on_spot"),
            _opinion("answered", due=date(2026, 4, 1), in_time=True),
            _opinion("referred", due=date(2026, 3, 20), overdue=True),
        ],
    )

    assert StationMonthRead.model_validate(summary).model_dump() == {
        "station_id": UUID(int=7),
        "month": "2026-03",
        "scheduled_days": [date(2026, 3, 5), date(2026, 3, 20)],
        "schedule_is_provisional": False,
        "scheduled_days_held": 1,
        "activities_held": 2,
        "voters_received": 6,
        "opinions": 3,
        "opinions_by_status": {"resolved_on_spot": 1, "answered": 1, "referred": 1},
        "referred": 2,
        "answered_in_time": 1,
        "overdue": 1,
    }


def test_a_station_without_fixed_days_has_none_scheduled() -> None:
    summary = month_summary(
        station={**STATION, "schedule_kind": None},
        year=2026,
        month=2,
        calendar=WorkingDayCalendar(),
        held=[],
        opinions=[],
    )

    assert (summary["scheduled_days"], summary["schedule_is_provisional"], summary["opinions"]) == ([], False, 0)


def test_a_month_ends_on_its_last_day() -> None:
    assert month_bounds(2028, 2) == (date(2028, 2, 1), date(2028, 2, 29))
    assert month_bounds(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
