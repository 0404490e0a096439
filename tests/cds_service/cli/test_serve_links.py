"""`oncomatch serve --port N` without ONCOMATCH_PUBLIC_BASE_URL: card links name port N, the port
actually served (`make run PORT=8090` once linked to 8080)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from fhir_mapping.bundle_request import load_hook_input
from tools.service_process import free_port

BUNDLES = Path(__file__).resolve().parents[3] / "test_bundles"


@pytest.mark.slow
def test_card_links_follow_the_port_served(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONCOMATCH_")}
    env.update({"ONCOMATCH_AUTH": "off", "ONCOMATCH_DATA_DIR": str(tmp_path)})
    command = [sys.executable, "-c", "from cds_service.cli.main import app; app()"]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.2)
        hook = load_hook_input(BUNDLES / "npc_eligible.json")
        answer = requests.post(f"{base}/cds-services/oncomatch-trials", json=hook, timeout=30)
        assert answer.status_code == 200
        links = [link["url"] for card in answer.json()["cards"] for link in card["links"]]
        own = [url for url in links if "clinicaltrials.gov" not in url]
        assert own, json.dumps(answer.json())[:500]
        assert all(url.startswith(f"{base}/") for url in own), own
    finally:
        server.terminate()
        server.wait(timeout=30)
