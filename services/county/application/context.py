"""What every county command runs with: the store and read models, who acts, and the caller's checks.

Routes build one per request and the referral intake one per event, both through `county_context`,
so a use case sees the same context whoever called it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from sqlalchemy import Engine

from shared.aggregate import Aggregate
from shared.application import Commands
from shared.calendar import WorkingDayCalendar
from shared.readmodel.holidays import working_day_calendar
from shared.runtime import ServiceRuntime

Guard = Callable[[Aggregate], None]
"""The caller's check against a case (or a deputy it names) as the command reads it, before it acts."""


@dataclass(frozen=True, kw_only=True)
class CountyContext:
    """One caller's run of county commands: where they are stored and read, and who is recorded as acting."""

    commands: Commands
    engine: Engine
    scope_region_code: str
    """The part of the country this deployment serves."""
    actor: str
    """The account (or system process) recorded on every event."""
    region_code: str = ""
    """The caller's own region: where what they create belongs when the command does not say."""
    guard: Guard | None = None
    occurred_at: datetime | None = None
    causation_id: UUID | None = None
    scope: UUID | None = None
    """Where a new case's id derives from its command id, for a caller whose ids could collide with others'."""

    def check(self, case: Aggregate) -> None:
        """Run the caller's check against a case as read."""
        if self.guard is not None:
            self.guard(case)

    def calendar(self) -> WorkingDayCalendar:
        """The working-day calendar as of the holiday schedules loaded so far."""
        return working_day_calendar(self.engine)

    def caused_by(self, *, event_id: UUID, occurred_at: datetime) -> CountyContext:
        """The same caller, acting on an event from another tier: its business time, and the event as the cause."""
        return replace(self, occurred_at=occurred_at, causation_id=event_id)


def county_context(
    runtime: ServiceRuntime,
    *,
    actor: str,
    region_code: str = "",
    guard: Guard | None = None,
    scope: UUID | None = None,
) -> CountyContext:
    """The context of one caller's county commands on this runtime."""
    return CountyContext(
        commands=runtime.commands,
        engine=runtime.engine,
        scope_region_code=runtime.settings.platform.scope_region_code,
        actor=actor,
        region_code=region_code,
        guard=guard,
        scope=scope,
    )
