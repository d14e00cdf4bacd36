"""Keyset paging on SQLite and PostgreSQL: a walk shows every row once while rows are stored between pages,
rows a filter computed when asked leaves out are passed over, and a cursor the list did not hand out is refused."""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Column, Date, DateTime, Engine, Integer, MetaData, String, Table, Uuid, insert, select

from shared.readmodel.keyset import InvalidCursorError, Keyset, PageRequest, RowPage

pytestmark = pytest.mark.integration

METADATA = MetaData()
rows = Table(
    "keyset_rows",
    METADATA,
    Column("row_id", Uuid, primary_key=True),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    Column("due", Date, nullable=False),
    Column("rank", Integer, nullable=False),
    Column("label", String(20), nullable=False),
)
OLDEST_FIRST = Keyset("test.rows", (rows.c.stored_at, rows.c.row_id))
LATEST_DUE_FIRST = Keyset("test.rows.by_due", (rows.c.due, rows.c.rank, rows.c.row_id), descending=frozenset({"due"}))
START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def db(engine: Engine) -> Engine:
    METADATA.create_all(engine)
    return engine


def _store(engine: Engine, *, at: datetime, due: date, rank: int = 0, label: str = "") -> UUID:
    row_id = uuid4()
    with engine.begin() as connection:
        connection.execute(insert(rows).values(row_id=row_id, stored_at=at, due=due, rank=rank, label=label))
    return row_id


def _walk(
    engine: Engine,
    keyset: Keyset,
    *,
    limit: int,
    between_pages: Callable[[int], None] = lambda _: None,
    shape: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None,
) -> list[RowPage]:
    pages: list[RowPage] = []
    cursor: str | None = None
    while True:
        with engine.connect() as connection:
            page = keyset.read_page(connection, select(rows), PageRequest(cursor=cursor, limit=limit), shape=shape)
        pages.append(page)
        if page.next_cursor is None:
            return pages
        between_pages(len(pages))
        cursor = page.next_cursor


def _ids(pages: list[RowPage]) -> list[UUID]:
    return [row["row_id"] for page in pages for row in page.rows]


def test_a_walk_shows_every_row_once_while_rows_are_stored_between_its_pages(db: Engine) -> None:
    # Several rows share a time, so the order rests on the id after it.
    present = {_store(db, at=START + timedelta(minutes=n // 3), due=date(2026, 4, 1)) for n in range(23)}
    stored_later: list[UUID] = []

    def store_around_the_position(page_number: int) -> None:
        # One before every row shown so far, one among those still to come, one after them all.
        stored_later.append(_store(db, at=START - timedelta(days=page_number), due=date(2026, 4, 1)))
        stored_later.append(_store(db, at=START + timedelta(minutes=6), due=date(2026, 4, 1)))
        stored_later.append(_store(db, at=START + timedelta(days=page_number), due=date(2026, 4, 1)))

    pages = _walk(db, OLDEST_FIRST, limit=5, between_pages=store_around_the_position)
    shown = Counter(_ids(pages))

    assert {row_id for row_id in present if shown[row_id] == 1} == present, "every row there at the start, once"
    assert max(shown.values()) == 1, "no row twice"
    assert set(shown) <= present | set(stored_later)
    assert all(len(page.rows) == 5 for page in pages[:-1]) and pages[-1].next_cursor is None
    with db.connect() as connection:
        order = [row.row_id for row in connection.execute(select(rows).order_by(*OLDEST_FIRST.order_by()))]
    assert _ids(pages) == [row_id for row_id in order if row_id in shown], "in the list's order"


def test_a_newest_first_order_walks_every_row_once_too(db: Engine) -> None:
    present = {_store(db, at=START, due=date(2026, 4, 1) + timedelta(days=n % 4), rank=n % 2) for n in range(17)}

    pages = _walk(
        db,
        LATEST_DUE_FIRST,
        limit=4,
        between_pages=lambda n: _store(db, at=START, due=date(2026, 4, 2), rank=n % 2),
    )
    shown = [row for page in pages for row in page.rows]
    ids = Counter(row["row_id"] for row in shown)

    assert {row_id for row_id in present if ids[row_id] == 1} == present and max(ids.values()) == 1
    dues = [row["due"] for row in shown]
    assert dues == sorted(dues, reverse=True)


def test_rows_a_filter_leaves_out_are_passed_over_and_every_page_but_the_last_is_full(db: Engine) -> None:
    kept = set()
    for n in range(60):
        row_id = _store(db, at=START + timedelta(seconds=n), due=date(2026, 4, 1), label="red" if n % 7 == 0 else "")
        if n % 7 == 0:
            kept.add(row_id)

    pages = _walk(db, OLDEST_FIRST, limit=3, shape=lambda row: row if row["label"] == "red" else None)

    assert set(_ids(pages)) == kept and len(_ids(pages)) == len(kept) == 9
    assert [len(page.rows) for page in pages] == [3, 3, 3]


def test_an_empty_list_is_one_page_with_no_next_cursor(db: Engine) -> None:
    [page] = _walk(db, OLDEST_FIRST, limit=5)

    assert (page.rows, page.next_cursor) == ([], None)


def _first_cursor(db: Engine) -> str:
    for n in range(3):
        _store(db, at=START + timedelta(seconds=n), due=date(2026, 4, 1))
    with db.connect() as connection:
        cursor = OLDEST_FIRST.read_page(connection, select(rows), PageRequest(limit=1)).next_cursor
    assert cursor is not None
    return cursor


def _forged(payload: list[Any]) -> str:
    """A cursor built by hand from readable JSON, without the digest the list writes into its own."""
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"), id="last character changed"),
        pytest.param(lambda c: c[:10] + ("x" if c[10] != "x" else "y") + c[11:], id="a character changed"),
        pytest.param(lambda c: c[: len(c) // 2], id="cut short"),
        pytest.param(lambda c: c + "=", id="padding added"),
        pytest.param(lambda c: c + "!", id="a character outside base64url"),
        pytest.param(lambda _: "", id="empty"),
        pytest.param(lambda _: "A" * 2000, id="too long"),
        pytest.param(lambda _: _forged(["test.rows", ["2026-03-01T08:00:00+00:00", str(uuid4())]]), id="forged"),
        pytest.param(lambda _: LATEST_DUE_FIRST.cursor_of((date(2026, 4, 1), 0, uuid4())), id="another list's cursor"),
    ],
)
def test_a_cursor_the_list_did_not_hand_out_is_refused(db: Engine, tamper: Callable[[str], str]) -> None:
    cursor = tamper(_first_cursor(db))

    with db.connect() as connection, pytest.raises(InvalidCursorError) as refused:
        OLDEST_FIRST.read_page(connection, select(rows), PageRequest(cursor=cursor, limit=1))

    assert (refused.value.code, refused.value.status, refused.value.field) == ("INVALID_CURSOR", 422, "cursor")
