"""The demo platform for the browser tests: three services with the demo data, their relays and projections.

It is what `make run` starts, in one process: the county and station apps served by uvicorn, every relay
and projection runner in a thread, on the tests' broker, PostgreSQL and Redis.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from renda.demo.seed import DEMO_PASSWORD, demo_terminal_key
from renda.services import SERVICES
from shared.application import utc_now
from shared.calendar.china_time import china_date
from shared.runtime import ServiceRuntime
from tests.support.paging import every_item
from tests.support.platform import demo_world, eventually, serving
from tests.support.servers import Postgres

COUNTY = "410327000000"


@dataclass(frozen=True)
class DemoPlatform:
    runtimes: dict[str, ServiceRuntime]
    county_url: str
    station_url: str
    terminal_key: str

    def token(self, username: str, *, service_url: str | None = None) -> dict[str, str]:
        login = httpx.post(
            f"{service_url or self.county_url}/api/v1/auth/login",
            json={"username": username, "password": DEMO_PASSWORD},
        )
        assert login.status_code == 200, login.text
        return {"Authorization": f"Bearer {login.json()['access_token']}"}

    def county_figures(self, code: str = COUNTY) -> dict[str, Any]:
        today = china_date(utc_now())
        node = self.county_get("county_admin", "/api/v1/rollup", code=code, start=f"{today.year}-01-01", end=today)
        figures: dict[str, Any] = node["figures"]
        return figures

    def county_get(self, username: str, path: str, **params: Any) -> Any:
        response = httpx.get(f"{self.county_url}{path}", headers=self.token(username), params=params, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def county_items(self, username: str, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every row of a paged county list, read page after page."""
        headers = self.token(username)

        def page(query: dict[str, Any]) -> Any:
            response = httpx.get(f"{self.county_url}{path}", headers=headers, params=query, timeout=30)
            assert response.status_code == 200, response.text
            return response.json()

        return every_item(page, **params)

    def command(self, username: str, path: str, body: dict[str, Any], *, service_url: str | None = None) -> Any:
        """A command sent as `username` to the county service, or to the service at `service_url`."""
        url = service_url or self.county_url
        response = httpx.post(f"{url}{path}", headers=self.token(username, service_url=url), json=body, timeout=30)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def record_opinion(self, content: str) -> None:
        """A liaison records a voter's opinion on the demo station's terminal."""
        recorded = httpx.post(
            f"{self.station_url}/api/v1/terminal/opinions",
            headers={"X-Device-Key": self.terminal_key},
            json={
                "command_id": str(uuid.uuid4()),
                "category": "道路交通",
                "content": content,
                "place": "东门社区",
                "voter_name": "孙丽华",
                "voter_phone": "13700001111",
            },
            timeout=30,
        )
        assert recorded.status_code == 201, recorded.text


@contextmanager
def demo_platform(*, bootstrap: str, postgres: Postgres, redis_url: str, var_dir: Path) -> Iterator[DemoPlatform]:
    namespace = f"web-{uuid.uuid4().hex[:12]}"
    with ExitStack() as stack:
        runtimes = stack.enter_context(
            demo_world(postgres=postgres, bootstrap=bootstrap, redis_url=redis_url, namespace=namespace)
        )
        platform = DemoPlatform(
            runtimes=runtimes,
            county_url=stack.enter_context(serving(SERVICES["county"].create_app(runtimes["county"]))),
            station_url=stack.enter_context(serving(SERVICES["station"].create_app(runtimes["station"]))),
            terminal_key=demo_terminal_key(runtimes["station"], var_dir=var_dir),
        )
        # The demo's station work reaches the county through the township: wait until it has arrived.
        eventually(
            platform.county_figures,
            until=lambda figures: figures["opinions"] >= 3 and figures["suggestions_received"] > 0,
            timeout=120,
        )
        yield platform
