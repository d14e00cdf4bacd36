"""`renda`: the one command line of the platform.

Each command is declared here with its options, and hands over to the module that carries it out,
imported when the command runs: `renda --help` and the operational commands load no service they do
not use, no demo data and no benchmark (the production image does not ship `renda/bench`).
"""

from __future__ import annotations

from datetime import datetime
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from renda.services import ServiceEntry

app = typer.Typer(help="人大代表履职平台 command line", no_args_is_help=True)
console = Console()

ServiceArg = Annotated[str, typer.Argument(help="county | township | station")]


def _entry(name: str) -> ServiceEntry:
    from renda.services import SERVICES

    if name not in SERVICES:
        raise typer.BadParameter(f"unknown service {name!r}; choose from {', '.join(SERVICES)}")
    return SERVICES[name]


def _require_benchmarks() -> None:
    """Stop with a plain message where the benchmarks are not installed (the production image)."""
    if find_spec("renda.bench") is None:
        console.print(
            "[red]此安装不含基准测试[/]（生产镜像不带 renda/bench）：请在源码检出中运行 `make bench`。", soft_wrap=True
        )
        raise typer.Exit(1)


@app.command()
def run(no_broker: Annotated[bool, typer.Option(help="Use an already running broker.")] = False) -> None:
    """Run the whole platform locally (broker, three services, relays, projections, demo data)."""
    from renda.supervisor import run_platform

    raise typer.Exit(run_platform(console, with_broker=not no_broker))


@app.command()
def serve(service: ServiceArg) -> None:
    """Serve one service's HTTP API."""
    from renda.workers import serve as serve_api

    serve_api(_entry(service), service=service)


@app.command()
def relay(service: ServiceArg) -> None:
    """Publish one service's stored events to Kafka, following its store."""
    from renda.workers import relay as run_relay

    run_relay(_entry(service))


@app.command()
def project(
    service: ServiceArg,
    projection: Annotated[str | None, typer.Option(help="Only this projection.")] = None,
) -> None:
    """Run one service's projections (consumer groups feeding its read models)."""
    from renda.workers import project as run_projections

    run_projections(_entry(service), only=projection)


@app.command()
def republish(
    service: ServiceArg,
    start: Annotated[int, typer.Option("--from", min=1, help="First store position to publish again.")] = 1,
) -> None:
    """Publish stored events again from a position (after the broker lost its data).

    Rewinds the service's relay, so the one publisher sends everything again in store order; a relay
    that is running picks it up at once, a stopped one when it starts.
    """
    from renda.republish import republish_from

    republish_from(console, _entry(service).build_runtime(), service=service, start=start)


@app.command()
def check(
    service: ServiceArg,
    timeout: Annotated[float, typer.Option(min=0.5, help="Seconds to wait for the broker.")] = 5.0,
) -> None:
    """Probe one service's database, event store and broker; exit 1 naming what does not answer."""
    from renda.check import check_service

    raise typer.Exit(check_service(console, _entry(service).build_runtime(), service=service, timeout=timeout))


@app.command()
def replay(
    service: ServiceArg,
    projection: Annotated[str | None, typer.Option(help="Only this projection (default: all).")] = None,
    source: Annotated[str, typer.Option(help="broker: the topics; stores: every service's event store.")] = "broker",
    compare: Annotated[bool, typer.Option(help="Rebuild beside the live models and compare them.")] = False,
    as_of: Annotated[
        datetime | None, typer.Option(help="Rebuild beside the live models from events recorded by then.")
    ] = None,
) -> None:
    """Rebuild read models from the events: in place (stop the projection worker first), or beside the live ones."""
    if source not in ("broker", "stores"):
        raise typer.BadParameter("choose broker or stores", param_hint="--source")
    from renda.replay import replay_service

    runtime = _entry(service).build_runtime()
    raise typer.Exit(
        replay_service(console, runtime, projection=projection, source=source, compare_live=compare, as_of=as_of)
    )


