"""A referral routed to a deputy the county does not know is not taken up silently: the county's intake logs
it as an error and parks it with a reason that names it, for `renda dlq list county`."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from renda.dlq import dead_letters
from services.township.domain.referral import Referral
from services.township.domain.route_deputy import RouteDeputy
from shared.events.catalog.station import SealedContact
from shared.events.catalog.township import ReferralRoute
from shared.readmodel import names
from shared.runtime import ServiceRuntime
from tests.support.platform import eventually, running

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]


def _routed_to(township: ServiceRuntime, deputy_id: uuid.UUID) -> uuid.UUID:
    """A referral in the township's store routed to `deputy_id` as a suggestion, as if its roster had them."""
    ctx = township.commands.context(actor="system:intake")
    referral = Referral.open(
        referral_id=uuid.uuid4(),
        opinion_id=uuid.uuid4(),
        station_id=uuid.uuid4(),
        station_region_code="410327100201",
        township_region_code="410327100000",
        category="城乡建设",
        content="路灯不亮",
        content_sealed=None,
        voter=SealedContact(sealed="x", name_masked="张*", phone_masked="138****5678"),
        opinion_recorded_at=datetime(2026, 11, 2, 2, 0, tzinfo=UTC),
        answer_due=date(2026, 12, 2),
        due_is_provisional=False,
        ctx=ctx,
    )
    referral.route(
        route=ReferralRoute.DEPUTY_SUGGESTION,
        routed_to="王建国",
        deputy_id=deputy_id,
        note="",
        deputy=RouteDeputy(level="county", congress_region_code="410327000000", serving=True),
        ctx=ctx,
    )
    township.store.save(referral)
    return referral.id


def test_a_referral_routed_to_a_deputy_the_county_does_not_know_is_logged_and_parked_with_its_reason(
    make_runtime: MakeRuntime, caplog: pytest.LogCaptureFixture
) -> None:
    county, township = make_runtime("county"), make_runtime("township")
    unknown = uuid.uuid4()
    with (
        caplog.at_level(logging.ERROR, logger="renda.referral_intake"),
        running(county),
        running(township, projections=False),
    ):
        referral_id = _routed_to(township, unknown)
        [letter] = eventually(
            lambda: dead_letters(county, projection=names.COUNTY_REFERRAL_INTAKE),
            until=lambda letters: len(letters) == 1,
            timeout=120,
        )
    stored = {notice.event_type for notice in county.store.notifications(after=0, limit=10_000)}

    assert letter.reason == "HANDLER_FAILED: ReferralToUnknownDeputyError"
    # Logged each time the intake tries it: in its batch, then on its own before it is parked.
    logged = [record for record in caplog.records if record.name == "renda.referral_intake"]
    assert logged and all(record.levelno == logging.ERROR for record in logged)
    message = logged[-1].getMessage()
    assert str(referral_id) in message and str(unknown) in message and "not on the county's roster" in message
    assert "SuggestionSubmitted" not in stored, "nothing is taken up for a deputy the county does not know"
