"""The station terminal page (联络站终端) in a real Chromium: a reception day online, then an opinion offline.

What waits on the device for upload is sealed: no voter's name or phone, and no device key, in clear.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from renda.services import SERVICES
from services.county.domain.deputy import Deputy
from shared.auth import Role
from shared.runtime import ServiceRuntime
from tests.support.deputies import profile
from tests.support.paging import all_items
from tests.support.platform import eventually, running, serving

pytestmark = pytest.mark.integration

MakeRuntime = Callable[[str], ServiceRuntime]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
STATION_REGION = "410327100201"
STATION_NAME = "东门社区人大代表联络站"
PASSWORD = "correct horse 2026"
DEPUTIES = ("王建国", "李秀英")
# (category, content, voter name, voter phone)
OPINIONS = (
    ("道路交通", "东门路口红绿灯时间太短，老人过马路来不及", "张桂兰", "13812345678"),
    ("饮水供电", "三组自来水水压不足，高层住户经常停水", "刘志强", "13987654321"),
    ("农业农村", "村西灌溉渠年久失修，希望列入今年维修计划", "陈玉梅", "0379-6123456"),
)
OFFLINE_OPINION = ("环境卫生", "菜市场旁垃圾清运不及时，夏天气味大", "赵德胜", "15011112222")
UI_TIMEOUT_MS = 30_000


def _township_staff(api: httpx.Client, station: ServiceRuntime) -> dict[str, str]:
    station.accounts.create(
        username="township_cg", password=PASSWORD, role=Role.TOWNSHIP_STAFF, region_code="410327100000"
    )
    login = api.post("/api/v1/auth/login", json={"username": "township_cg", "password": PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _set_up_station(api: httpx.Client, staff: dict[str, str]) -> UUID:
    set_up = api.post(
        "/api/v1/stations",
        headers=staff,
        json={"name": STATION_NAME, "kind": "community_room", "region_code": STATION_REGION},
    )
    assert set_up.status_code == 201, set_up.text
    listed = api.get("/api/v1/stations", headers=staff, params={"wait_for": set_up.json()["event_ids"][0]})
    assert listed.status_code == 200, listed.text
    return UUID(set_up.json()["id"])


def _attach_deputies(county: ServiceRuntime, station_id: UUID) -> None:
    """Elect the deputies in the county and attach them to the station; the county relay publishes the roster."""
    for name in DEPUTIES:
        deputy = Deputy.elect(
            deputy_id=county.commands.new_id(), profile=profile(name=name), ctx=county.commands.context(actor="test")
        )
        deputy.attach_to_station(
            station_id=station_id, station_region_code=STATION_REGION, ctx=county.commands.context(actor="test")
        )
        county.store.save(deputy)


def _roster(api: httpx.Client, staff: dict[str, str], station_id: UUID) -> list[str]:
    response = api.get(f"/api/v1/stations/{station_id}/deputies", headers=staff)
    assert response.status_code == 200, response.text
    return sorted(deputy["name"] for deputy in response.json())


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _record_opinion(page: Page, opinion: tuple[str, str, str, str]) -> None:
    category, content, voter_name, voter_phone = opinion
    page.get_by_test_id("opinion-category").fill(category)
    page.get_by_test_id("opinion-content").fill(content)
    page.get_by_test_id("opinion-place").fill("东门社区")
    page.get_by_test_id("opinion-voter-name").fill(voter_name)
    page.get_by_test_id("opinion-voter-phone").fill(voter_phone)
    page.get_by_test_id("record-opinion").click()


def _enter_device_key(page: Page, device_key: str) -> None:
    key_input = page.get_by_test_id("device-key-input")
    key_input.fill("dk_0123456789abcdef." + "x" * 43)
    page.get_by_test_id("device-key-save").click()
    expect(page.get_by_test_id("key-error")).to_have_text("终端密钥无效")
    key_input.fill(device_key)
    page.get_by_test_id("device-key-save").click()
    expect(page.get_by_test_id("station-name")).to_have_text(STATION_NAME)


def _hold_todays_reception(page: Page) -> None:
    page.get_by_test_id("schedule-reception").click()
    status = page.get_by_test_id("reception-card").get_by_test_id("reception-status")
    expect(status).to_have_text("已安排，待举行")
    page.get_by_test_id("held-voters").fill("23")
    page.get_by_test_id("held-topics").fill("路口交通、饮水安全、灌溉渠维修")
    page.get_by_test_id("held-notes").fill("王建国、李秀英代表接待群众，现场答复一件。")
    page.get_by_test_id("hold-reception").click()
    expect(status).to_have_text("已举行")
    expect(page.get_by_test_id("reception-card").get_by_test_id("reception-voters")).to_have_text("23 人")


def _check_in_everyone(page: Page) -> None:
    rows = page.get_by_test_id("deputy-row")
    expect(rows.get_by_test_id("deputy-name")).to_have_text(sorted(DEPUTIES))
    for name in DEPUTIES:
        row = rows.filter(has_text=name)
        row.get_by_test_id("check-in").click()
        expect(row.get_by_test_id("deputy-status")).to_have_text("已签到")


def _handle_opinions(page: Page) -> None:
    """Record three opinions; solve the first on the spot and refer the other two to the township."""
    page.get_by_test_id("tab-opinions").click()
    expect(page.get_by_test_id("opinion-reception-hint")).to_have_text("本次登记将计入今日接待日。")
    for opinion in OPINIONS:
        _record_opinion(page, opinion)
        expect(page.get_by_test_id("open-opinion").filter(has_text=opinion[1])).to_have_count(1)
    solved = page.get_by_test_id("open-opinion").filter(has_text=OPINIONS[0][1])
    solved.get_by_test_id("solve").click()
    solved.get_by_test_id("resolution").fill("联系交警中队，已将绿灯时间延长至40秒")
    solved.get_by_test_id("solve-confirm").click()
    expect(solved).to_have_count(0)
    for opinion in OPINIONS[1:]:
        referred = page.get_by_test_id("open-opinion").filter(has_text=opinion[1])
        referred.get_by_test_id("refer").click()
        expect(referred).to_have_count(0)
    expect(page.get_by_test_id("open-opinions")).to_have_text("没有待办理的意见。")


def _check_ledger(page: Page) -> None:
    page.get_by_test_id("tab-ledger").click()
    rows = page.get_by_test_id("ledger-opinion")
    expect(rows).to_have_count(3)
    solved = rows.filter(has_text=OPINIONS[0][1])
    expect(solved.get_by_test_id("opinion-status")).to_have_text("当场解决")
    expect(solved).to_contain_text("解决情况：联系交警中队，已将绿灯时间延长至40秒")
    for opinion in OPINIONS[1:]:
        referred = rows.filter(has_text=opinion[1])
        expect(referred.get_by_test_id("opinion-status")).to_have_text("已转交乡镇")
        expect(referred.get_by_test_id("answer-due")).to_contain_text("答复期限：")
        expect(referred.get_by_test_id("overdue")).to_have_count(0)
    reception = page.get_by_test_id("ledger-reception")
    expect(reception).to_have_count(1)
    expect(reception.get_by_test_id("reception-status")).to_have_text("已举行")
    expect(reception.get_by_test_id("reception-voters")).to_have_text("接待群众 23 人")
    expect(reception.get_by_test_id("reception-deputies")).to_have_text("代表：李秀英（签到）、王建国（签到）")


def _record_offline_and_upload(page: Page, context: BrowserContext, *, posts: list[str]) -> None:
    sync = page.get_by_test_id("sync-status")
    expect(sync).to_have_attribute("data-pending", "0")
    context.set_offline(True)
    page.get_by_test_id("tab-opinions").click()
    _record_opinion(page, OFFLINE_OPINION)
    expect(sync).to_have_attribute("data-pending", "1")
    expect(page.get_by_test_id("sync-text")).to_have_text("离线：1 条待上传")
    expect(page.get_by_test_id("unsent-opinion").filter(has_text=OFFLINE_OPINION[1])).to_have_count(1)
    _screenshot(page, "terminal-offline.png")

    posted_while_offline = len(posts)
    context.set_offline(False)
    expect(sync).to_have_attribute("data-pending", "0")
    assert posts[posted_while_offline:][:1] == ["/api/v1/terminal/batch"], "the queue is uploaded as a batch"
    expect(page.get_by_test_id("sync-text")).to_have_text("在线，已全部上传")
    expect(page.get_by_test_id("unsent-opinion")).to_have_count(0)
    expect(page.get_by_test_id("open-opinion").filter(has_text=OFFLINE_OPINION[1])).to_have_count(1)
    page.get_by_test_id("tab-ledger").click()
    uploaded = page.get_by_test_id("ledger-opinion").filter(has_text=OFFLINE_OPINION[1])
    expect(uploaded.get_by_test_id("opinion-status")).to_have_text("待处理")
    expect(page.get_by_test_id("ledger-opinion")).to_have_count(4)


def _server_opinions(api: httpx.Client, device_key: str) -> list[dict[str, Any]]:
    return all_items(api, "/api/v1/terminal/ledger/opinions", headers={"X-Device-Key": device_key})


@dataclass(frozen=True)
class Terminal:
    """The terminal page open in Chromium against a running station service, with its device key issued."""

    page: Page
    context: BrowserContext
    api: httpx.Client
    device_key: str
    posts: list[str]
    page_errors: list[str]


@contextmanager
def _terminal(make_runtime: MakeRuntime, *, with_deputies: bool) -> Iterator[Terminal]:
    county, station = make_runtime("county"), make_runtime("station")
    expect.set_options(timeout=UI_TIMEOUT_MS)

    with (
        running(county, projections=False),
        running(station),
        serving(SERVICES["station"].create_app(station)) as base_url,
        httpx.Client(base_url=base_url, timeout=30) as api,
    ):
        staff = _township_staff(api, station)
        station_id = _set_up_station(api, staff)
        if with_deputies:
            _attach_deputies(county, station_id)
            eventually(lambda: _roster(api, staff, station_id), until=lambda names: names == sorted(DEPUTIES))
        issued = api.post(f"/api/v1/stations/{station_id}/device-keys", headers=staff, json={"label": "东门社区平板"})
        assert issued.status_code == 201, issued.text

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(
                viewport={"width": 900, "height": 1200}, locale="zh-CN", timezone_id="Asia/Shanghai"
            )
            page = context.new_page()
            terminal = Terminal(
                page=page, context=context, api=api, device_key=issued.json()["device_key"], posts=[], page_errors=[]
            )
            page.on("pageerror", lambda error: terminal.page_errors.append(str(error)))
            page.on(
                "request",
                lambda request: terminal.posts.append(urlsplit(request.url).path) if request.method == "POST" else None,
            )
            try:
                page.goto(f"{base_url}/terminal")
                yield terminal
            finally:
                _screenshot(page, "terminal-last.png")
                context.close()
                browser.close()


def _stored(page: Page) -> str:
    """Everything the page keeps in the browser's localStorage, as one string."""
    return str(page.evaluate("JSON.stringify(localStorage)"))


