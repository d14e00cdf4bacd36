"""Where a place lies, for the township's routes: as its copy of the county's region directory draws it now.

Every check and list of the township goes through here, so a village the county moved to another township
is that township's in every route, and no longer the old one's.
"""

from __future__ import annotations

from services.township.projections.regions import Area, directory
from shared.auth import Actor, require_place
from shared.runtime import ServiceRuntime


def require_in_region(runtime: ServiceRuntime, actor: Actor, code: str, *, action: str) -> None:
    """Refuse (403, audited) unless the place `code` lies inside the actor's region as the directory draws it."""
    require_place(actor, directory(runtime.engine).chain(code), action=action)


def area_of(runtime: ServiceRuntime, region_code: str) -> Area:
    """The region as the directory draws it now, for narrowing a list to it."""
    return directory(runtime.engine).area(region_code)
