"""Suggestion (代表建议): from submission by a lead deputy to closure, with the legal clocks of `domain.md` §6.

Each command checks its step against the state, then records one event. The clocks are computed on
the working-day calendar passed in and written into the events, so "overdue" is a query over those
dates and a given day, and replay never recomputes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.county.domain.routing_rule import RoutingRule
from services.county.domain.suggestion_rules import (
    AWAITING_ASSIGNMENT,
    AWAITING_REPLY,
    FINISHED,
    IN_HANDLING,
    AlreadyMergedError,
    AlreadySelectedForLookBackError,
    CoOpinionAlreadyGivenError,
    CoSignerIsLeadError,
    DateInFutureError,
    DeclineNeedsReasonError,
    ExtensionAlreadyPendingError,
    ExtensionLimitExceededError,
    LeadUnitAlsoCoUnitError,
    LookBackNeedsKeyError,
    MergeWithItselfError,
    NoExtensionPendingError,
    NotAcceptedNeedsGroundError,
    NotACoUnitError,
    NotAnAssignedUnitError,
    NotTheLeadDeputyError,
    NotTheLeadUnitError,
    ReturnWindowClosedError,
    SuggestionStatus,
    SuggestionStepNotAllowedError,
)
from shared.aggregate import Aggregate, CommandContext, applies
from shared.calendar import WorkingDayCalendar, china_date
from shared.events.catalog.suggestion import (
    AspectRatings,
    ContactMethod,
    ContactStage,
    CoUnitOpinionGiven,
    NotAcceptedGround,
    ReplyResult,
    ReviewDecision,
    Satisfaction,
    SessionPeriod,
    SuggestionAssigned,
    SuggestionCategory,
    SuggestionCheckedOnSite,
    SuggestionClosed,
    SuggestionContactLogged,
    SuggestionExtensionApproved,
    SuggestionExtensionDeclined,
    SuggestionExtensionRequested,
    SuggestionFollowedUp,
    SuggestionMerged,
    SuggestionRated,
    SuggestionRegistered,
    SuggestionReplied,
    SuggestionReplyDrafted,
    SuggestionReturned,
    SuggestionReviewed,
    SuggestionRevised,
    SuggestionSelectedForLookBack,
    SuggestionSubmitted,
    SuggestionSupervised,
    SuggestionWithdrawn,
    SupervisionKind,
)

ASSIGN_WITHIN_WORKING_DAYS = 5
RETURN_WITHIN_WORKING_DAYS = 7
REPLY_WITHIN_MONTHS = 3
MAX_EXTENSION_MONTHS = 3
CO_OPINION_WITHIN_MONTHS = 1
SECOND_REPLY_WITHIN_MONTHS = 1

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


@dataclass(frozen=True)
class Reply:
    """A reply letter (答复函): its result class, text, who signed it and who signed for it."""

    result: ReplyResult
    text: str
    signed_by: str
    received_by: str
    received_by_deputy: bool


class Suggestion(Aggregate):
    """One deputy suggestion and its handling."""

    aggregate_type = "Suggestion"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.status = SuggestionStatus.SUBMITTED
        self.lead_deputy_id: UUID | None = None
        self.source_referral_id: UUID | None = None
        self.is_key = False
        self.category: SuggestionCategory | None = None
        self.lead_unit_id: UUID | None = None
        self.lead_unit_name = ""
        self.co_unit_ids: frozenset[UUID] = frozenset()
        self.co_opinions: set[UUID] = set()
        self.assigned_on: date | None = None
        self.return_due: date | None = None
        self.extension_months = 0
        self.extension_requested: int | None = None
        self.reply_round = 0
        self.merged_with: UUID | None = None
        self.look_back_years: set[int] = set()

    def _require(self, step: str, *allowed: SuggestionStatus) -> None:
        if self.status not in allowed:
            raise SuggestionStepNotAllowedError(status=self.status, step=step)

    def _require_lead_unit(self, unit_id: UUID) -> None:
        if unit_id != self.lead_unit_id:
            raise NotTheLeadUnitError(field="unit_id")

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

    def assign(
        self,
        *,
        lead_unit_id: UUID,
        lead_unit_name: str,
        vice_governor: str,
        co_unit_ids: tuple[UUID, ...],
        leader: str,
        rule: RoutingRule,
        calendar: WorkingDayCalendar,
        ctx: CommandContext,
    ) -> None:
        """Assign (交办) to a lead unit and co-units under the routing rule in force; the clocks start today."""
        self._require("assign", *AWAITING_ASSIGNMENT)
        if lead_unit_id in co_unit_ids or len(set(co_unit_ids)) != len(co_unit_ids):
            raise LeadUnitAlsoCoUnitError(field="co_unit_ids")
        assert self.category is not None, "a suggestion awaiting assignment is registered"
        supervising_body, routing_rule_version = rule.body_for(self.category)
        today = china_date(ctx.happened_at)
        return_due = calendar.add_working_days(start=today, days=RETURN_WITHIN_WORKING_DAYS)
        co_opinion_due = calendar.add_months(start=today, months=CO_OPINION_WITHIN_MONTHS)
        reply_due = calendar.add_months(start=today, months=REPLY_WITHIN_MONTHS)
        self._record(
            SuggestionAssigned(
                lead_unit_id=lead_unit_id,
                lead_unit_name=lead_unit_name,
                vice_governor=vice_governor,
                co_unit_ids=list(co_unit_ids),
                leader=leader,
                supervising_body=supervising_body,
                routing_rule_version=routing_rule_version,
                assigned_on=today,
                return_due=return_due.due,
                co_opinion_due=co_opinion_due.due,
                reply_due=reply_due.due,
                due_is_provisional=return_due.provisional or reply_due.provisional,
            ),
            ctx=ctx,
        )

    @applies(SuggestionAssigned)
    def _assigned(self, event: SuggestionAssigned) -> None:
        self.status = SuggestionStatus.ASSIGNED
        self.lead_unit_id = event.lead_unit_id
        self.lead_unit_name = event.lead_unit_name
        self.co_unit_ids = frozenset(event.co_unit_ids)
        self.co_opinions = set()
        self.assigned_on = event.assigned_on
        self.return_due = event.return_due
        self.extension_months = 0
        self.extension_requested = None

    def return_to_county(self, *, unit_id: UUID, reason: str, ctx: CommandContext) -> None:
        """The lead unit returns it as outside its competence (退回), within 7 working days of assignment."""
        self._require("return", SuggestionStatus.ASSIGNED)
        self._require_lead_unit(unit_id)
        assert self.return_due is not None
        if china_date(ctx.happened_at) > self.return_due:
            raise ReturnWindowClosedError(field="unit_id")
        self._record(SuggestionReturned(unit_id=unit_id, reason=reason), ctx=ctx)

    @applies(SuggestionReturned)
    def _returned(self, event: SuggestionReturned) -> None:
        self.status = SuggestionStatus.RETURNED
        self.lead_unit_id = None
        self.co_unit_ids = frozenset()

    def merge_with(self, *, other: UUID, ctx: CommandContext) -> None:
        """Handle it together with another suggestion (并案); this deputy is still answered on their own."""
        self._require("merge", *AWAITING_ASSIGNMENT, SuggestionStatus.ASSIGNED)
        if other == self.id:
            raise MergeWithItselfError(field="merged_with")
        if self.merged_with is not None:
            raise AlreadyMergedError(field="merged_with")
        self._record(SuggestionMerged(merged_with=other), ctx=ctx)

    @applies(SuggestionMerged)
    def _merged(self, event: SuggestionMerged) -> None:
        self.merged_with = event.merged_with

    def request_extension(self, *, unit_id: UUID, months: int, reason: str, ctx: CommandContext) -> None:
        """The lead unit asks for more time on a complex suggestion, before its first reply."""
        self._require("request_extension", SuggestionStatus.ASSIGNED)
        self._require_lead_unit(unit_id)
        if self.extension_requested is not None:
            raise ExtensionAlreadyPendingError(field="months")
        if self.extension_months + months > MAX_EXTENSION_MONTHS:
            raise ExtensionLimitExceededError(field="months")
        self._record(SuggestionExtensionRequested(unit_id=unit_id, months=months, reason=reason), ctx=ctx)

    @applies(SuggestionExtensionRequested)
    def _extension_requested(self, event: SuggestionExtensionRequested) -> None:
        self.extension_requested = event.months

    def approve_extension(self, *, calendar: WorkingDayCalendar, ctx: CommandContext) -> None:
        """Approve the pending request: the reply is due that much later, at most 6 months from assignment."""
        self._require("decide_extension", SuggestionStatus.ASSIGNED)
        if self.extension_requested is None:
            raise NoExtensionPendingError(field="decision")
        assert self.assigned_on is not None
        months = self.extension_requested
        due = calendar.add_months(start=self.assigned_on, months=REPLY_WITHIN_MONTHS + self.extension_months + months)
        self._record(
            SuggestionExtensionApproved(months=months, reply_due=due.due, due_is_provisional=due.provisional), ctx=ctx
        )

    @applies(SuggestionExtensionApproved)
    def _extension_approved(self, event: SuggestionExtensionApproved) -> None:
        self.extension_months += event.months
        self.extension_requested = None

    def decline_extension(self, *, reason: str, ctx: CommandContext) -> None:
        """Decline the pending request, saying why; the reply stays due when it was."""
        self._require("decide_extension", SuggestionStatus.ASSIGNED)
        if self.extension_requested is None:
            raise NoExtensionPendingError(field="decision")
        if not reason.strip():
            raise DeclineNeedsReasonError(field="reason")
        self._record(SuggestionExtensionDeclined(reason=reason), ctx=ctx)

    @applies(SuggestionExtensionDeclined)
    def _extension_declined(self, event: SuggestionExtensionDeclined) -> None:
        self.extension_requested = None

    def log_contact(
        self,
        *,
        unit_id: UUID,
        stage: ContactStage,
        method: ContactMethod,
        contacted_on: date,
        note: str,
        ctx: CommandContext,
    ) -> None:
        """A lead or co-unit records a contact with the deputy (三沟通)."""
        self._require("log_contact", *IN_HANDLING, SuggestionStatus.RATED)
        if unit_id != self.lead_unit_id and unit_id not in self.co_unit_ids:
            raise NotAnAssignedUnitError(field="unit_id")
        _require_not_after(contacted_on, ctx=ctx, field="contacted_on")
        self._record(
            SuggestionContactLogged(unit_id=unit_id, stage=stage, method=method, contacted_on=contacted_on, note=note),
            ctx=ctx,
        )

    @applies(SuggestionContactLogged)
    def _contact_logged(self, event: SuggestionContactLogged) -> None:
        pass

    def give_co_opinion(self, *, unit_id: UUID, opinion: str, ctx: CommandContext) -> None:
        """A co-unit gives its opinion to the lead unit, once."""
        self._require("give_co_opinion", *AWAITING_REPLY)
        if unit_id not in self.co_unit_ids:
            raise NotACoUnitError(field="unit_id")
        if unit_id in self.co_opinions:
            raise CoOpinionAlreadyGivenError(field="unit_id")
        self._record(CoUnitOpinionGiven(unit_id=unit_id, opinion=opinion), ctx=ctx)

    @applies(CoUnitOpinionGiven)
    def _co_opinion_given(self, event: CoUnitOpinionGiven) -> None:
        self.co_opinions.add(event.unit_id)

    def draft_reply(self, *, unit_id: UUID, result: ReplyResult, text: str, ctx: CommandContext) -> None:
        """The lead unit drafts its reply; only issuing it counts as replying."""
        self._require("draft_reply", *AWAITING_REPLY)
        self._require_lead_unit(unit_id)
        self._record(SuggestionReplyDrafted(unit_id=unit_id, result=result, text=text), ctx=ctx)

    @applies(SuggestionReplyDrafted)
    def _reply_drafted(self, event: SuggestionReplyDrafted) -> None:
        pass

    def reply(self, *, unit_id: UUID, letter: Reply, ctx: CommandContext) -> None:
        """The lead unit issues its reply: the first, or the second after a 不满意 rating."""
        self._require("reply", *AWAITING_REPLY)
        self._require_lead_unit(unit_id)
        self._record(
            SuggestionReplied(
                unit_id=unit_id,
                unit_name=self.lead_unit_name,
                round=self.reply_round + 1,
                result=letter.result,
                text=letter.text,
                signed_by=letter.signed_by,
                received_by=letter.received_by,
                received_by_deputy=letter.received_by_deputy,
                replied_on=china_date(ctx.happened_at),
                source_referral_id=self.source_referral_id,
            ),
            ctx=ctx,
        )

    @applies(SuggestionReplied)
    def _replied(self, event: SuggestionReplied) -> None:
        self.status = SuggestionStatus.REPLIED
        self.reply_round = event.round
        self.extension_requested = None

    def check_on_site(self, *, checked_on: date, note: str, ctx: CommandContext) -> None:
        """The deputy checks the handling on site (optional)."""
        self._require("check_on_site", *IN_HANDLING, SuggestionStatus.RATED)
        _require_not_after(checked_on, ctx=ctx, field="checked_on")
        self._record(SuggestionCheckedOnSite(checked_on=checked_on, note=note), ctx=ctx)

    @applies(SuggestionCheckedOnSite)
    def _checked_on_site(self, event: SuggestionCheckedOnSite) -> None:
        pass

    def rate(
        self, *, deputy_id: UUID, aspects: AspectRatings, calendar: WorkingDayCalendar, ctx: CommandContext
    ) -> None:
        """The lead deputy rates the reply; 不满意 on the first reply starts re-handling with a one-month clock."""
        self._require("rate", SuggestionStatus.REPLIED)
        if deputy_id != self.lead_deputy_id:
            raise NotTheLeadDeputyError(field="deputy_id")
        today = china_date(ctx.happened_at)
        second_due = None
        if aspects.overall is Satisfaction.UNSATISFIED and self.reply_round == 1:
            second_due = calendar.add_months(start=today, months=SECOND_REPLY_WITHIN_MONTHS)
        self._record(
            SuggestionRated(
                round=self.reply_round,
                deputy_id=deputy_id,
                aspects=aspects,
                rated_on=today,
                second_reply_due=second_due.due if second_due else None,
                due_is_provisional=second_due.provisional if second_due else False,
            ),
            ctx=ctx,
        )

    @applies(SuggestionRated)
    def _rated(self, event: SuggestionRated) -> None:
        rehandle = event.second_reply_due is not None
        self.status = SuggestionStatus.REHANDLING if rehandle else SuggestionStatus.RATED

    def close(self, *, note: str, ctx: CommandContext) -> None:
        """Close the suggestion (办结) once its reply has been rated."""
        self._require("close", SuggestionStatus.RATED)
        self._record(SuggestionClosed(closed_on=china_date(ctx.happened_at), note=note), ctx=ctx)

    @applies(SuggestionClosed)
    def _closed(self, event: SuggestionClosed) -> None:
        self.status = SuggestionStatus.CLOSED

    def follow_up(self, *, visited_on: date, implemented: bool, note: str, ctx: CommandContext) -> None:
        """Visit the deputy after closure (回访) and record whether what was promised was done."""
        self._require("follow_up", SuggestionStatus.CLOSED)
        _require_not_after(visited_on, ctx=ctx, field="visited_on")
        self._record(SuggestionFollowedUp(visited_on=visited_on, implemented=implemented, note=note), ctx=ctx)

    @applies(SuggestionFollowedUp)
    def _followed_up(self, event: SuggestionFollowedUp) -> None:
        pass

    def select_for_look_back(self, *, year: int, ctx: CommandContext) -> None:
        """Select a closed key suggestion for a year's look-back (回头看)."""
        self._require("select_for_look_back", SuggestionStatus.CLOSED)
        if not self.is_key:
            raise LookBackNeedsKeyError(field="year")
        if year in self.look_back_years:
            raise AlreadySelectedForLookBackError(field="year")
        self._record(SuggestionSelectedForLookBack(year=year), ctx=ctx)

    @applies(SuggestionSelectedForLookBack)
    def _selected_for_look_back(self, event: SuggestionSelectedForLookBack) -> None:
        self.look_back_years.add(event.year)

    def supervise(self, *, kind: SupervisionKind, supervised_by: str, note: str, ctx: CommandContext) -> None:
        """Record a supervision action (督办) on a suggestion still being handled."""
        self._require("supervise", *AWAITING_ASSIGNMENT, *AWAITING_REPLY)
        self._record(
            SuggestionSupervised(
                kind=kind, supervised_by=supervised_by, supervised_on=china_date(ctx.happened_at), note=note
            ),
            ctx=ctx,
        )

    @applies(SuggestionSupervised)
    def _supervised(self, event: SuggestionSupervised) -> None:
        pass


def _require_not_after(day: date, *, ctx: CommandContext, field: str) -> None:
    if day > china_date(ctx.happened_at):
        raise DateInFutureError(field=field)
