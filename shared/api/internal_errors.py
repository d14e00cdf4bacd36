"""A failure no handler expected becomes the platform's error body, and its log line carries no stored values.

Without this, an unexpected exception reaches the page as the text "Internal Server Error" (which the pages
cannot parse as JSON) and the server log prints the exception whole: a database's error text names the row's
values (PostgreSQL's `DETAIL: Key (…)=(…)`, the statement's parameters), which may be a voter's data. The log
keeps what an operator needs — the exception's type, the request, where in the code — and drops those lines.
"""

from __future__ import annotations

import logging
import re
import traceback

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import PlatformError

_log = logging.getLogger("renda.api")

# Lines of a database error that quote stored values: PostgreSQL's DETAIL, SQLAlchemy's parameters.
_VALUE_LINES = re.compile(r"^\s*(DETAIL|\[parameters|\[SQL parameters).*$", re.MULTILINE)


class InternalError(PlatformError):
    """Raised (as an answer) when the service failed in a way no rule names."""

    code = "INTERNAL_ERROR"
    message = "服务器内部错误，请稍后重试；如仍失败请联系管理员"
    status = 500


def scrubbed(error: BaseException) -> str:
    """The exception's text without the lines that quote stored values."""
    return _VALUE_LINES.sub("[values withheld]", str(error)).strip()


def _log_failure(scope: Scope, error: Exception) -> None:
    frames = "".join(traceback.format_tb(error.__traceback__))
    _log.error(
        "unhandled %s on %s %s: %s\n%s",
        type(error).__name__,
        scope.get("method", "-"),
        scope.get("path", "-"),
        scrubbed(error),
        frames,
        extra={"audit_event": "internal_error", "error_type": type(error).__name__},
    )


class InternalErrors:
    """ASGI middleware: an unexpected exception is answered with 500 and the error body, and logged scrubbed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as error:  # noqa: BLE001 — the last place any failure can still get a proper answer
            _log_failure(scope, error)
            if started:
                return  # the answer is under way: nothing more can be sent on it
            await JSONResponse(status_code=InternalError.status, content=InternalError().body())(scope, receive, send)
