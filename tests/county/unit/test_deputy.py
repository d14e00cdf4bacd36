"""Deputy rules: election, attachment to stations, groups, leaving office, and the events they record."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from services.county.domain.deputy import (
    Deputy,
    DeputyAlreadyAttachedError,
    DeputyAlreadyInGroupError,
    DeputyNotAttachedError,
    DeputyNotInGroupError,
    DeputyNotInOfficeError,
    LeftOfficeBeforeElectionError,
    ResidenceOutsideCongressError,
)
from services.county.domain.suggestion_rules import DateInFutureError
from shared.events import default_registry
from shared.events.catalog.county import (
    DeputyAttachedToStation,
    DeputyElectedV2,
    DeputyGroupKind,
    DeputyJoinedGroup,
    DeputyLeftGroup,
    DeputyLeftOffice,
    DeputyLevel,
    ElectionKind,
    LeavingReason,
)
from tests.support.context import NOW, context
from tests.support.deputies import profile

DEPUTY = UUID(int=1001)
STATION = UUID(int=2001)
TOWNSHIP_GROUP = "城关镇代表小组"
# As the county stored elections before specialties were recorded (DeputyElected v1).
ELECTED_V1 = {
    "event_id": "00000000-0000-0000-0000-000000001000",
    "event_type": "DeputyElected",
    "schema_version": 1,
    "aggregate_type": "Deputy",
    "aggregate_id": str(DEPUTY),
    "aggregate_version": 1,
    "region_code": "410327100201",
    "occurred_at": "2021-11-01T01:30:00Z",
    "recorded_at": "2021-11-01T01:30:05Z",
    "actor": "county_admin",
    "correlation_id": "00000000-0000-0000-0000-000000003000",
    "payload": {
        "name": "王建国",
        "level": "county",
        "term": 18,
        "congress_region_code": "410327000000",
        "resident_region_code": "410327100201",
        "occupation": "村党支部书记",
        "elected_on": "2021-11-01",
    },
}


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
            specialty="农业技术推广",
            elected_on=date(2024, 3, 1),
        ),
        ctx=context(),
    )


def test_an_election_records_deputy_elected_at_the_place_of_residence() -> None:
    deputy = _elect()
    [event] = deputy.collect_events()

    assert isinstance(event.payload, DeputyElectedV2)
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


def test_an_election_dated_after_today_is_refused() -> None:
    with pytest.raises(DateInFutureError) as refused:
        Deputy.elect(deputy_id=DEPUTY, profile=profile(elected_on=date(2999, 1, 1)), ctx=context())
    assert refused.value.field == "elected_on"


def test_an_election_dated_today_is_recorded() -> None:
    deputy = Deputy.elect(deputy_id=DEPUTY, profile=profile(elected_on=NOW.date()), ctx=context())
    assert deputy.version == 1


def test_a_county_deputy_may_reside_in_another_county() -> None:
    deputy = _elect(level=DeputyLevel.CITY, congress="410300000000", resident="410328001201")
    assert deputy.version == 1


def test_attaching_twice_to_the_same_station_is_refused() -> None:
    deputy = _elect()
    deputy.attach_to_station(station_id=STATION, station_region_code="410327100201", ctx=context())

    with pytest.raises(DeputyAlreadyAttachedError):
        deputy.attach_to_station(station_id=STATION, station_region_code="410327100201", ctx=context())
    assert [type(e.payload) for e in deputy.collect_events()] == [DeputyElectedV2, DeputyAttachedToStation]


def test_detaching_from_a_station_one_is_not_in_is_refused() -> None:
    with pytest.raises(DeputyNotAttachedError):
        _elect().detach_from_station(station_id=STATION, ctx=context())


def _serving() -> Deputy:
    """A deputy elected, attached to a station and in the township's deputy group, with nothing pending."""
    deputy = _elect()
    deputy.attach_to_station(station_id=STATION, station_region_code="410327100201", ctx=context())
    deputy.join_group(group_name=TOWNSHIP_GROUP, kind=DeputyGroupKind.DEPUTY_GROUP, ctx=context())
    deputy.collect_events()
    return deputy


def _left() -> Deputy:
    deputy = _serving()
    deputy.leave_office(reason=LeavingReason.RECALLED, left_on=date(2025, 6, 30), note="", ctx=context())
    deputy.collect_events()
    return deputy


def test_an_election_records_the_deputys_specialty() -> None:
    [event] = _elect().collect_events()

    assert event.payload.specialty == "农业技术推广"
    assert event.schema_version == 2


def test_joining_a_group_records_its_name_and_kind() -> None:
    deputy = _elect()
    deputy.collect_events()

    deputy.join_group(group_name="财经专业小组", kind=DeputyGroupKind.SPECIALTY_GROUP, ctx=context())

    [event] = deputy.collect_events()
    assert event.payload == DeputyJoinedGroup(group_name="财经专业小组", kind=DeputyGroupKind.SPECIALTY_GROUP)
    assert deputy.groups == {"财经专业小组": DeputyGroupKind.SPECIALTY_GROUP}


