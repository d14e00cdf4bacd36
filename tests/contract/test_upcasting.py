"""A breaking change is a new schema_version plus an upcaster; old events still parse as the new version."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest

from shared.events.envelope import EventPayload
from shared.events.registry import EventRegistry, MalformedEventError, UnknownEventTypeError


class OpinionFiledV1(EventPayload):
    """v1 kept the voter's words in `text`."""

    event_type: ClassVar[str] = "OpinionFiled"
    schema_version: ClassVar[int] = 1
    aggregate_type: ClassVar[str] = "Opinion"
    topic: ClassVar[str] = "npc.test.opinion.v1"

    text: str


class OpinionFiledV2(EventPayload):
    """v2 renamed `text` to `content` and added a category."""

    event_type: ClassVar[str] = "OpinionFiled"
    schema_version: ClassVar[int] = 2
    aggregate_type: ClassVar[str] = "Opinion"
    topic: ClassVar[str] = "npc.test.opinion.v1"

    content: str
    category: str


def _v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {"content": payload["text"], "category": "未分类"}


def _registry() -> EventRegistry:
    registry = EventRegistry()
    registry.register(OpinionFiledV1, OpinionFiledV2)
    registry.register_upcaster(event_type="OpinionFiled", from_version=1, upcaster=_v1_to_v2)
    return registry


def _envelope(version: int, payload: dict[str, Any]) -> str:
    return json.dumps(
        {
            "event_id": "00000000-0000-0000-0000-000000000001",
            "event_type": "OpinionFiled",
            "schema_version": version,
            "aggregate_type": "Opinion",
            "aggregate_id": "00000000-0000-0000-0000-000000000002",
            "aggregate_version": 1,
            "region_code": "410327100201",
            "occurred_at": "2026-11-20T01:30:00Z",
            "recorded_at": "2026-11-20T01:30:05Z",
            "actor": "dk_0123456789abcdef",
            "correlation_id": "00000000-0000-0000-0000-000000000003",
            "payload": payload,
        },
        ensure_ascii=False,
    )


def test_a_v1_event_is_upcast_to_the_latest_version() -> None:
    envelope = _registry().decode(_envelope(1, {"text": "路灯不亮"}))
    assert envelope.schema_version == 2
    assert isinstance(envelope.payload, OpinionFiledV2)
    assert envelope.payload.content == "路灯不亮"
    assert envelope.payload.category == "未分类"


def test_a_latest_version_event_passes_unchanged() -> None:
    envelope = _registry().decode(_envelope(2, {"content": "道路破损", "category": "交通运输"}))
    assert envelope.payload == OpinionFiledV2(content="道路破损", category="交通运输")


def test_a_version_without_an_upcaster_is_refused() -> None:
    registry = EventRegistry()
    registry.register(OpinionFiledV1, OpinionFiledV2)
    with pytest.raises(UnknownEventTypeError) as refused:
        registry.decode(_envelope(1, {"text": "路灯不亮"}))
    assert refused.value.field == "schema_version"


def test_an_unknown_event_type_is_refused() -> None:
    with pytest.raises(UnknownEventTypeError):
        _registry().decode(_envelope(1, {"text": "x"}).replace("OpinionFiled", "SomethingElse"))


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe not utf-8", b"not json", b"[]", b'{"event_type": "OpinionFiled"}'],
    ids=["bytes", "text", "array", "no-payload"],
)
def test_malformed_messages_are_refused(raw: bytes) -> None:
    with pytest.raises(MalformedEventError):
        _registry().decode(raw)


def test_an_invalid_field_names_its_location() -> None:
    with pytest.raises(MalformedEventError) as refused:
        _registry().decode(_envelope(2, {"content": "x", "category": "y"}).replace("410327100201", "410327000201"))
    assert refused.value.field == "region_code"
