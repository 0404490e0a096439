"""Pre-screening gives every patient the verdicts the hook gives the same chart: the bulk export
is made from every committed test bundle (and the real Synthea export, read in place), and the
hook itself, run on each bundle, is the oracle. A record exported without any patient reference
is the one difference (GEN-ONE-PATIENT): the hook reads it as the patient's, since the chart
answers the patient's own searches, while the export cannot say whose it is and counts it; the
oracle is given the bundle without such records."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cards import TRIAL_MATCH_KEY
from cds_service.hooks.request import HookRequest
from cds_service.prescreen.engines import LocalEngine
from cds_service.prescreen.run import run_prescreen
from cds_service.runtime import Runtime
from cds_service.service import build_runtime
from cds_service.settings import Settings
from fhir_mapping import bundle_to_hook_request
from tests.cds_service.prescreen.bulk_export import (
    as_bundle,
    bundle_resources,
    reference_patients,
    write_export,
)
from tests.cds_service.prescreen.conftest import FIXED_NOW, fixed_clock
from tests.support.fhir_server import running_fhir_server

Verdicts = dict[str, str]  # NCT id -> verdict

# The resources an export places without a patient reference: the patient, and what is shared.
_NOT_A_PATIENTS_RECORD = frozenset({"Patient", "Medication"})


def attributable(bundle: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The bundle without the records a bulk export cannot attribute (no `subject`, `patient`
    or `beneficiary`), and how many there were."""
    entries = [
        entry
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] in _NOT_A_PATIENTS_RECORD
        or any(key in entry["resource"] for key in ("subject", "patient", "beneficiary"))
    ]
    return bundle | {"entry": entries}, len(bundle["entry"]) - len(entries)


def hook_verdicts(settings: Settings, bundles: list[dict[str, Any]]) -> dict[str, Verdicts]:
    """Each bundle's patient -> the verdict on every trial card the hook answers with. Every
    template prefetched, and the bundles on the EHR's FHIR server: what no template asks for
    (the Specimens a result refers to, VAL-LAB-PANEL) the hook fetches from there."""
    runtime = build_runtime(settings, clock=fixed_clock)
    found: dict[str, Verdicts] = {}
    with running_fhir_server() as server:
        server.serve([r for bundle in bundles for r in bundle_resources(bundle)])
        try:
            for bundle in bundles:
                found.update(_hook_verdicts(runtime, settings, bundle, server.base_url))
        finally:
            runtime.engine.dispose()
    return found


def _hook_verdicts(
    runtime: Runtime, settings: Settings, bundle: dict[str, Any], fhir_server: str
) -> dict[str, Verdicts]:
    request = HookRequest.model_validate(
        bundle_to_hook_request(bundle, hook_instance="h", fhir_server=fhir_server)
    )
    context = request.patient_view_context()
    response = runtime.answer_hook(request, context)
    trial_cards = [c.extension for c in response.cards if c.extension]
    matches = [e[TRIAL_MATCH_KEY] for e in trial_cards if TRIAL_MATCH_KEY in e]
    # Every match must be on a card, or the oracle would miss some (no "N more" card).
    assert len(matches) < settings.max_cards, context.patient_id
    return {context.patient_id: {m["nctId"]: m["verdict"] for m in matches}}


def worklist_verdicts(out_dir: Path) -> dict[str, Verdicts]:
    found: dict[str, Verdicts] = {}
    for path in sorted(out_dir.glob("worklist-*.csv")):
        nct_id = path.stem.removeprefix("worklist-")
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                found.setdefault(row["patient_id"], {})[nct_id] = row["verdict"]
    return found


def test_every_test_bundle_gets_the_hooks_verdicts(
    tmp_path: Path,
    bundles: dict[str, dict[str, Any]],
    make_settings: Callable[..., Settings],
    shared_reference: Path,
) -> None:
    synthea = shared_reference / "fhir-real" / "bulk-export-10-patients"
    export = write_export(tmp_path / "export", bundles.values(), link_from=synthea)
    assert (export / "Condition.000.ndjson").is_symlink()  # read in place, not copied
    settings = make_settings()
    summary = run_prescreen(
        export, tmp_path / "out", settings=settings, clock=fixed_clock, engine=LocalEngine(1)
    )

    synthea_bundles = [as_bundle(pid, res) for pid, res in reference_patients(synthea).items()]
    exported = [attributable(bundle) for bundle in bundles.values()]
    unattributed = sum(count for _, count in exported)
    assert unattributed > 0  # charts exported without subject (GEN-ONE-PATIENT) are among them
    assert summary.resources_skipped.get("no_patient_reference", 0) >= unattributed
    expected = hook_verdicts(settings, [*(bundle for bundle, _ in exported), *synthea_bundles])
    got = worklist_verdicts(tmp_path / "out")
    for patient_id, verdicts in expected.items():
        assert got.get(patient_id, {}) == verdicts, patient_id
    # Someone with verdicts on both sides, and trials beyond the seed one: not a vacuous match.
    assert sum(1 for v in expected.values() if v) > 50
    assert len({nct for v in expected.values() for nct in v}) > 10
    # Patients: the bundles' own, the one other patient a bundle mentions, and Synthea's 13.
    assert summary.patients_read == len(bundles) + 1 + len(synthea_bundles)
    assert summary.as_of == FIXED_NOW.date()


def test_the_csv_says_what_to_record_and_when_the_deciding_data_is_from(
    bundle_export: Path, tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    run_prescreen(
        bundle_export,
        tmp_path / "out",
        settings=make_settings(),
        clock=fixed_clock,
        trials=["NCT07188584"],
    )
    with (tmp_path / "out" / "worklist-NCT07188584.csv").open(newline="") as handle:
        rows = {row["patient_id"]: row for row in csv.DictReader(handle)}
    eligible = rows["npc-eligible"]
    assert eligible["verdict"] == "eligible"
    assert eligible["unknown_criteria"] == ""
    # The newest dated evidence of its met criteria: ECOG 1 on 2026-11-10, labs of 2026-11-12.
    assert eligible["decided_by_data_of"] == "2026-11-12"
    no_ecog = rows["npc-no-ecog"]
    assert no_ecog["verdict"] == "possibly_eligible"
    assert "ECOG" in no_ecog["unknown_criteria"]
    assert "performance status" in no_ecog["to_record"].lower()
    assert "npc-age-71" not in rows  # not eligible: on no worklist, like on no card
    assert list(tmp_path.joinpath("out").glob("worklist-*.csv")) == [
        tmp_path / "out" / "worklist-NCT07188584.csv"
    ]


@pytest.mark.parametrize("patient_id", ["npc-eligible"])
def test_a_patient_spread_over_gzipped_and_plain_files_is_one_chart(
    patient_id: str, bundle_export: Path
) -> None:
    names = {path.name for path in bundle_export.iterdir()}
    assert "Observation.001.ndjson.gz" in names
    assert "Condition.001.ndjson" in names
