"""Fixtures for the HTTP layer: an app on a temporary data dir, with auth off by default."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cards.models import HookResponse
from cds_service.runtime import PipelineResult
from cds_service.service import create_app
from cds_service.settings import AuthMode, Settings

FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


class RecordingPipeline:
    """A pipeline double that answers with no cards and records what it was handed."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[dict[str, Any]], str]] = []

    def run(
        self, resources: Sequence[dict[str, Any]], *, patient_id: str, hook_instance: str
    ) -> PipelineResult:
        self.calls.append((list(resources), patient_id))
        return PipelineResult(HookResponse())


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    def factory(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"data_dir": tmp_path / "data", "auth": AuthMode.OFF}
        values.update(overrides)
        return Settings(**values)

    return factory


@pytest.fixture
def recording_pipeline() -> RecordingPipeline:
    return RecordingPipeline()


@pytest.fixture
def protocol_client(
    make_settings: Callable[..., Settings], recording_pipeline: RecordingPipeline
) -> Iterator[TestClient]:
    """The protocol layer alone: the matcher is replaced by a recording double."""
    app = create_app(make_settings(), clock=lambda: FIXED_NOW, pipeline=recording_pipeline)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
