"""The county's deputy roster (代表名册): every deputy, whether still serving, their stations and their groups."""

from __future__ import annotations

from enum import Enum
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, String, Table, Uuid, delete
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.catalog.county import (
    DeputyAttachedToStation,
    DeputyDetachedFromStation,
    DeputyElectedV2,
    DeputyJoinedGroup,
    DeputyLeftGroup,
    DeputyLeftOffice,
)
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection, RecordedEvent
from shared.readmodel.writes import insert_if_absent, update_row, upsert

METADATA = MetaData()


class DeputyStatus(str, Enum):
    """Serving (在任) or left office (已离任)."""

    SERVING = "serving"
    LEFT = "left"


deputies = Table(
    "county_deputies",
    METADATA,
    Column("deputy_id", Uuid, primary_key=True),
    Column("name", String(50), nullable=False),
    Column("level", String(20), nullable=False, index=True),
    Column("election", String(20), nullable=False),
    Column("term", Integer, nullable=False),
    Column("congress_region_code", String(12), nullable=False, index=True),
    Column("resident_region_code", String(12), nullable=False, index=True),
    Column("constituency", String(100), nullable=False),
    Column("holds_leading_office", Boolean, nullable=False),
    Column("is_public_servant", Boolean, nullable=False),
    Column("occupation", String(100), nullable=False),
    Column("specialty", String(100), nullable=False),
    Column("elected_on", Date, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("left_reason", String(30), nullable=True),
    Column("left_on", Date, nullable=True),
    Column("left_note", String(500), nullable=True),
    Column("version", Integer, nullable=False),
)

attachments = Table(
    "county_deputy_stations",
    METADATA,
    Column("deputy_id", Uuid, primary_key=True),
    Column("station_id", Uuid, primary_key=True),
    Column("station_region_code", String(12), nullable=False, index=True),
)

memberships = Table(
    "county_deputy_groups",
    METADATA,
    Column("deputy_id", Uuid, primary_key=True),
    Column("group_name", String(100), primary_key=True),
    Column("kind", String(20), nullable=False),
)


def deputy_elected(session: Session, event: Envelope[DeputyElectedV2]) -> None:
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
            "specialty": payload.specialty,
            "elected_on": payload.elected_on,
            "status": DeputyStatus.SERVING.value,
            "left_reason": None,
            "left_on": None,
            "left_note": None,
            "version": event.aggregate_version,
        },
        key=["deputy_id"],
    )


def deputy_attached(session: Session, event: Envelope[DeputyAttachedToStation]) -> None:
    insert_if_absent(
        session,
        attachments,
        {
            "deputy_id": event.aggregate_id,
            "station_id": event.payload.station_id,
            "station_region_code": event.payload.station_region_code,
        },
    )
    _update_deputy(session, event)


def deputy_detached(session: Session, event: Envelope[DeputyDetachedFromStation]) -> None:
    session.execute(
        delete(attachments).where(
            attachments.c.deputy_id == event.aggregate_id, attachments.c.station_id == event.payload.station_id
        )
    )
    _update_deputy(session, event)


def deputy_joined_group(session: Session, event: Envelope[DeputyJoinedGroup]) -> None:
    upsert(
        session,
        memberships,
        {"deputy_id": event.aggregate_id, "group_name": event.payload.group_name, "kind": event.payload.kind.value},
        key=["deputy_id", "group_name"],
    )
    _update_deputy(session, event)


def deputy_left_group(session: Session, event: Envelope[DeputyLeftGroup]) -> None:
    session.execute(
        delete(memberships).where(
            memberships.c.deputy_id == event.aggregate_id, memberships.c.group_name == event.payload.group_name
        )
    )
    _update_deputy(session, event)


def deputy_left_office(session: Session, event: Envelope[DeputyLeftOffice]) -> None:
    payload = event.payload
    session.execute(delete(attachments).where(attachments.c.deputy_id == event.aggregate_id))
    session.execute(delete(memberships).where(memberships.c.deputy_id == event.aggregate_id))
    _update_deputy(
        session,
        event,
        status=DeputyStatus.LEFT.value,
        left_reason=payload.reason.value,
        left_on=payload.left_on,
        left_note=payload.note,
    )


def _update_deputy(session: Session, event: RecordedEvent, **values: Any) -> None:
    update_row(session, deputies, {"deputy_id": event.aggregate_id}, version=event.aggregate_version, **values)


ROSTER = Projection(
    name=names.COUNTY_ROSTER,
    version=2,
    topics=(topics.COUNTY_DEPUTY,),
    metadata=METADATA,
    handlers=(
        Handlers()
        .on(DeputyElectedV2, deputy_elected)
        .on(DeputyAttachedToStation, deputy_attached)
        .on(DeputyDetachedFromStation, deputy_detached)
        .on(DeputyJoinedGroup, deputy_joined_group)
        .on(DeputyLeftGroup, deputy_left_group)
        .on(DeputyLeftOffice, deputy_left_office)
    ),
)
