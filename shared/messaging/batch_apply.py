"""A poll batch applied in bulk: one transaction, no savepoint per event, any handler's error propagates.

The batch's tracking rows go in with one statement per few hundred events, and only the events whose
row went in are handled, in order: they commit together with their writes, and an event applied
before (or twice in the batch) changes nothing. The handlers' writes by key go in together
(`BatchedWrites`), or stay in memory between statements in a rebuild (`WriteBehind`). When a handler
fails, the caller rolls the transaction back and applies the batch event by event (`event_by_event`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from kafka.consumer.fetcher import ConsumerRecord
from sqlalchemy.orm import Session

from shared.events.envelope import Envelope, EventPayload
from shared.messaging.admission import BatchOutcome, Decode, Poison, admit, tracking_row
from shared.readmodel.batched_writes import BatchedWrites
from shared.readmodel.projection import BATCH_COMMANDS, Projection
from shared.readmodel.tracking import projection_tracking
from shared.readmodel.write_behind import WriteBehind
from shared.readmodel.writes import insert_absent_rows


def apply_in_bulk(
    session: Session,
    records: Sequence[ConsumerRecord],
    *,
    projection: Projection,
    decode: Decode,
    recorded_until: datetime | None = None,
    write_behind: WriteBehind | None = None,
) -> BatchOutcome:
    """Apply a batch in the session's transaction; messages that are not events at all come back as poison."""
    outcome = BatchOutcome()
    events: list[Envelope[EventPayload]] = []
    for record in records:
        admitted = admit(record, projection=projection, decode=decode, recorded_until=recorded_until)
        if isinstance(admitted, Poison):
            outcome.poison.append(admitted)
        elif admitted is not None:
            events.append(admitted)
    commands = None if projection.commands is None else projection.commands.batch()
    if commands is not None:
        session.info[BATCH_COMMANDS] = commands
    fresh = set(
        insert_absent_rows(
            session, projection_tracking, [tracking_row(projection, e) for e in events], returning="event_id"
        )
    )
    with (write_behind or BatchedWrites()).serving(session):
        for envelope in events:
            if envelope.event_id not in fresh:
                continue
            fresh.discard(envelope.event_id)
            handler = projection.handler_for(envelope.event_type)
            assert handler is not None  # admitted events have one
            handler(session, envelope)
            outcome.applied.append(envelope.event_id)
    if commands is not None:
        # Before the tracking rows commit; a redelivered batch collides with what it stored and is
        # run again event by event, where each command finds its first result.
        commands.commit()
    return outcome
