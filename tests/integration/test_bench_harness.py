"""The benchmark harness still runs end to end (a tiny load; no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from renda.bench import batch_ingest, machine, write_results
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration


def test_the_batch_ingest_benchmark_runs_on_a_tiny_load(postgres: Postgres, tmp_path: Path) -> None:
    figures = batch_ingest(admin_url=postgres.admin_url, batches=2, batch_size=5, log_dir=tmp_path)
    write_results(
        figures, directory=tmp_path, command="renda bench --batches 2 --batch-size 5", host=machine(postgres.admin_url)
    )

    assert [f.baseline_name for f in figures] == ["raw COPY, same rows", "raw INSERT executemany, same rows"]
    assert all(f.ours > 0 and f.baseline > 0 for f in figures)
    written = json.loads((tmp_path / "benchmarks.json").read_text())
    assert len(written["figures"]) == 2 and written["machine"]["cpus"]
    assert "| batch ingest (terminal uploads of 5) |" in (tmp_path / "benchmarks.md").read_text()


def test_the_propagation_benchmark_runs_on_a_tiny_load(postgres: Postgres) -> None:
    from renda.bench_propagation import referral_propagation

    figures = referral_propagation(admin_url=postgres.admin_url, opinions=5, rate=20)

    assert [f.unit for f in figures] == ["ms", "ms"]
    assert all(f.ours > 0 and f.baseline > 0 for f in figures)


def test_the_suggestion_command_benchmark_runs_on_a_tiny_load(postgres: Postgres, tmp_path: Path) -> None:
    from renda.bench_suggestions import suggestion_commands

    [figure] = suggestion_commands(admin_url=postgres.admin_url, suggestions=4, clients=2, log_dir=tmp_path)

    assert figure.unit == "commands/s" and figure.ours > 0 and figure.baseline > 0
