"""FastAPI wiring of authentication: the current actor, role and region checks, and the login route."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from shared.auth.accounts import AccountStore, LoginFailedError
from shared.auth.actor import Actor
from shared.auth.device_keys import DeviceKeyLookup, authenticate_device
from shared.auth.login_throttle import LoginBusyError, LoginThrottle, LoginThrottledError, PasswordCheckSlots
from shared.auth.roles import Role
from shared.auth.sessions import AccountSessions
from shared.auth.tokens import InvalidTokenError, TokenService
from shared.errors import ForbiddenError, NotAuthenticatedError

DEVICE_KEY_HEADER = "X-Device-Key"

_audit = logging.getLogger("renda.audit")


class Authenticator:
    """Turns the credentials on a request (a bearer token or a device key) into an Actor."""

    def __init__(
        self,
        *,
        tokens: TokenService,
        device_keys: DeviceKeyLookup | None = None,
        sessions: AccountSessions | None = None,
    ) -> None:
        self.tokens = tokens
        self._device_keys = device_keys
        self._sessions = sessions

    def authenticate(self, *, authorization: str | None, device_key: str | None) -> Actor:
        """The actor behind the credentials; raises NotAuthenticatedError when missing or not valid."""
        if authorization and device_key:
            raise NotAuthenticatedError("只能提供一种凭证")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise InvalidTokenError()
            actor, issued_at = self.tokens.verify_issued(token.strip())
            if self._sessions is not None:
                self._sessions.check(actor, issued_at=issued_at)
            return actor
        if device_key:
            if self._device_keys is None:
                raise NotAuthenticatedError("此服务不接受终端密钥")
            return authenticate_device(plaintext=device_key, lookup=self._device_keys)
        raise NotAuthenticatedError()


def _authenticator(request: Request) -> Authenticator:
    authenticator = getattr(request.app.state, "authenticator", None)
    if not isinstance(authenticator, Authenticator):
        raise TypeError("app.state.authenticator must be an Authenticator; wire it in bootstrap")
    return authenticator


def current_actor(request: Request) -> Actor:
    """The authenticated caller of this request."""
    actor = _authenticator(request).authenticate(
        authorization=request.headers.get("Authorization"),
        device_key=request.headers.get(DEVICE_KEY_HEADER),
    )
    # Kept for the error handler, so a refusal raised anywhere in the route is audited with its actor.
    request.state.actor = actor
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def _action_of(request: Request) -> str:
    endpoint = request.scope.get("endpoint")
    return str(getattr(endpoint, "__name__", "")) or request.url.path


def allow(*roles: Role) -> Any:
    """A route dependency that refuses (403, audited) every role but these, before the request body is read.

    Route dependencies run before FastAPI validates the body, so a caller outside these roles learns
    nothing about what the route accepts; the region is checked in the route, against what it acts on.
    """

    def allowed_roles(request: Request, actor: CurrentActor) -> Actor:
        require_role(actor, *roles, action=_action_of(request))
        return actor

    return Depends(allowed_roles)


def require_role(actor: Actor, *roles: Role, action: str = "") -> None:
    """Raise ForbiddenError, and log the refusal, unless the actor holds one of the roles."""
    if actor.role in roles:
        return
    _log_refusal(actor, reason="role", action=action, required=",".join(role.value for role in roles))
    raise _audited(ForbiddenError("当前角色无权执行此操作"))


def require_region(actor: Actor, region_code: str, *, action: str = "") -> None:
    """Raise ForbiddenError, and log the refusal, unless the region lies within the actor's own."""
    if actor.covers(region_code):
        return
    _log_refusal(actor, reason="region", action=action, required=region_code)
    raise _audited(ForbiddenError("超出本人管辖区域"))


def audit_refusal(request: Request, error: ForbiddenError) -> None:
    """Log a refusal raised by a rule inside a route (not your own deputy, not your unit), once."""
    if getattr(error, "audited", False):
        return
    actor = getattr(request.state, "actor", None)
    if not isinstance(actor, Actor):
        return
    _log_refusal(actor, reason="rule", action=_action_of(request), required=error.field or error.code)
    _audited(error)


