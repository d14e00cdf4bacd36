"""What an authenticated account acts for in the county: a handling unit or a deputy."""

from __future__ import annotations

from uuid import UUID

from shared.auth import Actor
from shared.errors import ForbiddenError


def unit_of(actor: Actor) -> UUID:
    """The handling unit an account acts for; refused when the account is linked to none."""
    try:
        return UUID(actor.unit_id or "")
    except ValueError:
        raise ForbiddenError("该账号未关联承办单位", field="unit_id") from None


def deputy_of(actor: Actor) -> UUID:
    """The deputy an account acts for; refused when the account is linked to none."""
    if actor.deputy_id is None:
        raise ForbiddenError("该账号未关联代表", field="deputy_id")
    return actor.deputy_id
