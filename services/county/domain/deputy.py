"""Deputy (人大代表): elected for a term, attached to a liaison station."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ConflictError, ValidationFailedError
from shared.events.catalog.county import (
    DeputyAttachedToStation,
    DeputyDetachedFromStation,
    DeputyElected,
    DeputyLevel,
    ElectionKind,
)
from shared.events.region import is_within


class DeputyAlreadyAttachedError(ConflictError):
    """Raised when a deputy is attached to a station they are already attached to."""

    code = "DEPUTY_ALREADY_ATTACHED"
    message = "该代表已在此联络站"


class DeputyNotAttachedError(ConflictError):
    """Raised when a deputy is detached from a station they are not attached to."""

    code = "DEPUTY_NOT_ATTACHED"
    message = "该代表不在此联络站"


class ResidenceOutsideCongressError(ValidationFailedError):
    """Raised when a township-level deputy is resident outside the township that elected them."""

    code = "RESIDENCE_OUTSIDE_CONGRESS"
    message = "乡级代表的驻地必须在选出其的乡镇范围内"


@dataclass(frozen=True)
class DeputyProfile:
    """Who a deputy is and how they were elected: the facts of a DeputyElected event."""

    name: str
    level: DeputyLevel
    term: int
    congress_region_code: str
    resident_region_code: str
    elected_on: date
    election: ElectionKind = ElectionKind.GENERAL
    constituency: str = ""
    holds_leading_office: bool = False
    is_public_servant: bool = False
    occupation: str = ""


class Deputy(Aggregate):
    """A deputy of one congress and term; the roster the other tiers follow."""

    aggregate_type = "Deputy"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.name = ""
        self.level = DeputyLevel.COUNTY
        self.stations: set[UUID] = set()

    @classmethod
    def elect(cls, *, deputy_id: UUID, profile: DeputyProfile, ctx: CommandContext) -> Deputy:
        """Record a deputy's election (or by-election) for a term."""
        if profile.level is DeputyLevel.TOWNSHIP and not is_within(
            profile.resident_region_code, profile.congress_region_code
        ):
            raise ResidenceOutsideCongressError(field="resident_region_code")
        deputy = cls(deputy_id)
        deputy._record(DeputyElected(**asdict(profile)), ctx=ctx, region_code=profile.resident_region_code)
        return deputy

    @applies(DeputyElected)
    def _elected(self, event: DeputyElected) -> None:
        self.name = event.name
        self.level = event.level

    def attach_to_station(self, *, station_id: UUID, station_region_code: str, ctx: CommandContext) -> None:
        """Attach the deputy to a liaison station (代表进站)."""
        if station_id in self.stations:
            raise DeputyAlreadyAttachedError(field="station_id")
        self._record(DeputyAttachedToStation(station_id=station_id, station_region_code=station_region_code), ctx=ctx)

    @applies(DeputyAttachedToStation)
    def _attached(self, event: DeputyAttachedToStation) -> None:
        self.stations.add(event.station_id)

    def detach_from_station(self, *, station_id: UUID, ctx: CommandContext) -> None:
        """Detach the deputy from a liaison station."""
        if station_id not in self.stations:
            raise DeputyNotAttachedError(field="station_id")
        self._record(DeputyDetachedFromStation(station_id=station_id), ctx=ctx)

    @applies(DeputyDetachedFromStation)
    def _detached(self, event: DeputyDetachedFromStation) -> None:
        self.stations.discard(event.station_id)
