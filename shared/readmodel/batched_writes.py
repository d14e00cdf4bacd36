"""Batched writes for a live batch: keyed upserts and updates of one shape reach the database together.

A live batch of a few hundred events mostly repeats one write (every opinion referred sets its row's
status), and row by row each is a round trip. Here `upsert` and `update_row` (shared/readmodel/writes.py)
queue their write on the session instead. Consecutive writes to a table of one kind and shape are
merged by key (the later values win, as they would one after the other) and sent as one executemany
(pipelined by psycopg: one round trip on PostgreSQL): before any other statement names that table,
before a write of another kind or shape to it, and at the end of the batch, inside its transaction.

So every statement still sees the table as if each write had gone in at once. The handlers do not know.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session

from shared.readmodel.statements import tables_named, watching

SESSION_KEY = "batched_writes"
OWN = {SESSION_KEY: "own"}


@dataclass
class _Run:
    """Writes of one kind and shape to one table, by key."""

    kind: str
    key: tuple[str, ...]
    columns: frozenset[str]
    rows: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)


class BatchedWrites:
    """The writes one live batch has queued and not sent yet."""

    def __init__(self) -> None:
        self._pending: dict[Table, _Run] = {}
        self._session: Session | None = None

    @contextmanager
    def serving(self, session: Session) -> Iterator[None]:
        """Serve the handlers of one batch on `session`; every queued write is sent before this returns."""
        self._session = session
        try:
            with watching(session, SESSION_KEY, self, self._before_statement):
                yield
                self.send()
        finally:
            self._session = None
            self._pending.clear()

    def upsert(self, table: Table, values: Mapping[str, Any], *, key: Sequence[str]) -> None:
        self._queue(table, "upsert", tuple(key), values)

    def update_row(self, table: Table, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        self._queue(table, "update", tuple(key), {**values, **key})

    def send(self, tables: Sequence[Table] | None = None) -> None:
        """Send the queued writes to `tables` (to every table if None)."""
        for table in list(self._pending) if tables is None else tables:
            run = self._pending.pop(table, None)
            if run is not None:
                self._send(table, run)

    def _queue(self, table: Table, kind: str, key: tuple[str, ...], row: Mapping[str, Any]) -> None:
        run = self._pending.get(table)
        if run is not None and (run.kind, run.key, run.columns) != (kind, key, frozenset(row)):
            self.send([table])
            run = None
        if run is None:
            run = self._pending[table] = _Run(kind, key, frozenset(row))
        at = tuple(row[name] for name in key)
        queued = run.rows.get(at)
        if queued is None:
            run.rows[at] = dict(row)
        else:
            queued.update(row)

    def _send(self, table: Table, run: _Run) -> None:
        assert self._session is not None
        rows = list(run.rows.values())
        if run.kind == "upsert":
            self._session.execute(self._upsert(table, run), rows, execution_options=OWN)
            return
        # Bound names apart from the columns': an UPDATE may not bind a parameter named as a column it sets.
        statement = (
            update(table)
            .where(and_(*(table.c[name] == bindparam(f"at_{name}") for name in run.key)))
            .values({name: bindparam(f"to_{name}") for name in run.columns if name not in run.key})
        )
        params = [{(f"at_{n}" if n in run.key else f"to_{n}"): value for n, value in row.items()} for row in rows]
        self._session.execute(statement, params, execution_options=OWN)

    def _upsert(self, table: Table, run: _Run) -> Any:
        assert self._session is not None
        dialect = self._session.get_bind().dialect.name
        statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        changed = {name: statement.excluded[name] for name in run.columns if name not in run.key}
        if changed:
            return statement.on_conflict_do_update(index_elements=list(run.key), set_=changed)
        return statement.on_conflict_do_nothing()

    def _before_statement(self, state: ORMExecuteState) -> None:
        """Before any other statement: send the queued writes to the tables it names (to all, if unsure)."""
        if state.execution_options.get(SESSION_KEY) != "own" and self._pending:
            self.send(tables_named(state.statement))


def batched_writes_of(session: Session) -> BatchedWrites | None:
    """The session's batched writes, if it serves a live batch."""
    return session.info.get(SESSION_KEY)
