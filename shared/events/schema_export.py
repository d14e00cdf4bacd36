"""JSON Schema for every event version, generated from the models and kept in `shared/events/schemas/`.

Published files are never edited: `renda schemas` writes the missing ones and reports any that the
models no longer match, which means a published schema was changed in place.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shared.events.envelope import EventPayload
from shared.events.registry import EventRegistry, envelope_type

SCHEMA_DIR = Path(__file__).parent / "schemas"


def schema_file_name(cls: type[EventPayload]) -> str:
    return f"{cls.event_type}.v{cls.schema_version}.schema.json"


def schema_for(cls: type[EventPayload]) -> dict[str, Any]:
    """The JSON Schema of one event version, envelope included, with its type and version fixed."""
    schema = envelope_type(cls).model_json_schema(mode="serialization")
    schema["title"] = f"{cls.event_type} v{cls.schema_version}"
    schema["description"] = (cls.__doc__ or "").strip()
    schema["$id"] = f"urn:renda:event:{cls.event_type}:v{cls.schema_version}"
    properties = schema["properties"]
    properties["event_type"] = {"const": cls.event_type, "title": "Event Type", "type": "string"}
    properties["schema_version"] = {"const": cls.schema_version, "title": "Schema Version", "type": "integer"}
    properties["aggregate_type"] = {"const": cls.aggregate_type, "title": "Aggregate Type", "type": "string"}
    schema["x-topic"] = cls.topic
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def check_schemas(registry: EventRegistry, *, directory: Path = SCHEMA_DIR, write_missing: bool = False) -> list[str]:
    """Names of published schema files the models no longer match (writing missing ones if asked)."""
    changed = []
    for cls in sorted(registry.classes(), key=schema_file_name):
        path = directory / schema_file_name(cls)
        expected = render(schema_for(cls))
        if not path.exists():
            if write_missing:
                directory.mkdir(parents=True, exist_ok=True)
                path.write_text(expected, encoding="utf-8")
                continue
            changed.append(f"{path.name} (missing)")
        elif path.read_text(encoding="utf-8") != expected:
            changed.append(path.name)
    return changed
