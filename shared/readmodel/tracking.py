"""Bookkeeping tables every service has beside its read models.

- `projection_tracking`: one row per event a projection applied; its primary key makes a
  redelivered event a no-op, because the row and the read-model write commit together.
- `projection_state`: each projection's version, count and Kafka positions, for `/healthz` and lag.
- `relay_position`: the last store position the relay published.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, String, Table, Text, Uuid

BOOKKEEPING = MetaData()

projection_tracking = Table(
    "projection_tracking",
    BOOKKEEPING,
    Column("projection", String(100), primary_key=True),
    Column("event_id", Uuid, primary_key=True),
    Column("aggregate_id", Uuid, nullable=False, index=True),
    Column("aggregate_version", Integer, nullable=False),
    # Business time, so a report "as of" a day can count only the events that had happened by then.
    Column("occurred_at", DateTime(timezone=True), nullable=True),
)

projection_state = Table(
    "projection_state",
    BOOKKEEPING,
    Column("projection", String(100), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("events_applied", BigInteger, nullable=False, default=0),
    Column("dead_lettered", BigInteger, nullable=False, default=0),
    Column("offsets", Text, nullable=False, default="{}"),
    Column("highwater", Text, nullable=False, default="{}"),
)

relay_position = Table(
    "relay_position",
    BOOKKEEPING,
    Column("relay", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

relay_parked = Table(
    "relay_parked",
    BOOKKEEPING,
    Column("relay", String(100), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("event_type", String(100), nullable=False),
    Column("aggregate_id", Uuid, nullable=False),
    Column("reason", Text, nullable=False),
    Column("parked_at", DateTime(timezone=True), nullable=False),
)
"""Stored events the broker refuses for good (too large, invalid): set aside so the relay goes on, until an
operator has fixed the cause and publishes them again (`renda dlq`)."""
