"""The tracking read model from a suggestion's events: on time or late against the due date in force."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from services.county.projections.suggestions import METADATA, SUGGESTIONS, suggestions
from shared.events.catalog.suggestion import Satisfaction
from shared.readmodel.database import make_engine
from tests.county.unit.test_suggestion import LEAD_UNIT, LETTER, assigned, on, rate
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration


@pytest.fixture
def engine(postgres: Postgres) -> Iterator[Engine]:
    engine = make_engine(postgres.create_database())
    METADATA.create_all(engine)
    yield engine
    engine.dispose()


def _project(engine: Engine, events: list[object]) -> dict[str, object]:
    with Session(engine) as session, session.begin():
        for event in events:
            SUGGESTIONS.handlers[event.event_type](session, event)  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return dict(connection.execute(select(suggestions)).mappings().one())


def test_a_first_reply_after_the_three_months_is_counted_late(engine: Engine) -> None:
    suggestion = assigned()  # reply due 2026-12-29
    suggestion.reply(unit_id=LEAD_UNIT, letter=LETTER, ctx=on(date(2026, 12, 30)))

    row = _project(engine, suggestion.pending_events())

    assert (row["first_replied_on"], row["first_reply_on_time"]) == (date(2026, 12, 30), False)


def test_a_second_reply_within_the_month_is_on_time_and_the_case_counts_as_re_handled(engine: Engine) -> None:
    suggestion = assigned()
    suggestion.reply(unit_id=LEAD_UNIT, letter=LETTER, ctx=on(date(2026, 11, 2)))
    rate(suggestion, Satisfaction.UNSATISFIED, day=date(2026, 11, 20))  # second reply due 2026-12-21
    suggestion.reply(unit_id=LEAD_UNIT, letter=LETTER, ctx=on(date(2026, 12, 21)))

    row = _project(engine, suggestion.pending_events())

    assert (row["first_reply_on_time"], row["second_reply_on_time"], row["rehandled"]) == (True, True, True)
    assert (row["status"], row["reply_round"], row["first_rating"]) == ("replied", 2, "unsatisfied")
