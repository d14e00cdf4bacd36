"""Group commit: appends that arrive together are stored in one transaction.

Each append to the store is its own transaction, and the recorder serialises them (it locks the
table so positions are handed out in commit order): under concurrent requests, every request waits
for the one flush before it. Here the first append to arrive writes; the appends that arrive while it
is writing wait, and the next writer stores all of them at once — one lock, one WAL flush. Every
caller still returns only after its own events are committed, with its own positions.

Each append stays all or nothing on its own: if a combined write fails on a version conflict, nothing
of it was committed, and its appends are written again one by one, so only the conflicting one fails.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from eventsourcing.persistence import IntegrityError, StoredEvent

Insert = Callable[[Sequence[StoredEvent]], Sequence[int] | None]


@dataclass
class _Append:
    events: Sequence[StoredEvent]
    finished: bool = False
    positions: list[int] = field(default_factory=list)
    error: BaseException | None = None


class GroupCommit:
    def __init__(self, insert: Insert, *, max_events: int = 5000) -> None:
        self._insert = insert
        self._max_events = max_events
        self._turn = threading.Condition()
        self._waiting: list[_Append] = []
        self._writing = False

    def append(self, events: Sequence[StoredEvent]) -> list[int]:
        """Store the events, all or nothing; their positions once committed.

        One caller writes at a time, taking every append waiting (its own among them); the others
        wait for their turn or for their append to be written by someone else.
        """
        mine = _Append(events)
        with self._turn:
            self._waiting.append(mine)
            while not mine.finished:
                if self._writing:
                    self._turn.wait()
                    continue
                self._writing = True
                group = self._take()
                self._turn.release()
                try:
                    self._write(group)
                finally:
                    self._turn.acquire()
                    self._writing = False
                    self._turn.notify_all()
        if mine.error is not None:
            raise mine.error
        return mine.positions

    def _take(self) -> list[_Append]:
        group: list[_Append] = []
        size = 0
        while self._waiting and (not group or size + len(self._waiting[0].events) <= self._max_events):
            taken = self._waiting.pop(0)
            group.append(taken)
            size += len(taken.events)
        return group

    def _write(self, group: list[_Append]) -> None:
        if len(group) > 1:
            try:
                positions = list(self._insert([event for append in group for event in append.events]) or [])
            except IntegrityError:
                pass  # nothing was committed; each append is written on its own below
            except BaseException as error:  # noqa: BLE001 - each caller gets the failure of its write
                for append in group:
                    append.error, append.finished = error, True
                return
            else:
                for append in group:
                    append.positions, positions = positions[: len(append.events)], positions[len(append.events) :]
                    append.finished = True
                return
        for append in group:
            try:
                append.positions = list(self._insert(append.events) or [])
            except BaseException as error:  # noqa: BLE001 - handed to the caller, raised in its thread
                append.error = error
            append.finished = True
