"""Period reports (上报): figures with the range of source events they cover and a digest, so the
receiving tier can re-derive them by replay and check."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import ClassVar

from pydantic import Field

from shared.events import topics
from shared.events.envelope import EventPayload
from shared.events.region import RegionCode


class PeriodKind(str, Enum):
    """月报, 季报, 半年报, 年报."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


class TownshipReportPublished(EventPayload):
    """A township published its figures for a period (乡镇上报)."""

    event_type: ClassVar[str] = "TownshipReportPublished"
    aggregate_type: ClassVar[str] = "TownshipReport"
    topic: ClassVar[str] = topics.REPORT_TOWNSHIP

    township_region_code: RegionCode
    period_kind: PeriodKind
    period_start: date
    period_end: date = Field(description="The last day of the period (inclusive).")
    figures: dict[str, int] = Field(description="Counted figures, by name (see docs).")
    station_figures: dict[str, dict[str, int]] = Field(default_factory=dict, description="The same, per station id.")
    source_events: int = Field(ge=0, description="How many source events the figures were derived from.")
    source_last_recorded_at: datetime | None = Field(default=None, description="The latest recorded_at among them.")
    source_digest: str = Field(description="SHA-256 over the ids of the source events, sorted.")
    digest: str = Field(description="SHA-256 over the canonical JSON of period, figures and source digest.")


class CountyReportPublished(EventPayload):
    """A county published its figures for a period to the city (县级上报), from the roll-up."""

    event_type: ClassVar[str] = "CountyReportPublished"
    aggregate_type: ClassVar[str] = "CountyReport"
    topic: ClassVar[str] = topics.REPORT_COUNTY

    county_region_code: RegionCode
    period_kind: PeriodKind
    period_start: date
    period_end: date = Field(description="The last day of the period (inclusive).")
    figures: dict[str, int] = Field(description="The county's counted figures, by name (see README, roll-up).")
    township_figures: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="The same, per township (and 本级 under the county's own code)."
    )
    digest: str = Field(description="SHA-256 over the canonical JSON of the county, period and figures.")


EVENTS: tuple[type[EventPayload], ...] = (TownshipReportPublished, CountyReportPublished)
