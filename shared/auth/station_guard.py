"""The station check beside the region check: a station's own liaison or terminal acts on that station only."""

from __future__ import annotations

from uuid import UUID

from shared.auth.actor import Actor
from shared.auth.dependencies import _audited, _log_refusal
from shared.errors import ForbiddenError


def require_station(actor: Actor, station_id: UUID, *, action: str = "") -> None:
    """Raise ForbiddenError, and log the refusal, when the actor belongs to stations and this is not one of them.

    A liaison or a terminal acts on its own station only, however close another one is; other roles pass
    here and are held to their region by `require_region`.
    """
    if actor.reaches_station(station_id):
        return
    _log_refusal(actor, reason="station", action=action, required=str(station_id))
    raise _audited(ForbiddenError("只能查看和办理本联络站的事项"))
