"""Opinion (群众意见): raised by a voter at a station; solved on the spot, or referred to the township.

Rule: "当天能够解决的当天解决、不能解决的留下联系方式，一个月内予以答复" — the answer clock runs one month
from recording.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.calendar import Deadline, WorkingDayCalendar, china_date
from shared.errors import ConflictError
from shared.events.catalog.station import (
    FeedbackMethod,
    OpinionChannel,
    OpinionFeedbackGiven,
    OpinionRecordedV2,
    OpinionReferredV2,
    OpinionSolvedOnSpot,
    SealedContact,
)


class OpinionStatus(str, Enum):
    RECORDED = "recorded"
    SOLVED_ON_SPOT = "solved_on_spot"
    REFERRED = "referred"


class NoAnswerYetError(ConflictError):
    """Raised when feedback is given to a voter before the township's answer has arrived."""

    code = "NO_ANSWER_YET"
    message = "乡镇尚未答复，暂不能反馈群众"


class FeedbackAlreadyGivenError(ConflictError):
    """Raised when feedback on an opinion is given twice."""

    code = "FEEDBACK_ALREADY_GIVEN"
    message = "已向群众反馈"


class NotSolvedTheSameDayError(ConflictError):
    """Raised when an opinion is marked solved on the spot on a later day than it was recorded."""

    code = "NOT_SOLVED_THE_SAME_DAY"
    message = "“当场解决”须在登记当天；未能当天解决的请转交乡镇，一个月内答复"


class OpinionAlreadyHandledError(ConflictError):
    """Raised when an opinion already solved or referred is solved or referred again."""

    code = "OPINION_ALREADY_HANDLED"
    message = "该意见已办结或已转交"


def answer_due(*, recorded_at: datetime, calendar: WorkingDayCalendar) -> Deadline:
    """One month from the day it was recorded (Beijing date), moved off holidays."""
    return calendar.add_months(start=china_date(recorded_at), months=1)


class Opinion(Aggregate):
    """One voter's opinion raised at a station."""

    aggregate_type = "Opinion"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.station_id: UUID | None = None
        self.status = OpinionStatus.RECORDED
        self.category = ""
        self.content = ""
        self.content_sealed: str | None = None
        self.voter: SealedContact | None = None
        self.feedback_given = False

    @classmethod
    def record(
        cls,
        *,
        opinion_id: UUID,
        station_id: UUID,
        station_region_code: str,
        reception_id: UUID | None,
        deputy_id: UUID | None,
        channel: OpinionChannel,
        category: str,
        content: str,
        content_sealed: str | None,
        place: str,
        voter: SealedContact,
        ctx: CommandContext,
    ) -> Opinion:
        """Record a voter's opinion with a way to reach the voter: `content` masked, `content_sealed` as written."""
        opinion = cls(opinion_id)
        opinion._record(
            OpinionRecordedV2(
                station_id=station_id,
                reception_id=reception_id,
                deputy_id=deputy_id,
                channel=channel,
                category=category,
                content=content,
                content_sealed=content_sealed,
                place=place,
                voter=voter,
            ),
            ctx=ctx,
            region_code=station_region_code,
        )
        return opinion

    @applies(OpinionRecordedV2)
    def _recorded(self, event: OpinionRecordedV2) -> None:
        self.station_id = event.station_id
        self.category = event.category
        self.content = event.content
        self.content_sealed = event.content_sealed
        self.voter = event.voter

    def _require_open(self) -> None:
        if self.status is not OpinionStatus.RECORDED:
            raise OpinionAlreadyHandledError(field="opinion_id")

    def solve_on_spot(self, *, resolution: str, ctx: CommandContext) -> None:
        """Solved the same day at the station ("当天能够解决的当天解决")."""
        self._require_open()
        assert self.created_at is not None
        if china_date(ctx.happened_at) != china_date(self.created_at):
            raise NotSolvedTheSameDayError(field="opinion_id")
        assert self.station_id is not None
        self._record(OpinionSolvedOnSpot(station_id=self.station_id, resolution=resolution), ctx=ctx)

    @applies(OpinionSolvedOnSpot)
    def _solved(self, event: OpinionSolvedOnSpot) -> None:
        self.status = OpinionStatus.SOLVED_ON_SPOT

    def refer(self, *, township_region_code: str, calendar: WorkingDayCalendar, ctx: CommandContext) -> None:
        """Refer to the township, to be answered within one month of recording."""
        self._require_open()
        assert self.station_id is not None and self.voter is not None and self.created_at is not None
        due = answer_due(recorded_at=self.created_at, calendar=calendar)
        self._record(
            OpinionReferredV2(
                station_id=self.station_id,
                township_region_code=township_region_code,
                recorded_at=self.created_at,
                answer_due=due.due,
                due_is_provisional=due.provisional,
                category=self.category,
                content=self.content,
                content_sealed=self.content_sealed,
                voter=self.voter,
            ),
            ctx=ctx,
        )

    @applies(OpinionReferredV2)
    def _referred(self, event: OpinionReferredV2) -> None:
        self.status = OpinionStatus.REFERRED

    def give_feedback(self, *, method: FeedbackMethod, note: str, answered: bool, ctx: CommandContext) -> None:
        """Tell the voter the township's answer; `answered` says whether that answer has arrived."""
        if self.status is not OpinionStatus.REFERRED or not answered:
            raise NoAnswerYetError(field="opinion_id")
        if self.feedback_given:
            raise FeedbackAlreadyGivenError(field="opinion_id")
        assert self.station_id is not None
        self._record(OpinionFeedbackGiven(station_id=self.station_id, method=method, note=note), ctx=ctx)

    @applies(OpinionFeedbackGiven)
    def _feedback_given(self, event: OpinionFeedbackGiven) -> None:
        self.feedback_given = True
