"""The `oncomatch` command line, run in-process with typer's runner."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cds_service.cli.main import app
from cds_service.hooks.request import FeedbackRequest
from cds_service.service import open_database
from cds_service.settings import Settings
from cds_service.storage.feedback import FeedbackStore

REPO = Path(__file__).resolve().parents[3]
BUNDLES = REPO / "test_bundles"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    # Environment is the CLI's configuration surface; each test gets its own data dir.
    monkeypatch.setenv("ONCOMATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ONCOMATCH_DATABASE_URL", raising=False)
    return CliRunner()


def test_match_prints_a_checklist_per_trial(runner: CliRunner) -> None:
    result = runner.invoke(app, ["match", str(BUNDLES / "npc_ecog_2.json")])
    assert result.exit_code == 0, result.output
    assert "NCT07188584" in result.output
    assert "criteria: Criteria curated by hand (catalog file)\nverdict: not_eligible" in (
        result.output
    )
    assert "ECOG 2 on" in result.output
    assert "0 cards in the hook response." in result.output


def test_match_json_prints_the_exact_hook_response(runner: CliRunner) -> None:
    result = runner.invoke(app, ["match", str(BUNDLES / "npc_eligible.json"), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    (card,) = body["cards"]
    assert card["extension"]["oncomatch.trial-match"]["verdict"] == "eligible"


def test_match_accepts_ndjson(runner: CliRunner, tmp_path: Path) -> None:
    bundle = json.loads((BUNDLES / "npc_eligible.json").read_text())
    ndjson = tmp_path / "chart.ndjson"
    ndjson.write_text("\n".join(json.dumps(e["resource"]) for e in bundle["entry"]) + "\n")
    result = runner.invoke(app, ["match", str(ndjson)])
    assert result.exit_code == 0, result.output
    assert "verdict: eligible" in result.output


def test_match_of_an_unreadable_file_says_why(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = runner.invoke(app, ["match", str(broken)])
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_catalog_validate_names_file_and_field(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["catalog", "validate"]).exit_code == 0
    bad = tmp_path / "catalog"
    bad.mkdir()
    shutil.copy(REPO / "trials" / "NCT07188584.json", bad / "NCT07188584.json")
    text = (bad / "NCT07188584.json").read_text().replace('"max_years": 70', '"max_years": -3')
    (bad / "NCT07188584.json").write_text(text)
    result = runner.invoke(app, ["catalog", "validate", str(bad)])
    assert result.exit_code == 1
    assert "NCT07188584.json: criteria.4.age.max_years" in result.output


def test_serve_refuses_jwt_mode_without_issuers(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONCOMATCH_AUTH", "jwt")
    monkeypatch.delenv("ONCOMATCH_TRUSTED_ISSUERS", raising=False)
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "ONCOMATCH_TRUSTED_ISSUERS" in result.output


def test_serve_names_a_bad_setting(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONCOMATCH_MAX_CARDS", "lots")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "ONCOMATCH_MAX_CARDS" in result.output


def test_feedback_report_after_a_hook_and_feedback(runner: CliRunner) -> None:
    assert "no feedback recorded yet" in runner.invoke(app, ["feedback", "report"]).output
    hook = runner.invoke(app, ["match", str(BUNDLES / "npc_no_ecog.json"), "--json"])
    card = json.loads(hook.stdout)["cards"][0]
    engine = open_database(Settings())
    report = FeedbackRequest.model_validate(
        {
            "card": card["uuid"],
            "outcome": "overridden",
            "overrideReason": {"reason": card["overrideReasons"][3]},
            "outcomeTimestamp": "2026-11-25T10:00:00Z",
        }
    )
    FeedbackStore(engine).store(report.feedback, report.feedback[0].outcome_timestamp)
    engine.dispose()
    table = runner.invoke(app, ["feedback", "report"]).output
    for expected in ("NCT07188584", "possibly_eligible", "overridden"):
        assert expected in table
    assert card["overrideReasons"][3]["display"] in table
    as_json = json.loads(runner.invoke(app, ["feedback", "report", "--json"]).stdout)
    assert as_json == [
        {
            "nctId": "NCT07188584",
            "cardIssued": True,
            "verdict": "possibly_eligible",
            "outcome": "overridden",
            "overrideReason": card["overrideReasons"][3]["display"],
            "count": 1,
        }
    ]


def test_feedback_report_shows_unknown_cards_apart(runner: CliRunner) -> None:
    engine = open_database(Settings())
    report = FeedbackRequest.model_validate(
        {
            "card": "0b7c2b52-91a3-4b5e-9a51-3f1f4bbd2a10",
            "outcome": "accepted",
            "outcomeTimestamp": "2026-11-25T10:00:00Z",
        }
    )
    FeedbackStore(engine).store(report.feedback, report.feedback[0].outcome_timestamp)
    engine.dispose()
    table = runner.invoke(app, ["feedback", "report"]).output
    assert "feedback on cards this service did not issue: 1" in table
    assert "trial" not in table.splitlines()[0]  # no trial table: nothing on an issued card
    as_json = json.loads(runner.invoke(app, ["feedback", "report", "--json"]).stdout)
    assert [row["cardIssued"] for row in as_json] == [False]


@pytest.mark.parametrize("command", ["bench", "loadtest"])
def test_developer_commands_say_where_to_run_them_when_tools_are_absent(
    command: str, tmp_path: Path
) -> None:
    # As from an installed wheel: a fresh interpreter outside the checkout, so `tools` is absent.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", "from cds_service.cli.main import app; app()", command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"run `make {command}` there" in result.stderr
    assert "Traceback" not in result.stderr


def test_match_does_not_speak_of_callers(runner: CliRunner) -> None:
    # No server runs: "every caller is trusted" would mislead.
    result = runner.invoke(app, ["match", str(BUNDLES / "npc_eligible.json")])
    assert result.exit_code == 0, result.output
    assert "caller" not in result.output
    assert "1 card in the hook response." in result.output
