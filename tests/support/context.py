"""A command context with a fixed clock and predictable ids, for domain unit tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from uuid import UUID

from shared.aggregate import CommandContext

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def context(*, actor: str = "county_admin", occurred_at: datetime | None = None) -> CommandContext:
    counter = itertools.count(1)
    return CommandContext(
        actor=actor,
        recorded_at=NOW,
        occurred_at=occurred_at,
        event_ids=(UUID(int=next(counter)) for _ in itertools.count()),
        correlation_id=UUID(int=999),
    )
