"""The holiday schedules every service keeps, fed by `HolidayScheduleLoaded`, and the calendar built from them."""

from __future__ import annotations

import json
from datetime import date
from weakref import WeakKeyDictionary

from sqlalchemy import Column, Connection, Engine, Integer, MetaData, String, Table, Text, select
from sqlalchemy.orm import Session

from shared.calendar import WorkingDayCalendar, YearSchedule
from shared.events import topics
from shared.events.catalog.county import HolidayScheduleLoaded
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.writes import upsert

METADATA = MetaData()

schedules = Table(
    "holiday_schedules",
    METADATA,
    Column("year", Integer, primary_key=True),
    Column("holidays", Text, nullable=False),
    Column("working_days", Text, nullable=False),
    Column("source", String(200), nullable=False),
    Column("version", Integer, nullable=False),
)


def schedule_loaded(session: Session, event: Envelope[HolidayScheduleLoaded]) -> None:
    payload = event.payload
    upsert(
        session,
        schedules,
        {
            "year": payload.year,
            "holidays": json.dumps([d.isoformat() for d in payload.holidays]),
            "working_days": json.dumps([d.isoformat() for d in payload.working_days]),
            "source": payload.source,
            "version": event.aggregate_version,
        },
        key=["year"],
    )


def holiday_projection(service: str) -> Projection:
    """The same projection in each service, under that service's name."""
    return Projection(
        name=names.holidays(service),
        version=1,
        topics=(topics.COUNTY_CALENDAR,),
        metadata=METADATA,
        handlers=Handlers().on(HolidayScheduleLoaded, schedule_loaded),
    )


def load_schedules(engine: Engine) -> list[YearSchedule]:
    with engine.connect() as connection:
        return _schedules(connection)


def _schedules(connection: Connection) -> list[YearSchedule]:
    rows = connection.execute(select(schedules).order_by(schedules.c.year)).mappings().all()
    return [
        YearSchedule(
            year=row["year"],
            holidays=frozenset(date.fromisoformat(d) for d in json.loads(row["holidays"])),
            working_days=frozenset(date.fromisoformat(d) for d in json.loads(row["working_days"])),
            source=row["source"],
        )
        for row in rows
    ]


# Each database's calendar as last built, under the (year, version) of every schedule it was built from.
_built: WeakKeyDictionary[Engine, tuple[tuple[tuple[int, int], ...], WorkingDayCalendar]] = WeakKeyDictionary()


def working_day_calendar(engine: Engine) -> WorkingDayCalendar:
    """The calendar as of the schedules loaded so far; built again only when one of them has changed.

    Every command with a deadline asks for it: reading the schedules' versions is one small query,
    where parsing every year's dates again took a third of a referral's time.
    """
    with engine.connect() as connection:
        stamp = tuple(
            (year, version)
            for year, version in connection.execute(
                select(schedules.c.year, schedules.c.version).order_by(schedules.c.year)
            )
        )
        built = _built.get(engine)
        if built is not None and built[0] == stamp:
            return built[1]
        # Read after the stamp: a schedule loaded in between is seen here and rebuilt on the next call.
        calendar = WorkingDayCalendar(_schedules(connection))
    _built[engine] = (stamp, calendar)
    return calendar
