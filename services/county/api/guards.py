"""Who may take a county step, and the check each caller's command runs against the case as it reads it.

The role is checked at once, before anything is read; the region or the ownership against the case
(or the deputy it names) inside the command, so the case is read only once.
"""

from __future__ import annotations

from uuid import UUID

from services.county.api.actors import deputy_of, unit_of
from services.county.application.context import Guard
from services.county.domain.suggestion import Suggestion
from services.county.domain.suggestion_rules import (
    NotACoUnitError,
    NotAnAssignedUnitError,
    NotTheLeadDeputyError,
    NotTheLeadUnitError,
)
from shared.aggregate import Aggregate
from shared.auth import Actor, Role, require_region, require_role
from shared.errors import ForbiddenError


def within_region(actor: Actor, step: str) -> Guard:
    """The case (or the deputy) must lie inside the caller's own region."""

    def check(case: Aggregate) -> None:
        require_region(actor, case.region_code, action=step)

    return check


def county_staff(actor: Actor, step: str) -> Guard:
    """County staff only, acting inside their own region."""
    require_role(actor, Role.COUNTY_STAFF, action=step)
    return within_region(actor, step)


def staff_or_lead_deputy(actor: Actor, step: str) -> Guard:
    """County staff inside their region, or the lead deputy on their own suggestion."""
    if actor.role is not Role.DEPUTY:
        return county_staff(actor, step)
    deputy_id = deputy_of(actor)

    def own(case: Aggregate) -> None:
        if not isinstance(case, Suggestion) or case.lead_deputy_id != deputy_id:
            raise ForbiddenError("只能对本人领衔的建议执行此操作", field="suggestion_id")

    return own


def acting_deputy(actor: Actor, step: str) -> UUID:
    """The deputy a deputy's account acts for."""
    require_role(actor, Role.DEPUTY, action=step)
    return deputy_of(actor)


def leads(deputy_id: UUID) -> Guard:
    """Only the suggestion's lead deputy, checked before its state is looked at: another deputy learns nothing."""

    def own(case: Aggregate) -> None:
        if not isinstance(case, Suggestion) or case.lead_deputy_id != deputy_id:
            raise NotTheLeadDeputyError(field="suggestion_id")

    return own


def acting_unit(actor: Actor, step: str) -> UUID:
    """The handling unit a unit's account acts for; a unit guard below checks the suggestion is its own."""
    require_role(actor, Role.HANDLING_UNIT, action=step)
    return unit_of(actor)


# A unit's step is checked against who the suggestion is assigned to before its state is looked at,
# so a unit that neither leads nor helps with a suggestion learns nothing of where it stands.


def lead_unit(unit_id: UUID) -> Guard:
    """Only the suggestion's lead unit (主办单位)."""

    def own(case: Aggregate) -> None:
        if not isinstance(case, Suggestion) or case.lead_unit_id != unit_id:
            raise NotTheLeadUnitError(field="unit_id")

    return own


def co_unit(unit_id: UUID) -> Guard:
    """Only one of the suggestion's co-units (协办单位)."""

    def own(case: Aggregate) -> None:
        if not isinstance(case, Suggestion) or unit_id not in case.co_unit_ids:
            raise NotACoUnitError(field="unit_id")

    return own


def assigned_unit(unit_id: UUID) -> Guard:
    """Only a unit the suggestion is assigned to, as lead or co-unit."""

    def own(case: Aggregate) -> None:
        if not isinstance(case, Suggestion) or (case.lead_unit_id != unit_id and unit_id not in case.co_unit_ids):
            raise NotAnAssignedUnitError(field="unit_id")

    return own


def is_deputy(actor: Actor) -> Guard:
    """The deputy named must be the one the caller's account acts for."""

    def own(deputy: Aggregate) -> None:
        if deputy_of(actor) != deputy.id:
            raise ForbiddenError("代表只能确认本人的履职记录", field="deputy_id")

    return own
