"""Station (代表联络站): a place where deputies meet voters, serving a cluster of villages."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from shared.aggregate import Aggregate, CommandContext, applies
from shared.calendar.activity_days import ActivitySchedule
from shared.errors import ConflictError, ValidationFailedError
from shared.events.catalog.station import (
    StaffRole,
    StandardItem,
    StationClosed,
    StationKind,
    StationRenamed,
    StationScheduleSet,
    StationSetUp,
    StationStaffAssigned,
    StationStandardChecked,
)
from shared.events.region import RegionLevel, is_within, level_of, parent_of


class StationOutsideTownshipError(ValidationFailedError):
    """Raised when a station's place, or a village it serves, is not inside its township."""

    code = "STATION_OUTSIDE_TOWNSHIP"
    message = "联络站及其服务的村（社区）必须在所属乡镇（街道）范围内"


class StationClosedError(ConflictError):
    """Raised when anything but reading is asked of a closed station."""

    code = "STATION_CLOSED"
    message = "联络站已撤销"


class StationNameUnchangedError(ConflictError):
    """Raised when a station is renamed to the name it already has."""

    code = "STATION_NAME_UNCHANGED"
    message = "新名称与原名称相同"


class Station(Aggregate):
    """A deputy liaison station."""

    aggregate_type = "Station"

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.name = ""
        self.township_region_code = ""
        self.schedule: ActivitySchedule | None = None
        self.closed = False

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

    def require_open(self) -> None:
        """Refuse work at a closed station."""
        if self.closed:
            raise StationClosedError(field="station_id")

    def assign_staff(self, *, role: StaffRole, person_name: str, deputy_id: UUID | None, ctx: CommandContext) -> None:
        """Make someone 站长, 副站长 or 联络员."""
        self.require_open()
        self._record(StationStaffAssigned(role=role, person_name=person_name, deputy_id=deputy_id), ctx=ctx)

    @applies(StationStaffAssigned)
    def _staff_assigned(self, event: StationStaffAssigned) -> None:
        pass

    def set_schedule(self, *, schedule: ActivitySchedule, ctx: CommandContext) -> None:
        """Fix the station's activity days."""
        self.require_open()
        self._record(
            StationScheduleSet(
                kind=schedule.kind, days_of_month=sorted(schedule.days_of_month), weekday=schedule.weekday
            ),
            ctx=ctx,
        )

    @applies(StationScheduleSet)
    def _schedule_set(self, event: StationScheduleSet) -> None:
        self.schedule = ActivitySchedule(
            kind=event.kind, days_of_month=tuple(event.days_of_month), weekday=event.weekday
        )

    def check_standard(self, *, checked_on: date, items_met: list[StandardItem], ctx: CommandContext) -> None:
        """Record a 九有 check: the items the station meets."""
        self.require_open()
        self._record(StationStandardChecked(checked_on=checked_on, items_met=sorted(set(items_met))), ctx=ctx)

    @applies(StationStandardChecked)
    def _standard_checked(self, event: StationStandardChecked) -> None:
        pass

    def rename(self, *, name: str, ctx: CommandContext) -> None:
        """Rename the station."""
        self.require_open()
        if name == self.name:
            raise StationNameUnchangedError(field="name")
        self._record(StationRenamed(name=name), ctx=ctx)

    @applies(StationRenamed)
    def _renamed(self, event: StationRenamed) -> None:
        self.name = event.name

    def close(self, *, reason: str, ctx: CommandContext) -> None:
        """Close the station; it takes no more activities or opinions."""
        self.require_open()
        self._record(StationClosed(reason=reason), ctx=ctx)

    @applies(StationClosed)
    def _closed(self, event: StationClosed) -> None:
        self.closed = True
