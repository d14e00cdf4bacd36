"""Appointment use cases against a PostgreSQL event store: exam batches and oath ceremonies are all or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date

import pytest

from services.county.application.appointment_commands import ExamScore, HoldOathCeremony, TakeExamBatch
from services.county.application.appointments import (
    CaseListedTwiceError,
    act_on_appointment,
    hold_oath_ceremony,
    request_appointment,
    take_exam_batch,
)
from services.county.domain.appointment import Appointment, Ballot, Vetting
from services.county.domain.appointment_rules import AppointmentNotVettedError, CertificateNotIssuedError
from shared.aggregate import CommandContext
from shared.application import Commands
from shared.errors import ForbiddenError, NotFoundError
from shared.events import default_registry
from shared.eventstore import open_event_store
from tests.county.unit.test_appointment import CERTIFICATE, REQUEST
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

COUNTY = "410327000000"


@pytest.fixture
def commands(postgres: Postgres) -> Iterator[Commands]:
    store = open_event_store(postgres.create_database(), registry=default_registry())
    yield Commands(store=store)
    store.close()


def _step(
    commands: Commands, case_id: uuid.UUID, step: str, command: Callable[[Appointment, CommandContext], None]
) -> None:
    act_on_appointment(commands, actor="test", appointment_id=case_id, step=step, command=command)


def _requested(commands: Commands) -> uuid.UUID:
    return request_appointment(commands, actor="test", request=REQUEST, region_code=COUNTY).aggregate_id


def _vetted(commands: Commands) -> uuid.UUID:
    case_id = _requested(commands)
    vetting = Vetting(meeting="第30次主任会议", vetted_on=date(2026, 3, 5))
    _step(commands, case_id, "vet", lambda case, ctx: case.vet(vetting=vetting, ctx=ctx))
    return case_id


def _exam_batch(*results: tuple[uuid.UUID, int], command_id: uuid.UUID | None = None) -> TakeExamBatch:
    return TakeExamBatch(
        command_id=command_id,
        batch_label="2026年第一批",
        taken_on=date(2026, 3, 10),
        pass_mark=60,
        results=tuple(ExamScore(appointment_id=case_id, score=score) for case_id, score in results),
    )


def _batch(commands: Commands, *results: tuple[uuid.UUID, int], command_id: uuid.UUID | None = None) -> uuid.UUID:
    return take_exam_batch(commands, _exam_batch(*results, command_id=command_id), actor="test").aggregate_id


def _appointed(commands: Commands, *, certified: bool) -> uuid.UUID:
    case_id = _vetted(commands)
    _batch(commands, (case_id, 80))
    steps = [
        (
            "introduce",
            lambda c, ctx: c.introduce(
                meeting="第25次会议", introduced_on=date(2026, 3, 28), introduced_by="李", ctx=ctx
            ),
        ),
        ("make_statement", lambda c, ctx: c.make_statement(made_on=date(2026, 3, 28), summary="", ctx=ctx)),
        (
            "take_ballot",
            lambda c, ctx: c.take_ballot(
                ballot=Ballot(
                    meeting="第25次会议",
                    held_on=date(2026, 3, 28),
                    members_total=20,
                    votes_for=18,
                    votes_against=1,
                    abstentions=1,
                ),
                ctx=ctx,
            ),
        ),
    ]
    if certified:
        steps.append(("issue_certificate", lambda c, ctx: c.issue_certificate(certificate=CERTIFICATE, ctx=ctx)))
    for step, command in steps:
        _step(commands, case_id, step, command)
    return case_id


def _ceremony(commands: Commands, *case_ids: uuid.UUID, command_id: uuid.UUID | None = None) -> uuid.UUID:
    ceremony = HoldOathCeremony(
        command_id=command_id,
        held_on=date(2026, 3, 30),
        presided_by="王主任",
        meeting="第25次会议",
        appointment_ids=case_ids,
    )
    return hold_oath_ceremony(commands, ceremony, actor="test").aggregate_id


def test_an_exam_batch_records_every_sitting_under_one_batch_id(commands: Commands) -> None:
    passing, failing = _vetted(commands), _vetted(commands)

    batch_id = _batch(commands, (passing, 75), (failing, 41))

    sittings = [e.payload for case in (passing, failing) for e in commands.store.events_of(case)[-1:]]
    assert [(s.batch_id, s.passed) for s in sittings] == [(batch_id, True), (batch_id, False)]
    assert commands.load(Appointment, failing).status.value == "deferred"


def test_an_exam_batch_with_one_case_not_vetted_stores_nothing(commands: Commands) -> None:
    ready, not_vetted = _vetted(commands), _requested(commands)
    before = commands.store.position()

    with pytest.raises(AppointmentNotVettedError):
        _batch(commands, (ready, 90), (not_vetted, 90))

    assert commands.store.position() == before
    assert commands.load(Appointment, ready).status.value == "vetted"


def test_an_exam_batch_naming_a_case_that_does_not_exist_stores_nothing(commands: Commands) -> None:
    ready = _vetted(commands)
    before = commands.store.position()

    with pytest.raises(NotFoundError) as refused:
        _batch(commands, (ready, 90), (uuid.uuid4(), 90))

    assert refused.value.field == "appointment_ids" and commands.store.position() == before


def test_an_exam_batch_listing_a_case_twice_is_refused(commands: Commands) -> None:
    ready = _vetted(commands)
    with pytest.raises(CaseListedTwiceError):
        _batch(commands, (ready, 50), (ready, 90))
    assert commands.load(Appointment, ready).version == 2


def test_a_resent_exam_batch_returns_the_first_batch_and_records_nothing_more(commands: Commands) -> None:
    first, second = _vetted(commands), _vetted(commands)
    command_id = uuid.uuid4()
    batch_id = _batch(commands, (first, 70), (second, 65), command_id=command_id)
    position = commands.store.position()

    again = _batch(commands, (first, 70), (second, 65), command_id=command_id)

    assert again == batch_id and commands.store.position() == position


def test_an_exam_batch_whose_guard_refuses_one_case_stores_nothing(commands: Commands) -> None:
    first, second = _vetted(commands), _vetted(commands)
    before = commands.store.position()

    def only_first(case: Appointment) -> None:
        if case.id != first:
            raise ForbiddenError("超出本人管辖区域")

    with pytest.raises(ForbiddenError):
        take_exam_batch(commands, _exam_batch((first, 80), (second, 80)), actor="test", guard=only_first)

    assert commands.store.position() == before


def test_an_oath_ceremony_swears_in_several_appointees_under_one_ceremony_id(commands: Commands) -> None:
    first, second = _appointed(commands, certified=True), _appointed(commands, certified=True)

    ceremony_id = _ceremony(commands, first, second)

    oaths = [commands.store.events_of(case)[-1].payload for case in (first, second)]
    assert [oath.ceremony_id for oath in oaths] == [ceremony_id, ceremony_id]
    assert {commands.load(Appointment, case).status.value for case in (first, second)} == {"in_office"}


def test_an_oath_ceremony_with_one_appointee_still_without_a_certificate_stores_nothing(commands: Commands) -> None:
    certified, uncertified = _appointed(commands, certified=True), _appointed(commands, certified=False)
    before = commands.store.position()

    with pytest.raises(CertificateNotIssuedError):
        _ceremony(commands, certified, uncertified)

    assert commands.store.position() == before
    assert commands.load(Appointment, certified).status.value == "certified"


def test_a_resent_oath_ceremony_returns_the_same_ceremony(commands: Commands) -> None:
    case_id = _appointed(commands, certified=True)
    command_id = uuid.uuid4()
    ceremony_id = _ceremony(commands, case_id, command_id=command_id)
    position = commands.store.position()

    assert _ceremony(commands, case_id, command_id=command_id) == ceremony_id
    assert commands.store.position() == position


def test_a_step_on_a_case_that_does_not_exist_is_not_found(commands: Commands) -> None:
    with pytest.raises(NotFoundError) as refused:
        _step(
            commands,
            uuid.uuid4(),
            "issue_certificate",
            lambda c, ctx: c.issue_certificate(certificate=CERTIFICATE, ctx=ctx),
        )
    assert refused.value.field == "appointment_id"
