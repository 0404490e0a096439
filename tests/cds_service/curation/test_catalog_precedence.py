"""A published curated version is in force in the running service through the catalog's own
refresh: it beats a curated file, which beats an imported trial's extracted criteria. Observed
on the hook's cards, the trial page and `oncomatch match`, for a committed test bundle, on SQLite
and PostgreSQL."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from curation_testkit import (
    IMPORTED,
    REPO,
    import_record,
    study_record,
    with_ecog_max,
    without_free_text,
)
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cards import TRIAL_MATCH_KEY
from cds_service.cli.main import app as cli
from cds_service.curation.versions import CurationStore
from cds_service.service import create_app
from cds_service.settings import Settings
from cds_service.storage.db import make_engine
from cds_service.storage.schema import upgrade_schema
from eligibility.provenance import manual_review_count
from eligibility.trial import Trial, TrialSource
from fhir_mapping import bundle_to_hook_request
from tests.cds_service.conftest import FIXED_NOW

SEED = "NCT07188584"
STUDIES = REPO / "tests" / "fixtures" / "ctgov"
BUNDLE = REPO / "test_bundles" / "npc_eligible.json"  # ECOG 1, age 51: eligible for the seed
CURATED = "Structured criteria were curated by a person and may still contain errors"
READ = (
    "Structured criteria were read automatically from the trial registry record and may contain "
    "errors"
)


@pytest.fixture
def settings(make_settings: Callable[..., Settings], tmp_path: Path, database_url: str) -> Settings:
    """On SQLite and PostgreSQL (the `database_url` fixture), refreshing every 50 ms."""
    catalog_dir = tmp_path / "site-catalog"
    catalog_dir.mkdir()
    return make_settings(
        catalog_refresh_seconds=0.05,
        catalog_dir=catalog_dir,
        site_name="Test Cancer Centre",
        database_url=database_url,
    )


@pytest.fixture
def extracted(settings: Settings) -> Trial:
    engine = make_engine(settings.resolved_database_url())
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_schema(engine)
    try:
        return import_record(engine, study_record())
    finally:
        engine.dispose()


@pytest.fixture
def client(settings: Settings, extracted: Trial) -> Iterator[TestClient]:
    with TestClient(create_app(settings, clock=lambda: FIXED_NOW)) as test_client:
        yield test_client


def cards_by_trial(client: TestClient) -> dict[str, dict[str, Any]]:
    bundle = json.loads(BUNDLE.read_text(encoding="utf-8"))
    response = client.post(
        "/cds-services/oncomatch-trials", json=bundle_to_hook_request(bundle, hook_instance="h")
    )
    assert response.status_code == 200, response.text
    return {
        card["extension"][TRIAL_MATCH_KEY]["nctId"]: card
        for card in response.json()["cards"]
        if TRIAL_MATCH_KEY in card.get("extension", {})
    }


def wait_for_version(client: TestClient, nct_id: str, number: int) -> Trial:
    """The running service's catalog once its refresh task took version `number` in."""
    holder = client.app.state.runtime.catalog  # type: ignore[attr-defined]
    deadline = time.monotonic() + 10
    while True:
        trial: Trial | None = holder.catalog.get(nct_id)
        if trial is not None and trial.curation is not None and trial.curation.version == number:
            return trial
        assert time.monotonic() < deadline, f"version {number} of {nct_id} never came in force"
        time.sleep(0.05)


def page_text(client: TestClient, nct_id: str) -> str:
    response = client.get(f"/trials/{nct_id}")
    assert response.status_code == 200
    return " ".join(response.text.split())


def checklist_text(client: TestClient, card: dict[str, Any]) -> str:
    """The checklist page the card links to (behind its token)."""
    (url,) = [link["url"] for link in card["links"] if "/match/" in link["url"]]
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    return " ".join(response.text.split())


def store_for(settings: Settings) -> CurationStore:
    return CurationStore(make_engine(settings.resolved_database_url()), clock=lambda: FIXED_NOW)


def test_curated_version_beats_file_which_beats_extraction(
    settings: Settings, extracted: Trial, make_settings: Callable[..., Settings]
) -> None:
    # A site's curated file for the imported trial: the free-text items settled.
    from_file = without_free_text(extracted).model_copy(
        update={"source": TrialSource(kind="curated", url=extracted.source.url)}
    )
    assert settings.catalog_dir is not None
    (settings.catalog_dir / f"{IMPORTED}.json").write_text(from_file.model_dump_json())

    with TestClient(create_app(settings, clock=lambda: FIXED_NOW)) as client:
        in_force = client.app.state.runtime.catalog.catalog.get(IMPORTED)  # type: ignore[attr-defined]
        assert in_force.criteria == from_file.criteria  # the file beats the extraction
        assert "Criteria curated by hand (catalog file)." in page_text(client, IMPORTED)
        card_ids = {
            c["id"]
            for c in cards_by_trial(client)[IMPORTED]["extension"][TRIAL_MATCH_KEY]["criteria"]
        }
        assert card_ids == {c.id for c in from_file.criteria}

        store = store_for(settings)
        # ECOG 0 only: the patient's ECOG 1 now rules the trial out, so its card goes.
        store.publish(with_ecog_max(from_file, 0), by="ana")
        assert (
            wait_for_version(client, IMPORTED, 1).criteria == with_ecog_max(from_file, 0).criteria
        )
        assert IMPORTED not in cards_by_trial(client)

        store.publish(with_ecog_max(from_file, 2), by="ana")
        wait_for_version(client, IMPORTED, 2)
        card = cards_by_trial(client)[IMPORTED]
        ecog = next(
            c for c in card["extension"][TRIAL_MATCH_KEY]["criteria"] if c["label"] == "ECOG 0–2"
        )
        assert ecog["status"] == "met"
        # Provenance on the card and on the trial page: the site and the version's date.
        stamp = "Criteria curated by Test Cancer Centre on 2026-11-25."
        assert stamp in card["detail"].splitlines()
        assert stamp in page_text(client, IMPORTED)
        # ... and the caveat under them: a person stands behind these, not the extractor.
        assert card["detail"].endswith(
            f"_{CURATED} — verify them against the official protocol before referring._"
        )
        assert f"{CURATED}. Verify them against the official protocol" in page_text(
            client, IMPORTED
        )
        checklist = checklist_text(client, card)
        assert stamp in checklist
        assert f"{CURATED}: verify them against the official protocol" in checklist
        assert "read automatically" not in checklist


