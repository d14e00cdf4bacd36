"""Reading a paged list to its end as a client does: each page's `next_cursor` asks for the next one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from shared.api.paging import MAX_LIMIT

Fetch = Callable[[dict[str, Any]], Any]
"""One page's JSON for the given query parameters."""


class Getter(Protocol):
    def get(self, url: str, *, params: Any = ..., headers: Any = ...) -> Any: ...


def every_item(fetch: Fetch, *, limit: int = MAX_LIMIT, **params: Any) -> list[dict[str, Any]]:
    """Every row of a paged list, page after page until the last one."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(10_000):
        page = fetch({**params, "limit": limit} if cursor is None else {**params, "limit": limit, "cursor": cursor})
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the list never reached its last page")


def all_items(
    client: Getter, path: str, *, headers: dict[str, str] | None = None, **params: Any
) -> list[dict[str, Any]]:
    """Every row of the paged list at `path`, read with an HTTP client (a TestClient or httpx)."""

    def fetch(query: dict[str, Any]) -> Any:
        response = client.get(path, params=query, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    return every_item(fetch, **params)
