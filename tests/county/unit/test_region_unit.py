"""The region directory's rules: a kind fits its code's level, a parent is one level up, moves and kind changes are events."""

from __future__ import annotations

import pytest

from services.county.domain.region_unit import (
    RegionKindMismatchError,
    RegionKindUnchangedError,
    RegionLevelNotListedError,
    RegionNameUnchangedError,
    RegionParentInvalidError,
    RegionParentUnchangedError,
    RegionUnit,
    region_unit_id,
)
from shared.events.catalog.region import (
    RegionKind,
    RegionUnitKindChanged,
    RegionUnitRegistered,
    RegionUnitRenamed,
    RegionUnitReparented,
)
from tests.support.context import context

DONGMEN = "410327100201"
CHENGGUAN = "410327100000"
FENGLI = "410327101000"


def _register(code: str, kind: RegionKind, *, parent_code: str | None = None, name: str = "东门社区") -> RegionUnit:
    return RegionUnit.register(code=code, name=name, kind=kind, parent_code=parent_code, ctx=context())


def _registered(code: str, kind: RegionKind, *, name: str = "东门社区") -> RegionUnit:
    unit = _register(code, kind, name=name)
    unit.collect_events()
    return unit


def test_a_village_goes_under_the_township_its_code_names_when_no_parent_is_given() -> None:
    unit = _register(DONGMEN, RegionKind.COMMUNITY)

    [event] = unit.collect_events()
    assert event.payload == RegionUnitRegistered(
        code=DONGMEN, name="东门社区", kind=RegionKind.COMMUNITY, parent_code=CHENGGUAN
    )
    assert (event.region_code, event.aggregate_id) == (DONGMEN, region_unit_id(DONGMEN))


def test_a_city_has_no_parent() -> None:
    [event] = _register("410300000000", RegionKind.CITY, name="洛阳市").collect_events()
    assert event.payload.parent_code is None


def test_a_city_given_a_parent_is_refused() -> None:
    with pytest.raises(RegionParentInvalidError) as refused:
        _register("410300000000", RegionKind.CITY, parent_code="410000000000", name="洛阳市")
    assert refused.value.field == "parent_code"


def test_a_county_and_a_township_take_their_natural_parents() -> None:
    [county] = _register("410327000000", RegionKind.COUNTY, name="宜阳县").collect_events()
    [town] = _register(CHENGGUAN, RegionKind.TOWN, name="城关镇").collect_events()
    assert (county.payload.parent_code, town.payload.parent_code) == ("410300000000", "410327000000")


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (DONGMEN, RegionKind.TOWN),
        (CHENGGUAN, RegionKind.COMMUNITY),
        ("410327000000", RegionKind.STREET),
        ("410300000000", RegionKind.DISTRICT),
    ],
)
def test_a_kind_that_does_not_fit_the_codes_level_is_refused(code: str, kind: RegionKind) -> None:
    with pytest.raises(RegionKindMismatchError) as refused:
        _register(code, kind)
    assert refused.value.field == "kind"
    assert refused.value.code == "REGION_KIND_MISMATCH"


def test_a_province_is_not_in_the_directory() -> None:
    with pytest.raises(RegionLevelNotListedError) as refused:
        _register("410000000000", RegionKind.CITY, name="河南省")
    assert refused.value.field == "code"


def test_an_explicit_parent_must_be_exactly_one_level_up() -> None:
    with pytest.raises(RegionParentInvalidError) as refused:
        _register(DONGMEN, RegionKind.COMMUNITY, parent_code="410327000000")
    assert refused.value.field == "parent_code"
    assert "乡级" in refused.value.message


def test_an_explicit_parent_of_the_next_level_up_is_kept() -> None:
    [event] = _register(DONGMEN, RegionKind.COMMUNITY, parent_code=FENGLI).collect_events()
    assert event.payload.parent_code == FENGLI


def test_a_village_moved_to_another_township_records_both_parents_and_keeps_its_code() -> None:
    unit = _registered(DONGMEN, RegionKind.COMMUNITY)

    unit.reparent(parent_code=FENGLI, ctx=context())

    [event] = unit.collect_events()
    assert event.payload == RegionUnitReparented(parent_code=FENGLI, previous_parent_code=CHENGGUAN)
    assert (event.region_code, event.aggregate_version) == (DONGMEN, 2)
    assert unit.parent_code == FENGLI


