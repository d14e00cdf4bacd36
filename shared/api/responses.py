"""The error responses each route documents in OpenAPI, with the platform's error body as their schema.

`document_errors` derives them from what a route takes: one that needs an actor may refuse its
credentials (401) or its role or region (403), one with parameters may refuse input
(422, and 400 for a body that is not readable UTF-8 JSON, 413 for one too large), one that names a thing
(in its path, its query or its body) may not find it (404), and a command may conflict with the current state (409).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorRead(BaseModel):
    """The platform's error body: a code, a Chinese message and, where it applies, the field."""

    error: ErrorDetail


DESCRIPTIONS = {
    400: "请求体无法解析（不是UTF-8编码的JSON）",
    401: "未登录或凭证无效",
    403: "当前角色或辖区无权执行此操作",
    404: "未找到",
    409: "与当前状态冲突",
    413: "请求体过大",
    422: "输入不符合要求",
    429: "请求过于频繁",
    503: "服务暂不可用，请稍后重试",
}


def error_responses(*statuses: int, json_route: bool = True) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route or router: each status with its description and the error body.

    FastAPI files a response model under the route's own media type; a route answering with a file or
    a page still answers errors in JSON, so its errors name the schema under `application/json` instead.
    """
    if json_route:
        return {status: {"model": ErrorRead, "description": DESCRIPTIONS[status]} for status in statuses}
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorRead"}}}
    return {status: {"description": DESCRIPTIONS[status], "content": content} for status in statuses}


def _answers_json(route: APIRoute) -> bool:
    response_class = getattr(route.response_class, "value", route.response_class)
    return getattr(response_class, "media_type", None) == "application/json"


def _depends_on(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(sub.call is call or _depends_on(sub, call) for sub in dependant.dependencies)


def _all_params(dependant: Dependant) -> bool:
    if dependant.path_params or dependant.query_params or dependant.header_params or dependant.body_params:
        return True
    return any(_all_params(sub) for sub in dependant.dependencies)


def errors_of(route: APIRoute, *, actor: Callable[..., Any]) -> list[int]:
    """The error statuses `route` may answer with; `actor` is the dependency that authenticates."""
    statuses: set[int] = set()
    if _depends_on(route.dependant, actor):
        statuses.update((401, 403))
    if _all_params(route.dependant):
        statuses.add(422)
    if route.body_field is not None:
        statuses.update((400, 413))
    if _all_params(route.dependant):
        statuses.add(404)
    if set(route.methods or ()) - {"GET", "HEAD"}:
        statuses.add(409)
    return sorted(statuses)


def document_errors(router: APIRouter, *, actor: Callable[..., Any]) -> APIRouter:
    """Give each of the router's routes its error responses; what a route documents itself wins."""
    for route in router.routes:
        if isinstance(route, APIRoute):
            errors = error_responses(*errors_of(route, actor=actor), json_route=_answers_json(route))
            route.responses = {**errors, **route.responses}
    return router
