"""Supervision (督导): a township's visit to one of its stations, and what it found."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.events.catalog.township import StationSupervised


class Supervision(Aggregate):
    """One supervision visit to a station."""

    aggregate_type = "Supervision"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.station_id: UUID | None = None

    @classmethod
    def record(
        cls,
        *,
        supervision_id: UUID,
        station_id: UUID,
        station_region_code: str,
        visited_on: date,
        findings: str,
        ctx: CommandContext,
    ) -> Supervision:
        """Record a supervision visit at the station's place."""
        supervision = cls(supervision_id)
        supervision._record(
            StationSupervised(station_id=station_id, visited_on=visited_on, findings=findings),
            ctx=ctx,
            region_code=station_region_code,
        )
        return supervision

    @applies(StationSupervised)
    def _supervised(self, event: StationSupervised) -> None:
        self.station_id = event.station_id
