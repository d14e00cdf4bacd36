"""`renda`: the one command line of the platform."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn

from renda.services import SERVICES

app = typer.Typer(help="人大代表履职平台 command line", no_args_is_help=True)
console = Console()

ServiceArg = Annotated[str, typer.Argument(help="county | township | station")]


def _entry(name: str):  # type: ignore[no-untyped-def]
    if name not in SERVICES:
        raise typer.BadParameter(f"unknown service {name!r}; choose from {', '.join(SERVICES)}")
    return SERVICES[name]


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("kafka").setLevel(logging.WARNING)


@app.command()
def run(no_broker: Annotated[bool, typer.Option(help="Use an already running broker.")] = False) -> None:
    """Run the whole platform locally (broker, three services, relays, projections, demo data)."""
    from renda.supervisor import run_platform

    raise typer.Exit(run_platform(console, with_broker=not no_broker))


@app.command()
def serve(service: ServiceArg) -> None:
    """Serve one service's HTTP API."""
    import uvicorn

    _logging()
    entry = _entry(service)
    runtime = entry.build_runtime()
    settings = runtime.settings
    if settings.api_processes == 1:
        uvicorn.run(entry.create_app(runtime), host=settings.host, port=settings.port, log_level="info")
        return
    # Each worker process builds its own runtime from the same environment.
    runtime.close()
    uvicorn.run(
        f"renda.services:{service}_app",
        factory=True,
        workers=settings.api_processes,
        host=settings.host,
        port=settings.port,
        log_level="info",
    )


@app.command()
def relay(service: ServiceArg) -> None:
    """Publish one service's stored events to Kafka, following its store."""
    from renda.workers import run_relay, stop_on_signals

    _logging()
    run_relay(_entry(service).build_runtime(), stop_on_signals())


@app.command()
def project(
    service: ServiceArg,
    projection: Annotated[str | None, typer.Option(help="Only this projection.")] = None,
) -> None:
    """Run one service's projections (consumer groups feeding its read models)."""
    from renda.workers import run_projections, stop_on_signals

    _logging()
    run_projections(_entry(service).build_runtime(), stop_on_signals(), only=projection)


@app.command()
def republish(
    service: ServiceArg,
    start: Annotated[int, typer.Option("--from", min=1, help="First store position to publish again.")] = 1,
) -> None:
    """Publish stored events again from a position (after the broker lost its data).

    Rewinds the service's relay, so the one publisher sends everything again in store order; a relay
    that is running picks it up at once, a stopped one when it starts.
    """
    runtime = _entry(service).build_runtime()
    runtime.relay_positions.rewind(relay=runtime.name, to=start - 1)
    console.print(
        f"{service}: 转发器已回到位置 {start - 1}，将按存储顺序重新发布 {runtime.store.position() - start + 1} 条事件"
    )


@app.command()
def check(
    service: ServiceArg,
    timeout: Annotated[float, typer.Option(min=0.5, help="Seconds to wait for the broker.")] = 5.0,
) -> None:
    """Probe one service's database, event store and broker; exit 1 naming what does not answer."""
    from renda.check import probe_service

    runtime = _entry(service).build_runtime()
    try:
        probes = probe_service(runtime, timeout_ms=int(timeout * 1000))
    finally:
        runtime.close()
    for probe in probes:
        mark = "[green]✓[/]" if probe.ok else "[red]✗[/]"
        console.print(f"{mark} {service} {probe.name}: {probe.detail}")
    if not all(probe.ok for probe in probes):
        raise typer.Exit(1)


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
    from renda import replay as replaying

    if source not in ("broker", "stores"):
        raise typer.BadParameter("choose broker or stores", param_hint="--source")
    runtime = _entry(service).build_runtime()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True) as bar:
        task = bar.add_task("重建中", total=None)

        def progress(name: str, applied: int) -> None:
            bar.update(task, description=f"{name}: 已应用 {applied} 条事件")

        if compare:
            results = replaying.compare(runtime, only=projection, source=source, progress=progress)
        elif as_of is not None:
            with replaying.scratch_runtime(runtime) as scratch:
                results = replaying.rebuild(
                    scratch, only=projection, source=source, recorded_until=_aware(as_of), progress=progress
                )
                console.print(f"截至 {_aware(as_of).isoformat()} 的读模型已重建于 {scratch.settings.database_url}")
        else:
            results = replaying.rebuild(runtime, only=projection, source=source, progress=progress)
    console.print(replaying.table(results))
    for result in results:
        for difference in result.differences[:20]:
            console.print(f"[red]{result.projection}[/] {difference}")
    if not replaying.all_equal(results):
        raise typer.Exit(1)


