"""Single-command ingest: opinions recorded one per HTTP request by 16 concurrent terminals.

Each `POST /api/v1/terminal/opinions` is committed to the station's event store before its response.
The load comes from this process (an asyncio client, one connection per terminal); the station
service runs as its own process on a fresh PostgreSQL database. The baseline, in the same run: single-
row INSERT commits from as many psycopg connections into a plain table.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx

from renda.bench.databases import create_database, drop_database
from renda.bench.figure import Figure, percentile
from renda.bench.raw_commits import raw_commits
from renda.bench.serving import serving
from renda.bench.station_setup import opinion, prepare_station


async def _terminal(base: str, key: str, count: int, latencies: list[float]) -> None:
    async with httpx.AsyncClient(base_url=base, headers={"X-Device-Key": key}, timeout=120) as client:
        for index in range(count):
            started = time.perf_counter()
            response = await client.post("/api/v1/terminal/opinions", json=opinion(index))
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()


async def _drive(base: str, key: str, *, clients: int, per_client: int) -> tuple[float, list[float]]:
    await _terminal(base, key, 20, [])  # warm-up: connections, the station's aggregate, the store's plans
    latencies: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(*(_terminal(base, key, per_client, latencies) for _ in range(clients)))
    return time.perf_counter() - started, latencies


def single_command_ingest(
    *, admin_url: str, opinions: int, clients: int, log_dir: Path, processes: tuple[int, ...] = (1, 2)
) -> list[Figure]:
    """The same load against the API in one process, then in more (one figure each), beside raw commits."""
    name, url = create_database(admin_url)
    per_client = max(1, opinions // clients)
    runs: list[tuple[int, float, list[float]]] = []
    try:
        _, key = prepare_station(url)
        for count in processes:
            env = {"RENDA_STATION_API_PROCESSES": str(count)}
            with serving("station", url=url, log_dir=log_dir, env=env) as base:
                elapsed, latencies = asyncio.run(_drive(base, key, clients=clients, per_client=per_client))
            runs.append((count, elapsed, latencies))
        baseline = raw_commits(url, clients=clients, per_client=max(200, per_client))
    finally:
        drop_database(admin_url, name)
    recorded = clients * per_client
    figures = []
    for count, elapsed, latencies in runs:
        if len(latencies) != recorded:
            raise RuntimeError(f"only {len(latencies)} of {recorded} opinions were recorded")
        p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
        api = "" if count == 1 else f", API in {count} processes"
        label = (
            f"single-command ingest: opinions one per request, {clients} clients{api}"
            f" (p50 {p50:.0f} ms, p99 {p99:.0f} ms)"
        )
        figures.append(
            Figure(
                label,
                recorded / elapsed,
                f"raw single-row INSERT commits, {clients} connections",
                baseline,
                "events/s",
                "≥ 0.5×",
            )
        )
    return figures
