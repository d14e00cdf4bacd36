"""A station's own liaison and terminal act on that station only; other roles are held to their region."""

from __future__ import annotations

import logging
from uuid import UUID

import pytest

from shared.auth import Actor, Role, require_station
from shared.errors import ForbiddenError

OWN, OTHER = UUID(int=1), UUID(int=2)
VILLAGE = "410327100201"


@pytest.mark.parametrize("role", [Role.STATION_LIAISON, Role.TERMINAL])
def test_a_station_bound_actor_reaches_its_own_station_only(role: Role) -> None:
    actor = Actor(id="liaison", role=role, region_code=VILLAGE, station_id=OWN)

    assert actor.stations() == frozenset({OWN})
    assert actor.reaches_station(OWN) and not actor.reaches_station(OTHER)


def test_a_liaison_bound_to_no_station_reaches_none() -> None:
    actor = Actor(id="liaison", role=Role.STATION_LIAISON, region_code=VILLAGE)

    assert actor.stations() == frozenset()
    assert not actor.reaches_station(OWN)


@pytest.mark.parametrize("role", [Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.CITY_VIEWER, Role.AUDITOR])
def test_roles_that_act_by_region_are_not_bound_to_a_station(role: Role) -> None:
    actor = Actor(id="staff", role=role, region_code="410327100000", station_id=OWN)

    assert actor.stations() is None
    assert actor.reaches_station(OTHER)


def test_another_station_is_refused_and_the_refusal_is_audited(caplog: pytest.LogCaptureFixture) -> None:
    actor = Actor(id="liaison", role=Role.STATION_LIAISON, region_code=VILLAGE, station_id=OWN)

    require_station(actor, OWN, action="read_ledger")
    with caplog.at_level(logging.WARNING, logger="renda.audit"), pytest.raises(ForbiddenError) as refused:
        require_station(actor, OTHER, action="read_ledger")

    assert refused.value.code == "FORBIDDEN"
    [record] = [r for r in caplog.records if getattr(r, "audit_event", "") == "access_refused"]
    assert (record.refused_reason, record.refused_required, record.refused_action) == (  # type: ignore[attr-defined]
        "station",
        str(OTHER),
        "read_ledger",
    )
