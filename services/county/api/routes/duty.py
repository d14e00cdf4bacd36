"""The duty record (履职档案) routes: activities, the points rule set, reviews, points, lists, profiles."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.county.api.actors import deputy_of
from services.county.api.dispatch import run
from services.county.api.guards import is_deputy, within_region
from services.county.application.duty_commands import PublishPointsRuleSet, RecordDutyActivity, ReviewDutyEntries
from services.county.config import CountySettings
from services.county.projections.duty_ledger import DUTY_LEDGER
from services.county.projections.duty_queries import (
    deputy_profile,
    ledger_page,
    non_renomination,
    published_rule_sets,
    reports_to_voters,
    year_points,
)
from services.county.projections.queries import resident_region_of
from shared.api.paging import DEFAULT_LIMIT, Cursor, Limit, Page, PageRequest, page_answer
from shared.api.runtime_dep import RuntimeDep
from shared.api.schemas import CommandResult
from shared.application import utc_now
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.calendar import china_date
from shared.errors import ForbiddenError, NotFoundError, ValidationFailedError
from shared.events.catalog.duty import ReviewStage
from shared.events.region import RegionCode, RegionLevel, county_of, level_of, prefix_of
from shared.runtime import ServiceRuntime

router = APIRouter(tags=["duty"])

READERS = (Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.CITY_VIEWER, Role.AUDITOR)
REVIEWERS: dict[ReviewStage, tuple[Role, ...]] = {
    ReviewStage.SELF: (Role.DEPUTY,),
    ReviewStage.GROUP: (Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF),
    ReviewStage.TOWNSHIP: (Role.TOWNSHIP_STAFF,),
    ReviewStage.COUNTY: (Role.COUNTY_STAFF,),
}
ANY_REVIEWER = tuple(dict.fromkeys(role for roles in REVIEWERS.values() for role in roles))
Year = Annotated[int, Query(ge=2000, le=2100)]


class NotACountyError(ValidationFailedError):
    """Raised when points are asked for a region above a county: each county has its own rule set."""

    code = "REGION_NOT_IN_A_COUNTY"
    message = "积分按县统计：请指定县级或以下的区划"


def _today() -> date:
    return china_date(utc_now())


def _scope(actor: Actor, region_code: str | None) -> tuple[str, str]:
    """The region prefix and county a reader asks about: their own region, or one inside it."""
    require_role(actor, *READERS, action="read_duty_points")
    region = region_code or actor.region_code
    require_region(actor, region, action="read_duty_points")
    if level_of(region) in (RegionLevel.PROVINCE, RegionLevel.CITY):
        raise NotACountyError(field="region_code")
    return prefix_of(region), county_of(region)


def _term(runtime: ServiceRuntime, first_year: int | None, last_year: int | None) -> tuple[int, int]:
    settings = runtime.settings
    if not isinstance(settings, CountySettings):
        raise TypeError("the duty routes run in the county service")
    first, last = first_year or settings.term_first_year, last_year or settings.term_last_year
    if first > last:
        raise ValidationFailedError("任期起始年份不能晚于结束年份", field="first_year")
    return first, last


@router.post(
    "/api/v1/duty/activities",
    status_code=201,
    response_model=CommandResult,
    dependencies=[allow(Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF)],
)
def record_activity(body: RecordDutyActivity, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """登记履职活动（会议、视察、调研、培训、小组活动、向选民述职）：一次登记，计入每位出席代表的履职档案。"""
    require_role(actor, Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, action=body.step)
    # Every deputy named must be resident in the recording body's region, checked on each as stored.
    return run(runtime, actor, body, guard=within_region(actor, body.step))


@router.post(
    "/api/v1/duty/rule-sets", status_code=201, response_model=CommandResult, dependencies=[allow(Role.COUNTY_STAFF)]
)
def publish_rule_set(body: PublishPointsRuleSet, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """发布履职积分办法的新版本（自某年度起适用；发布于往年即重新计算该年度积分）。"""
    require_role(actor, Role.COUNTY_STAFF, action=body.step)
    if level_of(actor.region_code) is not RegionLevel.COUNTY:
        raise ForbiddenError("履职积分办法由县人大常委会发布")
    return run(runtime, actor, body)


@router.get("/api/v1/duty/rule-sets", dependencies=[allow(*READERS)])
def list_rule_sets(
    actor: CurrentActor, runtime: RuntimeDep, region_code: RegionCode | None = None
) -> list[dict[str, Any]]:
    """履职积分办法的各个版本。"""
    _, county = _scope(actor, region_code)
    return [asdict(rules) for rules in published_rule_sets(runtime.engine, county=county)]


@router.post("/api/v1/duty/reviews", status_code=201, response_model=CommandResult, dependencies=[allow(*ANY_REVIEWER)])
def review_entries(body: ReviewDutyEntries, actor: CurrentActor, runtime: RuntimeDep) -> CommandResult:
    """审核履职记录：代表本人确认 → 代表小组 → 乡镇人大 → 县人大常委会，依次进行；有异议的记录不计分。"""
    action = f"review_duty_{body.stage.value}"
    require_role(actor, *REVIEWERS[body.stage], action=action)
    # The deputy confirms their own entries; every later stage reviews deputies resident in its region.
    guard = is_deputy(actor) if body.stage is ReviewStage.SELF else within_region(actor, action)
    return run(runtime, actor, body, guard=guard)


@router.get("/api/v1/duty/points", dependencies=[allow(*READERS)])
def points(
    actor: CurrentActor,
    runtime: RuntimeDep,
    year: Year,
    rule_version: Annotated[int | None, Query(ge=1)] = None,
    region_code: RegionCode | None = None,
    wait_for: Annotated[UUID | None, Query()] = None,
) -> dict[str, Any]:
    """年度履职积分与评定（优秀/称职/不称职）及约谈名单；可指定积分办法版本重新计算。"""
    within, county = _scope(actor, region_code)
    if wait_for is not None:
        runtime.wait_for(DUTY_LEDGER.name, wait_for)
    return year_points(runtime.engine, within=within, county=county, year=year, rule_version=rule_version)


@router.get("/api/v1/duty/non-renomination", dependencies=[allow(*READERS)])
def non_renomination_list(
    actor: CurrentActor,
    runtime: RuntimeDep,
    first_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    last_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    region_code: RegionCode | None = None,
) -> dict[str, Any]:
    """任期内年均积分低于不再提名线的代表。"""
    within, county = _scope(actor, region_code)
    first, last = _term(runtime, first_year, last_year)
    return non_renomination(runtime.engine, within=within, county=county, first_year=first, last_year=last)


@router.get("/api/v1/duty/reports-to-voters", dependencies=[allow(*READERS)])
def reports(
    actor: CurrentActor,
    runtime: RuntimeDep,
    year: Year,
    first_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    last_year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    region_code: RegionCode | None = None,
) -> dict[str, Any]:
    """代表向选民述职：每年四分之一、任期内每人至少一次——已述职、待述职、逾期未述职。"""
    within, _ = _scope(actor, region_code)
    first, last = _term(runtime, first_year, last_year)
    return reports_to_voters(runtime.engine, within=within, year=year, first_year=first, last_year=last)


def _readable_deputy(runtime: ServiceRuntime, actor: Actor, deputy_id: UUID) -> str:
    """Where the deputy is resident, once the caller may read their record: staff and viewers in their
    region, a deputy their own. Read from the roster, like everything a GET shows."""
    if actor.role is Role.DEPUTY:
        if deputy_of(actor) != deputy_id:
            raise ForbiddenError("只能查看本人的履职档案", field="deputy_id")
    else:
        require_role(actor, *READERS, action="read_duty_ledger")
    region = resident_region_of(runtime.engine, deputy_id=deputy_id)
    if region is None:
        raise NotFoundError("代表不存在", field="deputy_id")
    if actor.role is not Role.DEPUTY:
        require_region(actor, region, action="read_duty_ledger")
    return region


class DutyEntryRead(BaseModel):
    entry_id: UUID
    deputy_id: UUID
    year: int
    occurred_on: date
    item: str
    item_label: str
    title: str
    source_type: str
    source_id: UUID
    event_type: str
    region_code: str
    counted: bool
    review_stage: str | None
    review_verdict: str | None


class DutyEntryPage(Page[DutyEntryRead]):
    """One page of a deputy's duty record, newest first."""


