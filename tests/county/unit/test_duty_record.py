"""The duty record: activities recorded once for all who attended; reviews go self → group → township → county."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from services.county.domain.duty_activity import AttendanceOverlapError, DutyActivity
from services.county.domain.duty_record import DutyRecord, ReviewOutOfOrderError, duty_record_id
from shared.events.catalog.duty import DutyActivityKind, ReviewStage, ReviewVerdict
from tests.support.context import context

DEPUTY = UUID(int=1001)
OTHER = UUID(int=1002)
ENTRY, SECOND = UUID(int=5001), UUID(int=5002)
REGION = "410327100201"


def _review(
    record: DutyRecord, stage: ReviewStage, *entries: UUID, verdict: ReviewVerdict = ReviewVerdict.CONFIRMED
) -> None:
    record.review(
        deputy_id=DEPUTY,
        year=2026,
        stage=stage,
        verdict=verdict,
        entry_ids=entries or (ENTRY,),
        note="",
        region_code=REGION,
        ctx=context(),
    )


def test_an_entry_is_reviewed_by_the_deputy_then_the_group_then_the_township_then_the_county() -> None:
    record = DutyRecord.start(deputy_id=DEPUTY, year=2026)

    for stage in (ReviewStage.SELF, ReviewStage.GROUP, ReviewStage.TOWNSHIP, ReviewStage.COUNTY):
        assert record.next_stage(ENTRY) is stage
        _review(record, stage)

    assert record.next_stage(ENTRY) is None
    assert [event.payload.stage for event in record.collect_events()] == list(ReviewStage)


@pytest.mark.parametrize("stage", [ReviewStage.GROUP, ReviewStage.TOWNSHIP, ReviewStage.COUNTY])
def test_no_stage_reviews_an_entry_before_the_deputy_has(stage: ReviewStage) -> None:
    record = DutyRecord.start(deputy_id=DEPUTY, year=2026)

    with pytest.raises(ReviewOutOfOrderError) as refused:
        _review(record, stage)

    assert refused.value.field == "entry_ids" and "代表本人确认" in refused.value.message
    assert record.pending_events() == []


def test_a_stage_is_not_reviewed_twice_and_a_batch_with_one_entry_out_of_order_records_nothing() -> None:
    record = DutyRecord.start(deputy_id=DEPUTY, year=2026)
    _review(record, ReviewStage.SELF, ENTRY)

    with pytest.raises(ReviewOutOfOrderError):
        _review(record, ReviewStage.SELF, ENTRY)
    with pytest.raises(ReviewOutOfOrderError):
        _review(record, ReviewStage.GROUP, ENTRY, SECOND)

    assert len(record.pending_events()) == 1
    assert record.next_stage(SECOND) is ReviewStage.SELF


def test_a_dispute_is_recorded_with_the_latest_verdict_for_each_entry() -> None:
    record = DutyRecord.start(deputy_id=DEPUTY, year=2026)
    _review(record, ReviewStage.SELF, ENTRY, SECOND)
    _review(record, ReviewStage.GROUP, SECOND, verdict=ReviewVerdict.DISPUTED)

    assert record.verdicts == {ENTRY: ReviewVerdict.CONFIRMED, SECOND: ReviewVerdict.DISPUTED}
    assert record.next_stage(SECOND) is ReviewStage.TOWNSHIP


def test_each_deputy_has_one_record_a_year() -> None:
    assert duty_record_id(DEPUTY, 2026) == DutyRecord.start(deputy_id=DEPUTY, year=2026).id
    assert len({duty_record_id(DEPUTY, 2026), duty_record_id(DEPUTY, 2025), duty_record_id(OTHER, 2026)}) == 3


def _activity(attended: tuple[UUID, ...], excused: tuple[UUID, ...] = ()) -> DutyActivity:
    return DutyActivity.record(
        activity_id=UUID(int=7001),
        kind=DutyActivityKind.STANDING_MEETING,
        title="县十八届人大常委会第二十三次会议",
        held_on=date(2026, 10, 28),
        organiser="县人大常委会办公室",
        attended=attended,
        excused=excused,
        region_code="410327000000",
        ctx=context(),
    )


def test_an_activity_is_recorded_once_with_who_attended_and_who_was_excused() -> None:
    [event] = _activity((DEPUTY, DEPUTY), (OTHER,)).collect_events()

    assert event.payload.attended == [DEPUTY] and event.payload.excused == [OTHER]
    assert event.region_code == "410327000000"


def test_no_deputy_both_attends_and_is_excused() -> None:
    with pytest.raises(AttendanceOverlapError) as refused:
        _activity((DEPUTY,), (DEPUTY,))

    assert refused.value.code == "ATTENDANCE_OVERLAP" and refused.value.field == "excused"