def _stored_queue(page: Page) -> list[Any]:
    raw = page.evaluate("localStorage.getItem('renda.terminal.queue')")
    queue: list[Any] = json.loads(raw) if raw else []
    return queue


def _assert_nothing_personal_in_clear(page: Page, device_key: str) -> None:
    stored = _stored(page)
    _, content, voter_name, voter_phone = OFFLINE_OPINION
    assert voter_name not in stored
    assert voter_phone not in stored
    assert content not in stored
    assert device_key not in stored


def _record_while_unreachable(page: Page) -> None:
    """Record the offline opinion while every request to the terminal API fails (the service is unreachable)."""
    page.route("**/api/v1/terminal/**", lambda route: route.abort())
    page.get_by_test_id("tab-opinions").click()
    _record_opinion(page, OFFLINE_OPINION)
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-pending", "1")
    expect(page.get_by_test_id("unsent-opinion").filter(has_text=OFFLINE_OPINION[1])).to_have_count(1)


def test_a_liaison_holds_a_reception_day_and_an_opinion_recorded_offline_is_uploaded_once(
    make_runtime: MakeRuntime,
) -> None:
    with _terminal(make_runtime, with_deputies=True) as terminal:
        page = terminal.page
        _enter_device_key(page, terminal.device_key)
        _hold_todays_reception(page)
        _check_in_everyone(page)
        _screenshot(page, "terminal-today.png")
        _handle_opinions(page)
        _check_ledger(page)
        _screenshot(page, "terminal-ledger.png")
        _record_offline_and_upload(page, terminal.context, posts=terminal.posts)
        opinions = _server_opinions(terminal.api, terminal.device_key)

    assert terminal.page_errors == []
    assert sorted(row["content"] for row in opinions) == sorted(o[1] for o in (*OPINIONS, OFFLINE_OPINION))
    by_content = {row["content"]: row for row in opinions}
    assert by_content[OPINIONS[0][1]]["status"] == "solved_on_spot"
    assert [by_content[o[1]]["status"] for o in OPINIONS[1:]] == ["referred", "referred"]
    assert by_content[OFFLINE_OPINION[1]]["status"] == "recorded"
    assert by_content[OFFLINE_OPINION[1]]["voter_phone"] == OFFLINE_OPINION[3]
    assert len({row["reception_id"] for row in opinions}) == 1, "every opinion belongs to today's reception"


