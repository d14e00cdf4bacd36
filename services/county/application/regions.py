"""Use cases on the region directory (区划目录): register a unit, move it, change its kind, rename it."""

from __future__ import annotations

from collections.abc import Callable

from services.county.application.command_kinds import OnRegionUnit
from services.county.application.context import CountyContext
from services.county.application.region_commands import (
    ChangeRegionKind,
    RegisterRegionUnit,
    RenameRegionUnit,
    ReparentRegionUnit,
)
from services.county.application.steps import run_step
from services.county.domain.region_unit import (
    RegionParentNotRegisteredError,
    RegionUnit,
    RegionUnitAlreadyRegisteredError,
    region_unit_id,
    require_parent_fits,
)
from shared.aggregate import CommandContext, Recorded
from shared.application import Commands, derived_id, first_result
from shared.errors import NotFoundError
from shared.eventstore import ConcurrencyConflictError


def _require_listed_parent(commands: Commands, *, code: str, parent_code: str) -> None:
    """A parent named in a command must fit the unit's level and be in the directory already."""
    require_parent_fits(code, parent_code)
    if not commands.store.exists(region_unit_id(parent_code)):
        raise RegionParentNotRegisteredError(f"上级区划 {parent_code} 尚未登记", field="parent_code")


def register_region_unit(commands: Commands, command: RegisterRegionUnit, *, actor: str) -> Recorded:
    """Enter a unit in the directory; a code already there is refused, unless this very command was resent."""
    code, command_id = command.code, command.command_id
    unit_id = region_unit_id(code)
    first_event_id = None if command_id is None else derived_id(scope=unit_id, kind=command.step, command_id=command_id)

    def resent_or_refused() -> Recorded:
        history = commands.store.events_of(unit_id)
        if first_event_id is not None and history[0].event_id == first_event_id:
            return first_result(unit_id, history, event_id=None)
        raise RegionUnitAlreadyRegisteredError(f"区划代码 {code} 已登记", field="code")

    if commands.store.exists(unit_id):
        return resent_or_refused()
    if command.parent_code is not None:
        _require_listed_parent(commands, code=code, parent_code=command.parent_code)
    unit = RegionUnit.register(
        code=code,
        name=command.name,
        kind=command.kind,
        parent_code=command.parent_code,
        ctx=commands.context(actor=actor, first_event_id=first_event_id),
    )
    try:
        return commands.store.save(unit)[0]
    except ConcurrencyConflictError:
        # Registered by another request at the same moment: the same command resent, or a duplicate.
        return resent_or_refused()


def register(command: RegisterRegionUnit, ctx: CountyContext) -> Recorded:
    return register_region_unit(ctx.commands, command, actor=ctx.actor)


def _step(
    ctx: CountyContext,
    command: OnRegionUnit,
    step: Callable[[RegionUnit, CommandContext], None],
    *,
    guard: Callable[[RegionUnit], None] | None = None,
) -> Recorded:
    return run_step(
        ctx.commands,
        RegionUnit,
        region_unit_id(command.code),
        actor=ctx.actor,
        step=command.step,
        command=step,
        missing=NotFoundError(f"区划代码 {command.code} 未登记", field="code"),
        command_id=command.command_id,
        guard=guard,
    )


def reparent(command: ReparentRegionUnit, ctx: CountyContext) -> Recorded:
    """The new parent must fit the unit's level and be registered already."""
    code, parent_code = command.code, command.parent_code
    return _step(
        ctx,
        command,
        lambda unit, at: unit.reparent(parent_code=parent_code, ctx=at),
        guard=lambda _unit: _require_listed_parent(ctx.commands, code=code, parent_code=parent_code),
    )


def change_kind(command: ChangeRegionKind, ctx: CountyContext) -> Recorded:
    return _step(ctx, command, lambda unit, at: unit.change_kind(kind=command.kind, ctx=at))


def rename(command: RenameRegionUnit, ctx: CountyContext) -> Recorded:
    return _step(ctx, command, lambda unit, at: unit.rename(name=command.name, ctx=at))
