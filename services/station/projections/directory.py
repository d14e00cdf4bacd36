"""The station directory (联络站名录): every station this service keeps, where it is and what it serves."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Engine,
    Integer,
    MetaData,
    RowMapping,
    String,
    Table,
    Text,
    Uuid,
    select,
    update,
)
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.catalog.station import (
    StationClosed,
    StationRenamed,
    StationScheduleSet,
    StationSetUp,
    StationStaffAssigned,
    StationStandardChecked,
)
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection, RecordedEvent
from shared.readmodel.writes import insert_if_absent, upsert

METADATA = MetaData()

stations = Table(
    "station_directory",
    METADATA,
    Column("station_id", Uuid, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("host_place", String(200), nullable=False),
    Column("region_code", String(12), nullable=False, index=True),
    Column("township_region_code", String(12), nullable=False, index=True),
    Column("villages_served", Text, nullable=False),
    Column("schedule_kind", String(10), nullable=True),
    Column("days_of_month", Text, nullable=False, default="[]"),
    Column("weekday", Integer, nullable=True),
    Column("standard_items_met", Text, nullable=False, default="[]"),
    Column("standard_checked_on", Date, nullable=True),
    Column("closed", Boolean, nullable=False, default=False),
    Column("closed_reason", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False),
)

staff = Table(
    "station_staff",
    METADATA,
    Column("station_id", Uuid, primary_key=True),
    Column("role", String(20), primary_key=True),
    Column("person_name", String(50), primary_key=True),
    Column("deputy_id", Uuid, nullable=True),
)


def station_set_up(session: Session, event: Envelope[StationSetUp]) -> None:
    payload = event.payload
    upsert(
        session,
        stations,
        {
            "station_id": event.aggregate_id,
            "name": payload.name,
            "kind": payload.kind.value,
            "host_place": payload.host_place,
            "region_code": event.region_code,
            "township_region_code": payload.township_region_code,
            "villages_served": json.dumps(payload.villages_served),
            "days_of_month": "[]",
            "standard_items_met": "[]",
            "closed": False,
            "closed_reason": "",
            "version": event.aggregate_version,
        },
        key=["station_id"],
    )


def _change(session: Session, event: RecordedEvent, **values: Any) -> None:
    session.execute(
        update(stations)
        .where(stations.c.station_id == event.aggregate_id)
        .values(version=event.aggregate_version, **values)
    )


def staff_assigned(session: Session, event: Envelope[StationStaffAssigned]) -> None:
    payload = event.payload
    insert_if_absent(
        session,
        staff,
        {
            "station_id": event.aggregate_id,
            "role": payload.role.value,
            "person_name": payload.person_name,
            "deputy_id": payload.deputy_id,
        },
    )
    _change(session, event)


def schedule_set(session: Session, event: Envelope[StationScheduleSet]) -> None:
    payload = event.payload
    _change(
        session,
        event,
        schedule_kind=payload.kind.value,
        days_of_month=json.dumps(payload.days_of_month),
        weekday=payload.weekday,
    )


def standard_checked(session: Session, event: Envelope[StationStandardChecked]) -> None:
    payload = event.payload
    _change(
        session,
        event,
        standard_items_met=json.dumps([item.value for item in payload.items_met]),
        standard_checked_on=payload.checked_on,
    )


def renamed(session: Session, event: Envelope[StationRenamed]) -> None:
    _change(session, event, name=event.payload.name)


def closed(session: Session, event: Envelope[StationClosed]) -> None:
    _change(session, event, closed=True, closed_reason=event.payload.reason)


DIRECTORY = Projection(
    name=names.STATION_DIRECTORY,
    version=2,
    topics=(topics.STATION_STATION,),
    metadata=METADATA,
    handlers=(
        Handlers()
        .on(StationSetUp, station_set_up)
        .on(StationStaffAssigned, staff_assigned)
        .on(StationScheduleSet, schedule_set)
        .on(StationStandardChecked, standard_checked)
        .on(StationRenamed, renamed)
        .on(StationClosed, closed)
    ),
)


def _station_row(row: RowMapping, staff_rows: Sequence[RowMapping]) -> dict[str, Any]:
    result = dict(row)
    for column in ("villages_served", "days_of_month", "standard_items_met"):
        result[column] = json.loads(result[column])
    result["staff"] = [
        {"role": s["role"], "person_name": s["person_name"], "deputy_id": s["deputy_id"]}
        for s in staff_rows
        if s["station_id"] == row["station_id"]
    ]
    return result


def list_stations(engine: Engine, *, within: str) -> list[dict[str, Any]]:
    """Stations inside a region prefix, by code and name."""
    query = (
        select(stations)
        .where(stations.c.region_code.startswith(within))
        .order_by(stations.c.region_code, stations.c.name)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
        staff_rows = (
            connection.execute(
                select(staff)
                .where(staff.c.station_id.in_([r["station_id"] for r in rows]))
                .order_by(staff.c.role, staff.c.person_name)
            )
            .mappings()
            .all()
        )
    return [_station_row(row, staff_rows) for row in rows]


def get_station(engine: Engine, *, station_id: UUID) -> dict[str, Any] | None:
    """One station with its staff, or None."""
    with engine.connect() as connection:
        row = connection.execute(select(stations).where(stations.c.station_id == station_id)).mappings().first()
        if row is None:
            return None
        staff_rows = (
            connection.execute(
                select(staff).where(staff.c.station_id == station_id).order_by(staff.c.role, staff.c.person_name)
            )
            .mappings()
            .all()
        )
    return _station_row(row, staff_rows)
