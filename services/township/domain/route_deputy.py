"""The deputy a referral is routed through (转市级代表 / 由代表形成建议), as the township's roster has them.

Checked against the roster and the referral's own township, never against what the request says of the
deputy: the deputy must be on the roster and in office; to take a referral up as a suggestion (route (d))
they sit in a congress of the township's county, and the city route goes through a city-level deputy of
the township's city.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import NotFoundError, ValidationFailedError
from shared.events.catalog.county import DeputyLevel
from shared.events.catalog.township import ReferralRoute
from shared.events.region import county_of, is_within

ROUTES_THROUGH_A_DEPUTY = (ReferralRoute.CITY, ReferralRoute.DEPUTY_SUGGESTION)


@dataclass(frozen=True)
class RouteDeputy:
    """A deputy on the township's roster: their level, the congress that elected them, whether in office."""

    level: str
    congress_region_code: str
    serving: bool


class DeputyNotFoundError(NotFoundError):
    """Raised when a referral is routed through a deputy the township's roster does not have."""

    code = "DEPUTY_NOT_FOUND"
    message = "代表名册中没有该代表"


class DeputyNotInOfficeError(ValidationFailedError):
    """Raised when a referral is routed through a deputy who has left office."""

    code = "DEPUTY_NOT_IN_OFFICE"
    message = "该代表已终止代表资格，不能转交"


class DeputyOutsideCountyError(ValidationFailedError):
    """Raised when a deputy of no congress in the township's county is to take a referral up as a suggestion."""

    code = "DEPUTY_OUTSIDE_COUNTY"
    message = "由代表形成建议的，须为本县（区）的人大代表"


class NotACityDeputyError(ValidationFailedError):
    """Raised when an opinion is sent to the city through someone who is not a city-level deputy."""

    code = "NOT_A_CITY_DEPUTY"
    message = "转市级须通过市人大代表"


class DeputyOutsideCityError(ValidationFailedError):
    """Raised when the city route names a city-level deputy of another city."""

    code = "DEPUTY_OUTSIDE_CITY"
    message = "转市级须通过本市的人大代表"


def check_route_deputy(*, route: ReferralRoute, deputy: RouteDeputy | None, township_region_code: str) -> None:
    """Refuse a route through `deputy` (None: not on the roster) that the route's rule does not allow."""
    if route not in ROUTES_THROUGH_A_DEPUTY:
        return
    if deputy is None:
        raise DeputyNotFoundError(field="deputy_id")
    if not deputy.serving:
        raise DeputyNotInOfficeError(field="deputy_id")
    if route is ReferralRoute.CITY:
        if deputy.level != DeputyLevel.CITY.value:
            raise NotACityDeputyError(field="deputy_id")
        if not is_within(township_region_code, deputy.congress_region_code):
            raise DeputyOutsideCityError(field="deputy_id")
    elif not is_within(deputy.congress_region_code, county_of(township_region_code)):
        raise DeputyOutsideCountyError(field="deputy_id")
