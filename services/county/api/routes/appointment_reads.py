"""Appointment reads (人事任免) for county staff, city viewers and auditors, within their region."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from services.county.adapters.certificate import certificate_html
from services.county.api.routes.suggestion_reads import TimelineStep
from services.county.projections.appointment_queries import CaseFilter, case_page, figures, get_case, notices
from services.county.projections.appointments import APPOINTMENTS
from shared.api.paging import DEFAULT_LIMIT, Cursor, Limit, Page, PageRequest, page_answer
from shared.api.runtime_dep import RuntimeDep
from shared.application import utc_now
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.calendar import china_date
from shared.errors import NotFoundError
from shared.events.catalog.appointment import CaseKind, RequestingUnitKind
from shared.events.region import prefix_of
from shared.runtime import ServiceRuntime

router = APIRouter(prefix="/api/v1/appointments", tags=["appointments"])

READERS = (Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR)
Stage = Literal["vetting", "preparation", "meeting", "decided", "in_office"]
Status = Literal[
    "requested",
    "vetted",
    "deferred",
    "exam_passed",
    "introduced",
    "statement_made",
    "appointed",
    "not_appointed",
    "certified",
    "in_office",
    "removed",
    "resigned",
    "dismissed",
    "rejected",
]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100)]
TermQuery = Annotated[int | None, Query(ge=1, le=99)]
WaitFor = Annotated[UUID | None, Query(description="等待该事件进入任免台账后再返回")]


class AppointmentRead(BaseModel):
    appointment_id: UUID
    region_code: str
    kind: CaseKind
    appointee_name: str
    post: str
    requesting_unit: RequestingUnitKind
    requesting_unit_name: str
    nominated_by: str
    term: int
    requested_on: date
    is_people_assessor: bool
    status: Status
    status_label: str
    stage: Stage
    vetted_on: date | None
    pre_talk_required: bool
    pre_talk_held_on: date | None
    notice_days: int
    notice_published_on: date | None
    notice_ends_on: date | None
    audit_required: bool
    audit_completed_on: date | None
    exam_sittings: int
    exam_passed_on: date | None
    meeting: str | None
    ballot_held_on: date | None
    members_total: int | None
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    outcome: str | None
    decision_number: str | None
    certificate_issued_on: date | None
    oath_taken_on: date | None
    last_review_year: int | None
    last_review_result: str | None
    review_again_in: int | None
    inquiries: int
    version: int


class ExamSittingRead(BaseModel):
    batch_id: UUID
    batch_label: str
    taken_on: date
    score: int
    pass_mark: int
    passed: bool


class ReviewRead(BaseModel):
    year: int
    reviewed_on: date
    result: str
    inquiry_filed: bool


class AppointmentDetail(AppointmentRead):
    review_file: str
    vetting_meeting: str | None
    introduced_on: date | None
    statement_made_on: date | None
    certificate_issued_by: str | None
    issuing_body: str | None
    oath_ceremony_id: UUID | None
    timeline: list[TimelineStep]
    exams: list[ExamSittingRead]
    reviews: list[ReviewRead]


class UnitFigure(BaseModel):
    requesting_unit: RequestingUnitKind
    label: str
    person_times: int


class AppointmentFigures(BaseModel):
    person_times: int
    by_kind: dict[str, int]
    by_requesting_unit: list[UnitFigure]
    not_passed_at_ballot: int
    exam_batches: int
    exam_takers: int
    exam_passed: int
    exam_pass_rate: float | None
    oath_ceremonies: int
    sworn_in: int
    people_assessors_appointed: int
    reviews: dict[str, int]
    inquiries: int


class PreAppointmentNotice(BaseModel):
    appointment_id: UUID
    appointee_name: str
    post: str
    published_on: date
    ends_on: date
    channel: str | None
    state: Literal["in_progress", "ended"]
    state_label: str


class DecisionNotice(BaseModel):
    appointment_id: UUID
    appointee_name: str
    post: str
    kind: CaseKind
    outcome: str
    decided_on: date
    meeting: str | None
    decision_number: str | None


class Notices(BaseModel):
    pre_appointment: list[PreAppointmentNotice]
    decisions: list[DecisionNotice]


def _reader(runtime: ServiceRuntime, actor: Actor, action: str, wait_for: UUID | None) -> str:
    """The region prefix the caller reads in, once the projection has the awaited event."""
    require_role(actor, *READERS, action=action)
    if wait_for is not None:
        runtime.wait_for(APPOINTMENTS.name, wait_for)
    return prefix_of(actor.region_code)


class AppointmentPage(Page[AppointmentRead]):
    """One page of the case list."""


@router.get("", response_model=AppointmentPage, dependencies=[allow(*READERS)])
def list_appointments(
    actor: CurrentActor,
    runtime: RuntimeDep,
    stage: Stage | None = None,
    status: Status | None = None,
    requesting_unit: RequestingUnitKind | None = None,
    kind: CaseKind | None = None,
    year: YearQuery = None,
    term: TermQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    wait_for: WaitFor = None,
) -> dict[str, Any]:
    """任免案件台账（分页）：按环节、状态、提请机关、类别、提请年度、届次筛选。"""
    within = _reader(runtime, actor, "list_appointments", wait_for)
    only = CaseFilter(
        stage=stage,
        status=status,
        requesting_unit=requesting_unit.value if requesting_unit else None,
        kind=kind.value if kind else None,
        year=year,
        term=term,
    )
    page = PageRequest(cursor=cursor, limit=limit)
    return page_answer(case_page(runtime.engine, within=within, only=only, page=page))


@router.get("/figures", response_model=AppointmentFigures, dependencies=[allow(*READERS)])
def appointment_figures(
    actor: CurrentActor, runtime: RuntimeDep, year: YearQuery = None, term: TermQuery = None, wait_for: WaitFor = None
) -> dict[str, Any]:
    """人事任免统计：任免人次、考试批次与合格率、宪法宣誓、人民陪审员、述职评议（口径见 README）。"""
    within = _reader(runtime, actor, "appointment_figures", wait_for)
    return figures(runtime.engine, within=within, year=year, term=term)


@router.get("/notices", response_model=Notices, dependencies=[allow(*READERS)])
def appointment_notices(actor: CurrentActor, runtime: RuntimeDep, wait_for: WaitFor = None) -> dict[str, Any]:
    """任前公示（公示中 / 公示期满）和任免公告（已表决决定的案件，含决定文号）。"""
    within = _reader(runtime, actor, "appointment_notices", wait_for)
    return notices(runtime.engine, within=within, today=china_date(utc_now()))


def _case(
    runtime: ServiceRuntime, actor: Actor, appointment_id: UUID, action: str, wait_for: UUID | None
) -> dict[str, Any]:
    _reader(runtime, actor, action, wait_for)
    case = get_case(runtime.engine, appointment_id=appointment_id)
    if case is None:
        raise NotFoundError("任免案不存在", field="appointment_id")
    require_region(actor, case["region_code"], action=action)
    return case


@router.get("/{appointment_id}", response_model=AppointmentDetail, dependencies=[allow(*READERS)])
def get_appointment(
    appointment_id: UUID, actor: CurrentActor, runtime: RuntimeDep, wait_for: WaitFor = None
) -> dict[str, Any]:
    """一件任免案：全过程记录（谁、何时、做了什么）、考试成绩、述职评议。"""
    return _case(runtime, actor, appointment_id, "read_appointment", wait_for)


@router.get("/{appointment_id}/certificate", response_class=HTMLResponse, dependencies=[allow(*READERS)])
def certificate(
    appointment_id: UUID, actor: CurrentActor, runtime: RuntimeDep, wait_for: WaitFor = None
) -> HTMLResponse:
    """任命书（可打印的网页）；尚未颁发任命书的不能查看。"""
    case = _case(runtime, actor, appointment_id, "read_certificate", wait_for)
    if case["decision_number"] is None:
        raise NotFoundError("该任免案尚未颁发任命书", field="appointment_id", code="CERTIFICATE_NOT_ISSUED")
    return HTMLResponse(certificate_html(case))
