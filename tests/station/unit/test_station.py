"""Station set-up rules: a village-level place inside its township, serving villages of that township."""

from __future__ import annotations

from uuid import UUID

import pytest

from services.station.domain.station import Station, StationOutsideTownshipError
from shared.events.catalog.station import StationKind, StationSetUp
from tests.support.context import context


def _set_up(*, region: str = "410327100201", villages: list[str] | None = None) -> Station:
    return Station.set_up(
        station_id=UUID(int=7),
        name="东门社区人大代表联络站",
        kind=StationKind.COMMUNITY_ROOM,
        host_place="东门社区党群服务中心",
        region_code=region,
        villages_served=villages if villages is not None else ["410327100201", "410327100202"],
        ctx=context(actor="township_cg"),
    )


def test_setting_up_a_station_records_its_township() -> None:
    [event] = _set_up().collect_events()
    assert isinstance(event.payload, StationSetUp)
    assert event.payload.township_region_code == "410327100000"
    assert event.region_code == "410327100201"


def test_a_station_must_sit_at_a_village_level_place() -> None:
    with pytest.raises(StationOutsideTownshipError) as refused:
        _set_up(region="410327100000")
    assert refused.value.field == "region_code"


def test_a_station_serves_only_villages_of_its_own_township() -> None:
    with pytest.raises(StationOutsideTownshipError) as refused:
        _set_up(villages=["410327100202", "410327101201"])
    assert refused.value.field == "villages_served.1"


def test_a_closed_station_takes_no_more_changes() -> None:
    from services.station.domain.station import StationClosedError

    station = _set_up()
    station.close(reason="与城关镇联络站合并", ctx=context())
    with pytest.raises(StationClosedError):
        station.rename(name="新名称联络站", ctx=context())


def test_renaming_to_the_same_name_is_refused() -> None:
    from services.station.domain.station import StationNameUnchangedError

    with pytest.raises(StationNameUnchangedError):
        _set_up().rename(name="东门社区人大代表联络站", ctx=context())
