"""The roll-up (汇总统计): every counted figure at every level below the reader's region, for a period."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, TypeAdapter

from services.county.projections.rollup import Node, rollup
from shared.api.cached_json import cached_json
from shared.api.runtime_dep import RuntimeDep
from shared.application import utc_now
from shared.auth import Actor, CurrentActor, Role, allow, require_region, require_role
from shared.calendar import china_date
from shared.errors import NotFoundError, ValidationFailedError
from shared.events.region import validate_region_code
from shared.figures.station_month import months
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


class PeriodOutOfRangeError(ValidationFailedError):
    """Raised when a period starts before the platform's records or spans more than one term of office."""

    code = "PERIOD_OUT_OF_RANGE"
    message = "统计期须从2000年1月1日以后开始，且不超过五年"


EARLIEST = date(2000, 1, 1)
# One term of office: enough for every trend the pages draw; each month of a longer one is a roll-up to count.
MAX_PERIOD_DAYS = 5 * 366


def check_period(*, start: date, end: date) -> None:
    """Refuse a period that ends before it starts, starts before the platform's records, or is too long."""
    if end < start:
        raise PeriodEndsBeforeStartError(field="end")
    if start < EARLIEST:
        raise PeriodOutOfRangeError(field="start")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise PeriodOutOfRangeError(field="end")


class MonthRead(BaseModel):
    month: str
    figures: dict[str, int]
    rates: dict[str, float | None]


class AsOfBeforeStartError(ValidationFailedError):
    code = "AS_OF_BEFORE_START"
    message = "截至日期早于统计期的开始日"


class AsOfInFutureError(ValidationFailedError):
    code = "AS_OF_IN_FUTURE"
    message = "截至日期不能晚于今天"


ROLLUP_SHAPE = TypeAdapter(RollupNode)
MONTHS_SHAPE = TypeAdapter(list[MonthRead])

Start = Annotated[date, Query(description="统计期开始日")]
End = Annotated[date, Query(description="统计期结束日")]
Code = Annotated[str | None, Query(description="区划代码；默认本人所在区域")]
AsOf = Annotated[date | None, Query(description="截至日期：按此日判断是否超期，只计入此日及以前发生的事项；默认今天")]


@dataclass(frozen=True)
class Window:
    """The days a roll-up counts, the day that judges what is overdue, and the place asked for."""

    start: date
    end: date
    today: date
    place: str


def _window(actor: Actor, *, start: date, end: date, code: str | None, as_of: date | None) -> Window:
    require_role(actor, *READERS, action="rollup")
    place = validate_region_code(code, field="code") if code is not None else actor.region_code
    require_region(actor, place, action="rollup")
    check_period(start=start, end=end)
    today = china_date(utc_now())
    if as_of is not None and as_of < start:
        raise AsOfBeforeStartError(field="as_of")
    if as_of is not None and as_of > today:
        raise AsOfInFutureError(field="as_of")
    cut = as_of or today
    return Window(start=start, end=min(end, cut), today=min(cut, end + timedelta(days=1)), place=place)


def _node(runtime: ServiceRuntime, window: Window, *, start: date, end: date) -> Node:
    tree = rollup(
        runtime.engine,
        scope=runtime.settings.platform.scope_region_code,
        start=start,
        end=end,
        today=window.today,
        calendar=working_day_calendar(runtime.engine),
    )
    node = tree.find(window.place)
    if node is None:
        raise NotFoundError("本部署范围内没有该区域", field="code")
    return node


@router.get("", response_model=RollupNode, dependencies=[allow(*READERS)])
def get_rollup(
    actor: CurrentActor,
    runtime: RuntimeDep,
    start: Start,
    end: End,
    code: Code = None,
    depth: Annotated[int | None, Query(ge=0, le=5, description="向下展开几级；默认全部")] = None,
    toward: Annotated[
        str | None, Query(description="展开到此下级区划：沿途各级给出下一级，此区划再向下展开 depth 级")
    ] = None,
    as_of: AsOf = None,
) -> Response:
    """汇总统计：市 → 县 → 乡 → 村 → 站，每一级的数字都是下一级之和（“本级”为直接记在该级的事项）。"""
    window = _window(actor, start=start, end=end, code=code, as_of=as_of)
    if toward is not None:
        validate_region_code(toward, field="toward")
        require_region(actor, toward, action="rollup")

    def answer() -> dict[str, Any]:
        node = _node(runtime, window, start=window.start, end=window.end)
        if toward is not None and node.find(toward) is None:
            raise NotFoundError("该区域下没有此区划", field="toward")
        return node.as_dict(depth=depth, toward=toward)

    return cached_json(
        runtime.hot_cache,
        "rollup",
        {**asdict(window), "depth": depth, "toward": toward},
        ROLLUP_SHAPE,
        answer,
    )


@router.get("/months", response_model=list[MonthRead], dependencies=[allow(*READERS)])
def get_months(
    actor: CurrentActor, runtime: RuntimeDep, start: Start, end: End, code: Code = None, as_of: AsOf = None
) -> Response:
    """逐月汇总：一个区域在统计期内每个月的数字（趋势图用）；各月之和等于整个统计期。"""
    window = _window(actor, start=start, end=end, code=code, as_of=as_of)

    def answer() -> list[dict[str, Any]]:
        return _months(runtime, window)

    return cached_json(runtime.hot_cache, "rollup_months", asdict(window), MONTHS_SHAPE, answer)


def _months(runtime: ServiceRuntime, window: Window) -> list[dict[str, Any]]:
    rows = []
    for year, month in months(window.start, window.end):
        first = max(window.start, date(year, month, 1))
        last = min(window.end, date(year, month, monthrange(year, month)[1]))
        node = _node(runtime, window, start=first, end=last).as_dict(depth=0)
        rows.append({"month": f"{year:04d}-{month:02d}", "figures": node["figures"], "rates": node["rates"]})
    return rows