@app.command()
def reconcile(
    start: Annotated[datetime | None, typer.Option(help="First day (default: 1 January of this year).")] = None,
    end: Annotated[datetime | None, typer.Option(help="Last day (default: today).")] = None,
) -> None:
    """Check every figure against every other way of counting it; exit 1 naming any difference."""
    from renda.reconcile import reconcile_platform

    raise typer.Exit(reconcile_platform(console, start=start, end=end))


@app.command()
def report(
    period_start: Annotated[datetime, typer.Option(help="The period's first day, e.g. 2025-01-01.")],
    period_kind: Annotated[str, typer.Option(help="month | quarter | half_year | year")] = "year",
    county: Annotated[str, typer.Option(help="The county's region code.")] = "410327000000",
    as_of: Annotated[
        datetime | None, typer.Option(help="Build from the events recorded by then, e.g. 2026-12-31T23:59:59+08:00.")
    ] = None,
    source: Annotated[str, typer.Option(help="With --as-of: stores or broker.")] = "stores",
    docx: Annotated[Path | None, typer.Option(help="Write the report document (Word) here.")] = None,
    xlsx: Annotated[Path | None, typer.Option(help="Write the report tables (Excel) here.")] = None,
) -> None:
    """A county's period report (县级上报): its figures and digest, optionally as of an instant, as Word and Excel."""
    from renda.report import report_county

    raise typer.Exit(
        report_county(
            console,
            _entry("county"),
            period_start=period_start,
            period_kind=period_kind,
            county=county,
            as_of=as_of,
            source=source,
            docx=docx,
            xlsx=xlsx,
        )
    )


@app.command()
def schemas() -> None:
    """Write the JSON Schema of any new event version; fail if a published one was changed."""
    from renda.schemas import write_schemas

    raise typer.Exit(write_schemas(console))


@app.command()
def bench(
    postgres: Annotated[str, typer.Option(help="Admin URL of the PostgreSQL server to measure on.")] = (
        "postgresql://postgres@127.0.0.1:5432/postgres"
    ),
    redis_url: Annotated[str, typer.Option("--redis", help="Redis for the dashboard's hot cache.")] = (
        "redis://127.0.0.1:6379/0"
    ),
    single: Annotated[int, typer.Option(min=1, help="Opinions recorded one per request by 16 terminals.")] = 3200,
    batches: Annotated[int, typer.Option(min=1)] = 20,
    batch_size: Annotated[int, typer.Option(min=1, max=1000)] = 500,
    opinions: Annotated[
        int, typer.Option(min=1, help="Referrals timed from the station to the county roll-up and township inbox.")
    ] = 12000,
    rate: Annotated[
        float, typer.Option(min=1, help="Referrals (station events) per second for the propagation run.")
    ] = 200,
    suggestions: Annotated[int, typer.Option(min=1, help="Suggestions taken from submission to assignment.")] = 400,
    clients: Annotated[int, typer.Option(min=1, help="Concurrent clients for the suggestion commands.")] = 8,
    replay_events: Annotated[
        int, typer.Option(min=1, help="Stored events the county read models are rebuilt from (the 1× of the growth).")
    ] = 1_000_000,
    growth: Annotated[
        str, typer.Option(help="Multiples of --replay-events for replay and dashboard, e.g. 1,2,4.")
    ] = "1",
    dashboard_rate: Annotated[float, typer.Option(min=1, help="Dashboard requests per second.")] = 200,
    dashboard_seconds: Annotated[float, typer.Option(min=1, help="How long the dashboard load runs.")] = 10,
    out: Annotated[str, typer.Option(help="Directory for benchmarks.md and benchmarks.json.")] = "docs",
) -> None:
    """Measure the platform beside physical baselines taken in the same run (see docs/benchmarks.md)."""
    _require_benchmarks()
    from renda.bench.suite import BenchLoad, run_benchmarks

    load = BenchLoad(
        postgres=postgres,
        redis_url=redis_url,
        single=single,
        batches=batches,
        batch_size=batch_size,
        opinions=opinions,
        rate=rate,
        suggestions=suggestions,
        clients=clients,
        replay_events=replay_events,
        growth=growth,
        dashboard_rate=dashboard_rate,
        dashboard_seconds=dashboard_seconds,
    )
    run_benchmarks(console, load=load, out=Path(out))


