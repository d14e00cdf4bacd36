"""The duty ledger (履职档案): every deputy's activity, projected from the events of all three tiers.

Nothing is typed twice: a check-in at a station, an opinion a deputy took, a suggestion led or
co-signed, a rating given, and the activities the county records once for all who attended each
become one entry per deputy. Entry ids derive from the event and the deputy, so a redelivered
event finds its entry already there and a rebuild gives the same ids. Reviews and rule sets are kept
beside the entries, not in them, so the order the topics arrive in does not matter.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    Row,
    String,
    Table,
    Text,
    Uuid,
    select,
    update,
)
from sqlalchemy.orm import Session

from shared.calendar import china_date
from shared.events import topics
from shared.events.catalog.duty import (
    DutyActivityKind,
    DutyActivityRecorded,
    DutyEntriesReviewed,
    LedgerItem,
    PointsRuleSetPublished,
)
from shared.events.catalog.station import (
    ActivityKind,
    DeputyCheckedIn,
    DeputyLeaveRequested,
    OpinionRecordedV2,
    ReceptionScheduled,
)
from shared.events.catalog.suggestion import (
    ReviewDecision,
    SuggestionCheckedOnSite,
    SuggestionRated,
    SuggestionReviewed,
    SuggestionSubmitted,
    SuggestionWithdrawn,
)
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection, RecordedEvent
from shared.readmodel.writes import insert_if_absent, row_by_key

METADATA = MetaData()

ledger = Table(
    "county_duty_ledger",
    METADATA,
    Column("entry_id", Uuid, primary_key=True),
    Column("deputy_id", Uuid, nullable=False, index=True),
    Column("year", Integer, nullable=False, index=True),
    Column("occurred_on", Date, nullable=False),
    Column("item", String(30), nullable=False),
    Column("title", String(200), nullable=False),
    Column("source_type", String(30), nullable=False),
    Column("source_id", Uuid, nullable=False, index=True),
    Column("event_type", String(60), nullable=False),
    Column("region_code", String(12), nullable=False),
    Column("counted", Boolean, nullable=False),
)

reviews = Table(
    "county_duty_reviews",
    METADATA,
    Column("entry_id", Uuid, primary_key=True),
    Column("deputy_id", Uuid, nullable=False, index=True),
    Column("stage", String(10), nullable=False),
    Column("verdict", String(10), nullable=False),
    Column("note", Text, nullable=False),
    Column("reviewed_by", String(100), nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

rule_sets = Table(
    "county_points_rule_sets",
    METADATA,
    Column("county_region_code", String(12), primary_key=True),
    Column("rule_version", Integer, primary_key=True),
    Column("effective_from_year", Integer, nullable=False),
    Column("payload", Text, nullable=False),
)

station_activities = Table(
    "county_duty_station_activities",
    METADATA,
    Column("reception_id", Uuid, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("title", String(200), nullable=False),
)

ACTIVITY_LABELS = {
    ActivityKind.RECEPTION_DAY: "代表联络站接待日",
    ActivityKind.ACTIVITY_DAY: "代表活动日",
    ActivityKind.VOTER_MEETING: "选民见面会",
    ActivityKind.INSPECTION: "视察",
    ActivityKind.SURVEY: "调研",
}

_STATION_ITEMS = {ActivityKind.INSPECTION: LedgerItem.INSPECTION, ActivityKind.SURVEY: LedgerItem.SURVEY}


def entry_id(event_id: UUID, deputy_id: UUID) -> UUID:
    """The ledger entry one event makes for one deputy."""
    return uuid5(event_id, str(deputy_id))


def _enter(
    session: Session, event: RecordedEvent, *, deputy_id: UUID, item: LedgerItem, title: str, on: date | None = None
) -> None:
    """One entry for one deputy, dated `on` (the business date the event names) or the day it occurred."""
    occurred_on = on or china_date(event.occurred_at)
    insert_if_absent(
        session,
        ledger,
        {
            "entry_id": entry_id(event.event_id, deputy_id),
            "deputy_id": deputy_id,
            "year": occurred_on.year,
            "occurred_on": occurred_on,
            "item": item.value,
            "title": title[:200],
            "source_type": event.aggregate_type,
            "source_id": event.aggregate_id,
            "event_type": event.event_type,
            "region_code": event.region_code,
            "counted": True,
        },
    )


def _station_activity(session: Session, reception_id: UUID) -> tuple[LedgerItem, str]:
    row = row_by_key(session, station_activities, {"reception_id": reception_id})
    if row is None:
        return LedgerItem.STATION_RECEPTION, ACTIVITY_LABELS[ActivityKind.RECEPTION_DAY]
    kind = ActivityKind(row["kind"])
    return _STATION_ITEMS.get(kind, LedgerItem.STATION_RECEPTION), row["title"] or ACTIVITY_LABELS[kind]


def reception_scheduled(session: Session, event: Envelope[ReceptionScheduled]) -> None:
    p = event.payload
    insert_if_absent(
        session,
        station_activities,
        {"reception_id": event.aggregate_id, "kind": p.kind.value, "title": p.title[:200]},
    )


def deputy_checked_in(session: Session, event: Envelope[DeputyCheckedIn]) -> None:
    item, title = _station_activity(session, event.aggregate_id)
    _enter(session, event, deputy_id=event.payload.deputy_id, item=item, title=title)


def deputy_leave_requested(session: Session, event: Envelope[DeputyLeaveRequested]) -> None:
    _, title = _station_activity(session, event.aggregate_id)
    _enter(session, event, deputy_id=event.payload.deputy_id, item=LedgerItem.LEAVE, title=title)


def opinion_recorded(session: Session, event: Envelope[OpinionRecordedV2]) -> None:
    p = event.payload
    if p.deputy_id is not None:
        _enter(session, event, deputy_id=p.deputy_id, item=LedgerItem.OPINION_TAKEN, title=f"群众意见（{p.category}）")


def suggestion_submitted(session: Session, event: Envelope[SuggestionSubmitted]) -> None:
    p = event.payload
    _enter(session, event, deputy_id=p.lead_deputy_id, item=LedgerItem.SUGGESTION_LED, title=p.title, on=p.received_on)
    for co_signer in p.co_signer_ids:
        _enter(
            session, event, deputy_id=co_signer, item=LedgerItem.SUGGESTION_CO_SIGNED, title=p.title, on=p.received_on
        )


def _suggestion_lead(session: Session, suggestion_id: UUID) -> Row[UUID, str] | None:
    return session.execute(
        select(ledger.c.deputy_id, ledger.c.title).where(
            ledger.c.source_id == suggestion_id, ledger.c.item == LedgerItem.SUGGESTION_LED.value
        )
    ).first()


def _void_suggestion(session: Session, suggestion_id: UUID) -> None:
    """A suggestion withdrawn or not accepted no longer counts for its lead and co-signers."""
    session.execute(
        update(ledger)
        .where(
            ledger.c.source_id == suggestion_id,
            ledger.c.item.in_([LedgerItem.SUGGESTION_LED.value, LedgerItem.SUGGESTION_CO_SIGNED.value]),
        )
        .values(counted=False)
    )


def suggestion_reviewed(session: Session, event: Envelope[SuggestionReviewed]) -> None:
    if event.payload.decision is ReviewDecision.NOT_ACCEPTED:
        _void_suggestion(session, event.aggregate_id)


def suggestion_withdrawn(session: Session, event: Envelope[SuggestionWithdrawn]) -> None:
    _void_suggestion(session, event.aggregate_id)


def suggestion_rated(session: Session, event: Envelope[SuggestionRated]) -> None:
    lead = _suggestion_lead(session, event.aggregate_id)
    title = lead.title if lead is not None else "建议办理测评"
    p = event.payload
    _enter(session, event, deputy_id=p.deputy_id, item=LedgerItem.RATING_GIVEN, title=title, on=p.rated_on)


def suggestion_checked_on_site(session: Session, event: Envelope[SuggestionCheckedOnSite]) -> None:
    lead = _suggestion_lead(session, event.aggregate_id)
    if lead is not None:
        on = event.payload.checked_on
        _enter(session, event, deputy_id=lead.deputy_id, item=LedgerItem.ON_SITE_CHECK, title=lead.title, on=on)


def duty_activity_recorded(session: Session, event: Envelope[DutyActivityRecorded]) -> None:
    p = event.payload
    item = LedgerItem(DutyActivityKind(p.kind).value)
    for deputy_id in p.attended:
        _enter(session, event, deputy_id=deputy_id, item=item, title=p.title, on=p.held_on)
    for deputy_id in p.excused:
        _enter(session, event, deputy_id=deputy_id, item=LedgerItem.LEAVE, title=p.title, on=p.held_on)


def entries_reviewed(session: Session, event: Envelope[DutyEntriesReviewed]) -> None:
    """The latest stage and verdict of each entry; an older event redelivered changes nothing."""
    p = event.payload
    for reviewed in p.entry_ids:
        values = {
            "deputy_id": p.deputy_id,
            "stage": p.stage.value,
            "verdict": p.verdict.value,
            "note": p.note,
            "reviewed_by": event.actor,
            "reviewed_at": event.recorded_at,
            "version": event.aggregate_version,
        }
        if not insert_if_absent(session, reviews, {"entry_id": reviewed, **values}):
            session.execute(
                update(reviews)
                .where(reviews.c.entry_id == reviewed, reviews.c.version < event.aggregate_version)
                .values(**values)
            )


def rule_set_published(session: Session, event: Envelope[PointsRuleSetPublished]) -> None:
    insert_if_absent(
        session,
        rule_sets,
        {
            "county_region_code": event.region_code,
            "rule_version": event.payload.rule_version,
            "effective_from_year": event.payload.effective_from_year,
            "payload": event.payload.model_dump_json(),
        },
    )


DUTY_LEDGER = Projection(
    name=names.COUNTY_DUTY_LEDGER,
    version=1,
    topics=(
        topics.STATION_RECEPTION,
        topics.STATION_OPINION,
        topics.COUNTY_SUGGESTION,
        topics.COUNTY_DUTY_ACTIVITY,
        topics.COUNTY_DUTY_RECORD,
        topics.COUNTY_POINTS_RULE,
    ),
    metadata=METADATA,
    handlers=(
        Handlers()
        .on(ReceptionScheduled, reception_scheduled)
        .on(DeputyCheckedIn, deputy_checked_in)
        .on(DeputyLeaveRequested, deputy_leave_requested)
        .on(OpinionRecordedV2, opinion_recorded)
        .on(SuggestionSubmitted, suggestion_submitted)
        .on(SuggestionReviewed, suggestion_reviewed)
        .on(SuggestionWithdrawn, suggestion_withdrawn)
        .on(SuggestionRated, suggestion_rated)
        .on(SuggestionCheckedOnSite, suggestion_checked_on_site)
        .on(DutyActivityRecorded, duty_activity_recorded)
        .on(DutyEntriesReviewed, entries_reviewed)
        .on(PointsRuleSetPublished, rule_set_published)
    ),
)
