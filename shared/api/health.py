"""`GET /healthz`: the store position, the relay position, and each projection's position and lag.

`GET /readyz`: the read-model database answers `SELECT 1` — the cheapest request through the whole
stack (HTTP, the app, the connection pool, the database), and the baseline of the dashboard benchmark.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text


class ProjectionHealth(BaseModel):
    version: int
    events_applied: int
    dead_lettered: int
    position: int
    lag: int
    offsets: dict[str, int]


class HealthRead(BaseModel):
    service: str
    status: str
    store_position: int
    relay_position: int
    relay_lag: int
    relay_parked: int = 0
    """Stored events the broker refused for good, set aside (`renda dlq list`)."""
    projections: dict[str, ProjectionHealth]


class ReadyRead(BaseModel):
    service: str
    status: str


def health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", response_model=HealthRead)
    def healthz(request: Request) -> dict[str, Any]:
        """服务健康状况：事件库、转发器与各投影的位置和积压。"""
        runtime = request.app.state.runtime
        store_position = runtime.store.position()
        relay_position = runtime.relay_positions.get(runtime.name)
        return {
            "service": runtime.name,
            "status": "ok",
            "store_position": store_position,
            "relay_position": relay_position,
            "relay_lag": store_position - relay_position,
            "relay_parked": len(runtime.relay_positions.parked(runtime.name)),
            "projections": runtime.projection_states(),
        }

    @router.get("/readyz", response_model=ReadyRead)
    def readyz(request: Request) -> dict[str, Any]:
        """就绪检查：读模型数据库应答 SELECT 1。"""
        with request.app.state.runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"service": request.app.state.runtime.name, "status": "ready"}

    return router
