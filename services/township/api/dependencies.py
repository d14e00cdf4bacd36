"""The township's own parts as typed FastAPI dependencies: what its routes need beyond the common runtime."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from services.township.application.ports import TownshipReads
from shared.privacy import ContactSealer


@dataclass(frozen=True)
class TownshipParts:
    """The voters' contact key (township staff call the voter back) and the read models the use cases consult."""

    sealer: ContactSealer
    reads: TownshipReads


def township_parts(request: Request) -> TownshipParts:
    """The parts the township's composition root attached to its app."""
    parts: TownshipParts = request.app.state.township
    return parts


TownshipPartsDep = Annotated[TownshipParts, Depends(township_parts)]
