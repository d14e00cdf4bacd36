"""The hot cache answers from Redis only while the read models have not moved since the answer was kept."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from shared.messaging.live import LiveUpdates
from shared.readmodel.hot_cache import HotCache

pytestmark = pytest.mark.integration

QUESTION = {"code": "410327000000", "start": "2026-01-01", "end": "2026-12-04"}


class Counting:
    """A read model that counts how often it was asked, and answers with what it holds."""

    def __init__(self) -> None:
        self.asked = 0
        self.opinions = 3

    def __call__(self) -> bytes:
        self.asked += 1
        return f'{{"opinions": {self.opinions}}}'.encode()


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


@pytest.fixture
def namespace() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


def test_the_same_question_is_answered_from_redis_until_a_projection_commits(
    client: redis.Redis, namespace: str
) -> None:
    cache = HotCache(client, namespace=namespace, service="county", ttl_seconds=60)
    live = LiveUpdates(client, namespace=namespace, service="county")
    read_model = Counting()

    assert cache.answer("rollup", QUESTION, read_model) == b'{"opinions": 3}'
    assert cache.answer("rollup", QUESTION, read_model) == b'{"opinions": 3}'
    assert read_model.asked == 1

    read_model.opinions = 4
    live.projection_advanced(projection="county_rollup", event_ids=[uuid.uuid4()])

    assert cache.answer("rollup", QUESTION, read_model) == b'{"opinions": 4}'
    assert read_model.asked == 2


def test_different_questions_and_services_are_kept_apart(client: redis.Redis, namespace: str) -> None:
    county = HotCache(client, namespace=namespace, service="county", ttl_seconds=60)
    township = HotCache(client, namespace=namespace, service="township", ttl_seconds=60)

    assert county.answer("rollup", QUESTION, lambda: b"county year") == b"county year"
    assert county.answer("rollup", {**QUESTION, "start": "2026-11-01"}, lambda: b"county month") == b"county month"
    assert county.answer("months", QUESTION, lambda: b"county months") == b"county months"
    assert township.answer("rollup", QUESTION, lambda: b"township year") == b"township year"
    assert county.answer("rollup", QUESTION, lambda: b"recomputed") == b"county year"


def test_kept_answers_expire(client: redis.Redis, namespace: str) -> None:
    cache = HotCache(client, namespace=namespace, service="county", ttl_seconds=60)
    cache.answer("rollup", QUESTION, lambda: b"1")

    [key] = client.keys(f"{namespace}:county:answer:*")
    assert 0 < client.ttl(key) <= 60


def test_without_redis_every_question_is_answered_from_the_read_models(namespace: str) -> None:
    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    cache = HotCache(unreachable, namespace=namespace, service="county", ttl_seconds=60)
    read_model = Counting()

    assert cache.answer("rollup", QUESTION, read_model) == b'{"opinions": 3}'
    assert cache.answer("rollup", QUESTION, read_model) == b'{"opinions": 3}'
    assert read_model.asked == 2
