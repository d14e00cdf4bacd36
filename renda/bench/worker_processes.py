"""The platform's relay and projection workers as their own OS processes, as `renda run` starts them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg

from renda.broker import stop_process
from shared.runtime import ServiceRuntime

WORKERS = ("relay", "project")
"""The worker commands `renda run` starts for every service (beside `serve`, which this load does not use)."""


@dataclass
class Worker:
    label: str
    process: subprocess.Popen[bytes]


def spawn(label: str, args: list[str], *, env: dict[str, str], log_dir: Path) -> Worker:
    """`renda <args>` as a child process, logging to `bench-propagation-<label>.log`."""
    log = open(log_dir / f"bench-propagation-{label}.log", "wb")  # noqa: SIM115 — the child writes to it until it exits
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "renda.cli", *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    finally:
        log.close()  # the child has its own descriptor
    return Worker(label, process)


def stop_workers(workers: list[Worker]) -> None:
    """SIGINT to every worker (they finish their batch and exit), then wait; SIGKILL what does not stop."""
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.send_signal(signal.SIGINT)
    for worker in workers:
        stop_process(worker.process, timeout=30)


def expected_partitions(runtime: ServiceRuntime) -> dict[str, int]:
    """The partitions each of the service's projections is assigned once its consumer group has settled."""
    partitions = runtime.settings.platform.kafka_partitions
    return {projection.name: len(projection.topics) * partitions for projection in runtime.projections}


def projection_states(url: str) -> dict[str, tuple[int, int]]:
    """Each projection's (assigned partitions, lag), as its worker last saved them."""
    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute("SELECT projection, offsets, highwater FROM projection_state").fetchall()
    states = {}
    for name, offsets_text, highwater_text in rows:
        offsets, highwater = json.loads(offsets_text), json.loads(highwater_text)
        lag = sum(max(0, mark - offsets.get(p, 0)) for p, mark in highwater.items())
        states[name] = (len(offsets), lag)
    return states


def wait_until(
    check: Callable[[], bool], *, timeout: float, what: str, workers: list[Worker], interval: float = 0.2
) -> None:
    """Poll `check` until it holds; fail at once if a worker exits, or after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        for worker in workers:
            if worker.process.poll() is not None:
                raise RuntimeError(f"{worker.label} exited with {worker.process.returncode} while waiting for {what}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)
