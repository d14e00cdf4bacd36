"""An opinion's status as every tier shows it, from the station's handling and the township's outcome.

One function, so the station's ledger and the township's figures for a station can never disagree.
"""

from __future__ import annotations

OPINION_STATUSES = ("recorded", "solved_on_spot", "referred", "in_coordination", "answered", "closed")


def opinion_status(*, handling: str, answered: bool, outcome: str | None) -> str:
    """Closed once solved; answered once the township answered; in coordination while it says so."""
    if outcome == "solved":
        return "closed"
    if answered:
        return "answered"
    if outcome == "in_coordination":
        return "in_coordination"
    return handling
