"""How far each projection is: events applied, messages dead-lettered, and its consumer's positions.

One `projection_state` row per projection, updated in the transaction of every batch it applies (and
every second or so while its topics are quiet), is what `/healthz` reports from any process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kafka import KafkaConsumer
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from shared.readmodel.projection import Projection
from shared.readmodel.tracking import projection_state, projection_tracking
from shared.readmodel.writes import insert_if_absent


@dataclass(frozen=True)
class Positions:
    """Where a consumer is in each of its partitions, and each partition's end (for `/healthz`'s lag)."""

    offsets: dict[str, int]
    highwater: dict[str, int]

    @classmethod
    def of(cls, consumer: KafkaConsumer) -> Positions:
        offsets: dict[str, int] = {}
        highwater: dict[str, int] = {}
        for tp in consumer.assignment():
            name = f"{tp.topic}:{tp.partition}"
            offsets[name] = consumer.position(tp)
            mark = consumer.highwater(tp)
            if mark is not None:
                highwater[name] = mark
        return cls(offsets, highwater)

    def values(self) -> dict[str, str]:
        """The projection_state columns that hold them."""
        return {
            "offsets": json.dumps(self.offsets, sort_keys=True),
            "highwater": json.dumps(self.highwater, sort_keys=True),
        }


def start_progress(engine: Engine, projection: Projection) -> None:
    """Create the projection's state row, at zero, unless it has one."""
    with Session(engine) as session, session.begin():
        insert_if_absent(
            session,
            projection_state,
            {
                "projection": projection.name,
                "version": projection.version,
                "events_applied": 0,
                "dead_lettered": 0,
                "offsets": "{}",
                "highwater": "{}",
            },
        )


def forget_progress(session: Session, projection: Projection) -> None:
    """Forget every event the projection applied, and its state row."""
    session.execute(delete(projection_tracking).where(projection_tracking.c.projection == projection.name))
    session.execute(delete(projection_state).where(projection_state.c.projection == projection.name))


def applied_version(engine: Engine, projection: Projection) -> int | None:
    """The version of the projection whose read model is in the database, or None if there is none yet."""
    with engine.connect() as connection:
        row = connection.execute(
            select(projection_state.c.version).where(projection_state.c.projection == projection.name)
        ).first()
    return None if row is None else int(row[0])


def count_batch(
    session: Session, projection: Projection, *, applied: int, poisoned: int, positions: Positions | None
) -> None:
    """Add a batch's counts (and the consumer's positions after it, if given) in the batch's transaction."""
    session.execute(
        update(projection_state)
        .where(projection_state.c.projection == projection.name)
        .values(
            events_applied=projection_state.c.events_applied + applied,
            dead_lettered=projection_state.c.dead_lettered + poisoned,
            **({} if positions is None else positions.values()),
        )
    )


def save_positions(engine: Engine, projection: Projection, positions: Positions) -> None:
    """Save the consumer's positions while no batch comes (its lag still moves)."""
    with Session(engine) as session, session.begin():
        session.execute(
            update(projection_state)
            .where(projection_state.c.projection == projection.name)
            .values(**positions.values())
        )


def read_states(engine: Engine) -> dict[str, dict[str, Any]]:
    """Each projection's version, counts, offsets and lag, for `/healthz`."""
    with engine.connect() as connection:
        rows = connection.execute(select(projection_state)).mappings().all()
    states: dict[str, dict[str, Any]] = {}
    for row in rows:
        offsets = json.loads(row["offsets"])
        highwater = json.loads(row["highwater"])
        lag = sum(max(0, highwater[p] - offsets.get(p, 0)) for p in highwater)
        states[row["projection"]] = {
            "version": row["version"],
            "events_applied": row["events_applied"],
            "dead_lettered": row["dead_lettered"],
            "position": sum(offsets.values()),
            "lag": lag,
            "offsets": offsets,
        }
    return states
