"""The baseline of the command figures: single-row INSERT commits into a plain table, from as many connections."""

from __future__ import annotations

import threading
import time
import uuid

import psycopg


def raw_commits(url: str, *, clients: int, per_client: int) -> float:
    """Commits per second of `clients` connections, each committing `per_client` single-row INSERTs."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE raw_commits (id uuid primary key, title text, body text)")

    def insert() -> None:
        with psycopg.connect(url, autocommit=True) as connection:
            for _ in range(per_client):
                connection.execute(
                    "INSERT INTO raw_commits VALUES (%s, %s, %s)", (uuid.uuid4(), "基准建议", "关于改善道路照明的建议")
                )

    threads = [threading.Thread(target=insert) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return clients * per_client / (time.perf_counter() - started)
