"""What the platform image ships: the operational commands and the demo data, not the benchmarks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from renda.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOCKERIGNORE = ROOT / "deploy" / "Dockerfile.dockerignore"


def _pattern(line: str) -> re.Pattern[str]:
    """A .dockerignore pattern as a regular expression over a path relative to the context."""
    parts = re.split(r"(\*\*|\*|\?)", line.strip("/"))
    wildcards = {"**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wildcards.get(part, re.escape(part)) for part in parts) + r"\Z")


def _in_context(path: str) -> bool:
    """Whether BuildKit sends `path` with the context: the last pattern matching it or a parent decides."""
    rules = [
        (line.startswith("!"), _pattern(line.removeprefix("!")))
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parents = ["/".join(path.split("/")[: depth + 1]) for depth in range(path.count("/") + 1)]
    included = True
    for keep, pattern in rules:
        if any(pattern.match(candidate) for candidate in parents):
            included = keep
    return included


def test_the_image_ships_the_commands_and_the_demo_data_but_no_benchmark() -> None:
    shipped = [path.relative_to(ROOT).as_posix() for path in (ROOT / "renda").rglob("*.py")]
    benchmarks = [path for path in shipped if path.startswith("renda/bench/")]

    assert benchmarks and not any(_in_context(path) for path in benchmarks)
    assert all(_in_context(path) for path in shipped if path not in benchmarks)
    assert _in_context("renda/cli.py") and _in_context("renda/demo/seed.py")
    assert _in_context("services/county/bootstrap.py") and not _in_context("tests/conftest.py")


@pytest.mark.parametrize("command", ["bench", "bench-web"])
def test_a_benchmark_command_without_the_benchmarks_says_so_and_exits_1(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "renda.bench", None)  # as in the image: the package is not there

    result = CliRunner().invoke(app, [command])

    assert result.exit_code == 1
    assert "renda/bench" in result.output and "make bench" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_command_line_starts_without_loading_services_demo_data_or_benchmarks() -> None:
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from renda.cli import app\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith(('renda.bench', 'renda.demo', 'services'))))\n"
    )

    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)

    assert loaded.stdout.strip() == "[]"
