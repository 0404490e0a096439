"""Specimens over the hook (VAL-LAB-PANEL): a laboratory result that says it is urine only
through its `specimen`, a Specimen no prefetch template asks for. The service fetches the
Specimens the chart's Observations refer to and does not hold, only then; when they cannot be
had, the call goes on and such a result's sample stays unknown, never read as serum."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cards import TRIAL_MATCH_KEY
from cds_service.hooks.specimen_need import SpecimenNeed, specimen_queries
from cds_service.service import create_app
from cds_service.settings import Settings
from eligibility.catalog import Catalog
from eligibility.holder import CatalogHolder
from eligibility.trial import Trial
from fhir_mapping import bundle_to_hook_request, unheld_specimens
from fhir_mapping.selection import flatten
from tests.cds_service.conftest import FIXED_NOW
from tests.support.fhir_server import Answer, FhirServer, running_fhir_server

URL = "/cds-services/oncomatch-trials"
CHARTS = Path(__file__).resolve().parents[3] / "test_bundles" / "realistic"
CHART = "rw_labs_urine_creatinine_by_specimen"
PATIENT_ID = "rw-labs-urine-creatinine-by-specimen"
SPECIMEN = "Specimen/rw-labs-urine-creatinine-by-specimen-specimen-1"
NCT = "NCT00000072"
# A serum creatinine limit in absolute units: the chart's serum creatinine (78 μmol/L, 0.88
# mg/dL) meets it; its urine creatinine (8840 μmol/L, 100 mg/dL) read as serum would exclude.
CREATININE_TRIAL: dict[str, Any] = {
    "nct_id": NCT,
    "title": "Test trial: serum creatinine",
    "phase": "Phase 2",
    "overall_status": "RECRUITING",
    "conditions": ["Nasopharyngeal Carcinoma"],
    "locations": [{"country": "China"}],
    "data_as_of": "2026-11-01",
    "criteria": [
        {
            "type": "lab",
            "id": "creatinine",
            "label": "Serum creatinine ≤ 1.5 mg/dL",
            "analyte": "creatinine",
            "comparator": "<=",
            "value": 1.5,
            "within_days": 28,
        }
    ],
    "source": {"kind": "curated"},
}


def _chart() -> list[dict[str, Any]]:
    bundle = json.loads((CHARTS / f"{CHART}.json").read_text("utf-8"))
    return [resource for resource, _ in flatten([bundle])]


@pytest.fixture
def server() -> Iterator[FhirServer]:
    """The hospital's FHIR server, holding the whole chart, its Specimen too."""
    with running_fhir_server() as fhir:
        fhir.serve(_chart())
        yield fhir


@pytest.fixture
def client(make_settings: Callable[..., Settings], tmp_path: Path) -> Iterator[TestClient]:
    directory = tmp_path / "catalog"
    directory.mkdir()
    (directory / f"{NCT}.json").write_text(json.dumps(CREATININE_TRIAL), encoding="utf-8")
    app = create_app(make_settings(catalog_dir=directory), clock=lambda: FIXED_NOW)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _no_prefetch(server: FhirServer | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hook": "patient-view",
        "hookInstance": "5c0f3a52-1d3e-4b7e-9a55-2f1b6b0e8a41",
        "context": {"userId": "Practitioner/example", "patientId": PATIENT_ID},
    }
    if server is not None:
        body["fhirServer"] = server.base_url
    return body


def _prefetched(server: FhirServer | None) -> dict[str, Any]:
    """Every template answered, as an EHR does: no template asks for Specimens."""
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": []}
    bundle["entry"] = [{"resource": r} for r in _chart()]
    fhir = server.base_url if server is not None else None
    return bundle_to_hook_request(bundle, hook_instance="hook-specimen", fhir_server=fhir)


def _creatinine(client: TestClient, body: dict[str, Any]) -> tuple[str, str] | None:
    """The creatinine criterion's status and reason on the trial's card, None without a card
    (the trial not eligible)."""
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text
    for card in response.json()["cards"]:
        match = card.get("extension", {}).get(TRIAL_MATCH_KEY, {})
        if match.get("nctId") == NCT:
            (criterion,) = match["criteria"]
            return criterion["status"], criterion["reason"]
    return None


def _specimen_requests(server: FhirServer) -> list[str]:
    return [r.path for r in server.requests if r.path.startswith("/fhir/Specimen")]


def test_val_lab_panel_a_specimen_only_on_the_server_is_fetched_without_prefetch(
    client: TestClient, server: FhirServer
) -> None:
    """The whole chart read from the FHIR server: the urine creatinine's Specimen is fetched
    too, so the serum creatinine decides (met), not 8840 μmol/L read as serum (a wrong
    exclusion: no card)."""
    found = _creatinine(client, _no_prefetch(server))
    assert found is not None, "the urine creatinine was read as serum: the trial was excluded"
    assert found[0] == "met", found
    assert _specimen_requests(server) == [
        f"/fhir/Specimen?_id={SPECIMEN.removeprefix('Specimen/')}&patient={PATIENT_ID}&_count=200"
    ]


def test_val_lab_panel_a_specimen_no_template_asks_for_is_fetched_after_the_prefetch(
    client: TestClient, server: FhirServer
) -> None:
    found = _creatinine(client, _prefetched(server))
    assert found is not None
    assert found[0] == "met", found
    # Everything else came with the call: the Specimen is the one thing asked of the server.
    assert [r.path.split("?")[0] for r in server.requests] == ["/fhir/Specimen"]


