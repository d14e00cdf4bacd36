"""Opinions: solved on the spot or referred, once; the answer is due one month from the Beijing date of recording."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from services.station.domain.opinion import Opinion, OpinionAlreadyHandledError, OpinionStatus, answer_due
from shared.calendar import WorkingDayCalendar
from shared.events.catalog.station import OpinionChannel, OpinionReferredV2, SealedContact
from tests.support.context import context

CALENDAR = WorkingDayCalendar()
VOTER = SealedContact(sealed="c2VhbGVk", name_masked="张*", phone_masked="138****5678")
WORDS_SEALED = "0f3a9c1e.c2VhbGVkLXdvcmRz"


def _opinion(*, occurred_at: datetime | None = None) -> Opinion:
    opinion = Opinion.record(
        opinion_id=UUID(int=1),
        station_id=UUID(int=7),
        station_region_code="410327100201",
        reception_id=None,
        deputy_id=None,
        channel=OpinionChannel.RECEPTION,
        category="城乡建设",
        content="东门路路灯不亮，请联系138****5678",
        content_sealed=WORDS_SEALED,
        place="东门路",
        voter=VOTER,
        ctx=context(actor="dk_terminal", occurred_at=occurred_at),
    )
    opinion.collect_events()
    return opinion


def test_the_answer_is_due_one_month_from_the_beijing_date_of_recording() -> None:
    # 2026-08-31 17:00 UTC is already 1 September in Beijing: due 1 October is National Day (1–7 October
    # off in 2026), so the answer is due on Thursday 8 October.
    due = answer_due(recorded_at=datetime(2026, 8, 31, 17, 0, tzinfo=UTC), calendar=CALENDAR)
    assert (due.due, due.provisional) == (date(2026, 10, 8), False)


def test_referring_carries_the_clock_from_recording_not_from_upload() -> None:
    happened = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    opinion = _opinion(occurred_at=happened)
    opinion.refer(township_region_code="410327100000", calendar=CALENDAR, ctx=context())
    [event] = opinion.collect_events()

    assert isinstance(event.payload, OpinionReferredV2)
    assert event.payload.recorded_at == happened
    assert event.payload.answer_due == date(2026, 12, 2)
    assert event.payload.voter == VOTER
    assert opinion.status is OpinionStatus.REFERRED


def test_referring_sends_the_words_on_masked_and_sealed_as_they_were_recorded() -> None:
    opinion = _opinion()
    opinion.refer(township_region_code="410327100000", calendar=CALENDAR, ctx=context())
    [event] = opinion.collect_events()

    assert isinstance(event.payload, OpinionReferredV2)
    assert (event.payload.content, event.payload.content_sealed) == ("东门路路灯不亮，请联系138****5678", WORDS_SEALED)


def test_a_due_date_in_2027_is_provisional_until_the_schedule_is_loaded() -> None:
    opinion = _opinion(occurred_at=datetime(2026, 12, 20, 2, 0, tzinfo=UTC))
    opinion.refer(township_region_code="410327100000", calendar=CALENDAR, ctx=context())
    [event] = opinion.collect_events()
    assert event.payload.due_is_provisional is True


def test_an_opinion_solved_on_the_spot_cannot_then_be_referred() -> None:
    opinion = _opinion()
    opinion.solve_on_spot(resolution="当场联系供电所修复", ctx=context())
    with pytest.raises(OpinionAlreadyHandledError):
        opinion.refer(township_region_code="410327100000", calendar=CALENDAR, ctx=context())


def test_an_opinion_is_referred_only_once() -> None:
    opinion = _opinion()
    opinion.refer(township_region_code="410327100000", calendar=CALENDAR, ctx=context())
    with pytest.raises(OpinionAlreadyHandledError):
        opinion.refer(township_region_code="410327100000", calendar=CALENDAR, ctx=context())


def test_feedback_waits_for_the_townships_answer() -> None:
    from services.station.domain.opinion import NoAnswerYetError
    from shared.events.catalog.station import FeedbackMethod

    opinion = _opinion()
    opinion.refer(township_region_code="410327100000", calendar=CALENDAR, ctx=context())
    with pytest.raises(NoAnswerYetError):
        opinion.give_feedback(method=FeedbackMethod.PHONE, note="", answered=False, ctx=context())


def test_feedback_is_given_once() -> None:
    from services.station.domain.opinion import FeedbackAlreadyGivenError
    from shared.events.catalog.station import FeedbackMethod, OpinionFeedbackGiven

    opinion = _opinion()
    opinion.refer(township_region_code="410327100000", calendar=CALENDAR, ctx=context())
    opinion.give_feedback(method=FeedbackMethod.PHONE, note="电话告知", answered=True, ctx=context())
    with pytest.raises(FeedbackAlreadyGivenError):
        opinion.give_feedback(method=FeedbackMethod.VISIT, note="", answered=True, ctx=context())
    assert isinstance(opinion.collect_events()[-1].payload, OpinionFeedbackGiven)


def test_solved_on_the_spot_means_the_same_day() -> None:
    from services.station.domain.opinion import NotSolvedTheSameDayError

    opinion = _opinion(occurred_at=datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
    with pytest.raises(NotSolvedTheSameDayError):
        opinion.solve_on_spot(resolution="次日解决", ctx=context(occurred_at=datetime(2026, 11, 3, 2, 0, tzinfo=UTC)))
    opinion.solve_on_spot(resolution="当天解决", ctx=context(occurred_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC)))
    assert opinion.status.value == "solved_on_spot"
