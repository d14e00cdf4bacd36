"""The roll-up (汇总统计): every counted figure at every level below the reader's region, for a period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from services.county.projections.rollup import rollup
from shared.application import utc_now
from shared.auth import CurrentActor, Role, require_region, require_role
from shared.calendar import china_date
from shared.errors import NotFoundError, ValidationFailedError
from shared.events.region import validate_region_code
from shared.readmodel.holidays import working_day_calendar
from shared.runtime import ServiceRuntime

router = APIRouter(prefix="/api/v1/rollup", tags=["rollup"])

READERS = (Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF, Role.CITY_VIEWER, Role.AUDITOR)


class RollupNode(BaseModel):
    code: str
    name: str
    level: str
    kind: str | None
    figures: dict[str, int]
    rates: dict[str, float | None]
    children: list[RollupNode]


class PeriodEndsBeforeStartError(ValidationFailedError):
    code = "PERIOD_ENDS_BEFORE_START"
    message = "统计期的结束日早于开始日"


@router.get("", response_model=RollupNode)
def get_rollup(
    actor: CurrentActor,
    request: Request,
    start: date,
    end: date,
    code: Annotated[str | None, Query(description="区划代码；默认本人所在区域")] = None,
    depth: Annotated[int | None, Query(ge=0, le=5, description="向下展开几级；默认全部")] = None,
) -> dict[str, Any]:
    """汇总统计：市 → 县 → 乡 → 村 → 站，每一级的数字都是下一级之和（“本级”为直接记在该级的事项）。"""
    require_role(actor, *READERS, action="rollup")
    place = validate_region_code(code) if code is not None else actor.region_code
    require_region(actor, place, action="rollup")
    if end < start:
        raise PeriodEndsBeforeStartError(field="end")
    runtime: ServiceRuntime = request.app.state.runtime
    today = china_date(utc_now())
    tree = rollup(
        runtime.engine,
        scope=runtime.settings.platform.scope_region_code,
        start=start,
        end=end,
        today=min(today, end + timedelta(days=1)),
        calendar=working_day_calendar(runtime.engine),
    )
    node = tree.find(place)
    if node is None:
        raise NotFoundError("本部署范围内没有该区域", field="code")
    return node.as_dict(depth=depth)
