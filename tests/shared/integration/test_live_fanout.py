"""Open pages share one Redis subscription per API process, and every page gets every notice."""

from __future__ import annotations

import asyncio
import uuid
from uuid import uuid4

import pytest
import redis

from shared.api.live_stream import LiveFanout
from shared.messaging.live import LiveUpdates, channel_for

pytestmark = pytest.mark.integration


def test_many_pages_one_subscription_each_page_gets_the_notice(redis_url: str) -> None:
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    channel = channel_for(namespace=namespace, service="county")
    fanout = LiveFanout(redis_url=redis_url, channel=channel, heartbeat_seconds=0.2)
    sync = redis.Redis.from_url(redis_url)

    async def page(received: list[dict[str, object]]) -> None:
        async for notice in fanout.notices():
            if notice is not None:
                received.append(notice)
                return

    async def scenario() -> tuple[list[list[dict[str, object]]], int, int]:
        inboxes: list[list[dict[str, object]]] = [[] for _ in range(12)]
        pages = [asyncio.create_task(page(inbox)) for inbox in inboxes]
        for _ in range(200):
            subscribed = sync.pubsub_numsub(channel)[0][1]
            if fanout.pages == 12 and subscribed:
                break
            await asyncio.sleep(0.05)
        subscribers = int(sync.pubsub_numsub(channel)[0][1])
        LiveUpdates(sync, namespace=namespace, service="county").projection_advanced(
            projection="county.roster", event_ids=[uuid4()]
        )
        await asyncio.wait_for(asyncio.gather(*pages), timeout=10)
        for _ in range(200):
            if not sync.pubsub_numsub(channel)[0][1]:
                break
            await asyncio.sleep(0.05)
        return inboxes, subscribers, int(sync.pubsub_numsub(channel)[0][1])

    inboxes, subscribers_while_open, subscribers_after = asyncio.run(scenario())
    assert subscribers_while_open == 1
    assert all(inbox and inbox[0]["projection"] == "county.roster" for inbox in inboxes)
    assert fanout.pages == 0 and subscribers_after == 0
