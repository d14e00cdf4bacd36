"""The appointment read model from a case's events: redelivery changes nothing, and the figures count by their rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from services.county.domain.appointment import Appointment
from services.county.domain.appointment_rules import AppointmentStatus
from services.county.projections.appointment_queries import figures, notices
from services.county.projections.appointments import APPOINTMENTS, METADATA
from shared.events.catalog.appointment import CaseKind, ReviewResult
from shared.events.envelope import Envelope
from shared.readmodel.database import make_engine
from tests.county.unit.test_appointment import ballot, reached, review, vetted
from tests.support.context import context
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration


@pytest.fixture
def engine(postgres: Postgres) -> Iterator[Engine]:
    engine = make_engine(postgres.create_database())
    METADATA.create_all(engine)
    yield engine
    engine.dispose()


def _project(engine: Engine, events: list[Envelope[Any]]) -> None:
    with Session(engine) as session, session.begin():
        for event in events:
            APPOINTMENTS.handlers[event.event_type](session, event)


def _stored(case: Appointment, *, number: int = 1) -> list[Envelope[Any]]:
    """A case's events as a store would keep them: its own id and an event id each (the test context reuses ids)."""
    return [
        event.model_copy(
            update={"aggregate_id": UUID(int=number), "event_id": UUID(int=number * 1000 + event.aggregate_version)}
        )
        for event in case.pending_events()
    ]


def _dump(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    with engine.connect() as connection:
        return {
            table.name: [dict(row) for row in connection.execute(select(table).order_by(*table.primary_key)).mappings()]
            for table in METADATA.sorted_tables
        }


def _in_office_reviewed_twice_unsatisfied() -> Appointment:
    case = reached(AppointmentStatus.IN_OFFICE)
    review(case, 2026, ReviewResult.UNSATISFIED)
    review(case, 2027, ReviewResult.UNSATISFIED)
    return case


def test_redelivering_every_event_changes_nothing(engine: Engine) -> None:
    events = _stored(_in_office_reviewed_twice_unsatisfied())
    _project(engine, events)
    once = _dump(engine)

    _project(engine, events)

    assert _dump(engine) == once
    [row] = once["county_appointments"]
    assert len(once["county_appointment_timeline"]) == len(events)
    assert (row["status"], row["inquiries"], row["exam_sittings"]) == ("in_office", 1, 1)
    assert [(r["year"], r["inquiry_filed"]) for r in once["county_appointment_reviews"]] == [
        (2026, False),
        (2027, True),
    ]


def test_an_old_event_delivered_late_does_not_move_the_row_back(engine: Engine) -> None:
    events = _stored(reached(AppointmentStatus.IN_OFFICE))
    _project(engine, events)

    _project(engine, [events[2]])  # the exam sitting, again

    [row] = _dump(engine)["county_appointments"]
    assert (row["status"], row["version"], row["exam_sittings"]) == ("in_office", len(events), 1)


def test_the_figures_count_a_case_in_the_year_of_its_ballot_and_exams_and_oaths_in_theirs(engine: Engine) -> None:
    in_office = _in_office_reviewed_twice_unsatisfied()
    removal = vetted(CaseKind.REMOVAL)
    removal.take_ballot(ballot=ballot(votes_for=16, held_on=date(2026, 6, 30)), ctx=context())
    not_appointed = reached(AppointmentStatus.STATEMENT_MADE)
    not_appointed.take_ballot(ballot=ballot(votes_for=10), ctx=context())
    for number, case in enumerate((in_office, removal, not_appointed), start=1):
        _project(engine, _stored(case, number=number))

    counted = figures(engine, within="410327", year=2026)

    assert (counted["person_times"], counted["by_kind"]["appointment"], counted["by_kind"]["removal"]) == (2, 1, 1)
    assert counted["not_passed_at_ballot"] == 1
    assert (counted["exam_batches"], counted["exam_takers"], counted["exam_passed"]) == (1, 2, 2)
    assert (counted["oath_ceremonies"], counted["sworn_in"]) == (1, 1)
    assert counted["reviews"] == {"satisfied": 0, "basically_satisfied": 0, "unsatisfied": 1}
    assert counted["inquiries"] == 0
    assert figures(engine, within="410327", year=2027)["inquiries"] == 1
    assert figures(engine, within="410328", year=2026)["person_times"] == 0


def test_a_notice_is_in_progress_up_to_its_last_day_and_ended_after(engine: Engine) -> None:
    case = vetted(notice_days=5)
    case.publish_notice(published_on=date(2026, 3, 20), channel="县人大网站", ctx=context())
    _project(engine, _stored(case))

    on_last_day = notices(engine, within="410327", today=date(2026, 3, 24))["pre_appointment"]
    after = notices(engine, within="410327", today=date(2026, 3, 25))["pre_appointment"]

    assert [(n["ends_on"], n["state"]) for n in on_last_day] == [(date(2026, 3, 24), "in_progress")]
    assert [n["state_label"] for n in after] == ["公示期满"]
