"""The township's copy of the county's roster (代表名册): who a referral may be routed through.

Fed by the county's roster events. A route to a deputy is checked here, at the source: the deputy must be
on the roster, in office, and of the congress the route needs (the county's for a suggestion, the city's
for the city route). A deputy who left office stays on it, marked so.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Boolean, Column, Engine, MetaData, String, Table, Uuid, select
from sqlalchemy.orm import Session

from services.township.domain.route_deputy import RouteDeputy
from shared.events import topics
from shared.events.catalog.county import DeputyElectedV2, DeputyLeftOffice
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.writes import update_row, upsert

METADATA = MetaData()

roster = Table(
    "township_roster",
    METADATA,
    Column("deputy_id", Uuid, primary_key=True),
    Column("name", String(50), nullable=False),
    Column("level", String(20), nullable=False),
    Column("congress_region_code", String(12), nullable=False, index=True),
    Column("serving", Boolean, nullable=False),
)


def deputy_elected(session: Session, event: Envelope[DeputyElectedV2]) -> None:
    payload = event.payload
    upsert(
        session,
        roster,
        {
            "deputy_id": event.aggregate_id,
            "name": payload.name,
            "level": payload.level.value,
            "congress_region_code": payload.congress_region_code,
            "serving": True,
        },
        key=["deputy_id"],
    )


def deputy_left_office(session: Session, event: Envelope[DeputyLeftOffice]) -> None:
    update_row(session, roster, {"deputy_id": event.aggregate_id}, serving=False)


ROSTER = Projection(
    name=names.TOWNSHIP_ROSTER,
    version=1,
    topics=(topics.COUNTY_DEPUTY,),
    metadata=METADATA,
    handlers=Handlers().on(DeputyElectedV2, deputy_elected).on(DeputyLeftOffice, deputy_left_office),
)


def route_deputy(engine: Engine, *, deputy_id: UUID) -> RouteDeputy | None:
    """The deputy as the roster has them, for checking a route through them; None when not on it."""
    query = select(roster.c.level, roster.c.congress_region_code, roster.c.serving).where(
        roster.c.deputy_id == deputy_id
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    return RouteDeputy(
        level=str(row.level), congress_region_code=str(row.congress_region_code), serving=bool(row.serving)
    )
