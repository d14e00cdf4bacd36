"""`renda reconcile`: check that every figure agrees with every other way of counting it.

1. 层级: each place's figures in the county's roll-up (its children's sums) equal what its facts add
   up to when each fact is carried up the region directory on its own — every fact passes through
   exactly one child, so this is parent = Σ children checked against the facts, not against the
   tree's own sums; and the city's equal the sum of every fact (nothing lost, nothing counted twice).
2. 乡镇: the county's figures for each township equal the township service's own.
3. 站点: the county's figures for each station and month equal the station service's own summary.
4. 上报: each township report the county received re-derives, from the county's copy of the
   stations' work, to the same figures, source digest and digest.

Each check is a list of comparisons; a difference names the place, the figure and both values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from services.county.projections.received_reports import list_received
from services.county.projections.regions import region_units
from services.county.projections.rollup import FIGURE_NAMES, Facts, Node, build_tree, gather
from services.county.projections.station_work import STATION_WORK
from services.station.projections.directory import list_stations
from services.station.projections.ledger_queries import station_month
from shared.events.catalog.reports import PeriodKind
from shared.events.region import level_of, parent_of, prefix_of
from shared.figures.period import ReportPeriod
from shared.figures.station_month import months
from shared.figures.station_work import stations as station_work_stations
from shared.figures.station_work_queries import station_figures, township_figures
from shared.figures.township_draft import draft_township_report
from shared.readmodel.holidays import working_day_calendar
from shared.runtime import ServiceRuntime

CHECKS = {
    "hierarchy": "层级汇总：上级 = Σ 下级",
    "township": "县看乡镇 = 乡镇自己的统计",
    "station": "县看站点 = 站点自己的月统计",
    "report": "乡镇上报可由事件重新得出",
}


@dataclass
class Check:
    """One kind of check: how many comparisons it made and every difference it found."""

    kind: str
    compared: int = 0
    differences: list[str] = field(default_factory=list)

    def compare(self, where: str, ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> None:
        """Compare two sets of figures key by key; a key missing on one side is a difference."""
        self.compared += 1
        for name in sorted(set(ours) | set(theirs), key=str):
            if ours.get(name) != theirs.get(name):
                self.differences.append(f"{where} {name}: {ours.get(name)!r} ≠ {theirs.get(name)!r}")


def reconcile(
    runtimes: Mapping[str, ServiceRuntime], *, scope: str, start: date, end: date, today: date
) -> list[Check]:
    """Run every check for the period; `today` judges what is overdue, the same for every side."""
    county = runtimes["county"].engine
    calendar = working_day_calendar(county)
    facts = gather(county, scope=scope, start=start, end=end, today=today, calendar=calendar)
    directory = region_units(county, within=scope[:4])
    tree = build_tree(facts, directory, scope=scope)
    return [
        _hierarchy(tree, facts, directory),
        _townships(runtimes, start=start, end=end, today=today),
        _stations(runtimes, scope=scope, start=start, end=end, today=today),
        _reports(runtimes),
    ]


def _hierarchy(tree: Node, facts: Facts, directory: Mapping[str, Mapping[str, Any]]) -> Check:
    check = Check("hierarchy")
    carried = _carried_up(facts, directory)
    for node in tree.walk():
        if not node.children:
            continue
        check.compare(f"{node.code} {node.name}", node.figures, carried.get(node.code, dict.fromkeys(FIGURE_NAMES, 0)))
    every_fact = [figures for _, _, figures in facts.stations.values()] + list(facts.places.values())
    total = {name: sum(figures.get(name, 0) for figures in every_fact) for name in FIGURE_NAMES}
    check.compare(f"{tree.code} {tree.name}（全部事实）", tree.figures, total)
    return check


def _carried_up(facts: Facts, directory: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Each fact added to its own place and to every place above it, following the directory."""
    totals: dict[str, dict[str, int]] = {}

    def chain(code: str) -> Iterator[str]:
        seen: set[str] = set()
        current: str | None = code
        while current is not None and current not in seen:
            seen.add(current)
            yield current
            unit = directory.get(current)
            current = str(unit["parent_code"]) if unit and unit["parent_code"] else parent_of(current)
            if current is not None and level_of(current).value == "province":
                return

    placed = [(village, figures) for village, _, figures in facts.stations.values()]
    placed += list(facts.places.items())
    for code, figures in placed:
        for place in chain(code):
            sums = totals.setdefault(place, dict.fromkeys(FIGURE_NAMES, 0))
            for name in FIGURE_NAMES:
                sums[name] += figures.get(name, 0)
    return totals


