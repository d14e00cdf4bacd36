"""A deputy's duty record for a year, as reviewed: each entry goes self → group → township → county.

The entries themselves are a projection of events from every tier; what is recorded here is only
the review of them, so a review is an event like any other and survives a rebuild of the ledger.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ConflictError
from shared.events.catalog.duty import DutyEntriesReviewed, ReviewStage, ReviewVerdict

STAGES: tuple[ReviewStage, ...] = (ReviewStage.SELF, ReviewStage.GROUP, ReviewStage.TOWNSHIP, ReviewStage.COUNTY)

STAGE_LABELS: dict[ReviewStage, str] = {
    ReviewStage.SELF: "代表本人确认",
    ReviewStage.GROUP: "代表小组审核",
    ReviewStage.TOWNSHIP: "乡镇人大审核",
    ReviewStage.COUNTY: "县人大常委会审定",
}


class ReviewOutOfOrderError(ConflictError):
    """Raised when an entry is reviewed at a stage before the stages ahead of it, or at one it has passed."""

    code = "REVIEW_OUT_OF_ORDER"
    message = "履职记录须依次经代表本人、代表小组、乡镇人大、县人大常委会审核"


def duty_record_id(deputy_id: UUID, year: int) -> UUID:
    """The one duty record of a deputy for a year."""
    return uuid5(deputy_id, f"duty-record:{year}")


class DutyRecord(Aggregate):
    """The review state of one deputy's entries for one year."""

    aggregate_type = "DutyRecord"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.reached: dict[UUID, ReviewStage] = {}
        self.verdicts: dict[UUID, ReviewVerdict] = {}

    @classmethod
    def start(cls, *, deputy_id: UUID, year: int) -> DutyRecord:
        """A record with nothing reviewed yet (its first review creates it in the store)."""
        return cls(duty_record_id(deputy_id, year))

    def review(
        self,
        *,
        deputy_id: UUID,
        year: int,
        stage: ReviewStage,
        verdict: ReviewVerdict,
        entry_ids: tuple[UUID, ...],
        note: str,
        region_code: str,
        ctx: CommandContext,
    ) -> None:
        """Review entries at the stage that comes next for every one of them; a disputed entry stops counting."""
        for entry_id in entry_ids:
            expected = self.next_stage(entry_id)
            if expected is not stage:
                waiting = STAGE_LABELS[expected] if expected else "已审定"
                raise ReviewOutOfOrderError(
                    f"该履职记录当前应为“{waiting}”，不能进行“{STAGE_LABELS[stage]}”", field="entry_ids"
                )
        self._record(
            DutyEntriesReviewed(
                deputy_id=deputy_id,
                year=year,
                stage=stage,
                verdict=verdict,
                entry_ids=list(dict.fromkeys(entry_ids)),
                note=note,
            ),
            ctx=ctx,
            region_code=region_code,
        )

    @applies(DutyEntriesReviewed)
    def _reviewed(self, event: DutyEntriesReviewed) -> None:
        for entry_id in event.entry_ids:
            self.reached[entry_id] = event.stage
            self.verdicts[entry_id] = event.verdict

    def next_stage(self, entry_id: UUID) -> ReviewStage | None:
        """The stage an entry waits for; None once the county has reviewed it."""
        reached = self.reached.get(entry_id)
        if reached is None:
            return STAGES[0]
        position = STAGES.index(reached) + 1
        return STAGES[position] if position < len(STAGES) else None
