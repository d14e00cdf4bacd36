"""The township's copy of the county's region directory (区划目录): each unit's current parent.

What is "the township's" is drawn from it when asked, as the county's roll-up draws its tree: a village
the county moves to another township (`RegionUnitReparented`) belongs to that township with all its
history, and the township it left no longer reads it. A place the directory does not list hangs under
the parent its code implies, so without a directory every area is its code's prefix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Engine, MetaData, String, Table, or_, select
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.catalog.region import RegionUnitRegistered, RegionUnitReparented
from shared.events.envelope import Envelope
from shared.events.region import parent_of, prefix_of
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.writes import update_row, upsert

METADATA = MetaData()

region_parents = Table(
    "township_region_parents",
    METADATA,
    Column("code", String(12), primary_key=True),
    Column("parent_code", String(12), nullable=True, index=True),
)


def unit_registered(session: Session, event: Envelope[RegionUnitRegistered]) -> None:
    payload = event.payload
    upsert(session, region_parents, {"code": payload.code, "parent_code": payload.parent_code}, key=["code"])


def unit_reparented(session: Session, event: Envelope[RegionUnitReparented]) -> None:
    # Sets the parent the event states, so applying it twice changes nothing.
    update_row(session, region_parents, {"code": event.region_code}, parent_code=event.payload.parent_code)


REGIONS = Projection(
    name=names.TOWNSHIP_REGIONS,
    version=1,
    topics=(topics.COUNTY_REGION,),
    metadata=METADATA,
    handlers=Handlers().on(RegionUnitRegistered, unit_registered).on(RegionUnitReparented, unit_reparented),
)


@dataclass(frozen=True)
class Directory:
    """The region tree as the directory draws it now: each listed unit's parent."""

    parents: Mapping[str, str | None]

    def chain(self, code: str) -> list[str]:
        """The place and every place enclosing it, nearest first, up to the province."""
        chain: list[str] = []
        current: str | None = code
        while current is not None and current not in chain:
            chain.append(current)
            # A listed unit without a parent (a city) still lies in the province its code names.
            current = self.parents.get(current) or parent_of(current)
        return chain

    def lies_within(self, code: str, region_code: str) -> bool:
        """True when `code` is the region or lies inside it, as the directory draws it now."""
        return region_code in self.chain(code)

    def area(self, region_code: str) -> Area:
        """The region as the directory draws it now."""
        own = prefix_of(region_code)
        moved_in = {
            prefix_of(code) for code in self.parents if not code.startswith(own) and self.lies_within(code, region_code)
        }
        return Area(directory=self, region_code=region_code, prefixes=(own, *sorted(moved_in)))


@dataclass(frozen=True)
class Area:
    """A region as the directory draws it: the code prefixes its places can have, and which places it holds."""

    directory: Directory
    region_code: str
    prefixes: tuple[str, ...]
    """The region's own prefix and those of units moved into it from elsewhere; some places under them may
    have been moved out, which `holds` tells."""

    def holds(self, code: str) -> bool:
        """True when the place is the region's or lies inside it."""
        return self.directory.lies_within(code, self.region_code)

    def may_hold(self, column: Column[Any]) -> ColumnElement[bool]:
        """A filter for rows whose region code is under one of the area's prefixes (narrow it with `holds`)."""
        return or_(*(column.startswith(prefix) for prefix in self.prefixes))


def directory(engine: Engine) -> Directory:
    """The directory as the township has it now."""
    with engine.connect() as connection:
        rows = connection.execute(select(region_parents.c.code, region_parents.c.parent_code)).all()
    return Directory(parents={str(code): None if parent is None else str(parent) for code, parent in rows})
