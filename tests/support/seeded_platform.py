"""The demo world on the three services, in process, for the security tests: apps, logins, a device key.

Each service has its own fresh PostgreSQL database, seeded with the demo data; its relay and projections
run in threads on a broker of its own, so what a request records is projected (and relayed) as in
production. Requests go to the FastAPI apps in process (starlette's test client).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from renda.demo.seed import DEMO_PASSWORD, STATIONS
from renda.demo.seed import _id as demo_id
from renda.services import SERVICES
from shared.runtime import ServiceRuntime
from tests.conftest import Broker
from tests.support.platform import demo_world, eventually
from tests.support.servers import Postgres

DEMO_STATION = demo_id(STATIONS[0][0])
"""东门社区人大代表联络站, the station whose terminal the tests use."""


def demo_uuid(name: str) -> uuid.UUID:
    """The stable id the demo gives `name` (a deputy, a station)."""
    return demo_id(name)


@dataclass(frozen=True)
class SeededPlatform:
    runtimes: dict[str, ServiceRuntime]
    apps: dict[str, FastAPI]
    clients: dict[str, TestClient]
    terminal_key: str

    def token(self, service: str, username: str) -> str:
        """A bearer token from the service's own login route."""
        login = self.clients[service].post("/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD})
        assert login.status_code == 200, login.text
        token: str = login.json()["access_token"]
        return token

    def bearer(self, service: str, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(service, username)}"}


def _count(client: TestClient, path: str, headers: dict[str, str], *, paged: bool = False) -> int:
    """How many rows the list at `path` shows (on its first page, if it is paged); -1 while it is refused."""
    response = client.get(path, headers=headers)
    if response.status_code != 200:
        return -1
    body = response.json()
    return len(body["items"] if paged else body)


@contextmanager
def seeded_platform(*, postgres: Postgres, redis_url: str, workdir: Path) -> Iterator[SeededPlatform]:
    """The three services with the demo data, their workers running, until the block ends."""
    namespace = f"sec-{uuid.uuid4().hex[:12]}"
    broker = Broker(workdir)
    broker.start()
    with ExitStack() as stack:
        stack.callback(broker.stop)
        # A short read-your-writes wait: a test that waits on an event that never comes should not stall.
        runtimes = stack.enter_context(
            demo_world(
                postgres=postgres,
                bootstrap=broker.bootstrap,
                redis_url=redis_url,
                namespace=namespace,
                read_wait_seconds=2,
            )
        )
        apps = {name: SERVICES[name].create_app(runtime) for name, runtime in runtimes.items()}
        clients = {name: stack.enter_context(TestClient(app)) for name, app in apps.items()}
        platform = SeededPlatform(runtimes=runtimes, apps=apps, clients=clients, terminal_key="")
        county = platform.bearer("county", "county_admin")
        township = platform.bearer("township", "township_cg")
        issued = clients["station"].post(
            f"/api/v1/stations/{DEMO_STATION}/device-keys", json={"label": "安全测试终端"}, headers=county
        )
        assert issued.status_code == 201, issued.text
        platform = SeededPlatform(
            runtimes=runtimes, apps=apps, clients=clients, terminal_key=issued.json()["device_key"]
        )
        # The demo's own events, and the station's referrals at the township, are in the read models.
        eventually(lambda: _count(clients["county"], "/api/v1/deputies", county), until=lambda n: n >= 4)
        eventually(lambda: _count(clients["station"], "/api/v1/stations", county), until=lambda n: n >= 3)
        eventually(
            lambda: _count(clients["township"], "/api/v1/referrals", township, paged=True), until=lambda n: n >= 2
        )
        terminal = {"X-Device-Key": platform.terminal_key}
        eventually(
            lambda: _count(clients["station"], "/api/v1/terminal/ledger/opinions", terminal, paged=True),
            until=lambda n: n >= 3,
        )
        yield platform


def store_positions(platform: SeededPlatform) -> dict[str, int]:
    """Every service's event store position: a refused request must leave them all where they were."""
    return {name: int(runtime.store.position()) for name, runtime in platform.runtimes.items()}
