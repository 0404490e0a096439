"""`catalog import` / `catalog sync` through the CLI, and an imported trial matched end to end."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from ctgov_recorded_server import RecordedRegistry
from sqlalchemy import Engine
from typer.testing import CliRunner

from cds_service.catalog.store import ImportedTrialStore
from cds_service.cli.catalog import catalog_app
from cds_service.storage.db import make_engine
from eligibility.catalog import Catalog
from eligibility.facts import (
    CancerDiagnosis,
    Demographics,
    MetastaticStatus,
    PatientFacts,
    PerformanceStatus,
)
from eligibility.matching import Matcher
from eligibility.results import CriterionStatus, Verdict
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import PerformanceScale, Sex
from tests.cds_service.catalog.conftest import suggestible_ids

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ctgov"
runner = CliRunner()


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state' / 'oncomatch.sqlite3'}"


@contextmanager
def stored(url: str) -> Iterator[ImportedTrialStore]:
    engine = make_engine(url)
    try:
        yield ImportedTrialStore(engine)
    finally:
        engine.dispose()


def test_import_one_study_a_list_and_a_directory_of_pages(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    one = runner.invoke(
        catalog_app,
        [
            "import",
            str(FIXTURES / "study_NCT00000001.json"),
            "--database-url",
            url,
            "--as-of",
            "2026-06-01",
        ],
    )
    assert one.exit_code == 0, one.output
    assert "imported 1 study: 1 new" in one.output
    listed = runner.invoke(
        catalog_app, ["import", str(FIXTURES / "list.json"), "--database-url", url]
    )
    assert listed.exit_code == 0, listed.output
    assert "imported 2 studies: 2 new" in listed.output
    paged = runner.invoke(catalog_app, ["import", str(FIXTURES / "paged"), "--database-url", url])
    assert paged.exit_code == 0, paged.output
    assert "imported 3 studies: 3 new" in paged.output
    again = runner.invoke(catalog_app, ["import", str(FIXTURES / "paged"), "--database-url", url])
    assert "0 new, 0 updated, 0 withdrawn/closed, 3 unchanged" in again.output
    with stored(url) as store:
        assert len(store.load_all()) == 6
        assert "NCT00000003" not in set(suggestible_ids(store))  # COMPLETED
        assert store.load_all()[0].source.retrieved == date(2026, 6, 1)


def test_import_refuses_what_is_not_api_v2_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    result = runner.invoke(
        catalog_app, ["import", str(bad), "--database-url", sqlite_url(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no 'protocolSection' or 'studies' field" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = runner.invoke(
        catalog_app, ["import", str(broken), "--database-url", sqlite_url(tmp_path)]
    )
    assert result.exit_code == 1
    assert "cannot be read as JSON" in result.output
    result = runner.invoke(
        catalog_app,
        ["import", str(bad), "--database-url", sqlite_url(tmp_path), "--as-of", "June"],
    )
    assert result.exit_code == 2


def test_sync_command_against_the_recorded_server(
    registry: RecordedRegistry, registry_url: str, tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path)
    args = [
        "sync",
        "--condition",
        "nasopharyngeal carcinoma",
        "--status",
        "RECRUITING,NOT_YET_RECRUITING",
        "--country",
        "China",
        "--base-url",
        registry_url,
        "--min-interval",
        "0",
        "--database-url",
        url,
    ]
    first = runner.invoke(catalog_app, args)
    assert first.exit_code == 0, first.output
    assert "3 studies in 2 pages: 3 new, 0 updated, 0 withdrawn/closed" in first.output
    second = runner.invoke(catalog_app, args)
    assert second.exit_code == 0, second.output
    assert "(incremental since 2026-05-03): 1 new, 0 updated, 1 withdrawn/closed" in second.output
    with stored(url) as store:
        assert suggestible_ids(store) == [
            "NCT00000012",
            "NCT00000013",
            "NCT00000014",
        ]


def test_sync_command_reports_an_unreachable_registry(tmp_path: Path) -> None:
    result = runner.invoke(
        catalog_app,
        [
            "sync",
            "--base-url",
            "http://127.0.0.1:9/api/v2",
            "--max-retries",
            "0",
            "--database-url",
            sqlite_url(tmp_path),
            "--quiet",
        ],
    )
    assert result.exit_code == 1
    assert "error:" in result.output


def test_sync_command_refuses_an_unknown_status(tmp_path: Path) -> None:
    result = runner.invoke(
        catalog_app, ["sync", "--status", "OPEN", "--database-url", sqlite_url(tmp_path)]
    )
    assert result.exit_code == 2


def test_an_imported_trial_is_matched_with_a_checklist_quoting_its_sources(
    engine: Engine, tmp_path: Path
) -> None:
    """Import recorded pages, merge with the (here empty) curated catalog, match a patient."""
    source = tmp_path / "pages"
    shutil.copytree(FIXTURES, source)
    url = engine.url.render_as_string(hide_password=False)
    result = runner.invoke(catalog_app, ["import", str(source), "--database-url", url])
    assert result.exit_code == 0, result.output
    imported = ImportedTrialStore(engine).load_all()
    catalog = Catalog([], default_taxonomy()).merged_with(imported)
    patient = PatientFacts(
        as_of=date(2026, 6, 10),
        patient="Patient/p1",
        demographics=Demographics(age_years=52, sex=Sex.MALE, evidence=("Patient/p1",)),
        diagnoses=(
            CancerDiagnosis(cancer_type="nasopharyngeal_carcinoma", evidence=("Condition/c1",)),
        ),
        metastatic=MetastaticStatus(value=True, reason="M1", evidence=("Observation/s1",)),
        performance=(
            PerformanceStatus(
                scale=PerformanceScale.ECOG,
                score=1,
                ecog=1,
                date=date(2026, 6, 1),  # a dated score: an undated one cannot show it is recent
                evidence=("Observation/e1",),
            ),
        ),
    )
    (match,) = Matcher(catalog).match(patient)
    assert match.trial.nct_id == "NCT00000001"
    assert match.verdict is Verdict.POSSIBLY_ELIGIBLE  # labs etc. unknown; nothing failed
    results = {r.id: r for r in match.results}
    assert results["inc2-1"].status is CriterionStatus.MET  # ECOG 0–1, read from the text
    assert results["inc1-1"].status is CriterionStatus.MET  # metastatic disease required
    assert results["api-cancer-type"].status is CriterionStatus.MET
    by_id = {c.id: c for c in match.trial.criteria}
    assert by_id["inc2-1"].source_text == "ECOG performance status 0-1."
    assert by_id["exc2-1"].source_text == "QTc \\> 470 ms."
    assert results["exc6-text"].status is CriterionStatus.UNKNOWN  # free text: manual review
    # Worse ECOG: the exclusion "ECOG >= 2" equivalent and the inclusion both say not eligible.
    worse = patient.model_copy(
        update={
            "performance": (
                PerformanceStatus(
                    scale=PerformanceScale.ECOG, score=2, ecog=2, date=date(2026, 6, 1)
                ),
            )
        }
    )
    assert Matcher(catalog).match(worse) == []
