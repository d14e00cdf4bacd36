"""A service's API as its own process for the length of one measurement, and its peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from renda.bench.figure import Figure
from renda.broker import free_port, wait_for_port

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


def memory_figures() -> list[Figure]:
    """Each service's peak memory over the runs of this bench process (the replay's own is its row)."""
    return [
        Figure(f"peak memory of the {service} service process", kib / 1024, "—", 0.0, "MiB", "reported")
        for service, kib in sorted(PEAKS_KIB.items())
    ]
