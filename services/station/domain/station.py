"""Station (代表联络站): a place where deputies meet voters, serving a cluster of villages."""

from __future__ import annotations

from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.errors import ValidationFailedError
from shared.events.catalog.station import StationKind, StationSetUp
from shared.events.region import RegionLevel, is_within, level_of, parent_of


class StationOutsideTownshipError(ValidationFailedError):
    """Raised when a station's place, or a village it serves, is not inside its township."""

    code = "STATION_OUTSIDE_TOWNSHIP"
    message = "联络站及其服务的村（社区）必须在所属乡镇（街道）范围内"


class Station(Aggregate):
    """A deputy liaison station."""

    aggregate_type = "Station"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.name = ""
        self.township_region_code = ""

    @classmethod
    def set_up(
        cls,
        *,
        station_id: UUID,
        name: str,
        kind: StationKind,
        host_place: str,
        region_code: str,
        villages_served: list[str],
        ctx: CommandContext,
    ) -> Station:
        """Set up a station at a village-level place, inside its township."""
        if level_of(region_code) is not RegionLevel.VILLAGE:
            raise StationOutsideTownshipError("联络站的区划代码必须是村（社区）级的12位代码", field="region_code")
        township = parent_of(region_code)
        assert township is not None
        for index, village in enumerate(villages_served):
            if level_of(village) is not RegionLevel.VILLAGE or not is_within(village, township):
                raise StationOutsideTownshipError(field=f"villages_served.{index}")
        station = cls(station_id)
        station._record(
            StationSetUp(
                name=name,
                kind=kind,
                host_place=host_place,
                township_region_code=township,
                villages_served=villages_served,
            ),
            ctx=ctx,
            region_code=region_code,
        )
        return station

    @applies(StationSetUp)
    def _set_up(self, event: StationSetUp) -> None:
        self.name = event.name
        self.township_region_code = event.township_region_code
