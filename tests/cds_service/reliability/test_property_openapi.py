"""Schemathesis against the app's own OpenAPI: every operation, valid and invalid requests.

Positive cases follow the declared schemas (the hook and feedback bodies); negative cases break
them (wrong types, missing fields, non-JSON bytes). Path parameters are drawn both freely and
pinned to values that exist (the service id, a catalog trial), so generated bodies reach the
code behind the 404. Invariants: no 5xx; every 4xx has a body (OperationOutcome under
/cds-services). Derandomized: the same requests on every run.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.cds_service.reliability.reliability_support import (
    SEED_TRIAL,
    SERVICE_ID,
    assert_answer_is_sound,
    fuzz_app,
    scratch_dir,
)

# Examples per (operation, mode, path-parameter choice). Feedback bodies are the costliest to
# generate and store (up to 1000 reports each), so the feedback route gets fewer.
EXAMPLES = 100
EXAMPLES_FEEDBACK = 50
PINNED = {"service_id": SERVICE_ID, "nct_id": SEED_TRIAL}
CORE = {
    ("GET", "/cds-services"),
    ("POST", "/cds-services/{service_id}"),
    ("POST", "/cds-services/{service_id}/feedback"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
}


def _send(client: TestClient, case: Any) -> tuple[str, str, int, bytes, Any]:
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    payload = kwargs.get("data")
    response = client.request(
        kwargs["method"],
        kwargs["url"],
        headers=kwargs.get("headers"),
        params=kwargs.get("params"),
        cookies=kwargs.get("cookies") or None,
        json=kwargs.get("json"),
        content=payload if isinstance(payload, bytes | str) else None,
        data=payload if isinstance(payload, dict) else None,
    )
    path = response.request.url.path
    return kwargs["method"], path, response.status_code, response.content, response.headers


def _fuzz(
    client: TestClient,
    operation: Any,
    mode: GenerationMode,
    pinned: dict[str, str] | None,
    examples: int,
    sent: Counter[str],
) -> None:
    label = f"{operation.method.upper()} {operation.path}"

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode, path_parameters=pinned))
    def check(case: Any) -> None:
        assert_answer_is_sound(*_send(client, case))
        sent[label] += 1

    check()


@pytest.mark.slow
def test_schemathesis_finds_no_5xx_and_no_bare_4xx(tmp_path: Path) -> None:
    with scratch_dir(tmp_path) as data_dir:
        _fuzz_every_operation(data_dir)


def _fuzz_every_operation(data_dir: Path) -> None:
    app = fuzz_app(data_dir)
    schema = schemathesis.openapi.from_dict(app.openapi())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {(op.method.upper(), op.path) for op in operations} >= CORE

    sent: Counter[str] = Counter()
    with TestClient(app, raise_server_exceptions=False) as client:
        for operation in operations:
            names = {p.name for p in operation.path_parameters}
            choices: list[dict[str, str] | None] = [None]
            if names & PINNED.keys():
                choices.append({name: PINNED[name] for name in names if name in PINNED})
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for pinned in choices:
                    examples = EXAMPLES
                    if operation.path.endswith("/feedback"):
                        examples = EXAMPLES_FEEDBACK

                    try:
                        _fuzz(client, operation, mode, pinned, examples, sent)
                    except Unsatisfiable:
                        # Nothing to negate (no parameters, no body): positive cases cover it.
                        assert mode is GenerationMode.NEGATIVE

    print(f"schemathesis requests: {sum(sent.values())} {dict(sent)}")
    for operation in operations:
        label = f"{operation.method.upper()} {operation.path}"
        assert sent[label] >= 1, label
    with_input = [op for op in operations if op.path_parameters or op.method.upper() == "POST"]
    for operation in with_input:
        label = f"{operation.method.upper()} {operation.path}"
        assert sent[label] >= 100, f"{label}: only {sent[label]} generated requests"
    assert sum(sent.values()) >= 1000
