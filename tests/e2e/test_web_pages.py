"""The staff pages in a real Chromium on the demo data: 驾驶舱 drill-down, suggestion tracking, live updates.

Screenshots go to test-artifacts/web/; `make screenshots` writes them to docs/screenshots/ for the README.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from renda.bench.web import measure_dashboard, render_web
from renda.demo.seed import DEMO_PASSWORD
from shared.application import utc_now
from shared.calendar.china_time import china_date
from tests.conftest import Broker
from tests.e2e.demo_platform import COUNTY, DemoPlatform, demo_platform
from tests.e2e.test_terminal_page import CHROMIUM, CHROMIUM_ARGS, UI_TIMEOUT_MS
from tests.support.platform import eventually
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / os.environ.get("RENDA_SCREENSHOT_DIR", "test-artifacts/web")
TOWNSHIP = "410327100000"
VILLAGE = "410327100201"
STATION = "东门社区人大代表联络站"
TOWNSHIP_STATION = "城关镇人大代表联络站"
TOWNSHIP_STATION_REGION = "410327100203"
RENAMED_STATION = "丰李镇人大代表之家"
# The demo suggestions 县交通运输局 leads or helps with, and one it has nothing to do with.
TRANSPORT_BUREAU_CASES = {"2026-003", "2026-004", "2026-006", "2026-010"}
NOT_THE_BUREAUS = "关于建设高标准农田的建议"


@pytest.fixture(scope="module")
def platform(postgres: Postgres, redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoPlatform]:
    broker = Broker(tmp_path_factory.mktemp("web-broker"))
    broker.start()
    try:
        with demo_platform(
            bootstrap=broker.bootstrap, postgres=postgres, redis_url=redis_url, var_dir=tmp_path_factory.mktemp("var")
        ) as running_platform:
            yield running_platform
    finally:
        broker.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN", timezone_id="Asia/Shanghai")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    # A refused request is the service's answer, shown on the page; a failing service or script is a defect.
    opened.on("response", lambda response: errors.append(response.url) if response.status >= 500 else None)
    opened.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    try:
        yield opened
    finally:
        context.close()
    assert errors == [], "the page reported errors"


def sign_in(page: Page, platform: DemoPlatform, username: str) -> None:
    page.goto(f"{platform.county_url}/")
    form = page.get_by_test_id("login")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("密码").fill(DEMO_PASSWORD)
    form.get_by_role("button", name="登录").click()
    expect(form).to_have_count(0)


def screenshot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Charts animate in; the shot is taken once they have settled.
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def children_row(page: Page, text: str) -> None:
    page.get_by_test_id("children").locator("tbody tr", has_text=text).first.click()


def test_county_staff_drill_down_from_the_county_to_a_station_and_a_deputy(platform: DemoPlatform, page: Page) -> None:
    sign_in(page, platform, "county_admin")
    dashboard = page.get_by_test_id("dashboard")
    expect(dashboard).to_have_attribute("data-code", COUNTY)
    expect(page.get_by_test_id("kpi-opinions").locator(".card-value")).to_have_text(
        str(platform.county_figures()["opinions"])
    )
    expect(page.locator("#live")).to_have_attribute("data-state", "live")
    screenshot(page, "dashboard-county.png")

    children_row(page, "城关镇")
    expect(dashboard).to_have_attribute("data-code", TOWNSHIP)
    expect(page.get_by_test_id("crumbs")).to_have_text("宜阳县›城关镇")
    screenshot(page, "dashboard-township.png")
    children_row(page, "东门社区")
    expect(dashboard).to_have_attribute("data-code", VILLAGE)
    children_row(page, STATION)

    sheet = page.get_by_test_id("station-sheet")
    expect(sheet.locator("h1")).to_contain_text(STATION)
    expect(page.get_by_test_id("station-standard")).to_be_visible()
    screenshot(page, "station.png")
    page.get_by_test_id("station-deputies").locator("tbody tr", has_text="王建国").click()
    expect(page.get_by_test_id("deputy-profile")).to_contain_text("王建国")
    screenshot(page, "deputy.png")


def test_county_staff_open_a_registered_suggestion_and_assign_it(platform: DemoPlatform, page: Page) -> None:
    sign_in(page, platform, "county_admin")
    page.get_by_role("link", name="建议督办").click()
    listed = page.get_by_test_id("suggestion-list")
    expect(listed.locator("tbody tr")).not_to_have_count(0)
    screenshot(page, "suggestions.png")
    listed.locator("tbody tr", has_text="2026-009").click()

    status = page.get_by_test_id("suggestion-status")
    expect(status).to_have_attribute("data-status", "registered")
    form = page.get_by_test_id("action-assign")
    form.locator("select[name=lead_unit_id]").select_option(label="县教育局")
    expect(form.locator("input[name=leader]")).not_to_have_value("")
    form.get_by_role("button", name="交办").click()

    expect(status).to_have_attribute("data-status", "assigned")
    expect(page.get_by_test_id("suggestion-due")).to_be_visible()
    expect(page.get_by_test_id("suggestion-timeline")).to_contain_text("县教育局")
    screenshot(page, "suggestion.png")
    stored = platform.county_items("county_admin", "/api/v1/suggestions", status="assigned")
    assert [row["lead_unit_name"] for row in stored if row["number"] == "2026-009"] == ["县教育局"]


def test_a_handling_unit_sees_only_the_suggestions_it_handles(platform: DemoPlatform, page: Page) -> None:
    sign_in(page, platform, "unit_jtj")
    rows = page.get_by_test_id("suggestion-list").locator("tbody tr")
    expect(rows).to_have_count(len(TRANSPORT_BUREAU_CASES))
    numbers = {row.locator("td").nth(1).inner_text() for row in rows.all()}
    assert numbers == TRANSPORT_BUREAU_CASES
    expect(page.locator("#nav")).not_to_contain_text("驾驶舱")

    others = platform.county_items("county_admin", "/api/v1/suggestions")
    elsewhere = next(row["suggestion_id"] for row in others if row["title"] == NOT_THE_BUREAUS)
    page.goto(f"{platform.county_url}/ui/#/suggestions/{elsewhere}")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_test_id("suggestion-status")).to_have_count(0)
    expect(page.get_by_text(NOT_THE_BUREAUS)).to_have_count(0)


def test_the_dashboard_updates_when_an_opinion_is_recorded_at_a_station(platform: DemoPlatform, page: Page) -> None:
    sign_in(page, platform, "county_admin")
    opinions = page.get_by_test_id("kpi-opinions").locator(".card-value")
    before = platform.county_figures()["opinions"]
    expect(opinions).to_have_text(str(before))
    expect(page.locator("#live")).to_have_attribute("data-state", "live")
    page.evaluate("window.__sameDocument = true")

    platform.record_opinion("东门路公交站台没有遮雨棚，雨天候车困难")

    expect(opinions).to_have_text(str(before + 1))
    assert page.evaluate("window.__sameDocument") is True, "the page updated itself, it was not reloaded"


def open_roster(page: Page, platform: DemoPlatform) -> None:
    sign_in(page, platform, "county_admin")
    page.locator("#nav").get_by_role("link", name="代表履职").click()
    expect(page.get_by_test_id("deputy-list")).to_be_visible()
    expect(page.locator("#live")).to_have_attribute("data-state", "live")
    page.evaluate("window.__sameDocument = true")


def roster_row(page: Page, name: str) -> Locator:
    return page.get_by_test_id("deputy-list").locator("tbody tr", has_text=name)


def station_names(node: dict[str, Any]) -> set[str]:
    """The stations' names in a roll-up tree: where the pages take them from."""
    own = {node["name"]} if node["level"] == "station" else set()
    return own.union(*(station_names(child) for child in node["children"]))


