"""ImportedTrialStore on SQLite and PostgreSQL: originals kept, counts, status changes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cds_service.catalog.source import CatalogLayers, CatalogWatcher
from cds_service.catalog.store import ImportedTrialStore
from cds_service.curation.versions import CurationStore
from eligibility.catalog import Catalog
from eligibility.ctgov import convert_study, iter_studies
from eligibility.holder import CatalogHolder
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import Trial, TrialStatus

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ctgov"


def studies(name: str) -> list[Any]:
    return list(iter_studies(json.loads((FIXTURES / name).read_text(encoding="utf-8"))))


def upsert(store: ImportedTrialStore, records: list[Any], retrieved: date = date(2026, 6, 1)):  # type: ignore[no-untyped-def]
    converted = [convert_study(s, retrieved=retrieved) for s in records]
    return store.upsert(
        [c.trial for c in converted],
        {c.trial.nct_id: s for c, s in zip(converted, records, strict=True)},
        last_update_by_id={c.trial.nct_id: c.last_update for c in converted},
    )


def test_insert_keeps_the_original_record_and_every_trial(store: ImportedTrialStore) -> None:
    records = studies("study_NCT00000001.json") + studies("list.json")
    counts = upsert(store, records)
    assert (counts.new, counts.updated, counts.closed, counts.unchanged) == (3, 0, 0, 0)
    # The API record is kept exactly (as JSON text), with its eligibility text.
    raw = store.raw_json("NCT00000001")
    assert raw is not None
    assert json.loads(raw) == records[0]
    # NCT00000003 is COMPLETED: stored and loaded with its status (it gets a page; the matcher
    # keeps to the configured statuses).
    assert [t.nct_id for t in store.load_all()] == ["NCT00000001", "NCT00000002", "NCT00000003"]
    assert store.status_of("NCT00000003") is TrialStatus.COMPLETED
    loaded = store.load_all()[0]
    assert isinstance(loaded, Trial)
    assert loaded.criteria == convert_study(records[0], retrieved=date(2026, 6, 1)).trial.criteria
    assert store.last_update_date() == date(2026, 5, 1)


def test_same_record_again_is_unchanged_even_on_a_later_day(store: ImportedTrialStore) -> None:
    records = studies("study_NCT00000001.json")
    upsert(store, records)
    before = store.fingerprint()
    counts = upsert(store, records, retrieved=date(2026, 6, 2))
    assert (counts.new, counts.updated, counts.unchanged) == (0, 0, 1)
    assert store.fingerprint() == before  # nothing for a running service to reload
    assert store.load_all()[0].data_as_of == date(2026, 6, 2)


def test_a_changed_record_is_updated_and_a_closed_one_is_counted_closed(
    store: ImportedTrialStore,
) -> None:
    (record,) = studies("study_NCT00000001.json")
    upsert(store, [record])
    changed = json.loads(json.dumps(record))
    changed["protocolSection"]["descriptionModule"]["briefSummary"] = "Amended."
    counts = upsert(store, [changed])
    assert (counts.updated, counts.closed) == (1, 0)
    closed = json.loads(json.dumps(changed))
    closed["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    counts = upsert(store, [closed])
    assert (counts.updated, counts.closed, counts.closed_ids) == (0, 1, ["NCT00000001"])
    assert store.status_of("NCT00000001") is TrialStatus.COMPLETED
    assert json.loads(store.raw_json("NCT00000001") or "{}") == closed


def test_mark_status(store: ImportedTrialStore) -> None:
    upsert(store, studies("study_NCT00000001.json"))
    before = store.fingerprint()
    assert store.mark_status("NCT00000001", TrialStatus.WITHDRAWN)
    assert not store.mark_status("NCT00000099", TrialStatus.WITHDRAWN)
    assert store.load_all()[0].overall_status is TrialStatus.WITHDRAWN
    assert store.fingerprint() != before


def test_empty_store(store: ImportedTrialStore) -> None:
    assert store.load_all() == []
    assert store.last_update_date() is None
    assert store.known_ids() == set()
    assert store.fingerprint() == (0, None)


def test_watcher_swaps_in_a_new_catalog_when_the_store_changes(store: ImportedTrialStore) -> None:
    taxonomy = default_taxonomy()
    (npc,) = studies("study_NCT00000001.json")
    imported = convert_study(npc, retrieved=date(2026, 6, 1)).trial
    curated_trial = imported.model_copy(
        update={"source": imported.source.model_copy(update={"kind": "curated"})}
    )
    holder = CatalogHolder(Catalog([], taxonomy))
    layers = CatalogLayers(
        local=Catalog([curated_trial], taxonomy),
        imported=store,
        curation=CurationStore(store.engine, clock=lambda: datetime(2026, 6, 1, tzinfo=UTC)),
        site_name="Test site",
    )
    watcher = CatalogWatcher(layers, holder)
    assert watcher.check()  # first check loads
    assert not watcher.check()  # nothing changed: no reload
    upsert(store, [*studies("list.json"), npc])
    assert watcher.check()
    catalog = holder.catalog

    def suggested() -> list[str]:
        return [t.nct_id for t in holder.catalog if holder.referral.why_not(t) is None]

    # Every stored trial is in the catalog (each has its page); the COMPLETED import is never
    # suggested, and the curated file wins for the same NCT id.
    assert sorted(t.nct_id for t in catalog) == ["NCT00000001", "NCT00000002", "NCT00000003"]
    assert suggested() == ["NCT00000001", "NCT00000002"]
    assert catalog.get("NCT00000001") is not None
    assert catalog.get("NCT00000001").source.kind == "curated"  # type: ignore[union-attr]
    store.mark_status("NCT00000002", TrialStatus.WITHDRAWN)
    assert watcher.check()
    assert suggested() == ["NCT00000001"]
    assert holder.catalog.get("NCT00000002").overall_status is TrialStatus.WITHDRAWN  # type: ignore[union-attr]


def test_startup_builds_the_catalog_once_and_follows_later_imports(
    store: ImportedTrialStore, engine: Any, tmp_path: Path
) -> None:
    from cds_service.catalog.source import load_catalog_source
    from cds_service.settings import Settings

    upsert(store, studies("list.json"))
    source = load_catalog_source(Settings(data_dir=tmp_path), engine)
    first = source.holder.matcher
    assert "NCT00000002" in source.holder.catalog  # imported trials are in from the start
    assert not source.refresh()  # nothing changed since startup: no second build
    assert source.holder.matcher is first
    (npc,) = studies("study_NCT00000001.json")
    upsert(store, [npc])
    assert source.refresh()
    assert "NCT00000001" in source.holder.catalog
