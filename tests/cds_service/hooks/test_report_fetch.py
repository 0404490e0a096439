"""DiagnosticReports over the hook (brain imaging conclusions, CNS-METASTASES; a progression in
an imaging conclusion, LOT-PROGRESSION): prefetched, fetched only when the call needs them, or
absent (the call goes on; stability stays unknown, lines are read from the other records)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cds_service.hooks.report_need import (
    ReportNeed,
    catalog_asks_brain_metastases,
    catalog_asks_radiotherapy,
    catalog_asks_stability,
    catalog_reads_lines,
)
from cds_service.service import create_app
from cds_service.settings import Settings
from eligibility.catalog import Catalog
from eligibility.holder import CatalogHolder
from eligibility.trial import Trial
from fhir_mapping import (
    chart_names_a_cancer,
    chart_names_brain_metastases,
    chart_records_therapy,
)
from tests.cds_service.conftest import FIXED_NOW, RecordingPipeline
from tests.support.fhir_server import (
    Answer,
    FhirServer,
    json_answer,
    running_fhir_server,
    searchset,
)

URL = "/cds-services/oncomatch-trials"
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1960-03-01"}
BRAIN_METASTASES = {
    "resourceType": "Condition",
    "id": "c-brain",
    "subject": {"reference": "Patient/p1"},
    "code": {
        "coding": [
            {
                "system": "http://snomed.info/sct",
                "code": "94225005",
                "display": "Secondary malignant neoplasm of brain",
            }
        ]
    },
}
OTHER_CONDITION = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/p1"}}
REPORT = {
    "resourceType": "DiagnosticReport",
    "id": "r-mri",
    "status": "final",
    "subject": {"reference": "Patient/p1"},
    "code": {"text": "MRI brain with contrast"},
    "effectiveDateTime": "2026-10-01",
    "conclusion": "Stable treated metastases, no new lesions.",
}
REPORTS_PATH = "/fhir/DiagnosticReport?patient=p1&_count=200"


def _trial(allowed: str) -> dict[str, Any]:
    return {
        "nct_id": "NCT00000071",
        "title": "Test trial",
        "phase": "Phase 2",
        "overall_status": "RECRUITING",
        "conditions": ["Breast Cancer"],
        "locations": [{"country": "United States"}],
        "data_as_of": "2026-05-01",
        "criteria": [
            {"type": "brain_metastases", "id": "cns", "label": "Brain", "allowed": allowed}
        ],
        "source": {"kind": "curated"},
    }


def _catalog_dir(tmp_path: Path, trial: dict[str, Any]) -> Path:
    directory = tmp_path / "catalog"
    directory.mkdir()
    (directory / f"{trial['nct_id']}.json").write_text(json.dumps(trial), encoding="utf-8")
    return directory


def _request(server: FhirServer | None, prefetch: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hook": "patient-view",
        "hookInstance": "0b8c8a3e-7d0c-4a53-9a44-3a0a0f7d1f11",
        "context": {"userId": "Practitioner/example", "patientId": "p1"},
    }
    if server is not None:
        body["fhirServer"] = server.base_url
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body


@pytest.fixture
def server() -> Iterator[FhirServer]:
    with running_fhir_server() as fhir:
        fhir.route("Patient", json_answer(PATIENT))
        fhir.route("Condition", json_answer(searchset([BRAIN_METASTASES])))
        fhir.route("DiagnosticReport", json_answer(searchset([REPORT])))
        yield fhir


def _client(
    make_settings: Callable[..., Settings],
    pipeline: RecordingPipeline,
    tmp_path: Path,
    trial: dict[str, Any] | None = None,
) -> TestClient:
    """A service whose catalog is the shipped one and `trial` (default: one asking whether
    brain metastases are treated and stable)."""
    # The default timeouts: these servers are healthy, and a busy test runner can take longer
    # than a short deadline over the eight searches of a chart.
    directory = _catalog_dir(tmp_path, trial or _trial("treated_stable"))
    settings = make_settings(catalog_dir=directory)
    app = create_app(settings, clock=lambda: FIXED_NOW, pipeline=pipeline)
    return TestClient(app, raise_server_exceptions=False)


def _reports(pipeline: RecordingPipeline) -> list[str]:
    resources, _ = pipeline.calls[-1]
    return [r["id"] for r in resources if r["resourceType"] == "DiagnosticReport"]


def test_discovery_offers_the_report_key_unfiltered(protocol_client: TestClient) -> None:
    """A brain MRI and a CT whose conclusion says "疗效评价：PD" are recognised by their words,
    which no code filter selects: the EHR is asked for every report of the patient."""
    prefetch = protocol_client.get("/cds-services").json()["services"][0]["prefetch"]
    assert prefetch["diagnosticReports"] == "DiagnosticReport?patient={{context.patientId}}"


# Every key prefetched but the reports: a chart with brain metastases, nothing else on record.
PREFETCHED_BUT_REPORTS: dict[str, Any] = {
    "patient": PATIENT,
    "conditions": searchset([BRAIN_METASTASES]),
    "observations": None,
    "medicationStatements": None,
    "medicationRequests": None,
    "medicationAdministrations": None,
    "medicationDispenses": None,
    "procedures": None,
}


def test_a_prefetched_report_is_used_and_nothing_is_fetched(
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
    tmp_path: Path,
    server: FhirServer,
) -> None:
    prefetch = PREFETCHED_BUT_REPORTS | {"diagnosticReports": searchset([REPORT])}
    with _client(make_settings, recording_pipeline, tmp_path) as client:
        assert client.post(URL, json=_request(server, prefetch)).status_code == 200
    assert _reports(recording_pipeline) == ["r-mri"]
    assert server.requests == []


def test_a_chart_with_brain_metastases_gets_its_reports_fetched(
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
    tmp_path: Path,
    server: FhirServer,
) -> None:
    with _client(make_settings, recording_pipeline, tmp_path) as client:
        assert client.post(URL, json=_request(server)).status_code == 200
    assert _reports(recording_pipeline) == ["r-mri"]
    # Unfiltered by code: most reports are recognised by their name (fetch_plan.py).
    assert REPORTS_PATH in [r.path for r in server.requests]


def test_reports_are_not_fetched_when_no_decision_reads_them(
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
    tmp_path: Path,
    server: FhirServer,
) -> None:
    """No brain metastases, no therapy, no cancer named (the shipped seed trial asks about
    radiotherapy, so a cancer would be reason enough: RT-IN-REPORT)."""
    server.route("Condition", json_answer(searchset([OTHER_CONDITION])))
    with _client(make_settings, recording_pipeline, tmp_path) as client:
        assert client.post(URL, json=_request(server)).status_code == 200
    assert _reports(recording_pipeline) == []
    assert not [r for r in server.requests if r.path.startswith("/fhir/DiagnosticReport")]


def test_reports_that_cannot_be_had_leave_the_call_going_and_say_so_in_the_log(
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
    tmp_path: Path,
    server: FhirServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.route("DiagnosticReport", Answer(status=500, body=b"boom"))
    caplog.set_level(logging.WARNING, logger="oncomatch.prefetch")
    with _client(make_settings, recording_pipeline, tmp_path) as client:
        response = client.post(URL, json=_request(server))
    assert response.status_code == 200, response.text
    assert _reports(recording_pipeline) == []
    (record,) = [r for r in caplog.records if r.name == "oncomatch.prefetch"]
    assert "diagnosticReports" in record.getMessage()
    assert "HTTP 500" in record.getMessage()
    assert "p1" not in record.getMessage()  # no patient id in the log


def test_without_a_fhir_server_a_missing_report_key_is_not_a_412(
    make_settings: Callable[..., Settings], recording_pipeline: RecordingPipeline, tmp_path: Path
) -> None:
    prefetch = PREFETCHED_BUT_REPORTS
    with _client(make_settings, recording_pipeline, tmp_path) as client:
        assert client.post(URL, json=_request(None, prefetch)).status_code == 200
    assert _reports(recording_pipeline) == []


THERAPY = {
    "resourceType": "MedicationStatement",
    "id": "m1",
    "status": "active",
    "subject": {"reference": "Patient/p1"},
    "medicationCodeableConcept": {"text": "Capecitabine 1000 mg"},
    "effectiveDateTime": "2026-09-02",
}
CT_PROGRESSION = {
    "resourceType": "DiagnosticReport",
    "id": "r-ct",
    "status": "final",
    "subject": {"reference": "Patient/p1"},
    "code": {"text": "胸部+上腹部CT增强扫描"},
    "effectiveDateTime": "2026-08-25",
    "conclusion": "疗效评价：PD。",
}


def _lines_trial() -> dict[str, Any]:
    return _trial("none") | {
        "criteria": [{"type": "prior_lines", "id": "lines", "label": "Lines", "max_lines": 1}]
    }


def test_a_chart_with_therapy_gets_its_reports_fetched_when_a_trial_counts_lines(
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
    tmp_path: Path,
    server: FhirServer,
) -> None:
    server.route("Condition", json_answer(searchset([OTHER_CONDITION])))
    server.route("MedicationStatement", json_answer(searchset([THERAPY])))
    server.route("DiagnosticReport", json_answer(searchset([CT_PROGRESSION])))
    with _client(make_settings, recording_pipeline, tmp_path, _lines_trial()) as client:
        assert client.post(URL, json=_request(server)).status_code == 200
    assert _reports(recording_pipeline) == ["r-ct"]


def test_the_catalog_reads_lines_for_counts_and_drugs_in_a_line_or_setting() -> None:
    def asks(*criteria: dict[str, Any]) -> bool:
        trial = _trial("none") | {"criteria": list(criteria)}
        return catalog_reads_lines(Catalog([Trial.model_validate(trial)]))

    base = {"id": "c", "label": "c", "type": "prior_therapy", "drug_class": "platinum"}
    assert asks({"id": "l", "label": "l", "type": "prior_lines", "max_lines": 1})
    assert asks(base | {"line": 1})
    assert asks(base | {"setting": "recurrent_metastatic"})
    assert not asks(base)  # received ever: every record, wherever its line begins
    assert not asks({"type": "brain_metastases", "id": "b", "label": "b", "allowed": "none"})


def test_the_therapy_test_reads_medication_records_and_chemotherapy_procedures() -> None:
    chemo = {"resourceType": "Procedure", "id": "p", "code": {"text": "化疗"}}
    surgery = {"resourceType": "Procedure", "id": "s", "code": {"text": "Appendectomy"}}
    assert chart_records_therapy([searchset([THERAPY])])
    assert chart_records_therapy([chemo])
    assert not chart_records_therapy([PATIENT, OTHER_CONDITION, surgery, REPORT])


def test_the_chart_test_reads_codes_and_names_of_conditions_only() -> None:
    named = {"resourceType": "Condition", "id": "n", "code": {"text": "Brain metastases"}}
    report_only = {**REPORT, "conclusion": "New brain metastasis"}
    assert chart_names_brain_metastases([BRAIN_METASTASES])
    assert chart_names_brain_metastases([searchset([OTHER_CONDITION, named])])
    assert not chart_names_brain_metastases([OTHER_CONDITION, report_only, PATIENT])


@pytest.mark.parametrize(
    ("allowed", "asks"),
    [
        ("treated_stable", True),
        ("not_active", True),
        ("asymptomatic", False),  # symptoms are asked whatever the imaging says
        ("none", False),
        ("any", False),
    ],
)
def test_only_stability_criteria_make_the_catalog_ask(allowed: str, asks: bool) -> None:
    catalog = Catalog([Trial.model_validate(_trial(allowed))])
    assert catalog_asks_stability(catalog) is asks


NPC = {
    "resourceType": "Condition",
    "id": "c-npc",
    "subject": {"reference": "Patient/p1"},
    "code": {"text": "鼻咽癌 (nasopharyngeal carcinoma)"},
}
POST_RADIATION_MRI = {
    "resourceType": "DiagnosticReport",
    "id": "r-nasopharynx",
    "status": "final",
    "subject": {"reference": "Patient/p1"},
    "code": {"text": "鼻咽+颈部MRI增强"},
    "effectiveDateTime": "2026-09-10",
    "conclusion": "鼻咽癌放疗后改变，未见复发征象。",
}


def _radiotherapy_trial() -> dict[str, Any]:
    return _trial("none") | {
        "criteria": [
            {
                "type": "prior_radiotherapy",
                "id": "rt",
                "label": "No prior radiotherapy to the nasopharynx or neck",
                "sites": ["nasopharynx", "neck"],
            }
        ]
    }


def test_rt_in_report_a_chart_gets_its_reports_fetched_when_a_trial_asks_about_radiotherapy(
    make_settings: Callable[..., Settings],
    recording_pipeline: RecordingPipeline,
    tmp_path: Path,
    server: FhirServer,
) -> None:
    """An NPC, no brain metastases, no therapy on record: the MRI's "放疗后改变" may be the only
    record of a course given elsewhere (RT-IN-REPORT), so it is fetched."""
    server.route("Condition", json_answer(searchset([NPC])))
    server.route("DiagnosticReport", json_answer(searchset([POST_RADIATION_MRI])))
    with _client(make_settings, recording_pipeline, tmp_path, _radiotherapy_trial()) as client:
        assert client.post(URL, json=_request(server)).status_code == 200
    assert _reports(recording_pipeline) == ["r-nasopharynx"]


def test_rt_in_report_only_radiotherapy_criteria_make_the_catalog_ask() -> None:
    def asks(trial: dict[str, Any]) -> bool:
        return catalog_asks_radiotherapy(Catalog([Trial.model_validate(trial)]))

    assert asks(_radiotherapy_trial())
    nested = _trial("none") | {
        "criteria": [
            {
                "type": "not",
                "id": "n",
                "label": "n",
                "criterion": _radiotherapy_trial()["criteria"][0] | {"received": True},
            }
        ]
    }
    assert asks(nested)
    assert not asks(_trial("treated_stable"))
    assert not asks(_lines_trial())


def test_rt_in_report_a_chart_needs_its_reports_for_the_reasons_the_catalog_has() -> None:
    def needs(trial: dict[str, Any], *chart: dict[str, Any]) -> bool:
        holder = CatalogHolder(Catalog([Trial.model_validate(trial)]))
        return ReportNeed(holder)(list(chart))

    assert needs(_radiotherapy_trial(), PATIENT, NPC)
    assert not needs(_radiotherapy_trial(), PATIENT, OTHER_CONDITION)
    # Brain metastases name a cancer too, but only a question of radiotherapy or of their
    # stability reads a report about them.
    assert needs(_radiotherapy_trial(), BRAIN_METASTASES)
    assert needs(_trial("treated_stable"), BRAIN_METASTASES)


def test_rt_in_report_the_cancer_test_reads_codes_and_words_of_conditions_only() -> None:
    coded = {
        "resourceType": "Condition",
        "id": "c",
        "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C11.9"}]},
    }
    reflux = {"resourceType": "Condition", "id": "r", "code": {"text": "Gastro-oesophageal reflux"}}
    report_only = {**REPORT, "conclusion": "Nasopharyngeal carcinoma, post-radiation changes"}
    assert chart_names_a_cancer([coded])
    assert chart_names_a_cancer([searchset([OTHER_CONDITION, {**coded, "id": "c2"}])])
    assert not chart_names_a_cancer([PATIENT, OTHER_CONDITION, reflux, report_only])


@pytest.mark.parametrize(
    ("allowed", "asks"),
    [
        ("none", True),
        ("treated_stable", True),
        ("not_active", True),
        ("asymptomatic", True),
        ("any", False),
    ],
)
def test_cns_ehr_every_brain_metastasis_criterion_but_any_makes_the_catalog_ask(
    allowed: str, asks: bool
) -> None:
    assert catalog_asks_brain_metastases(Catalog([Trial.model_validate(_trial(allowed))])) is asks
    assert not catalog_asks_brain_metastases(Catalog([Trial.model_validate(_lines_trial())]))


def test_cns_ehr_a_cancer_chart_needs_its_reports_when_a_trial_asks_about_brain_metastases() -> (
    None
):
    """A question of brain metastases at all reads the brain imaging of any cancer chart: a
    brain MRI concluding them may be their only record (before 7 December 2026 only a chart
    naming them had its reports fetched, and only for a question of their stability). One
    allowing any reads nothing."""

    def needs(trial: dict[str, Any], *chart: dict[str, Any]) -> bool:
        return ReportNeed(CatalogHolder(Catalog([Trial.model_validate(trial)])))(list(chart))

    assert needs(_trial("none"), PATIENT, NPC)
    assert needs(_trial("not_active"), PATIENT, NPC)
    assert not needs(_trial("none"), PATIENT, OTHER_CONDITION)
    assert not needs(_trial("any"), BRAIN_METASTASES, NPC)
