"""Station oversight (联络站督导): the township's stations and how often it has supervised each."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Column, Date, Engine, MetaData, String, Table, Uuid, func, select
from sqlalchemy.orm import Session

from services.township.projections.regions import Area
from shared.events import topics
from shared.events.catalog.station import StationSetUp
from shared.events.catalog.township import StationSupervised
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.writes import insert_if_absent, upsert

METADATA = MetaData()

stations = Table(
    "township_stations",
    METADATA,
    Column("station_id", Uuid, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("region_code", String(12), nullable=False, index=True),
    Column("township_region_code", String(12), nullable=False, index=True),
)

visits = Table(
    "township_supervision_visits",
    METADATA,
    Column("supervision_id", Uuid, primary_key=True),
    Column("station_id", Uuid, nullable=False, index=True),
    Column("visited_on", Date, nullable=False),
)


def station_set_up(session: Session, event: Envelope[StationSetUp]) -> None:
    upsert(
        session,
        stations,
        {
            "station_id": event.aggregate_id,
            "name": event.payload.name,
            "kind": event.payload.kind.value,
            "region_code": event.region_code,
            "township_region_code": event.payload.township_region_code,
        },
        key=["station_id"],
    )


def station_supervised(session: Session, event: Envelope[StationSupervised]) -> None:
    insert_if_absent(
        session,
        visits,
        {
            "supervision_id": event.aggregate_id,
            "station_id": event.payload.station_id,
            "visited_on": event.payload.visited_on,
        },
    )


OVERSIGHT = Projection(
    name=names.TOWNSHIP_OVERSIGHT,
    version=1,
    topics=(topics.STATION_STATION, topics.TOWNSHIP_SUPERVISION),
    metadata=METADATA,
    handlers=(Handlers().on(StationSetUp, station_set_up).on(StationSupervised, station_supervised)),
)


def station_overview(engine: Engine, *, area: Area) -> list[dict[str, Any]]:
    """Each station inside the area, with its supervision count and last visit."""
    query = (
        select(
            stations.c.station_id,
            stations.c.name,
            stations.c.kind,
            stations.c.region_code,
            func.count(visits.c.supervision_id).label("supervisions"),
            func.max(visits.c.visited_on).label("last_supervised_on"),
        )
        .select_from(stations.outerjoin(visits, visits.c.station_id == stations.c.station_id))
        .where(area.may_hold(stations.c.region_code))
        .group_by(stations.c.station_id, stations.c.name, stations.c.kind, stations.c.region_code)
        .order_by(stations.c.region_code, stations.c.name)
    )
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings() if area.holds(row["region_code"])]


def station_region(engine: Engine, *, station_id: UUID) -> str | None:
    with engine.connect() as connection:
        row = connection.execute(select(stations.c.region_code).where(stations.c.station_id == station_id)).first()
    return None if row is None else str(row[0])
