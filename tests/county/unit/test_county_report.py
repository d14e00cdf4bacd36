"""The county's period report: one per county and period, published only once the period is over."""

from __future__ import annotations

from datetime import date

import pytest

from services.county.domain.county_report import (
    CountyReport,
    NotACountyError,
    PeriodNotEndedError,
    ReportMismatchError,
    county_report_digest,
    county_report_id,
)
from shared.events.catalog.reports import CountyReportPublished, PeriodKind
from shared.figures.period import ReportPeriod
from tests.support.context import context

COUNTY = "410327000000"
YEAR_2025 = ReportPeriod(kind=PeriodKind.YEAR, start=date(2025, 1, 1))
FIGURES = {"opinions": 12, "suggestions_received": 12}
TOWNSHIPS = {
    "410327100000": {"opinions": 12, "suggestions_received": 9},
    COUNTY: {"opinions": 0, "suggestions_received": 3},
}


def _publish(
    report: CountyReport, *, today: date, figures: dict[str, int] = FIGURES, period: ReportPeriod = YEAR_2025
) -> None:
    report.publish(
        county_region_code=COUNTY,
        period=period,
        figures=figures,
        township_figures=TOWNSHIPS,
        today=today,
        ctx=context(),
    )


def test_a_county_report_is_published_after_its_period_with_the_digest_of_its_figures() -> None:
    report = CountyReport.for_period(county_region_code=COUNTY, period=YEAR_2025)
    _publish(report, today=date(2026, 1, 5))

    [event] = report.pending_events()
    assert isinstance(event.payload, CountyReportPublished)
    assert event.region_code == COUNTY
    assert event.payload.digest == county_report_digest(
        county_region_code=COUNTY, period=YEAR_2025, figures=FIGURES, township_figures=TOWNSHIPS
    )
    assert report.id == county_report_id(county_region_code=COUNTY, period=YEAR_2025)


def test_the_digest_changes_with_any_figure_and_not_with_the_order_of_townships() -> None:
    digest = county_report_digest(
        county_region_code=COUNTY, period=YEAR_2025, figures=FIGURES, township_figures=TOWNSHIPS
    )
    reordered = dict(reversed(list(TOWNSHIPS.items())))
    changed = {**FIGURES, "opinions": 13}

    assert digest == county_report_digest(
        county_region_code=COUNTY, period=YEAR_2025, figures=FIGURES, township_figures=reordered
    )
    assert digest != county_report_digest(
        county_region_code=COUNTY, period=YEAR_2025, figures=changed, township_figures=TOWNSHIPS
    )


def test_the_digest_of_a_report_is_the_one_the_city_recomputes() -> None:
    # Pinned: the city checks a county's report by recomputing this digest from its figures.
    assert (
        county_report_digest(county_region_code=COUNTY, period=YEAR_2025, figures=FIGURES, township_figures=TOWNSHIPS)
        == "ac0891304ae75e0b2be5094550bf4602133523f09b63263f4fb7082edfb22d4f"
    )


def test_a_report_for_a_period_not_yet_over_or_for_a_township_is_refused() -> None:
    report = CountyReport.for_period(county_region_code=COUNTY, period=YEAR_2025)

    with pytest.raises(PeriodNotEndedError):
        _publish(report, today=date(2025, 12, 31))
    with pytest.raises(NotACountyError):
        CountyReport.for_period(county_region_code="410327100000", period=YEAR_2025)
    assert report.pending_events() == []


def test_a_report_is_published_again_only_for_its_own_county_and_period() -> None:
    report = CountyReport.for_period(county_region_code=COUNTY, period=YEAR_2025)

    with pytest.raises(ReportMismatchError) as refused:
        _publish(report, today=date(2026, 1, 5), period=ReportPeriod(kind=PeriodKind.YEAR, start=date(2024, 1, 1)))
    assert refused.value.message == "报告的县（区）或报告期与原报告不一致"
    assert report.pending_events() == []
