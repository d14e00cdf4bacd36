"""Write-behind for a rebuild: new read-model rows kept in memory and written per table in one statement.

A rebuild starts from empty tables and applies every event again, and most of what its handlers do is
put a new row in (an opinion, a ledger entry, a timeline line) and perhaps change it a few events later
(the opinion referred, answered). Row by row, each of those is a round trip to the database. Here a row
whose key the rebuild has not written yet waits in memory, later writes to it change it there, and each
table's waiting rows go in together: before any other statement reads or changes that table, and at the
end of every batch, inside the batch's transaction.

The handlers do not know: `insert_if_absent`, `upsert` and `update_row` (shared/readmodel/writes.py)
consult the session's write-behind, and any other statement the session runs first writes out the
waiting rows of the tables it names. A table something deletes from, or inserts into by other means,
is left to the database for the rest of the rebuild (its keys would no longer be known here).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Delete, Insert, Table
from sqlalchemy.orm import ORMExecuteState, Session

from shared.readmodel.bulk import insert_rows
from shared.readmodel.statements import tables_named, watching

Key = tuple[Any, ...]

SESSION_KEY = "write_behind"


class WriteBehind:
    """The rows one rebuild has written, and those it has not sent to the database yet."""

    def __init__(self) -> None:
        self._waiting: dict[Table, dict[Key, dict[str, Any]]] = defaultdict(dict)
        self._written: dict[Table, set[Key]] = defaultdict(set)
        self._left_to_database: set[Table] = set()
        self._session: Session | None = None
        self._abandoned = False

    @contextmanager
    def serving(self, session: Session) -> Iterator[None]:
        """Serve the handlers of one batch on `session`; its waiting rows are written before this returns."""
        self._session = session
        try:
            with watching(session, SESSION_KEY, self, self._before_statement):
                yield
                self.write_out()
        finally:
            self._session = None

    def abandon(self) -> None:
        """Forget everything and keep nothing more: a batch was rolled back, so what is known here is not so."""
        self._waiting.clear()
        self._written.clear()
        self._abandoned = True

    def keeps(self, table: Table, key_columns: Sequence[str] | None = None) -> bool:
        """Whether writes to `table` (by its primary key, or by `key_columns` if that is the same) wait here."""
        if self._abandoned or table in self._left_to_database or not table.primary_key.columns:
            return False
        return key_columns is None or list(key_columns) == _primary_key(table)

    def insert_if_absent(self, table: Table, values: Mapping[str, Any]) -> bool:
        key = _key_of(table, values)
        written = self._written[table]
        if key in written:
            return False
        written.add(key)
        self._waiting[table][key] = dict(values)
        return True

    def upsert(self, table: Table, values: Mapping[str, Any]) -> bool:
        """Merge into a waiting row or add a new one; False if the row is in the database already."""
        key = _key_of(table, values)
        waiting = self._waiting[table].get(key)
        if waiting is not None:
            waiting.update(values)
            return True
        if key in self._written[table]:
            return False
        self._written[table].add(key)
        self._waiting[table][key] = dict(values)
        return True

    def update_row(self, table: Table, key: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
        """Change a waiting row; False if it is not waiting here (then the database has it, or nobody)."""
        waiting = self._waiting[table].get(_key_of(table, key))
        if waiting is None:
            return False
        waiting.update(values)
        return True

    def advance_row(self, table: Table, key: Mapping[str, Any], version: int, values: Mapping[str, Any]) -> bool:
        """Move a waiting row to `version` if it is older; False if it is not waiting here."""
        waiting = self._waiting[table].get(_key_of(table, key))
        if waiting is None:
            return False
        if waiting["version"] < version:
            waiting.update(values, version=version)
        return True

    def row(self, table: Table, key: Mapping[str, Any]) -> tuple[bool, dict[str, Any] | None]:
        """(True, the row) if this rebuild knows the answer without the database: waiting, or never written."""
        k = _key_of(table, key)
        waiting = self._waiting[table].get(k)
        if waiting is not None:
            return True, {column.name: waiting.get(column.name, _default(column)) for column in table.columns}
        return (False, None) if k in self._written[table] else (True, None)

    def write_out(self, tables: Sequence[Table] | None = None) -> None:
        """Send the waiting rows of `tables` (of every table if None), one statement per table and shape."""
        assert self._session is not None
        for table in list(self._waiting) if tables is None else tables:
            rows = self._waiting.pop(table, None)
            if not rows:
                continue
            by_shape: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
            for row in rows.values():
                by_shape[frozenset(row)].append(row)
            for shaped in by_shape.values():
                insert_rows(self._session, table, shaped, execution_options={SESSION_KEY: "own"})

    def _before_statement(self, state: ORMExecuteState) -> None:
        """Before any other statement: write out the waiting rows of the tables it names."""
        if state.execution_options.get(SESSION_KEY) == "own":
            return
        statement = state.statement
        if isinstance(statement, (Delete, Insert)) and isinstance(statement.table, Table):
            # Rows it removes or adds are not known here: from now on the database answers for the table.
            self._left_to_database.add(statement.table)
            self._written.pop(statement.table, None)
        self.write_out(tables_named(statement))


def write_behind_of(session: Session, table: Table, key_columns: Sequence[str] | None = None) -> WriteBehind | None:
    """The session's write-behind, if it keeps writes to this table."""
    keeper = session.info.get(SESSION_KEY)
    if keeper is not None and keeper.keeps(table, key_columns):
        return keeper  # type: ignore[no-any-return]
    return None


def own_statement(session: Session, statement: Any) -> Any:
    """Run a statement the write-behind sends itself (no write-out before it)."""
    return session.execute(statement, execution_options={SESSION_KEY: "own"})


def _default(column: Any) -> Any:
    """What the database would hold in a column the row did not name (its plain default, else NULL)."""
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


def _primary_key(table: Table) -> list[str]:
    return [column.name for column in table.primary_key.columns]


def _key_of(table: Table, values: Mapping[str, Any]) -> Key:
    return tuple(values[column.name] for column in table.primary_key.columns)
