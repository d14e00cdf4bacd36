"""Hot answers of the read models, kept in Redis until the read models move on.

A dashboard asks the same questions again and again (this county, this year, as of today), and each
answer is a few hundred rows gathered and summed. The cache keeps each answer under a key made of the
service's read-model generation and the question; projection workers move the generation after every
committed batch (`shared.messaging.live`), so a cached answer is never served once the read models it
was computed from have changed. The generation is read before the answer is computed, so an answer is
at least as new as the generation it is filed under. Entries also expire, which bounds Redis's memory
and any staleness should a generation move be lost with Redis.

Redis is an accelerator, never a source of truth: when it does not answer, the question is computed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping

import redis

from shared.messaging.live import generation_key_for

log = logging.getLogger("renda.cache")


class HotCache:
    def __init__(self, client: redis.Redis, *, namespace: str, service: str, ttl_seconds: int) -> None:
        self._client = client
        self._prefix = f"{namespace}:{service}:answer"
        self._generation_key = generation_key_for(namespace=namespace, service=service)
        self._ttl = ttl_seconds

    def answer(self, question: str, params: Mapping[str, object], compute: Callable[[], bytes]) -> bytes:
        """The answer to `question` with `params` (as sent: bytes), from Redis when the read models have not moved."""
        try:
            generation = int(self._client.get(self._generation_key) or 0)
            key = self._key(question, params, generation)
            cached = self._client.get(key)
        except redis.RedisError as error:
            log.warning("hot cache unavailable, answering from the read models: %r", error)
            return compute()
        if cached is not None:
            return cached if isinstance(cached, bytes) else str(cached).encode()
        answer = compute()
        try:
            self._client.set(key, answer, ex=self._ttl)
        except redis.RedisError as error:
            log.warning("hot cache answer not kept: %r", error)
        return answer

    def _key(self, question: str, params: Mapping[str, object], generation: int) -> str:
        digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:32]
        return f"{self._prefix}:{generation}:{question}:{digest}"
