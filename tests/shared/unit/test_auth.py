"""Auth primitives: passwords, tokens, device keys, accounts and the FastAPI wiring."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from shared.auth import (
    Actor,
    Authenticator,
    CurrentActor,
    DeviceKeyLookup,
    DeviceKeyRecord,
    DeviceKeyRevokedError,
    InvalidTokenError,
    LoginFailedError,
    MalformedDeviceKeyError,
    Role,
    SqlAccountStore,
    TokenExpiredError,
    TokenService,
    UnknownDeviceKeyError,
    WrongDeviceSecretError,
    authenticate_device,
    hash_password,
    issue_device_key,
    login_router,
    require_region,
    require_role,
    verify_password,
)
from shared.errors import PlatformError

SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
COUNTY = "410327000000"
TOWNSHIP = "410327100000"
OTHER_TOWNSHIP = "410327200000"
STATION_ID = UUID("7b0c1f7e-4a39-4f0e-9a55-2f1d8f3c6a01")
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class InMemoryDeviceKeys(DeviceKeyLookup):
    """Device keys held in a dict."""

    def __init__(self) -> None:
        self.records: dict[str, DeviceKeyRecord] = {}

    def find(self, key_id: str) -> DeviceKeyRecord | None:
        """The stored key with that id, or None."""
        return self.records.get(key_id)


def _tokens() -> TokenService:
    return TokenService(secret=SECRET, ttl=timedelta(hours=8))


def _township_actor() -> Actor:
    return Actor(id="wang.fang", role=Role.TOWNSHIP_STAFF, region_code=TOWNSHIP, display_name="王芳")


@pytest.fixture
def accounts() -> SqlAccountStore:
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    store = SqlAccountStore(engine, hasher=FAST_HASHER)
    store.create_schema()
    store.create(
        username="wang.fang", password="正确的密码", role=Role.TOWNSHIP_STAFF, region_code=TOWNSHIP, display_name="王芳"
    )
    return store


@pytest.fixture
def device_keys() -> InMemoryDeviceKeys:
    return InMemoryDeviceKeys()


def _app(*, accounts: SqlAccountStore, device_keys: InMemoryDeviceKeys) -> FastAPI:
    app = FastAPI()
    app.state.authenticator = Authenticator(tokens=_tokens(), device_keys=device_keys)
    app.state.accounts = accounts

    @app.exception_handler(PlatformError)
    async def render_platform_error(request: Request, error: PlatformError) -> JSONResponse:
        return JSONResponse(status_code=error.status, content=error.body())

    @app.get("/whoami")
    def whoami(actor: CurrentActor) -> dict[str, str]:
        return {"id": actor.id, "role": actor.role.value, "region_code": actor.region_code}

    @app.get("/other-township")
    def other_township(actor: CurrentActor) -> dict[str, str]:
        require_region(actor, OTHER_TOWNSHIP, action="list_suggestions")
        return {"ok": "yes"}

    app.include_router(login_router())
    return app


@pytest.fixture
def client(accounts: SqlAccountStore, device_keys: InMemoryDeviceKeys) -> Iterator[TestClient]:
    with TestClient(_app(accounts=accounts, device_keys=device_keys)) as test_client:
        yield test_client


def test_password_verifies_against_its_own_hash() -> None:
    password_hash = hash_password("秘密-123", hasher=FAST_HASHER)

    assert password_hash != "秘密-123"
    assert verify_password(password_hash=password_hash, password="秘密-123", hasher=FAST_HASHER)


def test_wrong_password_does_not_verify() -> None:
    password_hash = hash_password("秘密-123", hasher=FAST_HASHER)

    assert not verify_password(password_hash=password_hash, password="秘密-124", hasher=FAST_HASHER)


def test_unreadable_hash_does_not_verify_and_does_not_raise() -> None:
    assert not verify_password(password_hash="not-an-argon2-hash", password="秘密-123")


def test_token_round_trip_gives_back_the_actor() -> None:
    tokens = _tokens()
    actor = Actor(
        id="li.lei",
        role=Role.STATION_LIAISON,
        region_code=TOWNSHIP,
        display_name="李雷",
        station_id=STATION_ID,
    )

    issued = tokens.issue(actor=actor, now=NOW)

    assert issued.expires_at == NOW + timedelta(hours=8)
    assert tokens.verify(issued.token, now=NOW + timedelta(hours=1)) == actor


def test_handling_unit_token_keeps_its_unit() -> None:
    tokens = _tokens()
    actor = Actor(id="unit.water", role=Role.HANDLING_UNIT, region_code=COUNTY, unit_id="county-water-bureau")

    issued = tokens.issue(actor=actor, now=NOW)

    assert tokens.verify(issued.token, now=NOW).unit_id == "county-water-bureau"


def test_token_past_expiry_is_refused_as_expired() -> None:
    tokens = _tokens()
    issued = tokens.issue(actor=_township_actor(), now=NOW)

    with pytest.raises(TokenExpiredError) as refused:
        tokens.verify(issued.token, now=NOW + timedelta(hours=8))

    assert refused.value.code == "TOKEN_EXPIRED"
    assert refused.value.status == 401


def test_token_issued_in_the_past_is_refused_by_the_real_clock() -> None:
    tokens = _tokens()
    issued = tokens.issue(actor=_township_actor(), now=datetime.now(UTC) - timedelta(days=1))

    with pytest.raises(TokenExpiredError):
        tokens.verify(issued.token)


def test_tampered_token_is_refused() -> None:
    tokens = _tokens()
    issued = tokens.issue(actor=_township_actor(), now=NOW)
    claims = jwt.decode(issued.token, options={"verify_signature": False})
    claims["region"] = COUNTY
    header, _, signature = issued.token.split(".")
    forged_body = jwt.encode(claims, "some-other-secret-of-at-least-32-bytes!!", algorithm="HS256").split(".")[1]

    with pytest.raises(InvalidTokenError) as refused:
        tokens.verify(f"{header}.{forged_body}.{signature}", now=NOW)

    assert refused.value.code == "INVALID_TOKEN"


def test_token_signed_with_another_secret_is_refused() -> None:
    other = TokenService(secret="another-secret-that-is-long-enough-for-hs256", ttl=timedelta(hours=8))
    issued = other.issue(actor=_township_actor(), now=NOW)

    with pytest.raises(InvalidTokenError):
        _tokens().verify(issued.token, now=NOW)


def test_unsigned_token_is_refused() -> None:
    claims = {"sub": "x", "role": "county_staff", "region": COUNTY, "iat": 0, "exp": 2**40, "iss": "renda"}
    unsigned = jwt.encode(claims, None, algorithm="none")

    with pytest.raises(InvalidTokenError):
        _tokens().verify(unsigned, now=NOW)


def test_short_token_secret_is_rejected() -> None:
    with pytest.raises(ValueError):
        TokenService(secret="too-short", ttl=timedelta(hours=8))


def test_issued_device_key_authenticates_as_its_station_terminal(device_keys: InMemoryDeviceKeys) -> None:
    new_key = issue_device_key()
    device_keys.records[new_key.key_id] = DeviceKeyRecord(
        key_id=new_key.key_id,
        station_id=STATION_ID,
        region_code=TOWNSHIP,
        secret_hash=new_key.secret_hash,
        revoked=False,
    )

    actor = authenticate_device(plaintext=new_key.plaintext, lookup=device_keys)

    assert new_key.plaintext.startswith(f"dk_{new_key.key_id}.")
    assert len(new_key.key_id) == 16
    assert new_key.secret_hash not in new_key.plaintext
    assert actor == Actor(id=new_key.key_id, role=Role.TERMINAL, region_code=TOWNSHIP, station_id=STATION_ID)


def test_revoked_device_key_is_refused_at_once(device_keys: InMemoryDeviceKeys) -> None:
    new_key = issue_device_key()
    record = DeviceKeyRecord(
        key_id=new_key.key_id,
        station_id=STATION_ID,
        region_code=TOWNSHIP,
        secret_hash=new_key.secret_hash,
        revoked=False,
    )
    device_keys.records[new_key.key_id] = record
    authenticate_device(plaintext=new_key.plaintext, lookup=device_keys)
    device_keys.records[new_key.key_id] = DeviceKeyRecord(**{**record.__dict__, "revoked": True})

    with pytest.raises(DeviceKeyRevokedError) as refused:
        authenticate_device(plaintext=new_key.plaintext, lookup=device_keys)

    assert refused.value.code == "DEVICE_KEY_REVOKED"
    assert refused.value.message == "终端密钥已停用"


def test_device_key_with_wrong_secret_is_refused(device_keys: InMemoryDeviceKeys) -> None:
    new_key = issue_device_key()
    device_keys.records[new_key.key_id] = DeviceKeyRecord(
        key_id=new_key.key_id,
        station_id=STATION_ID,
        region_code=TOWNSHIP,
        secret_hash=new_key.secret_hash,
        revoked=False,
    )
    other_secret = issue_device_key().plaintext.split(".", 1)[1]

    with pytest.raises(WrongDeviceSecretError) as refused:
        authenticate_device(plaintext=f"dk_{new_key.key_id}.{other_secret}", lookup=device_keys)

    assert refused.value.status == 401


def test_unknown_device_key_is_refused(device_keys: InMemoryDeviceKeys) -> None:
    with pytest.raises(UnknownDeviceKeyError):
        authenticate_device(plaintext=issue_device_key().plaintext, lookup=device_keys)


@pytest.mark.parametrize("plaintext", ["", "dk_", "dk_abc.def", "key_0123456789abcdef.secret", "dk_0123456789ABCDEF.x"])
def test_malformed_device_key_is_refused(device_keys: InMemoryDeviceKeys, plaintext: str) -> None:
    with pytest.raises(MalformedDeviceKeyError):
        authenticate_device(plaintext=plaintext, lookup=device_keys)


def test_login_with_right_password_gives_the_account_actor(accounts: SqlAccountStore) -> None:
    actor = accounts.authenticate(username="wang.fang", password="正确的密码")

    assert actor == Actor(id="wang.fang", role=Role.TOWNSHIP_STAFF, region_code=TOWNSHIP, display_name="王芳")


def test_wrong_password_and_unknown_user_fail_alike(accounts: SqlAccountStore) -> None:
    with pytest.raises(LoginFailedError) as wrong_password:
        accounts.authenticate(username="wang.fang", password="错误的密码")
    with pytest.raises(LoginFailedError) as unknown_user:
        accounts.authenticate(username="nobody", password="正确的密码")

    assert wrong_password.value.body() == unknown_user.value.body()
    assert wrong_password.value.code == "LOGIN_FAILED"
    assert wrong_password.value.message == "用户名或密码错误"


def test_disabled_account_cannot_log_in(accounts: SqlAccountStore) -> None:
    accounts.disable("wang.fang")

    with pytest.raises(LoginFailedError):
        accounts.authenticate(username="wang.fang", password="正确的密码")


def test_creating_an_existing_account_again_updates_it(accounts: SqlAccountStore) -> None:
    accounts.create(
        username="wang.fang",
        password="新密码",
        role=Role.STATION_LIAISON,
        region_code=TOWNSHIP,
        station_id=STATION_ID,
    )

    actor = accounts.authenticate(username="wang.fang", password="新密码")

    assert actor.role is Role.STATION_LIAISON
    assert actor.station_id == STATION_ID
    with pytest.raises(LoginFailedError):
        accounts.authenticate(username="wang.fang", password="正确的密码")


def test_account_with_invalid_region_code_is_rejected(accounts: SqlAccountStore) -> None:
    with pytest.raises(PlatformError) as rejected:
        accounts.create(username="zhao", password="pw", role=Role.DEPUTY, region_code="4103270")

    assert rejected.value.field == "region_code"


def test_actor_covers_places_inside_its_region_only() -> None:
    county_staff = Actor(id="chen", role=Role.COUNTY_STAFF, region_code=COUNTY)

    assert county_staff.covers(TOWNSHIP)
    assert not _township_actor().covers(OTHER_TOWNSHIP)
    assert not county_staff.covers("410328000000")


def test_refused_role_is_forbidden_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="renda.audit")

    with pytest.raises(PlatformError) as refused:
        require_role(_township_actor(), Role.COUNTY_STAFF, action="assign")

    assert refused.value.status == 403
    assert refused.value.message == "当前角色无权执行此操作"
    [record] = [r for r in caplog.records if r.name == "renda.audit"]
    assert record.actor_id == "wang.fang"  # type: ignore[attr-defined]
    assert record.refused_action == "assign"  # type: ignore[attr-defined]


def test_request_without_credentials_is_401(client: TestClient) -> None:
    response = client.get("/whoami")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "NOT_AUTHENTICATED"


def test_request_with_garbage_bearer_token_is_401(client: TestClient) -> None:
    response = client.get("/whoami", headers={"Authorization": "Bearer not.a.token"})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_TOKEN"


def test_township_actor_reaching_into_another_township_is_403_and_audited(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="renda.audit")
    token = _tokens().issue(actor=_township_actor(), now=datetime.now(UTC)).token

    response = client.get("/other-township", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403
    assert response.json() == {"error": {"code": "FORBIDDEN", "message": "超出本人管辖区域"}}
    [record] = [r for r in caplog.records if r.name == "renda.audit"]
    assert record.actor_id == "wang.fang"  # type: ignore[attr-defined]
    assert record.actor_role == "township_staff"  # type: ignore[attr-defined]
    assert record.refused_required == OTHER_TOWNSHIP  # type: ignore[attr-defined]


def test_token_from_login_authenticates_later_requests(client: TestClient) -> None:
    login = client.post("/api/v1/auth/login", json={"username": "wang.fang", "password": "正确的密码"})
    body = login.json()

    response = client.get("/whoami", headers={"Authorization": f"Bearer {body['access_token']}"})

    assert login.status_code == 200
    assert body["token_type"] == "bearer"
    assert body["role"] == "township_staff"
    assert body["region_code"] == TOWNSHIP
    assert body["display_name"] == "王芳"
    assert response.json() == {"id": "wang.fang", "role": "township_staff", "region_code": TOWNSHIP}


def test_login_with_wrong_password_is_401_login_failed(client: TestClient) -> None:
    response = client.post("/api/v1/auth/login", json={"username": "wang.fang", "password": "错误"})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "LOGIN_FAILED"


def test_device_key_header_authenticates_a_terminal(client: TestClient, device_keys: InMemoryDeviceKeys) -> None:
    new_key = issue_device_key()
    device_keys.records[new_key.key_id] = DeviceKeyRecord(
        key_id=new_key.key_id,
        station_id=STATION_ID,
        region_code=TOWNSHIP,
        secret_hash=new_key.secret_hash,
        revoked=False,
    )

    response = client.get("/whoami", headers={"X-Device-Key": new_key.plaintext})

    assert response.json() == {"id": new_key.key_id, "role": "terminal", "region_code": TOWNSHIP}


def test_deputy_token_keeps_the_deputy_it_acts_for() -> None:
    tokens = _tokens()
    actor = Actor(id="wjg", role=Role.DEPUTY, region_code="410327100201", deputy_id=UUID(int=7))
    issued = tokens.issue(actor=actor, now=datetime.now(UTC))
    assert tokens.verify(issued.token).deputy_id == UUID(int=7)


def test_an_accounts_table_from_before_deputy_links_gains_the_column_and_keeps_its_rows() -> None:
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE accounts (username VARCHAR(64) PRIMARY KEY, password_hash VARCHAR(255) NOT NULL,"
            " role VARCHAR(32) NOT NULL, region_code VARCHAR(12) NOT NULL, display_name VARCHAR(100) NOT NULL,"
            " station_id CHAR(32), unit_id VARCHAR(64), disabled BOOLEAN NOT NULL)"
        )
    store = SqlAccountStore(engine, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    store.create_schema()
    store.create_schema()
    store.create(username="wjg", password="pw", role=Role.DEPUTY, region_code="410327100201", deputy_id=UUID(int=7))
    assert store.authenticate(username="wjg", password="pw").deputy_id == UUID(int=7)
