"""`TownshipReads` over the township's read models."""

from __future__ import annotations

from uuid import UUID

from shared.figures.station_work_queries import deputy_level
from shared.runtime import ServiceRuntime


class SqlTownshipReads:
    """Deputies' levels from the roster the township keeps of the county's deputies.

    It asks the runtime for its engine on each lookup, not when built: the intakes are built while the
    runtime assembles its projections, before the engine (which creates their tables) exists.
    """

    def __init__(self, runtime: ServiceRuntime) -> None:
        self._runtime = runtime

    def deputy_level(self, deputy_id: UUID) -> str | None:
        return deputy_level(self._runtime.engine, deputy_id=deputy_id)
