"""The command that publishes a county's period report (县级上报) to the city."""

from __future__ import annotations

from datetime import date

from services.county.application.command_kinds import CountyCommand
from shared.events.catalog.reports import PeriodKind


class PublishCountyReport(CountyCommand):
    """Publish the county's figures for a period from the roll-up; publishing it again makes a new version."""

    step = "publish_county_report"

    period_kind: PeriodKind
    period_start: date
