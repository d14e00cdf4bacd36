"""A case's timeline (who did what, when): one row per event of the aggregate, written beside its effect.

Case read models (a suggestion, an appointment) keep their timeline in a table of this one shape;
`with_timeline` wraps each handler so every event lands on the timeline once, then has its effect.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, Uuid
from sqlalchemy.orm import Session

from shared.events.envelope import Envelope
from shared.readmodel.projection import Handler, Handlers
from shared.readmodel.writes import insert_if_absent


def timeline_table(name: str, metadata: MetaData, *, case_key: str) -> Table:
    """The timeline of one kind of case, its rows keyed by event and indexed by `case_key`."""
    return Table(
        name,
        metadata,
        Column("event_id", Uuid, primary_key=True),
        Column(case_key, Uuid, nullable=False, index=True),
        Column("version", Integer, nullable=False),
        Column("event_type", String(60), nullable=False),
        Column("actor", String(100), nullable=False),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Column("payload", Text, nullable=False),
    )


def with_timeline(table: Table, *, case_key: str, effects: Handlers) -> Handlers:
    """Handlers that put each event on `table` (once, by event id) and then apply its effect."""

    def wrap(effect: Handler) -> Handler:
        def handle(session: Session, event: Envelope[Any]) -> None:
            insert_if_absent(
                session,
                table,
                {
                    "event_id": event.event_id,
                    case_key: event.aggregate_id,
                    "version": event.aggregate_version,
                    "event_type": event.event_type,
                    "actor": event.actor,
                    "occurred_at": event.occurred_at,
                    "recorded_at": event.recorded_at,
                    "payload": event.payload.model_dump_json(),
                },
            )
            effect(session, event)

        return handle

    return effects.wrapped(wrap)
