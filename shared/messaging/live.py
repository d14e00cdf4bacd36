"""Live update notices on Redis pub/sub: "this projection moved", for every API process to push on.

Projection workers publish after each committed batch; each API process subscribes for its own
browsers, so a notice reaches every open page whichever process serves it.

Each notice also moves the service's read-model generation, a counter in Redis that the hot cache
(`shared.readmodel.hot_cache`) keys its answers by: once a batch is committed, no cached answer from
before it is served again.

Redis is an accelerator, never a source of truth: a failed publish is logged and forgotten, and the
read models are unaffected.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any
from uuid import UUID

import redis
import redis.asyncio

log = logging.getLogger("renda.live")


def channel_for(*, namespace: str, service: str) -> str:
    return f"{namespace}:{service}:projections"


def generation_key_for(*, namespace: str, service: str) -> str:
    return f"{namespace}:{service}:generation"


class LiveUpdates:
    """Publishes a notice after each batch a projection committed."""

    def __init__(self, client: redis.Redis, *, namespace: str, service: str) -> None:
        self._client = client
        self.channel = channel_for(namespace=namespace, service=service)
        self.generation_key = generation_key_for(namespace=namespace, service=service)

    def projection_advanced(self, *, projection: str, event_ids: Sequence[UUID]) -> None:
        notice = {"projection": projection, "applied": len(event_ids), "event_ids": [str(e) for e in event_ids]}
        try:
            # The generation moves first: a page told to read again must not get the old cached answer.
            with self._client.pipeline(transaction=False) as pipeline:
                pipeline.incr(self.generation_key)
                pipeline.publish(self.channel, json.dumps(notice))
                pipeline.execute()
        except redis.RedisError as error:
            log.warning("live update for %s not published: %r", projection, error)


async def notices(
    client: redis.asyncio.Redis, *, channel: str, idle_seconds: float
) -> AsyncIterator[dict[str, Any] | None]:
    """The notices published on `channel`, as they come; None after each `idle_seconds` without one."""
    async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
        await pubsub.subscribe(channel)
        while True:
            message = await pubsub.get_message(timeout=idle_seconds)
            if message is None:
                yield None
                continue
            notice = json.loads(message["data"])
            yield {"projection": notice["projection"], "applied": notice["applied"]}
