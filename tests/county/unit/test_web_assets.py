"""The pages run on an intranet with no internet: every asset they load is served by the platform itself."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from services.county.api.routes.web import GENERATED_MODULES

WEB = Path(__file__).resolve().parents[3] / "services" / "county" / "web"
ECHARTS = WEB / "vendor" / "echarts"


def test_the_vendored_echarts_is_the_released_file_named_in_its_readme() -> None:
    readme = (ECHARTS / "README.md").read_text(encoding="utf-8")
    promised = re.search(r"sha256 `([0-9a-f]{64})`", readme)
    assert promised, "vendor/echarts/README.md names no SHA-256"
    digest = hashlib.sha256((ECHARTS / "echarts.min.js").read_bytes()).hexdigest()
    assert digest == promised.group(1)
    assert (ECHARTS / "LICENSE").read_text(encoding="utf-8").startswith("\n                                 Apache License")


def test_no_page_loads_anything_from_outside_the_platform() -> None:
    sources = [WEB / "index.html", *WEB.glob("*.js"), *WEB.glob("pages/*.js"), WEB / "app.css"]
    outside = re.compile(r"""(?:src|href)\s*=\s*["']https?://|@import\s+url\(\s*["']?https?://|import\s.*from\s+["']https?://""")
    offenders = [path.name for path in sources if outside.search(path.read_text(encoding="utf-8"))]
    assert not offenders


def test_every_module_the_pages_import_exists() -> None:
    imports = re.compile(r"""from\s+["'](\.{1,2}/[^"']+)["']""")
    generated = {WEB / name for name in GENERATED_MODULES}
    missing = [
        f"{path.relative_to(WEB)} → {target}"
        for path in [*WEB.glob("*.js"), *WEB.glob("pages/*.js")]
        for target in imports.findall(path.read_text(encoding="utf-8"))
        if not (path.parent / target).resolve().is_file() and (path.parent / target).resolve() not in generated
    ]
    assert not missing
