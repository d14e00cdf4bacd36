"""The web UI (驾驶舱 and the staff pages), served by the county service with every asset it needs.

Government intranets (政务外网) have no internet, so nothing is fetched from a CDN: the pages, their
scripts and the chart library (Apache ECharts, vendored under `web/vendor/`) all come from here.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

WEB = Path(__file__).resolve().parents[2] / "web"


def mount_web(app: FastAPI) -> None:
    """Serve the pages under `/ui/`, and send a visitor of `/` there."""

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")

    app.mount("/ui", StaticFiles(directory=WEB, html=True), name="web")
