"""The commands on the deputy roster (代表名册), each with the request body it is built from."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import ConfigDict, Field

from services.county.application.command_kinds import CountyCommand, OnDeputy
from shared.command_bus import Command
from shared.events.catalog.county import DeputyGroupKind, DeputyLevel, ElectionKind, LeavingReason
from shared.events.region import RegionCode

ExpectedVersion = Field(default=None, ge=1)


class ElectDeputy(CountyCommand):
    """Record a deputy's election (or by-election) on the roster."""

    step = "elect_deputy"

    name: str = Field(min_length=1, max_length=50)
    level: DeputyLevel
    election: ElectionKind = ElectionKind.GENERAL
    term: int = Field(ge=1, le=99)
    congress_region_code: RegionCode
    resident_region_code: RegionCode
    constituency: str = Field(default="", max_length=100)
    holds_leading_office: bool = False
    is_public_servant: bool = False
    occupation: str = Field(default="", max_length=100)
    specialty: str = Field(default="", max_length=100, description="专业特长")
    elected_on: date


class StationAttach(Command):
    station_id: UUID
    station_region_code: RegionCode
    expected_version: int | None = ExpectedVersion


class AttachDeputyToStation(StationAttach, OnDeputy):
    """Attach a deputy to a liaison station (代表进站)."""

    step = "attach_deputy"


class GroupJoin(Command):
    model_config = ConfigDict(str_strip_whitespace=True)

    group_name: str = Field(min_length=1, max_length=100, description="如：城关镇代表小组、财经专业小组")
    kind: DeputyGroupKind
    expected_version: int | None = ExpectedVersion


class JoinDeputyGroup(GroupJoin, OnDeputy):
    """Put a deputy in a deputy group (代表小组) or a specialty group (专业小组)."""

    step = "join_deputy_group"


class LeaveDeputyGroup(OnDeputy):
    """Take a deputy out of a group."""

    step = "leave_deputy_group"

    group_name: str
    expected_version: int | None = ExpectedVersion


class OfficeLeave(Command):
    reason: LeavingReason
    left_on: date
    note: str = Field(default="", max_length=500)
    expected_version: int | None = ExpectedVersion


class LeaveOffice(OfficeLeave, OnDeputy):
    """Record that a deputy left office; they are then in no station and no group."""

    step = "deputy_leave_office"
