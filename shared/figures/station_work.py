"""A copy of the stations' work (联络站工作统计), built from the stations' own events.

The township keeps one for its stations and the county one for every station in its scope; both count
from the same facts as the station's ledger, so their figures for a station equal the station's own
month summary. Facts from different topics (a station's opinion, the township's
answer to it, the county's roster) can arrive in any order on a replay, so each lives in its own
table keyed by its own id and they are joined when asked, never while applying an event.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, String, Table, Text, Uuid, delete
from sqlalchemy.orm import Session

from shared.calendar import china_date
from shared.events import topics
from shared.events.catalog.county import (
    DeputyAttachedToStation,
    DeputyDetachedFromStation,
    DeputyElectedV2,
    DeputyLeftOffice,
)
from shared.events.catalog.station import (
    DeputyCheckedIn,
    DeputyLeaveRequested,
    OpinionRecordedV2,
    OpinionReferredV2,
    OpinionSolvedOnSpot,
    ReceptionHeld,
    ReceptionScheduled,
    StationClosed,
    StationRenamed,
    StationScheduleSet,
    StationSetUp,
    StationStandardChecked,
)
from shared.events.catalog.township import ReferralAnswered, ReferralClosed, ReferralRouted
from shared.events.envelope import Envelope
from shared.readmodel.projection import Handlers, Projection, RecordedEvent
from shared.readmodel.writes import insert_if_absent, update_row, upsert

METADATA = MetaData()

stations = Table(
    "station_work_stations",
    METADATA,
    Column("station_id", Uuid, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("region_code", String(12), nullable=False, index=True),
    Column("township_region_code", String(12), nullable=False, index=True),
    Column("schedule_kind", String(10), nullable=True),
    Column("days_of_month", Text, nullable=False, default="[]"),
    Column("weekday", Integer, nullable=True),
    Column("standard_items_met", Text, nullable=False, default="[]"),
    Column("standard_checked_on", Date, nullable=True),
    Column("closed", Boolean, nullable=False, default=False),
    Column("closed_on", Date, nullable=True, doc="Beijing date of the closure"),
)

receptions = Table(
    "station_work_receptions",
    METADATA,
    Column("reception_id", Uuid, primary_key=True),
    Column("station_id", Uuid, nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("scheduled_on", Date, nullable=False),
    Column("from_schedule", Boolean, nullable=False),
    Column("held_on", Date, nullable=True),
    Column("voters_received", Integer, nullable=False, default=0),
)

attendance = Table(
    "station_work_attendance",
    METADATA,
    Column("reception_id", Uuid, primary_key=True),
    Column("deputy_id", Uuid, primary_key=True),
    Column("station_id", Uuid, nullable=False, index=True),
    Column("status", String(20), nullable=False),
)

opinions = Table(
    "station_work_opinions",
    METADATA,
    Column("opinion_id", Uuid, primary_key=True),
    Column("station_id", Uuid, nullable=False, index=True),
    Column("recorded_on", Date, nullable=False, doc="Beijing date of occurred_at"),
    Column("status", String(20), nullable=False),
    Column("answer_due", Date, nullable=True),
)

# The township's own handling of an opinion, keyed by the opinion it concerns: it may be applied
# before the station's opinion on a replay, and is joined to it on read.
referrals = Table(
    "station_work_referrals",
    METADATA,
    Column("opinion_id", Uuid, primary_key=True),
    Column("referral_id", Uuid, nullable=False, index=True),
    Column("route", String(30), nullable=True),
    Column("routed_on", Date, nullable=True),
    Column("answered_on", Date, nullable=True),
    Column("outcome", String(20), nullable=True),
    Column("outcome_on", Date, nullable=True),
)

deputies = Table(
    "station_work_deputies",
    METADATA,
    Column("deputy_id", Uuid, primary_key=True),
    Column("name", String(50), nullable=False),
    Column("level", String(20), nullable=False),
    Column("holds_leading_office", Boolean, nullable=False),
    Column("is_public_servant", Boolean, nullable=False),
    Column("serving", Boolean, nullable=False),
    Column("left_reason", String(30), nullable=True),
)

# Every 九有 check, so a period's figures use the checklist as it stood at the period's end.
standard_checks = Table(
    "station_work_standard_checks",
    METADATA,
    Column("station_id", Uuid, primary_key=True),
    Column("checked_on", Date, primary_key=True),
    Column("items_met", Integer, nullable=False),
)

attachments = Table(
    "station_work_attachments",
    METADATA,
    Column("station_id", Uuid, primary_key=True),
    Column("deputy_id", Uuid, primary_key=True),
)


def station_set_up(session: Session, event: Envelope[StationSetUp]) -> None:
    payload = event.payload
    upsert(
        session,
        stations,
        {
            "station_id": event.aggregate_id,
            "name": payload.name,
            "kind": payload.kind.value,
            "region_code": event.region_code,
            "township_region_code": payload.township_region_code,
            "schedule_kind": None,
            "days_of_month": "[]",
            "weekday": None,
            "standard_items_met": "[]",
            "standard_checked_on": None,
            "closed": False,
            "closed_on": None,
        },
        key=["station_id"],
    )


def _station_change(session: Session, event: RecordedEvent, **values: Any) -> None:
    update_row(session, stations, {"station_id": event.aggregate_id}, **values)


def schedule_set(session: Session, event: Envelope[StationScheduleSet]) -> None:
    payload = event.payload
    _station_change(
        session,
        event,
        schedule_kind=payload.kind.value,
        days_of_month=json.dumps(payload.days_of_month),
        weekday=payload.weekday,
    )


def standard_checked(session: Session, event: Envelope[StationStandardChecked]) -> None:
    payload = event.payload
    items = sorted({item.value for item in payload.items_met})
    _station_change(session, event, standard_items_met=json.dumps(items), standard_checked_on=payload.checked_on)
    upsert(
        session,
        standard_checks,
        {"station_id": event.aggregate_id, "checked_on": payload.checked_on, "items_met": len(items)},
        key=["station_id", "checked_on"],
    )


def station_renamed(session: Session, event: Envelope[StationRenamed]) -> None:
    _station_change(session, event, name=event.payload.name)


def station_closed(session: Session, event: Envelope[StationClosed]) -> None:
    _station_change(session, event, closed=True, closed_on=china_date(event.occurred_at))


def reception_scheduled(session: Session, event: Envelope[ReceptionScheduled]) -> None:
    payload = event.payload
    upsert(
        session,
        receptions,
        {
            "reception_id": event.aggregate_id,
            "station_id": payload.station_id,
            "kind": payload.kind.value,
            "scheduled_on": payload.scheduled_on,
            "from_schedule": payload.from_schedule,
            "held_on": None,
            "voters_received": 0,
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
    )


def _attendance(
    session: Session, event: Envelope[DeputyCheckedIn] | Envelope[DeputyLeaveRequested], *, status: str
) -> None:
    upsert(
        session,
        attendance,
        {
            "reception_id": event.aggregate_id,
            "deputy_id": event.payload.deputy_id,
            "station_id": event.payload.station_id,
            "status": status,
        },
        key=["reception_id", "deputy_id"],
    )


def deputy_checked_in(session: Session, event: Envelope[DeputyCheckedIn]) -> None:
    _attendance(session, event, status="checked_in")


def deputy_leave_requested(session: Session, event: Envelope[DeputyLeaveRequested]) -> None:
    _attendance(session, event, status="on_leave")


def opinion_recorded(session: Session, event: Envelope[OpinionRecordedV2]) -> None:
    upsert(
        session,
        opinions,
        {
            "opinion_id": event.aggregate_id,
            "station_id": event.payload.station_id,
            "recorded_on": china_date(event.occurred_at),
            "status": "recorded",
            "answer_due": None,
        },
        key=["opinion_id"],
    )


def opinion_solved_on_spot(session: Session, event: Envelope[OpinionSolvedOnSpot]) -> None:
    update_row(session, opinions, {"opinion_id": event.aggregate_id}, status="solved_on_spot")


def opinion_referred(session: Session, event: Envelope[OpinionReferredV2]) -> None:
    update_row(
        session, opinions, {"opinion_id": event.aggregate_id}, status="referred", answer_due=event.payload.answer_due
    )


def _referral(
    session: Session,
    event: Envelope[ReferralRouted] | Envelope[ReferralAnswered] | Envelope[ReferralClosed],
    **values: Any,
) -> None:
    upsert(
        session,
        referrals,
        {"opinion_id": event.payload.opinion_id, "referral_id": event.aggregate_id, **values},
        key=["opinion_id"],
    )


def referral_routed(session: Session, event: Envelope[ReferralRouted]) -> None:
    _referral(session, event, route=event.payload.route.value, routed_on=china_date(event.occurred_at))


def referral_answered(session: Session, event: Envelope[ReferralAnswered]) -> None:
    _referral(session, event, answered_on=china_date(event.occurred_at))


def referral_closed(session: Session, event: Envelope[ReferralClosed]) -> None:
    _referral(session, event, outcome=event.payload.outcome.value, outcome_on=china_date(event.occurred_at))


def deputy_elected(session: Session, event: Envelope[DeputyElectedV2]) -> None:
    payload = event.payload
    upsert(
        session,
        deputies,
        {
            "deputy_id": event.aggregate_id,
            "name": payload.name,
            "level": payload.level.value,
            "holds_leading_office": payload.holds_leading_office,
            "is_public_servant": payload.is_public_servant,
            "serving": True,
            "left_reason": None,
        },
        key=["deputy_id"],
    )


def deputy_attached(session: Session, event: Envelope[DeputyAttachedToStation]) -> None:
    insert_if_absent(session, attachments, {"station_id": event.payload.station_id, "deputy_id": event.aggregate_id})


def deputy_detached(session: Session, event: Envelope[DeputyDetachedFromStation]) -> None:
    session.execute(
        delete(attachments).where(
            attachments.c.station_id == event.payload.station_id, attachments.c.deputy_id == event.aggregate_id
        )
    )


def deputy_left_office(session: Session, event: Envelope[DeputyLeftOffice]) -> None:
    # A deputy who left office sits in no station any more, as if detached from each.
    session.execute(delete(attachments).where(attachments.c.deputy_id == event.aggregate_id))
    update_row(
        session, deputies, {"deputy_id": event.aggregate_id}, serving=False, left_reason=event.payload.reason.value
    )


TOPICS = (
    topics.STATION_STATION,
    topics.STATION_RECEPTION,
    topics.STATION_OPINION,
    topics.TOWNSHIP_REFERRAL,
    topics.COUNTY_DEPUTY,
)


def station_work_projection(name: str, *, version: int) -> Projection:
    """The station-work read model under a service's own projection name (its consumer group and tracking rows)."""
    return Projection(
        name=name,
        version=version,
        topics=TOPICS,
        metadata=METADATA,
        handlers=(
            Handlers()
            .on(StationSetUp, station_set_up)
            .on(StationScheduleSet, schedule_set)
            .on(StationStandardChecked, standard_checked)
            .on(StationRenamed, station_renamed)
            .on(StationClosed, station_closed)
            .on(ReceptionScheduled, reception_scheduled)
            .on(ReceptionHeld, reception_held)
            .on(DeputyCheckedIn, deputy_checked_in)
            .on(DeputyLeaveRequested, deputy_leave_requested)
            .on(OpinionRecordedV2, opinion_recorded)
            .on(OpinionSolvedOnSpot, opinion_solved_on_spot)
            .on(OpinionReferredV2, opinion_referred)
            .on(ReferralRouted, referral_routed)
            .on(ReferralAnswered, referral_answered)
            .on(ReferralClosed, referral_closed)
            .on(DeputyElectedV2, deputy_elected)
            .on(DeputyAttachedToStation, deputy_attached)
            .on(DeputyDetachedFromStation, deputy_detached)
            .on(DeputyLeftOffice, deputy_left_office)
        ),
    )
