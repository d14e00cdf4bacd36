"""What the authorization matrix checks in the answer: every row a list hands a caller lies in the caller's scope.

A caller's scope is its region (staff, viewers, auditors), its own suggestions (a deputy: led or co-signed),
the cases assigned to it (a handling unit) or its own station (a liaison, a terminal). A row that names its
place is checked against it; one that names only a record (an activity, an opinion, an appointment) is checked
against that record as the service itself stored it, so a list cannot pass by leaving its region out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.county.domain.appointment import Appointment
from services.station.domain.opinion import Opinion
from services.station.domain.reception import Reception
from shared.aggregate import Aggregate
from shared.auth import Actor, Role
from tests.security.conftest import SecurityPlatform


@dataclass(frozen=True)
class Seen:
    """One answer's context: who asked, the station the route is about (if any) and the services' own records."""

    actor: Actor
    station_id: UUID | None
    """The station in the path, or the terminal's or liaison's own: the one a station's rows must belong to."""
    path: dict[str, str]
    platform: SecurityPlatform

    def record(self, service: str, cls: type[Aggregate], aggregate_id: Any) -> Aggregate:
        return self.platform.demo.runtimes[service].commands.load(cls, UUID(str(aggregate_id)))

    def stations_of_deputy(self, deputy_id: Any) -> set[UUID]:
        """Every station the county ever attached the deputy to (a ledger keeps who came before a detachment)."""
        events = self.platform.demo.runtimes["county"].store.events_of(UUID(str(deputy_id)))
        return {
            event.payload.station_id  # type: ignore[attr-defined]
            for event in events
            if event.event_type == "DeputyAttachedToStation"
        }


RowCheck = Callable[[Seen, dict[str, Any]], bool]


@dataclass(frozen=True)
class Rows:
    """Where a list sits in the answer (`at`: a key of the answer, or None for the answer or its `items`)."""

    check: RowCheck | None
    at: str | None = None
    unscoped: str = ""
    """Why the rows carry no place of their own (figures by month, the deployment's calendar): said, not assumed."""


def rows_at(body: Any, at: str | None) -> list[dict[str, Any]] | None:
    """The list `at` names in the answer, or None when there is none."""
    if at is not None:
        found = body.get(at) if isinstance(body, dict) else None
    elif isinstance(body, dict):
        found = body.get("items")
    else:
        found = body
    return found if isinstance(found, list) else None


def in_region(field: str) -> RowCheck:
    """The row's place (`field`) lies in the caller's region."""

    def check(seen: Seen, row: dict[str, Any]) -> bool:
        return seen.actor.covers(row[field])

    return check


def own_station_in_region(seen: Seen, row: dict[str, Any]) -> bool:
    """A station in the caller's region, and, for a station's own liaison, that station only."""
    return seen.actor.covers(row["region_code"]) and seen.actor.reaches_station(UUID(str(row["station_id"])))


def suggestion_in_scope(seen: Seen, row: dict[str, Any]) -> bool:
    """A unit sees what it leads or helps with, a deputy what they lead or co-signed, others their region's."""
    actor = seen.actor
    if actor.role is Role.HANDLING_UNIT:
        units = {row["lead_unit_id"], *row["co_unit_ids"]}
        return actor.unit_id in {str(unit) for unit in units if unit is not None}
    if actor.role is Role.DEPUTY:
        return str(actor.deputy_id) in {str(row["lead_deputy_id"]), *map(str, row["co_signer_ids"])}
    return actor.covers(row["region_code"])


def of_path_deputy(seen: Seen, row: dict[str, Any]) -> bool:
    """A deputy's own record: the route checked the deputy against the caller, each row must be that deputy's."""
    return str(row["deputy_id"]) == seen.path["deputy_id"]


def appointment_in_region(seen: Seen, row: dict[str, Any]) -> bool:
    return seen.actor.covers(seen.record("county", Appointment, row["appointment_id"]).region_code)


def reception_of_station(seen: Seen, row: dict[str, Any]) -> bool:
    reception = seen.record("station", Reception, row["reception_id"])
    return getattr(reception, "station_id", None) == seen.station_id


def opinion_of_station(seen: Seen, row: dict[str, Any]) -> bool:
    opinion = seen.record("station", Opinion, row["opinion_id"])
    return getattr(opinion, "station_id", None) == seen.station_id


def deputy_of_station(seen: Seen, row: dict[str, Any]) -> bool:
    return seen.station_id in seen.stations_of_deputy(row["deputy_id"])


def unscoped(why: str) -> Rows:
    return Rows(check=None, unscoped=why)