def test_the_roster_updates_when_a_deputy_is_attached_to_a_station(platform: DemoPlatform, page: Page) -> None:
    deputies = platform.county_get("county_admin", "/api/v1/deputies")
    wang = next(row for row in deputies if row["name"] == "王建国")
    township_station = next(row for row in deputies if row["name"] == "张国强")["station_ids"][0]
    open_roster(page, platform)
    row = roster_row(page, "王建国")
    expect(row).to_contain_text(STATION)
    expect(row).not_to_contain_text(TOWNSHIP_STATION)

    attached = platform.command(
        "county_admin",
        f"/api/v1/deputies/{wang['deputy_id']}/stations",
        {"station_id": township_station, "station_region_code": TOWNSHIP_STATION_REGION},
    )
    roster = platform.county_get("county_admin", "/api/v1/deputies", wait_for=attached["event_ids"][0])
    assert township_station in next(row for row in roster if row["name"] == "王建国")["station_ids"]

    expect(row).to_contain_text(f"{STATION}、{TOWNSHIP_STATION}")
    assert page.evaluate("window.__sameDocument") is True, "the page updated itself, it was not reloaded"


def test_the_roster_shows_a_renamed_station_under_its_new_name(platform: DemoPlatform, page: Page) -> None:
    deputies = platform.county_get("county_admin", "/api/v1/deputies")
    station_id = next(row for row in deputies if row["name"] == "刘芳")["station_ids"][0]
    open_roster(page, platform)
    row = roster_row(page, "刘芳")
    expect(row).to_contain_text("丰李镇人大代表联络站")

    platform.command(
        "county_admin",
        f"/api/v1/stations/{station_id}/rename",
        {"name": RENAMED_STATION},
        service_url=platform.station_url,
    )
    today = china_date(utc_now())
    eventually(
        lambda: station_names(platform.county_get("county_admin", "/api/v1/rollup", start=today, end=today)),
        until=lambda names: RENAMED_STATION in names,
    )

    expect(row).to_contain_text(RENAMED_STATION)
    assert page.evaluate("window.__sameDocument") is True, "the page updated itself, it was not reloaded"


