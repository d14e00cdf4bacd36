"""`TownshipReads` over the township's read models."""

from __future__ import annotations

from uuid import UUID

from services.township.domain.route_deputy import RouteDeputy
from services.township.projections.roster import route_deputy
from shared.runtime import ServiceRuntime


class SqlTownshipReads:
    """Deputies from the roster the township keeps of the county's deputies.

    It asks the runtime for its engine on each lookup, not when built: the intakes are built while the
    runtime assembles its projections, before the engine (which creates their tables) exists.
    """

    def __init__(self, runtime: ServiceRuntime) -> None:
        self._runtime = runtime

    def route_deputy(self, deputy_id: UUID) -> RouteDeputy | None:
        return route_deputy(self._runtime.engine, deputy_id=deputy_id)
