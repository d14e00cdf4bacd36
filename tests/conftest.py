"""Real servers for the tests: a Tansu broker on a free port per test, PostgreSQL and Redis per session.

Local PostgreSQL and Redis are used when reachable; otherwise embedded servers from pip wheels
start. Nothing is skipped. Every run creates its own databases and its own broker, and removes them.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from renda.broker import free_port, start_broker
from tests.support.servers import Postgres, postgres_server, redis_server


class Broker:
    """The session's broker; tests may stop it and start it again empty, on the same port."""

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self._log = log_dir / "broker.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        self._process = start_broker(port=self.port, log_path=self._log)

    def stop(self) -> None:
        # The broker keeps nothing on disk, so there is nothing a graceful stop would save.
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def restart_empty(self) -> None:
        """Stop and start again: the memory-only broker comes back with no topics and no data."""
        self.stop()
        self.start()


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    """A broker of the test's own: it starts in milliseconds, and no test sees another's topics."""
    server = Broker(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Postgres]:
    with postgres_server(tmp_path_factory.mktemp("postgres")) as server:
        yield server


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
