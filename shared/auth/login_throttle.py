"""Login throttling (登录限流): after N failed logins for one username from one client address, refuse for a while.

The counter lives in Redis, so the limit holds across every process of a service and every service
sharing the Redis namespace. Without Redis (the embedded `make run`, a single process) it is kept in
the process's memory instead: still a limit, but one per process.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis

from shared.errors import PlatformError


class LoginThrottledError(PlatformError):
    """Raised when too many logins failed for a username from one address within the window."""

    code = "TOO_MANY_LOGIN_ATTEMPTS"
    message = "登录失败次数过多，请稍后再试"
    status = 429

    def __init__(self, *, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        super().__init__(f"登录失败次数过多，请{minutes}分钟后再试")
        self.retry_after = retry_after


class LoginThrottle(Protocol):
    """Counts failed logins per username and client address in a fixed window."""

    def check(self, *, username: str, client: str) -> None:
        """Raise LoginThrottledError while the limit is reached."""
        ...

    def failed(self, *, username: str, client: str) -> None:
        """Count one failed login."""
        ...

    def succeeded(self, *, username: str, client: str) -> None:
        """Forget the failures: the person knows the password."""
        ...


def _subject(username: str, client: str) -> str:
    # Hashed, so Redis keys hold no usernames in clear.
    return hashlib.sha256(f"{username}\x00{client}".encode()).hexdigest()[:32]


class RedisLoginThrottle:
    """The limit in Redis: INCR on each failure, EXPIRE set with the first one (a fixed window)."""

    def __init__(self, client: redis.Redis, *, namespace: str, max_failures: int, window_seconds: int) -> None:
        self._redis = client
        self._namespace = namespace
        self._max = max_failures
        self._window = window_seconds

    def _key(self, username: str, client: str) -> str:
        return f"{self._namespace}:login-failures:{_subject(username, client)}"

    def check(self, *, username: str, client: str) -> None:
        key = self._key(username, client)
        pipe = self._redis.pipeline()
        pipe.get(key)
        pipe.ttl(key)
        count, ttl = pipe.execute()
        if count is not None and int(count) >= self._max:
            raise LoginThrottledError(retry_after=int(ttl) if ttl and int(ttl) > 0 else self._window)

    def failed(self, *, username: str, client: str) -> None:
        key = self._key(username, client)
        pipe = self._redis.pipeline()
        pipe.incr(key)
        # NX: the window starts with the first failure and is not stretched by later ones.
        pipe.expire(key, self._window, nx=True)
        pipe.execute()

    def succeeded(self, *, username: str, client: str) -> None:
        self._redis.delete(self._key(username, client))


class MemoryLoginThrottle:
    """The same fixed window in this process's memory, for a service run without Redis."""

    def __init__(self, *, max_failures: int, window_seconds: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._max = max_failures
        self._window = window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    def _current(self, subject: str, now: float) -> tuple[int, float]:
        count, ends = self._failures.get(subject, (0, now + self._window))
        if ends <= now:
            self._failures.pop(subject, None)
            return 0, now + self._window
        return count, ends

    def check(self, *, username: str, client: str) -> None:
        now = self._clock()
        with self._lock:
            count, ends = self._current(_subject(username, client), now)
        if count >= self._max:
            raise LoginThrottledError(retry_after=max(1, int(ends - now)))

    def failed(self, *, username: str, client: str) -> None:
        subject = _subject(username, client)
        now = self._clock()
        with self._lock:
            count, ends = self._current(subject, now)
            self._failures[subject] = (count + 1, ends)
            if len(self._failures) > 100_000:
                # A flood of distinct usernames must not grow memory without bound: drop what has ended.
                for key in [key for key, (_, until) in self._failures.items() if until <= now]:
                    del self._failures[key]

    def succeeded(self, *, username: str, client: str) -> None:
        with self._lock:
            self._failures.pop(_subject(username, client), None)
