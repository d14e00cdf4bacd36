"""`renda replay`: rebuild a service's read models from the events, in place or beside the live ones.

Beside the live ones (`--compare`), the models are rebuilt into a scratch database of the same kind
(a sibling SQLite file, or a sibling PostgreSQL database), each is dumped canonically on both sides,
and the hashes and any differences are reported. With `--as-of`, only events the stores had recorded
by then are applied: the read models as they stood at that moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psycopg
from rich.console import Console
from rich.progress import Progress as ProgressBar
from rich.progress import SpinnerColumn, TextColumn
from rich.table import Table
from sqlalchemy.engine import make_url

from renda.services import SERVICES
from shared.calendar import CHINA
from shared.eventstore.store import EventStore
from shared.messaging.rebuild import rebuild_together
from shared.messaging.runner import ProjectionRunner
from shared.messaging.sources import BrokerSource, EventSource, StoreSource
from shared.readmodel.dump import Difference, differences, digest, dump
from shared.runtime import ServiceRuntime

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Rebuilt:
    """One read model rebuilt: how many events it applied, its rows and hash, and how it compares."""

    projection: str
    applied: int
    rows: int
    digest: str
    live_digest: str | None = None
    differences: tuple[Difference, ...] = ()

    @property
    def equal(self) -> bool | None:
        return None if self.live_digest is None else self.live_digest == self.digest


def read_models(runtime: ServiceRuntime, only: str | None = None) -> list[ProjectionRunner]:
    """The runners of the service's read models (not its intakes), or only the one named."""
    runners = [runner for runner in runtime.runners() if not runner.projection.runs_commands]
    if only is not None:
        runners = [runner for runner in runners if runner.projection.name == only]
        if not runners:
            raise KeyError(only)
    return runners


def event_source(runtime: ServiceRuntime, kind: str, stores: Sequence[EventStore] | None = None) -> EventSource:
    """The broker's topics, or every service's store (a read model may follow other tiers' events)."""
    if kind == "broker":
        return BrokerSource(runtime.kafka)
    if stores is None:
        stores = [runtime.store if name == runtime.name else SERVICES[name].build_runtime().store for name in SERVICES]
    return StoreSource(stores)


def scratch_url(url: str) -> str:
    """A sibling database of the same kind, emptied: `<file>.replay<suffix>` or `<database>_replay`."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        path = Path(parsed.database or "replay.sqlite")
        scratch = path.with_name(f"{path.stem}.replay{path.suffix}")
        for leftover in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
            leftover.unlink(missing_ok=True)
        return str(parsed.set(database=str(scratch)))
    name = f"{parsed.database}_replay"
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(database=name).render_as_string(hide_password=False)


@contextmanager
def scratch_runtime(runtime: ServiceRuntime) -> Iterator[ServiceRuntime]:
    """The same service with its read models in a scratch database (same store, same broker)."""
    settings = runtime.settings.model_copy(update={"database_url": scratch_url(runtime.settings.database_url)})
    scratch = SERVICES[runtime.name].build_runtime(settings)
    try:
        yield scratch
    finally:
        scratch.close()


def rebuild(
    runtime: ServiceRuntime,
    *,
    only: str | None = None,
    source: str = "broker",
    stores: Sequence[EventStore] | None = None,
    recorded_until: datetime | None = None,
    progress: Progress | None = None,
) -> list[Rebuilt]:
    """Rebuild the read models in the runtime's own database (from `stores`, or those the settings name)."""
    runners = read_models(runtime, only)
    applied = rebuild_together(
        runners, source=event_source(runtime, source, stores), recorded_until=recorded_until, progress=progress
    )
    results = []
    for runner in runners:
        name = runner.projection.name
        model = dump(runtime.engine, runner.projection.metadata)
        results.append(Rebuilt(name, applied[name], _rows(model), digest(model)))
    return results


def compare(
    runtime: ServiceRuntime,
    *,
    only: str | None = None,
    source: str = "broker",
    stores: Sequence[EventStore] | None = None,
    progress: Progress | None = None,
) -> list[Rebuilt]:
    """Rebuild beside the live models and compare each canonical dump with the live one."""
    with scratch_runtime(runtime) as scratch:
        rebuilt = rebuild(scratch, only=only, source=source, stores=stores, progress=progress)
        results = []
        for result in rebuilt:
            metadata = runtime.projection(result.projection).metadata
            live = dump(runtime.engine, metadata)
            ours = dump(scratch.engine, metadata)
            results.append(
                Rebuilt(
                    result.projection,
                    result.applied,
                    result.rows,
                    result.digest,
                    live_digest=digest(live),
                    differences=tuple(differences(live, ours)),
                )
            )
    return results


def _rows(model: dict[str, dict[str, dict[str, object]]]) -> int:
    return sum(len(rows) for rows in model.values())


def all_equal(results: Sequence[Rebuilt]) -> bool:
    return all(result.equal is not False for result in results)


def table(results: Sequence[Rebuilt]) -> Table:
    """The rebuilt models: events applied, rows, hash and, when compared, whether it equals the live one."""
    compared = any(result.live_digest is not None for result in results)
    view = Table("读模型", "应用事件", "行数", "哈希", *(("现有模型哈希", "一致") if compared else ()))
    for result in results:
        cells = [result.projection, str(result.applied), str(result.rows), result.digest[:16]]
        if compared:
            cells += [(result.live_digest or "")[:16], "✓" if result.equal else f"✗ {len(result.differences)} 处不同"]
        view.add_row(*cells)
    return view


def as_instant(moment: datetime) -> datetime:
    """An instant given without an offset is Beijing time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA)


def replay_service(
    console: Console,
    runtime: ServiceRuntime,
    *,
    projection: str | None,
    source: str,
    compare_live: bool,
    as_of: datetime | None,
) -> int:
    """Rebuild in place, beside the live models to compare them, or beside them as of an instant; print the
    results. Exit code 1 if a compared model differs from the live one."""
    with ProgressBar(SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True) as bar:
        task = bar.add_task("重建中", total=None)

        def progress(name: str, applied: int) -> None:
            bar.update(task, description=f"{name}: 已应用 {applied} 条事件")

        if compare_live:
            results = compare(runtime, only=projection, source=source, progress=progress)
        elif as_of is not None:
            with scratch_runtime(runtime) as scratch:
                results = rebuild(
                    scratch, only=projection, source=source, recorded_until=as_instant(as_of), progress=progress
                )
                console.print(f"截至 {as_instant(as_of).isoformat()} 的读模型已重建于 {scratch.settings.database_url}")
        else:
            results = rebuild(runtime, only=projection, source=source, progress=progress)
    console.print(table(results))
    for result in results:
        for difference in result.differences[:20]:
            console.print(f"[red]{result.projection}[/] {difference}")
    return 0 if all_equal(results) else 1
