"""The terminal page's modules: every one it imports is served by the station service, and nothing else is."""

from __future__ import annotations

import re

from services.station.api.routes.web import TERMINAL_MODULES, WEB

IMPORTS = re.compile(r"""from\s+["']\./([^"']+)["']""")


def test_every_module_the_terminal_imports_is_served() -> None:
    seen: set[str] = set()
    waiting = ["terminal.js"]
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        waiting.extend(IMPORTS.findall((WEB / name).read_text(encoding="utf-8")))

    assert seen == set(TERMINAL_MODULES)


def test_every_served_module_is_a_file_of_the_page() -> None:
    assert {path.name for path in WEB.glob("*.js")} == set(TERMINAL_MODULES)


def test_the_page_loads_its_entry_module() -> None:
    html = (WEB / "terminal.html").read_text(encoding="utf-8")

    assert '<script type="module" src="/terminal/assets/terminal.js"></script>' in html
