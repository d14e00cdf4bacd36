"""Integration fixtures: services on the test's own broker and fresh PostgreSQL databases."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select

from services.county.domain.deputy import Deputy
from shared.readmodel.tracking import projection_state, projection_tracking
from shared.runtime import ServiceRuntime
from tests.conftest import Broker
from tests.support.deputies import profile
from tests.support.platform import runtime_for
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration


@pytest.fixture
def make_runtime(broker: Broker, postgres: Postgres, redis_url: str) -> Iterator[Callable[[str], ServiceRuntime]]:
    made: list[ServiceRuntime] = []
    namespace = f"test-{uuid.uuid4().hex[:12]}"

    def make(service: str) -> ServiceRuntime:
        runtime = runtime_for(
            service,
            database_url=postgres.create_database(),
            bootstrap=broker.bootstrap,
            redis_url=redis_url,
            redis_namespace=namespace,
        )
        made.append(runtime)
        return runtime

    yield make
    for runtime in made:
        runtime.close()


def elect_deputies(county: ServiceRuntime, count: int, *, batch: int = 500) -> None:
    """Store `count` DeputyElected events in the county, many aggregates per save."""
    for start in range(0, count, batch):
        deputies = [
            Deputy.elect(
                deputy_id=county.commands.new_id(),
                profile=profile(name=f"代表{number:05d}"),
                ctx=county.commands.context(actor="test"),
            )
            for number in range(start, min(start + batch, count))
        ]
        county.store.save(*deputies)


def count_rows(runtime: ServiceRuntime, table: object) -> int:
    with runtime.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def tracking_rows(runtime: ServiceRuntime, projection: str) -> int:
    query = select(func.count()).where(projection_tracking.c.projection == projection)
    with runtime.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def state_of(runtime: ServiceRuntime, projection: str) -> dict[str, int]:
    query = select(projection_state).where(projection_state.c.projection == projection)
    with runtime.engine.connect() as connection:
        return dict(connection.execute(query).mappings().one())
