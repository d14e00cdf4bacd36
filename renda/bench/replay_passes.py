"""The two timed passes over the stored events, each in a fresh interpreter so its peak memory is its own:
the baseline (SELECT and decode) and the replay (rebuild every county read model)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg

from renda.bench.store_copy import STORES


@dataclass
class Measured:
    """One timed pass in its own process: events read, seconds, peak RSS, and what it left behind."""

    events: int
    seconds: float
    peak_kib: int
    applied: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def _peak_kib() -> int:
    """This process's peak RSS in KiB: VmHWM, the high-water mark of its own address space.

    Not `getrusage`'s ru_maxrss: Linux carries that across fork and exec, so a child started by a
    big parent would report the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def measure_baseline(urls: dict[str, str]) -> Measured:
    """SELECT every stored event of each store in store order with psycopg, and decode each with the registry."""
    from shared.events import default_registry

    registry = default_registry()
    count = 0
    started = time.perf_counter()
    for name in STORES:
        with psycopg.connect(urls[name]) as connection, connection.cursor(name="stored_events") as cursor:
            cursor.itersize = 2000
            cursor.execute("SELECT state FROM stored_events ORDER BY notification_id")
            for (state,) in cursor:
                registry.decode(state)
                count += 1
    return Measured(events=count, seconds=time.perf_counter() - started, peak_kib=_peak_kib())


def measure_replay(urls: dict[str, str]) -> Measured:
    """Rebuild every county read model (not its intake) from the three stores, as `renda replay` does."""
    from sqlalchemy import func, select

    from renda.services import SERVICES
    from services.county.config import CountySettings
    from shared.eventstore.url import open_event_store
    from shared.messaging.rebuild import rebuild_together
    from shared.messaging.runner import ProjectionRunner
    from shared.messaging.sources import StoreSource

    runtime = SERVICES["county"].build_runtime(
        CountySettings(event_store_url=urls["county"], database_url=urls["county"])
    )
    stores = [open_event_store(urls[name], registry=runtime.registry) for name in ("station", "township")]
    stores.append(runtime.store)
    # A rebuild parks nothing (it applies with park_poison=False): no broker, no dead-letter producer.
    runners = [
        ProjectionRunner(
            projection=projection,
            engine=runtime.engine,
            registry=runtime.registry,
            kafka=runtime.kafka,
            dead_letters=None,
        )
        for projection in runtime.projections
        if not projection.runs_commands
    ]
    events = sum(store.position() for store in stores)
    source = StoreSource(stores)
    started = time.perf_counter()
    applied = rebuild_together(runners, source=source)
    seconds = time.perf_counter() - started
    rows: dict[str, int] = {}
    with runtime.engine.connect() as connection:
        for runner in runners:
            for table in runner.projection.metadata.sorted_tables:
                rows[table.name] = int(connection.execute(select(func.count()).select_from(table)).scalar_one())
    for store in stores[:2]:
        store.close()
    runtime.close()
    return Measured(events=events, seconds=seconds, peak_kib=_peak_kib(), applied=applied, rows=rows)


def in_own_process(kind: str, urls: dict[str, str]) -> Measured:
    """Run one measurement in a fresh interpreter (`python -m renda.bench.replay_passes KIND URLS`), for its own peak RSS."""
    done = subprocess.run(
        [sys.executable, "-m", "renda.bench.replay_passes", kind, json.dumps(urls)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {kind} pass failed:\n{done.stderr[-4000:]}")
    return Measured(**json.loads(done.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    measure = {"baseline": measure_baseline, "replay": measure_replay}[sys.argv[1]]
    print(json.dumps(asdict(measure(json.loads(sys.argv[2])))))
