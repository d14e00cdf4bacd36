"""Region codes: the 12-digit statistical division code (统计用区划代码) `PPCCDDTTTVVV`.

Every event carries the code of the place it happened at; roll-ups and access rights work by prefix.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from shared.events.errors import ValidationFailedError

# Matched in full: a trailing newline is no part of a code (`$` would let one through).
_CODE = re.compile(r"[1-8][0-9]{11}")


class RegionLevel(str, Enum):
    """The level of a place, from the code's significant digits."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


_SIGNIFICANT_DIGITS = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
}
_PARENT_LEVEL = {
    RegionLevel.CITY: RegionLevel.PROVINCE,
    RegionLevel.COUNTY: RegionLevel.CITY,
    RegionLevel.TOWNSHIP: RegionLevel.COUNTY,
    RegionLevel.VILLAGE: RegionLevel.TOWNSHIP,
}


class InvalidRegionCodeError(ValidationFailedError):
    """Raised when a region code is malformed or names an impossible place."""

    code = "INVALID_REGION_CODE"
    message = "区划代码无效：应为12位数字的统计用区划代码"


def _segments(code: str) -> tuple[str, str, str, str, str]:
    return code[0:2], code[2:4], code[4:6], code[6:9], code[9:12]


def level_of(code: str) -> RegionLevel:
    """The level of a valid code; raises InvalidRegionCodeError for a malformed or impossible one."""
    if not isinstance(code, str):
        raise InvalidRegionCodeError(field="region_code")
    return _level_of(code)


@lru_cache(maxsize=65536)
def _level_of(code: str) -> RegionLevel:
    # Every event names its place, and a county has a few thousand: each is worked out once.
    if not _CODE.fullmatch(code):
        raise InvalidRegionCodeError(field="region_code")
    _, city, county, township, village = _segments(code)
    digits = [city != "00", county != "00", township != "000", village != "000"]
    # A lower segment may only be set when every segment above it is set: 410300100000 has no county.
    set_count = 0
    for is_set in digits:
        if not is_set:
            break
        set_count += 1
    if any(digits[set_count:]):
        raise InvalidRegionCodeError("区划代码无效：下级区划不能脱离上级区划", field="region_code")
    return [
        RegionLevel.PROVINCE,
        RegionLevel.CITY,
        RegionLevel.COUNTY,
        RegionLevel.TOWNSHIP,
        RegionLevel.VILLAGE,
    ][set_count]


def validate_region_code(code: str, *, field: str | None = None) -> str:
    """Return the code unchanged if valid, else raise InvalidRegionCodeError (naming `field`, if given)."""
    try:
        level_of(code)
    except InvalidRegionCodeError as error:
        raise InvalidRegionCodeError(error.message, field=field or error.field) from error
    return code


def _validate_field(code: str) -> str:
    # Inside a model pydantic must see its own error type, so the error keeps the field's location.
    try:
        return validate_region_code(code)
    except InvalidRegionCodeError as error:
        raise PydanticCustomError("invalid_region_code", error.message) from error


def prefix_of(code: str) -> str:
    """The significant prefix of a code: `410327000000` → `410327`."""
    return code[: _SIGNIFICANT_DIGITS[level_of(code)]]


def parent_of(code: str) -> str | None:
    """The code of the enclosing place, or None for a province."""
    level = level_of(code)
    parent = _PARENT_LEVEL.get(level)
    if parent is None:
        return None
    return code[: _SIGNIFICANT_DIGITS[parent]].ljust(12, "0")


def ancestors_of(code: str) -> list[str]:
    """The codes of every enclosing place, nearest first."""
    chain: list[str] = []
    parent = parent_of(code)
    while parent is not None:
        chain.append(parent)
        parent = parent_of(parent)
    return chain


def county_of(code: str) -> str:
    """The code of the county (县/区/县级市) a place at county level or below lies in."""
    if level_of(code) in (RegionLevel.PROVINCE, RegionLevel.CITY):
        raise InvalidRegionCodeError(f"区划代码 {code} 不在县级或以下", field="region_code")
    return code[:6].ljust(12, "0")


def is_within(code: str, scope: str) -> bool:
    """True when `code` is the place `scope` or lies inside it (both full 12-digit codes)."""
    return code.startswith(prefix_of(scope))


def require_within(code: str, scope: str, *, field: str = "region_code") -> str:
    """Return `code` if it lies inside `scope`; raise InvalidRegionCodeError naming the field if not."""
    if not is_within(code, scope):
        raise InvalidRegionCodeError(f"区划代码 {code} 不在 {scope} 的范围内", field=field)
    return code


RegionCode = Annotated[str, AfterValidator(_validate_field)]
"""A pydantic field type that accepts only a valid 12-digit region code."""
