"""Paged lists in the API: the `limit` and `cursor` query parameters, and the `{items, next_cursor}` answer.

Every list that grows with history is read a page at a time (`shared/readmodel/keyset.py`): at most
`limit` rows (50 unless asked, 200 at most), and `next_cursor` to pass back for the next page, null on
the last one. A cursor the list did not hand out is `422 INVALID_CURSOR`.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

from shared.readmodel.keyset import DEFAULT_LIMIT, MAX_LIMIT, PageRequest, RowPage

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Cursor", "Limit", "Page", "PageRequest", "page_answer"]

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"每页条数：默认 {DEFAULT_LIMIT}，最多 {MAX_LIMIT}")]
Cursor = Annotated[str | None, Query(description="上一页返回的 next_cursor；不填为第一页")]


class Page(BaseModel, Generic[T]):
    """One page of a list; each list's `XPage` names its rows."""

    items: list[T]
    next_cursor: str | None = Field(description="下一页的 cursor；已是最后一页时为 null")


def page_answer(page: RowPage) -> dict[str, Any]:
    """A page as the API answers it."""
    return {"items": page.rows, "next_cursor": page.next_cursor}
