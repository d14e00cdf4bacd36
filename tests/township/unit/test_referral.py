"""Referral rules: routes, merges, answers, closing; deadline colours computed against a given day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from services.township.domain.referral import (
    CoordinationNeedsReasonError,
    MergeIntoItselfError,
    Referral,
    ReferralAlreadyAnsweredError,
    ReferralClosedError,
    ReferralStatus,
    RouteNeedsDeputyError,
    SolvedWithoutAnswerError,
)
from services.township.projections.inbox import deadline_colour
from shared.events.catalog.station import SealedContact
from shared.events.catalog.township import (
    ReferralAnswered,
    ReferralOpenedV2,
    ReferralOutcome,
    ReferralRoute,
    ReferralRouted,
)
from tests.support.context import context

OPINION, STATION = UUID(int=11), UUID(int=7)


def _opened() -> Referral:
    return Referral.open(
        referral_id=UUID(int=1),
        opinion_id=OPINION,
        station_id=STATION,
        station_region_code="410327100201",
        township_region_code="410327100000",
        category="城乡建设",
        content="东门路路灯不亮，请联系138****5678",
        content_sealed="0f3a9c1e.c2VhbGVkLXdvcmRz",
        voter=SealedContact(sealed="c2VhbGVk", name_masked="张*", phone_masked="138****5678"),
        opinion_recorded_at=datetime(2026, 11, 2, 2, 0, tzinfo=UTC),
        answer_due=date(2026, 12, 2),
        due_is_provisional=False,
        ctx=context(actor="system:intake"),
    )


def _referral() -> Referral:
    referral = _opened()
    referral.collect_events()
    return referral


def test_a_referral_is_opened_at_the_station_place_so_it_rolls_up_there() -> None:
    referral = Referral.open(
        referral_id=UUID(int=1),
        opinion_id=OPINION,
        station_id=STATION,
        station_region_code="410327100201",
        township_region_code="410327100000",
        category="城乡建设",
        content="路灯",
        content_sealed=None,
        voter=SealedContact(sealed="x", name_masked="张*", phone_masked="138****5678"),
        opinion_recorded_at=datetime(2026, 11, 2, 2, 0, tzinfo=UTC),
        answer_due=date(2026, 12, 2),
        due_is_provisional=False,
        ctx=context(actor="system:intake"),
    )
    [event] = referral.collect_events()
    assert event.region_code == "410327100201"


def test_a_referral_carries_the_opinions_words_masked_and_sealed_as_the_station_sent_them() -> None:
    [event] = _opened().collect_events()
    assert isinstance(event.payload, ReferralOpenedV2)
    assert (event.payload.content, event.payload.content_sealed) == (
        "东门路路灯不亮，请联系138****5678",
        "0f3a9c1e.c2VhbGVkLXdvcmRz",
    )


def test_routing_to_a_township_department_records_where_it_went() -> None:
    referral = _referral()
    referral.route(
        route=ReferralRoute.TOWNSHIP_DEPARTMENT, routed_to="城关镇建设办", deputy_id=None, note="", ctx=context()
    )
    [event] = referral.collect_events()
    assert isinstance(event.payload, ReferralRouted)
    assert (event.payload.route, event.payload.routed_to, event.payload.opinion_id) == (
        ReferralRoute.TOWNSHIP_DEPARTMENT,
        "城关镇建设办",
        OPINION,
    )


@pytest.mark.parametrize("route", [ReferralRoute.CITY, ReferralRoute.DEPUTY_SUGGESTION])
def test_the_city_and_suggestion_routes_need_a_deputy(route: ReferralRoute) -> None:
    with pytest.raises(RouteNeedsDeputyError) as refused:
        _referral().route(route=route, routed_to="市人大代表", deputy_id=None, note="", ctx=context())
    assert refused.value.field == "deputy_id"


def test_a_referral_cannot_be_merged_into_itself() -> None:
    referral = _referral()
    with pytest.raises(MergeIntoItselfError):
        referral.merge_into(other=referral.id, ctx=context())


def test_a_merged_referral_is_still_answered_to_its_voter() -> None:
    referral = _referral()
    referral.merge_into(other=UUID(int=2), ctx=context())
    referral.answer(answer="已与同类意见并案，列入亮化工程", answered_by="城关镇建设办", ctx=context())
    assert [type(e.payload) for e in referral.collect_events()][-1] is ReferralAnswered


def test_an_answered_referral_is_not_answered_or_routed_again() -> None:
    referral = _referral()
    referral.answer(answer="已修复", answered_by="城关镇建设办", ctx=context())
    with pytest.raises(ReferralAlreadyAnsweredError):
        referral.answer(answer="再次答复", answered_by="", ctx=context())
    with pytest.raises(ReferralAlreadyAnsweredError):
        referral.route(route=ReferralRoute.COUNTY, routed_to="县住建局", deputy_id=None, note="", ctx=context())


def test_solved_needs_an_answer_first() -> None:
    with pytest.raises(SolvedWithoutAnswerError):
        _referral().close(outcome=ReferralOutcome.SOLVED, reason="", ctx=context())


def test_in_coordination_needs_a_reason() -> None:
    with pytest.raises(CoordinationNeedsReasonError) as refused:
        _referral().close(outcome=ReferralOutcome.IN_COORDINATION, reason="  ", ctx=context())
    assert refused.value.field == "reason"


def test_in_coordination_still_owes_the_voter_an_answer() -> None:
    referral = _referral()
    referral.close(outcome=ReferralOutcome.IN_COORDINATION, reason="需县住建局统筹资金", ctx=context())
    assert referral.status is ReferralStatus.IN_COORDINATION
    referral.answer(answer="县住建局已安排资金，1月底前修复", answered_by="城关镇建设办", ctx=context())
    referral.close(outcome=ReferralOutcome.SOLVED, reason="", ctx=context())
    assert referral.status is ReferralStatus.CLOSED


def test_a_referral_closed_as_solved_takes_no_more_steps() -> None:
    referral = _referral()
    referral.answer(answer="已修复", answered_by="城关镇建设办", ctx=context())
    referral.close(outcome=ReferralOutcome.SOLVED, reason="", ctx=context())
    with pytest.raises(ReferralClosedError):
        referral.close(outcome=ReferralOutcome.SOLVED, reason="", ctx=context())


def test_a_merged_referral_is_not_routed_again() -> None:
    from services.township.domain.referral import ReferralMergedError

    referral = _referral()
    referral.merge_into(other=UUID(int=2), ctx=context())
    with pytest.raises(ReferralMergedError):
        referral.route(route=ReferralRoute.COUNTY, routed_to="县住建局", deputy_id=None, note="", ctx=context())


@pytest.mark.parametrize(
    ("today", "answered_on", "status", "colour"),
    [
        (date(2026, 11, 20), None, "open", "green"),
        (date(2026, 11, 27), None, "routed", "yellow"),
        (date(2026, 12, 2), None, "routed", "yellow"),
        (date(2026, 12, 3), None, "routed", "red"),
        (date(2026, 12, 30), date(2026, 12, 1), "answered", "grey"),
        (date(2026, 12, 30), None, "closed", "grey"),
    ],
)
def test_deadline_colours_follow_the_due_date_and_the_day_asked(
    today: date, answered_on: date | None, status: str, colour: str
) -> None:
    assert deadline_colour(due=date(2026, 12, 2), answered_on=answered_on, status=status, today=today) == colour
