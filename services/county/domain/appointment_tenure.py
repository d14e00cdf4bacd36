"""After the vote (任后): the certificate of appointment, the constitutional oath, and the yearly reviews in office."""

from __future__ import annotations

from datetime import date

from services.county.domain.appointment_facts import Certificate, OathCeremony
from services.county.domain.appointment_rules import AppointmentStepNotAllowedError
from services.county.domain.appointment_state import AppointmentState, S
from shared.aggregate import CommandContext, applies
from shared.events.catalog.appointment import (
    CertificateIssued,
    InquiryFiled,
    OathTaken,
    PerformanceReviewed,
    ReviewResult,
)

_PASSING_REVIEWS = frozenset({ReviewResult.SATISFIED, ReviewResult.BASICALLY_SATISFIED})


class AppointmentTenure(AppointmentState):
    """The steps of an appointee the ballot appointed: certified, sworn in, then reviewed once a year."""

    def issue_certificate(self, *, certificate: Certificate, ctx: CommandContext) -> None:
        """Issue the certificate of appointment (颁发任命书) to an appointee the ballot appointed."""
        self._require_appointment("issue_certificate")
        self._require_stage("issue_certificate", S.APPOINTED)
        self._record(
            CertificateIssued(
                decision_number=certificate.decision_number,
                issued_on=certificate.issued_on,
                issued_by=certificate.issued_by,
                issuing_body=certificate.issuing_body,
            ),
            ctx=ctx,
        )

    @applies(CertificateIssued)
    def _certificate_issued(self, event: CertificateIssued) -> None:
        self.status = S.CERTIFIED

    def take_oath(self, *, ceremony: OathCeremony, ctx: CommandContext) -> None:
        """The appointee takes the constitutional oath (宪法宣誓, 凡任必宣) after receiving the certificate."""
        self._require_appointment("take_oath")
        self._require_stage("take_oath", S.CERTIFIED)
        self._record(
            OathTaken(
                ceremony_id=ceremony.ceremony_id,
                held_on=ceremony.held_on,
                presided_by=ceremony.presided_by,
                meeting=ceremony.meeting,
            ),
            ctx=ctx,
        )

    @applies(OathTaken)
    def _oath_taken(self, event: OathTaken) -> None:
        self.status = S.IN_OFFICE

    def review_performance(
        self, *, year: int, reviewed_on: date, result: ReviewResult, note: str, ctx: CommandContext
    ) -> None:
        """Review an appointee in office for a year (述职评议), once a year; a second 不满意 files an inquiry (质询案)."""
        self._require_appointment("review_performance")
        if self.status is not S.IN_OFFICE:
            raise AppointmentStepNotAllowedError(status=self.status, step="review_performance")
        if year in self.reviewed_years:
            raise AppointmentStepNotAllowedError(status=self.status, step="review_performance_again")
        unsatisfied = result not in _PASSING_REVIEWS
        self._record(
            PerformanceReviewed(
                year=year,
                reviewed_on=reviewed_on,
                result=result,
                note=note,
                review_again_in=year + 1 if unsatisfied else None,
            ),
            ctx=ctx,
        )
        if unsatisfied and len(self.unsatisfied_years) >= 2:
            self._record(
                InquiryFiled(year=year, filed_on=reviewed_on, unsatisfied_years=sorted(self.unsatisfied_years)), ctx=ctx
            )

    @applies(PerformanceReviewed)
    def _performance_reviewed(self, event: PerformanceReviewed) -> None:
        self.reviewed_years.add(event.year)
        if event.result not in _PASSING_REVIEWS:
            self.unsatisfied_years.append(event.year)

    @applies(InquiryFiled)
    def _inquiry_filed(self, event: InquiryFiled) -> None:
        pass
