"""The event contract stands alone: importing it loads nothing else of the platform."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = ("shared", "services", "renda")


def test_the_contract_imports_nothing_else_of_the_platform() -> None:
    program = (
        "import json, sys\nimport shared.events, shared.events.schema_export\nprint(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = json.loads(
        subprocess.run([sys.executable, "-c", program], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    )

    others = [
        name
        for name in loaded
        if name.split(".")[0] in PLATFORM and name != "shared" and not name.startswith("shared.events")
    ]
    assert others == []