def test_a_township_moves_to_another_county() -> None:
    unit = _registered(CHENGGUAN, RegionKind.TOWN, name="城关镇")

    unit.reparent(parent_code="410328000000", ctx=context())

    assert unit.parent_code == "410328000000"
    assert unit.code == CHENGGUAN


def test_a_move_under_the_same_parent_is_refused_and_records_nothing() -> None:
    unit = _registered(DONGMEN, RegionKind.COMMUNITY)
    with pytest.raises(RegionParentUnchangedError) as refused:
        unit.reparent(parent_code=CHENGGUAN, ctx=context())
    assert (refused.value.status, refused.value.field) == (409, "parent_code")
    assert unit.collect_events() == []


@pytest.mark.parametrize("parent", ["410327000000", "410327101201", "410300000000"])
def test_a_move_under_a_code_of_the_wrong_level_is_refused_and_records_nothing(parent: str) -> None:
    unit = _registered(DONGMEN, RegionKind.COMMUNITY)
    with pytest.raises(RegionParentInvalidError):
        unit.reparent(parent_code=parent, ctx=context())
    assert unit.collect_events() == []
    assert unit.parent_code == CHENGGUAN


def test_a_city_cannot_be_moved() -> None:
    unit = _registered("410300000000", RegionKind.CITY, name="洛阳市")
    with pytest.raises(RegionParentInvalidError):
        unit.reparent(parent_code="410000000000", ctx=context())


def test_a_town_becomes_a_street() -> None:
    unit = _registered(CHENGGUAN, RegionKind.TOWN, name="城关镇")

    unit.change_kind(kind=RegionKind.STREET, ctx=context())

    [event] = unit.collect_events()
    assert event.payload == RegionUnitKindChanged(kind=RegionKind.STREET, previous_kind=RegionKind.TOWN)
    assert unit.kind is RegionKind.STREET


def test_a_kind_change_out_of_the_level_is_refused_and_records_nothing() -> None:
    unit = _registered(CHENGGUAN, RegionKind.TOWN, name="城关镇")
    with pytest.raises(RegionKindMismatchError):
        unit.change_kind(kind=RegionKind.DISTRICT, ctx=context())
    assert unit.collect_events() == []
    assert unit.kind is RegionKind.TOWN


def test_a_kind_change_to_the_same_kind_is_refused() -> None:
    unit = _registered(CHENGGUAN, RegionKind.TOWN, name="城关镇")
    with pytest.raises(RegionKindUnchangedError):
        unit.change_kind(kind=RegionKind.TOWN, ctx=context())


def test_a_rename_records_the_old_name_and_the_same_name_is_refused() -> None:
    unit = _registered(CHENGGUAN, RegionKind.TOWN, name="城关镇")

    unit.rename(name="城关街道", ctx=context())
    with pytest.raises(RegionNameUnchangedError):
        unit.rename(name="城关街道", ctx=context())

    [event] = unit.collect_events()
    assert event.payload == RegionUnitRenamed(name="城关街道", previous_name="城关镇")


def test_replaying_a_units_history_gives_the_live_state() -> None:
    live = _register(CHENGGUAN, RegionKind.TOWN, name="城关镇")
    live.reparent(parent_code="410328000000", ctx=context())
    live.change_kind(kind=RegionKind.STREET, ctx=context())
    live.rename(name="城关街道", ctx=context())

    replayed = RegionUnit.rehydrate(aggregate_id=live.id, events=live.collect_events())

    state = ("code", "name", "kind", "parent_code", "version", "region_code")
    assert {key: getattr(replayed, key) for key in state} == {key: getattr(live, key) for key in state}
    assert replayed.parent_code == "410328000000" and replayed.version == 4


def test_a_units_id_is_fixed_by_its_code() -> None:
    assert region_unit_id(DONGMEN) == region_unit_id(DONGMEN) != region_unit_id(CHENGGUAN)
