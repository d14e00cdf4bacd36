"""`renda points`: score a year of the duty ledger for every deputy of a county, optionally under a new rule set.

Publishing a corrected rule set for a past year and recomputing that year is this one command. The
rule set comes from the county's event store, so it holds the version just published; the ledger
comes from the county's read model, which its projection keeps up to date.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from services.county.application.duty import load_points_rule_set, publish_points_rule_set
from services.county.application.duty_commands import PublishPointsRuleSet
from services.county.domain.points import rule_version as points_rule_version
from services.county.projections.duty_queries import score_year
from shared.events.region import prefix_of
from shared.runtime import ServiceRuntime

if TYPE_CHECKING:
    from renda.services import ServiceEntry


@dataclass(frozen=True)
class Recomputed:
    """A year's points table and how long scoring it took."""

    table: dict[str, Any]
    seconds: float


def recompute(
    runtime: ServiceRuntime, *, county: str, year: int, rules_file: Path | None = None, rule_version: int | None = None
) -> Recomputed:
    """Publish the rule set in `rules_file` (if any), then score `year` under the version in force or asked for."""
    if rules_file is not None:
        draft = PublishPointsRuleSet.model_validate_json(rules_file.read_text(encoding="utf-8"))
        publish_points_rule_set(runtime.commands, actor="renda-cli", county_region_code=county, draft=draft)
    rule_set = load_points_rule_set(runtime.commands, county_region_code=county)
    rules = rule_set.in_force(year) if rule_version is None else points_rule_version(rule_set.versions, rule_version)
    started = time.perf_counter()
    table = score_year(runtime.engine, within=prefix_of(county), year=year, rules=rules)
    return Recomputed(table=table, seconds=time.perf_counter() - started)


def show(console: Console, recomputed: Recomputed) -> None:
    table = recomputed.table
    view = Table(title=f"{table['year']} 年度代表履职积分（{table['rule_name']}，第 {table['rule_version']} 版）")
    view.add_column("代表")
    for category in table["categories"]:
        view.add_column(category["name"], justify="right")
    view.add_column("合计", justify="right")
    view.add_column("评定")
    for row in table["deputies"]:
        points = [f"{row['points_by_category'][category['code']]:g}" for category in table["categories"]]
        view.add_row(row["name"], *points, f"{row['total']:g}", row["grade_label"])
    console.print(view)
    talk = "、".join(row["name"] for row in table["talk_list"]) or "无"
    console.print(f"约谈名单（低于 {table['talk_below']:g} 分）：{talk}")
    console.print(
        f"重新计算 {len(table['deputies'])} 名代表 {table['year']} 年度积分，用时 {recomputed.seconds * 1000:.1f} ms"
    )


def score_county(
    console: Console,
    entry: ServiceEntry,
    *,
    county: str,
    year: int,
    rules_file: Path | None,
    rule_version: int | None,
) -> int:
    """Recompute and print the county's points table for `year`; exit code 1 with the error's code if it cannot."""
    from shared.errors import PlatformError

    try:
        show(
            console,
            recompute(
                entry.build_runtime(), county=county, year=year, rules_file=rules_file, rule_version=rule_version
            ),
        )
    except PlatformError as error:
        console.print(f"[red]{error.code}[/] {error.message}")
        return 1
    return 0
