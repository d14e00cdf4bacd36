"""The web UI (驾驶舱 and the staff pages), served by the county service with every asset it needs.

Government intranets (政务外网) have no internet, so nothing is fetched from a CDN: the pages, their
scripts and the chart library (Apache ECharts, vendored under `web/vendor/`) all come from here.
`/ui/contract.js` is written on request from the Python constants (`services/county/api/web_contract.py`):
the projection names, topics and labels the pages share with the service.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from services.county.api.web_contract import contract_module
from shared.api.runtime_dep import RuntimeDep

WEB = Path(__file__).resolve().parents[2] / "web"
GENERATED_MODULES = ("contract.js",)
"""The modules under `/ui/` that are written on request, not read from `web/`."""


def mount_web(app: FastAPI) -> None:
    """Serve the pages under `/ui/`, and send a visitor of `/` there."""

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")

    @app.get("/ui/contract.js", include_in_schema=False)
    def contract(runtime: RuntimeDep) -> Response:
        """页面与服务共用的投影名称、主题与状态标签（由 Python 常量生成）。"""
        return Response(
            contract_module(projections=runtime.projections, service=runtime.name),
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "no-cache"},
        )

    app.mount("/ui", StaticFiles(directory=WEB, html=True), name="web")
