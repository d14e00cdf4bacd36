"""Use cases on station supervision (督导)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.township.application.context import TownshipContext
from services.township.domain.supervision import Supervision
from shared.aggregate import Recorded

if TYPE_CHECKING:
    # The commands module maps its classes to these handlers, so here they are names for the types only.
    from services.township.application.commands import RecordSupervision


def record_supervision(command: RecordSupervision, ctx: TownshipContext) -> Recorded:
    """Record a supervision visit to a station; resent under the same command id, it returns the first result."""
    return ctx.commands.create(
        lambda supervision_id, command_ctx: Supervision.record(
            supervision_id=supervision_id,
            station_id=command.station_id,
            station_region_code=command.station_region_code,
            visited_on=command.visited_on,
            findings=command.findings,
            ctx=command_ctx,
        ),
        actor=ctx.actor,
        command_id=command.command_id,
        scope=command.station_id,
        kind="record_supervision",
    )
