"""The station's ledgers, now live (一室一日一卡一册一台账):

- 活动记录 (`station_receptions`): every activity, scheduled and held, with voters received;
- 代表联系群众记录 (`station_attendance`): each deputy's check-in or leave at each activity;
- 建议意见记录 and 交办/转办记录 (`station_opinions`): every opinion, how it was handled, and the
  township's answer when its outcome events arrive.

Voters' contacts, and the opinion's words as written, are kept only as the sealed ciphertext and the
masks; the API opens them for the station and township roles that must answer the voter.
"""

from __future__ import annotations

import json

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, Text, Uuid
from sqlalchemy.orm import Session

from shared.calendar import china_date
from shared.events import topics
from shared.events.catalog.station import (
    DeputyCheckedIn,
    DeputyLeaveRequested,
    OpinionFeedbackGiven,
    OpinionRecordedV2,
    OpinionReferredV2,
    OpinionSolvedOnSpot,
    ReceptionHeld,
    ReceptionScheduled,
)
from shared.events.catalog.township import ReferralAnswered, ReferralClosed
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection
from shared.readmodel.writes import update_row, upsert

METADATA = MetaData()

receptions = Table(
    "station_receptions",
    METADATA,
    Column("reception_id", Uuid, primary_key=True),
    Column("station_id", Uuid, nullable=False, index=True),
    Column("region_code", String(12), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("title", String(200), nullable=False),
    Column("scheduled_on", Date, nullable=False),
    Column("from_schedule", Boolean, nullable=False),
    Column("held_on", Date, nullable=True),
    Column("voters_received", Integer, nullable=False, default=0),
    Column("topics", Text, nullable=False, default="[]"),
    Column("notes", Text, nullable=False, default=""),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

attendance = Table(
    "station_attendance",
    METADATA,
    Column("reception_id", Uuid, primary_key=True),
    Column("deputy_id", Uuid, primary_key=True),
    Column("station_id", Uuid, nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("reason", String(500), nullable=False, default=""),
    Column("at", DateTime(timezone=True), nullable=False),
)

opinions = Table(
    "station_opinions",
    METADATA,
    Column("opinion_id", Uuid, primary_key=True),
    Column("station_id", Uuid, nullable=False, index=True),
    Column("region_code", String(12), nullable=False, index=True),
    Column("reception_id", Uuid, nullable=True),
    Column("deputy_id", Uuid, nullable=True),
    Column("channel", String(20), nullable=False),
    Column("category", String(50), nullable=False),
    Column("content", Text, nullable=False, doc="phone and ID card numbers masked"),
    Column("content_sealed", Text, nullable=True, doc="the words as written, sealed; null before they were"),
    Column("place", String(200), nullable=False),
    Column("voter_sealed", Text, nullable=False),
    Column("voter_name_masked", String(50), nullable=False),
    Column("voter_phone_masked", String(30), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, doc="when it happened (occurred_at)"),
    Column("recorded_on", Date, nullable=False, doc="Beijing date it was recorded"),
    Column("uploaded_at", DateTime(timezone=True), nullable=False, doc="when the store recorded it"),
    Column("status", String(20), nullable=False),
    Column("resolution", Text, nullable=False, default=""),
    Column("township_region_code", String(12), nullable=True),
    Column("referred_at", DateTime(timezone=True), nullable=True),
    Column("answer_due", Date, nullable=True),
    Column("due_is_provisional", Boolean, nullable=False, default=False),
    Column("feedback_method", String(20), nullable=True),
    Column("feedback_given_on", Date, nullable=True),
)

# The township's outcomes arrive on another topic, so on replay they may come before the opinion
# itself: they get their own table, joined on read, and the result does not depend on that order.
outcomes = Table(
    "station_referral_outcomes",
    METADATA,
    Column("opinion_id", Uuid, primary_key=True),
    Column("answer", Text, nullable=True),
    Column("answered_by", String(100), nullable=True),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    Column("answered_on", Date, nullable=True),
    Column("outcome", String(20), nullable=True),
    Column("outcome_reason", Text, nullable=True),
)


def reception_scheduled(session: Session, event: Envelope[ReceptionScheduled]) -> None:
    payload = event.payload
    upsert(
        session,
        receptions,
        {
            "reception_id": event.aggregate_id,
            "station_id": payload.station_id,
            "region_code": event.region_code,
            "kind": payload.kind.value,
            "title": payload.title,
            "scheduled_on": payload.scheduled_on,
            "from_schedule": payload.from_schedule,
            "held_on": None,
            "voters_received": 0,
            "topics": "[]",
            "notes": "",
            "recorded_at": event.occurred_at,
        },
        key=["reception_id"],
    )


def reception_held(session: Session, event: Envelope[ReceptionHeld]) -> None:
    payload = event.payload
    update_row(
        session,
        receptions,
        {"reception_id": event.aggregate_id},
        held_on=payload.held_on,
        voters_received=payload.voters_received,
        topics=json.dumps(payload.topics, ensure_ascii=False),
        notes=payload.notes,
    )


def _attendance(
    session: Session,
    event: Envelope[DeputyCheckedIn] | Envelope[DeputyLeaveRequested],
    *,
    status: str,
    reason: str,
) -> None:
    upsert(
        session,
        attendance,
        {
            "reception_id": event.aggregate_id,
            "deputy_id": event.payload.deputy_id,
            "station_id": event.payload.station_id,
            "status": status,
            "reason": reason,
            "at": event.occurred_at,
        },
        key=["reception_id", "deputy_id"],
    )


def deputy_checked_in(session: Session, event: Envelope[DeputyCheckedIn]) -> None:
    _attendance(session, event, status="checked_in", reason="")


def deputy_leave_requested(session: Session, event: Envelope[DeputyLeaveRequested]) -> None:
    _attendance(session, event, status="on_leave", reason=event.payload.reason)


def opinion_recorded(session: Session, event: Envelope[OpinionRecordedV2]) -> None:
    payload = event.payload
    upsert(
        session,
        opinions,
        {
            "opinion_id": event.aggregate_id,
            "station_id": payload.station_id,
            "region_code": event.region_code,
            "reception_id": payload.reception_id,
            "deputy_id": payload.deputy_id,
            "channel": payload.channel.value,
            "category": payload.category,
            "content": payload.content,
            "content_sealed": payload.content_sealed,
            "place": payload.place,
            "voter_sealed": payload.voter.sealed,
            "voter_name_masked": payload.voter.name_masked,
            "voter_phone_masked": payload.voter.phone_masked,
            "recorded_at": event.occurred_at,
            "recorded_on": china_date(event.occurred_at),
            "uploaded_at": event.recorded_at,
            "status": "recorded",
            "resolution": "",
            "due_is_provisional": False,
        },
        key=["opinion_id"],
    )


def opinion_solved_on_spot(session: Session, event: Envelope[OpinionSolvedOnSpot]) -> None:
    update_row(
        session,
        opinions,
        {"opinion_id": event.aggregate_id},
        status="solved_on_spot",
        resolution=event.payload.resolution,
    )


def opinion_referred(session: Session, event: Envelope[OpinionReferredV2]) -> None:
    payload = event.payload
    update_row(
        session,
        opinions,
        {"opinion_id": event.aggregate_id},
        status="referred",
        township_region_code=payload.township_region_code,
        referred_at=event.occurred_at,
        answer_due=payload.answer_due,
        due_is_provisional=payload.due_is_provisional,
    )


def opinion_feedback_given(session: Session, event: Envelope[OpinionFeedbackGiven]) -> None:
    update_row(
        session,
        opinions,
        {"opinion_id": event.aggregate_id},
        feedback_method=event.payload.method.value,
        feedback_given_on=china_date(event.occurred_at),
    )


def referral_answered(session: Session, event: Envelope[ReferralAnswered]) -> None:
    payload = event.payload
    upsert(
        session,
        outcomes,
        {
            "opinion_id": payload.opinion_id,
            "answer": payload.answer,
            "answered_by": payload.answered_by,
            "answered_at": event.occurred_at,
            "answered_on": china_date(event.occurred_at),
        },
        key=["opinion_id"],
    )


def referral_closed(session: Session, event: Envelope[ReferralClosed]) -> None:
    payload = event.payload
    upsert(
        session,
        outcomes,
        {"opinion_id": payload.opinion_id, "outcome": payload.outcome.value, "outcome_reason": payload.reason},
        key=["opinion_id"],
    )


LEDGER = Projection(
    name=names.STATION_LEDGER,
    version=3,
    topics=(topics.STATION_RECEPTION, topics.STATION_OPINION, topics.TOWNSHIP_REFERRAL),
    metadata=METADATA,
    handlers=(
        Handlers()
        .on(ReceptionScheduled, reception_scheduled)
        .on(ReceptionHeld, reception_held)
        .on(DeputyCheckedIn, deputy_checked_in)
        .on(DeputyLeaveRequested, deputy_leave_requested)
        .on(OpinionRecordedV2, opinion_recorded)
        .on(OpinionSolvedOnSpot, opinion_solved_on_spot)
        .on(OpinionReferredV2, opinion_referred)
        .on(OpinionFeedbackGiven, opinion_feedback_given)
        .on(ReferralAnswered, referral_answered)
        .on(ReferralClosed, referral_closed)
    ),
)
