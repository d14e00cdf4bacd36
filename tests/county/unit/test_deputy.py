"""Deputy rules: election, attachment to stations, and the events they record."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from services.county.domain.deputy import (
    Deputy,
    DeputyAlreadyAttachedError,
    DeputyNotAttachedError,
    ResidenceOutsideCongressError,
)
from shared.events.catalog.county import DeputyAttachedToStation, DeputyElected, DeputyLevel, ElectionKind
from tests.support.context import NOW, context
from tests.support.deputies import profile

DEPUTY = UUID(int=1001)
STATION = UUID(int=2001)


def _elect(
    *, level: DeputyLevel = DeputyLevel.COUNTY, congress: str = "410327000000", resident: str = "410327100201"
) -> Deputy:
    return Deputy.elect(
        deputy_id=DEPUTY,
        profile=profile(
            level=level,
            election=ElectionKind.BY_ELECTION,
            congress_region_code=congress,
            resident_region_code=resident,
            constituency="城关镇第三选区",
            holds_leading_office=True,
            occupation="村党支部书记",
            elected_on=date(2024, 3, 1),
        ),
        ctx=context(),
    )


def test_an_election_records_deputy_elected_at_the_place_of_residence() -> None:
    deputy = _elect()
    [event] = deputy.collect_events()

    assert isinstance(event.payload, DeputyElected)
    assert event.payload.election is ElectionKind.BY_ELECTION
    assert event.region_code == "410327100201"
    assert (event.aggregate_id, event.aggregate_version, event.actor) == (DEPUTY, 1, "county_admin")
    assert event.recorded_at == NOW


def test_business_time_is_kept_apart_from_recording_time() -> None:
    happened = datetime(2026, 11, 19, 8, 0, tzinfo=UTC)
    deputy = _elect()
    deputy.collect_events()
    deputy.attach_to_station(station_id=STATION, station_region_code="410327100201", ctx=context(occurred_at=happened))
    [event] = deputy.collect_events()

    assert (event.occurred_at, event.recorded_at) == (happened, NOW)


def test_a_township_deputy_must_reside_in_the_township_that_elected_them() -> None:
    with pytest.raises(ResidenceOutsideCongressError) as refused:
        _elect(level=DeputyLevel.TOWNSHIP, congress="410327101000", resident="410327100201")
    assert refused.value.field == "resident_region_code"


def test_a_county_deputy_may_reside_in_another_county() -> None:
    deputy = _elect(level=DeputyLevel.CITY, congress="410300000000", resident="410328001201")
    assert deputy.version == 1


def test_attaching_twice_to_the_same_station_is_refused() -> None:
    deputy = _elect()
    deputy.attach_to_station(station_id=STATION, station_region_code="410327100201", ctx=context())

    with pytest.raises(DeputyAlreadyAttachedError):
        deputy.attach_to_station(station_id=STATION, station_region_code="410327100201", ctx=context())
    assert [type(e.payload) for e in deputy.collect_events()] == [DeputyElected, DeputyAttachedToStation]


def test_detaching_from_a_station_one_is_not_in_is_refused() -> None:
    with pytest.raises(DeputyNotAttachedError):
        _elect().detach_from_station(station_id=STATION, ctx=context())


def test_replaying_the_history_gives_the_same_state() -> None:
    deputy = _elect()
    deputy.attach_to_station(station_id=STATION, station_region_code="410327100201", ctx=context())
    history = deputy.collect_events()

    replayed = Deputy.rehydrate(aggregate_id=DEPUTY, events=history)

    assert (replayed.version, replayed.name, replayed.stations) == (deputy.version, deputy.name, deputy.stations)
