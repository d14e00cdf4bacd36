"""Receptions: held once; only deputies attached to the station check in or ask for leave, once."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from services.station.domain.reception import (
    AlreadyCheckedInError,
    AlreadyOnLeaveError,
    DeputyNotAttachedToStationError,
    Reception,
    ReceptionAlreadyHeldError,
)
from shared.events.catalog.station import ActivityKind, DeputyCheckedIn, DeputyLeaveRequested
from tests.support.context import context

STATION = UUID(int=7)
WANG, LI, STRANGER = UUID(int=101), UUID(int=102), UUID(int=999)
ATTACHED = {WANG, LI}


def _reception() -> Reception:
    reception = Reception.schedule(
        reception_id=UUID(int=1),
        station_id=STATION,
        station_region_code="410327100201",
        kind=ActivityKind.RECEPTION_DAY,
        scheduled_on=date(2026, 11, 20),
        from_schedule=True,
        title="接待日",
        ctx=context(actor="dk_terminal"),
    )
    reception.collect_events()
    return reception


def test_an_attached_deputy_checks_in() -> None:
    reception = _reception()
    reception.check_in(deputy_id=WANG, attached=ATTACHED, ctx=context())
    [event] = reception.collect_events()
    assert event.payload == DeputyCheckedIn(station_id=STATION, deputy_id=WANG)
    assert event.region_code == "410327100201"


def test_a_deputy_not_attached_to_the_station_cannot_check_in() -> None:
    reception = _reception()
    with pytest.raises(DeputyNotAttachedToStationError) as refused:
        reception.check_in(deputy_id=STRANGER, attached=ATTACHED, ctx=context())
    assert (refused.value.status, refused.value.field) == (403, "deputy_id")
    assert reception.collect_events() == []


def test_a_deputy_checks_in_only_once() -> None:
    reception = _reception()
    reception.check_in(deputy_id=WANG, attached=ATTACHED, ctx=context())
    with pytest.raises(AlreadyCheckedInError):
        reception.check_in(deputy_id=WANG, attached=ATTACHED, ctx=context())


def test_leave_is_recorded_with_its_reason_and_excludes_a_check_in() -> None:
    reception = _reception()
    reception.request_leave(deputy_id=LI, reason="参加县人大常委会会议", attached=ATTACHED, ctx=context())
    with pytest.raises(AlreadyOnLeaveError):
        reception.check_in(deputy_id=LI, attached=ATTACHED, ctx=context())
    [event] = reception.collect_events()
    assert event.payload == DeputyLeaveRequested(station_id=STATION, deputy_id=LI, reason="参加县人大常委会会议")


def test_a_deputy_who_checked_in_cannot_ask_for_leave() -> None:
    reception = _reception()
    reception.check_in(deputy_id=WANG, attached=ATTACHED, ctx=context())
    with pytest.raises(AlreadyCheckedInError):
        reception.request_leave(deputy_id=WANG, reason="临时有事", attached=ATTACHED, ctx=context())


def test_an_activity_is_held_once() -> None:
    reception = _reception()
    reception.hold(held_on=date(2026, 11, 20), voters_received=12, topics=["道路维修"], notes="", ctx=context())
    with pytest.raises(ReceptionAlreadyHeldError):
        reception.hold(held_on=date(2026, 11, 20), voters_received=3, topics=[], notes="", ctx=context())
