"""The station's commands: what a terminal sends (one at a time or in a batch upload) and what staff ask of a station.

Every terminal command carries the client's `command_id` (a resend returns the first result) and, where it
records something that happened, `occurred_at` — kept apart from when it reached the server. A staff command is
the request body its route reads plus the station the path names. `COMMAND_HANDLERS` runs each class through
its use case, whoever sends it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from services.station.application import stations, terminal
from services.station.application.context import StationContext
from shared.command_bus import Command, CommandBus
from shared.events.catalog.station import (
    ActivityKind,
    FeedbackMethod,
    OpinionChannel,
    ScheduleKind,
    StaffRole,
    StandardItem,
    StationKind,
)
from shared.events.region import RegionCode

PHONE = r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$"


class TerminalCommand(Command):
    """A command from a station's terminal: always under the client's id, so a resend returns the first result."""

    command_id: UUID = Field(description="客户端生成的命令编号：重发时返回首次结果")
    occurred_at: AwareDatetime | None = Field(default=None, description="实际发生时间（离线终端补传时填写）")


class ScheduleReception(TerminalCommand):
    """Schedule an activity at the terminal's station (安排活动)."""

    type: Literal["schedule_reception"] = "schedule_reception"
    kind: ActivityKind
    scheduled_on: date
    title: str = Field(default="", max_length=200)


class HoldReception(TerminalCommand):
    """Record that an activity was held (活动已举行)."""

    type: Literal["hold_reception"] = "hold_reception"
    reception_id: UUID
    held_on: date
    voters_received: int = Field(ge=0, le=100000)
    topics: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list, max_length=50)
    notes: str = Field(default="", max_length=5000)


class CheckIn(TerminalCommand):
    """A deputy checks in at an activity (签到)."""

    type: Literal["check_in"] = "check_in"
    reception_id: UUID
    deputy_id: UUID


class RequestLeave(TerminalCommand):
    """A deputy asks for leave from an activity (请假)."""

    type: Literal["request_leave"] = "request_leave"
    reception_id: UUID
    deputy_id: UUID
    reason: str = Field(min_length=1, max_length=500)


class RecordOpinion(TerminalCommand):
    """Record a voter's opinion with a way to reach the voter (登记群众意见)."""

    type: Literal["record_opinion"] = "record_opinion"
    reception_id: UUID | None = None
    deputy_id: UUID | None = None
    channel: OpinionChannel = OpinionChannel.RECEPTION
    category: str = Field(min_length=1, max_length=50)
    content: str = Field(min_length=1, max_length=5000)
    place: str = Field(default="", max_length=200)
    voter_name: str = Field(min_length=1, max_length=50)
    voter_phone: str = Field(pattern=PHONE, description="手机或固定电话")

    @field_validator("content", "voter_name", "category")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("不能为空白")
        return value.strip()


class SolveOnSpot(TerminalCommand):
    """The opinion was solved the same day at the station (当场解决)."""

    type: Literal["solve_on_spot"] = "solve_on_spot"
    opinion_id: UUID
    resolution: str = Field(min_length=1, max_length=5000)


class ReferToTownship(TerminalCommand):
    """Refer the opinion to the station's township (转交乡镇)."""

    type: Literal["refer_to_township"] = "refer_to_township"
    opinion_id: UUID


class GiveFeedback(TerminalCommand):
    """Tell the voter the township's answer (反馈群众)."""

    type: Literal["give_feedback"] = "give_feedback"
    opinion_id: UUID
    method: FeedbackMethod = FeedbackMethod.PHONE
    note: str = Field(default="", max_length=2000)


AnyTerminalCommand = Annotated[
    ScheduleReception
    | HoldReception
    | CheckIn
    | RequestLeave
    | RecordOpinion
    | SolveOnSpot
    | ReferToTownship
    | GiveFeedback,
    Field(discriminator="type"),
]
TERMINAL_COMMAND: TypeAdapter[AnyTerminalCommand] = TypeAdapter(AnyTerminalCommand)
"""Reads one item of a batch upload into its command by its `type`."""


class StationCreate(Command):
    """A station's set-up as staff send it; a resend under the same `command_id` sets up nothing more."""

    name: str = Field(min_length=2, max_length=100)
    kind: StationKind
    host_place: str = Field(default="", max_length=200)
    region_code: RegionCode
    villages_served: list[RegionCode] = Field(default_factory=list, max_length=200)


class SetUpStation(StationCreate):
    """Set up a liaison station (设立联络站)."""


class StaffAssign(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: StaffRole
    person_name: str = Field(min_length=1, max_length=50)
    deputy_id: UUID | None = None


class AssignStaff(StaffAssign, Command):
    """Make someone 站长, 副站长 or 联络员 of a station."""

    station_id: UUID


class ScheduleSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ScheduleKind
    days_of_month: list[int] = Field(default_factory=list, max_length=31)
    weekday: int | None = Field(default=None, ge=0, le=6)


class SetSchedule(ScheduleSet, Command):
    """Fix a station's activity days (固定活动日)."""

    station_id: UUID


class StandardCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checked_on: date
    items_met: list[StandardItem] = Field(max_length=9)


class CheckStandard(StandardCheck, Command):
    """Record a 九有 check of a station."""

    station_id: UUID


class Rename(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=100)


class RenameStation(Rename, Command):
    """Rename a station (更名)."""

    station_id: UUID


class Close(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500)


class CloseStation(Close, Command):
    """Close a station (撤销联络站)."""

    station_id: UUID


class DeviceKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(default="", max_length=100, description="终端说明，如“东门社区平板”")


class IssueDeviceKey(DeviceKeyCreate, Command):
    """Issue a key for a station's terminal (签发设备密钥)."""

    station_id: UUID
    region_code: RegionCode


class RevokeDeviceKey(Command):
    """Revoke a station's terminal key (停用设备密钥)."""

    station_id: UUID
    key_id: str


COMMAND_HANDLERS: CommandBus[StationContext] = (
    CommandBus[StationContext]()
    .on(ScheduleReception, terminal.schedule_reception)
    .on(HoldReception, terminal.hold_reception)
    .on(CheckIn, terminal.check_in)
    .on(RequestLeave, terminal.request_leave)
    .on(RecordOpinion, terminal.record_opinion)
    .on(SolveOnSpot, terminal.solve_on_spot)
    .on(ReferToTownship, terminal.refer_to_township)
    .on(GiveFeedback, terminal.give_feedback)
    .on(SetUpStation, stations.set_up_station)
    .on(AssignStaff, stations.assign_staff)
    .on(SetSchedule, stations.set_schedule)
    .on(CheckStandard, stations.check_standard)
    .on(RenameStation, stations.rename_station)
    .on(CloseStation, stations.close_station)
)
"""Every station command that records events, and the use case that runs it. Device keys are credentials,
not events, so their two commands run through `device_keys` instead."""
