"""The county's one command map: every command has its handler, and a command on a case is its body plus the case."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pydantic import ValidationError

from services.county.application import commands as county_commands
from services.county.application.appointment_commands import BallotCreate, RecordBallot
from services.county.application.command_kinds import CountyCommand
from services.county.application.commands import COMMAND_HANDLERS
from services.county.application.suggestion_commands import ReplyCreate, ReplyToSuggestion, ReviewCreate
from services.county.domain.appointment import Ballot
from services.county.domain.suggestion import Reply
from shared.events.catalog.suggestion import ReplyResult, ReviewDecision


def _concrete(cls: type[CountyCommand]) -> list[type[CountyCommand]]:
    found = []
    for sub in cls.__subclasses__():
        if "step" in vars(sub):
            found.append(sub)
        found.extend(_concrete(sub))
    return found


def test_every_county_command_has_a_handler_in_the_one_map() -> None:
    commands = set(_concrete(CountyCommand))

    assert commands and commands <= COMMAND_HANDLERS.command_types
    assert county_commands.COMMAND_HANDLERS is COMMAND_HANDLERS


def test_a_step_on_a_suggestion_is_its_body_with_the_suggestion_from_the_path() -> None:
    body = ReplyCreate(
        result=ReplyResult.SOLVED, text="已解决", signed_by="张局长", received_by="本人", received_by_deputy=True
    )
    suggestion_id, unit_id = uuid.uuid4(), uuid.uuid4()

    command = ReplyToSuggestion.of(body, suggestion_id=suggestion_id, unit_id=unit_id)

    assert (command.suggestion_id, command.unit_id, command.step) == (suggestion_id, unit_id, "reply")
    assert Reply(**command.facts()) == Reply(
        result=ReplyResult.SOLVED, text="已解决", signed_by="张局长", received_by="本人", received_by_deputy=True
    )


def test_a_ballot_command_gives_the_domain_its_ballot_without_the_case_or_the_command_id() -> None:
    body = BallotCreate(
        command_id=uuid.uuid4(),
        meeting="第25次会议",
        held_on=date(2026, 3, 28),
        members_total=20,
        votes_for=11,
        votes_against=8,
        abstentions=1,
    )

    ballot = Ballot(**RecordBallot.of(body, appointment_id=uuid.uuid4()).facts())

    assert ballot.passes and ballot.votes_for == 11


def test_a_command_is_frozen_and_refuses_fields_it_does_not_know() -> None:
    review = ReviewCreate(decision=ReviewDecision.ACCEPTED)
    with pytest.raises(ValidationError):
        ReviewCreate.model_validate({"decision": "accepted", "suggestion_id": str(uuid.uuid4())})
    with pytest.raises(ValidationError):
        review.note = "changed"  # type: ignore[misc]
