"""A referral goes to the city or becomes a suggestion only through a deputy on the township's roster, checked
against the referral's own township: in office, of the township's county (route (d)) or city (the city route)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from services.township.domain.referral import Referral
from services.township.domain.route_deputy import (
    DeputyNotFoundError,
    DeputyNotInOfficeError,
    DeputyOutsideCityError,
    DeputyOutsideCountyError,
    NotACityDeputyError,
    RouteDeputy,
)
from shared.errors import PlatformError
from shared.events.catalog.station import SealedContact
from shared.events.catalog.township import ReferralRoute, ReferralRouted
from tests.support.context import context

DEPUTY = UUID(int=5)
COUNTY_DEPUTY = RouteDeputy(level="county", congress_region_code="410327000000", serving=True)
TOWNSHIP_DEPUTY = RouteDeputy(level="township", congress_region_code="410327100000", serving=True)
CITY_DEPUTY = RouteDeputy(level="city", congress_region_code="410300000000", serving=True)


def _referral() -> Referral:
    referral = Referral.open(
        referral_id=UUID(int=1),
        opinion_id=UUID(int=11),
        station_id=UUID(int=7),
        station_region_code="410327100201",
        township_region_code="410327100000",
        category="城乡建设",
        content="路灯不亮",
        content_sealed=None,
        voter=SealedContact(sealed="x", name_masked="张*", phone_masked="138****5678"),
        opinion_recorded_at=datetime(2026, 11, 2, 2, 0, tzinfo=UTC),
        answer_due=date(2026, 12, 2),
        due_is_provisional=False,
        ctx=context(actor="system:intake"),
    )
    referral.collect_events()
    return referral


def _route(route: ReferralRoute, deputy: RouteDeputy | None) -> Referral:
    referral = _referral()
    referral.route(route=route, routed_to="代表", deputy_id=DEPUTY, note="", deputy=deputy, ctx=context())
    return referral


@pytest.mark.parametrize("deputy", [COUNTY_DEPUTY, TOWNSHIP_DEPUTY])
def test_a_serving_deputy_of_the_townships_county_takes_a_referral_up(deputy: RouteDeputy) -> None:
    [event] = _route(ReferralRoute.DEPUTY_SUGGESTION, deputy).collect_events()
    assert isinstance(event.payload, ReferralRouted) and event.payload.deputy_id == DEPUTY


def test_a_serving_city_deputy_of_the_townships_city_carries_a_referral_to_the_city() -> None:
    [event] = _route(ReferralRoute.CITY, CITY_DEPUTY).collect_events()
    assert isinstance(event.payload, ReferralRouted) and event.payload.route is ReferralRoute.CITY


@pytest.mark.parametrize(
    ("route", "deputy", "refusal"),
    [
        (ReferralRoute.DEPUTY_SUGGESTION, None, DeputyNotFoundError),
        (ReferralRoute.CITY, None, DeputyNotFoundError),
        (
            ReferralRoute.DEPUTY_SUGGESTION,
            RouteDeputy(level="county", congress_region_code="410327000000", serving=False),
            DeputyNotInOfficeError,
        ),
        (
            ReferralRoute.CITY,
            RouteDeputy(level="city", congress_region_code="410300000000", serving=False),
            DeputyNotInOfficeError,
        ),
        (
            ReferralRoute.DEPUTY_SUGGESTION,
            RouteDeputy(level="county", congress_region_code="410328000000", serving=True),
            DeputyOutsideCountyError,
        ),
        (ReferralRoute.DEPUTY_SUGGESTION, CITY_DEPUTY, DeputyOutsideCountyError),
        (ReferralRoute.CITY, COUNTY_DEPUTY, NotACityDeputyError),
        (
            ReferralRoute.CITY,
            RouteDeputy(level="city", congress_region_code="410400000000", serving=True),
            DeputyOutsideCityError,
        ),
    ],
)
def test_a_route_through_a_deputy_the_rule_does_not_allow_is_refused_and_records_nothing(
    route: ReferralRoute, deputy: RouteDeputy | None, refusal: type[PlatformError]
) -> None:
    referral = _referral()
    with pytest.raises(refusal) as refused:
        referral.route(route=route, routed_to="代表", deputy_id=DEPUTY, note="", deputy=deputy, ctx=context())
    assert refused.value.field == "deputy_id"
    assert referral.collect_events() == []


def test_a_deputy_named_on_a_route_that_needs_none_is_not_looked_up() -> None:
    referral = _referral()
    referral.route(route=ReferralRoute.COUNTY, routed_to="县交通运输局", deputy_id=DEPUTY, note="", ctx=context())
    [event] = referral.collect_events()
    assert isinstance(event.payload, ReferralRouted)
