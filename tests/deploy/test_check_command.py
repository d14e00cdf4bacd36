"""`renda check <service>`: the health check of relay and projection-worker containers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from renda.broker import free_port
from renda.cli import app
from tests.conftest import Broker


def _service_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, bootstrap: str) -> None:
    monkeypatch.setenv("RENDA_KAFKA_BOOTSTRAP", bootstrap)
    monkeypatch.setenv("RENDA_STATION_EVENT_STORE_URL", f"sqlite:///{tmp_path}/events.sqlite")
    monkeypatch.setenv("RENDA_STATION_DATABASE_URL", f"sqlite:///{tmp_path}/readmodels.sqlite")


def test_check_passes_when_database_store_and_broker_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broker: Broker
) -> None:
    _service_in(tmp_path, monkeypatch, bootstrap=broker.bootstrap)

    result = CliRunner().invoke(app, ["check", "station"])

    assert result.exit_code == 0, result.output
    assert "station database" in result.output
    assert "station broker: 可连接" in result.output


def test_check_fails_naming_the_broker_when_none_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _service_in(tmp_path, monkeypatch, bootstrap=f"127.0.0.1:{free_port()}")

    result = CliRunner().invoke(app, ["check", "station", "--timeout", "1"])

    assert result.exit_code == 1
    assert "✗ station broker" in result.output
    assert "✓ station database" in result.output
