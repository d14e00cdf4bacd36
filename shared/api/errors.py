"""One exception handler per service: every error becomes `{"error": {code, message, field}}`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from shared.auth.dependencies import audit_refusal
from shared.errors import ForbiddenError, PlatformError

_MESSAGES = {
    "missing": "缺少必填字段",
    "string_too_short": "内容太短",
    "string_too_long": "内容太长",
    "uuid_parsing": "不是有效的编号",
    "uuid_type": "不是有效的编号",
    "date_from_datetime_parsing": "不是有效的日期",
    "date_parsing": "不是有效的日期",
    "datetime_parsing": "不是有效的时间",
    "datetime_from_date_parsing": "不是有效的时间",
    "timezone_aware": "时间必须带时区",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "int_parsing": "必须是整数",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "bool_parsing": "必须是是/否",
    "json_invalid": "请求体不是有效的JSON",
    "model_attributes_type": "请求体格式错误",
    "dict_type": "请求体格式错误",
    "list_type": "必须是列表",
    "string_pattern_mismatch": "格式不正确",
    "extra_forbidden": "不允许的字段",
    "union_tag_invalid": "未知的命令类型",
    "union_tag_not_found": "缺少命令类型 type",
    "value_error": "取值无效",
}


# Our own pydantic error types carry a Chinese message already; they keep their platform code.
_CUSTOM_CODES = {"invalid_region_code": "INVALID_REGION_CODE"}


def _field_of(location: tuple[object, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _platform_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, PlatformError)
    if isinstance(error, ForbiddenError):
        audit_refusal(request, error)
    return JSONResponse(status_code=error.status, content=error.body())


def validation_error_body(first: Mapping[str, Any], *, prefix: tuple[object, ...] = ()) -> dict[str, Any]:
    """The platform's error body for one pydantic error: a code, a Chinese message, the field."""
    kind = str(first.get("type", ""))
    location = tuple(first.get("loc", ()))
    # An unparsable body's location ends in a character offset, which names no field.
    field = _field_of((*prefix, "body") if kind == "json_invalid" else (*prefix, *location))
    context = first.get("ctx") or {}
    original = context.get("error")
    if isinstance(original, PlatformError):
        message, code = original.message, original.code
    elif kind in _CUSTOM_CODES:
        message, code = f"{field}：{first.get('msg', '')}", _CUSTOM_CODES[kind]
    else:
        message, code = f"{field}：{_MESSAGES.get(kind, '输入不符合要求')}", "VALIDATION_FAILED"
    return {"error": {"code": code, "message": message, "field": field}}


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse(status_code=422, content=validation_error_body(error.errors()[0]))


def install_error_handlers(app: FastAPI) -> None:
    """Map domain and validation errors to their HTTP status and the platform's error body."""
    app.add_exception_handler(PlatformError, _platform_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
