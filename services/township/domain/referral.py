"""Referral (分流转办): a voter's opinion that a station referred to the township, until it is answered.

Rule: "不能解决的留下联系方式，一个月内予以答复" — the clock runs from the station's recording, and
"overdue" is a query over the due date and a given day, never a flag on the referral.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from uuid import UUID

from services.township.domain.route_deputy import ROUTES_THROUGH_A_DEPUTY, RouteDeputy, check_route_deputy
from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ConflictError, ValidationFailedError
from shared.events.catalog.station import SealedContact
from shared.events.catalog.suggestion import ReplyResult
from shared.events.catalog.township import (
    ReferralAnswered,
    ReferralClosed,
    ReferralMerged,
    ReferralOpenedV2,
    ReferralOutcome,
    ReferralRoute,
    ReferralRouted,
)

# How the voter is told which way the suggestion's reply went (答复类别).
REPLY_RESULT_LABELS = {
    ReplyResult.SOLVED: "已解决",
    ReplyResult.IN_PROGRESS: "正在解决",
    ReplyResult.PLANNED: "列入计划",
    ReplyResult.FOR_REFERENCE: "留作参考",
}
ANSWER_MAX_LENGTH = 5000


class ReferralStatus(str, Enum):
    OPEN = "open"
    ROUTED = "routed"
    MERGED = "merged"
    ANSWERED = "answered"
    IN_COORDINATION = "in_coordination"
    CLOSED = "closed"


class ReferralClosedError(ConflictError):
    """Raised when a closed referral is routed, merged, answered or closed again."""

    code = "REFERRAL_CLOSED"
    message = "该转办件已办结"


class ReferralAlreadyAnsweredError(ConflictError):
    """Raised when an answered referral is routed, merged or answered again."""

    code = "REFERRAL_ALREADY_ANSWERED"
    message = "该转办件已答复"


class ReferralMergedError(ConflictError):
    """Raised when a merged referral is routed or merged again: it is handled with the one it joined."""

    code = "REFERRAL_MERGED"
    message = "该转办件已并案，随主件办理"


class MergeTargetUnavailableError(ConflictError):
    """Raised when a referral is merged into one that is merged, answered or closed."""

    code = "MERGE_TARGET_UNAVAILABLE"
    message = "并案的主件须尚在办理中"


class RouteNeedsDeputyError(ValidationFailedError):
    """Raised when the city or deputy-suggestion route names no deputy."""

    code = "ROUTE_NEEDS_DEPUTY"
    message = "转市级或由代表形成建议时，须指定代表"


class MergeIntoItselfError(ValidationFailedError):
    """Raised when a referral is merged into itself."""

    code = "MERGE_INTO_ITSELF"
    message = "不能与自身并案"


class SolvedWithoutAnswerError(ConflictError):
    """Raised when a referral is closed as solved before it was answered."""

    code = "SOLVED_WITHOUT_ANSWER"
    message = "尚未答复，不能以“已解决”办结"


class CoordinationNeedsReasonError(ValidationFailedError):
    """Raised when a referral is left in coordination without a reason."""

    code = "COORDINATION_NEEDS_REASON"
    message = "“协调中”须说明原因"


class Referral(Aggregate):
    """One referred opinion at the township."""

    aggregate_type = "Referral"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.opinion_id: UUID | None = None
        self.station_id: UUID | None = None
        self.township_region_code: str | None = None
        self.status = ReferralStatus.OPEN
        self.answered = False

    @classmethod
    def open(
        cls,
        *,
        referral_id: UUID,
        opinion_id: UUID,
        station_id: UUID,
        station_region_code: str,
        township_region_code: str,
        category: str,
        content: str,
        content_sealed: str | None,
        voter: SealedContact,
        opinion_recorded_at: datetime,
        answer_due: date,
        due_is_provisional: bool,
        ctx: CommandContext,
    ) -> Referral:
        """Open a referral for an opinion a station referred (at the station's place, so it rolls up there)."""
        referral = cls(referral_id)
        referral._record(
            ReferralOpenedV2(
                opinion_id=opinion_id,
                station_id=station_id,
                township_region_code=township_region_code,
                category=category,
                content=content,
                content_sealed=content_sealed,
                voter=voter,
                opinion_recorded_at=opinion_recorded_at,
                answer_due=answer_due,
                due_is_provisional=due_is_provisional,
            ),
            ctx=ctx,
            region_code=station_region_code,
        )
        return referral

    @applies(ReferralOpenedV2)
    def _opened(self, event: ReferralOpenedV2) -> None:
        self.opinion_id = event.opinion_id
        self.station_id = event.station_id
        self.township_region_code = event.township_region_code

    def _ids(self) -> tuple[UUID, UUID]:
        assert self.opinion_id is not None and self.station_id is not None
        return self.opinion_id, self.station_id

    def _require_unanswered(self) -> None:
        if self.status is ReferralStatus.CLOSED:
            raise ReferralClosedError(field="referral_id")
        if self.answered:
            raise ReferralAlreadyAnsweredError(field="referral_id")

    @property
    def awaits_answer(self) -> bool:
        """Whether the voter is still owed an answer: neither answered nor closed."""
        return not self.answered and self.status is not ReferralStatus.CLOSED

    def route(
        self,
        *,
        route: ReferralRoute,
        routed_to: str,
        deputy_id: UUID | None,
        note: str,
        ctx: CommandContext,
        deputy: RouteDeputy | None = None,
    ) -> None:
        """Send it to a township department, the county, the city, or a deputy to take up as a suggestion.

        The city and suggestion routes go through the named deputy: `deputy` is that deputy on the
        township's roster (None when not on it), checked against the referral's own township.
        """
        if deputy_id is not None:
            assert self.township_region_code is not None
            check_route_deputy(route=route, deputy=deputy, township_region_code=self.township_region_code)
        self._require_unanswered()
        if self.status is ReferralStatus.MERGED:
            raise ReferralMergedError(field="referral_id")
        if route in ROUTES_THROUGH_A_DEPUTY and deputy_id is None:
            raise RouteNeedsDeputyError(field="deputy_id")
        opinion_id, station_id = self._ids()
        self._record(
            ReferralRouted(
                opinion_id=opinion_id,
                station_id=station_id,
                route=route,
                routed_to=routed_to,
                deputy_id=deputy_id,
                note=note,
            ),
            ctx=ctx,
        )

    @applies(ReferralRouted)
    def _routed(self, event: ReferralRouted) -> None:
        self.status = ReferralStatus.ROUTED

    def require_open_to_merges(self) -> None:
        """Refuse to take in a duplicate unless this referral is itself neither merged nor finished."""
        if self.status in (ReferralStatus.MERGED, ReferralStatus.CLOSED) or self.answered:
            raise MergeTargetUnavailableError(field="into")

    def merge_into(self, *, other: UUID, ctx: CommandContext) -> None:
        """Handle it with a duplicate (并案); its voter is still answered."""
        self._require_unanswered()
        if self.status is ReferralStatus.MERGED:
            raise ReferralMergedError(field="referral_id")
        if other == self.id:
            raise MergeIntoItselfError(field="merged_into")
        opinion_id, station_id = self._ids()
        self._record(ReferralMerged(opinion_id=opinion_id, station_id=station_id, merged_into=other), ctx=ctx)

    @applies(ReferralMerged)
    def _merged(self, event: ReferralMerged) -> None:
        self.status = ReferralStatus.MERGED

    def answer(self, *, answer: str, answered_by: str, ctx: CommandContext) -> None:
        """Answer the voter; the answer goes back to the station's ledger."""
        self._require_unanswered()
        opinion_id, station_id = self._ids()
        self._record(
            ReferralAnswered(opinion_id=opinion_id, station_id=station_id, answer=answer, answered_by=answered_by),
            ctx=ctx,
        )

    def answer_from_suggestion(self, *, result: ReplyResult, reply: str, unit_name: str, ctx: CommandContext) -> None:
        """Answer the voter with the unit's reply to the suggestion a deputy made of it (route (d))."""
        answer = f"代表建议已答复（{REPLY_RESULT_LABELS[result]}）：{reply}"
        self.answer(answer=answer[:ANSWER_MAX_LENGTH], answered_by=unit_name, ctx=ctx)

    @applies(ReferralAnswered)
    def _answered(self, event: ReferralAnswered) -> None:
        self.answered = True
        self.status = ReferralStatus.ANSWERED

    def close(self, *, outcome: ReferralOutcome, reason: str, ctx: CommandContext) -> None:
        """Close it as solved (after an answer), or leave it in coordination with the reason.

        In coordination is not the end: the voter is still owed an answer within the month, and the
        referral can be answered and then closed as solved.
        """
        if self.status is ReferralStatus.CLOSED:
            raise ReferralClosedError(field="referral_id")
        if outcome is ReferralOutcome.SOLVED and not self.answered:
            raise SolvedWithoutAnswerError(field="outcome")
        if outcome is ReferralOutcome.IN_COORDINATION and not reason.strip():
            raise CoordinationNeedsReasonError(field="reason")
        opinion_id, station_id = self._ids()
        self._record(
            ReferralClosed(opinion_id=opinion_id, station_id=station_id, outcome=outcome, reason=reason), ctx=ctx
        )

    @applies(ReferralClosed)
    def _closed(self, event: ReferralClosed) -> None:
        if event.outcome is ReferralOutcome.SOLVED:
            self.status = ReferralStatus.CLOSED
        elif not self.answered:
            self.status = ReferralStatus.IN_COORDINATION
