"""Shared pieces of the property-based suites: the app under test and the invariants.

The app is the real one (`create_app`, real pipeline and catalog, SQLite on a temp dir) with
auth off, so generated requests reach the code behind authentication (web pages included).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from cds_service.service import create_app
from cds_service.settings import AuthMode, Settings
from tests.cds_service.conftest import FIXED_NOW

SERVICE_ID = "oncomatch-trials"
SEED_TRIAL = "NCT07188584"
SHM = Path("/dev/shm")
BUNDLES = Path(__file__).resolve().parents[3] / "test_bundles"


@contextmanager
def scratch_dir(fallback: Path) -> Iterator[Path]:
    """A data dir on tmpfs when there is one: each accepted feedback is an SQLite commit, and
    thousands of fsyncs on a slow disk would dominate a suite that is about input handling."""
    if SHM.is_dir() and os.access(SHM, os.W_OK):
        with tempfile.TemporaryDirectory(dir=SHM, prefix="oncomatch-fuzz-") as scratch:
            yield Path(scratch)
    else:
        yield fallback


def fuzz_app(data_dir: Path) -> FastAPI:
    return create_app(Settings(data_dir=data_dir, auth=AuthMode.OFF), clock=lambda: FIXED_NOW)


def route_templates(document: dict[str, Any]) -> dict[str, set[str]]:
    """path template -> methods, from an OpenAPI document."""
    return {path: {method.upper() for method in item} for path, item in document["paths"].items()}


def assert_answer_is_sound(method: str, path: str, status: int, body: bytes, headers: Any) -> None:
    """No 5xx; every 4xx says what is wrong (a 401 is bare by design; HEAD has no body)."""
    where = f"{method} {path[:200]} -> {status}"
    assert status < 500, f"{where}: {body[:500]!r}"
    if 400 <= status < 500 and status != 401 and method != "HEAD":
        assert body.strip(), f"{where}: a 4xx without a body"
        content_type = headers.get("content-type", "")
        assert content_type, f"{where}: a 4xx body without a Content-Type"
        if path.startswith("/cds-services") and "json" in content_type:
            import orjson

            parsed = orjson.loads(body)
            assert parsed.get("resourceType") == "OperationOutcome", where
            assert parsed.get("issue"), where
