"""Period reports (上报): what every tier's report aggregate does the same way, once for all of them.

A tier reports a place of its level for a period (月报, 季报, 半年报, 年报). Its report's id comes from
the place and the period, so publishing it again (after late events) is the next version of the same
report; it is published only once the period is over, and only for its own place and period. Its
digest covers the place, the period, the figures (in total and per part: a township's stations, a
county's townships) and, where the tier's event carries it, the digest of the source events, so the
receiving tier can rebuild the figures and compare.

Pure: the standard library, the event contract, and the platform's errors and report periods.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid5

from shared.errors import ConflictError, ValidationFailedError
from shared.events.region import RegionLevel, level_of
from shared.figures.period import ReportPeriod, canonical_digest


class PeriodNotEndedError(ConflictError):
    """Raised when a report is published for a period that has not ended yet."""

    code = "PERIOD_NOT_ENDED"
    message = "报告期尚未结束，不能上报（可先预览）"


class ReportMismatchError(ConflictError):
    """Raised when a report is published again for another place or period than its own."""

    code = "REPORT_MISMATCH"
    message = "报告的区划或报告期与原报告不一致"


class NotATownshipError(ValidationFailedError):
    """Raised when a township report is asked for a place that is not a township (乡/镇/街道)."""

    code = "NOT_A_TOWNSHIP"
    message = "只有乡镇（街道）才能上报乡镇报告"


class NotACountyError(ValidationFailedError):
    """Raised when a county report is asked for a place that is not a county (县/区)."""

    code = "NOT_A_COUNTY"
    message = "只有县（区）才能上报县级报告"


@dataclass(frozen=True)
class ReportTier:
    """How one tier's period reports are identified, checked and digested."""

    level: RegionLevel
    """The level of the places that report."""
    id_namespace: UUID
    """The uuid5 namespace of the tier's report ids; fixed forever, or every report would get a new id."""
    place_field: str
    """The field that names the place in requests and events (`township_region_code`)."""
    place_name: str
    """The place's kind as a message names it (乡镇, 县（区）)."""
    not_this_level: type[ValidationFailedError]
    """Raised when a report is asked for a place of another level."""
    place_key: str
    """The place's key in the digest document (`township`)."""
    parts_key: str
    """The key of the per-part figures in the digest document (`station_figures`)."""

    def require(self, code: str) -> str:
        """Return the code if it names a place of this tier's level; raise `not_this_level` if not."""
        if level_of(code) is not self.level:
            raise self.not_this_level(field=self.place_field)
        return code

    def report_id(self, code: str, period: ReportPeriod) -> UUID:
        """The id of a place's report for a period: the same every time it is published."""
        return uuid5(self.id_namespace, f"{code}:{period.kind.value}:{period.start.isoformat()}")

    def digest(
        self,
        *,
        code: str,
        period: ReportPeriod,
        figures: Mapping[str, int],
        part_figures: Mapping[str, Mapping[str, int]],
        source_digest: str | None = None,
    ) -> str:
        """SHA-256 of the canonical JSON (sorted keys, UTF-8, no spaces) of the place, period, figures and sources.

        The source digest is in the document only where the tier's event carries it.
        """
        document: dict[str, Any] = {
            self.place_key: code,
            "period": period.as_dict(),
            "figures": dict(figures),
            self.parts_key: {part: dict(values) for part, values in part_figures.items()},
        }
        if source_digest is not None:
            document["source_digest"] = source_digest
        return canonical_digest(document)

    def check_publishable(self, *, report_id: UUID, code: str, period: ReportPeriod, today: date) -> None:
        """Refuse to publish a report for a place of another level, before its period ended, or as another report."""
        self.require(code)
        if today <= period.end:
            raise PeriodNotEndedError(field="period_start")
        if report_id != self.report_id(code, period):
            raise ReportMismatchError(f"报告的{self.place_name}或报告期与原报告不一致", field="period_start")


TOWNSHIP_REPORTS = ReportTier(
    level=RegionLevel.TOWNSHIP,
    id_namespace=UUID("5b7c1e0a-3d2f-5a4b-9c8d-7e6f5a4b3c2d"),
    place_field="township_region_code",
    place_name="乡镇",
    not_this_level=NotATownshipError,
    place_key="township",
    parts_key="station_figures",
)
"""A township's reports (乡镇上报): figures per station, and the digest of their source events."""

COUNTY_REPORTS = ReportTier(
    level=RegionLevel.COUNTY,
    id_namespace=UUID("0c3e9a57-61d4-5b8e-a2f1-4b7d9c3e5a10"),
    place_field="county_region_code",
    place_name="县（区）",
    not_this_level=NotACountyError,
    place_key="county",
    parts_key="township_figures",
)
"""A county's reports to the city (县级上报): figures per township, from the roll-up, which keeps no
source events; its event has no source digest, so neither has its digest."""
