"""Appointment (人事任免): a case from the request to the vote, and for an appointee the certificate, oath and reviews.

The gates are hard: each command checks every earlier step it depends on and names the first one
missing. Dates are the business dates passed in; the domain computes what follows from them (the
last day of a notice, whether an exam or a ballot passed), so replay never recomputes them. The steps
up to the vote are here; those of an appointee after it are in `appointment_tenure`.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from services.county.domain.appointment_facts import (
    AppointmentRequest,
    Ballot,
    Certificate,
    ExamSitting,
    OathCeremony,
    Vetting,
)
from services.county.domain.appointment_rules import (
    BEFORE_BALLOT,
    BEFORE_INTRODUCTION,
    AppointmentStepNotAllowedError,
    AuditNotDoneError,
    BallotCountsInvalidError,
    NoticeNotPublishedError,
    NoticeNotRequiredError,
    NoticePeriodNotOverError,
    PreAppointmentRequirementsNotApplicableError,
    PreTalkNotHeldError,
    ReviewFileMissingError,
)
from services.county.domain.appointment_state import S
from services.county.domain.appointment_tenure import AppointmentTenure
from shared.aggregate import CommandContext, applies
from shared.events.catalog.appointment import (
    AppointeeIntroduced,
    AppointmentRequested,
    AppointmentVetted,
    BallotTaken,
    CaseKind,
    EconomicAuditCompleted,
    LawExamTaken,
    PreAppointmentNoticePublished,
    PreAppointmentTalkHeld,
    StatementMade,
)

__all__ = [
    "Appointment",
    "AppointmentRequest",
    "Ballot",
    "Certificate",
    "ExamSitting",
    "OathCeremony",
    "Vetting",
]

_DECIDED = {
    CaseKind.REMOVAL: S.REMOVED,
    CaseKind.RESIGNATION: S.RESIGNED,
    CaseKind.DISMISSAL: S.DISMISSED,
}


class Appointment(AppointmentTenure):
    """One personnel case: an appointment, removal, resignation or dismissal."""

    aggregate_type = "Appointment"

    @classmethod
    def request(
        cls, *, appointment_id: UUID, request: AppointmentRequest, region_code: str, ctx: CommandContext
    ) -> Appointment:
        """Request a decision (依法提请) on a nominee, with the review file (考察材料) the nomination rests on."""
        if not request.review_file.strip():
            raise ReviewFileMissingError(field="review_file")
        case = cls(appointment_id)
        case._record(
            AppointmentRequested(
                kind=request.kind,
                appointee_name=request.appointee_name,
                post=request.post,
                requesting_unit=request.requesting_unit,
                requesting_unit_name=request.requesting_unit_name,
                nominated_by=request.nominated_by,
                review_file=request.review_file,
                term=request.term,
                requested_on=request.requested_on,
                is_people_assessor=request.is_people_assessor,
            ),
            ctx=ctx,
            region_code=region_code,
        )
        return case

    @applies(AppointmentRequested)
    def _requested(self, event: AppointmentRequested) -> None:
        self.kind = event.kind
        self.appointee_name = event.appointee_name
        self.post = event.post

    def vet(self, *, vetting: Vetting, ctx: CommandContext) -> None:
        """The chairmen's meeting vets the case (任前审查) and sets the talk, notice and audit it requires."""
        if self.status is not S.REQUESTED:
            raise AppointmentStepNotAllowedError(status=self.status, step="vet")
        sets_requirements = vetting.pre_talk_required or vetting.notice_days > 0 or vetting.audit_required
        if self.kind is not CaseKind.APPOINTMENT and sets_requirements:
            raise PreAppointmentRequirementsNotApplicableError(field="kind")
        self._record(
            AppointmentVetted(
                meeting=vetting.meeting,
                vetted_on=vetting.vetted_on,
                pre_talk_required=vetting.pre_talk_required,
                notice_days=vetting.notice_days,
                audit_required=vetting.audit_required,
            ),
            ctx=ctx,
        )

    @applies(AppointmentVetted)
    def _vetted(self, event: AppointmentVetted) -> None:
        self.status = S.VETTED
        self.pre_talk_required = event.pre_talk_required
        self.notice_days = event.notice_days
        self.audit_required = event.audit_required

    def hold_pre_talk(self, *, held_on: date, note: str, ctx: CommandContext) -> None:
        """Hold the pre-appointment talk (任前座谈) with the nominee, once, before the introduction."""
        self._require_appointment("hold_pre_talk")
        self._require_vetted_and_in("hold_pre_talk", BEFORE_INTRODUCTION)
        if self.pre_talk_held:
            raise AppointmentStepNotAllowedError(status=self.status, step="hold_pre_talk")
        self._record(PreAppointmentTalkHeld(held_on=held_on, note=note), ctx=ctx)

    @applies(PreAppointmentTalkHeld)
    def _pre_talk_held(self, event: PreAppointmentTalkHeld) -> None:
        self.pre_talk_held = True

    def publish_notice(self, *, published_on: date, channel: str, ctx: CommandContext) -> None:
        """Publish the pre-appointment notice (任前公示) the vetting required; it runs `notice_days` from that day."""
        self._require_appointment("publish_notice")
        self._require_vetted_and_in("publish_notice", BEFORE_BALLOT)
        if self.notice_days == 0:
            raise NoticeNotRequiredError(field="notice_days")
        if self.notice_ends_on is not None:
            raise AppointmentStepNotAllowedError(status=self.status, step="publish_notice")
        ends_on = published_on + timedelta(days=self.notice_days - 1)
        self._record(
            PreAppointmentNoticePublished(published_on=published_on, ends_on=ends_on, channel=channel), ctx=ctx
        )

    @applies(PreAppointmentNoticePublished)
    def _notice_published(self, event: PreAppointmentNoticePublished) -> None:
        self.notice_ends_on = event.ends_on

    def complete_audit(self, *, completed_on: date, finding: str, ctx: CommandContext) -> None:
        """Record the completed pre-appointment economic responsibility audit (任前经济责任审计), once."""
        self._require_appointment("complete_audit")
        self._require_vetted_and_in("complete_audit", BEFORE_INTRODUCTION)
        if self.audit_done:
            raise AppointmentStepNotAllowedError(status=self.status, step="complete_audit")
        self._record(EconomicAuditCompleted(completed_on=completed_on, finding=finding), ctx=ctx)

    @applies(EconomicAuditCompleted)
    def _audit_completed(self, event: EconomicAuditCompleted) -> None:
        self.audit_done = True

    def take_law_exam(self, *, sitting: ExamSitting, score: int, ctx: CommandContext) -> None:
        """Sit the law exam (任前法律知识考试); below the pass mark the appointment is deferred (暂缓任命) until a retake."""
        self._require_appointment("take_law_exam")
        self._require_vetted_and_in("take_law_exam", frozenset({S.VETTED, S.DEFERRED}))
        self._record(
            LawExamTaken(
                batch_id=sitting.batch_id,
                batch_label=sitting.batch_label,
                taken_on=sitting.taken_on,
                score=score,
                pass_mark=sitting.pass_mark,
                passed=score >= sitting.pass_mark,
            ),
            ctx=ctx,
        )

    @applies(LawExamTaken)
    def _exam_taken(self, event: LawExamTaken) -> None:
        self.status = S.EXAM_PASSED if event.passed else S.DEFERRED

    def introduce(self, *, meeting: str, introduced_on: date, introduced_by: str, ctx: CommandContext) -> None:
        """Introduce the nominee to the standing committee (提请说明): the exam passed, the required talk and audit done."""
        self._require_appointment("introduce")
        self._require_stage("introduce", S.EXAM_PASSED)
        if self.pre_talk_required and not self.pre_talk_held:
            raise PreTalkNotHeldError(field="pre_talk_required")
        if self.audit_required and not self.audit_done:
            raise AuditNotDoneError(field="audit_required")
        self._record(
            AppointeeIntroduced(meeting=meeting, introduced_on=introduced_on, introduced_by=introduced_by), ctx=ctx
        )

    @applies(AppointeeIntroduced)
    def _introduced(self, event: AppointeeIntroduced) -> None:
        self.status = S.INTRODUCED

    def make_statement(self, *, made_on: date, summary: str, ctx: CommandContext) -> None:
        """The nominee makes the statement before the vote (供职发言), after the introduction."""
        self._require_appointment("make_statement")
        self._require_stage("make_statement", S.INTRODUCED)
        self._record(StatementMade(made_on=made_on, summary=summary), ctx=ctx)

    @applies(StatementMade)
    def _statement_made(self, event: StatementMade) -> None:
        self.status = S.STATEMENT_MADE

    def take_ballot(self, *, ballot: Ballot, ctx: CommandContext) -> None:
        """Record the secret ballot (无记名投票表决); an appointment also needs the statement and an ended notice."""
        if self.kind is CaseKind.APPOINTMENT:
            self._require_stage("take_ballot", S.STATEMENT_MADE)
            self._require_notice_over(ballot.held_on)
        else:
            self._require_stage("take_ballot", S.VETTED)
        if ballot.votes_for + ballot.votes_against + ballot.abstentions > ballot.members_total:
            raise BallotCountsInvalidError(field="votes_for")
        self._record(
            BallotTaken(
                meeting=ballot.meeting,
                held_on=ballot.held_on,
                members_total=ballot.members_total,
                votes_for=ballot.votes_for,
                votes_against=ballot.votes_against,
                abstentions=ballot.abstentions,
                passed=ballot.passes,
            ),
            ctx=ctx,
        )

    def _require_notice_over(self, held_on: date) -> None:
        if self.notice_days == 0:
            return
        if self.notice_ends_on is None:
            raise NoticeNotPublishedError(field="notice_days")
        if held_on <= self.notice_ends_on:
            raise NoticePeriodNotOverError(field="held_on")

    @applies(BallotTaken)
    def _ballot_taken(self, event: BallotTaken) -> None:
        if self.kind is CaseKind.APPOINTMENT:
            self.status = S.APPOINTED if event.passed else S.NOT_APPOINTED
        else:
            self.status = _DECIDED[self.kind] if event.passed else S.REJECTED
