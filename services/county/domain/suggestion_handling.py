"""Handling a suggestion (办理): assignment, return, merging, extensions, contacts, co-unit opinions, supervision.

The clocks start at assignment and are computed on the working-day calendar passed in, then written
into the events, so replay never recomputes them.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.county.domain.routing_rule import RoutingRule
from services.county.domain.suggestion_rules import (
    AWAITING_ASSIGNMENT,
    AWAITING_REPLY,
    IN_HANDLING,
    AlreadyMergedError,
    CoOpinionAlreadyGivenError,
    DeclineNeedsReasonError,
    ExtensionAlreadyPendingError,
    ExtensionLimitExceededError,
    LeadUnitAlsoCoUnitError,
    MergeWithItselfError,
    NoExtensionPendingError,
    NotACoUnitError,
    NotAnAssignedUnitError,
    ReturnWindowClosedError,
    SuggestionStatus,
)
from services.county.domain.suggestion_state import SuggestionState, require_not_after
from shared.aggregate import CommandContext, applies
from shared.calendar import WorkingDayCalendar, china_date
from shared.events.catalog.suggestion import (
    ContactMethod,
    ContactStage,
    CoUnitOpinionGiven,
    SuggestionAssigned,
    SuggestionContactLogged,
    SuggestionExtensionApproved,
    SuggestionExtensionDeclined,
    SuggestionExtensionRequested,
    SuggestionMerged,
    SuggestionReturned,
    SuggestionSupervised,
    SupervisionKind,
)

RETURN_WITHIN_WORKING_DAYS = 7
REPLY_WITHIN_MONTHS = 3
MAX_EXTENSION_MONTHS = 3
CO_OPINION_WITHIN_MONTHS = 1


class SuggestionHandling(SuggestionState):
    """The steps from assignment to the reply: who handles it, for how long, and what they record on the way."""

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
        require_not_after(contacted_on, ctx=ctx, field="contacted_on")
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
