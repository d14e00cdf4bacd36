"""Credentials on the running services: tokens expire, revoked terminals are refused at once, logins are
throttled through Redis across processes, and passwords are stored as argon2id hashes."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from renda.demo.seed import _id as demo_id
from renda.services import SERVICES
from shared.application import utc_now
from shared.auth import Actor, Role
from shared.auth.accounts import accounts_table
from shared.auth.login_throttle import LoginLimits, LoginThrottledError, MemoryLoginThrottle
from tests.security.conftest import SecurityPlatform
from tests.support.platform import eventually, runtime_for

pytestmark = pytest.mark.integration

PASSWORD = "renda-demo-2026"


def _client(platform: SecurityPlatform, service: str) -> TestClient:
    return TestClient(SERVICES[service].create_app(platform.demo.runtimes[service]))


def _bearer(client: TestClient, username: str) -> dict[str, str]:
    login = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def test_an_expired_token_is_refused_with_401_and_a_chinese_message(security_platform: SecurityPlatform) -> None:
    runtime = security_platform.demo.runtimes["county"]
    ttl = timedelta(minutes=runtime.settings.platform.token_ttl_minutes)
    actor = Actor(id="county_admin", role=Role.COUNTY_STAFF, region_code="410327000000")
    expired = runtime.tokens.issue(actor=actor, now=utc_now() - ttl - timedelta(seconds=5)).token
    fresh = runtime.tokens.issue(actor=actor, now=utc_now()).token
    client = _client(security_platform, "county")

    assert client.get("/api/v1/deputies", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    refused = client.get("/api/v1/deputies", headers={"Authorization": f"Bearer {expired}"})

    assert refused.status_code == 401
    assert refused.json() == {"error": {"code": "TOKEN_EXPIRED", "message": "登录已过期，请重新登录"}}


def test_a_revoked_terminal_is_refused_on_its_very_next_request(security_platform: SecurityPlatform) -> None:
    station = _client(security_platform, "station")
    staff = _bearer(station, "township_cg")
    station_id = demo_id("东门社区人大代表联络站")
    issued = station.post(f"/api/v1/stations/{station_id}/device-keys", json={"label": "撤销测试"}, headers=staff)
    assert issued.status_code == 201, issued.text
    terminal = {"X-Device-Key": issued.json()["device_key"]}
    assert station.get("/api/v1/terminal/station", headers=terminal).status_code == 200

    revoked = station.delete(f"/api/v1/stations/{station_id}/device-keys/{issued.json()['key_id']}", headers=staff)
    assert revoked.status_code == 204, revoked.text
    refused = station.get("/api/v1/terminal/station", headers=terminal)
    opinion = station.post(
        "/api/v1/terminal/opinions",
        headers=terminal,
        json={
            "command_id": str(uuid.uuid4()),
            "category": "道路交通",
            "content": "撤销后的终端不应能登记",
            "voter_name": "测试",
            "voter_phone": "13700002222",
        },
    )

    assert refused.status_code == 401
    assert refused.json()["error"] == {"code": "DEVICE_KEY_REVOKED", "message": "终端密钥已停用"}
    assert opinion.status_code == 401


def test_failed_logins_are_throttled_across_service_processes(security_platform: SecurityPlatform) -> None:
    county = security_platform.demo.runtimes["county"]
    platform = county.settings.platform
    assert platform.redis_url is not None
    # A second process of the county service: its own runtime and Redis client, the same Redis namespace.
    other = runtime_for(
        "county",
        database_url=county.settings.database_url,
        bootstrap=security_platform.broker.bootstrap,
        redis_url=platform.redis_url,
        redis_namespace=platform.redis_namespace,
    )
    try:
        username = f"throttle_{uuid.uuid4().hex[:8]}"
        county.accounts.create(username=username, password=PASSWORD, role=Role.AUDITOR, region_code="410300000000")
        processes = [_client(security_platform, "county"), TestClient(SERVICES["county"].create_app(other))]
        wrong = {"username": username, "password": "not-the-password"}
        for attempt in range(platform.login_max_failures):
            failed = processes[attempt % 2].post("/api/v1/auth/login", json=wrong)
            assert failed.status_code == 401, failed.text

        for process in processes:
            throttled = process.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
            assert throttled.status_code == 429
            assert throttled.json()["error"]["code"] == "TOO_MANY_LOGIN_ATTEMPTS"
            assert throttled.json()["error"]["message"].startswith("登录失败次数过多")
            assert 0 < int(throttled.headers["Retry-After"]) <= platform.login_window_seconds
    finally:
        other.close()


def test_other_usernames_are_not_throttled_by_someone_elses_failures(security_platform: SecurityPlatform) -> None:
    county = security_platform.demo.runtimes["county"]
    client = _client(security_platform, "county")
    for _ in range(county.settings.platform.login_max_failures + 1):
        client.post("/api/v1/auth/login", json={"username": f"nobody_{uuid.uuid4().hex[:6]}", "password": "x"})
    assert client.post("/api/v1/auth/login", json={"username": "auditor", "password": PASSWORD}).status_code == 200


def test_without_redis_the_limit_is_kept_per_process_and_ends_with_its_window() -> None:
    now = [1000.0]
    limits = LoginLimits(per_user_and_address=3, per_user=10, per_address=10, window_seconds=60)
    throttle = MemoryLoginThrottle(limits=limits, clock=lambda: now[0])
    for _ in range(3):
        throttle.admit(username="a", client="1.2.3.4")
    with pytest.raises(LoginThrottledError) as refused:
        throttle.admit(username="a", client="1.2.3.4")
    assert refused.value.retry_after == 60
    throttle.admit(username="a", client="5.6.7.8")
    now[0] += 61
    throttle.admit(username="a", client="1.2.3.4")


def test_stored_password_hashes_are_argon2id(security_platform: SecurityPlatform) -> None:
    for name, runtime in security_platform.demo.runtimes.items():
        with runtime.engine.connect() as connection:
            hashes = connection.execute(select(accounts_table.c.password_hash)).scalars().all()
        assert hashes, f"{name} has no accounts"
        assert all(stored.startswith("$argon2id$v=19$") for stored in hashes), name
        assert not any(PASSWORD in stored for stored in hashes)


def _own_account(platform: SecurityPlatform, username: str, *, role: Role = Role.COUNTY_STAFF) -> None:
    platform.demo.runtimes["county"].accounts.create(
        username=username, password=PASSWORD, role=role, region_code="410327000000", display_name="会话测试"
    )


def _refused_with(client: TestClient, headers: dict[str, str]) -> str:
    answer = eventually(
        lambda: client.get("/api/v1/deputies", headers=headers), until=lambda r: r.status_code == 401, timeout=15
    )
    return str(answer.json()["error"]["code"])


def test_a_disabled_accounts_token_is_refused_within_seconds(security_platform: SecurityPlatform) -> None:
    _own_account(security_platform, "session_disabled")
    client = _client(security_platform, "county")
    token = _bearer(client, "session_disabled")
    assert client.get("/api/v1/deputies", headers=token).status_code == 200

    security_platform.demo.runtimes["county"].accounts.disable("session_disabled")

    assert _refused_with(client, token) == "SESSION_REVOKED"
    again = client.post("/api/v1/auth/login", json={"username": "session_disabled", "password": PASSWORD})
    assert again.status_code == 401


def test_a_password_change_refuses_the_tokens_issued_before_it(security_platform: SecurityPlatform) -> None:
    _own_account(security_platform, "session_password")
    client = _client(security_platform, "county")
    before = _bearer(client, "session_password")

    security_platform.demo.runtimes["county"].accounts.change_password("session_password", "another-long-password")

    assert _refused_with(client, before) == "SESSION_REVOKED"
    login = client.post(
        "/api/v1/auth/login", json={"username": "session_password", "password": "another-long-password"}
    )
    after = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert client.get("/api/v1/deputies", headers=after).status_code == 200


def test_a_role_change_refuses_the_old_token_and_the_same_account_again_keeps_it(
    security_platform: SecurityPlatform,
) -> None:
    _own_account(security_platform, "session_role")
    client = _client(security_platform, "county")
    token = _bearer(client, "session_role")

    _own_account(security_platform, "session_role")  # seeded again, unchanged
    assert client.get("/api/v1/deputies", headers=token).status_code == 200

    _own_account(security_platform, "session_role", role=Role.AUDITOR)
    assert _refused_with(client, token) == "SESSION_REVOKED"
