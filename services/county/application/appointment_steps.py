"""The appointment commands' handlers: each runs one step on the case read once, or one on several cases at once."""

from __future__ import annotations

from services.county.application.appointment_commands import (
    CompleteAudit,
    HoldOathCeremony,
    HoldPreTalk,
    IntroduceAppointee,
    IssueCertificate,
    MakeStatement,
    PublishNotice,
    RecordBallot,
    RequestAppointment,
    ReviewPerformance,
    TakeExamBatch,
    TakeLawExam,
    VetAppointment,
)
from services.county.application.appointments import (
    Step,
    act_on_appointment,
    hold_oath_ceremony,
    new_exam_batch_id,
    request_appointment,
    take_exam_batch,
)
from services.county.application.command_kinds import OnAppointment
from services.county.application.context import CountyContext
from services.county.domain.appointment import AppointmentRequest, Ballot, Certificate, ExamSitting, Vetting
from shared.aggregate import Recorded
from shared.events.region import county_of


def on_appointment(command: OnAppointment, ctx: CountyContext, step: Step) -> Recorded:
    """Run `step` on the case the command names, as the command's kind of step."""
    return act_on_appointment(
        ctx.commands,
        actor=ctx.actor,
        appointment_id=command.appointment_id,
        step=command.step,
        command=step,
        command_id=command.command_id,
        occurred_at=ctx.occurred_at,
        guard=ctx.check,
    )


def request(command: RequestAppointment, ctx: CountyContext) -> Recorded:
    """The case belongs to the county of the staff who enter it."""
    return request_appointment(
        ctx.commands,
        actor=ctx.actor,
        request=AppointmentRequest(**command.facts()),
        region_code=county_of(ctx.region_code),
        command_id=command.command_id,
        occurred_at=ctx.occurred_at,
    )


def vet(command: VetAppointment, ctx: CountyContext) -> Recorded:
    vetting = Vetting(**command.facts())
    return on_appointment(command, ctx, lambda case, at: case.vet(vetting=vetting, ctx=at))


def hold_pre_talk(command: HoldPreTalk, ctx: CountyContext) -> Recorded:
    return on_appointment(
        command, ctx, lambda case, at: case.hold_pre_talk(held_on=command.held_on, note=command.note, ctx=at)
    )


def publish_notice(command: PublishNotice, ctx: CountyContext) -> Recorded:
    return on_appointment(
        command,
        ctx,
        lambda case, at: case.publish_notice(published_on=command.published_on, channel=command.channel, ctx=at),
    )


def complete_audit(command: CompleteAudit, ctx: CountyContext) -> Recorded:
    return on_appointment(
        command,
        ctx,
        lambda case, at: case.complete_audit(completed_on=command.completed_on, finding=command.finding, ctx=at),
    )


def take_law_exam(command: TakeLawExam, ctx: CountyContext) -> Recorded:
    """A sitting in the batch named, or in a new batch of its own."""
    sitting = ExamSitting(
        batch_id=command.batch_id or new_exam_batch_id(ctx.commands, command_id=command.command_id),
        batch_label=command.batch_label,
        taken_on=command.taken_on,
        pass_mark=command.pass_mark,
    )
    return on_appointment(
        command, ctx, lambda case, at: case.take_law_exam(sitting=sitting, score=command.score, ctx=at)
    )


def sit_exam_batch(command: TakeExamBatch, ctx: CountyContext) -> Recorded:
    return take_exam_batch(ctx.commands, command, actor=ctx.actor, occurred_at=ctx.occurred_at, guard=ctx.check)


def swear_in(command: HoldOathCeremony, ctx: CountyContext) -> Recorded:
    return hold_oath_ceremony(ctx.commands, command, actor=ctx.actor, occurred_at=ctx.occurred_at, guard=ctx.check)


def introduce(command: IntroduceAppointee, ctx: CountyContext) -> Recorded:
    return on_appointment(
        command,
        ctx,
        lambda case, at: case.introduce(
            meeting=command.meeting, introduced_on=command.introduced_on, introduced_by=command.introduced_by, ctx=at
        ),
    )


def make_statement(command: MakeStatement, ctx: CountyContext) -> Recorded:
    return on_appointment(
        command, ctx, lambda case, at: case.make_statement(made_on=command.made_on, summary=command.summary, ctx=at)
    )


def record_ballot(command: RecordBallot, ctx: CountyContext) -> Recorded:
    ballot = Ballot(**command.facts())
    return on_appointment(command, ctx, lambda case, at: case.take_ballot(ballot=ballot, ctx=at))


def issue_certificate(command: IssueCertificate, ctx: CountyContext) -> Recorded:
    certificate = Certificate(**command.facts())
    return on_appointment(command, ctx, lambda case, at: case.issue_certificate(certificate=certificate, ctx=at))


def review_performance(command: ReviewPerformance, ctx: CountyContext) -> Recorded:
    return on_appointment(
        command,
        ctx,
        lambda case, at: case.review_performance(
            year=command.year, reviewed_on=command.reviewed_on, result=command.result, note=command.note, ctx=at
        ),
    )
