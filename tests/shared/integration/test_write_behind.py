"""A rebuild's write-behind and a live batch's batched writes: the same rows as writing each change at
once, in far fewer statements.

The writes projections use (insert_if_absent, upsert, update_row, row_by_key) are run in batches, as a
rebuild or the live runner would run them, once with each and once plainly, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, Uuid, delete, event, func, select
from sqlalchemy.orm import Session

from shared.readmodel.batched_writes import BatchedWrites
from shared.readmodel.write_behind import WriteBehind
from shared.readmodel.writes import insert_if_absent, row_by_key, update_row, upsert

pytestmark = pytest.mark.integration

METADATA = MetaData()
people = Table(
    "write_behind_people",
    METADATA,
    Column("person_id", Uuid, primary_key=True),
    Column("name", String(50), nullable=False),
    Column("station", String(50), nullable=True),
    Column("visits", Integer, nullable=False, default=0),
)
seats = Table(
    "write_behind_seats",
    METADATA,
    Column("person_id", Uuid, primary_key=True),
    Column("station", String(50), primary_key=True),
)

Batch = Callable[[Session], None]


@pytest.fixture(autouse=True)
def tables(engine: Engine) -> None:
    METADATA.create_all(engine)


def _run(engine: Engine, batches: list[Batch], *, write_behind: WriteBehind | None, batched: bool = False) -> int:
    """Apply the batches, each in its own transaction (with batched writes of its own if `batched`); the
    number of statements sent to the database."""
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        for batch in batches:
            with (
                Session(engine) as session,
                session.begin(),
                write_behind.serving(session)
                if write_behind is not None
                else BatchedWrites().serving(session)
                if batched
                else nullcontext(),
            ):
                batch(session)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statements


def _rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {
            table.name: sorted(tuple(row) for row in connection.execute(select(table))) for table in (people, seats)
        }


def _empty(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in (people, seats):
            connection.execute(delete(table))


def _a_year_of_changes(ids: list[UUID]) -> list[Batch]:
    """Elections, stations and renames, spread over batches the way a replay reads them."""
    *elected, newcomer = ids

    def first(session: Session) -> None:
        for number, person in enumerate(elected):
            upsert(session, people, {"person_id": person, "name": f"代表{number}", "visits": 0}, key=["person_id"])
        for person in ids[:3]:
            update_row(session, people, {"person_id": person}, station="东门")
            insert_if_absent(session, seats, {"person_id": person, "station": "东门"})
        upsert(session, people, {"person_id": ids[0], "name": "代表零"}, key=["person_id"])

    def second(session: Session) -> None:
        # Rows written out by the first batch are changed in the database.
        update_row(session, people, {"person_id": ids[1]}, visits=3)
        upsert(session, people, {"person_id": ids[2], "name": "代表二"}, key=["person_id"])
        assert not insert_if_absent(session, seats, {"person_id": ids[0], "station": "东门"})
        upsert(session, people, {"person_id": newcomer, "name": "新代表", "visits": 1}, key=["person_id"])
        found = row_by_key(session, people, {"person_id": newcomer})
        assert found is not None and found["name"] == "新代表" and found["station"] is None
        assert row_by_key(session, people, {"person_id": ids[1]}) == {
            "person_id": ids[1],
            "name": "代表1",
            "station": "东门",
            "visits": 3,
        }
        assert row_by_key(session, people, {"person_id": uuid4()}) is None

    def third(session: Session) -> None:
        # A delete leaves the seats to the database from here on: the seat given up can be taken again.
        session.execute(delete(seats).where(seats.c.person_id == ids[1]))
        assert insert_if_absent(session, seats, {"person_id": ids[1], "station": "西关"})
        assert not insert_if_absent(session, seats, {"person_id": ids[1], "station": "西关"})
        update_row(session, people, {"person_id": ids[1]}, station="西关")
        # A statement that reads a table sees the rows waiting for it.
        assert session.execute(select(func.count()).select_from(people)).scalar_one() == len(ids)

    return [first, second, third]


def test_a_rebuild_with_write_behind_leaves_the_same_rows_in_fewer_statements(engine: Engine) -> None:
    ids = [uuid4() for _ in range(51)]

    one_by_one = _run(engine, _a_year_of_changes(ids), write_behind=None)
    expected = _rows(engine)
    _empty(engine)
    kept = _run(engine, _a_year_of_changes(ids), write_behind=WriteBehind())

    assert _rows(engine) == expected
    assert len(expected["write_behind_people"]) == 51
    assert kept < one_by_one / 5


def test_rows_wait_in_memory_until_the_batch_ends_or_their_table_is_read(engine: Engine) -> None:
    keeper = WriteBehind()
    person = uuid4()
    with Session(engine) as session, session.begin(), keeper.serving(session):
        insert_if_absent(session, people, {"person_id": person, "name": "甲", "visits": 0})
        update_row(session, people, {"person_id": person}, name="乙")
        with engine.connect() as elsewhere:
            assert elsewhere.execute(select(func.count()).select_from(people)).scalar_one() == 0
        assert session.execute(select(people.c.name)).scalars().all() == ["乙"]

    assert _rows(engine)["write_behind_people"] == [(person, "乙", None, 0)]


def test_an_abandoned_write_behind_keeps_nothing(engine: Engine) -> None:
    keeper = WriteBehind()
    person = uuid4()
    _run(engine, [lambda s: insert_if_absent(s, people, {"person_id": person, "name": "甲"})], write_behind=keeper)

    keeper.abandon()

    assert not keeper.keeps(people)
    statements = _run(engine, [lambda s: update_row(s, people, {"person_id": person}, name="乙")], write_behind=keeper)
    assert statements == 1
    assert _rows(engine)["write_behind_people"] == [(person, "乙", None, 0)]


def test_a_delete_at_the_start_of_a_batch_leaves_the_table_to_the_database(engine: Engine) -> None:
    keeper = WriteBehind()
    person = uuid4()
    seat = {"person_id": person, "station": "东门"}
    _run(engine, [lambda s: insert_if_absent(s, seats, seat)], write_behind=keeper)

    # Nothing waits when the batch begins with the delete; the seat can still be taken again after it.
    def give_up_and_retake(session: Session) -> None:
        session.execute(delete(seats).where(seats.c.person_id == person))
        assert insert_if_absent(session, seats, seat)

    _run(engine, [give_up_and_retake], write_behind=keeper)

    assert _rows(engine)["write_behind_seats"] == [(person, "东门")]


def test_a_waiting_row_reads_back_with_the_defaults_the_database_would_give_it(engine: Engine) -> None:
    person = uuid4()

    def elect_and_read(session: Session) -> None:
        insert_if_absent(session, people, {"person_id": person, "name": "甲"})
        assert row_by_key(session, people, {"person_id": person}) == {
            "person_id": person,
            "name": "甲",
            "station": None,
            "visits": 0,
        }

    _run(engine, [elect_and_read], write_behind=WriteBehind())
    assert _rows(engine)["write_behind_people"] == [(person, "甲", None, 0)]


def test_a_live_batch_with_batched_writes_leaves_the_same_rows_in_fewer_statements(engine: Engine) -> None:
    ids = [uuid4() for _ in range(51)]

    one_by_one = _run(engine, _a_year_of_changes(ids), write_behind=None)
    expected = _rows(engine)
    _empty(engine)
    batched = _run(engine, _a_year_of_changes(ids), write_behind=None, batched=True)

    assert _rows(engine) == expected
    assert batched < one_by_one / 3


def test_batched_writes_to_one_row_land_in_the_order_they_were_made(engine: Engine) -> None:
    person = uuid4()
    key = {"person_id": person}

    def changes(session: Session) -> None:
        upsert(session, people, {"person_id": person, "name": "甲", "visits": 0}, key=["person_id"])
        update_row(session, people, key, visits=1)
        update_row(session, people, key, visits=2, station="东门")
        update_row(session, people, key, visits=3, station="西关")
        upsert(session, people, {"person_id": person, "name": "乙"}, key=["person_id"])
        update_row(session, people, key, visits=people.c.visits + 1)  # computed by the database, in its turn

    _run(engine, [changes], write_behind=None)
    expected = _rows(engine)
    _empty(engine)
    _run(engine, [changes], write_behind=None, batched=True)

    assert _rows(engine) == expected == {"write_behind_people": [(person, "乙", "西关", 4)], "write_behind_seats": []}


def test_batched_writes_wait_until_the_batch_ends_or_their_table_is_read(engine: Engine) -> None:
    person = uuid4()
    _run(
        engine,
        [lambda s: insert_if_absent(s, people, {"person_id": person, "name": "甲", "visits": 0})],
        write_behind=None,
    )

    with Session(engine) as session, session.begin(), BatchedWrites().serving(session):
        update_row(session, people, {"person_id": person}, name="乙")
        insert_if_absent(session, seats, {"person_id": person, "station": "东门"})  # another table: the update waits
        with engine.connect() as elsewhere:
            assert elsewhere.execute(select(people.c.name)).scalars().all() == ["甲"]
        assert session.execute(select(people.c.name)).scalars().all() == ["乙"]

    assert _rows(engine)["write_behind_people"] == [(person, "乙", None, 0)]
