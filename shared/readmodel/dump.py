"""A canonical dump of a read model, its hash, and the differences between two dumps.

Rows are sorted by primary key and every value is written in one form whatever the database gave
back (UUIDs as text, dates in ISO form, instants in UTC), so a model rebuilt by replay — even in
another database — hashes the same as the live one exactly when it holds the same facts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, MetaData, Table, inspect, select

Row = dict[str, Any]


def _canonical(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        moment = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        return moment.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _key(table: Table, row: Row) -> str:
    return json.dumps([row[column.name] for column in table.primary_key.columns], ensure_ascii=False)


def dump_table(engine: Engine, table: Table) -> dict[str, Row]:
    """Every row of the table in canonical form, by its primary key (as JSON text)."""
    if not inspect(engine).has_table(table.name):
        return {}
    with engine.connect() as connection:
        rows = [
            {name: _canonical(value) for name, value in row.items()}
            for row in connection.execute(select(table)).mappings()
        ]
    return {_key(table, row): row for row in sorted(rows, key=lambda row: _key(table, row))}


def dump(engine: Engine, metadata: MetaData) -> dict[str, dict[str, Row]]:
    """The whole read model: each table's canonical rows, tables by name."""
    return {name: dump_table(engine, metadata.tables[name]) for name in sorted(metadata.tables)}


def digest(model: Mapping[str, Mapping[str, Row]]) -> str:
    """SHA-256 over the canonical JSON lines of a dump: table, key, row, in sorted order."""
    sha = hashlib.sha256()
    for table in sorted(model):
        for key in sorted(model[table]):
            line = json.dumps(
                [table, key, model[table][key]], sort_keys=True, ensure_ascii=False, separators=(",", ":")
            )
            sha.update(line.encode("utf-8") + b"\n")
    return sha.hexdigest()


@dataclass(frozen=True)
class Difference:
    """One way two dumps differ: a row only on one side, or a column's values."""

    table: str
    key: str
    what: str

    def __str__(self) -> str:
        return f"{self.table} {self.key}: {self.what}"


def differences(live: Mapping[str, Mapping[str, Row]], rebuilt: Mapping[str, Mapping[str, Row]]) -> list[Difference]:
    """Every row missing on one side and every column that differs, table by table, key by key."""
    found: list[Difference] = []
    for table in sorted(set(live) | set(rebuilt)):
        ours, theirs = live.get(table, {}), rebuilt.get(table, {})
        for key in sorted(set(ours) | set(theirs)):
            if key not in theirs:
                found.append(Difference(table, key, "只在现有模型中"))
            elif key not in ours:
                found.append(Difference(table, key, "只在重建模型中"))
            else:
                found.extend(
                    Difference(table, key, f"{column}: {ours[key].get(column)!r} ≠ {theirs[key].get(column)!r}")
                    for column in _changed(ours[key], theirs[key])
                )
    return found


def _changed(ours: Row, theirs: Row) -> Iterable[str]:
    return sorted(column for column in set(ours) | set(theirs) if ours.get(column) != theirs.get(column))
