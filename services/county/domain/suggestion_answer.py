"""Answering a suggestion (答复与测评): the reply letter, the lead deputy's rating, closure and what follows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.county.domain.suggestion_rules import (
    AWAITING_REPLY,
    IN_HANDLING,
    AlreadySelectedForLookBackError,
    LookBackNeedsKeyError,
    NotTheLeadDeputyError,
    SuggestionStatus,
)
from services.county.domain.suggestion_state import SuggestionState, require_not_after
from shared.aggregate import CommandContext, applies
from shared.calendar import WorkingDayCalendar, china_date
from shared.events.catalog.suggestion import (
    AspectRatings,
    ReplyResult,
    Satisfaction,
    SuggestionCheckedOnSite,
    SuggestionClosed,
    SuggestionFollowedUp,
    SuggestionRated,
    SuggestionReplied,
    SuggestionReplyDrafted,
    SuggestionSelectedForLookBack,
)

SECOND_REPLY_WITHIN_MONTHS = 1


@dataclass(frozen=True)
class Reply:
    """A reply letter (答复函): its result class, text, who signed it and who signed for it."""

    result: ReplyResult
    text: str
    signed_by: str
    received_by: str
    received_by_deputy: bool


class SuggestionAnswer(SuggestionState):
    """The steps from the lead unit's reply to the look-back: the deputy rates, the county closes and follows up."""

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
        require_not_after(checked_on, ctx=ctx, field="checked_on")
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
        require_not_after(visited_on, ctx=ctx, field="visited_on")
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
