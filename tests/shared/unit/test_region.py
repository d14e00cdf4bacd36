"""Region codes: 12 digits, a level from the significant digits, parents by prefix; impossible codes refused."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from shared.events.region import (
    InvalidRegionCodeError,
    RegionCode,
    RegionLevel,
    ancestors_of,
    is_within,
    level_of,
    parent_of,
    prefix_of,
    require_within,
)


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("410000000000", RegionLevel.PROVINCE),
        ("410300000000", RegionLevel.CITY),
        ("410327000000", RegionLevel.COUNTY),
        ("410327100000", RegionLevel.TOWNSHIP),
        ("410327100201", RegionLevel.VILLAGE),
    ],
)
def test_the_level_comes_from_the_significant_digits(code: str, level: RegionLevel) -> None:
    assert level_of(code) is level


@pytest.mark.parametrize(
    "code",
    [
        "41032710020",
        "4103271002011",
        "41032710020a",
        "",
        "010327100201",
        "410300100000",
        "410327000201",
        "400027000000",
    ],
    ids=[
        "11-digits",
        "13-digits",
        "letter",
        "empty",
        "no-province",
        "township-without-county",
        "village-without-township",
        "county-without-city",
    ],
)
def test_malformed_or_impossible_codes_are_refused(code: str) -> None:
    with pytest.raises(InvalidRegionCodeError) as refused:
        level_of(code)
    assert refused.value.code == "INVALID_REGION_CODE"
    assert refused.value.field == "region_code"


def test_parents_follow_the_prefix() -> None:
    assert parent_of("410327100201") == "410327100000"
    assert ancestors_of("410327100201") == ["410327100000", "410327000000", "410300000000", "410000000000"]
    assert parent_of("410000000000") is None
    assert prefix_of("410327100000") == "410327100"


def test_a_village_is_within_its_township_county_and_city_only() -> None:
    assert is_within("410327100201", "410327100000")
    assert is_within("410327100201", "410300000000")
    assert not is_within("410327100201", "410327101000")
    assert not is_within("410328100201", "410327000000")


def test_require_within_names_the_field() -> None:
    with pytest.raises(InvalidRegionCodeError) as refused:
        require_within("410328100201", "410327000000", field="villages_served.0")
    assert refused.value.field == "villages_served.0"


@pytest.mark.parametrize(
    "code", ["410327000000\n", "\n410327000000", "410327000000 "], ids=["newline", "leading", "space"]
)
def test_a_code_with_anything_around_its_digits_is_refused(code: str) -> None:
    with pytest.raises(InvalidRegionCodeError):
        level_of(code)
    with pytest.raises(ValidationError):
        TypeAdapter(RegionCode).validate_python(code)
