"""The one error shape of the platform: a code, a Chinese message and, where it applies, the field.

Domain errors subclass these; each service maps them to HTTP status in one exception handler.
"""

from __future__ import annotations


class PlatformError(Exception):
    """Raised when a request cannot be carried out; base of every error a user may see."""

    code: str = "ERROR"
    message: str = "请求无法处理"
    status: int = 400

    def __init__(self, message: str | None = None, *, field: str | None = None, code: str | None = None) -> None:
        self.message = message or type(self).message
        self.field = field
        if code is not None:
            self.code = code
        super().__init__(self.message)

    def body(self) -> dict[str, object]:
        """The JSON body of the error response."""
        error: dict[str, object] = {"code": self.code, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


class ValidationFailedError(PlatformError):
    """Raised when input is malformed or breaks a rule of the domain."""

    code = "VALIDATION_FAILED"
    message = "输入不符合要求"
    status = 422


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
