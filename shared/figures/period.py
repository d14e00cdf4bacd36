"""Report periods (月报, 季报, 半年报, 年报) and the digests that let a receiving tier check a report."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from shared.errors import ValidationFailedError
from shared.events.catalog.reports import PeriodKind

_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF_YEAR: 6, PeriodKind.YEAR: 12}


class InvalidReportPeriodError(ValidationFailedError):
    """Raised when a report period does not begin on the first day of a month, quarter, half-year or year."""

    code = "INVALID_REPORT_PERIOD"
    message = "报告期起始日无效：月报从每月1日、季报从1/4/7/10月1日、半年报从1/7月1日、年报从1月1日开始"


@dataclass(frozen=True)
class ReportPeriod:
    """月报, 季报, 半年报 or 年报: its kind and first day; the last day follows."""

    kind: PeriodKind
    start: date

    def __post_init__(self) -> None:
        months = _MONTHS[self.kind]
        if self.start.day != 1 or (self.start.month - 1) % months != 0:
            raise InvalidReportPeriodError(field="period_start")

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        index = self.start.month - 1 + _MONTHS[self.kind]
        following = date(self.start.year + index // 12, index % 12 + 1, 1)
        return following - timedelta(days=1)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "start": self.start.isoformat(), "end": self.end.isoformat()}


def source_digest(event_ids: Iterable[UUID]) -> str:
    """SHA-256 over the source events' ids, as lower-case strings, sorted, one per line."""
    return hashlib.sha256("\n".join(sorted(str(event_id) for event_id in event_ids)).encode("ascii")).hexdigest()


def canonical_digest(document: Mapping[str, Any]) -> str:
    """SHA-256 of a report's canonical JSON: sorted keys, UTF-8, no spaces."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