def test_an_opinion_waiting_offline_keeps_no_voter_name_or_phone_in_clear_on_the_device(
    make_runtime: MakeRuntime,
) -> None:
    with _terminal(make_runtime, with_deputies=False) as terminal:
        page = terminal.page
        _enter_device_key(page, terminal.device_key)
        terminal.context.set_offline(True)
        page.get_by_test_id("tab-opinions").click()
        _record_opinion(page, OFFLINE_OPINION)
        expect(page.get_by_test_id("sync-text")).to_have_text("离线：1 条待上传")
        expect(page.get_by_test_id("unsent-opinion").filter(has_text=OFFLINE_OPINION[1])).to_have_count(1)

        assert len(_stored_queue(page)) == 1
        _assert_nothing_personal_in_clear(page, terminal.device_key)

    assert terminal.page_errors == []


def test_an_uploaded_opinion_leaves_nothing_in_the_queue_on_the_device(make_runtime: MakeRuntime) -> None:
    with _terminal(make_runtime, with_deputies=False) as terminal:
        page = terminal.page
        _enter_device_key(page, terminal.device_key)
        terminal.context.set_offline(True)
        page.get_by_test_id("tab-opinions").click()
        _record_opinion(page, OFFLINE_OPINION)
        expect(page.get_by_test_id("sync-status")).to_have_attribute("data-pending", "1")
        cache_before = page.evaluate("localStorage.getItem('renda.terminal.cache')")

        terminal.context.set_offline(False)
        expect(page.get_by_test_id("sync-text")).to_have_text("在线，已全部上传")
        page.get_by_test_id("tab-ledger").click()
        expect(page.get_by_test_id("ledger-opinion").filter(has_text=OFFLINE_OPINION[1])).to_have_count(1)
        page.wait_for_function("before => localStorage.getItem('renda.terminal.cache') !== before", arg=cache_before)

        assert _stored_queue(page) == []
        _assert_nothing_personal_in_clear(page, terminal.device_key)
        opinions = _server_opinions(terminal.api, terminal.device_key)

    assert terminal.page_errors == []
    assert [(row["content"], row["voter_name"], row["voter_phone"]) for row in opinions] == [OFFLINE_OPINION[1:]]


