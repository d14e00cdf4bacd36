"""The facts a step on an appointment case is given: the request, the vetting, an exam sitting, a ballot, papers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from shared.events.catalog.appointment import CaseKind, RequestingUnitKind


@dataclass(frozen=True)
class AppointmentRequest:
    """What the requesting unit submits: the facts of an `AppointmentRequested` event."""

    kind: CaseKind
    appointee_name: str
    post: str
    requesting_unit: RequestingUnitKind
    requesting_unit_name: str
    nominated_by: str
    review_file: str
    term: int
    requested_on: date
    is_people_assessor: bool = False


@dataclass(frozen=True)
class Vetting:
    """The chairmen's meeting's vetting and the requirements it sets before the vote."""

    meeting: str
    vetted_on: date
    pre_talk_required: bool = False
    notice_days: int = 0
    audit_required: bool = False


@dataclass(frozen=True)
class ExamSitting:
    """One sitting of the law exam: the batch it belongs to, its day and pass mark."""

    batch_id: UUID
    batch_label: str
    taken_on: date
    pass_mark: int


@dataclass(frozen=True)
class Ballot:
    """A secret ballot's count, against all the standing committee's members (组成人员), not those present."""

    meeting: str
    held_on: date
    members_total: int
    votes_for: int
    votes_against: int
    abstentions: int

    @property
    def passes(self) -> bool:
        """More than half of all members voted for; exactly half is not enough."""
        return self.votes_for * 2 > self.members_total


@dataclass(frozen=True)
class Certificate:
    """A certificate of appointment (任命书)."""

    decision_number: str
    issued_on: date
    issued_by: str
    issuing_body: str


@dataclass(frozen=True)
class OathCeremony:
    """A constitutional oath ceremony (宪法宣誓仪式); several appointees may be sworn in at one."""

    ceremony_id: UUID
    held_on: date
    presided_by: str
    meeting: str
