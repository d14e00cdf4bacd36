"""The region directory (区划目录) as a table: each unit's name, kind, level and current parent.

Roll-ups by region read the parent from here, so a village moved to another township counts there
from the move on, and a rebuild from the topic gives the same tree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Engine, MetaData, String, Table, select, update
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.catalog.region import (
    RegionUnitKindChanged,
    RegionUnitRegistered,
    RegionUnitRenamed,
    RegionUnitReparented,
)
from shared.events.envelope import Envelope
from shared.events.region import RegionLevel, level_of
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection, RecordedEvent
from shared.readmodel.writes import upsert

METADATA = MetaData()

region_directory = Table(
    "county_region_units",
    METADATA,
    Column("code", String(12), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("level", String(20), nullable=False, index=True),
    Column("parent_code", String(12), nullable=True, index=True),
)


def unit_registered(session: Session, event: Envelope[RegionUnitRegistered]) -> None:
    p = event.payload
    upsert(
        session,
        region_directory,
        {
            "code": p.code,
            "name": p.name,
            "kind": p.kind.value,
            "level": level_of(p.code).value,
            "parent_code": p.parent_code,
        },
        key=("code",),
    )


# The later events set a column to the value the event states, so applying one twice changes nothing.
def unit_reparented(session: Session, event: Envelope[RegionUnitReparented]) -> None:
    _set(session, event, parent_code=event.payload.parent_code)


def unit_kind_changed(session: Session, event: Envelope[RegionUnitKindChanged]) -> None:
    _set(session, event, kind=event.payload.kind.value)


def unit_renamed(session: Session, event: Envelope[RegionUnitRenamed]) -> None:
    _set(session, event, name=event.payload.name)


def _set(session: Session, event: RecordedEvent, **values: Any) -> None:
    session.execute(update(region_directory).where(region_directory.c.code == event.region_code).values(**values))


REGIONS = Projection(
    name=names.COUNTY_REGIONS,
    version=1,
    topics=(topics.COUNTY_REGION,),
    metadata=METADATA,
    handlers=(
        Handlers()
        .on(RegionUnitRegistered, unit_registered)
        .on(RegionUnitReparented, unit_reparented)
        .on(RegionUnitKindChanged, unit_kind_changed)
        .on(RegionUnitRenamed, unit_renamed)
    ),
)


def list_region_units(
    engine: Engine, *, within: str | None = None, level: RegionLevel | None = None
) -> list[dict[str, Any]]:
    """The units whose code starts with the prefix `within` (all when None), optionally of one level, by code."""
    query = select(region_directory)
    if within:
        query = query.where(region_directory.c.code.startswith(within))
    if level is not None:
        query = query.where(region_directory.c.level == level.value)
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(query.order_by(region_directory.c.code)).mappings()]


def region_units(engine: Engine, *, within: str | None = None) -> dict[str, dict[str, Any]]:
    """Every unit whose code starts with the prefix `within` (e.g. "410327"; all when None), by code.

    Each row has `code`, `name`, `kind` (a RegionKind value), `level` (a RegionLevel value) and
    `parent_code` (None for a city).
    """
    return {row["code"]: row for row in list_region_units(engine, within=within)}


def region_unit(engine: Engine, *, code: str) -> dict[str, Any] | None:
    """One unit's row, or None when the code is not in the directory."""
    with engine.connect() as connection:
        row = connection.execute(select(region_directory).where(region_directory.c.code == code)).mappings().first()
    return None if row is None else dict(row)
