"""`GET /api/v1/live`: server-sent events telling an open page that this service's read models moved.

Each notice names a projection; the page then re-reads what it shows through the ordinary, authorised
routes, so the stream itself carries no figures and no personal data.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import redis.asyncio
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from shared.auth import CurrentActor
from shared.errors import UnavailableError
from shared.messaging.live import channel_for, notices

HEARTBEAT_SECONDS = 15.0


class LiveUpdatesUnavailableError(UnavailableError):
    """Raised when the service has no Redis to receive live notices from."""

    code = "LIVE_UPDATES_UNAVAILABLE"
    message = "未配置 Redis，实时更新不可用"


def live_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/live", tags=["live"])

    @router.get("", response_class=StreamingResponse)
    async def live(actor: CurrentActor, request: Request) -> StreamingResponse:
        """实时更新（server-sent events）：读模型每提交一批事件推送一条通知，页面据此重新读取。"""
        runtime = request.app.state.runtime
        platform = runtime.settings.platform
        if platform.redis_url is None:
            raise LiveUpdatesUnavailableError()
        channel = channel_for(namespace=platform.redis_namespace, service=runtime.name)
        return StreamingResponse(
            _stream(request, redis_url=platform.redis_url, channel=channel),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    return router


async def _stream(request: Request, *, redis_url: str, channel: str) -> AsyncIterator[str]:
    client = redis.asyncio.Redis.from_url(redis_url)
    try:
        # The first line tells the page it is connected, so it can show "实时" at once.
        yield "event: ready\ndata: {}\n\n"
        async for notice in notices(client, channel=channel, idle_seconds=HEARTBEAT_SECONDS):
            if await request.is_disconnected():
                return
            if notice is None:
                yield ": heartbeat\n\n"
                continue
            yield f"event: projection\ndata: {json.dumps(notice)}\n\n"
    finally:
        await client.aclose()
