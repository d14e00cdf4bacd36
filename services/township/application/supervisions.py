"""Use cases on station supervision."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.township.domain.supervision import Supervision
from shared.aggregate import Recorded
from shared.application import Commands


def record_supervision(
    commands: Commands,
    *,
    actor: str,
    station_id: UUID,
    station_region_code: str,
    visited_on: date,
    findings: str,
) -> Recorded:
    """Record a supervision visit to a station."""
    return commands.create(
        lambda supervision_id, ctx: Supervision.record(
            supervision_id=supervision_id,
            station_id=station_id,
            station_region_code=station_region_code,
            visited_on=visited_on,
            findings=findings,
            ctx=ctx,
        ),
        actor=actor,
    )
