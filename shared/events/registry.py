"""The event registry: every event type and version, their upcasters, and JSON decoding.

A breaking change to an event is a new `schema_version` plus an upcaster from the version before;
published versions stay registered so their golden JSON still parses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from pydantic import ValidationError

from shared.events.envelope import Envelope, EventPayload
from shared.events.errors import ValidationFailedError

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class UnknownEventTypeError(ValidationFailedError):
    """Raised when a message names an event type or version the registry does not know."""

    code = "UNKNOWN_EVENT_TYPE"
    message = "未知的事件类型或版本"


class MalformedEventError(ValidationFailedError):
    """Raised when a message is not a valid event envelope."""

    code = "MALFORMED_EVENT"
    message = "事件格式错误"


class EventRegistry:
    """Event classes by (event_type, schema_version), and upcasters between consecutive versions."""

    def __init__(self) -> None:
        self._classes: dict[tuple[str, int], type[EventPayload]] = {}
        self._latest: dict[str, int] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}

    def register(self, *classes: type[EventPayload]) -> None:
        for cls in classes:
            key = (cls.event_type, cls.schema_version)
            if key in self._classes and self._classes[key] is not cls:
                raise ValueError(f"duplicate event registration {key}")
            self._classes[key] = cls
            self._latest[cls.event_type] = max(self._latest.get(cls.event_type, 0), cls.schema_version)

    def register_upcaster(self, *, event_type: str, from_version: int, upcaster: Upcaster) -> None:
        """`upcaster` turns a payload of `from_version` into one of `from_version + 1`."""
        self._upcasters[(event_type, from_version)] = upcaster

    def classes(self) -> Iterable[type[EventPayload]]:
        return self._classes.values()

    def latest(self, event_type: str) -> type[EventPayload]:
        version = self._latest.get(event_type)
        if version is None:
            raise UnknownEventTypeError(f"未知的事件类型：{event_type}", field="event_type")
        return self._classes[(event_type, version)]

    def topic_of(self, event_type: str) -> str:
        return self.latest(event_type).topic

    def topics(self) -> set[str]:
        return {cls.topic for cls in self._classes.values()}

    def upcast(self, *, event_type: str, version: int, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Bring a payload up to the latest version of its event type."""
        latest = self.latest(event_type).schema_version
        if (event_type, version) not in self._classes:
            raise UnknownEventTypeError(f"未知的事件版本：{event_type} v{version}", field="schema_version")
        while version < latest:
            step = self._upcasters.get((event_type, version))
            if step is None:
                raise UnknownEventTypeError(f"缺少升级器：{event_type} v{version}", field="schema_version")
            payload = step(payload)
            version += 1
        return version, payload

    def decode(self, raw: bytes | str | dict[str, Any]) -> Envelope[EventPayload]:
        """Parse an envelope from JSON (or a decoded dict), upcast it, and validate it."""
        try:
            data = json.loads(raw) if isinstance(raw, (bytes, str)) else dict(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise MalformedEventError(f"事件不是有效的JSON：{error}") from error
        if not isinstance(data, dict):
            raise MalformedEventError("事件必须是JSON对象")
        event_type = data.get("event_type")
        version = data.get("schema_version")
        payload = data.get("payload")
        if not isinstance(event_type, str) or not isinstance(version, int) or not isinstance(payload, dict):
            raise MalformedEventError("事件缺少 event_type、schema_version 或 payload")
        version, payload = self.upcast(event_type=event_type, version=version, payload=payload)
        data["schema_version"] = version
        data["payload"] = payload
        try:
            return envelope_type(self.latest(event_type)).model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise MalformedEventError(f"事件字段无效：{field}：{first['msg']}", field=field) from error


@cache
def envelope_type(payload_cls: type[EventPayload]) -> type[Envelope[EventPayload]]:
    """The concrete envelope model for one event class (cached: pydantic builds it once)."""
    return Envelope[payload_cls]  # type: ignore[valid-type]
