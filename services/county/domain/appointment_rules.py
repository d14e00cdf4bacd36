"""The states of an appointment case, what each step requires, and the named errors for steps that break a rule."""

from __future__ import annotations

from enum import Enum

from shared.errors import ConflictError, ValidationFailedError
from shared.events.catalog.appointment import CaseKind


class AppointmentStatus(str, Enum):
    REQUESTED = "requested"
    VETTED = "vetted"
    DEFERRED = "deferred"
    EXAM_PASSED = "exam_passed"
    INTRODUCED = "introduced"
    STATEMENT_MADE = "statement_made"
    APPOINTED = "appointed"
    NOT_APPOINTED = "not_appointed"
    CERTIFIED = "certified"
    IN_OFFICE = "in_office"
    REMOVED = "removed"
    RESIGNED = "resigned"
    DISMISSED = "dismissed"
    REJECTED = "rejected"


STATUS_LABELS: dict[AppointmentStatus, str] = {
    AppointmentStatus.REQUESTED: "已提请待审查",
    AppointmentStatus.VETTED: "已审查",
    AppointmentStatus.DEFERRED: "暂缓任命",
    AppointmentStatus.EXAM_PASSED: "法律知识考试合格",
    AppointmentStatus.INTRODUCED: "已作提请说明",
    AppointmentStatus.STATEMENT_MADE: "已供职发言待表决",
    AppointmentStatus.APPOINTED: "已任命待颁发任命书",
    AppointmentStatus.NOT_APPOINTED: "表决未通过",
    AppointmentStatus.CERTIFIED: "已颁发任命书待宣誓",
    AppointmentStatus.IN_OFFICE: "在任",
    AppointmentStatus.REMOVED: "已免职",
    AppointmentStatus.RESIGNED: "已接受辞职",
    AppointmentStatus.DISMISSED: "已撤职",
    AppointmentStatus.REJECTED: "表决未通过",
}

KIND_LABELS: dict[CaseKind, str] = {
    CaseKind.APPOINTMENT: "任命",
    CaseKind.REMOVAL: "免职",
    CaseKind.RESIGNATION: "辞职",
    CaseKind.DISMISSAL: "撤职",
}

BEFORE_EXAM = frozenset({AppointmentStatus.VETTED, AppointmentStatus.DEFERRED})
BEFORE_INTRODUCTION = BEFORE_EXAM | {AppointmentStatus.EXAM_PASSED}
BEFORE_BALLOT = BEFORE_INTRODUCTION | {AppointmentStatus.INTRODUCED, AppointmentStatus.STATEMENT_MADE}
DECIDED_BY_BALLOT = frozenset(
    {
        AppointmentStatus.APPOINTED,
        AppointmentStatus.NOT_APPOINTED,
        AppointmentStatus.REMOVED,
        AppointmentStatus.RESIGNED,
        AppointmentStatus.DISMISSED,
        AppointmentStatus.REJECTED,
    }
)

STEP_LABELS: dict[str, str] = {
    "vet": "审查",
    "hold_pre_talk": "任前座谈",
    "publish_notice": "任前公示",
    "complete_audit": "任前经济责任审计",
    "take_law_exam": "参加任前法律知识考试",
    "introduce": "提请说明",
    "make_statement": "供职发言",
    "take_ballot": "表决",
    "issue_certificate": "颁发任命书",
    "take_oath": "宪法宣誓",
    "review_performance": "述职评议",
    "review_performance_again": "同一年度再次述职评议",
}


