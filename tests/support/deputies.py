"""Deputy profiles for tests: a county deputy resident in 东门社区 unless told otherwise."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from services.county.domain.deputy import DeputyProfile
from shared.events.catalog.county import DeputyLevel

COUNTY_DEPUTY = DeputyProfile(
    name="王建国",
    level=DeputyLevel.COUNTY,
    term=18,
    congress_region_code="410327000000",
    resident_region_code="410327100201",
    elected_on=date(2021, 11, 1),
)


def profile(**changes: Any) -> DeputyProfile:
    return replace(COUNTY_DEPUTY, **changes)
