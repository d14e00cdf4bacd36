"""Login throttling (登录限流): too many failed logins from one address, for one username, or both, are refused for a while.

Every attempt is counted before the password is checked, against three limits at once — the username from
this address, the username from anywhere, and this address for any username — and a correct password gives
its attempt back. Counting first and in one step means concurrent guesses cannot slip past the limit
between a check and an increment, and spraying many usernames from one address is throttled too.

The counters live in Redis (any version from 6.2: a Lua script, no `EXPIRE … NX`), so the limits hold
across every process. Without Redis, or while Redis does not answer, they are kept in the process's memory:
still limits, but one set per process, and logins keep working.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

import redis
from starlette.concurrency import run_in_threadpool

from shared.errors import PlatformError

_log = logging.getLogger("renda.auth")

T = TypeVar("T")


class LoginThrottledError(PlatformError):
    """Raised when too many logins failed for a username or from an address within the window."""

    code = "TOO_MANY_LOGIN_ATTEMPTS"
    message = "登录失败次数过多，请稍后再试"
    status = 429

    def __init__(self, *, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        super().__init__(f"登录失败次数过多，请{minutes}分钟后再试")
        self.retry_after = retry_after


@dataclass(frozen=True)
class LoginLimits:
    """How many failed logins a window allows: per username from one address, per username, per address."""

    per_user_and_address: int
    per_user: int
    per_address: int
    window_seconds: int

    def maxima(self) -> tuple[int, int, int]:
        return self.per_user_and_address, self.per_user, self.per_address


class LoginThrottle(Protocol):
    """Counts login attempts in fixed windows; a correct password gives its attempt back."""

    def admit(self, *, username: str, client: str) -> None:
        """Count this attempt against every limit in one step; raise LoginThrottledError when one is passed."""
        ...

    def succeeded(self, *, username: str, client: str) -> None:
        """Give the attempt back and forget this username's failures from this address."""
        ...


def _digest(*parts: str) -> str:
    # Hashed, so Redis keys hold no usernames or addresses in clear.
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]


def _subjects(username: str, client: str) -> tuple[str, str, str]:
    """The three counters an attempt moves, in the order of `LoginLimits.maxima`."""
    return _digest("pair", username, client), _digest("user", username), _digest("address", client)


def _refusal(counts: list[int], remaining: list[int], limits: LoginLimits) -> LoginThrottledError | None:
    waits = [wait for count, wait, most in zip(counts, remaining, limits.maxima(), strict=True) if count > most]
    if not waits:
        return None
    return LoginThrottledError(retry_after=max(1, min(limits.window_seconds, max(waits))))


# INCR each key, start its window with the first attempt, and return every count and time left together.
_ADMIT = """
local counts = {}
local remaining = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  counts[i] = count
  remaining[i] = redis.call('TTL', key)
end
return {counts, remaining}
"""

# A correct password: the pair's failures are forgotten, the attempt is given back to the other two.
_SUCCEEDED = """
redis.call('DEL', KEYS[1])
for i = 2, #KEYS do
  if redis.call('DECR', KEYS[i]) <= 0 then redis.call('DEL', KEYS[i]) end
end
return 1
"""


class RedisLoginThrottle:
    """The limits in Redis, shared by every process; each step is one Lua script, so it is atomic."""

    def __init__(self, client: redis.Redis, *, namespace: str, limits: LoginLimits) -> None:
        self._admit = client.register_script(_ADMIT)
        self._succeeded = client.register_script(_SUCCEEDED)
        self._namespace = namespace
        self.limits = limits

    def _keys(self, username: str, client: str) -> list[str]:
        return [f"{self._namespace}:login-attempts:{subject}" for subject in _subjects(username, client)]

    def admit(self, *, username: str, client: str) -> None:
        counts, remaining = self._admit(keys=self._keys(username, client), args=[self.limits.window_seconds])
        refusal = _refusal([int(c) for c in counts], [int(r) for r in remaining], self.limits)
        if refusal is not None:
            raise refusal

    def succeeded(self, *, username: str, client: str) -> None:
        self._succeeded(keys=self._keys(username, client))


class MemoryLoginThrottle:
    """The same windows in this process's memory, for a service run without Redis."""

    _MAX_SUBJECTS = 100_000

    def __init__(self, *, limits: LoginLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def _count(self, subject: str, now: float, step: int) -> tuple[int, float]:
        count, ends = self._counts.get(subject, (0, now + self.limits.window_seconds))
        if ends <= now:
            count, ends = 0, now + self.limits.window_seconds
        count = max(0, count + step)
        if count:
            self._counts[subject] = (count, ends)
        else:
            self._counts.pop(subject, None)
        return count, ends

    def admit(self, *, username: str, client: str) -> None:
        now = self._clock()
        with self._lock:
            moved = [self._count(subject, now, +1) for subject in _subjects(username, client)]
            if len(self._counts) > self._MAX_SUBJECTS:
                # A flood of distinct usernames must not grow memory without bound: drop what has ended.
                for subject in [s for s, (_, ends) in self._counts.items() if ends <= now]:
                    del self._counts[subject]
        refusal = _refusal([c for c, _ in moved], [int(ends - now) for _, ends in moved], self.limits)
        if refusal is not None:
            raise refusal

    def succeeded(self, *, username: str, client: str) -> None:
        pair, *others = _subjects(username, client)
        now = self._clock()
        with self._lock:
            self._counts.pop(pair, None)
            for subject in others:
                self._count(subject, now, -1)


class FallbackLoginThrottle:
    """Redis while it answers; this process's memory while it does not, so a Redis outage never stops logins."""

    def __init__(self, primary: LoginThrottle, *, fallback: LoginThrottle) -> None:
        self._primary = primary
        self._fallback = fallback

    def admit(self, *, username: str, client: str) -> None:
        try:
            self._primary.admit(username=username, client=client)
        except redis.RedisError as error:
            _log.warning("login throttle: Redis does not answer (%s); counting in this process", type(error).__name__)
            self._fallback.admit(username=username, client=client)

    def succeeded(self, *, username: str, client: str) -> None:
        try:
            self._primary.succeeded(username=username, client=client)
        except redis.RedisError:
            pass
        self._fallback.succeeded(username=username, client=client)


class LoginBusyError(PlatformError):
    """Raised when every password check slot stayed taken while the login waited for one.

    429, not 503: the service is well, it refuses more password checks than it runs at once, as a throttle does.
    """

    code = "LOGIN_BUSY"
    message = "登录人数较多，请稍后再试"
    status = 429

    def __init__(self, *, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after


class PasswordCheckSlots:
    """Bounds the password hashes checked at once: each argon2 check takes tens of MiB, a flood must not take all.

    A login waiting for a slot waits on the event loop, not in a worker thread, so a flood of logins leaves the
    threads to every other request; only a login holding a slot runs its check in a thread.
    """

    def __init__(self, *, slots: int, wait_seconds: float) -> None:
        self._count = slots
        self._wait = wait_seconds
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def _slots(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        slots = self._by_loop.get(loop)
        if slots is None:
            slots = self._by_loop[loop] = asyncio.Semaphore(self._count)
        return slots

    async def run(self, check: Callable[[], T]) -> T:
        """Run one check in a free slot; LoginBusyError when none frees up in time."""
        slots = self._slots()
        try:
            await asyncio.wait_for(slots.acquire(), timeout=self._wait)
        except TimeoutError:
            raise LoginBusyError(retry_after=max(1, round(self._wait))) from None
        try:
            return await run_in_threadpool(check)
        finally:
            slots.release()
