"""The steps on a suggestion after it is submitted, each one command on the suggestion read once.

Every handler runs its step through `on_suggestion`, so the caller's guard sees the suggestion as the
step reads it and a resent command id returns the first result.
"""

from __future__ import annotations

from services.county.application.command_kinds import OnSuggestion
from services.county.application.context import CountyContext
from services.county.application.suggestion_commands import (
    CheckOnSite,
    CloseSuggestion,
    DecideExtension,
    DraftReply,
    FollowUpSuggestion,
    GiveCoOpinion,
    LogContact,
    MergeSuggestion,
    RateSuggestion,
    RegisterSuggestion,
    ReplyToSuggestion,
    RequestExtension,
    ReturnSuggestion,
    ReviewSuggestion,
    ReviseSuggestion,
    SelectForLookBack,
    SuperviseSuggestion,
    WithdrawSuggestion,
)
from services.county.application.suggestions import Step, act_on_suggestion, load_existing
from services.county.domain.suggestion import Reply, Suggestion
from shared.aggregate import CommandContext, Recorded


def on_suggestion(command: OnSuggestion, ctx: CountyContext, step: Step) -> Recorded:
    """Run `step` on the suggestion the command names, as the command's kind of step."""
    return act_on_suggestion(
        ctx.commands,
        actor=ctx.actor,
        suggestion_id=command.suggestion_id,
        step=command.step,
        command=step,
        command_id=command.command_id,
        occurred_at=ctx.occurred_at,
        guard=ctx.check,
    )


def review(command: ReviewSuggestion, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command,
        ctx,
        lambda case, at: case.review(decision=command.decision, ground=command.ground, note=command.note, ctx=at),
    )


def revise(command: ReviseSuggestion, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command, ctx, lambda case, at: case.revise(title=command.title, content=command.content, ctx=at)
    )


def withdraw(command: WithdrawSuggestion, ctx: CountyContext) -> Recorded:
    return on_suggestion(command, ctx, lambda case, at: case.withdraw(reason=command.reason, ctx=at))


def register(command: RegisterSuggestion, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command,
        ctx,
        lambda case, at: case.register(number=command.number, category=command.category, is_key=command.is_key, ctx=at),
    )


def merge(command: MergeSuggestion, ctx: CountyContext) -> Recorded:
    """Merge with another suggestion, which the caller's guard checks too."""
    ctx.check(load_existing(ctx.commands, Suggestion, command.merged_with, field="merged_with", what="建议"))
    return on_suggestion(command, ctx, lambda case, at: case.merge_with(other=command.merged_with, ctx=at))


def decide_extension(command: DecideExtension, ctx: CountyContext) -> Recorded:
    """Approve (the reply is due later, on the calendar as loaded) or decline the pending request."""
    calendar = ctx.calendar()

    def decide(case: Suggestion, at: CommandContext) -> None:
        if command.decision == "approve":
            case.approve_extension(calendar=calendar, ctx=at)
        else:
            case.decline_extension(reason=command.reason, ctx=at)

    return on_suggestion(command, ctx, decide)


def close(command: CloseSuggestion, ctx: CountyContext) -> Recorded:
    return on_suggestion(command, ctx, lambda case, at: case.close(note=command.note, ctx=at))


def follow_up(command: FollowUpSuggestion, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command,
        ctx,
        lambda case, at: case.follow_up(
            visited_on=command.visited_on, implemented=command.implemented, note=command.note, ctx=at
        ),
    )


def select_for_look_back(command: SelectForLookBack, ctx: CountyContext) -> Recorded:
    return on_suggestion(command, ctx, lambda case, at: case.select_for_look_back(year=command.year, ctx=at))


def supervise(command: SuperviseSuggestion, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command,
        ctx,
        lambda case, at: case.supervise(
            kind=command.kind, supervised_by=command.supervised_by, note=command.note, ctx=at
        ),
    )


def check_on_site(command: CheckOnSite, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command, ctx, lambda case, at: case.check_on_site(checked_on=command.checked_on, note=command.note, ctx=at)
    )


def rate(command: RateSuggestion, ctx: CountyContext) -> Recorded:
    """The lead deputy's rating; a second reply, if any, falls due on the calendar as loaded."""
    calendar = ctx.calendar()
    return on_suggestion(
        command,
        ctx,
        lambda case, at: case.rate(deputy_id=command.deputy_id, aspects=command.aspects, calendar=calendar, ctx=at),
    )


def return_to_county(command: ReturnSuggestion, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command, ctx, lambda case, at: case.return_to_county(unit_id=command.unit_id, reason=command.reason, ctx=at)
    )


def request_extension(command: RequestExtension, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command,
        ctx,
        lambda case, at: case.request_extension(
            unit_id=command.unit_id, months=command.months, reason=command.reason, ctx=at
        ),
    )


def log_contact(command: LogContact, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command,
        ctx,
        lambda case, at: case.log_contact(
            unit_id=command.unit_id,
            stage=command.stage,
            method=command.method,
            contacted_on=command.contacted_on,
            note=command.note,
            ctx=at,
        ),
    )


def give_co_opinion(command: GiveCoOpinion, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command, ctx, lambda case, at: case.give_co_opinion(unit_id=command.unit_id, opinion=command.opinion, ctx=at)
    )


def draft_reply(command: DraftReply, ctx: CountyContext) -> Recorded:
    return on_suggestion(
        command,
        ctx,
        lambda case, at: case.draft_reply(unit_id=command.unit_id, result=command.result, text=command.text, ctx=at),
    )


def reply(command: ReplyToSuggestion, ctx: CountyContext) -> Recorded:
    letter = Reply(**command.facts())
    return on_suggestion(command, ctx, lambda case, at: case.reply(unit_id=command.unit_id, letter=letter, ctx=at))
