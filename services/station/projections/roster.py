"""The station tier's copy of the deputy roster: who the county knows, and who sits in which station.

Fed by the county's roster events; check-ins are later validated against it. A deputy who left
office stays known (the ledgers still name them) but sits in no station any more.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, Column, Engine, MetaData, String, Table, Uuid, delete, select, update
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.catalog.county import (
    DeputyAttachedToStation,
    DeputyDetachedFromStation,
    DeputyElectedV2,
    DeputyLeftOffice,
)
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.writes import insert_if_absent, upsert

METADATA = MetaData()

known_deputies = Table(
    "station_known_deputies",
    METADATA,
    Column("deputy_id", Uuid, primary_key=True),
    Column("name", String(50), nullable=False),
    Column("level", String(20), nullable=False),
    Column("resident_region_code", String(12), nullable=False),
    Column("serving", Boolean, nullable=False),
    Column("left_reason", String(30), nullable=True),
)

station_deputies = Table(
    "station_deputies",
    METADATA,
    Column("station_id", Uuid, primary_key=True),
    Column("deputy_id", Uuid, primary_key=True),
    Column("station_region_code", String(12), nullable=False, index=True),
)


def deputy_elected(session: Session, event: Envelope[DeputyElectedV2]) -> None:
    upsert(
        session,
        known_deputies,
        {
            "deputy_id": event.aggregate_id,
            "name": event.payload.name,
            "level": event.payload.level.value,
            "resident_region_code": event.payload.resident_region_code,
            "serving": True,
            "left_reason": None,
        },
        key=["deputy_id"],
    )


def deputy_attached(session: Session, event: Envelope[DeputyAttachedToStation]) -> None:
    insert_if_absent(
        session,
        station_deputies,
        {
            "station_id": event.payload.station_id,
            "deputy_id": event.aggregate_id,
            "station_region_code": event.payload.station_region_code,
        },
    )


def deputy_detached(session: Session, event: Envelope[DeputyDetachedFromStation]) -> None:
    session.execute(
        delete(station_deputies).where(
            station_deputies.c.station_id == event.payload.station_id,
            station_deputies.c.deputy_id == event.aggregate_id,
        )
    )


def deputy_left_office(session: Session, event: Envelope[DeputyLeftOffice]) -> None:
    session.execute(delete(station_deputies).where(station_deputies.c.deputy_id == event.aggregate_id))
    session.execute(
        update(known_deputies)
        .where(known_deputies.c.deputy_id == event.aggregate_id)
        .values(serving=False, left_reason=event.payload.reason.value)
    )


ROSTER = Projection(
    name=names.STATION_ROSTER,
    version=2,
    topics=(topics.COUNTY_DEPUTY,),
    metadata=METADATA,
    handlers=(
        Handlers()
        .on(DeputyElectedV2, deputy_elected)
        .on(DeputyAttachedToStation, deputy_attached)
        .on(DeputyDetachedFromStation, deputy_detached)
        .on(DeputyLeftOffice, deputy_left_office)
    ),
)


def deputies_of_station(engine: Engine, *, station_id: UUID) -> list[dict[str, Any]]:
    """The deputies attached to a station, by name."""
    query = (
        select(known_deputies.c.deputy_id, known_deputies.c.name, known_deputies.c.level)
        .join(station_deputies, station_deputies.c.deputy_id == known_deputies.c.deputy_id)
        .where(station_deputies.c.station_id == station_id)
        .order_by(known_deputies.c.name, known_deputies.c.deputy_id)
    )
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]
