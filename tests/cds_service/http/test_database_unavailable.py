"""A database that cannot serve a request in time (SQLite's one writer held by another process
past busy_timeout, PostgreSQL gone) is a 503 with Retry-After and a message saying so: not a
500 "internal error", and never the statement or its parameters in the log."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from cds_service.http.error_handlers import install_error_handlers

PATIENT = "patient-4711-secret"


def test_a_database_locked_past_its_wait_is_a_503_that_names_no_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "service.sqlite3"
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE issued (patient TEXT)"))
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/cds-services/store")
    def store() -> dict[str, str]:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO issued VALUES (:p)"), {"p": PATIENT})
        return {"stored": "yes"}

    caplog.set_level(logging.DEBUG)
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # as a long copy into the database would
        response = TestClient(app, raise_server_exceptions=False).post("/cds-services/store")
        other.execute("ROLLBACK")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["code"] == "transient"
    assert "database" in body["issue"][0]["diagnostics"]
    assert PATIENT not in response.text
    assert PATIENT not in caplog.text
    assert "INSERT" not in caplog.text
    assert "OperationalError" in caplog.text
    engine.dispose()
