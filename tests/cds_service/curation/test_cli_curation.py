"""`oncomatch curation`: export -> edit -> publish round trip, history, diff, restore, registry
changes and review, and one clear line for every mistake. Real CLI, SQLite database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from curation_testkit import IMPORTED, STUDY, reimport_with_new_item
from typer.testing import CliRunner

from cds_service.cli.main import app as cli
from cds_service.staff.audit import recent_actions
from cds_service.storage.db import make_engine

PASSWORD = "a long passphrase of words 7"


class Oncomatch:
    """The CLI on one data dir."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.runner = CliRunner()

    @property
    def url(self) -> str:
        return f"sqlite:///{self.data_dir / 'oncomatch.sqlite3'}"

    def __call__(self, *args: str, stdin: str | None = None) -> Result:
        return self.runner.invoke(
            cli,
            list(args),
            input=stdin,
            env={"ONCOMATCH_DATA_DIR": str(self.data_dir), "ONCOMATCH_DATABASE_URL": self.url},
        )

    def ok(self, *args: str, stdin: str | None = None) -> str:
        result = self(*args, stdin=stdin)
        assert result.exit_code == 0, result.output
        return result.stdout

    def fails(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        return result.stderr


@pytest.fixture
def oncomatch(tmp_path: Path) -> Oncomatch:
    run = Oncomatch(tmp_path / "data")
    run.ok("catalog", "import", str(STUDY), "--as-of", "2026-11-20")
    run.ok("staff", "add", "ana", "--role", "curator", stdin=PASSWORD + "\n")
    run.ok("staff", "add", "cora", "--role", "coordinator", stdin=PASSWORD + "\n")
    run.ok("staff", "add", "root", "--role", "admin", stdin=PASSWORD + "\n")
    return run


def edited(exported: str) -> dict[str, Any]:
    """The curator's edit: ECOG widened to 0–2, the free-text items settled (dropped)."""
    trial: dict[str, Any] = json.loads(exported)
    criteria = [c for c in trial["criteria"] if c["type"] != "free_text"]
    for criterion in criteria:
        if criterion["type"] == "performance_status":
            criterion.update(ecog_max=2, label="ECOG 0–2")
    trial["criteria"] = criteria
    return trial


def test_export_edit_publish_round_trip(oncomatch: Oncomatch, tmp_path: Path) -> None:
    exported = oncomatch.ok("curation", "export", IMPORTED)
    folder = tmp_path / "edit"
    folder.mkdir()
    file = folder / f"{IMPORTED}.json"
    file.write_text(exported, encoding="utf-8")
    # The export is a valid trials/*.json file.
    assert "catalog valid: 1 trial" in oncomatch.ok("catalog", "validate", str(folder))

    file.write_text(json.dumps(edited(exported), ensure_ascii=False), encoding="utf-8")
    out = oncomatch.ok(
        "curation", "publish", str(file), "--by", "ana", "--note", "ECOG per protocol"
    )
    assert out.strip() == f"published {IMPORTED} version 1 by ana"

    again = json.loads(oncomatch.ok("curation", "export", IMPORTED))
    assert again["criteria"] == edited(exported)["criteria"]
    assert again["source"]["kind"] == "curated"
    assert "curation" not in again
    file.write_text(json.dumps(again), encoding="utf-8")
    assert "catalog valid: 1 trial" in oncomatch.ok("catalog", "validate", str(folder))

    again["title"] = "Corrected title"
    file.write_text(json.dumps(again), encoding="utf-8")
    oncomatch.ok("curation", "publish", str(file), "--by", "root")
    diff = oncomatch.ok("curation", "diff", IMPORTED, "1", "2")
    assert '* title: "' in diff
    assert '→ "Corrected title"' in diff

    restored = oncomatch.ok("curation", "restore", IMPORTED, "1", "--by", "ana")
    assert restored.strip() == f"published {IMPORTED} version 3 (equal to version 1) by ana"
    listing = oncomatch.ok("curation", "versions", IMPORTED)
    assert f"{IMPORTED}: version 3 in force" in listing
    assert "restored version 1" in listing
    assert "ECOG per protocol" in listing
    assert "no differences" in oncomatch.ok("curation", "diff", IMPORTED, "1", "3")

    engine = make_engine(oncomatch.url)
    try:
        actions = [(e.actor, e.action) for e in recent_actions(engine, 3)]
    finally:
        engine.dispose()
    assert actions == [
        ("ana", "curation.restored"),
        ("root", "curation.published"),
        ("ana", "curation.published"),
    ]


def test_registry_changes_are_shown_and_reviewed(oncomatch: Oncomatch, tmp_path: Path) -> None:
    assert "no curated version; in force: Read automatically from the registry text" in (
        oncomatch.ok("curation", "versions", IMPORTED)
    )
    file = tmp_path / f"{IMPORTED}.json"
    file.write_text(oncomatch.ok("curation", "export", IMPORTED), encoding="utf-8")
    oncomatch.ok("curation", "publish", str(file), "--by", "ana")
    assert "no registry text change" in oncomatch.ok("curation", "changes", IMPORTED)

    engine = make_engine(oncomatch.url)
    try:
        reimport_with_new_item(engine)
    finally:
        engine.dispose()
    assert "registry text changed since version 1" in oncomatch.ok("curation", "versions", IMPORTED)
    changes = oncomatch.ok("curation", "changes", IMPORTED)
    assert "+* Life expectancy of at least 12 weeks." in changes
    # The file exported before the sync carries the old text: publishing it would hide the
    # change, so it is refused with what to do.
    error = oncomatch.fails("curation", "publish", str(file), "--by", "ana")
    assert "export again" in error
    assert "flag cleared" in oncomatch.ok("curation", "review", IMPORTED, "--by", "ana")
    assert "no registry text change" in oncomatch.ok("curation", "changes", IMPORTED)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_mistake_is_one_clear_line(oncomatch: Oncomatch, tmp_path: Path) -> None:
    exported = json.loads(oncomatch.ok("curation", "export", IMPORTED))
    good = write(tmp_path, "good.json", json.dumps(exported))

    assert "NCT00000099 is not in the catalog" in oncomatch.fails(
        "curation", "export", "NCT00000099"
    )
    assert "give --out-dir" in oncomatch.fails("curation", "export", IMPORTED, "NCT07188584")
    broken = write(tmp_path, "broken.json", '{"nct_id": "NCT00000001",\n  "title": }')
    error = oncomatch.fails("curation", "publish", str(broken), "--by", "ana")
    assert "(JSON): Invalid JSON" in error
    assert "line 2" in error

    bad = dict(exported)
    bad["criteria"] = [
        {**c, "ecog_max": "two"} if c["type"] == "performance_status" else c
        for c in exported["criteria"]
    ]
    index = next(i for i, c in enumerate(bad["criteria"]) if c["type"] == "performance_status")
    error = oncomatch.fails(
        "curation", "publish", str(write(tmp_path, "bad.json", json.dumps(bad))), "--by", "ana"
    )
    assert f"criteria.{index}.performance_status.ecog_max: Input should be a valid integer" in error

    unknown = dict(exported, nct_id="NCT00000099")
    error = oncomatch.fails(
        "curation", "publish", str(write(tmp_path, "u.json", json.dumps(unknown))), "--by", "ana"
    )
    assert "NCT00000099 is not in the catalog" in error

    assert "no staff account named 'zed'" in oncomatch.fails(
        "curation", "publish", str(good), "--by", "zed"
    )
    assert "needs the curator (or admin) role" in oncomatch.fails(
        "curation", "publish", str(good), "--by", "cora"
    )
    oncomatch.ok("staff", "disable", "ana")
    assert "'ana' is disabled" in oncomatch.fails("curation", "publish", str(good), "--by", "ana")
    assert "has no curated version 4" in oncomatch.fails(
        "curation", "restore", IMPORTED, "4", "--by", "root"
    )
    assert "has no curated version" in oncomatch.fails("curation", "diff", IMPORTED, "1", "2")
    assert "has no published curated version" in oncomatch.fails(
        "curation", "review", IMPORTED, "--by", "root"
    )
