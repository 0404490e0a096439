"""`oncomatch db upgrade|current`, and how every command reports a database it cannot use:
one line, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from cds_service.cli.main import app
from cds_service.storage.db import make_engine
from cds_service.storage.migrations import head_revision
from cds_service.storage.migrations.baseline import baseline_metadata
from cds_service.storage.schema import database_revision, upgrade_schema

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ONCOMATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ONCOMATCH_AUTH", "off")
    monkeypatch.delenv("ONCOMATCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("ONCOMATCH_AUTO_MIGRATE", raising=False)
    return tmp_path / "data"


@pytest.fixture
def runner(data_dir: Path) -> CliRunner:
    return CliRunner()


def database_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'oncomatch.sqlite3').resolve()}"


def one_line_error(output: str) -> str:
    assert "Traceback" not in output
    (line,) = output.strip().splitlines()
    return line


def test_current_then_upgrade_then_current(runner: CliRunner) -> None:
    head = head_revision()
    before = runner.invoke(app, ["db", "current"])
    assert before.exit_code == 1
    assert before.output.strip() == (
        f"database schema not initialised; this version needs {head}: run `oncomatch db upgrade`"
    )
    upgrade = runner.invoke(app, ["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    assert upgrade.output.strip() == f"database schema upgraded from nothing to {head}"
    after = runner.invoke(app, ["db", "current"])
    assert (after.exit_code, after.output.strip()) == (0, f"database schema at {head} (current)")
    again = runner.invoke(app, ["db", "upgrade"])
    assert (again.exit_code, again.output.strip()) == (0, f"database schema already at {head}")


def test_upgrade_adopts_a_database_from_before_migrations(
    runner: CliRunner, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    engine = make_engine(database_url(data_dir))
    # The tables the code before migrations made (the baseline revision's).
    baseline_metadata().create_all(engine)
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "(tables from before migrations adopted)" in result.output
    assert database_revision(engine) == head_revision()
    engine.dispose()


def test_database_url_option_names_another_database(runner: CliRunner, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'other' / 'other.sqlite3'}"
    assert runner.invoke(app, ["db", "upgrade", "--database-url", other]).exit_code == 0
    assert runner.invoke(app, ["db", "current", "--database-url", other]).exit_code == 0
    assert runner.invoke(app, ["db", "current"]).exit_code == 1


def test_a_bad_setting_is_named_on_one_line(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONCOMATCH_AUTO_MIGRATE", "perhaps")
    for command in ("upgrade", "current"):
        result = runner.invoke(app, ["db", command])
        assert result.exit_code == 2
        assert one_line_error(result.output).startswith("error: ONCOMATCH_AUTO_MIGRATE: ")


@pytest.mark.parametrize(
    "args", [["db", "upgrade"], ["db", "current"], ["feedback", "report"], ["serve"]]
)
def test_an_unreachable_database_is_one_line(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("ONCOMATCH_DATABASE_URL", UNREACHABLE)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    line = one_line_error(result.output)
    assert line.startswith(("error: database: ", "cannot start: database: ")), line
    assert "127.0.0.1" in line


def test_a_revision_from_a_newer_version_is_one_line(runner: CliRunner, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    engine = make_engine(database_url(data_dir))
    upgrade_schema(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    engine.dispose()
    for args in (["db", "upgrade"], ["db", "current"], ["catalog", "sync"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "revision f00d, which this version of OncoMatch does not know" in (
            one_line_error(result.output)
        )


def test_serve_refuses_a_schema_behind_without_auto_migrate(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONCOMATCH_AUTO_MIGRATE", "false")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    line = one_line_error(result.output)
    assert line.startswith("cannot start: the database schema is not initialised")
    assert line.endswith("run `oncomatch db upgrade`")
