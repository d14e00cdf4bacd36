"""On the demo data every read model rebuilt by replay equals the live one, and every figure reconciles.

Rebuilt from the broker's topics and from the stores directly, beside the live models, the canonical
dumps hash the same; the roll-up's parents are the sums of their children, the county's view of each
township and station equals the township's and the station's own, and a township's published report
re-derives at the county to the same figures and digests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.engine import make_url

from renda.demo.seed import DEMO_PASSWORD, seed
from renda.reconcile import reconcile
from renda.replay import compare
from renda.report import county_report
from renda.services import SERVICES
from services.county.application.county_reports import CountyReportDraft
from services.county.projections.duty_queries import reports_to_voters
from shared.events.catalog.reports import PeriodKind
from shared.eventstore.store import EventStore
from shared.figures.period import ReportPeriod
from shared.messaging.projection_progress import read_states
from shared.runtime import ServiceRuntime
from tests.support.platform import eventually, running
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]
SERVICE_NAMES = ("county", "township", "station")
COUNTY = "410327000000"


def _settled(runtimes: Mapping[str, ServiceRuntime]) -> None:
    """Wait until no projection of any service has anything left to apply, twice in a row."""

    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            f"{name}:{projection}": (state["events_applied"], state["lag"])
            for name, runtime in runtimes.items()
            for projection, state in read_states(runtime.engine).items()
        }

    previous: list[dict[str, tuple[int, int]]] = [{}]

    def still(current: dict[str, tuple[int, int]]) -> bool:
        done = current == previous[0] and all(lag == 0 for _, lag in current.values())
        previous[0] = current
        return done

    eventually(snapshot, until=still, timeout=120)


def _staff(api: TestClient, username: str) -> dict[str, str]:
    token = api.post("/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def test_the_demo_rebuilds_to_the_same_read_models_and_reconciles(
    make_runtime: MakeRuntime, postgres: Postgres
) -> None:
    runtimes = {name: make_runtime(name) for name in SERVICE_NAMES}
    township_api = TestClient(SERVICES["township"].create_app(runtimes["township"]))
    with running(runtimes["county"]), running(runtimes["township"]), running(runtimes["station"]):
        seed(runtimes)
        published = township_api.post(
            "/api/v1/reports",
            headers=_staff(township_api, "township_cg"),
            json={"period_kind": "year", "period_start": "2025-01-01"},
        )
        assert published.status_code == 201, published.text
        _settled(runtimes)
        stores = [runtime.store for runtime in runtimes.values()]
        for runtime in runtimes.values():
            postgres.created.append(f"{make_url(runtime.settings.database_url).database}_replay")
        rebuilt = {
            (name, source): compare(runtime, source=source, stores=stores)
            for name, runtime in runtimes.items()
            for source in ("broker", "stores")
        }
        checks = reconcile(
            runtimes,
            scope=runtimes["county"].settings.platform.scope_region_code,
            start=date(2025, 1, 1),
            end=date(2025, 12, 31),
            today=date(2026, 1, 1),
        )
        year_end = _year_end_reports(runtimes, stores)

    for (name, source), results in rebuilt.items():
        models = {result.projection for result in results}
        assert models, f"{name} has read models"
        for result in results:
            assert result.applied > 0 or result.rows == 0, (name, source, result.projection)
            assert result.differences == (), (name, source, result.projection, [str(d) for d in result.differences])
            assert result.equal, (name, source, result.projection)
    assert {"county.station_work", "county.received_reports", "county.regions"} <= {
        result.projection for result in rebuilt["county", "broker"]
    }
    by_kind = {check.kind: check for check in checks}
    assert set(by_kind) == {"hierarchy", "township", "station", "report"}
    for check in checks:
        assert check.compared > 0, check.kind
        assert check.differences == [], (check.kind, check.differences[:10])
    before, again, live = year_end
    assert again.digest == before.digest and again.figures == before.figures
    assert live.figures["deputies_reported_to_voters"] == before.figures["deputies_reported_to_voters"] + 1
    assert live.digest != before.digest


def _year_end_reports(
    runtimes: Mapping[str, ServiceRuntime], stores: list[EventStore]
) -> tuple[CountyReportDraft, CountyReportDraft, CountyReportDraft]:
    """The 2025 report as of now; again after a 2025 report to voters is recorded late; and live after it."""
    county = runtimes["county"]
    period = ReportPeriod(kind=PeriodKind.YEAR, start=date(2025, 1, 1))
    cut_off = datetime.now(UTC)
    before = county_report(county, county=COUNTY, period=period, as_of=cut_off, stores=stores)
    [late] = [
        row["deputy_id"]
        for row in reports_to_voters(county.engine, within="410327", year=2025, first_year=2025, last_year=2025)[
            "deputies"
        ]
        if not row["reported_this_year"]
    ][:1]
    api = TestClient(SERVICES["county"].create_app(county))
    recorded = api.post(
        "/api/v1/duty/activities",
        headers=_staff(api, "county_admin"),
        json={
            "kind": "report_to_voters",
            "title": "向原选区选民述职（补录）",
            "held_on": "2025-12-20",
            "organiser": "城关镇人大主席团",
            "attended": [str(late)],
        },
    )
    assert recorded.status_code == 201, recorded.text
    _settled(runtimes)
    again = county_report(county, county=COUNTY, period=period, as_of=cut_off, stores=stores)
    live = county_report(county, county=COUNTY, period=period)
    document = api.get(
        "/api/v1/reports/document.docx",
        headers=_staff(api, "county_admin"),
        params={"period_kind": "year", "period_start": "2025-01-01"},
    )
    sections = [paragraph.text for paragraph in Document(BytesIO(document.content)).paragraphs]
    assert ["一、基本情况", "二、主要工作", "三、存在问题", "四、下步打算"] == [
        text for text in sections if text[:2] in ("一、", "二、", "三、", "四、")
    ]
    workbook = load_workbook(
        BytesIO(
            api.get(
                "/api/v1/reports/tables.xlsx",
                headers=_staff(api, "county_admin"),
                params={"period_kind": "year", "period_start": "2025-01-01"},
            ).content
        )
    )
    totals = {row[0].value: row[-1].value for row in workbook["汇总"].iter_rows(min_row=2)}
    assert totals["向选民述职（人）"] == live.figures["deputies_reported_to_voters"]
    return before, again, live
