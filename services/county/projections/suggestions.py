"""The suggestion tracking read model (建议办理跟踪): one row per suggestion, its units, and its timeline.

Every change to a suggestion's row is guarded by the event's aggregate version, so a redelivered event
changes nothing even without the runner's tracking row. Figures are counted from these rows only.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, Text, Uuid, update
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.catalog.suggestion import (
    ContactMethod,
    CoUnitOpinionGiven,
    ReplyResult,
    SuggestionAssigned,
    SuggestionCheckedOnSite,
    SuggestionClosed,
    SuggestionContactLogged,
    SuggestionExtensionApproved,
    SuggestionExtensionDeclined,
    SuggestionExtensionRequested,
    SuggestionFollowedUp,
    SuggestionMerged,
    SuggestionRated,
    SuggestionRegistered,
    SuggestionReplied,
    SuggestionReplyDrafted,
    SuggestionReturned,
    SuggestionReviewed,
    SuggestionRevised,
    SuggestionSelectedForLookBack,
    SuggestionSubmitted,
    SuggestionSupervised,
    SuggestionWithdrawn,
)
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection, RecordedEvent
from shared.readmodel.timeline import timeline_table, with_timeline
from shared.readmodel.writes import advance_row, insert_if_absent, upsert

METADATA = MetaData()

suggestions = Table(
    "county_suggestions",
    METADATA,
    Column("suggestion_id", Uuid, primary_key=True),
    Column("region_code", String(12), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("content", Text, nullable=False),
    Column("lead_deputy_id", Uuid, nullable=False, index=True),
    Column("co_signer_ids", Text, nullable=False),
    Column("period", String(20), nullable=False),
    Column("term", Integer, nullable=False),
    Column("session_label", String(100), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("assign_due", Date),
    Column("status", String(30), nullable=False, index=True),
    Column("review_decision", String(30)),
    Column("not_accepted_ground", String(30)),
    Column("number", String(30)),
    Column("category", String(40), index=True),
    Column("is_key", Boolean, nullable=False, default=False),
    Column("lead_unit_id", Uuid, index=True),
    Column("lead_unit_name", String(100)),
    Column("vice_governor", String(50)),
    Column("co_unit_ids", Text, nullable=False),
    Column("leader", String(50)),
    Column("supervising_body", String(100)),
    Column("routing_rule_version", Integer),
    Column("assigned_on", Date),
    Column("return_due", Date),
    Column("co_opinion_due", Date),
    Column("reply_due", Date),
    Column("due_is_provisional", Boolean, nullable=False, default=False),
    Column("returned_count", Integer, nullable=False, default=0),
    Column("extension_months", Integer, nullable=False, default=0),
    Column("extension_pending", Boolean, nullable=False, default=False),
    Column("merged_with", Uuid),
    Column("met_deputy", Boolean, nullable=False, default=False),
    Column("contact_count", Integer, nullable=False, default=0),
    Column("first_replied_on", Date),
    Column("first_reply_on_time", Boolean),
    Column("replied_on", Date),
    Column("reply_result", String(20)),
    Column("reply_round", Integer, nullable=False, default=0),
    Column("proxy_signed", Boolean, nullable=False, default=False),
    Column("on_site_checked", Boolean, nullable=False, default=False),
    Column("first_rating", String(30)),
    Column("final_rating", String(30)),
    Column("rated_on", Date),
    Column("rehandled", Boolean, nullable=False, default=False),
    Column("second_reply_due", Date),
    Column("second_reply_on_time", Boolean),
    Column("closed_on", Date),
    Column("followed_up_on", Date),
    Column("follow_up_implemented", Boolean),
    Column("implemented", Boolean, nullable=False, default=False),
    Column("look_back_year", Integer),
    Column("supervision_count", Integer, nullable=False, default=0),
    Column("source_referral_id", Uuid),
    Column("source_opinion_id", Uuid),
    Column("version", Integer, nullable=False),
)

suggestion_units = Table(
    "county_suggestion_units",
    METADATA,
    Column("suggestion_id", Uuid, primary_key=True),
    Column("unit_id", Uuid, primary_key=True, index=True),
    Column("role", String(10), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("returned", Boolean, nullable=False, default=False),
    Column("co_opinion_on", Date),
)

timeline = timeline_table("county_suggestion_timeline", METADATA, case_key="suggestion_id")

MET_IN_PERSON = {ContactMethod.IN_PERSON, ContactMethod.MEETING}


def _change(session: Session, event: RecordedEvent, **values: Any) -> None:
    """Apply one event's effect to the suggestion's row, once: only a newer version moves the row."""
    advance_row(session, suggestions, {"suggestion_id": event.aggregate_id}, event.aggregate_version, **values)


def submitted(session: Session, event: Envelope[SuggestionSubmitted]) -> None:
    p = event.payload
    insert_if_absent(
        session,
        suggestions,
        {
            "suggestion_id": event.aggregate_id,
            "region_code": event.region_code,
            "title": p.title,
            "content": p.content,
            "lead_deputy_id": p.lead_deputy_id,
            "co_signer_ids": json.dumps([str(i) for i in p.co_signer_ids]),
            "period": p.period.value,
            "term": p.term,
            "session_label": p.session_label,
            "submitted_at": event.occurred_at,
            "received_on": p.received_on,
            "assign_due": p.assign_due,
            "due_is_provisional": p.due_is_provisional,
            "status": "submitted",
            "co_unit_ids": "[]",
            "source_referral_id": p.source_referral_id,
            "source_opinion_id": p.source_opinion_id,
            "version": event.aggregate_version,
        },
    )


def reviewed(session: Session, event: Envelope[SuggestionReviewed]) -> None:
    p = event.payload
    _change(
        session,
        event,
        status=p.decision.value,  # each decision names the state it leaves the suggestion in
        review_decision=p.decision.value,
        not_accepted_ground=p.ground.value if p.ground else None,
    )


def revised(session: Session, event: Envelope[SuggestionRevised]) -> None:
    _change(session, event, status="submitted", title=event.payload.title, content=event.payload.content)


def withdrawn(session: Session, event: Envelope[SuggestionWithdrawn]) -> None:
    _change(session, event, status="withdrawn")


def registered(session: Session, event: Envelope[SuggestionRegistered]) -> None:
    p = event.payload
    _change(session, event, status="registered", number=p.number, category=p.category.value, is_key=p.is_key)


def assigned(session: Session, event: Envelope[SuggestionAssigned]) -> None:
    p = event.payload
    _change(
        session,
        event,
        status="assigned",
        lead_unit_id=p.lead_unit_id,
        lead_unit_name=p.lead_unit_name,
        vice_governor=p.vice_governor,
        co_unit_ids=json.dumps([str(i) for i in p.co_unit_ids]),
        leader=p.leader,
        supervising_body=p.supervising_body,
        routing_rule_version=p.routing_rule_version,
        assigned_on=p.assigned_on,
        return_due=p.return_due,
        co_opinion_due=p.co_opinion_due,
        reply_due=p.reply_due,
        due_is_provisional=p.due_is_provisional,
        extension_months=0,
        extension_pending=False,
    )
    units = [(p.lead_unit_id, "lead")] + [(unit_id, "co") for unit_id in p.co_unit_ids]
    for unit_id, role in units:
        upsert(
            session,
            suggestion_units,
            {"suggestion_id": event.aggregate_id, "unit_id": unit_id, "role": role, "active": True, "returned": False},
            key=["suggestion_id", "unit_id"],
        )


def returned(session: Session, event: Envelope[SuggestionReturned]) -> None:
    _change(
        session,
        event,
        status="returned",
        lead_unit_id=None,
        lead_unit_name=None,
        vice_governor=None,
        co_unit_ids="[]",
        returned_count=suggestions.c.returned_count + 1,
    )
    session.execute(
        update(suggestion_units).where(suggestion_units.c.suggestion_id == event.aggregate_id).values(active=False)
    )
    session.execute(
        update(suggestion_units)
        .where(
            suggestion_units.c.suggestion_id == event.aggregate_id,
            suggestion_units.c.unit_id == event.payload.unit_id,
        )
        .values(returned=True)
    )


def merged(session: Session, event: Envelope[SuggestionMerged]) -> None:
    _change(session, event, merged_with=event.payload.merged_with)


def extension_requested(session: Session, event: Envelope[SuggestionExtensionRequested]) -> None:
    _change(session, event, extension_pending=True)


def extension_approved(session: Session, event: Envelope[SuggestionExtensionApproved]) -> None:
    p = event.payload
    _change(
        session,
        event,
        extension_pending=False,
        extension_months=suggestions.c.extension_months + p.months,
        reply_due=p.reply_due,
        due_is_provisional=p.due_is_provisional,
    )


def extension_declined(session: Session, event: Envelope[SuggestionExtensionDeclined]) -> None:
    _change(session, event, extension_pending=False)


def contact_logged(session: Session, event: Envelope[SuggestionContactLogged]) -> None:
    met = {"met_deputy": True} if event.payload.method in MET_IN_PERSON else {}
    _change(session, event, contact_count=suggestions.c.contact_count + 1, **met)


def co_opinion_given(session: Session, event: Envelope[CoUnitOpinionGiven]) -> None:
    _change(session, event)
    session.execute(
        update(suggestion_units)
        .where(
            suggestion_units.c.suggestion_id == event.aggregate_id,
            suggestion_units.c.unit_id == event.payload.unit_id,
        )
        .values(co_opinion_on=event.occurred_at.date())
    )


def reply_drafted(session: Session, event: Envelope[SuggestionReplyDrafted]) -> None:
    _change(session, event)


def replied(session: Session, event: Envelope[SuggestionReplied]) -> None:
    p = event.payload
    values: dict[str, Any] = {
        "status": "replied",
        "replied_on": p.replied_on,
        "reply_result": p.result.value,
        "reply_round": p.round,
        "implemented": p.result is ReplyResult.SOLVED,
    }
    if not p.received_by_deputy:
        values["proxy_signed"] = True
    if p.round == 1:
        values["first_replied_on"] = p.replied_on
        values["first_reply_on_time"] = suggestions.c.reply_due >= p.replied_on
    else:
        values["second_reply_on_time"] = suggestions.c.second_reply_due >= p.replied_on
    _change(session, event, **values)


def checked_on_site(session: Session, event: Envelope[SuggestionCheckedOnSite]) -> None:
    _change(session, event, on_site_checked=True)


def rated(session: Session, event: Envelope[SuggestionRated]) -> None:
    p = event.payload
    rating = p.aspects.overall.value
    values: dict[str, Any] = {"final_rating": rating, "rated_on": p.rated_on}
    if p.round == 1:
        values["first_rating"] = rating
    if p.second_reply_due is not None:
        values.update(status="rehandling", rehandled=True, second_reply_due=p.second_reply_due)
    else:
        values["status"] = "rated"
    _change(session, event, **values)


def closed(session: Session, event: Envelope[SuggestionClosed]) -> None:
    _change(session, event, status="closed", closed_on=event.payload.closed_on)


def followed_up(session: Session, event: Envelope[SuggestionFollowedUp]) -> None:
    p = event.payload
    _change(
        session,
        event,
        followed_up_on=p.visited_on,
        follow_up_implemented=p.implemented,
        implemented=p.implemented,
    )


def selected_for_look_back(session: Session, event: Envelope[SuggestionSelectedForLookBack]) -> None:
    _change(session, event, look_back_year=event.payload.year)


def supervised(session: Session, event: Envelope[SuggestionSupervised]) -> None:
    _change(session, event, supervision_count=suggestions.c.supervision_count + 1)


_EFFECTS = (
    Handlers()
    .on(SuggestionSubmitted, submitted)
    .on(SuggestionReviewed, reviewed)
    .on(SuggestionRevised, revised)
    .on(SuggestionWithdrawn, withdrawn)
    .on(SuggestionRegistered, registered)
    .on(SuggestionAssigned, assigned)
    .on(SuggestionReturned, returned)
    .on(SuggestionMerged, merged)
    .on(SuggestionExtensionRequested, extension_requested)
    .on(SuggestionExtensionApproved, extension_approved)
    .on(SuggestionExtensionDeclined, extension_declined)
    .on(SuggestionContactLogged, contact_logged)
    .on(CoUnitOpinionGiven, co_opinion_given)
    .on(SuggestionReplyDrafted, reply_drafted)
    .on(SuggestionReplied, replied)
    .on(SuggestionCheckedOnSite, checked_on_site)
    .on(SuggestionRated, rated)
    .on(SuggestionClosed, closed)
    .on(SuggestionFollowedUp, followed_up)
    .on(SuggestionSelectedForLookBack, selected_for_look_back)
    .on(SuggestionSupervised, supervised)
)


SUGGESTIONS = Projection(
    name=names.COUNTY_SUGGESTIONS,
    version=1,
    topics=(topics.COUNTY_SUGGESTION,),
    metadata=METADATA,
    handlers=with_timeline(timeline, case_key="suggestion_id", effects=_EFFECTS),
)
