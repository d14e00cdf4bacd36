"""What every request must pass before the app sees it: a bounded body, and text the database can store.

A body over the limit is refused with 413 (at once when its Content-Length says so, else once that many
bytes have arrived). Text with a NUL character or a lone UTF-16 surrogate, which PostgreSQL cannot
store and no person types, is refused with 422 naming the field, in the query or in a JSON body.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import PlatformError, ValidationFailedError

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# In JSON such characters can only arrive escaped; a body without these escapes needs no parsing.
_UNSTORABLE_ESCAPE = re.compile(rb"\\u(0000|d[89a-f][0-9a-f]{2})", re.IGNORECASE)


class RequestTooLargeError(PlatformError):
    """Raised when a request body is larger than the service accepts."""

    code = "REQUEST_TOO_LARGE"
    message = "请求体过大"
    status = 413

    def __init__(self, *, max_bytes: int) -> None:
        super().__init__(f"请求体过大，不能超过 {max_bytes} 字节", field="body")


class UnstorableTextError(ValidationFailedError):
    """Raised when text holds a NUL character or a lone surrogate, which cannot be stored."""

    code = "INVALID_CHARACTER"
    message = "包含不允许的字符（空字符或无效的Unicode字符）"

    def __init__(self, *, field: str) -> None:
        super().__init__(f"{field}：{type(self).message}", field=field)


def _unstorable_in(value: Any, path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The path to the first key or string in a JSON value holding an unstorable character."""
    if isinstance(value, str):
        return path if _UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = (*path, key) if _UNSTORABLE.search(key) else _unstorable_in(item, (*path, key))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _unstorable_in(item, (*path, str(index)))
            if found is not None:
                return found
    return None


def _query_error(scope: Scope) -> PlatformError | None:
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True, errors="surrogateescape"):
        if _UNSTORABLE.search(name) or _UNSTORABLE.search(value):
            return UnstorableTextError(field=name)
    if _UNSTORABLE.search(scope.get("path", "")):
        return UnstorableTextError(field="path")
    return None


def _body_error(body: bytes) -> PlatformError | None:
    if not _UNSTORABLE_ESCAPE.search(body):
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None  # not JSON: the app refuses it with its own, clearer error
    found = _unstorable_in(document, ())
    return None if found is None else UnstorableTextError(field=".".join(found) or "body")


class RequestGuard:
    """ASGI middleware refusing bodies over `max_bytes` and text that cannot be stored."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        error = _query_error(scope)
        if error is None and self._declared_length(scope) > self.max_bytes:
            error = RequestTooLargeError(max_bytes=self.max_bytes)
        if error is not None:
            await self._refuse(error, scope, receive, send)
            return
        # Bodies are small (the limit is a few megabytes), so reading one whole before the app is cheap.
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([], message, receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(RequestTooLargeError(max_bytes=self.max_bytes), scope, receive, send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        error = _body_error(body)
        if error is not None:
            await self._refuse(error, scope, receive, send)
            return
        await self.app(scope, _replay([body], None, receive), send)

    @staticmethod
    def _declared_length(scope: Scope) -> int:
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                return int(value) if value.isdigit() else 0
        return 0

    @staticmethod
    async def _refuse(error: PlatformError, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {"Connection": "close"} if isinstance(error, RequestTooLargeError) else None
        response = JSONResponse(status_code=error.status, content=error.body(), headers=headers)
        await response(scope, receive, send)


def _replay(bodies: list[bytes], pending: Message | None, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then defers to the client's."""
    queue: list[Message] = [{"type": "http.request", "body": body, "more_body": False} for body in bodies]
    if pending is not None:
        queue.append(pending)

    async def replayed() -> Message:
        if queue:
            return queue.pop(0)
        return await receive()

    return replayed
