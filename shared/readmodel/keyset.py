"""Keyset paging (按位置翻页) over a read model: a list in a stable order, read one page after a position.

A position is the sort key of the last row a page showed, ending in the row's unique id. Rows are read
after it, not counted from the start, so a row stored between two pages never pushes one already shown
onto the next page or one not yet shown past it: every row that was there when a walk began is shown
exactly once. Clients hold a position as an opaque cursor; one this list did not hand out is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Column, ColumnElement, Connection, Select, and_, or_

from shared.errors import ValidationFailedError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Enough for any position of ours (a few ids and dates); anything longer was not handed out here.
_LONGEST_CURSOR = 1024
_CURSOR_ALPHABET = re.compile(r"^[A-Za-z0-9_-]+$")
_DIGEST_BYTES = 8
# How many stored rows one read fetches at most while a filter computed when asked leaves rows out.
_LARGEST_CHUNK = 1000

Shape = Callable[[dict[str, Any]], dict[str, Any] | None]
"""Turns a stored row into what the list shows, or None to leave it out (a filter computed when asked)."""


class InvalidCursorError(ValidationFailedError):
    """Raised when a cursor is not one the list handed out: altered, cut short, or another list's."""

    code = "INVALID_CURSOR"
    message = "翻页位置无效，请不带 cursor 从第一页重新查询"


@dataclass(frozen=True)
class PageRequest:
    """Which page: the rows after the position a cursor names (from the first row without one), at most `limit`."""

    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class RowPage:
    """One page of a list, and the cursor of the next page (None when this page is the last)."""

    rows: list[dict[str, Any]]
    next_cursor: str | None


@dataclass(frozen=True)
class Keyset:
    """A list's stable order: its sort columns, the last of them unique, and the ones sorted newest first.

    `name` is written into every cursor, so a cursor of one list is refused by another.
    """

    name: str
    columns: tuple[Column[Any], ...]
    descending: frozenset[str] = field(default_factory=frozenset)

    def order_by(self) -> list[ColumnElement[Any]]:
        return [column.desc() if column.name in self.descending else column.asc() for column in self.columns]

    def after(self, position: tuple[Any, ...]) -> ColumnElement[bool]:
        """The rows that come after `position` in this order."""
        later = []
        for index, column in enumerate(self.columns):
            beyond = column < position[index] if column.name in self.descending else column > position[index]
            ties = [self.columns[i] == position[i] for i in range(index)]
            later.append(and_(*ties, beyond))
        return or_(*later)

    def position_of(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(row[column.name] for column in self.columns)

    def cursor_of(self, position: tuple[Any, ...]) -> str:
        """The opaque cursor of a position: base64url of a digest and the JSON of the list's name and key."""
        payload = json.dumps([self.name, [_plain(value) for value in position]], separators=(",", ":")).encode()
        token = base64.urlsafe_b64encode(_digest(payload) + payload)
        return token.rstrip(b"=").decode("ascii")

    def position_in(self, cursor: str) -> tuple[Any, ...]:
        """The position a cursor of this list names; InvalidCursorError for any other string."""
        if len(cursor) > _LONGEST_CURSOR or not _CURSOR_ALPHABET.match(cursor):
            raise InvalidCursorError(field="cursor")
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except (binascii.Error, ValueError):
            raise InvalidCursorError(field="cursor") from None
        if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != cursor:  # spare bits set: not ours
            raise InvalidCursorError(field="cursor")
        digest, payload = raw[:_DIGEST_BYTES], raw[_DIGEST_BYTES:]
        if digest != _digest(payload):
            raise InvalidCursorError(field="cursor")
        try:
            name, values = json.loads(payload)
            if name != self.name or len(values) != len(self.columns):
                raise InvalidCursorError(field="cursor")
            return tuple(_typed(value, column) for value, column in zip(values, self.columns, strict=True))
        except (AttributeError, TypeError, ValueError):
            raise InvalidCursorError(field="cursor") from None

    def read_page(
        self, connection: Connection, query: Select[Any], page: PageRequest, *, shape: Shape | None = None
    ) -> RowPage:
        """The page of `query`'s rows after the cursor's position, in this order, each as `shape` makes it.

        A row `shape` leaves out is passed over; reads go on until the page is full or the rows run out.
        """
        position = None if page.cursor is None else self.position_in(page.cursor)
        ordered = query.order_by(None).order_by(*self.order_by())
        wanted = page.limit + 1  # one more than the page shows tells whether another page follows
        kept: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        chunk = wanted
        while len(kept) < wanted:
            window = ordered if position is None else ordered.where(self.after(position))
            fetched = [dict(row) for row in connection.execute(window.limit(chunk)).mappings()]
            for row in fetched:
                position = self.position_of(row)
                shown = row if shape is None else shape(row)
                if shown is not None:
                    kept.append((position, shown))
                    if len(kept) == wanted:
                        break
            if len(fetched) < chunk:
                break
            chunk = min(chunk * 2, _LARGEST_CHUNK)
        rows = [shown for _, shown in kept[: page.limit]]
        more = len(kept) > page.limit
        return RowPage(rows=rows, next_cursor=self.cursor_of(kept[page.limit - 1][0]) if more else None)


def _digest(payload: bytes) -> bytes:
    return hashlib.sha256(b"renda.cursor\x00" + payload).digest()[:_DIGEST_BYTES]


def _plain(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value


def _typed(value: Any, column: Column[Any]) -> Any:
    """A cursor's JSON value as the column's Python type; ValueError or TypeError if it is not one."""
    kind = column.type.python_type
    if kind is UUID:
        return UUID(value)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError("not an integer")
    if kind is str and not isinstance(value, str):
        raise TypeError("not a string")
    return value