def test_an_opinion_queued_before_a_reload_uploads_once_the_device_key_is_entered_again(
    make_runtime: MakeRuntime,
) -> None:
    with _terminal(make_runtime, with_deputies=False) as terminal:
        page = terminal.page
        _enter_device_key(page, terminal.device_key)
        _record_while_unreachable(page)

        page.reload()
        expect(page.get_by_test_id("key-setup")).to_be_visible()
        expect(page.get_by_test_id("sync-status")).to_have_attribute("data-pending", "1")
        expect(page.get_by_test_id("open-opinions")).not_to_contain_text(OFFLINE_OPINION[1])
        assert len(_stored_queue(page)) == 1
        _assert_nothing_personal_in_clear(page, terminal.device_key)
        page.get_by_test_id("device-key-input").fill("dk_0123456789abcdef." + "x" * 43)
        page.get_by_test_id("device-key-save").click()
        expect(page.get_by_test_id("key-error")).to_have_text("设备密钥与本机加密保存的记录不符，请核对后重新输入")

        page.unroute("**/api/v1/terminal/**")
        page.get_by_test_id("device-key-input").fill(terminal.device_key)
        page.get_by_test_id("device-key-save").click()
        expect(page.get_by_test_id("station-name")).to_have_text(STATION_NAME)
        expect(page.get_by_test_id("sync-text")).to_have_text("在线，已全部上传")
        page.get_by_test_id("tab-ledger").click()
        expect(page.get_by_test_id("ledger-opinion").filter(has_text=OFFLINE_OPINION[1])).to_have_count(1)
        assert _stored_queue(page) == []
        opinions = _server_opinions(terminal.api, terminal.device_key)

    assert terminal.page_errors == []
    assert [(row["content"], row["voter_name"], row["voter_phone"]) for row in opinions] == [OFFLINE_OPINION[1:]]
