"""Signed access tokens (JWT, HS256) carrying a person's role and region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import jwt
from jwt.types import Options

from shared.auth.actor import Actor
from shared.auth.roles import Role
from shared.errors import NotAuthenticatedError, PlatformError
from shared.events.region import validate_region_code

_ALGORITHM = "HS256"
# RFC 7518 §3.2: an HS256 key must be at least as long as the hash output.
_MIN_SECRET_BYTES = 32
_REQUIRED_CLAIMS = ["sub", "role", "region", "iat", "exp", "iss"]


class TokenExpiredError(NotAuthenticatedError):
    """Raised when an access token is past its expiry."""

    code = "TOKEN_EXPIRED"
    message = "登录已过期，请重新登录"


class InvalidTokenError(NotAuthenticatedError):
    """Raised when an access token is malformed, tampered with or not ours."""

    code = "INVALID_TOKEN"
    message = "凭证无效"


@dataclass(frozen=True)
class IssuedToken:
    """A freshly signed access token and the moment it stops working."""

    token: str
    expires_at: datetime


class TokenService:
    """Issues and verifies the platform's access tokens."""

    def __init__(self, *, secret: str, ttl: timedelta, issuer: str = "renda") -> None:
        if len(secret.encode("utf-8")) < _MIN_SECRET_BYTES:
            raise ValueError(f"token secret must be at least {_MIN_SECRET_BYTES} bytes")
        if ttl <= timedelta(0):
            raise ValueError("token ttl must be positive")
        self._secret = secret
        self._ttl = ttl
        self._issuer = issuer

    def issue(self, *, actor: Actor, now: datetime) -> IssuedToken:
        """Sign a token for the actor, valid from `now` for the service's ttl."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        issued_at = int(now.timestamp())
        expires_at = int((now + self._ttl).timestamp())
        claims: dict[str, Any] = {
            "sub": actor.id,
            "role": actor.role.value,
            "region": actor.region_code,
            "name": actor.display_name,
            "station": str(actor.station_id) if actor.station_id is not None else None,
            "unit": actor.unit_id,
            "deputy": str(actor.deputy_id) if actor.deputy_id is not None else None,
            "iat": issued_at,
            "iat_ms": int(now.timestamp() * 1000),
            "exp": expires_at,
            "iss": self._issuer,
        }
        token = jwt.encode(claims, self._secret, algorithm=_ALGORITHM)
        return IssuedToken(token=token, expires_at=datetime.fromtimestamp(expires_at, tz=UTC))

    def verify(self, token: str, *, now: datetime | None = None) -> Actor:
        """The actor a token was issued to; checked against `now`, or PyJWT's clock when not given."""
        return self.verify_issued(token, now=now)[0]

    def verify_issued(self, token: str, *, now: datetime | None = None) -> tuple[Actor, datetime]:
        """The actor and when its token was issued (to the millisecond), for the account's session check."""
        # With an explicit `now` the time claims are checked here, so PyJWT's own clock is kept out.
        options: Options = {"require": _REQUIRED_CLAIMS}
        if now is not None:
            options.update({"verify_exp": False, "verify_iat": False, "verify_nbf": False})
        try:
            claims = jwt.decode(token, self._secret, algorithms=[_ALGORITHM], issuer=self._issuer, options=options)
        except jwt.ExpiredSignatureError:
            raise TokenExpiredError() from None
        except jwt.PyJWTError:
            raise InvalidTokenError() from None
        if now is not None:
            _check_times(claims, now=now)
        return _actor_from(claims), _issued_at(claims)


def _check_times(claims: dict[str, Any], *, now: datetime) -> None:
    try:
        expires_at, issued_at = int(claims["exp"]), int(claims["iat"])
    except (TypeError, ValueError, OverflowError):
        raise InvalidTokenError() from None
    moment = now.timestamp()
    if expires_at <= moment:
        raise TokenExpiredError()
    if issued_at > moment:
        raise InvalidTokenError()


def _issued_at(claims: dict[str, Any]) -> datetime:
    try:
        milliseconds = int(claims.get("iat_ms") or int(claims["iat"]) * 1000)
        return datetime.fromtimestamp(milliseconds / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidTokenError() from None


def _actor_from(claims: dict[str, Any]) -> Actor:
    try:
        station = claims.get("station")
        unit = claims.get("unit")
        deputy = claims.get("deputy")
        name = claims.get("name") or ""
        if not isinstance(claims["sub"], str) or not claims["sub"] or not isinstance(name, str):
            raise InvalidTokenError()
        if unit is not None and not isinstance(unit, str):
            raise InvalidTokenError()
        return Actor(
            id=claims["sub"],
            role=Role(claims["role"]),
            region_code=validate_region_code(claims["region"]),
            display_name=name,
            station_id=UUID(station) if station is not None else None,
            unit_id=unit,
            deputy_id=UUID(deputy) if deputy is not None else None,
        )
    except (PlatformError, TypeError, ValueError, AttributeError):
        raise InvalidTokenError() from None
