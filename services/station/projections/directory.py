"""The station directory (联络站名录): every station this service keeps, where it is and what it serves."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, Text, Uuid, select
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.envelope import Envelope
from shared.readmodel.projection import Projection
from shared.readmodel.writes import upsert

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
    Column("version", Integer, nullable=False),
)


def station_set_up(session: Session, event: Envelope[Any]) -> None:
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
            "version": event.aggregate_version,
        },
        key=["station_id"],
    )


DIRECTORY = Projection(
    name="station.directory",
    version=1,
    topics=(topics.STATION_STATION,),
    metadata=METADATA,
    handlers={"StationSetUp": station_set_up},
)


def list_stations(engine: Engine, *, within: str) -> list[dict[str, Any]]:
    """Stations inside a region prefix, by code and name."""
    query = (
        select(stations)
        .where(stations.c.region_code.startswith(within))
        .order_by(stations.c.region_code, stations.c.name)
    )
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(query).mappings()]
    for row in rows:
        row["villages_served"] = json.loads(row["villages_served"])
    return rows


def get_station(engine: Engine, *, station_id: Any) -> dict[str, Any] | None:
    with engine.connect() as connection:
        row = connection.execute(select(stations).where(stations.c.station_id == station_id)).mappings().first()
    if row is None:
        return None
    result = dict(row)
    result["villages_served"] = json.loads(result["villages_served"])
    return result
