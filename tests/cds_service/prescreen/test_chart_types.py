"""The types pre-screening reads from an export: those the hook reads, its prefetch templates'
and the Specimens it fetches for the results that refer to them (VAL-LAB-PANEL)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from cds_service.prescreen.chart_types import CHART_TYPES
from cds_service.prescreen.engines import LocalEngine
from cds_service.prescreen.run import run_prescreen
from cds_service.settings import Settings
from tests.cds_service.hooks.test_specimen_fetch import CREATININE_TRIAL, NCT
from tests.cds_service.prescreen.bulk_export import BUNDLES, write_export
from tests.cds_service.prescreen.conftest import fixed_clock


def test_val_lab_panel_the_chart_types_hold_the_specimens_the_hook_fetches() -> None:
    assert "Specimen" in CHART_TYPES
    assert {"Patient", "Condition", "Observation", "DiagnosticReport"} <= CHART_TYPES
    assert "Encounter" not in CHART_TYPES


def test_val_lab_panel_a_urine_specimen_in_the_export_is_read(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    """The urine creatinine of `rw_labs_urine_creatinine_by_specimen` is told apart by its
    Specimen, exported in Specimen.ndjson: the serum creatinine (0.88 mg/dL) decides, as on the
    card — not 8840 μmol/L read as serum (not eligible) nor a sample left unknown."""
    bundle = json.loads(
        (BUNDLES / "realistic" / "rw_labs_urine_creatinine_by_specimen.json").read_text("utf-8")
    )
    export = write_export(tmp_path / "export", [bundle])
    assert (export / "Specimen.001.ndjson").exists()
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / f"{NCT}.json").write_text(json.dumps(CREATININE_TRIAL), encoding="utf-8")
    settings = make_settings(catalog_dir=catalog, synthetic_catalog=None)
    run_prescreen(
        export,
        tmp_path / "out",
        settings=settings,
        clock=fixed_clock,
        engine=LocalEngine(1),
        trials=[NCT],
    )
    with (tmp_path / "out" / f"worklist-{NCT}.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["patient_id"]: row["verdict"] for row in csv.DictReader(handle)}
    assert rows == {bundle["id"]: "eligible"}
