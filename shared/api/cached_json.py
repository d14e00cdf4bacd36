"""JSON answers of the read models, served from the hot cache while the read models have not moved."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Response
from pydantic import TypeAdapter

from shared.readmodel.hot_cache import HotCache


def cached_json(
    cache: HotCache | None,
    question: str,
    params: Mapping[str, object],
    shape: TypeAdapter[Any],
    compute: Callable[[], Any],
) -> Response:
    """The answer as a JSON response of `shape`: validated and serialised once, then sent as the kept bytes.

    Without a cache (no Redis configured) every request computes, validates and serialises.
    """

    def body() -> bytes:
        return shape.dump_json(shape.validate_python(compute()))

    content = body() if cache is None else cache.answer(question, params, body)
    return Response(content, media_type="application/json")
