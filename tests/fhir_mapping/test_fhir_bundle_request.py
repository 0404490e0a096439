"""Bundle -> patient-view request, and the file formats `load_hook_input` accepts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eligibility.vocabulary import Analyte
from fhir_mapping import HookInputError, build_facts, bundle_to_hook_request, load_hook_input
from tests.fhir_mapping.conftest import AS_OF, BUNDLES, load_bundle

PREFETCH_KEYS = {
    "patient",
    "conditions",
    "observations",
    "medicationStatements",
    "medicationRequests",
    "medicationAdministrations",
    "medicationDispenses",
    "procedures",
    "diagnosticReports",
}


def test_bundle_to_hook_request() -> None:
    request = bundle_to_hook_request(
        load_bundle("npc_eligible"),
        hook_instance="d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        fhir_server="https://ehr.example.org/fhir",
    )
    assert request["hook"] == "patient-view"
    assert request["hookInstance"] == "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"
    assert request["fhirServer"] == "https://ehr.example.org/fhir"
    assert request["context"] == {"userId": "Practitioner/example", "patientId": "npc-eligible"}
    prefetch = request["prefetch"]
    assert set(prefetch) == PREFETCH_KEYS
    assert prefetch["patient"]["resourceType"] == "Patient"
    for key in PREFETCH_KEYS - {"patient"}:
        assert prefetch[key]["resourceType"] == "Bundle"
        assert prefetch[key]["type"] == "searchset"
    assert prefetch["medicationAdministrations"] == {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": 0,
    }
    assert len(prefetch["medicationStatements"]["entry"]) == 6
    assert "fhirServer" not in bundle_to_hook_request(
        load_bundle("npc_eligible"), hook_instance="x"
    )


def test_the_request_maps_to_the_same_facts_as_the_bundle() -> None:
    bundle = load_bundle("npc_eligible")
    request = bundle_to_hook_request(bundle, hook_instance="x")
    from_request = build_facts(request["prefetch"].values(), patient_id="npc-eligible", as_of=AS_OF)
    from_bundle = build_facts([bundle], patient_id="npc-eligible", as_of=AS_OF)
    assert from_request.facts == from_bundle.facts


def test_nested_bundle_is_unpacked() -> None:
    request = bundle_to_hook_request(load_bundle("npc_messy_real_world"), hook_instance="x")
    ids = [e["resource"]["id"] for e in request["prefetch"]["observations"]["entry"]]
    assert "ecog-not-assessed" in ids


def test_load_hook_input_formats(tmp_path: Path) -> None:
    bundle_path = BUNDLES / "npc_eligible.json"
    from_bundle = load_hook_input(bundle_path, hook_instance="h1")
    assert from_bundle["context"]["patientId"] == "npc-eligible"

    request_path = tmp_path / "request.json"
    request_path.write_text(json.dumps(from_bundle), "utf-8")
    assert load_hook_input(request_path) == from_bundle

    ndjson = tmp_path / "chart.ndjson"
    resources = [e["resource"] for e in load_bundle("npc_eligible")["entry"]]
    ndjson.write_text("\n".join(json.dumps(r) for r in resources) + "\n", "utf-8")
    from_ndjson = load_hook_input(ndjson, hook_instance="h1")
    assert from_ndjson["prefetch"] == from_bundle["prefetch"]

    single = tmp_path / "patient.json"
    single.write_text(json.dumps(resources[0]), "utf-8")
    assert load_hook_input(single)["context"]["patientId"] == "npc-eligible"


@pytest.mark.parametrize("name", ["npc_eligible.json", "chart.ndjson"])
def test_a_file_saved_with_a_byte_order_mark_reads_as_without(tmp_path: Path, name: str) -> None:
    # Notepad and PowerShell's UTF8 encoding write one; RFC 8259 (8.1) lets a parser ignore it.
    resources = [e["resource"] for e in load_bundle("npc_eligible")["entry"]]
    plain = (
        (BUNDLES / name).read_bytes()
        if name.endswith(".json")
        else "\n".join(json.dumps(r) for r in resources).encode()
    )
    (tmp_path / "plain").write_bytes(plain)
    (tmp_path / "marked").write_bytes(b"\xef\xbb\xbf" + plain)
    expected = load_hook_input(tmp_path / "plain", hook_instance="h1")
    assert load_hook_input(tmp_path / "marked", hook_instance="h1") == expected


@pytest.mark.parametrize(
    "content",
    [b"", b"not json\n{", b"[1, 2]", b'{"hook": "order-sign"}', b'{"a": 1}', b"\xff\xfe\x00"],
)
def test_load_hook_input_rejects_what_it_cannot_read(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(content)
    with pytest.raises(HookInputError):
        load_hook_input(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(HookInputError):
        load_hook_input(tmp_path / "absent.json")


REALISTIC = Path(__file__).resolve().parents[2] / "test_bundles" / "realistic"
REALISTIC_AS_OF = date(2026, 11, 25)  # the realistic charts' as_of (their README)


def _creatinine_sample_unknown(request: dict[str, Any]) -> bool:
    """Whether the newest creatinine of the request's chart is of a sample the chart leaves
    unknown (its Specimen not held)."""
    facts = build_facts(
        request["prefetch"].values(),
        patient_id=request["context"]["patientId"],
        as_of=REALISTIC_AS_OF,
    ).facts
    (creatinine,) = [lab for lab in facts.labs if lab.analyte is Analyte.CREATININE]
    return creatinine.unreadable is not None and "urine or serum" in creatinine.unreadable


def test_val_lab_panel_a_file_sends_the_specimens_its_results_refer_to() -> None:
    """VAL-LAB-PANEL: `oncomatch match FILE` has no FHIR server to fetch Specimens from, so the
    file's Specimens ride in the observations' searchset (search mode `include`): the urine
    creatinine told apart only by its Specimen is the urine's, as the live hook reads it after
    fetching. An EHR's prefetch (the tests' `bundle_to_hook_request`) holds none."""
    path = REALISTIC / "rw_labs_urine_creatinine_by_specimen.json"
    from_file = load_hook_input(path, hook_instance="h")
    included = [
        entry
        for entry in from_file["prefetch"]["observations"]["entry"]
        if entry["resource"]["resourceType"] == "Specimen"
    ]
    assert [entry["search"] for entry in included] == [{"mode": "include"}]
    assert not _creatinine_sample_unknown(from_file)
    as_prefetched = bundle_to_hook_request(json.loads(path.read_text("utf-8")), hook_instance="h")
    assert _creatinine_sample_unknown(as_prefetched)
