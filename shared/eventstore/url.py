"""Open an event store from a URL: `sqlite:///path/events.sqlite` or `postgresql://user@host:port/db`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from eventsourcing.persistence import InfrastructureFactory

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
            "POSTGRES_POOL_SIZE": "10",
            "POSTGRES_MAX_OVERFLOW": "10",
        }
    raise ValueError(f"unsupported event store URL scheme: {parts.scheme!r}")


def open_event_store(url: str, *, registry: EventRegistry) -> EventStore:
    """An EventStore on the recorder the URL names (tables created when missing)."""
    factory = InfrastructureFactory.construct(recorder_environment(url))
    return EventStore(recorder=factory.application_recorder(), registry=registry, close=factory.close)
