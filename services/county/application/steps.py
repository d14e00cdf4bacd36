"""One step on a case (a suggestion, an appointment): read it once, check the caller against it, run the command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, Recorded
from shared.application import Commands
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
