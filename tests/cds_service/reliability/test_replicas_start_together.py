"""Two replicas started at the same moment on one empty database both come up and answer.

The bug this guards: startup ran `create_all` unguarded, and on PostgreSQL the second replica
died with `UniqueViolation ... pg_type_typname_nsp_index` (both created the same table). Now
the schema is upgraded under the migration lock: one replica upgrades, the other waits and finds
it current. Real processes, as the Dockerfile starts them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from cds_service.storage.db import make_engine
from cds_service.storage.migrations import head_revision
from cds_service.storage.schema import database_revision
from fhir_mapping import bundle_to_hook_request
from tools.service_process import running_services

BUNDLE = Path(__file__).resolve().parents[3] / "test_bundles" / "npc_eligible.json"
URL = "/cds-services/oncomatch-trials"


@pytest.mark.slow
def test_two_replicas_on_an_empty_database_both_come_up(tmp_path: Path, database_url: str) -> None:
    hook = bundle_to_hook_request(json.loads(BUNDLE.read_text()), hook_instance="replicas-1")
    data_dirs = [tmp_path / "replica-a", tmp_path / "replica-b"]
    with running_services(data_dirs, database_url=database_url) as replicas:
        answers = [requests.post(r.base_url + URL, json=hook, timeout=30) for r in replicas]
        logs = "\n".join(r.log_tail() for r in replicas)
    for answer in answers:
        assert answer.status_code == 200, logs
        assert answer.json()["cards"], logs
    engine = make_engine(database_url)
    try:
        assert database_revision(engine) == head_revision()
    finally:
        engine.dispose()
