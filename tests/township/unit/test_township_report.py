"""A township's period report: its period bounds, its id, and a digest that changes only with the figures."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from services.township.domain.township_report import (
    NotATownshipError,
    PeriodNotEndedError,
    ReportMismatchError,
    TownshipReport,
    report_id,
)
from shared.events.catalog.reports import PeriodKind, TownshipReportPublished
from shared.figures.period import InvalidReportPeriodError, ReportPeriod, source_digest
from shared.figures.period_report import TOWNSHIP_REPORTS
from tests.support.context import context

TOWNSHIP = "410327100000"
STATION_A = "6f1c1f7e-8a2b-4c3d-9e4f-5a6b7c8d9e01"
STATION_B = "0b7e2d44-3c1a-4f5e-8d2b-9a6c4e1f7d30"
NOVEMBER = ReportPeriod(kind=PeriodKind.MONTH, start=date(2026, 11, 1))
FIGURES = {"stations": 2, "activities_held": 5, "opinions": 14, "overdue": 1}
STATION_FIGURES = {
    STATION_A: {"stations": 1, "activities_held": 3, "opinions": 9, "overdue": 1},
    STATION_B: {"stations": 1, "activities_held": 2, "opinions": 5, "overdue": 0},
}
SOURCES = source_digest([UUID(int=3), UUID(int=1), UUID(int=2)])


def _digest(
    *,
    figures: dict[str, int] = FIGURES,
    station_figures: dict[str, dict[str, int]] = STATION_FIGURES,
    sources: str = SOURCES,
    period: ReportPeriod = NOVEMBER,
) -> str:
    return TOWNSHIP_REPORTS.digest(
        code=TOWNSHIP, period=period, figures=figures, part_figures=station_figures, source_digest=sources
    )


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        (PeriodKind.MONTH, date(2026, 11, 1), date(2026, 11, 30)),
        (PeriodKind.MONTH, date(2026, 12, 1), date(2026, 12, 31)),
        (PeriodKind.MONTH, date(2028, 2, 1), date(2028, 2, 29)),
        (PeriodKind.QUARTER, date(2026, 1, 1), date(2026, 3, 31)),
        (PeriodKind.QUARTER, date(2026, 4, 1), date(2026, 6, 30)),
        (PeriodKind.QUARTER, date(2026, 10, 1), date(2026, 12, 31)),
        (PeriodKind.HALF_YEAR, date(2026, 1, 1), date(2026, 6, 30)),
        (PeriodKind.HALF_YEAR, date(2026, 7, 1), date(2026, 12, 31)),
        (PeriodKind.YEAR, date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_period_ends_on_the_last_day_of_its_month_quarter_half_year_or_year(
    kind: PeriodKind, start: date, end: date
) -> None:
    assert ReportPeriod(kind=kind, start=start).end == end


@pytest.mark.parametrize(
    ("kind", "start"),
    [
        (PeriodKind.MONTH, date(2026, 11, 2)),
        (PeriodKind.QUARTER, date(2026, 2, 1)),
        (PeriodKind.HALF_YEAR, date(2026, 4, 1)),
        (PeriodKind.YEAR, date(2026, 7, 1)),
    ],
)
def test_a_period_that_does_not_start_on_its_first_day_is_refused(kind: PeriodKind, start: date) -> None:
    with pytest.raises(InvalidReportPeriodError):
        ReportPeriod(kind=kind, start=start)


def test_the_digest_is_the_same_for_the_same_report_whatever_the_order_of_its_figures() -> None:
    shuffled = {name: FIGURES[name] for name in reversed(list(FIGURES))}
    stations = {station: STATION_FIGURES[station] for station in reversed(list(STATION_FIGURES))}

    assert _digest() == _digest()
    assert _digest(figures=shuffled, station_figures=stations) == _digest()
    assert len(_digest()) == 64


def test_the_digest_changes_when_a_figure_changes() -> None:
    changed_station = {**STATION_FIGURES, STATION_B: {**STATION_FIGURES[STATION_B], "overdue": 1}}

    assert _digest(figures={**FIGURES, "overdue": 2}) != _digest()
    assert _digest(station_figures=changed_station) != _digest()
    assert _digest(sources=source_digest([UUID(int=1), UUID(int=2)])) != _digest()
    assert _digest(period=ReportPeriod(kind=PeriodKind.QUARTER, start=date(2026, 10, 1))) != _digest()


def test_the_digest_of_a_report_is_the_one_the_receiving_tier_recomputes() -> None:
    # Pinned: the county checks a township's report by recomputing this digest from its own copy.
    assert _digest() == "401fe559b4fb6fc3dabe8dcd331453be28116800d3f28369b063b32c0b05eb2e"


def test_the_source_digest_does_not_depend_on_the_order_the_events_were_applied_in() -> None:
    assert source_digest([UUID(int=1), UUID(int=2), UUID(int=3)]) == SOURCES
    assert source_digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_publishing_again_is_the_next_version_of_the_same_report() -> None:
    report = TownshipReport.for_period(township_region_code=TOWNSHIP, period=NOVEMBER)
    for _ in range(2):
        report.publish(
            township_region_code=TOWNSHIP,
            period=NOVEMBER,
            figures=FIGURES,
            station_figures=STATION_FIGURES,
            source_event_ids=[UUID(int=2), UUID(int=1), UUID(int=3)],
            today=date(2026, 12, 1),
            ctx=context(actor="township_cg"),
        )
    first, second = report.collect_events()

    assert report.id == report_id(township_region_code=TOWNSHIP, period=NOVEMBER)
    assert report.id != report_id(
        township_region_code=TOWNSHIP, period=ReportPeriod(PeriodKind.MONTH, date(2026, 10, 1))
    )
    assert (first.aggregate_version, second.aggregate_version) == (1, 2)
    assert first.payload == second.payload
    assert first.payload == TownshipReportPublished(
        township_region_code=TOWNSHIP,
        period_kind=PeriodKind.MONTH,
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        figures=FIGURES,
        station_figures=STATION_FIGURES,
        source_events=3,
        source_digest=SOURCES,
        digest=_digest(),
    )
    assert first.region_code == TOWNSHIP


def test_a_period_cannot_be_reported_before_it_has_ended() -> None:
    report = TownshipReport.for_period(township_region_code=TOWNSHIP, period=NOVEMBER)
    with pytest.raises(PeriodNotEndedError):
        report.publish(
            township_region_code=TOWNSHIP,
            period=NOVEMBER,
            figures=FIGURES,
            station_figures=STATION_FIGURES,
            source_event_ids=[],
            today=date(2026, 11, 30),
            ctx=context(actor="township_cg"),
        )
    assert report.collect_events() == []


def test_only_a_township_reports_as_a_township() -> None:
    with pytest.raises(NotATownshipError):
        TownshipReport.for_period(township_region_code="410327000000", period=NOVEMBER)


def test_a_report_is_published_again_only_for_its_own_township_and_period() -> None:
    report = TownshipReport.for_period(township_region_code=TOWNSHIP, period=NOVEMBER)
    with pytest.raises(ReportMismatchError) as refused:
        report.publish(
            township_region_code=TOWNSHIP,
            period=ReportPeriod(kind=PeriodKind.MONTH, start=date(2026, 10, 1)),
            figures=FIGURES,
            station_figures=STATION_FIGURES,
            source_event_ids=[],
            today=date(2026, 12, 1),
            ctx=context(actor="township_cg"),
        )
    assert refused.value.message == "报告的乡镇或报告期与原报告不一致"
    assert report.collect_events() == []
