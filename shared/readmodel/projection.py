"""A projection: the tables it owns, the topics it reads, and one handler per event type it applies."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import MetaData
from sqlalchemy.orm import Session

from shared.events.envelope import Envelope

if TYPE_CHECKING:
    from shared.application import Commands

Handler = Callable[[Session, Envelope[Any]], None]


@dataclass(frozen=True)
class Projection:
    """A read model and the pure handlers that build it from events.

    Bump `version` when the tables or handlers change: the runner then drops the tables and rebuilds
    them from the topics under a fresh consumer group.
    """

    name: str
    version: int
    topics: tuple[str, ...]
    metadata: MetaData
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    commands: Commands | None = None
    """For an intake that turns events into commands on the service's own store: a process, not a read
    model, so `renda replay` leaves it alone (replaying it would act again, not rebuild)."""

    @property
    def runs_commands(self) -> bool:
        return self.commands is not None

    @property
    def consumer_group(self) -> str:
        return f"{self.name}.v{self.version}"

    def handler_for(self, event_type: str) -> Handler | None:
        return self.handlers.get(event_type)


BATCH_COMMANDS = "batch_commands"


def commands_for(session: Session, commands: Commands) -> Commands:
    """The commands an intake's handler runs: its batch's own when the runner gives one (they are stored
    together, once every handler of the batch has run), else `commands`, stored one by one."""
    batch: Commands | None = session.info.get(BATCH_COMMANDS)
    return commands if batch is None else batch
