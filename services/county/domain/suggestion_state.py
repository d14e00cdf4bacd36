"""What a suggestion remembers from its events, and the checks every one of its steps makes against that."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.county.domain.suggestion_rules import (
    DateInFutureError,
    NotTheLeadUnitError,
    SuggestionStatus,
    SuggestionStepNotAllowedError,
)
from shared.aggregate import Aggregate, CommandContext
from shared.calendar import china_date
from shared.events.catalog.suggestion import SuggestionCategory


class SuggestionState(Aggregate):
    """A suggestion's state as its events left it; `Suggestion` is this with its steps."""

    def __init__(self, aggregate_id: UUID) -> None:
        super().__init__(aggregate_id)
        self.status = SuggestionStatus.SUBMITTED
        self.lead_deputy_id: UUID | None = None
        self.source_referral_id: UUID | None = None
        self.is_key = False
        self.category: SuggestionCategory | None = None
        self.lead_unit_id: UUID | None = None
        self.lead_unit_name = ""
        self.co_unit_ids: frozenset[UUID] = frozenset()
        self.co_opinions: set[UUID] = set()
        self.assigned_on: date | None = None
        self.return_due: date | None = None
        self.extension_months = 0
        self.extension_requested: int | None = None
        self.reply_round = 0
        self.merged_with: UUID | None = None
        self.look_back_years: set[int] = set()

    def _require(self, step: str, *allowed: SuggestionStatus) -> None:
        if self.status not in allowed:
            raise SuggestionStepNotAllowedError(status=self.status, step=step)

    def _require_lead_unit(self, unit_id: UUID) -> None:
        if unit_id != self.lead_unit_id:
            raise NotTheLeadUnitError(field="unit_id")


def require_not_after(day: date, *, ctx: CommandContext, field: str) -> None:
    """A contact, check or visit cannot be dated after the day it is recorded."""
    if day > china_date(ctx.happened_at):
        raise DateInFutureError(field=field)
