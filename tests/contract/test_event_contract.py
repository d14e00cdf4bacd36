"""The event contract: every version has a golden sample that still parses, round-trips, and matches its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from shared.events import default_registry
from shared.events.envelope import EventPayload
from shared.events.schema_export import SCHEMA_DIR, check_schemas, schema_file_name

GOLDEN = Path(__file__).parent / "golden"
REGISTRY = default_registry()
VERSIONS = sorted(REGISTRY.classes(), key=schema_file_name)


def _golden(cls: type[EventPayload]) -> Path:
    return GOLDEN / f"{cls.event_type}.v{cls.schema_version}.json"


def _ids(cls: type[EventPayload]) -> str:
    return f"{cls.event_type}.v{cls.schema_version}"


@pytest.mark.parametrize("cls", VERSIONS, ids=_ids)
def test_every_event_version_has_a_golden_sample(cls: type[EventPayload]) -> None:
    assert _golden(cls).exists(), f"add {_golden(cls).name}: every published event version needs a golden sample"


@pytest.mark.parametrize("cls", VERSIONS, ids=_ids)
def test_golden_sample_parses_and_round_trips(cls: type[EventPayload]) -> None:
    raw = _golden(cls).read_text(encoding="utf-8")
    envelope = REGISTRY.decode(raw)
    latest = REGISTRY.latest(cls.event_type)
    assert envelope.event_type == cls.event_type
    assert isinstance(envelope.payload, latest), "a superseded version is read as the latest one"
    assert REGISTRY.decode(envelope.to_json()) == envelope
    if cls is latest:
        assert json.loads(envelope.to_json()) == json.loads(raw)
    else:
        assert json.loads(envelope.to_json())["schema_version"] == latest.schema_version


def test_a_deputy_elected_v1_reads_as_v2_with_no_specialty() -> None:
    v1 = json.loads((GOLDEN / "DeputyElected.v1.json").read_text(encoding="utf-8"))

    upcast = json.loads(REGISTRY.decode(json.dumps(v1)).to_json())

    assert upcast == {**v1, "schema_version": 2, "payload": {**v1["payload"], "specialty": ""}}


@pytest.mark.parametrize("event_type", ["OpinionRecorded", "OpinionReferred", "ReferralOpened"])
def test_an_opinion_event_v1_reads_as_v2_with_its_words_as_written_and_none_sealed(event_type: str) -> None:
    v1 = json.loads((GOLDEN / f"{event_type}.v1.json").read_text(encoding="utf-8"))

    upcast = json.loads(REGISTRY.decode(json.dumps(v1)).to_json())

    assert upcast == {**v1, "schema_version": 2, "payload": {**v1["payload"], "content_sealed": None}}


@pytest.mark.parametrize("cls", VERSIONS, ids=_ids)
def test_golden_sample_is_valid_against_the_published_schema(cls: type[EventPayload]) -> None:
    schema = json.loads((SCHEMA_DIR / schema_file_name(cls)).read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(_golden(cls).read_text(encoding="utf-8")), schema)


def test_published_schemas_match_the_models() -> None:
    assert check_schemas(REGISTRY) == [], "a published schema changed: add a new schema_version and an upcaster"


def test_a_changed_model_is_caught_against_its_published_schema(tmp_path: Path) -> None:
    cls = VERSIONS[0]
    published = (SCHEMA_DIR / schema_file_name(cls)).read_text(encoding="utf-8")
    (tmp_path / schema_file_name(cls)).write_text(published.replace('"type": "string"', '"type": "integer"', 1))
    for other in VERSIONS[1:]:
        (tmp_path / schema_file_name(other)).write_text((SCHEMA_DIR / schema_file_name(other)).read_text())
    assert check_schemas(REGISTRY, directory=tmp_path) == [schema_file_name(cls)]


def test_chinese_text_travels_unescaped() -> None:
    raw = _golden(VERSIONS[0]).read_text(encoding="utf-8")
    assert "\\u" not in REGISTRY.decode(raw).to_json().decode("utf-8")


def test_consumers_ignore_fields_they_do_not_know() -> None:
    data = json.loads((GOLDEN / "StationSetUp.v1.json").read_text(encoding="utf-8"))
    data["payload"]["opened_by_mayor"] = True
    data["trace_id"] = "abc"
    assert REGISTRY.decode(json.dumps(data)).payload.name == "东门社区人大代表联络站"


def test_every_event_names_a_known_topic() -> None:
    for cls in VERSIONS:
        assert cls.topic.startswith("npc.") and cls.topic.endswith(".v1"), cls
