"""The demo's region directory (区划目录): 洛阳市, its two demo counties, and every township, village and
community the demo's stations, deputies and suggestions name, registered through the county's use case.

Seeding again registers nothing: a code already in the directory is skipped.
"""

from __future__ import annotations

from services.county.application.region_commands import RegisterRegionUnit
from services.county.application.regions import register_region_unit
from services.county.domain.region_unit import region_unit_id
from shared.events.catalog.region import RegionKind
from shared.runtime import ServiceRuntime

ACTOR = "demo-seed"

REGION_UNITS: tuple[tuple[str, str, RegionKind], ...] = (
    ("410300000000", "洛阳市", RegionKind.CITY),
    ("410327000000", "宜阳县", RegionKind.COUNTY),
    ("410327100000", "城关镇", RegionKind.TOWN),
    ("410327100201", "东门社区", RegionKind.COMMUNITY),
    ("410327100202", "西关社区", RegionKind.COMMUNITY),
    ("410327100203", "南关社区", RegionKind.COMMUNITY),
    ("410327101000", "丰李镇", RegionKind.TOWN),
    ("410327101201", "丰李村", RegionKind.VILLAGE),
    ("410328000000", "洛宁县", RegionKind.COUNTY),
    ("410328001000", "城西街道", RegionKind.STREET),
    ("410328001201", "城西社区", RegionKind.COMMUNITY),
)
"""Parents first, so each unit goes under a parent already in the directory (the one its code names)."""


def seed_regions(runtime: ServiceRuntime) -> None:
    """Register every demo unit not yet in the county's directory."""
    for code, name, kind in REGION_UNITS:
        if runtime.store.exists(region_unit_id(code)):
            continue
        register_region_unit(runtime.commands, RegisterRegionUnit(code=code, name=name, kind=kind), actor=ACTOR)
