"""No Docker engine runs here, so the image's promises are checked on the Dockerfile itself."""

from __future__ import annotations

from pathlib import Path

DOCKERFILE = (Path(__file__).resolve().parents[2] / "Dockerfile").read_text()
LINES = [
    line.strip() for line in DOCKERFILE.splitlines() if line.strip() and not line.startswith("#")
]


def index_of(prefix: str) -> int:
    return next(i for i, line in enumerate(LINES) if line.startswith(prefix))


def test_slim_python_base() -> None:
    assert LINES[0].startswith("FROM python:3.11-slim")


def test_dependencies_install_before_the_code_is_copied() -> None:
    assert index_of('RUN python -c "import tomllib') < index_of("COPY cds_service")


def test_runs_as_a_non_root_user() -> None:
    user = LINES[index_of("USER ")].split()[1]
    assert user not in ("root", "0")
    assert index_of("USER ") < index_of("CMD ")


def test_auth_is_on_and_workers_come_from_the_environment() -> None:
    assert "ONCOMATCH_AUTH=jwt" in DOCKERFILE
    assert '--workers "${ONCOMATCH_WORKERS}"' in DOCKERFILE
    assert "cds_service.app:app" in DOCKERFILE


def test_healthcheck_probes_healthz() -> None:
    assert "HEALTHCHECK" in DOCKERFILE
    assert "/healthz" in DOCKERFILE[DOCKERFILE.index("HEALTHCHECK") :]