@app.command()
def points(
    year: Annotated[int, typer.Option(min=2000, max=2100, help="The year to score.")],
    county: Annotated[str, typer.Option(help="The county's region code.")] = "410327000000",
    rules: Annotated[
        Path | None, typer.Option(help="A rule set (JSON) to publish first, in force from its year.")
    ] = None,
    rule_version: Annotated[int | None, typer.Option(min=1, help="Score under this version instead.")] = None,
) -> None:
    """Recompute a year's duty points (履职积分) for every deputy of a county, optionally under a new rule set."""
    from renda.points import score_county

    raise typer.Exit(
        score_county(console, _entry("county"), county=county, year=year, rules_file=rules, rule_version=rule_version)
    )


@app.command("bench-web")
def bench_web(
    url: Annotated[str, typer.Option(help="The county service of a running platform (`make run`).")] = (
        "http://127.0.0.1:8001"
    ),
    username: Annotated[str, typer.Option(help="The demo account to sign in with.")] = "county_admin",
    loads: Annotated[int, typer.Option(min=1, help="Dashboard page loads to measure.")] = 20,
) -> None:
    """The 驾驶舱's first paint and API times, measured in Chromium on a running platform."""
    _require_benchmarks()
    from renda.bench.web import print_dashboard_timings

    print_dashboard_timings(console, url=url, username=username, loads=loads)


@app.command("bench-login")
def bench_login(
    postgres: Annotated[str, typer.Option(help="Admin URL of the PostgreSQL server to measure on.")] = (
        "postgresql://postgres@127.0.0.1:5432/postgres"
    ),
    redis_url: Annotated[
        str, typer.Option("--redis", help="Redis for the login throttle.")
    ] = "redis://127.0.0.1:6379/0",
    addresses: Annotated[int, typer.Option(min=1, max=250, help="Client addresses guessing at once.")] = 60,
    seconds: Annotated[float, typer.Option(min=1, help="How long the flood runs.")] = 20,
) -> None:
    """A login flood against the county service: attempts answered per second, no 5xx, bounded memory."""
    _require_benchmarks()
    from renda.bench.login_flood import login_flood
    from renda.bench.results import render

    console.print(
        render(
            login_flood(
                admin_url=postgres, redis_url=redis_url, log_dir=Path("var/log"), many=addresses, seconds=seconds
            )
        )
    )


dlq = typer.Typer(help="What a service set aside: projections' dead letters and events the broker refused.")
app.add_typer(dlq, name="dlq")
ProjectionOption = Annotated[str | None, typer.Option(help="Only this projection's dead letters.")]


@dlq.command("list")
def dlq_list(service: ServiceArg, projection: ProjectionOption = None) -> None:
    """List the dead letters not yet applied and the events the relay set aside, with why."""
    from renda.dlq import print_set_aside

    runtime = _entry(service).build_runtime()
    try:
        print_set_aside(console, runtime, projection=projection)
    finally:
        runtime.close()


@dlq.command("replay")
def dlq_replay(service: ServiceArg, projection: ProjectionOption = None) -> None:
    """Once the cause is fixed: apply the dead letters again and publish the set-aside events again."""
    from renda.dlq import replay_set_aside

    runtime = _entry(service).build_runtime()
    try:
        code = replay_set_aside(console, runtime, projection=projection)
    finally:
        runtime.close()
    raise typer.Exit(code)


@app.command("seed-demo")
def seed_demo() -> None:
    """Create the demo accounts and, in empty stores, the demo roster and stations."""
    from renda.demo.seed import seed_every_service

    seed_every_service()
    console.print("演示数据已就绪。")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
