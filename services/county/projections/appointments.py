"""The appointment read model (人事任免): one row per case, its timeline, exam sittings, oaths and yearly reviews.

Every change to a case's row is guarded by the event's aggregate version, and the other tables are
keyed by what they record, so a redelivered event changes nothing and a replay builds the same rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, MetaData, String, Table, Text, Uuid, select, update
from sqlalchemy.orm import Session

from shared.events import topics
from shared.events.catalog.appointment import (
    AppointeeIntroduced,
    AppointmentRequested,
    AppointmentVetted,
    BallotTaken,
    CaseKind,
    CertificateIssued,
    EconomicAuditCompleted,
    InquiryFiled,
    LawExamTaken,
    OathTaken,
    PerformanceReviewed,
    PreAppointmentNoticePublished,
    PreAppointmentTalkHeld,
    StatementMade,
)
from shared.events.envelope import Envelope
from shared.readmodel import names
from shared.readmodel.projection import Handlers, Projection, RecordedEvent
from shared.readmodel.timeline import timeline_table, with_timeline
from shared.readmodel.writes import advance_row, insert_if_absent

METADATA = MetaData()

appointments = Table(
    "county_appointments",
    METADATA,
    Column("appointment_id", Uuid, primary_key=True),
    Column("region_code", String(12), nullable=False, index=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("appointee_name", String(50), nullable=False),
    Column("post", String(100), nullable=False),
    Column("requesting_unit", String(30), nullable=False, index=True),
    Column("requesting_unit_name", String(100), nullable=False),
    Column("nominated_by", String(100), nullable=False),
    Column("review_file", Text, nullable=False),
    Column("term", Integer, nullable=False, index=True),
    Column("requested_on", Date, nullable=False),
    Column("is_people_assessor", Boolean, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("vetting_meeting", String(100)),
    Column("vetted_on", Date),
    Column("pre_talk_required", Boolean, nullable=False, default=False),
    Column("pre_talk_held_on", Date),
    Column("notice_days", Integer, nullable=False, default=0),
    Column("notice_published_on", Date),
    Column("notice_ends_on", Date),
    Column("notice_channel", String(100)),
    Column("audit_required", Boolean, nullable=False, default=False),
    Column("audit_completed_on", Date),
    Column("exam_sittings", Integer, nullable=False, default=0),
    Column("exam_passed_on", Date),
    Column("meeting", String(100)),
    Column("introduced_on", Date),
    Column("statement_made_on", Date),
    Column("ballot_held_on", Date),
    Column("members_total", Integer),
    Column("votes_for", Integer),
    Column("votes_against", Integer),
    Column("abstentions", Integer),
    Column("outcome", String(20), index=True),
    Column("decision_number", String(50)),
    Column("certificate_issued_on", Date),
    Column("certificate_issued_by", String(50)),
    Column("issuing_body", String(100)),
    Column("oath_taken_on", Date),
    Column("oath_ceremony_id", Uuid),
    Column("last_review_year", Integer),
    Column("last_review_result", String(30)),
    Column("review_again_in", Integer),
    Column("inquiries", Integer, nullable=False, default=0),
    Column("version", Integer, nullable=False),
)

timeline = timeline_table("county_appointment_timeline", METADATA, case_key="appointment_id")

exam_sittings = Table(
    "county_appointment_exams",
    METADATA,
    Column("event_id", Uuid, primary_key=True),
    Column("appointment_id", Uuid, nullable=False, index=True),
    Column("batch_id", Uuid, nullable=False, index=True),
    Column("batch_label", String(100), nullable=False),
    Column("taken_on", Date, nullable=False),
    Column("score", Integer, nullable=False),
    Column("pass_mark", Integer, nullable=False),
    Column("passed", Boolean, nullable=False),
)

oaths = Table(
    "county_appointment_oaths",
    METADATA,
    Column("event_id", Uuid, primary_key=True),
    Column("appointment_id", Uuid, nullable=False, index=True),
    Column("ceremony_id", Uuid, nullable=False, index=True),
    Column("held_on", Date, nullable=False),
    Column("presided_by", String(50), nullable=False),
    Column("meeting", String(100), nullable=False),
)

reviews = Table(
    "county_appointment_reviews",
    METADATA,
    Column("appointment_id", Uuid, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("reviewed_on", Date, nullable=False),
    Column("result", String(30), nullable=False),
    Column("inquiry_filed", Boolean, nullable=False, default=False),
)

_DECIDED = {
    CaseKind.APPOINTMENT: ("appointed", "not_appointed"),
    CaseKind.REMOVAL: ("removed", "rejected"),
    CaseKind.RESIGNATION: ("resigned", "rejected"),
    CaseKind.DISMISSAL: ("dismissed", "rejected"),
}


def _change(session: Session, event: RecordedEvent, **values: Any) -> None:
    """Apply one event's effect to the case's row, once: only a newer version moves the row."""
    advance_row(session, appointments, {"appointment_id": event.aggregate_id}, event.aggregate_version, **values)


def requested(session: Session, event: Envelope[AppointmentRequested]) -> None:
    p = event.payload
    insert_if_absent(
        session,
        appointments,
        {
            "appointment_id": event.aggregate_id,
            "region_code": event.region_code,
            "kind": p.kind.value,
            "appointee_name": p.appointee_name,
            "post": p.post,
            "requesting_unit": p.requesting_unit.value,
            "requesting_unit_name": p.requesting_unit_name,
            "nominated_by": p.nominated_by,
            "review_file": p.review_file,
            "term": p.term,
            "requested_on": p.requested_on,
            "is_people_assessor": p.is_people_assessor,
            "status": "requested",
            "version": event.aggregate_version,
        },
    )


def vetted(session: Session, event: Envelope[AppointmentVetted]) -> None:
    p = event.payload
    _change(
        session,
        event,
        status="vetted",
        vetting_meeting=p.meeting,
        vetted_on=p.vetted_on,
        pre_talk_required=p.pre_talk_required,
        notice_days=p.notice_days,
        audit_required=p.audit_required,
    )


def pre_talk_held(session: Session, event: Envelope[PreAppointmentTalkHeld]) -> None:
    _change(session, event, pre_talk_held_on=event.payload.held_on)


def notice_published(session: Session, event: Envelope[PreAppointmentNoticePublished]) -> None:
    p = event.payload
    _change(session, event, notice_published_on=p.published_on, notice_ends_on=p.ends_on, notice_channel=p.channel)


def audit_completed(session: Session, event: Envelope[EconomicAuditCompleted]) -> None:
    _change(session, event, audit_completed_on=event.payload.completed_on)


def exam_taken(session: Session, event: Envelope[LawExamTaken]) -> None:
    p = event.payload
    insert_if_absent(
        session,
        exam_sittings,
        {
            "event_id": event.event_id,
            "appointment_id": event.aggregate_id,
            "batch_id": p.batch_id,
            "batch_label": p.batch_label,
            "taken_on": p.taken_on,
            "score": p.score,
            "pass_mark": p.pass_mark,
            "passed": p.passed,
        },
    )
    passed = {"status": "exam_passed", "exam_passed_on": p.taken_on} if p.passed else {"status": "deferred"}
    _change(session, event, exam_sittings=appointments.c.exam_sittings + 1, **passed)


def introduced(session: Session, event: Envelope[AppointeeIntroduced]) -> None:
    p = event.payload
    _change(session, event, status="introduced", meeting=p.meeting, introduced_on=p.introduced_on)


def statement_made(session: Session, event: Envelope[StatementMade]) -> None:
    _change(session, event, status="statement_made", statement_made_on=event.payload.made_on)


def ballot_taken(session: Session, event: Envelope[BallotTaken]) -> None:
    p = event.payload
    kind = session.execute(
        select(appointments.c.kind).where(appointments.c.appointment_id == event.aggregate_id)
    ).scalar_one()
    passed, failed = _DECIDED[CaseKind(kind)]
    outcome = passed if p.passed else failed
    _change(
        session,
        event,
        status=outcome,
        outcome=outcome,
        meeting=p.meeting,
        ballot_held_on=p.held_on,
        members_total=p.members_total,
        votes_for=p.votes_for,
        votes_against=p.votes_against,
        abstentions=p.abstentions,
    )


def certificate_issued(session: Session, event: Envelope[CertificateIssued]) -> None:
    p = event.payload
    _change(
        session,
        event,
        status="certified",
        decision_number=p.decision_number,
        certificate_issued_on=p.issued_on,
        certificate_issued_by=p.issued_by,
        issuing_body=p.issuing_body,
    )


def oath_taken(session: Session, event: Envelope[OathTaken]) -> None:
    p = event.payload
    insert_if_absent(
        session,
        oaths,
        {
            "event_id": event.event_id,
            "appointment_id": event.aggregate_id,
            "ceremony_id": p.ceremony_id,
            "held_on": p.held_on,
            "presided_by": p.presided_by,
            "meeting": p.meeting,
        },
    )
    _change(session, event, status="in_office", oath_taken_on=p.held_on, oath_ceremony_id=p.ceremony_id)


def performance_reviewed(session: Session, event: Envelope[PerformanceReviewed]) -> None:
    p = event.payload
    insert_if_absent(
        session,
        reviews,
        {
            "appointment_id": event.aggregate_id,
            "year": p.year,
            "reviewed_on": p.reviewed_on,
            "result": p.result.value,
            "inquiry_filed": False,
        },
    )
    _change(
        session, event, last_review_year=p.year, last_review_result=p.result.value, review_again_in=p.review_again_in
    )


def inquiry_filed(session: Session, event: Envelope[InquiryFiled]) -> None:
    session.execute(
        update(reviews)
        .where(reviews.c.appointment_id == event.aggregate_id, reviews.c.year == event.payload.year)
        .values(inquiry_filed=True)
    )
    _change(session, event, inquiries=appointments.c.inquiries + 1)


_EFFECTS = (
    Handlers()
    .on(AppointmentRequested, requested)
    .on(AppointmentVetted, vetted)
    .on(PreAppointmentTalkHeld, pre_talk_held)
    .on(PreAppointmentNoticePublished, notice_published)
    .on(EconomicAuditCompleted, audit_completed)
    .on(LawExamTaken, exam_taken)
    .on(AppointeeIntroduced, introduced)
    .on(StatementMade, statement_made)
    .on(BallotTaken, ballot_taken)
    .on(CertificateIssued, certificate_issued)
    .on(OathTaken, oath_taken)
    .on(PerformanceReviewed, performance_reviewed)
    .on(InquiryFiled, inquiry_filed)
)


APPOINTMENTS = Projection(
    name=names.COUNTY_APPOINTMENTS,
    version=1,
    topics=(topics.COUNTY_APPOINTMENT,),
    metadata=METADATA,
    handlers=with_timeline(timeline, case_key="appointment_id", effects=_EFFECTS),
)
