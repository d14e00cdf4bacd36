"""One step on a case (a suggestion, an appointment): read it once, check the caller against it, run the command.

Or one on a record kept per county or year (a rule set, a schedule), started by its first command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, Recorded
from shared.application import Commands, derived_id, first_result
from shared.errors import NotFoundError
from shared.eventstore import AggregateNotFoundError

A = TypeVar("A", bound=Aggregate)


def guarded(
    command: Callable[[A, CommandContext], None], guard: Callable[[A], None] | None
) -> Callable[[A, CommandContext], None]:
    """The command, preceded by the caller's check against the case as the step reads it."""

    def run(case: A, ctx: CommandContext) -> None:
        if guard is not None:
            guard(case)
        command(case, ctx)

    return run


def run_step(
    commands: Commands,
    aggregate_cls: type[A],
    aggregate_id: UUID,
    *,
    actor: str,
    step: str,
    command: Callable[[A, CommandContext], None],
    missing: NotFoundError,
    command_id: UUID | None = None,
    occurred_at: datetime | None = None,
    guard: Callable[[A], None] | None = None,
) -> Recorded:
    """Run one step on a case read once; `missing` is raised when there is no such case.

    A resent command id returns the first result.
    """
    try:
        return commands.update(
            aggregate_cls,
            aggregate_id,
            guarded(command, guard),
            actor=actor,
            command_id=command_id,
            kind=step,
            occurred_at=occurred_at,
        )
    except AggregateNotFoundError:
        raise missing from None


def run_on_or_start(
    commands: Commands,
    aggregate_cls: type[A],
    aggregate_id: UUID,
    start: Callable[[], A],
    *,
    actor: str,
    step: str,
    command: Callable[[A, CommandContext], None],
    command_id: UUID | None = None,
) -> Recorded:
    """Run one command on a record that may not be stored yet (`start` makes it); a resent command id returns
    the first result."""
    event_id = None if command_id is None else derived_id(scope=aggregate_id, kind=step, command_id=command_id)
    if event_id is not None and commands.store.exists(aggregate_id):
        history = commands.store.events_of(aggregate_id)
        if any(event.event_id == event_id for event in history):
            return first_result(aggregate_id, history, event_id=event_id)
    aggregate = commands.load_or_start(aggregate_cls, aggregate_id, start)
    command(aggregate, commands.context(actor=actor, first_event_id=event_id))
    return commands.store.save(aggregate)[0]