def test_a_curated_version_of_a_shipped_trial_changes_what_match_returns(
    client: TestClient, settings: Settings, extracted: Trial
) -> None:
    seed = client.app.state.runtime.catalog.catalog.get(SEED)  # type: ignore[attr-defined]
    cards = cards_by_trial(client)
    assert cards[SEED]["extension"][TRIAL_MATCH_KEY]["verdict"] == "eligible"
    # The imported trial's criteria were read by the extractor: card and page say so.
    count = manual_review_count(extracted)
    assert count > 1
    needing = f"Read automatically from the registry text; {count} items need a person."
    assert needing in cards[IMPORTED]["detail"].splitlines()
    assert needing in page_text(client, IMPORTED)
    assert cards[IMPORTED]["detail"].endswith(
        f"_{READ} — verify them against the official protocol before referring._"
    )
    assert f"{READ}. Verify them against the official protocol" in page_text(client, IMPORTED)
    assert f"{READ}: verify them against the official protocol" in checklist_text(
        client, cards[IMPORTED]
    )
    criteria = tuple(
        c.model_copy(update={"max_years": 50, "label": "Age ≤ 50"}) if c.type == "age" else c
        for c in seed.criteria
    )
    store_for(settings).publish(seed.model_copy(update={"criteria": criteria}), by="ana")

    wait_for_version(client, SEED, 1)
    assert SEED not in cards_by_trial(client)  # age 51 > 50: not eligible, no card

    # A new process (the CLI) builds its catalog with the same precedence.
    env = {
        "ONCOMATCH_DATA_DIR": str(settings.data_dir),
        "ONCOMATCH_DATABASE_URL": settings.resolved_database_url(),
        "ONCOMATCH_AUTH": "off",
        "ONCOMATCH_CATALOG_DIR": str(settings.catalog_dir),
        "ONCOMATCH_SITE_NAME": "Test Cancer Centre",
    }
    result = CliRunner().invoke(cli, ["match", str(BUNDLE), "--json"], env=env)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    suggested = {
        card["extension"][TRIAL_MATCH_KEY]["nctId"]
        for card in answer["cards"]
        if TRIAL_MATCH_KEY in card.get("extension", {})
    }
    assert IMPORTED in suggested  # the answer is a real one: the imported trial still matches
    assert SEED not in suggested
    # The text output says per trial where its criteria come from.
    text = CliRunner().invoke(cli, ["match", str(BUNDLE)], env=env)
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    seed_at = next(i for i, line in enumerate(lines) if line.startswith(f"{SEED}  "))
    assert lines[seed_at + 1] == "criteria: Criteria curated by Test Cancer Centre on 2026-11-25"
    imported_at = next(i for i, line in enumerate(lines) if line.startswith(f"{IMPORTED}  "))
    assert lines[imported_at + 1] == f"criteria: {needing.removesuffix('.')}"


def test_a_catalog_loaded_for_some_trials_holds_each_as_the_whole_catalog_does(
    settings: Settings, extracted: Trial
) -> None:
    """Pre-screening's `--trial` loads its trials alone: each layer reads those ids, with the
    same precedence (a published version over a file over an import, the registry's status on
    a published version of an import)."""
    from cds_service.catalog.source import load_catalog_source

    assert settings.catalog_dir is not None
    from_file = without_free_text(extracted).model_copy(
        update={"source": TrialSource(kind="curated", url=extracted.source.url)}
    )
    (settings.catalog_dir / f"{IMPORTED}.json").write_text(from_file.model_dump_json())
    engine = make_engine(settings.resolved_database_url())
    try:
        others = json.loads((STUDIES / "list.json").read_text(encoding="utf-8"))
        for record in others:  # imported trials not asked for
            import_record(engine, record)
        store = CurationStore(engine, clock=lambda: FIXED_NOW)
        store.publish(with_ecog_max(from_file, 2), by="ana")
        seed = load_catalog_source(settings, engine).holder.catalog.get(SEED)
        assert seed is not None
        store.publish(seed.model_copy(update={"short_title": "Seed, curated here"}), by="ana")
        whole = load_catalog_source(settings, engine).holder.catalog
        asked = {IMPORTED, SEED, "NCT99999999"}  # the last in no layer
        part = load_catalog_source(settings, engine, only=asked).holder.catalog
        imported_only = load_catalog_source(settings, engine, only={IMPORTED}).holder.catalog
    finally:
        engine.dispose()

    assert len(whole) == 2 + len(others)
    assert sorted(t.nct_id for t in part) == [IMPORTED, SEED]
    for nct_id in (IMPORTED, SEED):
        assert part.get(nct_id) == whole.get(nct_id)
    in_force = part.get(IMPORTED)
    assert in_force is not None
    assert in_force.curation is not None
    assert in_force.overall_status is extracted.overall_status
    assert part.get(SEED).short_title == "Seed, curated here"  # type: ignore[union-attr]
    assert [t.nct_id for t in imported_only] == [IMPORTED]
