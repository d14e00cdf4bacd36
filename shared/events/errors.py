"""The one error shape of the platform: a code, a Chinese message and, where it applies, the field.

It is defined with the contract because the contract raises it too (a malformed region code, an event
it cannot decode), and the contract needs nothing else of the platform. `shared.errors` adds the
other kinds; each service maps them all to HTTP status in one exception handler.
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
