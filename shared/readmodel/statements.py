"""Writes that wait in memory until a statement needs them: what a statement touches, and the session hook."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.util import find_tables


def tables_named(statement: Any) -> list[Table] | None:
    """The tables a statement reads or changes; None when that cannot be told (text, or a subquery's alias)."""
    if not isinstance(statement, ClauseElement):
        return None
    named = find_tables(statement, check_columns=True, include_joins=True, include_crud=True)
    tables = [t for t in named if isinstance(t, Table)]
    return tables if tables and len(tables) == len(named) else None


@contextmanager
def watching(
    session: Session, key: str, keeper: object, before_statement: Callable[[ORMExecuteState], None]
) -> Iterator[None]:
    """Keep `keeper` in the session's info under `key`, and call `before_statement` before each statement."""
    session.info[key] = keeper
    event.listen(session, "do_orm_execute", before_statement)
    try:
        yield
    finally:
        event.remove(session, "do_orm_execute", before_statement)
        session.info.pop(key, None)