def _aware(moment: datetime) -> datetime:
    """An instant given without an offset is Beijing time."""
    from shared.calendar import CHINA

    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA)


@app.command()
def reconcile(
    start: Annotated[datetime | None, typer.Option(help="First day (default: 1 January of this year).")] = None,
    end: Annotated[datetime | None, typer.Option(help="Last day (default: today).")] = None,
) -> None:
    """Check every figure against every other way of counting it; exit 1 naming any difference."""
    from renda.reconcile import reconcile as checks_of
    from renda.reconcile import table
    from shared.application import utc_now
    from shared.calendar import china_date

    today = china_date(utc_now())
    first = start.date() if start else date(today.year, 1, 1)
    last = end.date() if end else today
    runtimes = {name: entry.build_runtime() for name, entry in SERVICES.items()}
    scope = runtimes["county"].settings.platform.scope_region_code
    checks = checks_of(runtimes, scope=scope, start=first, end=last, today=min(today, last + timedelta(days=1)))
    console.print(f"对账：{scope}，{first.isoformat()} 至 {last.isoformat()}")
    console.print(table(checks))
    differences = [difference for check in checks for difference in check.differences]
    for difference in differences[:50]:
        console.print(f"[red]✗[/] {difference}")
    if differences:
        raise typer.Exit(1)


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
    from renda.report import county_report, summary
    from services.county.adapters.report_document import report_docx, report_xlsx
    from shared.errors import PlatformError
    from shared.events.catalog.reports import PeriodKind
    from shared.figures.period import ReportPeriod

    try:
        period = ReportPeriod(kind=PeriodKind(period_kind), start=period_start.date())
        draft = county_report(
            _entry("county").build_runtime(),
            county=county,
            period=period,
            as_of=None if as_of is None else _aware(as_of),
            source=source,
        )
    except (PlatformError, ValueError) as error:
        console.print(f"[red]{getattr(error, 'code', 'INVALID')}[/] {getattr(error, 'message', error)}")
        raise typer.Exit(1) from None
    moment = "现有读模型" if as_of is None else f"截至 {_aware(as_of).isoformat()} 记录的事件"
    console.print(f"{county} {period.start.isoformat()} 至 {period.end.isoformat()}（{moment}）")
    console.print(summary(draft))
    console.print(f"报告摘要 {draft.digest}")
    if docx is not None:
        docx.write_bytes(report_docx(draft, county_name=county))
        console.print(f"报告正文：{docx}")
    if xlsx is not None:
        xlsx.write_bytes(report_xlsx(draft))
        console.print(f"报告附表：{xlsx}")


@app.command()
def schemas() -> None:
    """Write the JSON Schema of any new event version; fail if a published one was changed."""
    from shared.events import default_registry
    from shared.events.schema_export import check_schemas

    changed = check_schemas(default_registry(), write_missing=True)
    if changed:
        console.print("[red]已发布的事件模式被修改（应新增版本并编写升级器）：[/] " + ", ".join(changed))
        raise typer.Exit(1)
    console.print("事件模式已是最新。")


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
    from renda.points import recompute, show
    from shared.errors import PlatformError

    try:
        show(
            console,
            recompute(
                _entry("county").build_runtime(), county=county, year=year, rules_file=rules, rule_version=rule_version
            ),
        )
    except PlatformError as error:
        console.print(f"[red]{error.code}[/] {error.message}")
        raise typer.Exit(1) from None


@app.command("bench-web")
def bench_web(
    url: Annotated[str, typer.Option(help="The county service of a running platform (`make run`).")] = (
        "http://127.0.0.1:8001"
    ),
    username: Annotated[str, typer.Option(help="The demo account to sign in with.")] = "county_admin",
    loads: Annotated[int, typer.Option(min=1, help="Dashboard page loads to measure.")] = 20,
) -> None:
    """The 驾驶舱's first paint and API times, measured in Chromium on a running platform."""
    from renda.bench.web import print_dashboard_timings

    print_dashboard_timings(console, url=url, username=username, loads=loads)


@app.command("seed-demo")
def seed_demo() -> None:
    """Create the demo accounts and, in empty stores, the demo roster and stations."""
    from renda.demo.seed import seed

    runtimes = {name: entry.build_runtime() for name, entry in SERVICES.items()}
    seed(runtimes)
    console.print("演示数据已就绪。")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
