"""`cds_service.app:app` as the Dockerfile starts it (uvicorn importing the module): a database it
must not use stops it with the same one line `oncomatch serve` prints, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.service_process import free_port

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_uvicorn_on_a_schema_behind_without_auto_migrate_says_one_line(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ONCOMATCH_")},
        "ONCOMATCH_DATA_DIR": str(tmp_path / "data"),
        "ONCOMATCH_AUTH": "off",
        "ONCOMATCH_AUTO_MIGRATE": "false",
    }
    command = [sys.executable, "-m", "uvicorn", "cds_service.app:app", "--port", str(free_port())]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("cannot start: the database schema is not initialised")
    assert line.endswith("run `oncomatch db upgrade`")
