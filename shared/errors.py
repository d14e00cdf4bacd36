"""The one error shape of the platform: a code, a Chinese message and, where it applies, the field.

Domain errors subclass these; each service maps them to HTTP status in one exception handler. The
base and the validation error are the event contract's own (`shared.events.errors`), which raises them.
"""

from __future__ import annotations

from shared.events.errors import PlatformError, ValidationFailedError

__all__ = [
    "ConflictError",
    "ForbiddenError",
    "NotAuthenticatedError",
    "NotFoundError",
    "PlatformError",
    "UnavailableError",
    "ValidationFailedError",
]


class NotFoundError(PlatformError):
    """Raised when the thing asked for does not exist."""

    code = "NOT_FOUND"
    message = "未找到"
    status = 404


class ConflictError(PlatformError):
    """Raised when the request conflicts with the current state (a lost race or an illegal step)."""

    code = "CONFLICT"
    message = "与当前状态冲突"
    status = 409


class NotAuthenticatedError(PlatformError):
    """Raised when the caller has no valid credentials."""

    code = "NOT_AUTHENTICATED"
    message = "未登录或凭证无效"
    status = 401


class ForbiddenError(PlatformError):
    """Raised when the caller acts outside its role or region."""

    code = "FORBIDDEN"
    message = "无权执行此操作"
    status = 403


class UnavailableError(PlatformError):
    """Raised when a dependency is not ready (a projection behind, the broker away)."""

    code = "UNAVAILABLE"
    message = "服务暂不可用，请稍后重试"
    status = 503