def _audited(error: ForbiddenError) -> ForbiddenError:
    error.audited = True  # type: ignore[attr-defined]
    return error


def _log_refusal(actor: Actor, *, reason: str, action: str, required: str) -> None:
    _audit.warning(
        "access refused: actor=%s role=%s region=%s reason=%s required=%s action=%s",
        actor.id,
        actor.role.value,
        actor.region_code,
        reason,
        required,
        action or "-",
        extra={
            "audit_event": "access_refused",
            "actor_id": actor.id,
            "actor_role": actor.role.value,
            "actor_region": actor.region_code,
            "refused_reason": reason,
            "refused_required": required,
            "refused_action": action,
        },
    )


class LoginRequest(BaseModel):
    """A person's username and password."""

    # No control characters: a username is written to the audit log, where a newline would forge a line.
    username: str = Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")
    password: str = Field(min_length=1, max_length=256)


class TokenRead(BaseModel):
    """An access token and who it was issued to."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    role: Role
    region_code: str
    display_name: str
    deputy_id: UUID | None = None
    unit_id: str | None = None


def _accounts(request: Request) -> AccountStore:
    accounts: AccountStore | None = getattr(request.app.state, "accounts", None)
    if accounts is None:
        raise RuntimeError("app.state.accounts is not set; wire it in bootstrap")
    return accounts


def _login_throttle(request: Request) -> LoginThrottle | None:
    return getattr(request.app.state, "login_throttle", None)


def _password_checks(request: Request) -> PasswordCheckSlots | None:
    return getattr(request.app.state, "password_checks", None)


def _throttled(error: LoginThrottledError | LoginBusyError) -> JSONResponse:
    return JSONResponse(status_code=error.status, content=error.body(), headers={"Retry-After": str(error.retry_after)})


def login_router() -> APIRouter:
    """The router with the login route."""
    router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

    @router.post(
        "/login",
        response_model=TokenRead,
        responses={429: {"description": "登录失败次数过多；Retry-After 给出可再试的秒数"}},
    )
    async def login(body: LoginRequest, request: Request) -> TokenRead | JSONResponse:
        """Log in with username and password; returns an access token."""
        throttle = _login_throttle(request)
        slots = _password_checks(request)
        client = request.client.host if request.client is not None else "-"
        accounts = _accounts(request)

        def check_password() -> Actor:
            return accounts.authenticate(username=body.username, password=body.password)

        try:
            if throttle is not None:
                # Counted before the password, so a throttled guess learns nothing, right or wrong.
                await run_in_threadpool(throttle.admit, username=body.username, client=client)
            actor = await (run_in_threadpool(check_password) if slots is None else slots.run(check_password))
        except LoginThrottledError as error:
            _audit.warning(
                "login throttled: username=%r client=%s",
                body.username,
                client,
                extra={"audit_event": "login_throttled", "username": body.username, "client": client},
            )
            return _throttled(error)
        except LoginBusyError as error:
            _audit.warning("login busy: client=%s", client, extra={"audit_event": "login_busy", "client": client})
            return _throttled(error)
        except LoginFailedError:
            _audit.warning(
                "login failed: username=%r client=%s",
                body.username,
                client,
                extra={"audit_event": "login_failed", "username": body.username, "client": client},
            )
            raise
        if throttle is not None:
            await run_in_threadpool(throttle.succeeded, username=body.username, client=client)
        issued = _authenticator(request).tokens.issue(actor=actor, now=datetime.now(UTC))
        return TokenRead(
            access_token=issued.token,
            expires_at=issued.expires_at,
            role=actor.role,
            region_code=actor.region_code,
            display_name=actor.display_name,
            deputy_id=actor.deputy_id,
            unit_id=actor.unit_id,
        )

    return router
