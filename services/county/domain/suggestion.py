"""Suggestion (代表建议): from submission by a lead deputy to closure, with the legal clocks of `domain.md` §6.

Each command checks its step against the state, then records one event. The clocks are computed on
the working-day calendar passed in and written into the events, so "overdue" is a query over those
dates and a given day, and replay never recomputes them. The steps are grouped by stage: submission
and review here, handling in `suggestion_handling`, the reply and what follows it in `suggestion_answer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.county.domain.suggestion_answer import Reply, SuggestionAnswer
from services.county.domain.suggestion_handling import SuggestionHandling
from services.county.domain.suggestion_rules import (
    FINISHED,
    CoSignerIsLeadError,
    NotAcceptedNeedsGroundError,
    SuggestionStatus,
    SuggestionStepNotAllowedError,
)
from shared.aggregate import CommandContext, applies
from shared.calendar import WorkingDayCalendar, china_date
from shared.events.catalog.suggestion import (
    NotAcceptedGround,
    ReviewDecision,
    SessionPeriod,
    SuggestionCategory,
    SuggestionRegistered,
    SuggestionReviewed,
    SuggestionRevised,
    SuggestionSubmitted,
    SuggestionWithdrawn,
)

__all__ = ["Reply", "Submission", "Suggestion"]

ASSIGN_WITHIN_WORKING_DAYS = 5

_REVIEW_STATUS = {
    ReviewDecision.ACCEPTED: SuggestionStatus.ACCEPTED,
    ReviewDecision.REVISION_REQUESTED: SuggestionStatus.REVISION_REQUESTED,
    ReviewDecision.WITHDRAWAL_ADVISED: SuggestionStatus.WITHDRAWAL_ADVISED,
    ReviewDecision.NOT_ACCEPTED: SuggestionStatus.NOT_ACCEPTED,
}


@dataclass(frozen=True)
class Submission:
    """What a lead deputy submits: the facts of a `SuggestionSubmitted` event, less the clock."""

    title: str
    content: str
    lead_deputy_id: UUID
    period: SessionPeriod
    term: int
    co_signer_ids: tuple[UUID, ...] = ()
    session_label: str = ""
    source_referral_id: UUID | None = None
    source_opinion_id: UUID | None = None


class Suggestion(SuggestionHandling, SuggestionAnswer):
    """One deputy suggestion and its handling."""

    aggregate_type = "Suggestion"

    @classmethod
    def submit(
        cls,
        *,
        suggestion_id: UUID,
        submission: Submission,
        region_code: str,
        calendar: WorkingDayCalendar,
        ctx: CommandContext,
    ) -> Suggestion:
        """Submit a suggestion; between sessions it must be assigned within 5 working days of receipt."""
        signers = submission.co_signer_ids
        if submission.lead_deputy_id in signers or len(set(signers)) != len(signers):
            raise CoSignerIsLeadError(field="co_signer_ids")
        received_on = china_date(ctx.happened_at)
        assign_due = None
        if submission.period is SessionPeriod.BETWEEN_SESSIONS:
            assign_due = calendar.add_working_days(start=received_on, days=ASSIGN_WITHIN_WORKING_DAYS)
        suggestion = cls(suggestion_id)
        suggestion._record(
            SuggestionSubmitted(
                title=submission.title,
                content=submission.content,
                lead_deputy_id=submission.lead_deputy_id,
                co_signer_ids=list(signers),
                period=submission.period,
                term=submission.term,
                session_label=submission.session_label,
                received_on=received_on,
                assign_due=assign_due.due if assign_due else None,
                due_is_provisional=assign_due.provisional if assign_due else False,
                source_referral_id=submission.source_referral_id,
                source_opinion_id=submission.source_opinion_id,
            ),
            ctx=ctx,
            region_code=region_code,
        )
        return suggestion

    @applies(SuggestionSubmitted)
    def _submitted(self, event: SuggestionSubmitted) -> None:
        self.lead_deputy_id = event.lead_deputy_id
        self.source_referral_id = event.source_referral_id

    def review(
        self, *, decision: ReviewDecision, ground: NotAcceptedGround | None, note: str, ctx: CommandContext
    ) -> None:
        """Review the submission: accept it, ask for a revision, advise withdrawal, or not accept it."""
        self._require("review", SuggestionStatus.SUBMITTED, SuggestionStatus.WITHDRAWAL_ADVISED)
        if decision is ReviewDecision.NOT_ACCEPTED and ground is None:
            raise NotAcceptedNeedsGroundError(field="ground")
        self._record(SuggestionReviewed(decision=decision, ground=ground, note=note), ctx=ctx)

    @applies(SuggestionReviewed)
    def _reviewed(self, event: SuggestionReviewed) -> None:
        self.status = _REVIEW_STATUS[event.decision]

    def revise(self, *, title: str, content: str, ctx: CommandContext) -> None:
        """Revise the suggestion as asked; it goes back to review."""
        self._require("revise", SuggestionStatus.REVISION_REQUESTED)
        self._record(SuggestionRevised(title=title, content=content), ctx=ctx)

    @applies(SuggestionRevised)
    def _revised(self, event: SuggestionRevised) -> None:
        self.status = SuggestionStatus.SUBMITTED

    def withdraw(self, *, reason: str, ctx: CommandContext) -> None:
        """The deputy withdraws the suggestion, at any time before it is closed."""
        if self.status in FINISHED:
            raise SuggestionStepNotAllowedError(status=self.status, step="withdraw")
        self._record(SuggestionWithdrawn(reason=reason), ctx=ctx)

    @applies(SuggestionWithdrawn)
    def _withdrawn(self, event: SuggestionWithdrawn) -> None:
        self.status = SuggestionStatus.WITHDRAWN

    def register(self, *, number: str, category: SuggestionCategory, is_key: bool, ctx: CommandContext) -> None:
        """Register an accepted suggestion: number, category, key or not."""
        self._require("register", SuggestionStatus.ACCEPTED)
        self._record(SuggestionRegistered(number=number, category=category, is_key=is_key), ctx=ctx)

    @applies(SuggestionRegistered)
    def _registered(self, event: SuggestionRegistered) -> None:
        self.status = SuggestionStatus.REGISTERED
        self.is_key = event.is_key
        self.category = event.category
