"""Use cases on the region directory (区划目录): register a unit, move it, change its kind, rename it."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

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
from shared.events.catalog.region import RegionKind
from shared.eventstore import ConcurrencyConflictError

_REGISTER = "register_region_unit"


def _require_listed_parent(commands: Commands, *, code: str, parent_code: str) -> None:
    """A parent named in a command must fit the unit's level and be in the directory already."""
    require_parent_fits(code, parent_code)
    if not commands.store.exists(region_unit_id(parent_code)):
        raise RegionParentNotRegisteredError(f"上级区划 {parent_code} 尚未登记", field="parent_code")


def register_region_unit(
    commands: Commands,
    *,
    actor: str,
    code: str,
    name: str,
    kind: RegionKind,
    parent_code: str | None = None,
    command_id: UUID | None = None,
) -> Recorded:
    """Enter a unit in the directory; a code already there is refused, unless this very command was resent."""
    unit_id = region_unit_id(code)
    first_event_id = None if command_id is None else derived_id(scope=unit_id, kind=_REGISTER, command_id=command_id)

    def resent_or_refused() -> Recorded:
        history = commands.store.events_of(unit_id)
        if first_event_id is not None and history[0].event_id == first_event_id:
            return first_result(unit_id, history, event_id=None)
        raise RegionUnitAlreadyRegisteredError(f"区划代码 {code} 已登记", field="code")

    if commands.store.exists(unit_id):
        return resent_or_refused()
    if parent_code is not None:
        _require_listed_parent(commands, code=code, parent_code=parent_code)
    unit = RegionUnit.register(
        code=code,
        name=name,
        kind=kind,
        parent_code=parent_code,
        ctx=commands.context(actor=actor, first_event_id=first_event_id),
    )
    try:
        return commands.store.save(unit)[0]
    except ConcurrencyConflictError:
        # Registered by another request at the same moment: the same command resent, or a duplicate.
        return resent_or_refused()


def _step(
    commands: Commands,
    *,
    actor: str,
    code: str,
    step: str,
    command: Callable[[RegionUnit, CommandContext], None],
    command_id: UUID | None,
    guard: Callable[[RegionUnit], None] | None = None,
) -> Recorded:
    return run_step(
        commands,
        RegionUnit,
        region_unit_id(code),
        actor=actor,
        step=step,
        command=command,
        missing=NotFoundError(f"区划代码 {code} 未登记", field="code"),
        command_id=command_id,
        guard=guard,
    )


def reparent_region_unit(
    commands: Commands, *, actor: str, code: str, parent_code: str, command_id: UUID | None = None
) -> Recorded:
    """Move a unit under another registered parent of the next level up; its code stays."""
    return _step(
        commands,
        actor=actor,
        code=code,
        step="reparent_region_unit",
        command=lambda unit, ctx: unit.reparent(parent_code=parent_code, ctx=ctx),
        command_id=command_id,
        guard=lambda _unit: _require_listed_parent(commands, code=code, parent_code=parent_code),
    )


def change_region_kind(
    commands: Commands, *, actor: str, code: str, kind: RegionKind, command_id: UUID | None = None
) -> Recorded:
    """Change a unit's kind within its level (a 镇 becomes a 街道)."""
    return _step(
        commands,
        actor=actor,
        code=code,
        step="change_region_kind",
        command=lambda unit, ctx: unit.change_kind(kind=kind, ctx=ctx),
        command_id=command_id,
    )


def rename_region_unit(
    commands: Commands, *, actor: str, code: str, name: str, command_id: UUID | None = None
) -> Recorded:
    """Give a unit a new name."""
    return _step(
        commands,
        actor=actor,
        code=code,
        step="rename_region_unit",
        command=lambda unit, ctx: unit.rename(name=name, ctx=ctx),
        command_id=command_id,
    )
