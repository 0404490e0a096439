"""`oncomatch prescreen`: a run end to end through the command line, and a clear one-line error
(exit 2, no traceback) for each thing an operator can get wrong."""

from __future__ import annotations

import csv
import json
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cds_service.cli.main import app
from cds_service.prescreen.worklists import StoredRun, WorklistStore
from cds_service.service import open_database
from cds_service.settings import Settings
from tests.cds_service.prescreen.bulk_export import write_export
from tests.cds_service.prescreen.conftest import fixed_clock


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ONCOMATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ONCOMATCH_DATABASE_URL", raising=False)
    return CliRunner()


@pytest.fixture
def small_export(tmp_path: Path, bundles: dict[str, dict[str, Any]]) -> Path:
    chosen = [bundles[name] for name in ("npc-eligible", "npc-no-ecog", "npc-age-71")]
    return write_export(tmp_path / "export", chosen)


def published_run(tmp_path: Path) -> StoredRun | None:
    """The latest run the staff pages show, in the runner's database."""
    engine = open_database(Settings(data_dir=tmp_path / "data"))
    try:
        return WorklistStore(engine, clock=fixed_clock).latest_run()
    finally:
        engine.dispose()


def refused(result: Any, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ")
    for word in words:
        assert word in line


def test_a_run_writes_worklists_a_summary_and_the_database(
    runner: CliRunner, small_export: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["prescreen", str(small_export), "--out", str(out), "--as-of", "2026-11-25"]
    )
    assert result.exit_code == 0, result.output
    assert "pre-screened 3 patients as of 2026-11-25 (UTC)" in result.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["patients_read"] == 3
    assert summary["engine"] == "local"
    assert (summary["as_of"], summary["time_zone"]) == ("2026-11-25", "UTC")
    # Where the run's seconds went, phase by phase, in order: together, all of them.
    phases = summary["phase_seconds"]
    assert list(phases) == ["start", "partition", "screening", "shards", "settle", "worklists"]
    assert all(seconds >= 0 for seconds in phases.values())
    assert sum(phases.values()) == pytest.approx(summary["seconds"], abs=0.05)
    assert summary["trials"] == [
        {
            "nct_id": "NCT07188584",
            "title": summary["trials"][0]["title"],
            "eligible": 1,
            "possibly_eligible": 1,
        }
    ]
    with (out / "worklist-NCT07188584.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["patient_id"], r["verdict"]) for r in rows] == [
        ("npc-eligible", "eligible"),
        ("npc-no-ecog", "possibly_eligible"),
    ]
    engine = open_database(Settings(data_dir=tmp_path / "data"))
    try:
        worklist = WorklistStore(engine, clock=fixed_clock).worklist("NCT07188584")
    finally:
        engine.dispose()
    assert worklist is not None
    assert [row.patient_id for row in worklist.entries] == ["npc-eligible", "npc-no-ecog"]


def test_the_report_names_the_hospital_zone_the_day_belongs_to(
    runner: CliRunner, small_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from a UTC shell for a hospital in Shanghai: "as of 2026-11-25" alone would read as
    # the operator's day, eight hours off the one the charts were dated on.
    monkeypatch.setenv("ONCOMATCH_TIME_ZONE", "Asia/Shanghai")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["prescreen", str(small_export), "--out", str(out), "--as-of", "2026-11-25"]
    )
    assert result.exit_code == 0, result.output
    assert "as of 2026-11-25 (Asia/Shanghai)" in result.stdout
    assert json.loads((out / "summary.json").read_text())["time_zone"] == "Asia/Shanghai"


def test_a_missing_export_folder_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["prescreen", str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    refused(result, "does not exist")


def test_a_folder_without_ndjson_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "log.ndjson").write_text("{}\n")
    (tmp_path / "export" / "notes.txt").write_text("hello\n")
    result = runner.invoke(app, ["prescreen", str(tmp_path / "export"), "--out", str(tmp_path)])
    refused(result, "no .ndjson")


def test_an_unknown_trial_is_refused(runner: CliRunner, small_export: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["prescreen", str(small_export), "--out", str(tmp_path / "out"), "--trial", "NCT00000077"],
    )
    refused(result, "not in the catalog", "NCT00000077")
    assert not (tmp_path / "out" / "summary.json").exists()


def test_an_as_of_day_that_has_not_come_is_refused(
    runner: CliRunner, small_export: Path, tmp_path: Path
) -> None:
    # A typo of the year: worklists read 73 years ahead would replace today's on the pages.
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["prescreen", str(small_export), "--out", str(out), "--as-of", "2099-01-01"]
    )
    refused(result, "--as-of 2099-01-01 is after today", " in UTC)")
    assert not out.exists()


@pytest.mark.parametrize("as_of", ["yesterday", "2026-13-01", "25/11/2026"])
def test_a_bad_as_of_is_refused(
    runner: CliRunner, small_export: Path, tmp_path: Path, as_of: str
) -> None:
    result = runner.invoke(
        app, ["prescreen", str(small_export), "--out", str(tmp_path / "out"), "--as-of", as_of]
    )
    refused(result, "--as-of", "YYYY-MM-DD")


def test_a_scheduler_without_the_dask_engine_is_refused(
    runner: CliRunner, small_export: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        ["prescreen", str(small_export), "--out", str(tmp_path), "--scheduler", "tcp://h:8786"],
    )
    refused(result, "--engine dask")


