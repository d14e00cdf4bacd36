"""The township's referral inbox (交办/转办台账): every referred opinion, where it went, and its answer.

Deadline colours (三色) are computed when asked, against a given day: red when the month is past with no
answer, yellow within five days of the due date, green otherwise; grey once answered or closed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    case,
    select,
)
from sqlalchemy.orm import Session

from services.township.projections.regions import Area
from shared.calendar import china_date
from shared.events import topics
from shared.events.catalog.township import (
    ReferralAnswered,
    ReferralClosed,
    ReferralMerged,
    ReferralOpenedV2,
    ReferralRouted,
)
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.keyset import Keyset, PageRequest, RowPage
from shared.readmodel.projection import Handlers, Projection, RecordedEvent
from shared.readmodel.writes import update_row, upsert

METADATA = MetaData()
WARNING_DAYS = 5

referrals = Table(
    "township_referrals",
    METADATA,
    Column("referral_id", Uuid, primary_key=True),
    Column("opinion_id", Uuid, nullable=False, unique=True),
    Column("station_id", Uuid, nullable=False, index=True),
    Column("region_code", String(12), nullable=False, index=True),
    Column("township_region_code", String(12), nullable=False, index=True),
    Column("category", String(50), nullable=False),
    Column("content", Text, nullable=False, doc="phone and ID card numbers masked"),
    Column("content_sealed", Text, nullable=True, doc="the words as written, sealed; null before they were"),
    Column("voter_sealed", Text, nullable=False),
    Column("voter_name_masked", String(50), nullable=False),
    Column("voter_phone_masked", String(30), nullable=False),
    Column("opinion_recorded_at", DateTime(timezone=True), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("answer_due", Date, nullable=False),
    Column("due_is_provisional", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("route", String(30), nullable=True),
    Column("routed_to", String(100), nullable=True),
    Column("deputy_id", Uuid, nullable=True),
    Column("merged_into", Uuid, nullable=True),
    Column("answer", Text, nullable=True),
    Column("answered_by", String(100), nullable=True),
    Column("answered_on", Date, nullable=True),
    Column("outcome", String(20), nullable=True),
    Column("outcome_reason", Text, nullable=True),
    Column("version", Integer, nullable=False),
)


def referral_opened(session: Session, event: Envelope[ReferralOpenedV2]) -> None:
    payload = event.payload
    upsert(
        session,
        referrals,
        {
            "referral_id": event.aggregate_id,
            "opinion_id": payload.opinion_id,
            "station_id": payload.station_id,
            "region_code": event.region_code,
            "township_region_code": payload.township_region_code,
            "category": payload.category,
            "content": payload.content,
            "content_sealed": payload.content_sealed,
            "voter_sealed": payload.voter.sealed,
            "voter_name_masked": payload.voter.name_masked,
            "voter_phone_masked": payload.voter.phone_masked,
            "opinion_recorded_at": payload.opinion_recorded_at,
            "opened_at": event.occurred_at,
            "answer_due": payload.answer_due,
            "due_is_provisional": payload.due_is_provisional,
            "status": "open",
            "version": event.aggregate_version,
        },
        key=["referral_id"],
    )


def _change(session: Session, event: RecordedEvent, **values: Any) -> None:
    update_row(session, referrals, {"referral_id": event.aggregate_id}, version=event.aggregate_version, **values)


def referral_routed(session: Session, event: Envelope[ReferralRouted]) -> None:
    p = event.payload
    _change(session, event, status="routed", route=p.route.value, routed_to=p.routed_to, deputy_id=p.deputy_id)


def referral_merged(session: Session, event: Envelope[ReferralMerged]) -> None:
    _change(session, event, status="merged", merged_into=event.payload.merged_into)


def referral_answered(session: Session, event: Envelope[ReferralAnswered]) -> None:
    p = event.payload
    _change(
        session,
        event,
        status="answered",
        answer=p.answer,
        answered_by=p.answered_by,
        answered_on=china_date(event.occurred_at),
    )


def referral_closed(session: Session, event: Envelope[ReferralClosed]) -> None:
    p = event.payload
    values: dict[str, Any] = {"outcome": p.outcome.value, "outcome_reason": p.reason}
    if p.outcome.value == "solved":
        values["status"] = "closed"
    else:
        # Still owed an answer: an answered referral stays answered, an unanswered one is in coordination.
        values["status"] = case((referrals.c.answered_on.is_(None), "in_coordination"), else_=referrals.c.status)
    _change(session, event, **values)


INBOX = Projection(
    name=names.TOWNSHIP_INBOX,
    version=3,
    topics=(topics.TOWNSHIP_REFERRAL,),
    metadata=METADATA,
    handlers=(
        Handlers()
        .on(ReferralOpenedV2, referral_opened)
        .on(ReferralRouted, referral_routed)
        .on(ReferralMerged, referral_merged)
        .on(ReferralAnswered, referral_answered)
        .on(ReferralClosed, referral_closed)
    ),
)


def deadline_colour(*, due: date, answered_on: date | None, status: str, today: date) -> str:
    """三色督办: red past due and unanswered, yellow close to it, green in time, grey once answered or solved."""
    if answered_on is not None or status == "closed":
        return "grey"
    if today > due:
        return "red"
    if today >= due - timedelta(days=WARNING_DAYS):
        return "yellow"
    return "green"


INBOX_ORDER = Keyset(
    "township.referrals", (referrals.c.answer_due, referrals.c.opinion_recorded_at, referrals.c.referral_id)
)
"""The inbox's order: the earliest answer due first."""


def inbox_page(
    engine: Engine,
    *,
    area: Area,
    today: date,
    page: PageRequest,
    status: str | None = None,
    route: str | None = None,
    colour: str | None = None,
    station_id: UUID | None = None,
) -> RowPage:
    """One page of the referrals from stations inside the area, oldest due first, each with its deadline colour."""
    query = select(referrals).where(area.may_hold(referrals.c.region_code))
    if status is not None:
        query = query.where(referrals.c.status == status)
    if route is not None:
        query = query.where(referrals.c.route == route)
    if station_id is not None:
        query = query.where(referrals.c.station_id == station_id)

    def shape(row: dict[str, Any]) -> dict[str, Any] | None:
        if not area.holds(row["region_code"]):
            return None
        row["colour"] = deadline_colour(
            due=row["answer_due"], answered_on=row["answered_on"], status=row["status"], today=today
        )
        row["overdue"] = row["colour"] == "red"
        row["answered_in_time"] = row["answered_on"] is not None and row["answered_on"] <= row["answer_due"]
        return row if colour is None or row["colour"] == colour else None

    with engine.connect() as connection:
        return INBOX_ORDER.read_page(connection, query, page, shape=shape)


def get_referral(engine: Engine, *, referral_id: UUID) -> dict[str, Any] | None:
    with engine.connect() as connection:
        row = connection.execute(select(referrals).where(referrals.c.referral_id == referral_id)).mappings().first()
    return None if row is None else dict(row)
