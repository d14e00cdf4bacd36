"""The figures as a table, the machine they were measured on, and docs/benchmarks.md and benchmarks.json."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

import psycopg

from renda.bench.figure import Figure

FINDINGS = "## Findings"
"""The heading of the hand-written part of docs/benchmarks.md: what the figures say, gaps and next steps."""


def render(figures: list[Figure]) -> str:
    lines = [
        "| figure | ours | baseline | baseline value | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        baseline = f"{f.baseline:,.0f} {f.unit}" if f.baseline else "—"
        ratio = f"{f.ratio:.3f}×" if f.baseline else "—"
        lines.append(f"| {f.name} | {f.ours:,.0f} {f.unit} | {f.baseline_name} | {baseline} | {ratio} | {f.target} |")
    return "\n".join(lines)


def machine(admin_url: str) -> dict[str, str]:
    """What the figures were measured on."""
    with psycopg.connect(admin_url) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return {
        "cpus": str(os.cpu_count()),
        "memory": memory.split(":", 1)[1].strip(),
        "python": sys.version.split()[0],
        "postgresql": str(row[0]) if row else "?",
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def write_results(figures: list[Figure], *, directory: Path, command: str, host: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "benchmarks.json").write_text(
        json.dumps(
            {"machine": host, "command": command, "figures": [{**asdict(f), "ratio": f.ratio} for f in figures]},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    machine_line = ", ".join(f"{key} {value}" for key, value in host.items())
    page = directory / "benchmarks.md"
    # The findings below the table are written by people, and kept when the table is measured again.
    kept = page.read_text() if page.exists() else ""
    findings = kept[kept.index(FINDINGS) :] if FINDINGS in kept else ""
    page.write_text(
        "# Benchmarks\n\n"
        "Each figure stands beside a baseline measured in the same run on the same machine; the ratio is what\n"
        "we judge. The load comes from the `renda bench` process; the service runs as its own process.\n\n"
        f"Machine: {machine_line}.\n\nRepeat with: `{command}`\n\n"
        + render(figures)
        + "\n"
        + ("\n" + findings if findings else "")
    )
