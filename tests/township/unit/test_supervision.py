"""A supervision visit is recorded at the station's place, so it rolls up with the station."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.township.domain.supervision import Supervision
from shared.events.catalog.township import StationSupervised
from tests.support.context import context


def test_a_supervision_visit_is_recorded_at_the_station() -> None:
    supervision = Supervision.record(
        supervision_id=UUID(int=1),
        station_id=UUID(int=7),
        station_region_code="410327100201",
        visited_on=date(2026, 11, 20),
        findings="台账齐全，九有达标。",
        ctx=context(actor="township_cg"),
    )
    [event] = supervision.collect_events()

    assert event.payload == StationSupervised(
        station_id=UUID(int=7), visited_on=date(2026, 11, 20), findings="台账齐全，九有达标。"
    )
    assert event.region_code == "410327100201"
    assert supervision.station_id == UUID(int=7)
