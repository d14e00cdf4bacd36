"""Errors raised by the framework rather than by our code (unknown path, wrong method, unreadable body).

They get the platform's error body too, so a client never has to parse two shapes.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from shared.errors import PlatformError

_BY_STATUS: dict[int, tuple[str, str]] = {
    400: ("BAD_REQUEST", "请求无法解析"),
    401: ("NOT_AUTHENTICATED", "未登录或凭证无效"),
    403: ("FORBIDDEN", "无权执行此操作"),
    404: ("NOT_FOUND", "请求的地址不存在"),
    405: ("METHOD_NOT_ALLOWED", "该地址不支持此请求方法"),
    406: ("NOT_ACCEPTABLE", "无法提供所要求的格式"),
    413: ("REQUEST_TOO_LARGE", "请求体过大"),
    415: ("UNSUPPORTED_MEDIA_TYPE", "不支持的请求体格式"),
}


class InvalidEncodingError(PlatformError):
    """Raised when a request body is not valid UTF-8 (a GBK body, or broken bytes)."""

    code = "INVALID_ENCODING"
    message = "请求体必须是UTF-8编码的JSON"
    status = 400


def platform_error_for(error: HTTPException) -> PlatformError:
    """The platform error standing for a framework HTTP error."""
    if isinstance(error.__cause__, UnicodeDecodeError):
        return InvalidEncodingError(field="body")
    code, message = _BY_STATUS.get(error.status_code, ("HTTP_ERROR", "请求无法处理"))
    failure = PlatformError(message, code=code, field="body" if error.status_code in (400, 413, 415) else None)
    failure.status = error.status_code
    return failure


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    failure = platform_error_for(error)
    return JSONResponse(status_code=failure.status, content=failure.body(), headers=error.headers)


def install_http_error_handlers(app: FastAPI) -> None:
    """Give the framework's own HTTP errors the platform's error body."""
    app.add_exception_handler(HTTPException, _http_error)