def test_a_deputy_may_be_in_a_deputy_group_and_a_specialty_group_at_once() -> None:
    deputy = _serving()

    deputy.join_group(group_name="财经专业小组", kind=DeputyGroupKind.SPECIALTY_GROUP, ctx=context())

    assert deputy.groups == {
        TOWNSHIP_GROUP: DeputyGroupKind.DEPUTY_GROUP,
        "财经专业小组": DeputyGroupKind.SPECIALTY_GROUP,
    }


def test_joining_a_group_one_is_already_in_is_refused() -> None:
    deputy = _serving()

    with pytest.raises(DeputyAlreadyInGroupError) as refused:
        deputy.join_group(group_name=TOWNSHIP_GROUP, kind=DeputyGroupKind.DEPUTY_GROUP, ctx=context())

    assert refused.value.field == "group_name"
    assert deputy.collect_events() == []


def test_leaving_a_group_records_the_kind_it_was_joined_as() -> None:
    deputy = _serving()

    deputy.leave_group(group_name=TOWNSHIP_GROUP, ctx=context())

    [event] = deputy.collect_events()
    assert event.payload == DeputyLeftGroup(group_name=TOWNSHIP_GROUP, kind=DeputyGroupKind.DEPUTY_GROUP)
    assert deputy.groups == {}


def test_leaving_a_group_one_is_not_in_is_refused() -> None:
    with pytest.raises(DeputyNotInGroupError) as refused:
        _serving().leave_group(group_name="财经专业小组", ctx=context())
    assert refused.value.field == "group_name"


def test_leaving_office_records_the_reason_the_date_and_the_note() -> None:
    deputy = _serving()

    deputy.leave_office(
        reason=LeavingReason.RESIGNATION_ADVISED, left_on=date(2025, 6, 30), note="经劝辞本人提出辞职", ctx=context()
    )

    [event] = deputy.collect_events()
    assert event.payload == DeputyLeftOffice(
        reason=LeavingReason.RESIGNATION_ADVISED, left_on=date(2025, 6, 30), note="经劝辞本人提出辞职"
    )
    assert (deputy.in_office, deputy.left_office) == (False, LeavingReason.RESIGNATION_ADVISED)


def test_leaving_office_ends_every_station_and_group_membership() -> None:
    deputy = _left()

    assert (deputy.stations, deputy.groups) == (set(), {})


def test_leaving_office_before_the_election_date_is_refused() -> None:
    deputy = _serving()

    with pytest.raises(LeftOfficeBeforeElectionError) as refused:
        deputy.leave_office(reason=LeavingReason.DECEASED, left_on=date(2024, 2, 29), note="", ctx=context())

    assert refused.value.field == "left_on"
    assert deputy.in_office


COMMANDS: dict[str, Callable[[Deputy], None]] = {
    "attach": lambda d: d.attach_to_station(
        station_id=UUID(int=2002), station_region_code="410327100202", ctx=context()
    ),
    "detach": lambda d: d.detach_from_station(station_id=STATION, ctx=context()),
    "join_group": lambda d: d.join_group(
        group_name="财经专业小组", kind=DeputyGroupKind.SPECIALTY_GROUP, ctx=context()
    ),
    "leave_group": lambda d: d.leave_group(group_name=TOWNSHIP_GROUP, ctx=context()),
    "leave_office": lambda d: d.leave_office(
        reason=LeavingReason.TERM_ENDED, left_on=date(2026, 12, 31), note="", ctx=context()
    ),
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_every_command_on_a_deputy_who_left_office_is_refused(command: Callable[[Deputy], None]) -> None:
    deputy = _left()

    with pytest.raises(DeputyNotInOfficeError) as refused:
        command(deputy)

    assert refused.value.code == "DEPUTY_NOT_IN_OFFICE"
    assert deputy.collect_events() == []


def test_replaying_the_history_gives_the_same_state() -> None:
    deputy = _elect()
    deputy.attach_to_station(station_id=STATION, station_region_code="410327100201", ctx=context())
    deputy.join_group(group_name=TOWNSHIP_GROUP, kind=DeputyGroupKind.DEPUTY_GROUP, ctx=context())
    deputy.leave_office(reason=LeavingReason.RESIGNED, left_on=date(2025, 1, 2), note="", ctx=context())
    history = deputy.collect_events()

    replayed = Deputy.rehydrate(aggregate_id=DEPUTY, events=history)

    assert (replayed.version, replayed.name, replayed.specialty, replayed.stations, replayed.groups) == (
        deputy.version,
        deputy.name,
        deputy.specialty,
        deputy.stations,
        deputy.groups,
    )
    assert replayed.left_office is LeavingReason.RESIGNED


def test_a_deputy_elected_before_specialties_were_recorded_replays_with_none() -> None:
    stored_v1 = default_registry().decode(json.dumps(ELECTED_V1))

    deputy = Deputy.rehydrate(aggregate_id=DEPUTY, events=[stored_v1])

    assert (deputy.name, deputy.specialty, deputy.in_office) == ("王建国", "", True)
