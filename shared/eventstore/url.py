"""Open an event store from a URL: `sqlite:///path/events.sqlite` or `postgresql://user@host:port/db`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory, InternalError

from shared.events.registry import EventRegistry
from shared.eventstore.store import EventStore


def recorder_environment(url: str) -> dict[str, str]:
    """The `eventsourcing` environment for a store URL."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        # As in SQLAlchemy: sqlite:///rel/path is relative, sqlite:////abs/path absolute.
        db_path = path[1:]
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": db_path, "SQLITE_LOCK_TIMEOUT": "30"}
    if parts.scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        # A unix-socket server (embedded PostgreSQL) names its socket directory in `?host=`.
        host = parse_qs(parts.query).get("host", [parts.hostname or "127.0.0.1"])[0]
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": parts.path.lstrip("/"),
            "POSTGRES_HOST": host,
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_SCHEMA": "public",
            # The pool opens its minimum at once, in every process of every service: keep two idle and
            # grow to twenty under load, so the platform's nine processes fit in PostgreSQL's default 100.
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "18",
        }
    raise ValueError(f"unsupported event store URL scheme: {parts.scheme!r}")


def open_event_store(url: str, *, registry: EventRegistry) -> EventStore:
    """An EventStore on the recorder the URL names (tables created when missing)."""
    factory = InfrastructureFactory.construct(recorder_environment(url))
    return EventStore(recorder=_application_recorder(factory), registry=registry, close=factory.close)


def _application_recorder(factory: InfrastructureFactory[Any], attempts: int = 5) -> ApplicationRecorder:
    """The recorder, its tables and functions created or replaced.

    On PostgreSQL every opening replaces the store's insert function, and two processes of a service
    opening the store at once (`renda run` starts them together) can collide on it with "tuple
    concurrently updated". The statements are idempotent, so the loser runs them again.
    """
    for attempt in range(1, attempts):
        try:
            return factory.application_recorder()
        except InternalError:
            time.sleep(0.05 * attempt)
    return factory.application_recorder()
