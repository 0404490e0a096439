"""The key that signs staff cookies: from the setting, or generated once into the data dir."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from cds_service.staff.secret import CookieSigner, StaffSecretError, staff_secret
from cds_service.startup import StartupError
from tests.cds_service.staff.staff_testkit import staff_settings


def test_the_generated_key_is_private_and_kept(tmp_path: Path) -> None:
    settings = staff_settings(tmp_path / "data")
    first = staff_secret(settings)
    key_file = tmp_path / "data" / "staff-secret"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first) >= 48
    assert staff_secret(settings) == first  # a restart keeps sessions valid
    assert sorted(p.name for p in key_file.parent.iterdir()) == ["staff-secret"]


def test_the_setting_wins_and_must_be_long(tmp_path: Path) -> None:
    settings = staff_settings(tmp_path / "data", staff_secret="k" * 40)
    assert staff_secret(settings) == b"k" * 40
    assert not (tmp_path / "data" / "staff-secret").exists()
    with pytest.raises(ValidationError, match="must be at least 32 characters"):
        staff_settings(tmp_path / "data", staff_secret="short")


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    settings = staff_settings(tmp_path / "data")
    staff_secret(settings)
    key_file = tmp_path / "data" / "staff-secret"
    os.chmod(key_file, 0o644)
    with pytest.raises(StaffSecretError, match="readable by others \\(mode 644\\): chmod 600"):
        staff_secret(settings)
    assert issubclass(StaffSecretError, StartupError)  # `cannot start: ...`, one line


def test_a_short_key_file_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "data" / "staff-secret"
    key_file.parent.mkdir()
    key_file.write_text("tiny")
    os.chmod(key_file, 0o600)
    with pytest.raises(StaffSecretError, match="shorter than 32 characters"):
        staff_secret(staff_settings(tmp_path / "data"))


def test_a_signature_holds_for_its_key_and_purpose_only() -> None:
    signer = CookieSigner(b"k" * 40)
    signed = signer.sign("token", "staff-session")
    assert signer.unsign(signed, "staff-session") == "token"
    assert signer.unsign(signed, "staff-login-csrf") is None
    assert CookieSigner(b"j" * 40).unsign(signed, "staff-session") is None
    assert signer.unsign("token", "staff-session") is None
    assert signer.unsign("." + signed.rpartition(".")[2], "staff-session") is None


def test_serve_refuses_a_readable_key_file_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from cds_service.cli.main import app

    key_file = tmp_path / "data" / "staff-secret"
    key_file.parent.mkdir()
    key_file.write_text("k" * 48)
    os.chmod(key_file, 0o640)
    monkeypatch.setenv("ONCOMATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ONCOMATCH_AUTH", "off")
    monkeypatch.delenv("ONCOMATCH_STAFF_SECRET", raising=False)

    result = CliRunner().invoke(app, ["serve", "--port", "1"])

    assert result.exit_code == 2
    assert result.output.strip() == (
        f"cannot start: {key_file} is readable by others (mode 640): chmod 600 it, "
        "or set ONCOMATCH_STAFF_SECRET"
    )
