"""One command layer for every service: frozen command classes and an explicit map from class to handler.

A service's `application/commands.py` declares its commands (each one use case, named with an imperative
verb) and its `COMMAND_HANDLERS`; routes, a terminal's batch upload and the cross-tier intakes all run
commands through `CommandBus.dispatch`, so a use case is written once whoever calls it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.aggregate import Recorded

Ctx = TypeVar("Ctx")
C = TypeVar("C", bound="Command")


class Command(BaseModel):
    """A use case's input as the wire carries it: frozen, no unknown fields, resent under the same id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    command_id: UUID | None = Field(default=None, description="客户端生成的命令编号：重发时返回首次结果")


class UnknownCommandError(LookupError):
    """Raised when a command class has no handler in the service's map (a wiring mistake, not bad input)."""


class CommandBus(Generic[Ctx]):
    """Runs each command through the handler registered for its class, with the service's context."""

    def __init__(self, handlers: Mapping[type[Any], Callable[[Any, Ctx], Recorded]] | None = None) -> None:
        self._handlers = dict(handlers or {})

    def on(self, command_type: type[C], handler: Callable[[C, Ctx], Recorded]) -> CommandBus[Ctx]:
        """A bus with one more registration; mypy checks the handler takes that command class."""
        return CommandBus({**self._handlers, command_type: handler})

    def handler_for(self, command_type: type[Command]) -> Callable[[Any, Ctx], Recorded]:
        try:
            return self._handlers[command_type]
        except KeyError:
            raise UnknownCommandError(command_type.__name__) from None

    def dispatch(self, command: Command, ctx: Ctx) -> Recorded:
        """Run one command; its handler checks the rules against the stored case and saves the events."""
        return self.handler_for(type(command))(command, ctx)

    @property
    def command_types(self) -> frozenset[type[Any]]:
        return frozenset(self._handlers)
