"""`renda bench`: every benchmark in turn, its figures printed and written to docs/benchmarks.md and .json."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from renda.bench.batch_ingest import batch_ingest
from renda.bench.city_year import CITY, COUNTIES, YEAR, stations_for
from renda.bench.dashboard import dashboard_api
from renda.bench.figure import Figure
from renda.bench.ingest import single_command_ingest
from renda.bench.propagation import referral_propagation
from renda.bench.replay import replay_rebuild
from renda.bench.results import machine, render, write_results
from renda.bench.serving import memory_figures
from renda.bench.suggestions import suggestion_commands

LOG_DIR = Path("var/log")


@dataclass(frozen=True)
class BenchLoad:
    """How much each benchmark does; the options of `renda bench`."""

    postgres: str
    redis_url: str
    single: int
    batches: int
    batch_size: int
    opinions: int
    rate: float
    suggestions: int
    clients: int
    replay_events: int
    growth: str
    dashboard_rate: float
    dashboard_seconds: float

    def command(self) -> str:
        """The command line that repeats this load (written beside the figures)."""
        return (
            f"renda bench --single {self.single} --batches {self.batches} --batch-size {self.batch_size}"
            f" --opinions {self.opinions} --rate {self.rate:g} --suggestions {self.suggestions}"
            f" --clients {self.clients} --replay-events {self.replay_events} --growth {self.growth}"
            f" --dashboard-rate {self.dashboard_rate:g} --dashboard-seconds {self.dashboard_seconds:g}"
        )


def run_benchmarks(console: Console, *, load: BenchLoad, out: Path) -> None:
    """Measure everything under `load`, print the table and write the results into `out`."""
    postgres, redis_url = load.postgres, load.redis_url
    figures = single_command_ingest(admin_url=postgres, opinions=load.single, clients=16, log_dir=LOG_DIR)
    figures += batch_ingest(admin_url=postgres, batches=load.batches, batch_size=load.batch_size, log_dir=LOG_DIR)
    figures += referral_propagation(
        admin_url=postgres,
        opinions=load.opinions,
        rate=load.rate,
        log_dir=LOG_DIR,
        redis_url=redis_url,
        report=console.print,
    )
    figures += suggestion_commands(
        admin_url=postgres, suggestions=load.suggestions, clients=load.clients, log_dir=LOG_DIR
    )
    for factor in (int(part) for part in load.growth.split(",")):
        events = load.replay_events * factor

        def dashboard(urls: dict[str, str], events: int = events) -> list[Figure]:
            return dashboard_api(
                county_url=urls["county"],
                redis_url=redis_url,
                # The city and its counties that have stations (a small run fills only the first few).
                places=[CITY, *(county.ljust(12, "0") for county in COUNTIES[: stations_for(events)])],
                year=YEAR,
                rate=load.dashboard_rate,
                seconds=load.dashboard_seconds,
                cold_requests=20,
                log_dir=LOG_DIR,
                label=f", {events:,} events",
            )

        figures += replay_rebuild(admin_url=postgres, events=events, report=console.print, then=dashboard)
    figures += memory_figures()
    console.print(render(figures), soft_wrap=True)
    write_results(figures, directory=out, command=load.command(), host=machine(postgres))
