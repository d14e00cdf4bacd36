"""`renda bench`: platform figures beside physical baselines measured in the same run on the same machine.

Batch ingest: a station terminal uploads opinions in batches of 500 through `POST /api/v1/terminal/batch`
to a station service (its own process, PostgreSQL store); the baseline copies the same rows into a
plain PostgreSQL table with COPY, and inserts them with one multi-row INSERT per batch.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from psycopg import sql

from renda.broker import free_port, wait_for_port

TOWNSHIP_USER = ("bench_township", "bench-password-2026")


@dataclass
class Figure:
    name: str
    ours: float
    baseline_name: str
    baseline: float
    unit: str
    target: str

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else 0.0


def _opinion(index: int) -> dict[str, object]:
    return {
        "type": "record_opinion",
        "command_id": str(uuid.uuid4()),
        "category": "城乡建设",
        "content": f"第{index}号意见：村道破损，雨天积水，请求修缮",
        "place": "东门路",
        "voter_name": "张三",
        "voter_phone": "13812345678",
    }


def _create_database(admin_url: str) -> tuple[str, str]:
    name = f"renda_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    # Replace only the path: an embedded server's URL carries its socket directory in `?host=`.
    return name, urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


def _drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _baselines(url: str, batches: list[list[dict[str, object]]]) -> tuple[float, float]:
    rows = [
        (item["command_id"], item["category"], item["content"], item["place"], item["voter_name"], item["voter_phone"])
        for batch in batches
        for item in batch
    ]
    with psycopg.connect(url) as connection:
        connection.execute(
            "CREATE TABLE raw_copy (id uuid, category text, content text, place text, name text, phone text)"
        )
        connection.execute("CREATE TABLE raw_insert (LIKE raw_copy)")
        connection.commit()
        started = time.perf_counter()
        size = len(batches[0])
        for start in range(0, len(rows), size):
            with connection.cursor().copy("COPY raw_copy FROM STDIN") as copy:
                for row in rows[start : start + size]:
                    copy.write_row(row)
            connection.commit()
        copy_rate = len(rows) / (time.perf_counter() - started)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for start in range(0, len(rows), size):
                cursor.executemany("INSERT INTO raw_insert VALUES (%s, %s, %s, %s, %s, %s)", rows[start : start + size])
                connection.commit()
        insert_rate = len(rows) / (time.perf_counter() - started)
    return copy_rate, insert_rate


def _prepare_station(url: str) -> tuple[str, str]:
    """A station and a device key in a fresh station database, as the service will find them."""
    from sqlalchemy.orm import Session

    from services.station.adapters.device_keys import SqlDeviceKeys
    from services.station.config import StationSettings
    from services.station.domain.station import Station
    from services.station.projections.directory import DIRECTORY
    from shared.events.catalog.station import StationKind
    from shared.runtime import ServiceRuntime

    runtime = ServiceRuntime(settings=StationSettings(event_store_url=url, database_url=url), projections=[DIRECTORY])
    station = Station.set_up(
        station_id=uuid.uuid4(),
        name="基准测试联络站",
        kind=StationKind.COMMUNITY_ROOM,
        host_place="",
        region_code="410327100201",
        villages_served=[],
        ctx=runtime.commands.context(actor="bench"),
    )
    [event] = station.collect_events()
    runtime.store.append([event])
    with Session(runtime.engine) as session, session.begin():
        DIRECTORY.handlers[event.event_type](session, event)
    key = SqlDeviceKeys(runtime.engine).issue(station_id=station.id, region_code="410327100201", label="bench")
    runtime.close()
    return str(station.id), key.plaintext


FINDINGS = "## Findings"
"""The heading of the hand-written part of docs/benchmarks.md: what the figures say, gaps and next steps."""

PEAKS_KIB: dict[str, int] = {}
"""Each service's peak RSS (VmHWM) over the runs of this bench process, by service name."""


def peak_kib(pid: int) -> int:
    """A process's peak RSS in KiB: VmHWM, the high-water mark of its address space."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


@contextmanager
def serving(service: str, *, url: str, log_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run one service's API as its own process on a database; yields its base URL.

    Before it stops, the process's peak memory is kept in `PEAKS_KIB` (the largest over the run).
    """
    port = free_port()
    prefix = f"RENDA_{service.upper()}_"
    env = {
        **os.environ,
        f"{prefix}EVENT_STORE_URL": url,
        f"{prefix}DATABASE_URL": url,
        f"{prefix}PORT": str(port),
        **(env or {}),
    }
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / f"bench-{service}.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "renda.cli", "serve", service], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_for_port(host="127.0.0.1", port=port, timeout=60)
            yield f"http://127.0.0.1:{port}"
            PEAKS_KIB[service] = max(PEAKS_KIB.get(service, 0), peak_kib(server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)


def batch_ingest(
    *, admin_url: str, batches: int, batch_size: int, log_dir: Path, terminals: int = 4, processes: int = 2
) -> list[Figure]:
    """Terminal uploads, one after another into one API process, then from several terminals at once into
    several API processes; both beside COPY and INSERT of the same rows."""
    name, url = _create_database(admin_url)
    try:
        _, device_key = _prepare_station(url)
        payloads = [[_opinion(b * batch_size + i) for i in range(batch_size)] for b in range(batches)]
        with serving("station", url=url, log_dir=log_dir) as base:
            ours = _upload(base, device_key, payloads, terminals=1)
        together = [[_opinion(b * batch_size + i) for i in range(batch_size)] for b in range(batches, 2 * batches)]
        env = {"RENDA_STATION_API_PROCESSES": str(processes)}
        with serving("station", url=url, log_dir=log_dir, env=env) as base:
            concurrent = _upload(base, device_key, together, terminals=terminals)
        copy_rate, insert_rate = _baselines(url, payloads)
    finally:
        _drop_database(admin_url, name)
    label = f"batch ingest (terminal uploads of {batch_size})"
    at_once = f"batch ingest (uploads of {batch_size}, {terminals} terminals at once, API in {processes} processes)"
    target = "≥ 0.2× and ≥ 10,000 events/s"
    return [
        Figure(label, ours, "raw COPY, same rows", copy_rate, "events/s", target),
        Figure(label, ours, "raw INSERT executemany, same rows", insert_rate, "events/s", "—"),
        Figure(at_once, concurrent, "raw COPY, same rows", copy_rate, "events/s", target),
    ]


def _upload(base: str, device_key: str, payloads: list[list[dict[str, object]]], *, terminals: int) -> float:
    """Post the batches from `terminals` threads (each its share, in turn); events stored per second."""
    shares = [payloads[index::terminals] for index in range(terminals)]

    def terminal(share: list[list[dict[str, object]]]) -> None:
        with httpx.Client(base_url=base, headers={"X-Device-Key": device_key}, timeout=600) as client:
            for batch in share:
                response = client.post("/api/v1/terminal/batch", json={"items": batch})
                response.raise_for_status()
                assert response.json()["accepted"] == len(batch), response.text

    terminal([[_opinion(-1)]] * terminals)  # warm-up, a request per API process at most
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=terminals) as pool:
        list(pool.map(terminal, shares))
    return sum(len(batch) for batch in payloads) / (time.perf_counter() - started)


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


def memory_figures() -> list[Figure]:
    """Each service's peak memory over the runs of this bench process (the replay's own is its row)."""
    return [
        Figure(f"peak memory of the {service} service process", kib / 1024, "—", 0.0, "MiB", "reported")
        for service, kib in sorted(PEAKS_KIB.items())
    ]


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
