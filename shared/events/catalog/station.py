"""Events published by the station service (代表联络站)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events import topics
from shared.events.envelope import EventPayload
from shared.events.region import RegionCode


class StationKind(str, Enum):
    """Where a station sits: village, township seat, street, community room, court/procuratorate room."""

    VILLAGE = "village"
    TOWNSHIP_SEAT = "township_seat"
    STREET = "street"
    COMMUNITY_ROOM = "community_room"
    JUDICIAL_ROOM = "judicial_room"


class StationSetUp(EventPayload):
    """A deputy liaison station was set up (联络站设立)."""

    event_type: ClassVar[str] = "StationSetUp"
    aggregate_type: ClassVar[str] = "Station"
    topic: ClassVar[str] = topics.STATION_STATION

    name: str = Field(min_length=2, max_length=100)
    kind: StationKind
    host_place: str = Field(default="", max_length=200, description="便民服务中心、党群服务中心…")
    township_region_code: RegionCode
    villages_served: list[RegionCode] = Field(default_factory=list, description="片区")


class StaffRole(str, Enum):
    """站长, 副站长, 联络员."""

    HEAD = "head"
    DEPUTY_HEAD = "deputy_head"
    LIAISON = "liaison"


class StationStaffAssigned(EventPayload):
    """Someone was made 站长, 副站长 or 联络员 of a station."""

    event_type: ClassVar[str] = "StationStaffAssigned"
    aggregate_type: ClassVar[str] = "Station"
    topic: ClassVar[str] = topics.STATION_STATION

    role: StaffRole
    person_name: str = Field(min_length=1, max_length=50)
    deputy_id: UUID | None = Field(default=None, description="Set when the person is a deputy.")


class ScheduleKind(str, Enum):
    """Fixed days of every month, or one day of every week."""

    MONTHLY = "monthly"
    WEEKLY = "weekly"


class StationScheduleSet(EventPayload):
    """The station's activity days were fixed ("每月X日、X日，遇节假日顺延至后第一个工作日" or "每周二")."""

    event_type: ClassVar[str] = "StationScheduleSet"
    aggregate_type: ClassVar[str] = "Station"
    topic: ClassVar[str] = topics.STATION_STATION

    kind: ScheduleKind
    days_of_month: list[int] = Field(default_factory=list, description="1–31, for a monthly schedule")
    weekday: int | None = Field(default=None, ge=0, le=6, description="0 = Monday, for a weekly schedule")


class StandardItem(str, Enum):
    """The 九有 standard: 场所、牌子、设备、人员、制度、计划、活动、台账、档案."""

    PLACE = "place"
    SIGN = "sign"
    EQUIPMENT = "equipment"
    STAFF = "staff"
    RULES = "rules"
    PLAN = "plan"
    ACTIVITIES = "activities"
    LEDGER = "ledger"
    ARCHIVE = "archive"


class StationStandardChecked(EventPayload):
    """The 九有 checklist was checked at the station; the items it meets."""

    event_type: ClassVar[str] = "StationStandardChecked"
    aggregate_type: ClassVar[str] = "Station"
    topic: ClassVar[str] = topics.STATION_STATION

    checked_on: date
    items_met: list[StandardItem]


class StationRenamed(EventPayload):
    """The station was renamed."""

    event_type: ClassVar[str] = "StationRenamed"
    aggregate_type: ClassVar[str] = "Station"
    topic: ClassVar[str] = topics.STATION_STATION

    name: str = Field(min_length=2, max_length=100)


class StationClosed(EventPayload):
    """The station was closed."""

    event_type: ClassVar[str] = "StationClosed"
    aggregate_type: ClassVar[str] = "Station"
    topic: ClassVar[str] = topics.STATION_STATION

    reason: str = Field(min_length=1, max_length=500)


