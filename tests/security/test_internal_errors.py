"""An unexpected failure answers with the platform's error body, and the log line does not quote stored values."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Column, MetaData, String, Table, insert

from shared.api.errors import install_error_handlers
from shared.api.internal_errors import InternalErrors
from shared.auth.dependencies import login_router
from shared.readmodel.database import make_engine
from tests.support.servers import Postgres

pytestmark = pytest.mark.integration

PHONE = "13812345678"


def _failing_app(postgres: Postgres) -> FastAPI:
    engine = make_engine(postgres.create_database())
    metadata = MetaData()
    voters = Table("voters", metadata, Column("phone", String(20), primary_key=True))
    metadata.create_all(engine)
    app = FastAPI()
    app.add_middleware(InternalErrors)

    @app.post("/voters")
    def add() -> None:
        with engine.begin() as connection:
            connection.execute(insert(voters).values(phone=PHONE))

    return app


def test_a_database_failure_is_a_json_500_and_its_log_keeps_the_row_values_out(
    postgres: Postgres, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(_failing_app(postgres))
    assert client.post("/voters").status_code == 200
    with caplog.at_level(logging.ERROR, logger="renda.api"):
        failed = client.post("/voters")

    assert failed.status_code == 500
    assert failed.json()["error"]["code"] == "INTERNAL_ERROR"
    assert "服务器内部错误" in failed.json()["error"]["message"]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "IntegrityError" in logged and "POST /voters" in logged
    assert PHONE not in logged


def test_a_username_with_a_newline_is_refused_before_it_can_forge_an_audit_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(login_router())
    forged = "nobody\n2026-12-07 INFO renda.audit login succeeded: username=county_admin"
    with caplog.at_level(logging.INFO):
        answer = TestClient(app).post("/api/v1/auth/login", json={"username": forged, "password": "x"})
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "username"
    assert not any("login succeeded" in record.getMessage() for record in caplog.records)