def test_val_lab_panel_a_specimen_that_cannot_be_had_leaves_the_sample_unknown(
    client: TestClient, server: FhirServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The server refuses Specimens (a token without that scope): the call goes on, and the
    result of the unknown sample is the newest creatinine, unreadable — never a serum 8840."""
    server.route("Specimen", Answer(status=403, body=b"forbidden"))
    caplog.set_level(logging.WARNING, logger="oncomatch.prefetch")
    found = _creatinine(client, _prefetched(server))
    assert found is not None, "the urine creatinine was read as serum: the trial was excluded"
    status, reason = found
    assert status == "unknown"
    assert f"its sample ({SPECIMEN}) not in the chart: urine or serum" in reason
    (record,) = [r for r in caplog.records if r.name == "oncomatch.prefetch"]
    assert "specimens" in record.getMessage()
    assert "HTTP 403" in record.getMessage()
    assert PATIENT_ID not in record.getMessage()  # no patient id in the log


def test_val_lab_panel_without_a_fhir_server_the_sample_stays_unknown(
    client: TestClient,
) -> None:
    found = _creatinine(client, _prefetched(None))
    assert found is not None
    assert found[0] == "unknown", found


def test_val_lab_panel_no_specimen_is_fetched_when_no_observation_refers_to_one(
    client: TestClient, server: FhirServer
) -> None:
    """The hot path: a chart whose results name no Specimen costs no extra query."""
    chart = [r for r in _chart() if r["resourceType"] != "Specimen"]
    for resource in chart:
        resource.pop("specimen", None)
    with running_fhir_server() as bare:
        bare.serve(chart)
        # 8840 μmol/L of a result that names no sample is read as the serum's: no card.
        assert _creatinine(client, _no_prefetch(bare)) is None
        assert _specimen_requests(bare) == []
    assert server.requests == []


def _result(oid: str, name: str, specimen: dict[str, str]) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": oid,
        "code": {"text": name},
        "specimen": specimen,
        "valueQuantity": {"value": 80, "unit": "umol/L"},
    }


def test_val_lab_panel_only_specimens_that_say_the_sample_are_asked_for() -> None:
    absolute = {"reference": "https://ehr.example.org/fhir/Specimen/s1/_history/2"}
    creatinine = _result("o1", "肌酐", absolute)
    contained = _result("o2", "肌酐", {"reference": "#s2"})
    held = {"resourceType": "Specimen", "id": "s3"}
    on_held = _result("o3", "肌酐", {"reference": "Specimen/s3"})
    named = _result("o4", "肌酐", {"reference": "Specimen/s4", "display": "血清"})
    # No laboratory counts neutrophils on urine; a urinalysis says its sample by its name.
    anc = _result("o5", "中性粒细胞绝对值", {"reference": "Specimen/s5"})
    urinalysis = _result("o6", "尿常规", {"reference": "Specimen/s6"})
    panel = {
        **_result("o7", "肾功能", {"reference": "Specimen/s7"}),
        "component": [{"code": {"text": "肌酐"}, "valueQuantity": {"value": 80, "unit": "umol/L"}}],
    }
    chart = [creatinine, contained, held, on_held, named, anc, urinalysis, panel, creatinine]
    assert unheld_specimens(chart) == ("s1", "s7")
    bundle = {"resourceType": "Bundle", "entry": [{"resource": r} for r in chart]}
    assert unheld_specimens([bundle]) == ("s1", "s7")
    assert unheld_specimens([held, on_held, named, anc, urinalysis]) == ()


def _catalog(*analytes: str) -> CatalogHolder:
    trial = CREATININE_TRIAL | {
        "criteria": [
            {"type": "lab", "id": a, "label": a, "analyte": a, "comparator": "<=", "value": 1}
            for a in analytes
        ]
    }
    return CatalogHolder(Catalog([Trial.model_validate(trial)]))


def test_val_lab_panel_specimens_are_fetched_only_for_a_catalog_that_reads_their_analytes() -> None:
    chart = [_result("o1", "肌酐", {"reference": "Specimen/s1"})]
    assert SpecimenNeed(_catalog("creatinine"))(chart, "p1") == ("Specimen?_id=s1&patient=p1",)
    assert SpecimenNeed(_catalog("total_bilirubin", "alt"))(chart, "p1") != ()
    assert SpecimenNeed(_catalog("anc", "alt", "platelets"))(chart, "p1") == ()


def test_val_lab_panel_specimen_queries_are_bounded() -> None:
    assert specimen_queries(("a", "b"), "p1") == ("Specimen?_id=a,b&patient=p1",)
    many = tuple(f"s{i}" for i in range(120))
    queries = specimen_queries(many, "p1")
    assert len(queries) == 3
    assert all(q.startswith("Specimen?_id=") for q in queries)
    asked = [q.removeprefix("Specimen?_id=").removesuffix("&patient=p1") for q in queries]
    assert sorted(i for q in asked for i in q.split(",")) == sorted(many)
    # Past a few queries' worth, one search by patient reads them all, page after page.
    assert specimen_queries(tuple(f"s{i}" for i in range(500)), "p1") == ("Specimen?patient=p1",)
