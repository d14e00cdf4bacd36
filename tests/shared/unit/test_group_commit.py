"""Group commit: appends waiting while another is written go to the database together, each still its own."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from shared.eventstore.group_commit import GroupCommit


def _event(aggregate: uuid.UUID | None = None, version: int = 1) -> StoredEvent:
    return StoredEvent(originator_id=aggregate or uuid.uuid4(), originator_version=version, topic="T.v1", state=b"{}")


class Table:
    """A table with the store's unique (aggregate, version) rule; the first write waits until it is let go."""

    def __init__(self) -> None:
        self.rows: list[tuple[uuid.UUID, int]] = []
        self.writes: list[int] = []
        self.first_write_started = threading.Event()
        self.let_go = threading.Event()

    def insert(self, events: Sequence[StoredEvent]) -> list[int]:
        if not self.writes:
            self.first_write_started.set()
            assert self.let_go.wait(10)
        self.writes.append(len(events))
        keys = [(e.originator_id, e.originator_version) for e in events]
        if len(set(keys)) < len(keys) or set(keys) & set(self.rows):
            raise IntegrityError("duplicate aggregate version")
        start = len(self.rows)
        self.rows += keys
        return list(range(start + 1, start + 1 + len(keys)))


def _append_in_thread(group: GroupCommit, events: list[StoredEvent], results: dict[int, object], n: int) -> threading.Thread:
    def run() -> None:
        try:
            results[n] = group.append(events)
        except IntegrityError as error:
            results[n] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _queued(group: GroupCommit, count: int) -> None:
    for _ in range(1000):
        if len(group._waiting) >= count:
            return
        threading.Event().wait(0.01)
    pytest.fail(f"{count} appends did not queue")


def test_appends_arriving_during_a_write_are_written_together_each_with_its_own_positions() -> None:
    table = Table()
    group = GroupCommit(table.insert)
    results: dict[int, object] = {}
    first = _append_in_thread(group, [_event()], results, 0)
    assert table.first_write_started.wait(10)
    waiting = [_append_in_thread(group, [_event(), _event()], results, n) for n in range(1, 6)]
    _queued(group, 5)
    table.let_go.set()
    for thread in [first, *waiting]:
        thread.join(10)

    assert table.writes == [1, 10]
    assert results[0] == [1]
    assert sorted(p for n in range(1, 6) for p in results[n]) == list(range(2, 12))  # type: ignore[attr-defined]
    assert all(results[n][1] == results[n][0] + 1 for n in range(1, 6))  # type: ignore[index]


def test_a_conflicting_append_fails_alone_and_the_others_in_its_group_are_stored() -> None:
    table = Table()
    group = GroupCommit(table.insert)
    taken = uuid.uuid4()
    results: dict[int, object] = {}
    first = _append_in_thread(group, [_event(taken)], results, 0)
    assert table.first_write_started.wait(10)
    waiting = [
        _append_in_thread(group, [_event()], results, 1),
        _append_in_thread(group, [_event(taken)], results, 2),
        _append_in_thread(group, [_event()], results, 3),
    ]
    _queued(group, 3)
    table.let_go.set()
    for thread in [first, *waiting]:
        thread.join(10)

    assert isinstance(results[2], IntegrityError)
    assert [results[n] for n in (0, 1, 3)] == [[1], [2], [3]]
    assert len(table.rows) == 3


def test_a_group_is_cut_at_its_size_limit_and_the_rest_written_next() -> None:
    table = Table()
    group = GroupCommit(table.insert, max_events=4)
    results: dict[int, object] = {}
    first = _append_in_thread(group, [_event()], results, 0)
    assert table.first_write_started.wait(10)
    waiting = [_append_in_thread(group, [_event(), _event(), _event()], results, n) for n in range(1, 4)]
    _queued(group, 3)
    table.let_go.set()
    for thread in [first, *waiting]:
        thread.join(10)

    assert table.writes == [1, 3, 3, 3]
    assert len(table.rows) == 10


def test_a_failure_other_than_a_conflict_reaches_every_caller_of_the_group() -> None:
    def broken(events: Sequence[StoredEvent]) -> list[int]:
        raise ConnectionError("database gone")

    with pytest.raises(ConnectionError):
        GroupCommit(broken).append([_event()])