def test_an_unreachable_scheduler_is_refused(
    runner: CliRunner, small_export: Path, tmp_path: Path
) -> None:
    # A port nobody listens on: bound, then closed.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = runner.invoke(
        app,
        [
            "prescreen",
            str(small_export),
            "--out",
            str(tmp_path / "out"),
            "--engine",
            "dask",
            "--scheduler",
            f"tcp://127.0.0.1:{port}",
            "--connect-timeout",
            "1",
        ],
    )
    refused(result, "no Dask scheduler reachable at", str(port))


def test_the_dask_engine_without_dask_installed_says_how_to_install_it(
    runner: CliRunner, small_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on an installation without the extra: the import system finds no `distributed`.
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = runner.invoke(
        app, ["prescreen", str(small_export), "--out", str(tmp_path / "out"), "--engine", "dask"]
    )
    refused(result, "dask and distributed", "oncomatch[prescreen-dask]")


# The output folder, wrong in each way an operator or a full disk can make it: one line naming
# the folder and what is wrong with it, never a traceback.


def test_an_out_that_is_a_file_is_refused(
    runner: CliRunner, small_export: Path, tmp_path: Path
) -> None:
    out = tmp_path / "worklists.csv"
    out.write_text("kept\n")
    result = runner.invoke(app, ["prescreen", str(small_export), "--out", str(out)])
    refused(result, f"--out {out} is a file, not a folder")
    assert out.read_text() == "kept\n"


def test_an_out_below_a_file_is_refused(
    runner: CliRunner, small_export: Path, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    out = tmp_path / "a-file" / "out"
    result = runner.invoke(app, ["prescreen", str(small_export), "--out", str(out)])
    refused(result, f"cannot make the output folder {out}", "Not a directory")


def test_a_state_that_cannot_be_opened_is_refused(
    runner: CliRunner, small_export: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "prescreen-state.sqlite3").mkdir(parents=True)
    result = runner.invoke(app, ["prescreen", str(small_export), "--out", str(out)])
    refused(result, f"cannot use {out} as the output folder", "prescreen-state.sqlite3")


def test_a_summary_that_cannot_be_written_stops_the_run_before_the_database(
    runner: CliRunner, small_export: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "summary.json").mkdir(parents=True)
    result = runner.invoke(
        app, ["prescreen", str(small_export), "--out", str(out), "--as-of", "2026-11-25"]
    )
    refused(result, f"cannot write the run's outputs in {out}", "summary.json")
    # The staff pages keep what they showed: a run whose summary is missing is not published.
    assert published_run(tmp_path) is None


def test_a_worklist_that_cannot_be_written_is_refused(
    runner: CliRunner, small_export: Path, tmp_path: Path
) -> None:
    # Written by a worker (the shard of the trial's entries), not by the command itself.
    out = tmp_path / "out"
    (out / "worklist-NCT07188584.csv").mkdir(parents=True)
    result = runner.invoke(
        app, ["prescreen", str(small_export), "--out", str(out), "--as-of", "2026-11-25"]
    )
    refused(result, f"cannot write the run's outputs in {out}", "worklist-NCT07188584.csv")


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_trial_is_refused_as_blank(
    runner: CliRunner, small_export: Path, tmp_path: Path, blank: str
) -> None:
    # A shell variable that was never set: "not in the catalog: " would name nothing.
    result = runner.invoke(
        app, ["prescreen", str(small_export), "--out", str(tmp_path / "out"), "--trial", blank]
    )
    refused(result, "--trial", "is blank")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_run_stopped_by_a_signal_says_so_and_publishes_nothing(
    runner: CliRunner,
    small_export: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    signum: signal.Signals,
    code: int,
) -> None:
    # SIGTERM is what a scheduler's time limit (cron's timeout, systemd, Kubernetes) sends;
    # it used to end the command on the spot, leaving its workers running without it.
    from cds_service.prescreen import run as run_module

    # A command starts with Python's own Ctrl-C handler; a test before this one in the same
    # process may have left another.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    screen = run_module.run_partition

    def signalled_while_screening(task: Any) -> Any:
        # What Python runs when the signal arrives, run here rather than at whichever bytecode
        # the interpreter next checks for signals (a finaliser there would swallow it).
        handler = signal.getsignal(signum)
        assert callable(handler), handler
        handler(signum, None)
        return screen(task)

    monkeypatch.setattr(run_module, "run_partition", signalled_while_screening)
    out = tmp_path / "out"
    try:
        result = runner.invoke(
            app,
            [
                "prescreen",
                str(small_export),
                "--out",
                str(out),
                "--workers",
                "1",
                "--as-of",
                "2026-11-25",
            ],
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: pre-screening stopped ({signum.name})")
    assert "the staff pages keep the previous run" in line
    assert not (out / "summary.json").exists()
    assert not (out / ".prescreen-work").exists()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the command's handler is gone
    assert published_run(tmp_path) is None


def test_the_report_says_how_many_records_were_merged(
    runner: CliRunner, bundles: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    export = write_export(
        tmp_path / "export",
        [
            bundles["rw-merged-first-line-on-old-record"],
            bundles["rw-merged-second-line-on-old-record"],
        ],
    )
    result = runner.invoke(app, ["prescreen", str(export), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "pre-screened 2 patients" in result.stdout
    assert "merged: 2 records, each read as part of the record that replaced it" in result.stdout
    assert "not merged" not in result.stdout