class AppointmentStepNotAllowedError(ConflictError):
    """Raised when a step is taken in a state, or on a kind of case, that does not allow it.

    With `kind`, the step belongs to the appointment procedure and the case is a removal, resignation
    or dismissal (no exam, statement, certificate or oath for them).
    """

    code = "APPOINTMENT_STEP_NOT_ALLOWED"
    message = "当前状态不能执行此操作"

    def __init__(self, *, status: AppointmentStatus, step: str, kind: CaseKind | None = None) -> None:
        if kind is not None:
            super().__init__(f"{KIND_LABELS[kind]}案不适用“{STEP_LABELS[step]}”环节", field="kind")
        else:
            super().__init__(f"任免案当前状态为“{STATUS_LABELS[status]}”，不能{STEP_LABELS[step]}", field="status")


class AppointmentNotVettedError(ConflictError):
    """Raised when a step after vetting is taken before the chairmen's meeting has vetted the case."""

    code = "APPOINTMENT_NOT_VETTED"
    message = "任免案尚未经主任会议审查"


class PreTalkNotHeldError(ConflictError):
    """Raised when the nominee is introduced before a required pre-appointment talk (任前座谈) was held."""

    code = "PRE_TALK_NOT_HELD"
    message = "主任会议要求任前座谈，尚未座谈"


class AuditNotDoneError(ConflictError):
    """Raised when the nominee is introduced before a required economic responsibility audit was completed."""

    code = "AUDIT_NOT_DONE"
    message = "主任会议要求任前经济责任审计，审计尚未完成"


class NoticeNotPublishedError(ConflictError):
    """Raised when the vote is taken before a required pre-appointment notice (任前公示) was published."""

    code = "NOTICE_NOT_PUBLISHED"
    message = "主任会议要求任前公示，尚未公示"


class NoticePeriodNotOverError(ConflictError):
    """Raised when the vote is taken on or before the last day of the pre-appointment notice."""

    code = "NOTICE_PERIOD_NOT_OVER"
    message = "任前公示期未满，不能提请表决"


class NoticeNotRequiredError(ConflictError):
    """Raised when a notice is published for a case whose vetting required none."""

    code = "NOTICE_NOT_REQUIRED"
    message = "主任会议未要求任前公示"


class LawExamNotPassedError(ConflictError):
    """Raised when a later step is taken before the nominee passed the pre-appointment law exam."""

    code = "LAW_EXAM_NOT_PASSED"
    message = "拟任命人员尚未通过任前法律知识考试"


class NotIntroducedError(ConflictError):
    """Raised when the statement is made before the nominee was introduced to the standing committee."""

    code = "NOT_INTRODUCED"
    message = "尚未向常委会会议作提请说明"


class StatementNotMadeError(ConflictError):
    """Raised when the vote is taken before the nominee made the statement (供职发言)."""

    code = "STATEMENT_NOT_MADE"
    message = "拟任命人员尚未作供职发言"


class NotAppointedError(ConflictError):
    """Raised when a certificate or an oath comes before the ballot appointed the nominee, or after it did not."""

    code = "NOT_APPOINTED"
    message = "常委会尚未表决通过任命"


class CertificateNotIssuedError(ConflictError):
    """Raised when the oath is taken before the certificate of appointment (任命书) was issued."""

    code = "CERTIFICATE_NOT_ISSUED"
    message = "尚未颁发任命书，不能进行宪法宣誓"


class BallotCountsInvalidError(ValidationFailedError):
    """Raised when the votes for, against and abstaining add up to more than all the members."""

    code = "BALLOT_COUNTS_INVALID"
    message = "赞成、反对、弃权票数之和不能超过常委会组成人员总数"


class PreAppointmentRequirementsNotApplicableError(ValidationFailedError):
    """Raised when vetting a removal, resignation or dismissal sets a talk, notice or audit before appointment."""

    code = "PRE_APPOINTMENT_REQUIREMENTS_NOT_APPLICABLE"
    message = "任前座谈、任前公示、任前经济责任审计仅适用于任命案"


class ReviewFileMissingError(ValidationFailedError):
    """Raised when a case is requested without the review file (考察材料) the nomination rests on."""

    code = "REVIEW_FILE_REQUIRED"
    message = "提请任免须附考察材料"
