"""Many rows in one statement: on PostgreSQL an INSERT from one array per column, unnested server-side.

A multi-row VALUES list grows with its rows, and the driver parses it anew each time; this statement
stays short whatever the number of rows, and the arrays travel as parameters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert, text
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
    options = dict(execution_options or {})
    defaults = _scalar_defaults(table, missing=set(table.c.keys()) - set(rows[0]))
    if session.get_bind().dialect.name == "postgresql" and defaults is not None:
        complete = [{**defaults, **row} for row in rows] if defaults else rows
        session.execute(text(unnested_insert(session, table, list(complete[0]))), as_arrays(complete), execution_options=options)
    else:
        session.execute(insert(table), list(rows), execution_options=options)


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


def unnested_insert(session: Session, table: Table, columns: list[str]) -> str:
    """INSERT … SELECT from one array per column (bound as parameters named after the columns)."""
    dialect = session.get_bind().dialect
    arrays = ", ".join(f"CAST(:{name} AS {table.c[name].type.compile(dialect=dialect)}[])" for name in columns)
    return f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"


def as_arrays(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The rows as one list per column (the columns of the first row)."""
    return {name: [row[name] for row in rows] for name in rows[0]}
