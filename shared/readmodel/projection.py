"""A projection: the tables it owns, the topics it reads, and one handler per event type it applies."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import Session

from shared.events.envelope import Envelope

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
    runs_commands: bool = False
    """An intake that turns events into commands on the service's own store: a process, not a read
    model, so `renda replay` leaves it alone (replaying it would act again, not rebuild)."""

    @property
    def consumer_group(self) -> str:
        return f"{self.name}.v{self.version}"

    def handler_for(self, event_type: str) -> Handler | None:
        return self.handlers.get(event_type)
