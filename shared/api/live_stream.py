"""`GET /api/v1/live`: server-sent events telling an open page that this service's read models moved.

Each notice names a projection; the page then re-reads what it shows through the ordinary, authorised
routes, so the stream itself carries no figures and no personal data.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio
from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from shared.api.runtime_dep import RuntimeDep
from shared.auth import CurrentActor
from shared.errors import UnavailableError
from shared.messaging.live import channel_for, notices

HEARTBEAT_SECONDS = 15.0

_log = logging.getLogger("renda.live")


class LiveUpdatesUnavailableError(UnavailableError):
    """Raised when the service has no Redis to receive live notices from."""

    code = "LIVE_UPDATES_UNAVAILABLE"
    message = "未配置 Redis，实时更新不可用"


class LiveFanout:
    """One Redis subscription per API process, shared by every page it serves.

    Each open page gets its own small queue; a single task reads the channel and hands every notice to all
    queues, so a thousand open dashboards cost one Redis connection, not a thousand. The task starts with the
    first page and stops with the last; while Redis does not answer it tries again, and pages keep their
    heartbeats.
    """

    QUEUE_SIZE = 64

    def __init__(self, *, redis_url: str, channel: str, heartbeat_seconds: float = HEARTBEAT_SECONDS) -> None:
        self._redis_url = redis_url
        self._channel = channel
        self._heartbeat = heartbeat_seconds
        self._queues: set[asyncio.Queue[dict[str, Any]]] = set()
        self._pump: asyncio.Task[None] | None = None

    @property
    def pages(self) -> int:
        """How many pages are subscribed now."""
        return len(self._queues)

    async def _read_channel(self) -> None:
        delay = 0.5
        while self._queues:
            client = redis.asyncio.Redis.from_url(self._redis_url)
            try:
                async for notice in notices(client, channel=self._channel, idle_seconds=self._heartbeat):
                    delay = 0.5
                    if notice is not None:
                        for queue in list(self._queues):
                            if queue.full():
                                queue.get_nowait()  # a page that does not read loses its oldest notice, not others'
                            queue.put_nowait(notice)
            except redis.RedisError as error:
                _log.warning("live notices: Redis does not answer (%s); trying again", type(error).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
            finally:
                await client.aclose()

    async def notices(self) -> AsyncIterator[dict[str, Any] | None]:
        """This page's notices as they come; None after each heartbeat interval without one."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=self.QUEUE_SIZE)
        self._queues.add(queue)
        if self._pump is None or self._pump.done():
            self._pump = asyncio.get_running_loop().create_task(self._read_channel())
        try:
            while True:
                try:
                    yield await asyncio.wait_for(queue.get(), timeout=self._heartbeat)
                except TimeoutError:
                    yield None
        finally:
            self._queues.discard(queue)
            if not self._queues and self._pump is not None:
                self._pump.cancel()
                self._pump = None


def live_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/live", tags=["live"])
    fanouts: dict[str, LiveFanout] = {}

    @router.get("", response_class=StreamingResponse)
    async def live(actor: CurrentActor, runtime: RuntimeDep, request: Request) -> StreamingResponse:
        """实时更新（server-sent events）：读模型每提交一批事件推送一条通知，页面据此重新读取。"""
        platform = runtime.settings.platform
        if platform.redis_url is None:
            raise LiveUpdatesUnavailableError()
        channel = channel_for(namespace=platform.redis_namespace, service=runtime.name)
        fanout = fanouts.get(channel)
        if fanout is None:
            fanout = fanouts[channel] = LiveFanout(redis_url=platform.redis_url, channel=channel)
        return StreamingResponse(
            _stream(request, fanout),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    return router


async def _stream(request: Request, fanout: LiveFanout) -> AsyncIterator[str]:
    # The first line tells the page it is connected, so it can show "实时" at once.
    yield "event: ready\ndata: {}\n\n"
    async for notice in fanout.notices():
        if await request.is_disconnected():
            return
        if notice is None:
            yield ": heartbeat\n\n"
            continue
        yield f"event: projection\ndata: {json.dumps(notice)}\n\n"
