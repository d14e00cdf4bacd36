"""Rebuilding read models: drop them and apply every event of their topics again, in one read.

The events come from the broker's topics, or from the services' stores when the broker lost its data
(`shared.messaging.sources`). A rebuild parks nothing and keeps its new rows in memory between
statements (`WriteBehind`); run it with the projections' live runners stopped. Afterwards each live
runner resumes from its committed offsets and skips what the rebuild applied, by event id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING

from shared.events.envelope import Envelope, EventPayload
from shared.events.registry import EventRegistry
from shared.messaging.sources import EventSource
from shared.readmodel.write_behind import WriteBehind

if TYPE_CHECKING:
    from shared.messaging.runner import ProjectionRunner


def rebuild_together(
    runners: Sequence[ProjectionRunner],
    *,
    source: EventSource,
    recorded_until: datetime | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Rebuild several read models in one read of `source`; the number of events each applied.

    Each batch read goes to every read model whose topics it touches, in the order read, and each read
    model applies its share in its own transaction with its own write-behind.
    """
    if not runners:
        return {}
    topics_of = {runner.projection.name: set(runner.projection.topics) for runner in runners}
    write_behinds = {}
    for runner in runners:
        runner.reset()
        write_behinds[runner.projection.name] = WriteBehind()
    totals = dict.fromkeys(topics_of, 0)
    decoder = DecodeOnce(runners[0].registry)
    with ExitStack() as decoding:
        for runner in runners:
            decoding.enter_context(runner.decoding_with(decoder.decode))
        for records in source.batches(sorted(set().union(*topics_of.values()))):
            decoder.forget()
            for runner in runners:
                name = runner.projection.name
                share = [record for record in records if record.topic in topics_of[name]]
                if not share:
                    continue
                totals[name] += runner.apply(
                    share, park_poison=False, recorded_until=recorded_until, write_behind=write_behinds[name]
                )
                if progress is not None:
                    progress(name, totals[name])
    return totals


class DecodeOnce:
    """Decodes each record of a batch once for all the read models it goes to (by the value's identity)."""

    def __init__(self, registry: EventRegistry) -> None:
        self._registry = registry
        self._decoded: dict[int, Envelope[EventPayload]] = {}

    def decode(self, value: bytes) -> Envelope[EventPayload]:
        envelope = self._decoded.get(id(value))
        if envelope is None:
            envelope = self._decoded[id(value)] = self._registry.decode(value)
        return envelope

    def forget(self) -> None:
        """Drop the last batch's events (their values may be freed, and their ids reused)."""
        self._decoded.clear()