class ActivityKind(str, Enum):
    """接待日, 代表活动日, 选民见面会, 视察, 调研."""

    RECEPTION_DAY = "reception_day"
    ACTIVITY_DAY = "activity_day"
    VOTER_MEETING = "voter_meeting"
    INSPECTION = "inspection"
    SURVEY = "survey"


class ReceptionScheduled(EventPayload):
    """An activity was scheduled at a station, from its fixed days or ad hoc."""

    event_type: ClassVar[str] = "ReceptionScheduled"
    aggregate_type: ClassVar[str] = "Reception"
    topic: ClassVar[str] = topics.STATION_RECEPTION

    station_id: UUID
    kind: ActivityKind
    scheduled_on: date
    from_schedule: bool = Field(description="True when it falls on the station's fixed days.")
    title: str = Field(default="", max_length=200)


class ReceptionHeld(EventPayload):
    """The activity was held: voters received, topics discussed (活动记录)."""

    event_type: ClassVar[str] = "ReceptionHeld"
    aggregate_type: ClassVar[str] = "Reception"
    topic: ClassVar[str] = topics.STATION_RECEPTION

    station_id: UUID
    held_on: date
    voters_received: int = Field(ge=0, le=100000)
    topics: list[str] = Field(default_factory=list, max_length=50)
    notes: str = Field(default="", max_length=5000)


class DeputyCheckedIn(EventPayload):
    """A deputy checked in at an activity (代表签到)."""

    event_type: ClassVar[str] = "DeputyCheckedIn"
    aggregate_type: ClassVar[str] = "Reception"
    topic: ClassVar[str] = topics.STATION_RECEPTION

    station_id: UUID
    deputy_id: UUID


class DeputyLeaveRequested(EventPayload):
    """A deputy asked for leave from an activity (请假)."""

    event_type: ClassVar[str] = "DeputyLeaveRequested"
    aggregate_type: ClassVar[str] = "Reception"
    topic: ClassVar[str] = topics.STATION_RECEPTION

    station_id: UUID
    deputy_id: UUID
    reason: str = Field(min_length=1, max_length=500)


class SealedContact(BaseModel):
    """A voter's contact as it travels: AES-GCM ciphertext for station and township, masks for everyone else."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    sealed: str = Field(min_length=1, description="AES-GCM ciphertext of name and phone (station and township key).")
    name_masked: str = Field(max_length=50)
    phone_masked: str = Field(max_length=30)


class OpinionChannel(str, Enum):
    """How the opinion came in: at a reception, by QR code, hotline, or a deputy's visit."""

    RECEPTION = "reception"
    QR_CODE = "qr_code"
    HOTLINE = "hotline"
    VISIT = "visit"


# Superseded by OpinionRecordedV2; kept as published so stored v1 opinions still parse (then upcast).
class OpinionRecorded(EventPayload):
    """A voter's opinion (群众意见) was recorded at a station."""

    event_type: ClassVar[str] = "OpinionRecorded"
    aggregate_type: ClassVar[str] = "Opinion"
    topic: ClassVar[str] = topics.STATION_OPINION

    station_id: UUID
    reception_id: UUID | None = None
    deputy_id: UUID | None = Field(default=None, description="The deputy who took it, if any.")
    channel: OpinionChannel
    category: str = Field(min_length=1, max_length=50)
    content: str = Field(min_length=1, max_length=5000)
    place: str = Field(default="", max_length=200)
    voter: SealedContact


WORDS_MASKED = "The voter's words, phone and ID card numbers masked (138****5678, 410327********1234)."
WORDS_SEALED = (
    "AES-GCM ciphertext of the voter's words as written (station and township key); "
    "null on opinions recorded before their words were sealed, whose content is as written."
)


