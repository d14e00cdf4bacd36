"""Appointment rules (`domain.md` §4): given a case at a step, when a command, then the events or the refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID

import pytest

from services.county.adapters.certificate import certificate_html
from services.county.domain.appointment import (
    Appointment,
    AppointmentRequest,
    Ballot,
    Certificate,
    ExamSitting,
    OathCeremony,
    Vetting,
)
from services.county.domain.appointment_rules import (
    AppointmentNotVettedError,
    AppointmentStatus,
    AppointmentStepNotAllowedError,
    AuditNotDoneError,
    BallotCountsInvalidError,
    CertificateNotIssuedError,
    LawExamNotPassedError,
    NotAppointedError,
    NoticeNotPublishedError,
    NoticeNotRequiredError,
    NoticePeriodNotOverError,
    NotIntroducedError,
    PreAppointmentRequirementsNotApplicableError,
    PreTalkNotHeldError,
    ReviewFileMissingError,
    StatementNotMadeError,
)
from shared.events.catalog.appointment import (
    BallotTaken,
    CaseKind,
    InquiryFiled,
    LawExamTaken,
    PerformanceReviewed,
    PreAppointmentNoticePublished,
    RequestingUnitKind,
    ReviewResult,
)
from tests.support.context import context

COUNTY = "410327000000"
REQUEST = AppointmentRequest(
    kind=CaseKind.APPOINTMENT,
    appointee_name="张明",
    post="县财政局局长",
    requesting_unit=RequestingUnitKind.GOVERNMENT,
    requesting_unit_name="宜阳县人民政府",
    nominated_by="中共宜阳县委",
    review_file="县委组织部考察材料（宜组考〔2026〕12号）",
    term=18,
    requested_on=date(2026, 3, 2),
)
SITTING = ExamSitting(batch_id=UUID(int=70), batch_label="2026年第一批", taken_on=date(2026, 3, 10), pass_mark=60)
CERTIFICATE = Certificate(
    decision_number="宜人常任〔2026〕3号",
    issued_on=date(2026, 3, 30),
    issued_by="王主任",
    issuing_body="宜阳县人民代表大会常务委员会",
)
CEREMONY = OathCeremony(
    ceremony_id=UUID(int=80), held_on=date(2026, 3, 30), presided_by="王主任", meeting="第十八届常委会第25次会议"
)


def ballot(*, votes_for: int = 15, members_total: int = 20, held_on: date = date(2026, 3, 28), **more: int) -> Ballot:
    return Ballot(
        meeting="第十八届常委会第25次会议",
        held_on=held_on,
        members_total=members_total,
        votes_for=votes_for,
        votes_against=more.get("votes_against", 0),
        abstentions=more.get("abstentions", 0),
    )


def requested(kind: CaseKind = CaseKind.APPOINTMENT) -> Appointment:
    return Appointment.request(
        appointment_id=UUID(int=100), request=replace(REQUEST, kind=kind), region_code=COUNTY, ctx=context()
    )


def vetted(
    kind: CaseKind = CaseKind.APPOINTMENT, *, pre_talk: bool = False, notice_days: int = 0, audit: bool = False
) -> Appointment:
    case = requested(kind)
    case.vet(
        vetting=Vetting(
            meeting="第十八届常委会第30次主任会议",
            vetted_on=date(2026, 3, 5),
            pre_talk_required=pre_talk,
            notice_days=notice_days,
            audit_required=audit,
        ),
        ctx=context(),
    )
    return case


def exam(case: Appointment, score: int) -> None:
    case.take_law_exam(sitting=SITTING, score=score, ctx=context())


def introduce(case: Appointment) -> None:
    case.introduce(
        meeting="第十八届常委会第25次会议", introduced_on=date(2026, 3, 28), introduced_by="李副县长", ctx=context()
    )


def state(case: Appointment, status: AppointmentStatus) -> Appointment:
    """Walk a plain appointment (no talk, notice or audit required) on to `status`."""
    steps = [
        lambda: exam(case, 85),
        lambda: introduce(case),
        lambda: case.make_statement(made_on=date(2026, 3, 28), summary="", ctx=context()),
        lambda: case.take_ballot(ballot=ballot(), ctx=context()),
        lambda: case.issue_certificate(certificate=CERTIFICATE, ctx=context()),
        lambda: case.take_oath(ceremony=CEREMONY, ctx=context()),
    ]
    for step in steps:
        if case.status is status:
            break
        step()
    assert case.status is status
    return case


def reached(status: AppointmentStatus) -> Appointment:
    return state(vetted(), status)


def review(case: Appointment, year: int, result: ReviewResult) -> None:
    case.review_performance(year=year, reviewed_on=date(year + 1, 1, 20), result=result, note="", ctx=context())


def test_a_request_without_the_review_file_is_refused() -> None:
    with pytest.raises(ReviewFileMissingError) as refused:
        Appointment.request(
            appointment_id=UUID(int=1), request=replace(REQUEST, review_file="  "), region_code=COUNTY, ctx=context()
        )
    assert (refused.value.code, refused.value.field, refused.value.status) == (
        "REVIEW_FILE_REQUIRED",
        "review_file",
        422,
    )


def test_the_exam_before_vetting_is_refused_as_not_vetted() -> None:
    with pytest.raises(AppointmentNotVettedError) as refused:
        exam(requested(), 90)
    assert (refused.value.code, refused.value.status) == ("APPOINTMENT_NOT_VETTED", 409)


def test_a_case_is_vetted_only_once() -> None:
    case = vetted()
    with pytest.raises(AppointmentStepNotAllowedError) as refused:
        case.vet(vetting=Vetting(meeting="第31次主任会议", vetted_on=date(2026, 3, 6)), ctx=context())
    assert refused.value.code == "APPOINTMENT_STEP_NOT_ALLOWED" and "已审查" in refused.value.message


def test_a_failed_exam_defers_the_appointment_and_a_retake_that_passes_lifts_it() -> None:
    case = vetted()

    exam(case, 55)
    deferred = case.status
    exam(case, 72)

    sittings = [e.payload for e in case.pending_events() if isinstance(e.payload, LawExamTaken)]
    assert deferred is AppointmentStatus.DEFERRED
    assert [(s.score, s.passed) for s in sittings] == [(55, False), (72, True)]
    assert case.status is AppointmentStatus.EXAM_PASSED


def test_the_pass_mark_itself_passes() -> None:
    case = vetted()
    exam(case, 60)
    assert case.status is AppointmentStatus.EXAM_PASSED


def test_the_exam_after_it_was_passed_is_out_of_turn() -> None:
    case = reached(AppointmentStatus.EXAM_PASSED)
    with pytest.raises(AppointmentStepNotAllowedError):
        exam(case, 90)


def test_a_deferred_nominee_cannot_be_introduced() -> None:
    case = vetted()
    exam(case, 40)
    with pytest.raises(LawExamNotPassedError) as refused:
        introduce(case)
    assert refused.value.code == "LAW_EXAM_NOT_PASSED"


def test_the_introduction_needs_the_required_pre_talk() -> None:
    case = vetted(pre_talk=True)
    exam(case, 80)
    with pytest.raises(PreTalkNotHeldError):
        introduce(case)
    case.hold_pre_talk(held_on=date(2026, 3, 12), note="", ctx=context())
    introduce(case)
    assert case.status is AppointmentStatus.INTRODUCED


def test_the_introduction_needs_the_required_audit() -> None:
    case = vetted(audit=True)
    exam(case, 80)
    with pytest.raises(AuditNotDoneError):
        introduce(case)
    case.complete_audit(completed_on=date(2026, 3, 20), finding="未发现重大问题", ctx=context())
    introduce(case)
    assert case.status is AppointmentStatus.INTRODUCED


def test_the_statement_before_the_introduction_is_refused() -> None:
    case = reached(AppointmentStatus.EXAM_PASSED)
    with pytest.raises(NotIntroducedError):
        case.make_statement(made_on=date(2026, 3, 28), summary="", ctx=context())


def test_the_ballot_before_the_statement_is_refused() -> None:
    case = reached(AppointmentStatus.INTRODUCED)
    with pytest.raises(StatementNotMadeError):
        case.take_ballot(ballot=ballot(), ctx=context())


def test_the_ballot_needs_the_required_notice_published() -> None:
    case = state(vetted(notice_days=5), AppointmentStatus.STATEMENT_MADE)
    with pytest.raises(NoticeNotPublishedError):
        case.take_ballot(ballot=ballot(), ctx=context())


def test_the_notice_runs_its_days_from_publication_and_a_ballot_on_its_last_day_is_refused() -> None:
    case = state(vetted(notice_days=5), AppointmentStatus.STATEMENT_MADE)
    case.publish_notice(published_on=date(2026, 3, 20), channel="县人大网站", ctx=context())

    with pytest.raises(NoticePeriodNotOverError) as refused:
        case.take_ballot(ballot=ballot(held_on=date(2026, 3, 24)), ctx=context())
    case.take_ballot(ballot=ballot(held_on=date(2026, 3, 25)), ctx=context())

    [notice] = [e.payload for e in case.pending_events() if isinstance(e.payload, PreAppointmentNoticePublished)]
    assert notice.ends_on == date(2026, 3, 24)
    assert (refused.value.code, refused.value.field) == ("NOTICE_PERIOD_NOT_OVER", "held_on")
    assert case.status is AppointmentStatus.APPOINTED


def test_a_notice_the_vetting_did_not_require_is_refused() -> None:
    with pytest.raises(NoticeNotRequiredError):
        vetted().publish_notice(published_on=date(2026, 3, 20), channel="", ctx=context())


def test_exactly_half_of_all_members_voting_for_does_not_appoint() -> None:
    case = reached(AppointmentStatus.STATEMENT_MADE)
    case.take_ballot(ballot=ballot(members_total=20, votes_for=10, votes_against=6, abstentions=2), ctx=context())
    [taken] = [e.payload for e in case.pending_events() if isinstance(e.payload, BallotTaken)]
    assert taken.passed is False and case.status is AppointmentStatus.NOT_APPOINTED


def test_more_than_half_of_all_members_voting_for_appoints() -> None:
    case = reached(AppointmentStatus.STATEMENT_MADE)
    case.take_ballot(ballot=ballot(members_total=20, votes_for=11, votes_against=5), ctx=context())
    [taken] = [e.payload for e in case.pending_events() if isinstance(e.payload, BallotTaken)]
    assert taken.passed is True and case.status is AppointmentStatus.APPOINTED


def test_votes_adding_up_to_more_than_the_members_are_refused_and_nothing_is_recorded() -> None:
    case = reached(AppointmentStatus.STATEMENT_MADE)
    before = len(case.pending_events())
    with pytest.raises(BallotCountsInvalidError) as refused:
        case.take_ballot(ballot=ballot(members_total=20, votes_for=15, votes_against=4, abstentions=2), ctx=context())
    assert (refused.value.code, refused.value.status) == ("BALLOT_COUNTS_INVALID", 422)
    assert len(case.pending_events()) == before and case.status is AppointmentStatus.STATEMENT_MADE


def test_a_second_ballot_is_out_of_turn() -> None:
    case = reached(AppointmentStatus.APPOINTED)
    with pytest.raises(AppointmentStepNotAllowedError):
        case.take_ballot(ballot=ballot(), ctx=context())


def test_no_certificate_before_the_ballot_appoints() -> None:
    case = reached(AppointmentStatus.STATEMENT_MADE)
    with pytest.raises(NotAppointedError) as refused:
        case.issue_certificate(certificate=CERTIFICATE, ctx=context())
    assert refused.value.code == "NOT_APPOINTED"


def test_no_certificate_for_a_nominee_the_ballot_did_not_appoint() -> None:
    case = reached(AppointmentStatus.STATEMENT_MADE)
    case.take_ballot(ballot=ballot(votes_for=9), ctx=context())
    with pytest.raises(NotAppointedError):
        case.issue_certificate(certificate=CERTIFICATE, ctx=context())


def test_no_oath_before_the_certificate() -> None:
    case = reached(AppointmentStatus.APPOINTED)
    with pytest.raises(CertificateNotIssuedError) as refused:
        case.take_oath(ceremony=CEREMONY, ctx=context())
    assert refused.value.code == "CERTIFICATE_NOT_ISSUED"


def test_the_oath_puts_the_appointee_in_office() -> None:
    case = reached(AppointmentStatus.IN_OFFICE)
    assert [e.event_type for e in case.pending_events()][-2:] == ["CertificateIssued", "OathTaken"]


def test_a_removal_is_decided_by_the_ballot_after_vetting() -> None:
    case = vetted(CaseKind.REMOVAL)
    case.take_ballot(ballot=ballot(votes_for=18), ctx=context())
    assert case.status is AppointmentStatus.REMOVED


def test_a_resignation_not_accepted_at_the_ballot_is_rejected() -> None:
    case = vetted(CaseKind.RESIGNATION)
    case.take_ballot(ballot=ballot(votes_for=8), ctx=context())
    assert case.status is AppointmentStatus.REJECTED


def test_a_removal_before_vetting_cannot_be_voted_on() -> None:
    with pytest.raises(AppointmentNotVettedError):
        requested(CaseKind.DISMISSAL).take_ballot(ballot=ballot(), ctx=context())


def test_a_removal_case_cannot_take_the_law_exam() -> None:
    case = vetted(CaseKind.REMOVAL)
    with pytest.raises(AppointmentStepNotAllowedError) as refused:
        exam(case, 90)
    assert refused.value.field == "kind" and "免职案不适用" in refused.value.message


def test_a_decided_dismissal_gets_no_certificate() -> None:
    case = vetted(CaseKind.DISMISSAL)
    case.take_ballot(ballot=ballot(), ctx=context())
    with pytest.raises(AppointmentStepNotAllowedError):
        case.issue_certificate(certificate=CERTIFICATE, ctx=context())


def test_vetting_a_removal_cannot_require_a_notice() -> None:
    case = requested(CaseKind.REMOVAL)
    with pytest.raises(PreAppointmentRequirementsNotApplicableError):
        case.vet(vetting=Vetting(meeting="主任会议", vetted_on=date(2026, 3, 5), notice_days=5), ctx=context())


def test_a_performance_review_needs_the_appointee_in_office() -> None:
    case = reached(AppointmentStatus.CERTIFIED)
    with pytest.raises(AppointmentStepNotAllowedError):
        review(case, 2026, ReviewResult.SATISFIED)


def test_one_performance_review_per_year() -> None:
    case = reached(AppointmentStatus.IN_OFFICE)
    review(case, 2026, ReviewResult.SATISFIED)
    with pytest.raises(AppointmentStepNotAllowedError) as refused:
        review(case, 2026, ReviewResult.BASICALLY_SATISFIED)
    assert "同一年度再次述职评议" in refused.value.message


def test_an_unsatisfied_review_lists_the_appointee_for_review_next_year_without_an_inquiry() -> None:
    case = reached(AppointmentStatus.IN_OFFICE)
    review(case, 2026, ReviewResult.UNSATISFIED)
    [reviewed] = [e.payload for e in case.pending_events() if isinstance(e.payload, PerformanceReviewed)]
    assert reviewed.review_again_in == 2027
    assert not any(isinstance(e.payload, InquiryFiled) for e in case.pending_events())


def test_a_second_unsatisfied_review_files_an_inquiry_in_the_same_command() -> None:
    case = reached(AppointmentStatus.IN_OFFICE)
    review(case, 2026, ReviewResult.UNSATISFIED)
    review(case, 2027, ReviewResult.BASICALLY_SATISFIED)
    before = len(case.pending_events())

    review(case, 2028, ReviewResult.UNSATISFIED)

    added = case.pending_events()[before:]
    assert [e.event_type for e in added] == ["PerformanceReviewed", "InquiryFiled"]
    inquiry = added[1].payload
    assert isinstance(inquiry, InquiryFiled)
    assert (inquiry.year, inquiry.unsatisfied_years) == (2028, [2026, 2028])


def test_replay_gives_the_same_case() -> None:
    case = reached(AppointmentStatus.IN_OFFICE)
    review(case, 2026, ReviewResult.UNSATISFIED)
    replayed = Appointment.rehydrate(aggregate_id=case.id, events=case.pending_events())
    assert (replayed.status, replayed.version, replayed.unsatisfied_years) == (case.status, case.version, [2026])


def test_the_certificate_page_escapes_what_was_entered_and_prints() -> None:
    page = certificate_html(
        {
            "appointee_name": "张<b>明</b>",
            "post": "县财政局局长",
            "meeting": "第十八届常委会第25次会议",
            "ballot_held_on": date(2026, 3, 28),
            "decision_number": "宜人常任〔2026〕3号",
            "issuing_body": "宜阳县人民代表大会常务委员会",
            "certificate_issued_on": date(2026, 3, 30),
        }
    )
    assert "张&lt;b&gt;明&lt;/b&gt;" in page and "<b>" not in page
    assert "于2026年3月28日决定，任命你为县财政局局长" in page and "2026年3月30日" in page
    assert "@media print" in page
