"""Running a county command for the caller of a route: recorded under their account, their guard on every case."""

from __future__ import annotations

from typing import TypeVar

from services.county.application.command_kinds import CountyCommand
from services.county.application.commands import COMMAND_HANDLERS
from services.county.application.context import Guard, county_context
from shared.aggregate import Recorded
from shared.api.schemas import CommandResult
from shared.auth import Actor
from shared.runtime import ServiceRuntime

R = TypeVar("R", bound=Recorded)


def record(
    result: type[R], runtime: ServiceRuntime, actor: Actor, command: CountyCommand, *, guard: Guard | None = None
) -> R:
    """What the command recorded, as the kind of result its handler gives (a group's, a report's)."""
    ctx = county_context(runtime, actor=actor.id, region_code=actor.region_code, guard=guard)
    recorded = COMMAND_HANDLERS.dispatch(command, ctx)
    if not isinstance(recorded, result):
        raise TypeError(f"{type(command).__name__} records {type(recorded).__name__}, not {result.__name__}")
    return recorded


def run(runtime: ServiceRuntime, actor: Actor, command: CountyCommand, *, guard: Guard | None = None) -> CommandResult:
    """Run the command for the caller; `guard` checks each case (or deputy) it reads before it acts."""
    return CommandResult.of(record(Recorded, runtime, actor, command, guard=guard))
