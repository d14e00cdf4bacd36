"""The station terminal page (联络站终端), served by the station service itself: no CDN on a government intranet."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

WEB = Path(__file__).resolve().parents[2] / "web"

router = APIRouter(tags=["web"])

TERMINAL_MODULES = (
    "terminal.js",
    "terminal_actions.js",
    "terminal_api.js",
    "terminal_dom.js",
    "terminal_key.js",
    "terminal_labels.js",
    "terminal_opinions.js",
    "terminal_render.js",
    "terminal_store.js",
    "terminal_sync.js",
    "terminal_today.js",
    "terminal_vault.js",
)
"""The page's ES modules: `terminal.js` starts it and imports the others from beside it."""

_ASSETS = {**{name: "text/javascript" for name in TERMINAL_MODULES}, "terminal.css": "text/css"}


@router.get("/terminal", include_in_schema=False)
def terminal_page() -> FileResponse:
    """联络站终端页面。"""
    return FileResponse(WEB / "terminal.html", media_type="text/html; charset=utf-8")


@router.get("/terminal/assets/{name}", include_in_schema=False)
def terminal_asset(name: str) -> FileResponse:
    """终端页面的脚本与样式（由本服务自带）。"""
    from shared.errors import NotFoundError

    if name not in _ASSETS:
        raise NotFoundError(field="name")
    return FileResponse(WEB / name, media_type=_ASSETS[name])
