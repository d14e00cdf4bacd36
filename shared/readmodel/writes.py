"""Idempotent writes for projections: insert-if-absent and upsert, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def _insert_for(session: Session, table: Table) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def insert_if_absent(session: Session, table: Table, values: Mapping[str, Any]) -> bool:
    """Insert a row unless its primary key exists; True if it was inserted."""
    # RETURNING, not rowcount: the driver's rowcount is not reliable for ON CONFLICT DO NOTHING.
    key = next(iter(table.primary_key.columns))
    statement = _insert_for(session, table).values(**values).on_conflict_do_nothing().returning(key)
    return session.execute(statement).first() is not None


def insert_absent_rows(
    session: Session, table: Table, rows: Sequence[Mapping[str, Any]], *, returning: str
) -> list[Any]:
    """Insert the rows whose primary key is not there yet, in a few statements; `returning` of each row inserted.

    A key given twice is inserted once.
    """
    if not rows:
        return []
    statement = _insert_for(session, table).on_conflict_do_nothing().returning(table.c[returning])
    return list(session.execute(statement, list(rows)).scalars())


def upsert(session: Session, table: Table, values: Mapping[str, Any], *, key: Sequence[str]) -> None:
    """Insert a row, or update every non-key column of the row with the same key."""
    statement = _insert_for(session, table).values(**values)
    updates = {name: statement.excluded[name] for name in values if name not in key}
    if updates:
        statement = statement.on_conflict_do_update(index_elements=list(key), set_=updates)
    else:
        statement = statement.on_conflict_do_nothing()
    session.execute(statement)
