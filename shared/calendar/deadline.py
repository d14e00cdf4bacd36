"""A computed due date and whether it may still move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Deadline:
    """A due date; provisional when it rests on a year with no official schedule yet."""

    due: date
    provisional: bool
