"""Per-request session check: a token stops working once its account is disabled or its password or role changed.

A token is signed for its whole lifetime, so on its own it would outlive the account it was issued to. Each
request's token is checked against the account as this service stores it, read at most every few seconds
per account and process (`RENDA_SESSION_CHECK_SECONDS`), so a change takes effect within that time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from shared.auth.accounts import AccountSession, SqlAccountStore
from shared.auth.actor import Actor
from shared.errors import NotAuthenticatedError


class SessionRevokedError(NotAuthenticatedError):
    """Raised when a token was issued before its account was disabled or its password or role changed."""

    code = "SESSION_REVOKED"
    message = "登录已失效，请重新登录"


class AccountSessions:
    """Checks each request's token against its account, with a short per-process cache."""

    def __init__(
        self, accounts: SqlAccountStore, *, cache_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._accounts = accounts
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: dict[str, tuple[float, AccountSession | None]] = {}

    def _session(self, username: str) -> AccountSession | None:
        now = self._clock()
        with self._lock:
            hit = self._cached.get(username)
        if hit is not None and now - hit[0] < self._cache_seconds:
            return hit[1]
        session = self._accounts.session(username)
        with self._lock:
            if len(self._cached) > 50_000:
                self._cached.clear()
            self._cached[username] = (now, session)
        return session

    def check(self, actor: Actor, *, issued_at: datetime) -> None:
        """Raise SessionRevokedError when the account no longer accepts a token issued at `issued_at`."""
        session = self._session(actor.id)
        if session is None:
            return  # an account another service keeps: the token's signature is all this service can check
        if session.disabled or (session.valid_after is not None and issued_at < session.valid_after):
            raise SessionRevokedError()
