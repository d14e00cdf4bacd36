"""What an appointment case remembers from its events, and the gates every step checks against that."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.county.domain.appointment_rules import (
    AppointmentNotVettedError,
    AppointmentStatus,
    AppointmentStepNotAllowedError,
    CertificateNotIssuedError,
    LawExamNotPassedError,
    NotAppointedError,
    NotIntroducedError,
    StatementNotMadeError,
)
from shared.aggregate import Aggregate
from shared.errors import ConflictError
from shared.events.catalog.appointment import CaseKind

S = AppointmentStatus

# How far an appointment has come; a step that needs a later stage is refused with the gate of the
# stage the case is at. A case not appointed at the vote is short of appointment for ever.
_STAGE = {
    S.REQUESTED: 0,
    S.VETTED: 1,
    S.DEFERRED: 1,
    S.EXAM_PASSED: 2,
    S.INTRODUCED: 3,
    S.STATEMENT_MADE: 4,
    S.NOT_APPOINTED: 4.5,
    S.APPOINTED: 5,
    S.CERTIFIED: 6,
    S.IN_OFFICE: 7,
}
_GATE_AT: dict[AppointmentStatus, type[ConflictError]] = {
    S.REQUESTED: AppointmentNotVettedError,
    S.VETTED: LawExamNotPassedError,
    S.DEFERRED: LawExamNotPassedError,
    S.EXAM_PASSED: NotIntroducedError,
    S.INTRODUCED: StatementNotMadeError,
    S.STATEMENT_MADE: NotAppointedError,
    S.NOT_APPOINTED: NotAppointedError,
    S.APPOINTED: CertificateNotIssuedError,
}


class AppointmentState(Aggregate):
    """An appointment case's state as its events left it; `Appointment` is this with its steps."""

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.status = S.REQUESTED
        self.kind = CaseKind.APPOINTMENT
        self.appointee_name = ""
        self.post = ""
        self.pre_talk_required = False
        self.pre_talk_held = False
        self.notice_days = 0
        self.notice_ends_on: date | None = None
        self.audit_required = False
        self.audit_done = False
        self.reviewed_years: set[int] = set()
        self.unsatisfied_years: list[int] = []

    def _require_stage(self, step: str, required: AppointmentStatus) -> None:
        """The case must be at `required`; earlier, the gate it has not passed; anywhere else, the step is out of turn."""
        stage = _STAGE.get(self.status)
        if stage is not None and stage < _STAGE[required]:
            raise _GATE_AT[self.status](field="status")
        if self.status is not required:
            raise AppointmentStepNotAllowedError(status=self.status, step=step)

    def _require_vetted_and_in(self, step: str, allowed: frozenset[AppointmentStatus]) -> None:
        if self.status is S.REQUESTED:
            raise AppointmentNotVettedError(field="status")
        if self.status not in allowed:
            raise AppointmentStepNotAllowedError(status=self.status, step=step)

    def _require_appointment(self, step: str) -> None:
        if self.kind is not CaseKind.APPOINTMENT:
            raise AppointmentStepNotAllowedError(status=self.status, step=step, kind=self.kind)
