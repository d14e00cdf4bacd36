"""The dashboard as its users meet it: first paint and API times measured in Chromium on a running platform.

`renda bench-web` signs in as a demo account once and opens the 驾驶舱 again and again, each time in a
fresh browser context that keeps only the session (nothing cached), then once more by reloading (assets
cached). The browser's own
Performance API gives the figures: first contentful paint, the moment the figures are on screen, and
each API request's response time as the browser saw it. The baseline, measured in the same run, is the
service's `/healthz` fetched from the same page: what any request to this service costs.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from rich.console import Console

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage"]

_TIMINGS = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const api = performance.getEntriesByType('resource')
    .filter((entry) => entry.name.includes('/api/'))
    .map((entry) => ({ url: entry.name, ms: entry.responseEnd - entry.requestStart }));
  return { fcp: paint ? paint.startTime : null, api };
}"""

_HEALTH = """async (url) => {
  const start = performance.now();
  await (await fetch(url, { cache: 'no-store' })).text();
  return performance.now() - start;
}"""


@dataclass(frozen=True)
class WebFigure:
    name: str
    p50_ms: float
    p95_ms: float
    samples: int


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _figure(name: str, values: Iterable[float]) -> WebFigure:
    samples = list(values)
    return WebFigure(name, statistics.median(samples), _percentile(samples, 0.95), len(samples))


def _route(url: str) -> str:
    return urlsplit(url).path


def dashboard_timings(*, url: str, username: str, password: str, loads: int) -> list[WebFigure]:
    """Open the dashboard `loads` times cold and once per load warm; the figures as the browser measured them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return measure_dashboard(browser, url=url, username=username, password=password, loads=loads)
        finally:
            browser.close()


def measure_dashboard(browser: Browser, *, url: str, username: str, password: str, loads: int) -> list[WebFigure]:
    """`dashboard_timings` in a browser already running."""
    first_paint: list[float] = []
    ready: list[float] = []
    warm_ready: list[float] = []
    health: list[float] = []
    api: dict[str, list[float]] = defaultdict(list)
    signing_in = browser.new_context()
    page = signing_in.new_page()
    page.goto(f"{url}/ui/")
    form = page.get_by_test_id("login")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("密码").fill(password)
    form.get_by_role("button", name="登录").click()
    page.get_by_test_id("kpi-opinions").wait_for()
    session = signing_in.storage_state()
    signing_in.close()
    for _ in range(loads):
        # A new context: the signed-in session is kept, the browser's cache is empty.
        context = browser.new_context(storage_state=session, viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{url}/ui/")
        page.get_by_test_id("children").wait_for()
        ready.append(page.evaluate("performance.now()"))
        timings = page.evaluate(_TIMINGS)
        if timings["fcp"] is not None:
            first_paint.append(timings["fcp"])
        for request in timings["api"]:
            api[_route(request["url"])].append(request["ms"])
        health.append(page.evaluate(_HEALTH, f"{url}/healthz"))
        page.reload()
        page.get_by_test_id("children").wait_for()
        warm_ready.append(page.evaluate("performance.now()"))
        context.close()
    figures = [
        _figure("first contentful paint", first_paint),
        _figure("dashboard figures on screen (page load)", ready),
        _figure("dashboard figures on screen (reload, assets cached)", warm_ready),
    ]
    figures += [_figure(f"API {route}", values) for route, values in sorted(api.items())]
    figures.append(_figure("baseline: GET /healthz from the page", health))
    return figures


def render_web(figures: list[WebFigure]) -> str:
    lines = ["| measured in the browser | p50 | p95 | samples |", "|---|---|---|---|"]
    lines += [f"| {f.name} | {f.p50_ms:.0f} ms | {f.p95_ms:.0f} ms | {f.samples} |" for f in figures]
    return "\n".join(lines)


def print_dashboard_timings(console: Console, *, url: str, username: str, loads: int) -> None:
    """`renda bench-web`: measure the dashboard of the platform at `url` as a demo account, and print the table."""
    from renda.demo.seed import DEMO_PASSWORD

    figures = dashboard_timings(url=url, username=username, password=DEMO_PASSWORD, loads=loads)
    console.print(render_web(figures), soft_wrap=True)