class OpinionRecordedV2(EventPayload):
    """A voter's opinion (群众意见) was recorded at a station; its words masked, and sealed as written."""

    event_type: ClassVar[str] = "OpinionRecorded"
    schema_version: ClassVar[int] = 2
    aggregate_type: ClassVar[str] = "Opinion"
    topic: ClassVar[str] = topics.STATION_OPINION

    station_id: UUID
    reception_id: UUID | None = None
    deputy_id: UUID | None = Field(default=None, description="The deputy who took it, if any.")
    channel: OpinionChannel
    category: str = Field(min_length=1, max_length=50)
    content: str = Field(min_length=1, max_length=5000, description=WORDS_MASKED)
    content_sealed: str | None = Field(default=None, min_length=1, description=WORDS_SEALED)
    place: str = Field(default="", max_length=200)
    voter: SealedContact


def words_unsealed_v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """v1 kept no sealed copy of the voter's words: they read as none, and the content as it was written."""
    return {**payload, "content_sealed": None}


class OpinionSolvedOnSpot(EventPayload):
    """The opinion was solved the same day at the station (当天能够解决的当天解决)."""

    event_type: ClassVar[str] = "OpinionSolvedOnSpot"
    aggregate_type: ClassVar[str] = "Opinion"
    topic: ClassVar[str] = topics.STATION_OPINION

    station_id: UUID
    resolution: str = Field(min_length=1, max_length=5000)


# Superseded by OpinionReferredV2; kept as published so stored v1 referrals still parse (then upcast).
class OpinionReferred(EventPayload):
    """The opinion was referred to the township, to be answered within one month of recording."""

    event_type: ClassVar[str] = "OpinionReferred"
    aggregate_type: ClassVar[str] = "Opinion"
    topic: ClassVar[str] = topics.STATION_OPINION

    station_id: UUID
    township_region_code: RegionCode
    recorded_at: datetime = Field(description="When the opinion was recorded: the answer clock starts here.")
    answer_due: date
    due_is_provisional: bool = Field(default=False, description="Computed on a year with no official schedule.")
    category: str = Field(min_length=1, max_length=50)
    content: str = Field(min_length=1, max_length=5000)
    voter: SealedContact


class OpinionReferredV2(EventPayload):
    """The opinion was referred to the township, to be answered within one month; its words masked and sealed."""

    event_type: ClassVar[str] = "OpinionReferred"
    schema_version: ClassVar[int] = 2
    aggregate_type: ClassVar[str] = "Opinion"
    topic: ClassVar[str] = topics.STATION_OPINION

    station_id: UUID
    township_region_code: RegionCode
    recorded_at: datetime = Field(description="When the opinion was recorded: the answer clock starts here.")
    answer_due: date
    due_is_provisional: bool = Field(default=False, description="Computed on a year with no official schedule.")
    category: str = Field(min_length=1, max_length=50)
    content: str = Field(min_length=1, max_length=5000, description=WORDS_MASKED)
    content_sealed: str | None = Field(default=None, min_length=1, description=WORDS_SEALED)
    voter: SealedContact


class FeedbackMethod(str, Enum):
    """How the voter was told the answer: by phone, a visit, in person at the station, or a text message."""

    PHONE = "phone"
    VISIT = "visit"
    IN_PERSON = "in_person"
    SMS = "sms"


class OpinionFeedbackGiven(EventPayload):
    """The station told the voter the township's answer (反馈群众)."""

    event_type: ClassVar[str] = "OpinionFeedbackGiven"
    aggregate_type: ClassVar[str] = "Opinion"
    topic: ClassVar[str] = topics.STATION_OPINION

    station_id: UUID
    method: FeedbackMethod
    note: str = Field(default="", max_length=2000)


EVENTS: tuple[type[EventPayload], ...] = (
    StationSetUp,
    StationStaffAssigned,
    StationScheduleSet,
    StationStandardChecked,
    StationRenamed,
    StationClosed,
    ReceptionScheduled,
    ReceptionHeld,
    DeputyCheckedIn,
    DeputyLeaveRequested,
    OpinionRecorded,
    OpinionRecordedV2,
    OpinionSolvedOnSpot,
    OpinionReferred,
    OpinionReferredV2,
    OpinionFeedbackGiven,
)
