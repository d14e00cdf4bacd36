"""Reception (接待日、代表活动日、选民见面会、视察、调研): an activity at a station, and who came."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ConflictError, ForbiddenError
from shared.events.catalog.station import (
    ActivityKind,
    DeputyCheckedIn,
    DeputyLeaveRequested,
    ReceptionHeld,
    ReceptionScheduled,
)


class DeputyNotAttachedToStationError(ForbiddenError):
    """Raised when a deputy who is not attached to the station checks in or asks for leave there."""

    code = "DEPUTY_NOT_ATTACHED"
    message = "该代表未编入本联络站，不能在此签到或请假"


class AlreadyCheckedInError(ConflictError):
    """Raised when a deputy checks in twice, or asks for leave after checking in."""

    code = "ALREADY_CHECKED_IN"
    message = "该代表已签到"


class AlreadyOnLeaveError(ConflictError):
    """Raised when a deputy on leave checks in or asks for leave again."""

    code = "ALREADY_ON_LEAVE"
    message = "该代表已请假"


class ReceptionAlreadyHeldError(ConflictError):
    """Raised when an activity is recorded as held a second time."""

    code = "RECEPTION_ALREADY_HELD"
    message = "该活动已记录为已举行"


class Reception(Aggregate):
    """One activity at one station."""

    aggregate_type = "Reception"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.station_id: UUID | None = None
        self.held = False
        self.checked_in: set[UUID] = set()
        self.on_leave: set[UUID] = set()

    @classmethod
    def schedule(
        cls,
        *,
        reception_id: UUID,
        station_id: UUID,
        station_region_code: str,
        kind: ActivityKind,
        scheduled_on: date,
        from_schedule: bool,
        title: str,
        ctx: CommandContext,
    ) -> Reception:
        """Schedule an activity at a station (from its fixed days, or ad hoc)."""
        reception = cls(reception_id)
        reception._record(
            ReceptionScheduled(
                station_id=station_id, kind=kind, scheduled_on=scheduled_on, from_schedule=from_schedule, title=title
            ),
            ctx=ctx,
            region_code=station_region_code,
        )
        return reception

    @applies(ReceptionScheduled)
    def _scheduled(self, event: ReceptionScheduled) -> None:
        self.station_id = event.station_id

    def hold(self, *, held_on: date, voters_received: int, topics: list[str], notes: str, ctx: CommandContext) -> None:
        """Record that the activity was held, with the voters received and what was discussed."""
        if self.held:
            raise ReceptionAlreadyHeldError(field="reception_id")
        assert self.station_id is not None
        self._record(
            ReceptionHeld(
                station_id=self.station_id, held_on=held_on, voters_received=voters_received, topics=topics, notes=notes
            ),
            ctx=ctx,
        )

    @applies(ReceptionHeld)
    def _held(self, event: ReceptionHeld) -> None:
        self.held = True

    def _require_attached(self, deputy_id: UUID, attached: Collection[UUID]) -> None:
        if deputy_id not in attached:
            raise DeputyNotAttachedToStationError(field="deputy_id")

    def check_in(self, *, deputy_id: UUID, attached: Collection[UUID], ctx: CommandContext) -> None:
        """A deputy attached to the station checks in."""
        self._require_attached(deputy_id, attached)
        if deputy_id in self.checked_in:
            raise AlreadyCheckedInError(field="deputy_id")
        if deputy_id in self.on_leave:
            raise AlreadyOnLeaveError(field="deputy_id")
        assert self.station_id is not None
        self._record(DeputyCheckedIn(station_id=self.station_id, deputy_id=deputy_id), ctx=ctx)

    @applies(DeputyCheckedIn)
    def _checked_in(self, event: DeputyCheckedIn) -> None:
        self.checked_in.add(event.deputy_id)

    def request_leave(self, *, deputy_id: UUID, reason: str, attached: Collection[UUID], ctx: CommandContext) -> None:
        """A deputy attached to the station asks for leave from the activity (请假制度)."""
        self._require_attached(deputy_id, attached)
        if deputy_id in self.checked_in:
            raise AlreadyCheckedInError(field="deputy_id")
        if deputy_id in self.on_leave:
            raise AlreadyOnLeaveError(field="deputy_id")
        assert self.station_id is not None
        self._record(DeputyLeaveRequested(station_id=self.station_id, deputy_id=deputy_id, reason=reason), ctx=ctx)

    @applies(DeputyLeaveRequested)
    def _leave_requested(self, event: DeputyLeaveRequested) -> None:
        self.on_leave.add(event.deputy_id)
