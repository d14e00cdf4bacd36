"""Batch ingest: a station terminal uploads opinions in batches through `POST /api/v1/terminal/batch`.

The station service runs as its own process on a fresh PostgreSQL database (its store and read models);
the baseline copies the same rows into a plain PostgreSQL table with COPY, and inserts them with one
multi-row INSERT per batch.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg

from renda.bench.databases import create_database, drop_database
from renda.bench.figure import Figure
from renda.bench.serving import serving
from renda.bench.station_setup import opinion, prepare_station


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


def batch_ingest(
    *, admin_url: str, batches: int, batch_size: int, log_dir: Path, terminals: int = 4, processes: int = 2
) -> list[Figure]:
    """Terminal uploads, one after another into one API process, then from several terminals at once into
    several API processes; both beside COPY and INSERT of the same rows."""
    name, url = create_database(admin_url)
    try:
        _, device_key = prepare_station(url)
        payloads = [[opinion(b * batch_size + i) for i in range(batch_size)] for b in range(batches)]
        with serving("station", url=url, log_dir=log_dir) as base:
            ours = _upload(base, device_key, payloads, terminals=1)
        together = [[opinion(b * batch_size + i) for i in range(batch_size)] for b in range(batches, 2 * batches)]
        env = {"RENDA_STATION_API_PROCESSES": str(processes)}
        with serving("station", url=url, log_dir=log_dir, env=env) as base:
            concurrent = _upload(base, device_key, together, terminals=terminals)
        copy_rate, insert_rate = _baselines(url, payloads)
    finally:
        drop_database(admin_url, name)
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

    terminal([[opinion(-1)]] * terminals)  # warm-up, a request per API process at most
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=terminals) as pool:
        list(pool.map(terminal, shares))
    return sum(len(batch) for batch in payloads) / (time.perf_counter() - started)
