"""SQLAlchemy engines for a service's own database (read models, tracking rows, relay position)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `sqlite:///…` (WAL, waits on locks) or `postgresql://…` (psycopg 3)."""
    parsed = make_url(url)
    if parsed.drivername == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    # hide_parameters: error text reaches logs; a voter's data in a failed INSERT must not.
    return create_engine(parsed, pool_pre_ping=True, hide_parameters=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Several processes of one service share the file: WAL lets readers run beside the writer.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
