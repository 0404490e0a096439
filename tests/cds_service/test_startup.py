"""Starting the ASGI app directly (uvicorn, as the Docker image does) with an unusable setting
gives the same one-line reason as `oncomatch serve`, and exit status 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# A fresh interpreter per case.
pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ({"ONCOMATCH_AUTH": "off", "ONCOMATCH_MAX_CARDS": "many"}, "ONCOMATCH_MAX_CARDS:"),
        ({"ONCOMATCH_AUTH": "jwt"}, "ONCOMATCH_AUTH=jwt needs ONCOMATCH_TRUSTED_ISSUERS"),
    ],
)
def test_uvicorn_with_a_bad_setting_says_why_in_one_line(
    setting: dict[str, str], reason: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONCOMATCH_")}
    env.update(setting, ONCOMATCH_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "cds_service.app:app", "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cannot start: ")
    assert reason in lines[0]
