"""Read-model databases of both kinds the platform runs on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from shared.readmodel.database import make_engine
from tests.support.servers import Postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty read-model database: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/readmodels.sqlite"
    else:
        postgres: Postgres = request.getfixturevalue("postgres")
        url = postgres.create_database()
    made = make_engine(url)
    yield made
    made.dispose()