def _townships(runtimes: Mapping[str, ServiceRuntime], *, start: date, end: date, today: date) -> Check:
    check = Check("township")
    county, township = runtimes["county"].engine, runtimes["township"].engine
    with township.connect() as connection:
        codes = sorted(set(connection.execute(select(station_work_stations.c.township_region_code)).scalars()))
    for code in codes:
        ours, theirs = (
            township_figures(
                engine,
                within=prefix_of(code),
                start=start,
                end=end,
                today=today,
                calendar=working_day_calendar(engine),
            )
            for engine in (county, township)
        )
        check.compare(code, ours["figures"], theirs["figures"])
        for station_id in sorted(set(ours["station_figures"]) | set(theirs["station_figures"])):
            check.compare(
                f"{code} 站点 {station_id}",
                ours["station_figures"].get(station_id, {}),
                theirs["station_figures"].get(station_id, {}),
            )
    return check


def _stations(runtimes: Mapping[str, ServiceRuntime], *, scope: str, start: date, end: date, today: date) -> Check:
    check = Check("station")
    county, station = runtimes["county"].engine, runtimes["station"].engine
    county_calendar, station_calendar = working_day_calendar(county), working_day_calendar(station)
    for row in list_stations(station, within=prefix_of(scope)):
        for year, month in months(start, end):
            ours = station_figures(
                county, station_id=row["station_id"], year=year, month=month, today=today, calendar=county_calendar
            )
            theirs = station_month(station, station=row, year=year, month=month, today=today, calendar=station_calendar)
            check.compare(f"{row['name']} {year:04d}-{month:02d}", ours or {}, theirs)
    return check


def _reports(runtimes: Mapping[str, ServiceRuntime]) -> Check:
    check = Check("report")
    county = runtimes["county"].engine
    calendar = working_day_calendar(county)
    for received in list_received(county):
        period = ReportPeriod(kind=PeriodKind(received["period_kind"]), start=received["period_start"])
        draft = draft_township_report(
            county,
            projection=STATION_WORK.name,
            township_region_code=received["township_region_code"],
            period=period,
            calendar=calendar,
        )
        where = f"{received['township_region_code']} {period.kind.value} {period.start.isoformat()}"
        check.compare(where, received["figures"], draft.figures)
        check.compare(f"{where} 站点", received["station_figures"], draft.station_figures)
        check.compare(
            f"{where} 摘要",
            {"source_digest": received["source_digest"], "digest": received["digest"]},
            {"source_digest": draft.source_digest, "digest": draft.digest},
        )
    return check


def table(checks: list[Check]) -> Table:
    view = Table("检查", "比较次数", "差异", "结果")
    for check in checks:
        view.add_row(
            CHECKS[check.kind],
            str(check.compared),
            str(len(check.differences)),
            "✓ 一致" if not check.differences else "✗ 不一致",
        )
    return view


def reconcile_platform(console: Console, *, start: datetime | None, end: datetime | None) -> int:
    """Every check from `start` (default: 1 January of this year) to `end` (default: today), printed; exit code 1
    naming any difference."""
    from renda.services import SERVICES
    from shared.application import utc_now
    from shared.calendar import china_date

    today = china_date(utc_now())
    first = start.date() if start else date(today.year, 1, 1)
    last = end.date() if end else today
    runtimes = {name: entry.build_runtime() for name, entry in SERVICES.items()}
    scope = runtimes["county"].settings.platform.scope_region_code
    checks = reconcile(runtimes, scope=scope, start=first, end=last, today=min(today, last + timedelta(days=1)))
    console.print(f"对账：{scope}，{first.isoformat()} 至 {last.isoformat()}")
    console.print(table(checks))
    differences = [difference for check in checks for difference in check.differences]
    for difference in differences[:50]:
        console.print(f"[red]✗[/] {difference}")
    return 1 if differences else 0
