"""A duty activity (履职活动) deputies took part in, recorded once by the body that organised it.

Sessions, standing-committee meetings attended (列席), inspections, training, group activities and
reports to voters have no other home in the platform; every participant's ledger reads this one record.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ValidationFailedError
from shared.events.catalog.duty import DutyActivityKind, DutyActivityRecorded


class AttendanceOverlapError(ValidationFailedError):
    """Raised when the same deputy is listed as attending and as excused."""

    code = "ATTENDANCE_OVERLAP"
    message = "同一代表不能既出席又请假"


class DutyActivity(Aggregate):
    """One activity and who attended it."""

    aggregate_type = "DutyActivity"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.kind: DutyActivityKind | None = None
        self.attended: tuple[UUID, ...] = ()

    @classmethod
    def record(
        cls,
        *,
        activity_id: UUID,
        kind: DutyActivityKind,
        title: str,
        held_on: date,
        organiser: str,
        attended: tuple[UUID, ...],
        excused: tuple[UUID, ...],
        region_code: str,
        ctx: CommandContext,
    ) -> DutyActivity:
        """Record an activity held in the region of the body that organised it."""
        both = set(attended) & set(excused)
        if both:
            raise AttendanceOverlapError(field="excused")
        activity = cls(activity_id)
        activity._record(
            DutyActivityRecorded(
                kind=kind,
                title=title,
                held_on=held_on,
                organiser=organiser,
                attended=list(dict.fromkeys(attended)),
                excused=list(dict.fromkeys(excused)),
            ),
            ctx=ctx,
            region_code=region_code,
        )
        return activity

    @applies(DutyActivityRecorded)
    def _recorded(self, event: DutyActivityRecorded) -> None:
        self.kind = event.kind
        self.attended = tuple(event.attended)
