"""What a statement touches, for the writes that wait in memory until a statement needs them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.util import find_tables


def tables_named(statement: Any) -> list[Table] | None:
    """The tables a statement reads or changes; None when that cannot be told (text, or a subquery's alias)."""
    if not isinstance(statement, ClauseElement):
        return None
    named = find_tables(statement, check_columns=True, include_joins=True, include_crud=True)
    tables = [t for t in named if isinstance(t, Table)]
    return tables if tables and len(tables) == len(named) else None
