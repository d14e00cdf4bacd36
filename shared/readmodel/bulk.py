"""Many rows at once on PostgreSQL: COPY for new rows, and an INSERT from per-column arrays where the
rows inserted must be known. Both go through the driver on the session's own connection (inside its
transaction): a multi-row VALUES list grows with its rows, and the driver would parse and quote it
anew each time. Other databases get SQLAlchemy's executemany.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session


def insert_rows(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    execution_options: Mapping[str, Any] | None = None,
) -> None:
    """Insert new rows of one shape, in one statement on PostgreSQL."""
    if not rows:
        return
    defaults = _scalar_defaults(table, missing=set(table.c.keys()) - set(rows[0]))
    if session.get_bind().dialect.name == "postgresql" and defaults is not None:
        given = list(rows[0])
        columns = [*defaults, *given]
        with _driver_cursor(session) as cursor:
            statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row([*defaults.values(), *(row[name] for name in given)])
    else:
        session.execute(insert(table), list(rows), execution_options=dict(execution_options or {}))


def _driver_cursor(session: Session) -> Any:
    """A psycopg cursor on the session's own connection, inside its transaction."""
    return session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def _scalar_defaults(table: Table, *, missing: set[str]) -> dict[str, Any] | None:
    """The Python-side defaults of the missing columns, or None if one is computed (then SQLAlchemy inserts)."""
    defaults = {}
    for name in missing:
        default = table.c[name].default
        if default is None:
            continue
        if not default.is_scalar:
            return None
        defaults[name] = default.arg  # type: ignore[attr-defined]
    return defaults


def insert_absent_returning(
    session: Session, table: Table, rows: Sequence[Mapping[str, Any]], *, returning: str
) -> list[Any]:
    """PostgreSQL: insert the rows whose key is not there yet, with one array per column sent in binary
    and unnested server-side; `returning` of each row inserted."""
    columns = list(rows[0])
    dialect = session.get_bind().dialect
    arrays = ", ".join(f"%b::{table.c[name].type.compile(dialect=dialect)}[]" for name in columns)
    statement = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"
        f" ON CONFLICT DO NOTHING RETURNING {returning}"
    )
    with _driver_cursor(session) as cursor:
        cursor.execute(statement, [[row[name] for row in rows] for name in columns])
        return [found for (found,) in cursor.fetchall()]
