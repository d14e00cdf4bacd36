"""A projection: the tables it owns, the topics it reads, and one handler per event class it applies."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from uuid import UUID

from sqlalchemy import MetaData
from sqlalchemy.orm import Session

from shared.events import default_registry
from shared.events.envelope import Envelope, EventPayload

if TYPE_CHECKING:
    from shared.application import Commands

E = TypeVar("E", bound=EventPayload)

Handler = Callable[[Session, Envelope[Any]], None]
"""A handler as the runner calls it, with whatever envelope it decoded; `Handlers.on` is what ties the
envelope's payload to the class the handler was registered for."""


class RecordedEvent(Protocol):
    """What every envelope carries whatever its payload: for helpers shared by handlers of several events."""

    @property
    def event_id(self) -> UUID: ...
    @property
    def event_type(self) -> str: ...
    @property
    def aggregate_type(self) -> str: ...
    @property
    def aggregate_id(self) -> UUID: ...
    @property
    def aggregate_version(self) -> int: ...
    @property
    def region_code(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def recorded_at(self) -> datetime: ...
    @property
    def actor(self) -> str: ...
    @property
    def payload(self) -> EventPayload: ...


class SupersededEventError(ValueError):
    """Raised when a handler is registered for an event version that the registry upcasts to a newer class."""


class DuplicateHandlerError(ValueError):
    """Raised when one set of handlers is given two handlers for the same event type."""


@cache
def _current_classes() -> Mapping[str, type[EventPayload]]:
    registry = default_registry()
    return {cls.event_type: registry.latest(cls.event_type) for cls in registry.classes()}


def _check_current(event_class: type[EventPayload]) -> None:
    current = _current_classes().get(event_class.event_type, event_class)
    if current is not event_class:
        raise SupersededEventError(
            f"{event_class.__name__} is {event_class.event_type} v{event_class.schema_version}, "
            f"which is decoded as {current.__name__} v{current.schema_version}: register the handler for that class"
        )


class Handlers(Mapping[str, Handler]):
    """A projection's handlers, registered by event class and looked up by the event type the class names.

    The registry brings every stored version of an event up to its latest class before a handler sees it
    (shared/events/registry.py, upcasters), so a handler is registered for the latest class only: `on`
    refuses a superseded one, and the `Envelope[E]` a handler declares is the envelope it is given.
    """

    def __init__(self, registrations: Mapping[type[EventPayload], Handler] | None = None) -> None:
        self._classes = dict(registrations or {})
        self._by_type = {cls.event_type: handler for cls, handler in self._classes.items()}

    def on(self, event_class: type[E], handler: Callable[[Session, Envelope[E]], None]) -> Handlers:
        """These handlers and one more; mypy checks that `handler` takes `event_class`'s envelope."""
        _check_current(event_class)
        if event_class.event_type in self._by_type:
            raise DuplicateHandlerError(f"two handlers for {event_class.event_type}")
        return Handlers({**self._classes, event_class: handler})

    def wrapped(self, wrap: Callable[[Handler], Handler]) -> Handlers:
        """The same registrations, each handler wrapped (to do something first for every event)."""
        return Handlers({cls: wrap(handler) for cls, handler in self._classes.items()})

    @property
    def event_classes(self) -> tuple[type[EventPayload], ...]:
        return tuple(self._classes)

    def __getitem__(self, event_type: str) -> Handler:
        return self._by_type[event_type]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_type)

    def __len__(self) -> int:
        return len(self._by_type)


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
    handlers: Handlers = field(default_factory=Handlers)
    commands: Commands | None = None
    """For an intake that turns events into commands on the service's own store: a process, not a read
    model, so `renda replay` leaves it alone (replaying it would act again, not rebuild)."""

    def __post_init__(self) -> None:
        # A handler for an event on a topic the projection does not read would never run.
        unread = sorted(cls.event_type for cls in self.handlers.event_classes if cls.topic not in self.topics)
        if unread:
            raise ValueError(f"{self.name} handles {', '.join(unread)} but reads none of their topics")

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
