"""`renda serve` runs a service's API in several processes on one port when asked (RENDA_<SERVICE>_API_PROCESSES)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from renda.bench.serving import serving
from renda.bench.station_setup import prepare_station
from tests.support.platform import eventually
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration


def test_the_station_api_answers_from_two_processes_on_one_port(postgres: Postgres, tmp_path: Path) -> None:
    url = postgres.create_database()
    _, device_key = prepare_station(url)

    def started() -> set[str]:
        return set(re.findall(r"Started server process \[(\d+)\]", (tmp_path / "bench-station.log").read_text()))

    env = {"RENDA_STATION_API_PROCESSES": "2"}
    with (
        serving("station", url=url, log_dir=tmp_path, env=env) as base,
        httpx.Client(base_url=base, headers={"X-Device-Key": device_key}) as client,
    ):
        # The port answers once the first process listens; the second may still be starting.
        workers = eventually(started, until=lambda pids: len(pids) >= 2)
        answers = [client.get("/api/v1/terminal/station").status_code for _ in range(20)]

    assert answers == [200] * 20
    assert len(workers) == 2
