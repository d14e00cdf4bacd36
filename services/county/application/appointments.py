"""Use cases on appointment cases (人事任免): thin — run one command on a case; batches store all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from uuid import UUID

from services.county.application.appointment_commands import HoldOathCeremony, TakeExamBatch
from services.county.application.command_kinds import RecordedGroup
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
    group_id: UUID,
    actor: str,
    steps: Sequence[tuple[UUID, Step]],
    kind: str,
    command_id: UUID | None,
    occurred_at: datetime | None,
    guard: Guard | None,
) -> RecordedGroup:
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
    # A group is no aggregate of its own: no version, the events of every case it recorded.
    event_ids = [event_id for case in recorded for event_id in case.event_ids]
    return RecordedGroup(aggregate_id=group_id, version=0, event_ids=event_ids, results=recorded)


def new_exam_batch_id(commands: Commands, *, command_id: UUID | None) -> UUID:
    """The id of a new exam batch; derived from the command id, so a resend names the same batch."""
    return _group_id(commands, kind="law_exam_batch", command_id=command_id)


def take_exam_batch(
    commands: Commands,
    command: TakeExamBatch,
    *,
    actor: str,
    occurred_at: datetime | None = None,
    guard: Guard | None = None,
) -> RecordedGroup:
    """Record one law exam batch (任前法律知识考试): every nominee's sitting, or none of them."""
    sitting = ExamSitting(batch_id=new_exam_batch_id(commands, command_id=command.command_id), **command.facts())

    def sit(score: int) -> Step:
        return lambda case, ctx: case.take_law_exam(sitting=sitting, score=score, ctx=ctx)

    return _all_or_nothing(
        commands,
        group_id=sitting.batch_id,
        actor=actor,
        steps=[(result.appointment_id, sit(result.score)) for result in command.results],
        kind=command.step,
        command_id=command.command_id,
        occurred_at=occurred_at,
        guard=guard,
    )


def hold_oath_ceremony(
    commands: Commands,
    command: HoldOathCeremony,
    *,
    actor: str,
    occurred_at: datetime | None = None,
    guard: Guard | None = None,
) -> RecordedGroup:
    """Swear in several appointees at one constitutional oath ceremony (宪法宣誓): all of them, or none."""
    ceremony = OathCeremony(
        ceremony_id=_group_id(commands, kind="oath_ceremony", command_id=command.command_id), **command.facts()
    )

    def swear(case: Appointment, ctx: CommandContext) -> None:
        case.take_oath(ceremony=ceremony, ctx=ctx)

    return _all_or_nothing(
        commands,
        group_id=ceremony.ceremony_id,
        actor=actor,
        steps=[(appointment_id, swear) for appointment_id in command.appointment_ids],
        kind=command.step,
        command_id=command.command_id,
        occurred_at=occurred_at,
        guard=guard,
    )
