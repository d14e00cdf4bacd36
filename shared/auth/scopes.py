"""Checks beside the role and region checks, each against the owning record: a station's own liaison or
terminal acts on that station only, and a place is judged where the region directory now puts it."""

from __future__ import annotations

from collections.abc import Sequence
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


def require_place(actor: Actor, chain: Sequence[str], *, action: str = "") -> None:
    """Raise ForbiddenError, and log the refusal, unless the actor's region is one of the places in `chain`.

    `chain` is a place's code followed by the places that enclose it as the region directory now draws
    them, nearest first, so a village moved to another township belongs to that township, whatever its
    code's prefix says (`require_region` judges by the prefix alone).
    """
    if actor.region_code in chain:
        return
    _log_refusal(actor, reason="region", action=action, required=chain[0] if chain else "-")
    raise _audited(ForbiddenError("超出本人管辖区域"))
