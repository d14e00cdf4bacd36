"""Deputy (人大代表): elected for a term, attached to liaison stations, member of groups, until leaving office."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from uuid import UUID

from services.county.domain.suggestion_rules import DateInFutureError
from shared.aggregate import Aggregate, CommandContext, applies
from shared.calendar import china_date
from shared.errors import ConflictError, ValidationFailedError
from shared.events.catalog.county import (
    DeputyAttachedToStation,
    DeputyDetachedFromStation,
    DeputyElectedV2,
    DeputyGroupKind,
    DeputyJoinedGroup,
    DeputyLeftGroup,
    DeputyLeftOffice,
    DeputyLevel,
    ElectionKind,
    LeavingReason,
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


class DeputyAlreadyInGroupError(ConflictError):
    """Raised when a deputy joins a group they are already a member of."""

    code = "DEPUTY_ALREADY_IN_GROUP"
    message = "该代表已是此小组成员"


class DeputyNotInGroupError(ConflictError):
    """Raised when a deputy leaves a group they are not a member of."""

    code = "DEPUTY_NOT_IN_GROUP"
    message = "该代表不是此小组成员"


class DeputyNotInOfficeError(ConflictError):
    """Raised when a command is given on a deputy who has left office."""

    code = "DEPUTY_NOT_IN_OFFICE"
    message = "该代表已离任，不能再办理此项"


class LeftOfficeBeforeElectionError(ValidationFailedError):
    """Raised when the date a deputy left office is before the date they were elected."""

    code = "LEFT_OFFICE_BEFORE_ELECTION"
    message = "离任日期不能早于当选日期"


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
    specialty: str = ""


class Deputy(Aggregate):
    """A deputy of one congress and term; the roster the other tiers follow."""

    aggregate_type = "Deputy"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.name = ""
        self.level = DeputyLevel.COUNTY
        self.specialty = ""
        self.term = 0
        self.elected_on: date | None = None
        self.stations: set[UUID] = set()
        self.groups: dict[str, DeputyGroupKind] = {}
        self.left_office: LeavingReason | None = None
        self.left_on: date | None = None

    @property
    def in_office(self) -> bool:
        return self.left_office is None

    def served_on(self, day: date) -> bool:
        """True when the deputy held office that day: elected by then and not yet left."""
        elected = self.elected_on is not None and self.elected_on <= day
        return elected and (self.left_on is None or day <= self.left_on)

    def _require_in_office(self) -> None:
        if not self.in_office:
            raise DeputyNotInOfficeError()

    @classmethod
    def elect(cls, *, deputy_id: UUID, profile: DeputyProfile, ctx: CommandContext) -> Deputy:
        """Record a deputy's election (or by-election) for a term."""
        if profile.elected_on > china_date(ctx.happened_at):
            raise DateInFutureError("当选日期不能晚于今天", field="elected_on")
        if profile.level is DeputyLevel.TOWNSHIP and not is_within(
            profile.resident_region_code, profile.congress_region_code
        ):
            raise ResidenceOutsideCongressError(field="resident_region_code")
        deputy = cls(deputy_id)
        deputy._record(DeputyElectedV2(**asdict(profile)), ctx=ctx, region_code=profile.resident_region_code)
        return deputy

    @applies(DeputyElectedV2)
    def _elected(self, event: DeputyElectedV2) -> None:
        self.name = event.name
        self.level = event.level
        self.specialty = event.specialty
        self.term = event.term
        self.elected_on = event.elected_on

    def attach_to_station(self, *, station_id: UUID, station_region_code: str, ctx: CommandContext) -> None:
        """Attach the deputy to a liaison station (代表进站)."""
        self._require_in_office()
        if station_id in self.stations:
            raise DeputyAlreadyAttachedError(field="station_id")
        self._record(DeputyAttachedToStation(station_id=station_id, station_region_code=station_region_code), ctx=ctx)

    @applies(DeputyAttachedToStation)
    def _attached(self, event: DeputyAttachedToStation) -> None:
        self.stations.add(event.station_id)

    def detach_from_station(self, *, station_id: UUID, ctx: CommandContext) -> None:
        """Detach the deputy from a liaison station."""
        self._require_in_office()
        if station_id not in self.stations:
            raise DeputyNotAttachedError(field="station_id")
        self._record(DeputyDetachedFromStation(station_id=station_id), ctx=ctx)

    @applies(DeputyDetachedFromStation)
    def _detached(self, event: DeputyDetachedFromStation) -> None:
        self.stations.discard(event.station_id)

    def join_group(self, *, group_name: str, kind: DeputyGroupKind, ctx: CommandContext) -> None:
        """Join a deputy group (代表小组) or a specialty group (专业小组)."""
        self._require_in_office()
        if group_name in self.groups:
            raise DeputyAlreadyInGroupError(field="group_name")
        self._record(DeputyJoinedGroup(group_name=group_name, kind=kind), ctx=ctx)

    @applies(DeputyJoinedGroup)
    def _joined_group(self, event: DeputyJoinedGroup) -> None:
        self.groups[event.group_name] = event.kind

    def leave_group(self, *, group_name: str, ctx: CommandContext) -> None:
        """Leave a group the deputy is a member of."""
        self._require_in_office()
        kind = self.groups.get(group_name)
        if kind is None:
            raise DeputyNotInGroupError(field="group_name")
        self._record(DeputyLeftGroup(group_name=group_name, kind=kind), ctx=ctx)

    @applies(DeputyLeftGroup)
    def _left_group(self, event: DeputyLeftGroup) -> None:
        self.groups.pop(event.group_name, None)

    def leave_office(self, *, reason: LeavingReason, left_on: date, note: str, ctx: CommandContext) -> None:
        """Record that the deputy left office (辞职、责令辞职、罢免、任期届满…); nothing more is done on them after."""
        self._require_in_office()
        if self.elected_on is not None and left_on < self.elected_on:
            raise LeftOfficeBeforeElectionError(field="left_on")
        self._record(DeputyLeftOffice(reason=reason, left_on=left_on, note=note), ctx=ctx)

    @applies(DeputyLeftOffice)
    def _left_office(self, event: DeputyLeftOffice) -> None:
        # Leaving office ends every station and group membership: no separate detach events follow.
        self.left_office = event.reason
        self.left_on = event.left_on
        self.stations.clear()
        self.groups.clear()
