"""Idempotent writes for projections: insert-if-absent, upsert and update by key, on SQLite and PostgreSQL alike.

During a rebuild the session carries a write-behind (shared/readmodel/write_behind.py): these writes
then change rows kept in memory where they can, and reach the database a table at a time. A live
batch's session carries batched writes (shared/readmodel/batched_writes.py): upserts and updates by
key then queue, and reach the database a table, kind and shape at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, and_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

from shared.readmodel.batched_writes import batched_writes_of
from shared.readmodel.bulk import insert_absent_returning
from shared.readmodel.write_behind import WriteBehind, own_statement, write_behind_of


def _insert_for(session: Session, table: Table) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def insert_if_absent(session: Session, table: Table, values: Mapping[str, Any]) -> bool:
    """Insert a row unless its primary key exists; True if it was inserted."""
    keeper = write_behind_of(session, table)
    if keeper is not None:
        return keeper.insert_if_absent(table, values)
    # RETURNING, not rowcount: the driver's rowcount is not reliable for ON CONFLICT DO NOTHING.
    key = next(iter(table.primary_key.columns))
    statement = _insert_for(session, table).values(**values).on_conflict_do_nothing().returning(key)
    return session.execute(statement).first() is not None


def insert_absent_rows(
    session: Session, table: Table, rows: Sequence[Mapping[str, Any]], *, returning: str
) -> list[Any]:
    """Insert rows of one shape whose primary key is not there yet; `returning` of each row inserted.

    A key given twice is inserted once.
    """
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return insert_absent_returning(session, table, rows, returning=returning)
    statement = _insert_for(session, table).on_conflict_do_nothing().returning(table.c[returning])
    return list(session.execute(statement, list(rows)).scalars())


def upsert(session: Session, table: Table, values: Mapping[str, Any], *, key: Sequence[str]) -> None:
    """Insert a row, or update every non-key column of the row with the same key."""
    keeper = write_behind_of(session, table, key)
    if keeper is not None and keeper.upsert(table, values):
        return
    batched = batched_writes_of(session)
    if batched is not None:
        batched.upsert(table, values, key=key)
        return
    statement = _insert_for(session, table).values(**values)
    updates = {name: statement.excluded[name] for name in values if name not in key}
    if updates:
        statement = statement.on_conflict_do_update(index_elements=list(key), set_=updates)
    else:
        statement = statement.on_conflict_do_nothing()
    _execute_beside(session, statement, keeper)


def update_row(session: Session, table: Table, key: Mapping[str, Any], **values: Any) -> None:
    """Change some columns of the row with this primary key, if there is one."""
    keeper = write_behind_of(session, table)
    batched = batched_writes_of(session)
    if _computed(values):
        session.execute(_by_key(update(table), table, key).values(**values))  # a waiting row is written out first
    elif keeper is not None and keeper.update_row(table, key, values):
        return
    elif batched is not None:
        batched.update_row(table, key, values)
    else:
        _execute_beside(session, _by_key(update(table), table, key).values(**values), keeper)


def advance_row(session: Session, table: Table, key: Mapping[str, Any], version: int, **values: Any) -> None:
    """Move the row with this primary key to `version` with these values, if it is at an older version.

    An event applied once more (or after a newer one) then changes nothing. Values that are SQL
    expressions (a counter's `column + 1`) are computed by the database.
    """
    keeper = write_behind_of(session, table)

    def statement() -> Any:
        return _by_key(update(table), table, key).where(table.c.version < version).values(version=version, **values)

    if _computed(values):
        session.execute(statement())  # a waiting row is written out first
    elif keeper is None or not keeper.advance_row(table, key, version, values):
        _execute_beside(session, statement(), keeper)


def row_by_key(session: Session, table: Table, key: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The row with this primary key, or None."""
    keeper = write_behind_of(session, table)
    if keeper is not None:
        known, row = keeper.row(table, key)
        if known:
            return row
    statement = _by_key(select(table), table, key)
    found: Mapping[str, Any] | None = _execute_beside(session, statement, keeper).mappings().first()
    return found


def _computed(values: Mapping[str, Any]) -> bool:
    """Whether a value is an SQL expression (a counter's `column + 1`): the database computes it."""
    return any(isinstance(value, ClauseElement) for value in values.values())


def _by_key(statement: Any, table: Table, key: Mapping[str, Any]) -> Any:
    return statement.where(and_(*(table.c[name] == value for name, value in key.items())))


def _execute_beside(session: Session, statement: Any, keeper: WriteBehind | None) -> Any:
    """Run a statement on a row the write-behind does not hold: independent of those it holds, no write-out first."""
    if keeper is not None:
        return own_statement(session, statement)
    return session.execute(statement)
