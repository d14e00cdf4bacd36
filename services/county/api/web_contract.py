"""The names and labels the web pages share with the service, served to them as one generated ES module.

The pages never spell a projection, a topic or a status label themselves: they import them from
`/ui/contract.js`, which is written here from the Python constants when it is asked for. A projection
renamed in its module, or a status reworded in the suggestion rules, reaches the pages with the same
change, and a page naming a projection the service does not have fails as it loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import TypeVar

from services.county.domain import suggestion_rules
from services.county.domain.appointment_rules import KIND_LABELS
from services.county.domain.points import GRADE_LABELS
from services.county.domain.suggestion_rules import SuggestionStatus
from shared.events import topics
from shared.readmodel.projection import Projection

TOPIC_PREFIX = "npc."
Key = TypeVar("Key", bound=str)


def projection_names(projections: Iterable[Projection], *, service: str) -> dict[str, str]:
    """Each projection's name under its short key: `county.station_work` as `station_work`."""
    return {projection.name.removeprefix(f"{service}."): projection.name for projection in projections}


def topic_names() -> dict[str, str]:
    """Every topic of `shared.events.topics`, under its constant's name."""
    return {
        name: value
        for name, value in vars(topics).items()
        if name.isupper() and isinstance(value, str) and value.startswith(TOPIC_PREFIX)
    }


def _by_value(labels: Mapping[Key, str]) -> dict[str, str]:
    """A label mapping keyed by the plain values the API returns (an enum member by its value)."""
    return {str(key.value) if isinstance(key, Enum) else str(key): text for key, text in labels.items()}


def _statuses(group: frozenset[SuggestionStatus]) -> list[str]:
    # In the order the statuses are declared, so a page's choices read in the order of handling.
    return [status.value for status in SuggestionStatus if status in group]


def contract_exports(*, projections: Iterable[Projection], service: str) -> dict[str, object]:
    """What `/ui/contract.js` exports, by name."""
    return {
        "SERVICE": service,
        "PROJECTIONS": projection_names(projections, service=service),
        "TOPICS": topic_names(),
        "STATUS_LABELS": _by_value(suggestion_rules.STATUS_LABELS),
        "STATUS_GROUPS": {
            "awaiting_assignment": _statuses(suggestion_rules.AWAITING_ASSIGNMENT),
            "awaiting_reply": _statuses(suggestion_rules.AWAITING_REPLY),
            "in_handling": _statuses(suggestion_rules.IN_HANDLING),
            "finished": _statuses(suggestion_rules.FINISHED),
        },
        "CATEGORY_LABELS": _by_value(suggestion_rules.CATEGORY_LABELS),
        "GRADE_LABELS": _by_value(GRADE_LABELS),
        "APPOINTMENT_KIND_LABELS": _by_value(KIND_LABELS),
    }


def contract_module(*, projections: Iterable[Projection], service: str) -> str:
    """The ES module the pages import their names and labels from."""
    lines = [f"// Written by the {service} service from its Python constants (services/county/api/web_contract.py)."]
    for name, value in contract_exports(projections=projections, service=service).items():
        literal = json.dumps(value, ensure_ascii=False, indent=2)
        lines.append(f"export const {name} = {literal if isinstance(value, str) else f'Object.freeze({literal})'};")
    return "\n".join(lines) + "\n"
