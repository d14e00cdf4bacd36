"""Events of deputies' duty work (履职): activities the county records, the points rule set, ledger reviews.

Most of a deputy's duty record comes from events other tiers already publish (a check-in at a
station, a suggestion led); these are the ones that have no other home.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events import topics
from shared.events.envelope import EventPayload


class LedgerItem(str, Enum):
    """The kinds of entry in a deputy's duty record (履职档案); points rule sets score these."""

    CONGRESS_SESSION = "congress_session"
    """出席人民代表大会会议"""
    STANDING_MEETING = "standing_meeting"
    """列席常委会会议"""
    STATION_RECEPTION = "station_reception"
    """进站接待选民 (签到)"""
    INSPECTION = "inspection"
    """视察"""
    SURVEY = "survey"
    """调研、执法检查"""
    TRAINING = "training"
    """学习培训"""
    GROUP_ACTIVITY = "group_activity"
    """代表小组活动"""
    REPORT_TO_VOTERS = "report_to_voters"
    """向选民述职"""
    OPINION_TAKEN = "opinion_taken"
    """收集群众意见"""
    SUGGESTION_LED = "suggestion_led"
    """领衔提出建议"""
    SUGGESTION_CO_SIGNED = "suggestion_co_signed"
    """附议建议"""
    RATING_GIVEN = "rating_given"
    """对建议办理进行满意度测评"""
    ON_SITE_CHECK = "on_site_check"
    """实地察看建议办理"""
    LEAVE = "leave"
    """请假"""


class DutyActivityKind(str, Enum):
    """Activities the county or a township organises and records once, with who attended."""

    CONGRESS_SESSION = "congress_session"
    STANDING_MEETING = "standing_meeting"
    INSPECTION = "inspection"
    SURVEY = "survey"
    TRAINING = "training"
    GROUP_ACTIVITY = "group_activity"
    REPORT_TO_VOTERS = "report_to_voters"


class DutyActivityRecorded(EventPayload):
    """An activity deputies took part in was recorded once, with who attended and who was excused (请假)."""

    event_type: ClassVar[str] = "DutyActivityRecorded"
    aggregate_type: ClassVar[str] = "DutyActivity"
    topic: ClassVar[str] = topics.COUNTY_DUTY_ACTIVITY

    kind: DutyActivityKind
    title: str = Field(min_length=1, max_length=200)
    held_on: date
    organiser: str = Field(min_length=1, max_length=100, description="组织单位")
    attended: list[UUID] = Field(min_length=1, max_length=500)
    excused: list[UUID] = Field(default_factory=list, max_length=500)


class PointsItem(BaseModel):
    """Points for one ledger item, with an optional cap on what the item can add in a year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: LedgerItem
    points: float = Field(ge=-100, le=100)
    cap: float | None = Field(default=None, ge=0, le=1000)


class PointsCategory(BaseModel):
    """A category of the rule set (e.g. 参加会议, 联系群众, 提出建议), its items and an optional yearly cap."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1, max_length=30, pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, max_length=50)
    items: list[PointsItem] = Field(min_length=1, max_length=30)
    cap: float | None = Field(default=None, ge=0, le=1000)


class PointsRuleSetPublished(EventPayload):
    """A version of the county's points rule set (履职积分办法) was published, in force from a year on.

    The rule set in force for a year is the one with the latest `effective_from_year` not after it;
    of two with the same year, the later version. Publishing a version for a past year recomputes it.
    """

    event_type: ClassVar[str] = "PointsRuleSetPublished"
    aggregate_type: ClassVar[str] = "PointsRuleSet"
    topic: ClassVar[str] = topics.COUNTY_POINTS_RULE

    rule_version: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=100)
    effective_from_year: int = Field(ge=2000, le=2100)
    categories: list[PointsCategory] = Field(min_length=1, max_length=20)
    excellent_from: float = Field(description="优秀: a year's points at or above this")
    competent_from: float = Field(description="称职: at or above this; below it 不称职")
    talk_below: float = Field(description="约谈: a year's points below this")
    non_renomination_below: float = Field(description="不再提名: average yearly points over a term below this")


class ReviewStage(str, Enum):
    """Who reviews a deputy's ledger entries, in this order: the deputy, the group, the township, the county."""

    SELF = "self"
    GROUP = "group"
    TOWNSHIP = "township"
    COUNTY = "county"


class ReviewVerdict(str, Enum):
    """Confirmed, or disputed: a disputed entry no longer counts towards points."""

    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


class DutyEntriesReviewed(EventPayload):
    """Entries of a deputy's ledger for a year were reviewed at one stage (self → group → township → county)."""

    event_type: ClassVar[str] = "DutyEntriesReviewed"
    aggregate_type: ClassVar[str] = "DutyRecord"
    topic: ClassVar[str] = topics.COUNTY_DUTY_RECORD

    deputy_id: UUID
    year: int = Field(ge=2000, le=2100)
    stage: ReviewStage
    verdict: ReviewVerdict
    entry_ids: list[UUID] = Field(min_length=1, max_length=1000)
    note: str = Field(default="", max_length=2000)


EVENTS: tuple[type[EventPayload], ...] = (
    DutyActivityRecorded,
    PointsRuleSetPublished,
    DutyEntriesReviewed,
)
