"""`/ui/contract.js`: the projection names, topics and labels the pages import, written from the Python constants."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from services.county.api.web_contract import contract_module, projection_names
from services.county.domain.suggestion_rules import STATUS_LABELS, SuggestionStatus
from services.county.projections.appointments import APPOINTMENTS
from services.county.projections.duty_ledger import DUTY_LEDGER
from services.county.projections.handling_units import HANDLING_UNITS
from services.county.projections.regions import REGIONS
from services.county.projections.roster import ROSTER
from services.county.projections.station_work import STATION_WORK
from services.county.projections.suggestions import SUGGESTIONS
from shared.events import topics

WEB = Path(__file__).resolve().parents[3] / "services" / "county" / "web"
COUNTY_PROJECTIONS = (ROSTER, HANDLING_UNITS, SUGGESTIONS, APPOINTMENTS, DUTY_LEDGER, REGIONS, STATION_WORK)
EXPORT = re.compile(r"^export const (\w+) = (?:Object\.freeze\((.*)\)|(\".*\"));$", re.DOTALL | re.MULTILINE)


def exported(module: str) -> dict[str, Any]:
    """The module's exports read back: each one is a JSON literal, frozen unless it is a string."""
    statements = module.split("\nexport const ")
    values: dict[str, Any] = {}
    for statement in statements[1:]:
        match = EXPORT.match(f"export const {statement.strip()}")
        assert match, statement
        values[match.group(1)] = json.loads(match.group(2) or match.group(3))
    return values


def test_each_projection_is_named_under_its_short_key() -> None:
    names = projection_names([ROSTER, STATION_WORK], service="county")

    assert names == {"roster": "county.roster", "station_work": "county.station_work"}


def test_the_module_exports_what_the_python_constants_say() -> None:
    values = exported(contract_module(projections=COUNTY_PROJECTIONS, service="county"))

    assert values["SERVICE"] == "county"
    assert values["PROJECTIONS"] == {p.name.removeprefix("county."): p.name for p in COUNTY_PROJECTIONS}
    assert values["TOPICS"]["COUNTY_DEPUTY"] == topics.COUNTY_DEPUTY
    assert "DEAD_LETTER_SUFFIX" not in values["TOPICS"]
    assert values["STATUS_LABELS"] == {status.value: text for status, text in STATUS_LABELS.items()}
    assert values["STATUS_LABELS"]["registered"] == "待交办"


def test_the_status_labels_keep_the_order_of_handling() -> None:
    values = exported(contract_module(projections=[], service="county"))

    assert list(values["STATUS_LABELS"]) == [status.value for status in SuggestionStatus]
    assert values["STATUS_GROUPS"]["awaiting_assignment"] == ["registered", "returned"]


def test_every_projection_a_page_watches_is_one_the_county_service_runs() -> None:
    served = projection_names(COUNTY_PROJECTIONS, service="county")
    watched = {
        key
        for path in [*WEB.glob("*.js"), *WEB.glob("pages/*.js")]
        for call in re.findall(r"projections\(([^)]*)\)", path.read_text(encoding="utf-8"))
        for key in re.findall(r'"(\w+)"', call)
    }

    assert watched, "the pages name the projections they watch"
    assert watched <= set(served), watched - set(served)


def test_no_page_spells_a_projection_name_itself() -> None:
    spelled = [
        path.name
        for path in [*WEB.glob("*.js"), *WEB.glob("pages/*.js")]
        if re.search(
            r"^[^/*]*[\"'](?:county|township|station)\.\w+[\"']", path.read_text(encoding="utf-8"), re.MULTILINE
        )
    ]

    assert spelled == []