@router.get(
    "/api/v1/deputies/{deputy_id}/ledger", response_model=DutyEntryPage, dependencies=[allow(*READERS, Role.DEPUTY)]
)
def deputy_ledger(
    deputy_id: UUID,
    actor: CurrentActor,
    runtime: RuntimeDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    wait_for: Annotated[UUID | None, Query()] = None,
) -> dict[str, Any]:
    """代表履职档案（分页，新的在前）：各级履职记录（进站、意见、建议、测评、会议、视察、培训、述职），含审核状态。"""
    _readable_deputy(runtime, actor, deputy_id)
    if wait_for is not None:
        runtime.wait_for(DUTY_LEDGER.name, wait_for)
    page = PageRequest(cursor=cursor, limit=limit)
    return page_answer(ledger_page(runtime.engine, deputy_id=deputy_id, year=year, page=page))


@router.get("/api/v1/deputies/{deputy_id}/profile", dependencies=[allow(*READERS, Role.DEPUTY)])
def profile(deputy_id: UUID, actor: CurrentActor, runtime: RuntimeDep) -> dict[str, Any]:
    """代表履职档案页：基本情况、履职记录、分类积分、历年评定、接待与建议。"""
    region = _readable_deputy(runtime, actor, deputy_id)
    found = deputy_profile(runtime.engine, deputy_id=deputy_id, county=county_of(region), today=_today())
    if found is None:
        raise NotFoundError("代表不存在", field="deputy_id")
    return found
