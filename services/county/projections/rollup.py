"""The roll-up (汇总): every counted figure at every level, 市 → 县 → 乡 → 村 → 站, from the read models.

Facts are placed where they happened and summed upwards, never typed in at a level:

- a station's work (its activities, voters, opinions, deputies' visits) on the station, under its
  village or community;
- a suggestion on the place its lead deputy lives; a deputy's duty (述职, grade) on the place they live;
- the standing committee's appointments on the county itself.

A place's figures are the sums of its children's; facts placed on the place's own code (a deputy who
lives in the county seat's code, the county's appointments) are shown as its own child "本级", so
parent = Σ children holds at every level. The tree follows the region directory (`county.regions`):
a village moved to another township, or a township to another county, takes all its history with it,
because facts are placed by where they happened and the tree is drawn when asked. A place that is not
in the directory hangs under the parent its code implies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from services.county.domain.points import Grade
from services.county.projections import appointment_queries, duty_queries, suggestion_queries
from services.county.projections.appointments import appointments
from services.county.projections.regions import region_units
from services.county.projections.roster import deputies
from services.county.projections.suggestions import suggestions
from shared.calendar import WorkingDayCalendar
from shared.errors import PlatformError
from shared.events.region import RegionLevel, level_of, parent_of, prefix_of
from shared.figures.station_work_queries import STATION_FIGURE_NAMES, township_figures

SUGGESTION_FIGURES = (
    "assigned",
    "key_suggestions",
    "in_handling",
    "replied",
    "replied_on_time",
    "overdue",
    "met",
    "rated",
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
    "rehandled",
    "implemented",
    "closed",
)
APPOINTMENT_FIGURES = ("person_times", "exam_batches", "exam_takers", "exam_passed", "oath_ceremonies", "sworn_in")

FIGURE_NAMES: tuple[str, ...] = (
    *STATION_FIGURE_NAMES,
    "suggestions_received",
    *(f"suggestions_{name}" for name in SUGGESTION_FIGURES),
    *(f"appointments_{name}" for name in APPOINTMENT_FIGURES),
    "appointments_inquiries",
    "deputies_in_office",
    "deputies_reported_to_voters",
    *(f"deputies_{grade.value}" for grade in Grade),
)
"""Every counted figure of the roll-up; each is an integer that adds up from children to parent."""

RATES: dict[str, tuple[str, str]] = {
    "answered_in_time_rate": ("answered_in_time", "referred"),
    "scheduled_days_held_rate": ("scheduled_days_held", "scheduled_days"),
    "standard_compliance_rate": ("standard_compliant", "stations"),
    "reply_rate": ("suggestions_replied", "suggestions_assigned"),
    "on_time_rate": ("suggestions_replied_on_time", "suggestions_replied"),
    "meeting_rate": ("suggestions_met", "suggestions_assigned"),
    "satisfaction_rate": ("suggestions_satisfied", "suggestions_rated"),
    "basic_satisfaction_rate": ("suggestions_basically_satisfied", "suggestions_rated"),
    "implementation_rate": ("suggestions_implemented", "suggestions_replied"),
    "exam_pass_rate": ("appointments_exam_passed", "appointments_exam_takers"),
    "reported_to_voters_share": ("deputies_reported_to_voters", "deputies_in_office"),
}
"""Rates are never summed: each level divides its own sums."""

LEVELS = ("city", "county", "township", "village", "station")
OWN = "own"


def _zero() -> dict[str, int]:
    return dict.fromkeys(FIGURE_NAMES, 0)


@dataclass
class Node:
    """A place (or a station, or a place's own facts) with its figures and its children."""

    code: str
    name: str
    level: str
    kind: str | None = None
    figures: dict[str, int] = field(default_factory=_zero)
    children: list[Node] = field(default_factory=list)

    def find(self, code: str) -> Node | None:
        """This node or the one below it with the code."""
        if self.code == code:
            return self
        for node in self.children:
            found = node.find(code)
            if found is not None:
                return found
        return None

    def walk(self) -> Iterable[Node]:
        yield self
        for node in self.children:
            yield from node.walk()

    def as_dict(self, *, depth: int | None = None, toward: str | None = None) -> dict[str, Any]:
        """The node and `depth` levels below it (all if None); with `toward`, the way down to that node is
        opened too: each node on it with its children, the one on the way opened further, and the node
        itself with `depth` levels below it. A dashboard draws a place and the trail to it from this."""
        if toward is not None and toward != self.code and self.find(toward) is not None:
            children = [
                node.as_dict(depth=depth, toward=toward)
                if node.find(toward) is not None
                else node.as_dict(depth=None if depth is None else 0)
                for node in self.children
            ]
            return self._with(children)
        return self._with(
            [] if depth == 0 else [node.as_dict(depth=None if depth is None else depth - 1) for node in self.children]
        )

    def _with(self, children: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "kind": self.kind,
            "figures": dict(self.figures),
            "rates": rates(self.figures),
            "children": children,
        }


def rates(figures: Mapping[str, int]) -> dict[str, float | None]:
    return {
        name: round(figures[part] / figures[whole], 4) if figures[whole] else None
        for name, (part, whole) in RATES.items()
    }


@dataclass(frozen=True)
class Facts:
    """What the roll-up places: figures on stations (with their village) and figures on region codes."""

    stations: dict[str, tuple[str, str, dict[str, int]]]
    """station id → (its region code, its name, its figures)."""
    places: dict[str, dict[str, int]]
    """region code → the figures placed on that code itself."""


def gather(engine: Engine, *, scope: str, start: date, end: date, today: date, calendar: WorkingDayCalendar) -> Facts:
    """Every fact of the period inside the scope, placed on a station or a region code."""
    within = prefix_of(scope)
    places: dict[str, dict[str, int]] = {}

    def add(code: str, name: str, value: int = 1) -> None:
        places.setdefault(code, _zero())[name] += value

    work = township_figures(engine, within=within, start=start, end=end, today=today, calendar=calendar)
    stations = {
        str(row["station_id"]): (row["region_code"], row["name"], work["station_figures"][str(row["station_id"])])
        for row in work["stations"]
    }
    _gather_suggestions(engine, within=within, start=start, end=end, today=today, add=add)
    for county in _counties(engine, within):
        counted = appointment_queries.figures(engine, within=prefix_of(county), between=(start, end))
        for name in APPOINTMENT_FIGURES:
            add(county, f"appointments_{name}", counted[name])
        add(county, "appointments_inquiries", counted["inquiries"])
        _gather_deputies(engine, county=county, year=end.year, add=add)
    return Facts(stations=stations, places=places)


def _gather_suggestions(engine: Engine, *, within: str, start: date, end: date, today: date, add: Any) -> None:
    query = select(suggestions).where(
        suggestions.c.region_code.startswith(within), suggestions.c.received_on.between(start, end)
    )
    with engine.connect() as connection:
        for case in connection.execute(query).mappings():
            add(case["region_code"], "suggestions_received")
            # Overdue at any stage, waiting to be assigned included: the red of the tracking list (三色督办).
            if suggestion_queries.deadline_colour(due=suggestion_queries.current_due(dict(case)), today=today) == "red":
                add(case["region_code"], "suggestions_overdue")
    assigned = [
        row for row in suggestion_queries.assigned_rows(engine, within=within) if start <= row["received_on"] <= end
    ]
    by_place: dict[str, list[dict[str, Any]]] = {}
    for row in assigned:
        by_place.setdefault(row["region_code"], []).append(row)
    for code, rows in by_place.items():
        counted = suggestion_queries.count_figures(rows, today=today)
        for name in SUGGESTION_FIGURES:
            if name != "overdue":  # counted over every case above, not only the assigned ones
                add(code, f"suggestions_{name}", counted[name])


def _gather_deputies(engine: Engine, *, county: str, year: int, add: Any) -> None:
    county_prefix = prefix_of(county)
    reports = duty_queries.reports_to_voters(engine, within=county_prefix, year=year, first_year=year, last_year=year)
    for row in reports["deputies"]:
        add(row["resident_region_code"], "deputies_in_office")
        if row["reported_this_year"]:
            add(row["resident_region_code"], "deputies_reported_to_voters")
    try:
        scored = duty_queries.year_points(engine, within=county_prefix, county=county, year=year)
    except PlatformError:
        return  # no rule set in force for the year: no grades to count
    for row in scored["deputies"]:
        add(row["resident_region_code"], f"deputies_{row['grade']}")


def _counties(engine: Engine, within: str) -> list[str]:
    """The counties that have facts of their own in the scope: those with appointments or deputies."""
    codes: set[str] = set()
    with engine.connect() as connection:
        for table, column in (
            (appointments, appointments.c.region_code),
            (deputies, deputies.c.resident_region_code),
        ):
            for (code,) in connection.execute(select(column).select_from(table).where(column.startswith(within))):
                codes.add(code[:6].ljust(12, "0"))
    return sorted(codes)


def build_tree(facts: Facts, directory: Mapping[str, Mapping[str, Any]], *, scope: str) -> Node:
    """The tree from the scope's city down to stations, each node's figures the sums of its children's."""
    nodes: dict[str, Node] = {}

    def parent_code(code: str) -> str | None:
        unit = directory.get(code)
        if unit is not None and unit["parent_code"]:
            return str(unit["parent_code"])
        return parent_of(code)

    def node(code: str) -> Node:
        if code in nodes:
            return nodes[code]
        unit = directory.get(code)
        level = level_of(code)
        made = Node(
            code=code,
            name=str(unit["name"]) if unit else code,
            level=level.value,
            kind=str(unit["kind"]) if unit else None,
        )
        nodes[code] = made
        if level is not RegionLevel.CITY:
            above = parent_code(code)
            if above is not None:
                node(above).children.append(made)
        return made

    root = node(_city_of(scope))
    for code in directory:
        if level_of(code) is not RegionLevel.PROVINCE:
            node(code)
    for station_id, (village, name, figures) in facts.stations.items():
        node(village).children.append(Node(code=station_id, name=name, level="station", figures={**_zero(), **figures}))
    for code, figures in facts.places.items():
        node(code).children.append(Node(code=f"{code}:own", name="本级", level=OWN, figures=dict(figures)))
    _sum_up(root)
    return root


def _city_of(scope: str) -> str:
    level = level_of(scope)
    if level is RegionLevel.CITY:
        return scope
    return scope[:4].ljust(12, "0")


def _sum_up(node: Node) -> dict[str, int]:
    if node.children:
        for child in node.children:
            _sum_up(child)
        node.children.sort(key=lambda child: (child.level == OWN, child.code))
        node.figures = {name: sum(child.figures[name] for child in node.children) for name in FIGURE_NAMES}
    return node.figures


def rollup(engine: Engine, *, scope: str, start: date, end: date, today: date, calendar: WorkingDayCalendar) -> Node:
    """The roll-up tree of the scope's city for a period; `today` judges what is overdue."""
    facts = gather(engine, scope=scope, start=start, end=end, today=today, calendar=calendar)
    return build_tree(facts, region_units(engine, within=prefix_of(_city_of(scope))), scope=scope)
