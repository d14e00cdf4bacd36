"""The county's deputy roster (代表名册): every deputy and the stations they are attached to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, String, Table, Uuid, delete
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.envelope import Envelope
from shared.readmodel.projection import Projection
from shared.readmodel.writes import insert_if_absent, upsert

METADATA = MetaData()

deputies = Table(
    "county_deputies",
    METADATA,
    Column("deputy_id", Uuid, primary_key=True),
    Column("name", String(50), nullable=False),
    Column("level", String(20), nullable=False),
    Column("election", String(20), nullable=False),
    Column("term", Integer, nullable=False),
    Column("congress_region_code", String(12), nullable=False, index=True),
    Column("resident_region_code", String(12), nullable=False, index=True),
    Column("constituency", String(100), nullable=False),
    Column("holds_leading_office", Boolean, nullable=False),
    Column("is_public_servant", Boolean, nullable=False),
    Column("occupation", String(100), nullable=False),
    Column("elected_on", Date, nullable=False),
    Column("version", Integer, nullable=False),
)

attachments = Table(
    "county_deputy_stations",
    METADATA,
    Column("deputy_id", Uuid, primary_key=True),
    Column("station_id", Uuid, primary_key=True),
    Column("station_region_code", String(12), nullable=False, index=True),
)


def deputy_elected(session: Session, event: Envelope[Any]) -> None:
    payload = event.payload
    upsert(
        session,
        deputies,
        {
            "deputy_id": event.aggregate_id,
            "name": payload.name,
            "level": payload.level.value,
            "election": payload.election.value,
            "term": payload.term,
            "congress_region_code": payload.congress_region_code,
            "resident_region_code": payload.resident_region_code,
            "constituency": payload.constituency,
            "holds_leading_office": payload.holds_leading_office,
            "is_public_servant": payload.is_public_servant,
            "occupation": payload.occupation,
            "elected_on": payload.elected_on,
            "version": event.aggregate_version,
        },
        key=["deputy_id"],
    )


def deputy_attached(session: Session, event: Envelope[Any]) -> None:
    insert_if_absent(
        session,
        attachments,
        {
            "deputy_id": event.aggregate_id,
            "station_id": event.payload.station_id,
            "station_region_code": event.payload.station_region_code,
        },
    )
    _bump_version(session, event)


def deputy_detached(session: Session, event: Envelope[Any]) -> None:
    session.execute(
        delete(attachments).where(
            attachments.c.deputy_id == event.aggregate_id, attachments.c.station_id == event.payload.station_id
        )
    )
    _bump_version(session, event)


def _bump_version(session: Session, event: Envelope[Any]) -> None:
    session.execute(
        deputies.update().where(deputies.c.deputy_id == event.aggregate_id).values(version=event.aggregate_version)
    )


ROSTER = Projection(
    name="county.roster",
    version=1,
    topics=(topics.COUNTY_DEPUTY,),
    metadata=METADATA,
    handlers={
        "DeputyElected": deputy_elected,
        "DeputyAttachedToStation": deputy_attached,
        "DeputyDetachedFromStation": deputy_detached,
    },
)