def test_overdue_suggestions_of_a_township_and_the_units_holding_them(platform: DemoPlatform, page: Page) -> None:
    """Someone new signs in and finds how many suggestions in 城关镇 are overdue, and which units hold them."""
    sign_in(page, platform, "county_admin")
    overdue = platform.county_figures(TOWNSHIP)["suggestions_overdue"]
    assert overdue > 0, "the demo has overdue suggestions in 城关镇"
    link = page.get_by_test_id(f"overdue-{TOWNSHIP}")
    expect(link).to_have_text(str(overdue))
    link.click()

    rows = page.get_by_test_id("suggestion-list").locator("tbody tr")
    expect(rows).to_have_count(overdue)
    expected = platform.county_items("county_admin", "/api/v1/suggestions", region=TOWNSHIP, colour="red")
    assert len(expected) == overdue
    for row in expected:
        waiting = "已退回，待重新交办" if row["status"] == "returned" else "未交办"
        holder = row["lead_unit_name"] or waiting
        expect(rows.filter(has_text=row["title"])).to_contain_text(holder)
    screenshot(page, "suggestions-overdue.png")


def _more_until_the_end(page: Page, testid: str, rows: Locator, *, total: int, page_size: int) -> None:
    """Click "更多" under a list until it has shown every row, a page more each time; then it is gone."""
    more = page.get_by_test_id(testid).get_by_role("button", name="更多")
    expect(rows).to_have_count(page_size)
    for shown in range(2 * page_size, total + page_size, page_size):
        more.click()
        expect(rows).to_have_count(min(shown, total))
    expect(page.get_by_test_id(testid)).to_have_count(0)


def test_the_tracking_list_shows_a_page_and_reads_the_next_ones_with_more(platform: DemoPlatform, page: Page) -> None:
    every = platform.county_items("county_admin", "/api/v1/suggestions")
    assert len(every) > 2 * 5, "the demo's suggestions fill more than two pages of five"
    sign_in(page, platform, "county_admin")

    page.goto(f"{platform.county_url}/ui/#/suggestions?limit=5")
    rows = page.get_by_test_id("suggestion-list").locator("tbody tr")
    expect(page.get_by_test_id("suggestion-summary")).to_contain_text("已显示 5 件")
    _more_until_the_end(page, "suggestion-more", rows, total=len(every), page_size=5)

    titles = [row.locator("td").nth(2).inner_text() for row in rows.all()]
    assert all(shown.startswith(row["title"]) for shown, row in zip(titles, every, strict=True)), "in the list's order"
    expect(page.get_by_test_id("suggestion-summary")).to_contain_text(f"共 {len(every)} 件")


def test_the_appointment_cases_show_a_page_and_read_the_next_ones_with_more(platform: DemoPlatform, page: Page) -> None:
    every = platform.county_items("county_admin", "/api/v1/appointments")
    assert len(every) > 3, "the demo's cases fill more than a page of three"
    sign_in(page, platform, "county_admin")

    page.goto(f"{platform.county_url}/ui/#/appointments?limit=3")
    rows = page.get_by_test_id("appointment-list").locator("tbody tr")
    expect(page.get_by_test_id("stage-all").locator(".card-value")).to_have_text("3+")
    _more_until_the_end(page, "appointment-more", rows, total=len(every), page_size=3)

    assert [row.locator("td").first.inner_text() for row in rows.all()] == [row["appointee_name"] for row in every]
    expect(page.get_by_test_id("stage-all").locator(".card-value")).to_have_text(str(len(every)))


@pytest.mark.parametrize(
    ("username", "menu", "landmark", "name"),
    [
        ("county_admin", "代表履职", "deputy-summary", "deputies.png"),
        ("county_admin", "人事任免", "appointment-stages", "appointments.png"),
        ("township_cg", "驾驶舱", "dashboard", "dashboard-township-staff.png"),
        ("township_cg", "代表履职", "deputy-summary", "deputies-township-staff.png"),
    ],
)
def test_every_page_a_role_is_offered_opens_without_error(
    platform: DemoPlatform, page: Page, username: str, menu: str, landmark: str, name: str
) -> None:
    sign_in(page, platform, username)
    page.locator("#nav").get_by_role("link", name=menu).click()
    expect(page.get_by_test_id(landmark)).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    screenshot(page, name)


def test_the_browser_timing_harness_measures_the_dashboard(platform: DemoPlatform, browser: Browser) -> None:
    """`renda bench-web` on one page load: every figure it reports was measured, the dashboard's APIs among them."""
    figures = {
        figure.name: figure
        for figure in measure_dashboard(
            browser, url=platform.county_url, username="county_admin", password=DEMO_PASSWORD, loads=1
        )
    }

    assert {"first contentful paint", "API /api/v1/rollup", "API /api/v1/rollup/months"} <= figures.keys()
    assert all(figure.samples >= 1 and figure.p50_ms > 0 for figure in figures.values())
    assert "| first contentful paint |" in render_web(list(figures.values()))
