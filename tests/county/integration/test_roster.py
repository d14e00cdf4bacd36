"""The county's roster read model and its query: groups, specialty, who left office, and the filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from services.county.domain.deputy import Deputy
from services.county.projections.queries import list_deputies
from services.county.projections.roster import METADATA, ROSTER, DeputyStatus
from shared.events.catalog.county import DeputyGroupKind, DeputyLevel, LeavingReason
from shared.readmodel.database import make_engine
from tests.support.context import context
from tests.support.deputies import profile
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

EAST_GATE = UUID(int=2001)
WEST_GATE = UUID(int=2002)


@pytest.fixture
def engine(postgres: Postgres) -> Iterator[Engine]:
    made = make_engine(postgres.create_database())
    METADATA.create_all(made)
    yield made
    made.dispose()


def _project(engine: Engine, *deputies: Deputy) -> None:
    with Session(engine) as session, session.begin():
        for deputy in deputies:
            for event in deputy.collect_events():
                handler = ROSTER.handler_for(event.event_type)
                assert handler is not None, event.event_type
                handler(session, event)


def _deputy(number: int, name: str, *, level: DeputyLevel = DeputyLevel.COUNTY, station: UUID = EAST_GATE) -> Deputy:
    deputy = Deputy.elect(
        deputy_id=UUID(int=number), profile=profile(name=name, level=level, specialty="财会"), ctx=context()
    )
    deputy.attach_to_station(station_id=station, station_region_code="410327100201", ctx=context())
    return deputy


def _roster(engine: Engine) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in list_deputies(engine, within="410327", limit=100, offset=0)}


def test_the_roster_shows_a_deputys_groups_specialty_and_that_they_serve(engine: Engine) -> None:
    deputy = _deputy(1, "王建国")
    deputy.join_group(group_name="城关镇代表小组", kind=DeputyGroupKind.DEPUTY_GROUP, ctx=context())
    deputy.join_group(group_name="财经专业小组", kind=DeputyGroupKind.SPECIALTY_GROUP, ctx=context())
    deputy.leave_group(group_name="财经专业小组", ctx=context())
    _project(engine, deputy)

    row = _roster(engine)["王建国"]

    assert row["groups"] == [{"name": "城关镇代表小组", "kind": "deputy_group"}]
    assert (row["specialty"], row["status"], row["left_reason"], row["version"]) == ("财会", "serving", None, 5)
    assert row["station_ids"] == [EAST_GATE]


def test_a_deputy_who_left_office_is_shown_as_left_in_no_station_and_no_group(engine: Engine) -> None:
    deputy = _deputy(1, "王建国")
    deputy.join_group(group_name="城关镇代表小组", kind=DeputyGroupKind.DEPUTY_GROUP, ctx=context())
    deputy.leave_office(reason=LeavingReason.RECALLED, left_on=date(2025, 6, 30), note="选民联名罢免", ctx=context())
    _project(engine, deputy)

    row = _roster(engine)["王建国"]

    assert (row["status"], row["left_reason"], row["left_on"], row["left_note"]) == (
        "left",
        "recalled",
        date(2025, 6, 30),
        "选民联名罢免",
    )
    assert (row["station_ids"], row["groups"]) == ([], [])


FILTERS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "level": ({"level": DeputyLevel.CITY}, ["赵市代"]),
    "group": ({"group": "城关镇代表小组"}, ["王建国"]),
    "station": ({"station_id": WEST_GATE}, ["李秀英"]),
    "serving": ({"status": DeputyStatus.SERVING}, ["李秀英", "王建国", "赵市代"]),
    "left": ({"status": DeputyStatus.LEFT}, ["孙离任"]),
    "group-and-status": ({"group": "城关镇代表小组", "status": DeputyStatus.LEFT}, []),
}


@pytest.mark.parametrize(("filters", "names"), FILTERS.values(), ids=FILTERS.keys())
def test_the_roster_is_filtered_by_level_group_station_and_status(
    engine: Engine, filters: dict[str, Any], names: list[str]
) -> None:
    wang = _deputy(1, "王建国")
    wang.join_group(group_name="城关镇代表小组", kind=DeputyGroupKind.DEPUTY_GROUP, ctx=context())
    left = _deputy(4, "孙离任")
    left.join_group(group_name="城关镇代表小组", kind=DeputyGroupKind.DEPUTY_GROUP, ctx=context())
    left.leave_office(reason=LeavingReason.TERM_ENDED, left_on=date(2026, 1, 1), note="", ctx=context())
    _project(engine, wang, _deputy(2, "李秀英", station=WEST_GATE), _deputy(3, "赵市代", level=DeputyLevel.CITY), left)

    rows = list_deputies(engine, within="410327", limit=100, offset=0, **filters)

    assert sorted(row["name"] for row in rows) == sorted(names)
