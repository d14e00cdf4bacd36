"""`renda run` as a user runs it on a fresh machine: SQLite files, the embedded Redis 6.2, Tansu from its wheel.

Nothing of the test machine's PostgreSQL or Redis is used: the platform is started the way `make run` starts
it, in an empty folder, and asked what a new user asks first — sign in with a wrong and a right password, is
every service healthy, does an opinion left at a station reach the township's inbox.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from renda.broker import free_port
from tests.support.platform import eventually

pytestmark = pytest.mark.integration

PASSWORD = "renda-demo-2026"
SERVICES = ("county", "township", "station")


@dataclass
class EmbeddedPlatform:
    urls: dict[str, str]
    terminal_key: str
    output: Path

    def login(self, service: str, username: str, password: str) -> httpx.Response:
        return httpx.post(
            f"{self.urls[service]}/api/v1/auth/login", json={"username": username, "password": password}, timeout=30
        )

    def token(self, service: str, username: str) -> dict[str, str]:
        answer = self.login(service, username, PASSWORD)
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _environment(workdir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("RENDA_")}
    ports = {name: free_port() for name in SERVICES}
    env.update(
        {
            "RENDA_KAFKA_BOOTSTRAP": f"127.0.0.1:{free_port()}",
            "RENDA_VAR_DIR": str(workdir / "var"),
            "COLUMNS": "400",
            **{f"RENDA_{name.upper()}_PORT": str(port) for name, port in ports.items()},
            **{f"RENDA_{name.upper()}_URL": f"http://127.0.0.1:{port}" for name, port in ports.items()},
        }
    )
    return env


def _banner_key(output: Path, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        text = output.read_text(encoding="utf-8", errors="replace")
        found = re.search(r"设备密钥：(\S+)", text)
        if found:
            return found.group(1)
        if process.poll() is not None:
            pytest.fail(f"renda run exited with {process.returncode}:\n{text[-4000:]}")
        time.sleep(0.5)
    pytest.fail(f"renda run printed no banner within 180 s:\n{output.read_text(errors='replace')[-4000:]}")


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPlatform]:
    workdir = tmp_path_factory.mktemp("embedded-run")
    env = _environment(workdir)
    output = workdir / "renda-run.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "renda.cli", "run"],
            cwd=workdir,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        key = _banner_key(output, process)
        urls = {name: env[f"RENDA_{name.upper()}_URL"] for name in SERVICES}
        yield EmbeddedPlatform(urls=urls, terminal_key=key, output=output)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_it_uses_the_embedded_redis_and_sqlite(embedded: EmbeddedPlatform) -> None:
    text = embedded.output.read_text(encoding="utf-8")
    assert "启动 Redis（实时更新）" in text and "unix://" in text
    assert list((embedded.output.parent / "var" / "county").glob("*.sqlite"))


def test_a_mistyped_password_is_a_clear_refusal_and_the_right_one_signs_in(embedded: EmbeddedPlatform) -> None:
    for service in SERVICES:
        wrong = embedded.login(service, "county_admin", "renda-demo-2025")
        assert wrong.status_code == 401, wrong.text
        assert wrong.json()["error"]["code"] and "密码" in wrong.json()["error"]["message"]
        right = embedded.login(service, "county_admin", PASSWORD)
        assert right.status_code == 200, right.text
        assert right.json()["access_token"]


def test_repeated_wrong_passwords_are_throttled_not_500(embedded: EmbeddedPlatform) -> None:
    answers = [embedded.login("county", "auditor", "wrong-password").status_code for _ in range(6)]
    assert answers == [401] * 5 + [429]


def test_every_service_is_healthy(embedded: EmbeddedPlatform) -> None:
    for service, url in embedded.urls.items():
        health = httpx.get(f"{url}/healthz", timeout=10)
        assert health.status_code == 200, (service, health.text)
        assert httpx.get(f"{url}/readyz", timeout=10).status_code == 200, service


def test_an_opinion_referred_at_the_station_reaches_the_township_inbox(embedded: EmbeddedPlatform) -> None:
    terminal = {"X-Device-Key": embedded.terminal_key}
    station = embedded.urls["station"]
    recorded = httpx.post(
        f"{station}/api/v1/terminal/opinions",
        headers=terminal,
        json={
            "command_id": "6f1c2a52-7d0b-4c55-9a57-0e4f3c1d2b01",
            "category": "城乡建设",
            "content": "嵌入式平台检查：东门社区路灯不亮",
            "voter_name": "赵小明",
            "voter_phone": "13912345678",
        },
        timeout=30,
    )
    assert recorded.status_code in (200, 201), recorded.text
    referred = httpx.post(
        f"{station}/api/v1/terminal/opinions/referred",
        headers=terminal,
        json={"command_id": "6f1c2a52-7d0b-4c55-9a57-0e4f3c1d2b02", "opinion_id": recorded.json()["id"]},
        timeout=30,
    )
    assert referred.status_code in (200, 201), referred.text
    township = embedded.token("township", "township_cg")

    def inbox() -> list[dict[str, object]]:
        answer = httpx.get(f"{embedded.urls['township']}/api/v1/referrals", headers=township, timeout=30)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        rows: list[dict[str, object]] = body["items"] if isinstance(body, dict) else body
        return [row for row in rows if "嵌入式平台检查" in str(row.get("content", ""))]

    arrived = eventually(inbox, until=bool, timeout=60)
    assert arrived[0]["voter_phone"] == "13912345678"
