"""Suggestion use cases against a PostgreSQL event store: the roster, the units and the routing rule they rely on."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest

from services.county.application.handling_unit_commands import PublishRoutingRule, RegisterHandlingUnit
from services.county.application.handling_units import publish_routing_rule, register_handling_unit
from services.county.application.suggestion_commands import AssignSuggestion
from services.county.application.suggestions import act_on_suggestion, assign_suggestion, submit_suggestion
from services.county.domain.deputy import Deputy, DeputyNotInOfficeError
from services.county.domain.suggestion import Submission
from services.county.domain.suggestion_rules import UnitOfAnotherCountyError
from shared.application import Commands
from shared.calendar import WorkingDayCalendar
from shared.errors import NotFoundError
from shared.events import default_registry
from shared.events.catalog.county import LeavingReason
from shared.events.catalog.handling import HandlingUnitKind
from shared.events.catalog.suggestion import ReviewDecision, SessionPeriod, SuggestionCategory
from shared.eventstore import open_event_store
from tests.support.deputies import profile
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

COUNTY = "410327000000"
CALENDAR = WorkingDayCalendar()


@pytest.fixture
def commands(postgres: Postgres) -> Iterator[Commands]:
    store = open_event_store(postgres.create_database(), registry=default_registry())
    yield Commands(store=store)
    store.close()


def _deputy(commands: Commands) -> Deputy:
    deputy = Deputy.elect(deputy_id=uuid.uuid4(), profile=profile(), ctx=commands.context(actor="test"))
    commands.store.save(deputy)
    return deputy


def _rule(commands: Commands, body: str) -> None:
    rule = PublishRoutingRule(bodies=dict.fromkeys(SuggestionCategory, body), effective_from=date(2026, 1, 1))
    publish_routing_rule(commands, rule, actor="test", county_region_code=COUNTY)


def _submission(lead: uuid.UUID) -> Submission:
    return Submission(
        title="关于路灯的建议", content="路灯不亮", lead_deputy_id=lead, period=SessionPeriod.DURING_SESSION, term=18
    )


def _registered(commands: Commands, lead: uuid.UUID) -> uuid.UUID:
    suggestion_id = submit_suggestion(
        commands, actor="test", submission=_submission(lead), calendar=CALENDAR
    ).aggregate_id
    for step, command in (
        ("review", lambda s, ctx: s.review(decision=ReviewDecision.ACCEPTED, ground=None, note="", ctx=ctx)),
        (
            "register",
            lambda s, ctx: s.register(number="1", category=SuggestionCategory.TRANSPORT, is_key=False, ctx=ctx),
        ),
    ):
        act_on_suggestion(commands, actor="test", suggestion_id=suggestion_id, step=step, command=command)
    return suggestion_id


def _unit(commands: Commands, name: str) -> uuid.UUID:
    unit = RegisterHandlingUnit(name=name, kind=HandlingUnitKind.GOVERNMENT_DEPARTMENT, head="局长", vice_governor="")
    return register_handling_unit(commands, unit, actor="test", region_code=COUNTY).aggregate_id


def _assignment(suggestion_id: uuid.UUID, lead_unit_id: uuid.UUID) -> AssignSuggestion:
    return AssignSuggestion(suggestion_id=suggestion_id, lead_unit_id=lead_unit_id, leader="李副县长")


def test_a_deputy_who_left_office_cannot_lead_a_suggestion(commands: Commands) -> None:
    deputy = _deputy(commands)
    deputy.leave_office(
        reason=LeavingReason.RECALLED, left_on=date(2026, 6, 1), note="", ctx=commands.context(actor="t")
    )
    commands.store.save(deputy)

    with pytest.raises(DeputyNotInOfficeError):
        submit_suggestion(commands, actor="test", submission=_submission(deputy.id), calendar=CALENDAR)


def test_a_suggestion_led_by_someone_not_on_the_roster_is_refused_naming_the_field(commands: Commands) -> None:
    with pytest.raises(NotFoundError) as refused:
        submit_suggestion(commands, actor="test", submission=_submission(uuid.uuid4()), calendar=CALENDAR)
    assert refused.value.field == "lead_deputy_id"


def test_each_assignment_records_the_routing_rule_version_in_force(commands: Commands) -> None:
    lead = _deputy(commands).id
    first, second = _unit(commands, "县住建局"), _unit(commands, "县交通运输局")
    _rule(commands, "城建环保工委")
    suggestion_id = _registered(commands, lead)
    assign_suggestion(commands, _assignment(suggestion_id, first), actor="test", calendar=CALENDAR)
    act_on_suggestion(
        commands,
        actor="test",
        suggestion_id=suggestion_id,
        step="return",
        command=lambda s, ctx: s.return_to_county(unit_id=first, reason="不属本单位", ctx=ctx),
    )
    _rule(commands, "交通工委")
    assign_suggestion(commands, _assignment(suggestion_id, second), actor="test", calendar=CALENDAR)

    assignments = [e.payload for e in commands.store.events_of(suggestion_id) if e.event_type == "SuggestionAssigned"]
    assert [(a.supervising_body, a.routing_rule_version, a.lead_unit_name) for a in assignments] == [
        ("城建环保工委", 1, "县住建局"),
        ("交通工委", 2, "县交通运输局"),
    ]


def test_assigning_to_a_unit_that_does_not_exist_is_refused_and_changes_nothing(commands: Commands) -> None:
    lead = _deputy(commands).id
    _rule(commands, "城建环保工委")
    suggestion_id = _registered(commands, lead)
    before = commands.store.position()

    with pytest.raises(NotFoundError) as refused:
        assign_suggestion(commands, _assignment(suggestion_id, uuid.uuid4()), actor="test", calendar=CALENDAR)
    assert refused.value.field == "lead_unit_id"
    assert commands.store.position() == before


def test_assigning_to_a_unit_registered_in_another_county_is_refused_and_changes_nothing(commands: Commands) -> None:
    lead = _deputy(commands).id
    _rule(commands, "城建环保工委")
    suggestion_id = _registered(commands, lead)
    unit = RegisterHandlingUnit(name="孟津区住建局", kind=HandlingUnitKind.GOVERNMENT_DEPARTMENT, head="局长")
    theirs = register_handling_unit(commands, unit, actor="test", region_code="410328000000").aggregate_id
    before = commands.store.position()

    with pytest.raises(UnitOfAnotherCountyError) as refused:
        assign_suggestion(commands, _assignment(suggestion_id, theirs), actor="test", calendar=CALENDAR)
    assert refused.value.field == "lead_unit_id"
    assert commands.store.position() == before


def test_a_resent_step_returns_its_first_result(commands: Commands) -> None:
    suggestion_id = submit_suggestion(
        commands, actor="test", submission=_submission(_deputy(commands).id), calendar=CALENDAR
    ).aggregate_id
    command_id = uuid.uuid4()

    def accept() -> object:
        return act_on_suggestion(
            commands,
            actor="test",
            suggestion_id=suggestion_id,
            step="review",
            command_id=command_id,
            command=lambda s, ctx: s.review(decision=ReviewDecision.ACCEPTED, ground=None, note="", ctx=ctx),
        )

    assert accept() == accept()
    assert len(commands.store.events_of(suggestion_id)) == 2
