"""The service as the Dockerfile starts it (`uvicorn cds_service.app:app` in a fresh process,
ONCOMATCH_AUTH=jwt, a new data dir) must accept a valid client JWT.

A regression test: `build_runtime` once called `create_schema` before anything had imported
`cds_service.auth.replay`, so the `jwt_replay` table was never created and, the replay check
failing closed, every call was a 401. In-process tests could not see it, because their modules
import `cds_service.hooks.client_auth` before `create_app` runs (as `oncomatch serve` does
through its start-up check); only a fresh process shows it."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import jwt
import pytest
import requests

from tests.cds_service.auth.auth_testkit import jwks_of, make_key
from tools.service_process import running_service

ISSUER = "https://ehr.example.org/"
BASE = "https://oncomatch.example.org"


@pytest.mark.slow
def test_a_fresh_service_process_accepts_a_valid_client_jwt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = make_key("ES384")
    issuers = tmp_path / "issuers.json"
    issuers.write_text(json.dumps({"issuers": [{"iss": ISSUER, "jwks": jwks_of(key)}]}))
    environment = {
        "ONCOMATCH_TRUSTED_ISSUERS": str(issuers),
        "ONCOMATCH_PUBLIC_BASE_URL": BASE,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with running_service(tmp_path / "data", auth="jwt") as server:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": "ehr-client",
            "aud": BASE + "/cds-services",
            "iat": now,
            "exp": now + 300,
            "jti": str(uuid.uuid4()),
        }
        token = jwt.encode(
            claims, key.private, algorithm=key.alg, headers={"kid": key.kid, "typ": "JWT"}
        )
        response = requests.get(
            server.base_url + "/cds-services",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        log = server.log_tail()
    assert response.status_code == 200, log
