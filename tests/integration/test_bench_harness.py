"""The benchmark harness still runs end to end (a tiny load; no timing is asserted)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from renda.bench.batch_ingest import batch_ingest
from renda.bench.figure import Figure
from renda.bench.results import machine, write_results
from renda.bench.serving import PEAKS_KIB
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration


def test_the_batch_ingest_benchmark_runs_on_a_tiny_load(postgres: Postgres, tmp_path: Path) -> None:
    figures = batch_ingest(admin_url=postgres.admin_url, batches=2, batch_size=5, log_dir=tmp_path)
    write_results(
        figures, directory=tmp_path, command="renda bench --batches 2 --batch-size 5", host=machine(postgres.admin_url)
    )

    assert [f.baseline_name for f in figures] == [
        "raw COPY, same rows",
        "raw INSERT executemany, same rows",
        "raw COPY, same rows",
    ]
    assert "4 terminals at once, API in 2 processes" in figures[2].name
    assert all(f.ours > 0 and f.baseline > 0 for f in figures)
    written = json.loads((tmp_path / "benchmarks.json").read_text())
    assert len(written["figures"]) == 3 and written["machine"]["cpus"]
    assert "| batch ingest (terminal uploads of 5) |" in (tmp_path / "benchmarks.md").read_text()


def test_the_propagation_benchmark_runs_the_workers_as_processes_on_a_tiny_load(
    postgres: Postgres, redis_url: str, tmp_path: Path
) -> None:
    import psycopg

    from renda.bench.propagation import figures, propagation_run

    run = propagation_run(
        admin_url=postgres.admin_url, opinions=6, rate=20, log_dir=tmp_path, redis_url=redis_url, warm_up=2
    )

    # Every timed referral was seen in the county's roll-up rows and in the township's inbox, after it was accepted.
    assert len(run.county) == len(run.inbox) == run.opinions == 6
    assert all(0 < latency < 60 for latency in run.county + run.inbox)
    assert len(run.baseline) == 6 and all(latency > 0 for latency in run.baseline)
    # Relay and projections of every service ran as their own processes, and are gone with the databases.
    assert sorted(run.cpu) == sorted(
        [f"{service}-{worker}" for service in ("county", "township", "station") for worker in ("relay", "project")]
        + ["broker", "bench (load, watchers)", "postgres", "other processes", "machine (all cores)"]
    )
    assert len(set(run.worker_pids)) == 6 and os.getpid() not in run.worker_pids
    for pid in run.worker_pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with psycopg.connect(postgres.admin_url) as connection:
        left = connection.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", [run.databases]).fetchall()
    assert len(run.databases) == 3 and left == []
    assert {f"bench-propagation-{label}.log" for label in run.cpu if "-" in label} <= {
        p.name for p in tmp_path.iterdir()
    }

    county_p50, county_p99, inbox_p50, inbox_p99 = figures(run)
    assert "county roll-up rows" in county_p50.name and "township inbox" in inbox_p99.name
    assert (county_p99.target, county_p50.unit) == ("p99 ≤ 1 s", "ms")
    assert all(f.ours > 0 and f.baseline > 0 for f in (county_p50, county_p99, inbox_p50, inbox_p99))


def test_the_suggestion_command_benchmark_runs_on_a_tiny_load(postgres: Postgres, tmp_path: Path) -> None:
    from renda.bench.suggestions import suggestion_commands

    [figure] = suggestion_commands(admin_url=postgres.admin_url, suggestions=4, clients=2, log_dir=tmp_path)

    assert figure.unit == "commands/s" and figure.ours > 0 and figure.baseline > 0


def test_the_replay_benchmark_rebuilds_every_county_read_model_from_a_tiny_city(postgres: Postgres) -> None:
    from renda.bench.replay import figures, replay_run

    run = replay_run(admin_url=postgres.admin_url, events=2000)
    made, rows, applied = run.generated.by_type, run.replay.rows, run.replay.applied

    assert run.generated.events == run.baseline.events == run.replay.events == 2000
    assert set(run.generated.by_store) == {"station", "township", "county"}
    assert made["StationSetUp"] == rows["station_work_stations"] == 3
    assert made["ReceptionScheduled"] == rows["station_work_receptions"] == rows["county_duty_station_activities"]
    assert made["DeputyCheckedIn"] == rows["station_work_attendance"]
    assert made["OpinionRecorded"] == rows["station_work_opinions"]
    assert made["ReferralRouted"] == rows["station_work_referrals"] > 0
    assert made["DeputyElected"] == rows["county_deputies"] == rows["station_work_deputies"] == 15
    assert made["DeputyAttachedToStation"] == rows["county_deputy_stations"] == rows["station_work_attachments"]
    assert made["SuggestionSubmitted"] == rows["county_suggestions"] > 0
    assert made["HandlingUnitRegistered"] == rows["county_handling_units"] == 10
    # One ledger entry per check-in and per opinion a deputy took; a suggestion's lead and co-signer one each.
    assert (
        rows["county_duty_ledger"]
        == made["DeputyCheckedIn"] + made["OpinionRecorded"] + 2 * made["SuggestionSubmitted"]
    )
    suggestion_events = sum(count for event_type, count in made.items() if event_type.startswith("Suggestion"))
    assert applied["county.suggestions"] == rows["county_suggestion_timeline"] == suggestion_events
    station_events = run.generated.by_store["station"]
    assert applied["county.station_work"] == (
        station_events
        + made["ReferralRouted"]
        + made["ReferralAnswered"]
        + made["DeputyElected"]
        + made["DeputyAttachedToStation"]
    )
    [rate, memory] = figures(run)
    assert (rate.unit, memory.unit) == ("events/s", "MiB")
    assert rate.ours > 0 and rate.baseline > 0 and memory.ours > 0 and memory.baseline > 0


def test_the_dashboard_benchmark_measures_the_rebuilt_read_models_warm_and_cold(
    postgres: Postgres, redis_url: str, tmp_path: Path
) -> None:
    from renda.bench.city_year import CITY, COUNTIES, YEAR
    from renda.bench.dashboard import dashboard_api
    from renda.bench.replay import replay_run

    def dashboard(urls: dict[str, str]) -> list[Figure]:
        places = [CITY, *(county.ljust(12, "0") for county in COUNTIES[:2])]
        return dashboard_api(
            county_url=urls["county"],
            redis_url=redis_url,
            places=places,
            year=YEAR,
            rate=20,
            seconds=1,
            cold_requests=3,
            log_dir=tmp_path,
        )

    run = replay_run(admin_url=postgres.admin_url, events=2000, then=dashboard)

    warm_p50, warm_p99, cold_p50, cold_p99 = run.on_read_models
    assert (warm_p99.target, warm_p50.unit) == ("≤ 20 ms", "ms")
    assert "Redis cold" in cold_p50.name and "(p99 of 3)" in cold_p99.name
    assert all(f.ours > 0 and f.baseline > 0 for f in run.on_read_models)
    assert PEAKS_KIB["county"] > 0
