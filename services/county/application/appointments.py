"""Use cases on appointment cases (人事任免): thin — run one command on a case; batches store all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from services.county.application.steps import guarded, run_step
from services.county.domain.appointment import Appointment, AppointmentRequest, ExamSitting, OathCeremony
from shared.aggregate import CommandContext, Recorded
from shared.application import BatchCommands, Commands, derived_id
from shared.errors import NotFoundError, ValidationFailedError
from shared.eventstore import AggregateNotFoundError

Step = Callable[[Appointment, CommandContext], None]
Guard = Callable[[Appointment], None]


class CaseListedTwiceError(ValidationFailedError):
    """Raised when an exam batch or an oath ceremony lists the same case twice."""

    code = "APPOINTMENT_LISTED_TWICE"
    message = "同一任免案在本批次中重复出现"


@dataclass(frozen=True)
class ExamResult:
    """One nominee's score in an exam batch."""

    appointment_id: UUID
    score: int


def request_appointment(
    commands: Commands,
    *,
    actor: str,
    request: AppointmentRequest,
    region_code: str,
    command_id: UUID | None = None,
    occurred_at: datetime | None = None,
) -> Recorded:
    """A requesting unit's case is entered; it belongs to the county it is decided in."""
    return commands.create(
        lambda appointment_id, ctx: Appointment.request(
            appointment_id=appointment_id, request=request, region_code=region_code, ctx=ctx
        ),
        actor=actor,
        command_id=command_id,
        kind="request_appointment",
        occurred_at=occurred_at,
    )


def act_on_appointment(
    commands: Commands,
    *,
    actor: str,
    appointment_id: UUID,
    step: str,
    command: Step,
    command_id: UUID | None = None,
    occurred_at: datetime | None = None,
    guard: Guard | None = None,
) -> Recorded:
    """Run one step on a case read once; `guard` checks the caller against it first. A resend returns the first result."""
    return run_step(
        commands,
        Appointment,
        appointment_id,
        actor=actor,
        step=step,
        command=command,
        missing=NotFoundError("任免案不存在", field="appointment_id"),
        command_id=command_id,
        occurred_at=occurred_at,
        guard=guard,
    )


def _group_id(commands: Commands, *, kind: str, command_id: UUID | None) -> UUID:
    """A batch's or ceremony's id: derived from the command id, so a resend names the same one."""
    return commands.new_id() if command_id is None else derived_id(scope=UUID(int=0), kind=kind, command_id=command_id)


def _all_or_nothing(
    commands: Commands,
    *,
    actor: str,
    steps: Sequence[tuple[UUID, Step]],
    kind: str,
    command_id: UUID | None,
    occurred_at: datetime | None,
    guard: Guard | None,
) -> list[Recorded]:
    """Run one step on each case, every case checked before anything is stored; one refusal stores nothing."""
    ids = [appointment_id for appointment_id, _ in steps]
    if len(set(ids)) != len(ids):
        raise CaseListedTwiceError(field="appointment_ids")
    batch: BatchCommands = commands.batch()
    recorded = []
    for appointment_id, command in steps:
        try:
            recorded.append(
                batch.update(
                    Appointment,
                    appointment_id,
                    guarded(command, guard),
                    actor=actor,
                    command_id=command_id,
                    kind=kind,
                    occurred_at=occurred_at,
                )
            )
        except AggregateNotFoundError:
            raise NotFoundError(f"任免案 {appointment_id} 不存在", field="appointment_ids") from None
    batch.commit()
    return recorded


def take_law_exam(
    commands: Commands,
    *,
    actor: str,
    appointment_id: UUID,
    sitting: ExamSitting,
    score: int,
    command_id: UUID | None = None,
    occurred_at: datetime | None = None,
    guard: Guard | None = None,
) -> Recorded:
    """One nominee sits the law exam on their own (a retake after a deferral, say)."""
    return act_on_appointment(
        commands,
        actor=actor,
        appointment_id=appointment_id,
        step="take_law_exam",
        command=lambda case, ctx: case.take_law_exam(sitting=sitting, score=score, ctx=ctx),
        command_id=command_id,
        occurred_at=occurred_at,
        guard=guard,
    )


def new_exam_batch_id(commands: Commands, *, command_id: UUID | None) -> UUID:
    """The id of a new exam batch; derived from the command id, so a resend names the same batch."""
    return _group_id(commands, kind="law_exam_batch", command_id=command_id)


def take_exam_batch(
    commands: Commands,
    *,
    actor: str,
    batch_label: str,
    taken_on: date,
    pass_mark: int,
    results: Sequence[ExamResult],
    command_id: UUID | None = None,
    occurred_at: datetime | None = None,
    guard: Guard | None = None,
) -> tuple[UUID, list[Recorded]]:
    """Record one law exam batch (任前法律知识考试): every nominee's sitting, or none of them."""
    sitting = ExamSitting(
        batch_id=new_exam_batch_id(commands, command_id=command_id),
        batch_label=batch_label,
        taken_on=taken_on,
        pass_mark=pass_mark,
    )

    def sit(score: int) -> Step:
        return lambda case, ctx: case.take_law_exam(sitting=sitting, score=score, ctx=ctx)

    recorded = _all_or_nothing(
        commands,
        actor=actor,
        steps=[(result.appointment_id, sit(result.score)) for result in results],
        kind="take_law_exam",
        command_id=command_id,
        occurred_at=occurred_at,
        guard=guard,
    )
    return sitting.batch_id, recorded


def hold_oath_ceremony(
    commands: Commands,
    *,
    actor: str,
    held_on: date,
    presided_by: str,
    meeting: str,
    appointment_ids: Sequence[UUID],
    command_id: UUID | None = None,
    occurred_at: datetime | None = None,
    guard: Guard | None = None,
) -> tuple[UUID, list[Recorded]]:
    """Swear in several appointees at one constitutional oath ceremony (宪法宣誓): all of them, or none."""
    ceremony = OathCeremony(
        ceremony_id=_group_id(commands, kind="oath_ceremony", command_id=command_id),
        held_on=held_on,
        presided_by=presided_by,
        meeting=meeting,
    )

    def swear(case: Appointment, ctx: CommandContext) -> None:
        case.take_oath(ceremony=ceremony, ctx=ctx)

    recorded = _all_or_nothing(
        commands,
        actor=actor,
        steps=[(appointment_id, swear) for appointment_id in appointment_ids],
        kind="take_oath",
        command_id=command_id,
        occurred_at=occurred_at,
        guard=guard,
    )
    return ceremony.ceremony_id, recorded
