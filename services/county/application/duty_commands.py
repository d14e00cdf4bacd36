"""The commands on the duty record (履职档案): activities, the points rule set, and reviews of entries."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import ConfigDict, Field

from services.county.application.command_kinds import CountyCommand
from shared.events.catalog.duty import DutyActivityKind, PointsCategory, ReviewStage, ReviewVerdict


class RecordDutyActivity(CountyCommand):
    """Record an activity once (会议、视察、调研、培训、小组活动、述职), for every deputy who attended."""

    model_config = ConfigDict(str_strip_whitespace=True)

    step = "record_duty_activity"

    kind: DutyActivityKind
    title: str = Field(min_length=1, max_length=200)
    held_on: date
    organiser: str = Field(min_length=1, max_length=100, description="组织单位")
    attended: tuple[UUID, ...] = Field(min_length=1, max_length=500, description="出席代表")
    excused: tuple[UUID, ...] = Field(default=(), max_length=500, description="请假代表")


class PublishPointsRuleSet(CountyCommand):
    """Publish the next version of the county's 履职积分办法, in force from a year on."""

    model_config = ConfigDict(str_strip_whitespace=True)

    step = "publish_points_rule_set"

    name: str = Field(min_length=1, max_length=100, description="如：县人大代表履职积分办法（2026年修订）")
    effective_from_year: int = Field(ge=2000, le=2100)
    categories: tuple[PointsCategory, ...] = Field(min_length=1, max_length=20)
    excellent_from: float = Field(ge=0, le=1000)
    competent_from: float = Field(ge=0, le=1000)
    talk_below: float = Field(ge=0, le=1000)
    non_renomination_below: float = Field(ge=0, le=1000)


class ReviewDutyEntries(CountyCommand):
    """Review some of a deputy's entries of a year at one stage: self, group, township, county, in that order."""

    model_config = ConfigDict(str_strip_whitespace=True)

    step = "review_duty_entries"

    deputy_id: UUID
    year: int = Field(ge=2000, le=2100)
    stage: ReviewStage
    verdict: ReviewVerdict
    entry_ids: tuple[UUID, ...] = Field(min_length=1, max_length=1000)
    note: str = Field(default="", max_length=2000)
