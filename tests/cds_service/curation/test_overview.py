"""The /curation list's rows: where each trial's criteria come from, what still needs a person,
the registry-text flag and the version in force, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from curation_testkit import IMPORTED, SteppingClock, reimport_with_new_item, without_free_text
from sqlalchemy import Engine

from cds_service.catalog.source import load_catalog_source
from cds_service.curation.overview import CriteriaSource, curation_overview
from cds_service.settings import Settings
from eligibility.provenance import manual_review_count
from eligibility.trial import Trial, TrialStatus

SEED = "NCT07188584"


def test_rows_follow_publishing_and_the_registry(
    engine: Engine, extracted: Trial, tmp_path: Path
) -> None:
    source = load_catalog_source(Settings(data_dir=tmp_path), engine, clock=SteppingClock())
    rows = {row.nct_id: row for row in curation_overview(source)}
    assert set(rows) == {IMPORTED, SEED}
    assert rows[SEED].source is CriteriaSource.CURATED_FILE
    assert rows[SEED].needs_person == 0
    assert rows[SEED].overall_status is TrialStatus.RECRUITING
    imported = rows[IMPORTED]
    assert imported.source is CriteriaSource.IMPORTED_EXTRACTED
    assert imported.title == extracted.title
    assert imported.needs_person == manual_review_count(extracted) > 0
    assert imported.version is None
    assert not imported.registry_changed

    version = source.curation.publish(without_free_text(extracted), by="ana")
    seed = source.holder.catalog.get(SEED)
    assert seed is not None
    source.curation.publish(seed, by="ben")
    rows = {row.nct_id: row for row in curation_overview(source)}  # before any refresh
    assert rows[IMPORTED].source is CriteriaSource.IMPORTED_CURATED
    assert rows[IMPORTED].needs_person == 0
    assert rows[IMPORTED].version is not None
    assert (rows[IMPORTED].version.number, rows[IMPORTED].version.by) == (1, "ana")
    assert rows[IMPORTED].version.at == version.published_at
    assert rows[SEED].source is CriteriaSource.FILE_CURATED

    reimport_with_new_item(engine)
    assert [row.nct_id for row in curation_overview(source) if row.registry_changed] == [IMPORTED]
    source.curation.mark_reviewed(IMPORTED, "ana")
    assert not any(row.registry_changed for row in curation_overview(source))
