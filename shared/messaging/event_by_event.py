"""A poll batch applied event by event, each in its own savepoint: what the runner falls back to.

When a handler fails on an event in a bulk try (`batch_apply`), that try is rolled back and the batch
applied again here, so one bad event does not spoil the others: a handler that fails on an event will
fail on it every time, so the event is poison and only its savepoint is rolled back. A transient
error still propagates, and the whole batch is retried from the committed offsets.

An intake's command may lose a race with a person editing the same case (a version conflict): that is not
poison, the command is run again on the case as it now stands, a few times, before it is parked.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from kafka.consumer.fetcher import ConsumerRecord
from sqlalchemy.orm import Session

from shared.eventstore.store import ConcurrencyConflictError
from shared.messaging.admission import TRANSIENT, BatchOutcome, Decode, Poison, admit, tracking_row
from shared.readmodel.projection import Projection
from shared.readmodel.tracking import projection_tracking
from shared.readmodel.writes import insert_if_absent

log = logging.getLogger("renda.projection")

CONFLICT_ATTEMPTS = 5
"""How often an intake's command is run when it keeps losing a race with another writer of the same case."""


def apply_event_by_event(
    session: Session,
    records: Sequence[ConsumerRecord],
    *,
    projection: Projection,
    decode: Decode,
    recorded_until: datetime | None = None,
) -> BatchOutcome:
    """Apply a batch in the session's transaction, a savepoint per event; failed events come back as poison."""
    outcome = BatchOutcome()
    for record in records:
        applied = _apply_one(session, record, projection=projection, decode=decode, recorded_until=recorded_until)
        if isinstance(applied, Poison):
            outcome.poison.append(applied)
        elif applied is not None:
            outcome.applied.append(applied)
    return outcome


def _apply_one(
    session: Session,
    record: ConsumerRecord,
    *,
    projection: Projection,
    decode: Decode,
    recorded_until: datetime | None,
) -> UUID | Poison | None:
    """The event id if applied, None if skipped (a duplicate or not ours), or the poison."""
    envelope = admit(record, projection=projection, decode=decode, recorded_until=recorded_until)
    if envelope is None or isinstance(envelope, Poison):
        return envelope
    handler = projection.handler_for(envelope.event_type)
    assert handler is not None  # admitted events have one
    attempt = 0
    while True:
        attempt += 1
        try:
            with session.begin_nested():
                if not insert_if_absent(session, projection_tracking, tracking_row(projection, envelope)):
                    return None
                handler(session, envelope)
        except TRANSIENT:
            raise
        except ConcurrencyConflictError:
            if attempt < CONFLICT_ATTEMPTS:
                log.info("projection %s: %s lost a race with another writer; again", projection.name, envelope.event_id)
                continue
            log.warning("projection %s parks %s: it kept conflicting", projection.name, envelope.event_id)
            return Poison(record, "VERSION_CONFLICT")
        except Exception as error:  # noqa: BLE001 — a handler that fails on this event will fail on it every time
            log.warning("projection %s parks %s: %s", projection.name, envelope.event_id, type(error).__name__)
            return Poison(record, f"HANDLER_FAILED: {type(error).__name__}")
        return envelope.event_id
