"""The no-prefetch path against a test FHIR server that searches like real ones (pages of 20,
`next` links, token lists, date prefixes): long histories, local-coded Observations, the
bounds by resources and bytes, and queries running at the same time."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cards import TRIAL_MATCH_KEY
from cds_service.hooks.fhir_client import FetchLimits, FhirFetcher
from cds_service.service import create_app
from cds_service.settings import Settings
from tests.cds_service.conftest import FIXED_NOW, RecordingPipeline
from tests.cds_service.reliability.reliability_support import BUNDLES, SEED_TRIAL
from tests.support.fhir_server import FhirServer, running_fhir_server

URL = "/cds-services/oncomatch-trials"
PID = "pt-long-history-8812"
PATIENT = {"resourceType": "Patient", "id": PID, "gender": "female", "birthDate": "1968-02-11"}


def medication_requests(count: int) -> list[dict[str, Any]]:
    return [
        {
            "resourceType": "MedicationRequest",
            "id": f"mr-{number}",
            "status": "completed",
            "intent": "order",
            "medicationCodeableConcept": {"text": "Ondansetron 8 mg"},
            "subject": {"reference": f"Patient/{PID}"},
            "authoredOn": f"20{10 + number % 16:02d}-0{1 + number % 9}-1{number % 10}",
        }
        for number in range(count)
    ]


def hook_request(server: FhirServer, patient_id: str = PID) -> dict[str, Any]:
    return {
        "hook": "patient-view",
        "hookInstance": "5e0f7a1c-2b6d-4c8e-9f3a-1d2c3b4a5e6f",
        "fhirServer": server.base_url,
        "context": {"userId": "Practitioner/1", "patientId": patient_id},
    }


@pytest.fixture
def server() -> Iterator[FhirServer]:
    with running_fhir_server() as fhir:
        yield fhir


@pytest.fixture
def app_client(
    make_settings: Callable[..., Settings], recording_pipeline: RecordingPipeline
) -> Iterator[Callable[..., TestClient]]:
    """A client on the protocol layer (the matcher replaced by a recording double)."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        settings = make_settings(**{"fhir_deadline_seconds": 6.0, **overrides})
        app = create_app(settings, clock=lambda: FIXED_NOW, pipeline=recording_pipeline)
        client = TestClient(app, raise_server_exceptions=False)
        clients.append(client.__enter__())
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def fetched(recording_pipeline: RecordingPipeline, resource_type: str) -> set[str]:
    resources, _ = recording_pipeline.calls[-1]
    return {r["id"] for r in resources if r["resourceType"] == resource_type}


# --- long histories ---------------------------------------------------------------------------


def test_a_long_history_paged_at_20_is_fetched_completely(
    app_client: Callable[..., TestClient],
    server: FhirServer,
    recording_pipeline: RecordingPipeline,
) -> None:
    """500 MedicationRequests from a server that gives at most 20 a page, whatever `_count`
    says: 25 pages, more than the old cap of 20, and no 412."""
    server.serve([PATIENT, *medication_requests(500)], page_size=20, max_page_size=20)
    started = time.monotonic()
    response = app_client().post(URL, json=hook_request(server))
    assert response.status_code == 200, response.text
    assert time.monotonic() - started < 6.0
    assert len(fetched(recording_pipeline, "MedicationRequest")) == 500
    pages = [r for r in server.requests if r.path.startswith("/fhir/MedicationRequest")]
    assert len(pages) == 25


def test_count_is_sent_so_a_server_that_honours_it_needs_few_pages(
    app_client: Callable[..., TestClient],
    server: FhirServer,
    recording_pipeline: RecordingPipeline,
) -> None:
    server.serve([PATIENT, *medication_requests(500)])  # default 20, _count up to 1000
    response = app_client().post(URL, json=hook_request(server))
    assert response.status_code == 200, response.text
    assert len(fetched(recording_pipeline, "MedicationRequest")) == 500
    pages = [r.path for r in server.requests if r.path.startswith("/fhir/MedicationRequest")]
    assert len(pages) == 3  # 200 + 200 + 100
    assert f"patient={PID}&_count=200" in pages[0]


def test_patient_given_as_a_reference_finds_the_same_resources(server: FhirServer) -> None:
    """The test server, like real ones, takes `patient=` as a bare id or `Patient/id`."""
    server.serve([PATIENT, *medication_requests(30)])
    fetcher = FhirFetcher(FetchLimits(2, 5, 6, 100, 1 << 20))
    bare, reference = (
        fetcher.fetch_all(server.base_url, {"mr": [f"MedicationRequest?patient={p}"]}, None)["mr"]
        for p in (PID, f"Patient/{PID}")
    )
    assert len(bare["entry"]) == len(reference["entry"]) == 30


# --- local-coded Observations -------------------------------------------------------------------


def chinese_ehr_resources() -> list[dict[str, Any]]:
    bundle = json.loads((BUNDLES / "npc_chinese_ehr.json").read_text())
    return [entry["resource"] for entry in bundle["entry"]]


def seed_verdict(body: dict[str, Any]) -> str | None:
    for card in body["cards"]:
        match = card.get("extension", {}).get(TRIAL_MATCH_KEY, {})
        if match.get("nctId") == SEED_TRIAL:
            return str(match["verdict"])
    return None


@pytest.mark.parametrize(
    ("window", "verdict"),
    [
        (None, "eligible"),  # the default: every Observation
        (365, "eligible"),  # by code, plus every Observation of the last year
        (0, "possibly_eligible"),  # the control: by code only, ECOG and QTc never arrive
    ],
)
def test_local_coded_observations_arrive_through_the_fallback(
    make_settings: Callable[..., Settings], server: FhirServer, window: int | None, verdict: str
) -> None:
    """`npc_chinese_ehr` codes ECOG and QTc with text only: eligible with full prefetch, and
    without it as long as the fallback does not filter Observations by code."""
    resources = chinese_ehr_resources()
    server.serve(resources)
    patient_id = next(r["id"] for r in resources if r["resourceType"] == "Patient")
    settings = make_settings(
        fhir_connect_timeout=5,
        fhir_read_timeout=10,
        fhir_deadline_seconds=20,
        fhir_observation_window_days=window,
    )
    app = create_app(settings, clock=lambda: FIXED_NOW)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(URL, json=hook_request(server, patient_id))
    assert response.status_code == 200, response.text
    assert seed_verdict(response.json()) == verdict
    observation_queries = [r.path for r in server.requests if r.path.startswith("/fhir/Obs")]
    if window is None:
        assert all("code=" not in path and "date=" not in path for path in observation_queries)
    elif window:
        assert any("date=ge2025-11-25" in path for path in observation_queries)


# --- bounds by resources and bytes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "bound"),
    [
        ({"fhir_max_resources": 300}, "resource bound, ONCOMATCH_FHIR_MAX_RESOURCES"),
        # Below one page of the medication requests (~60 KB): that page crosses the bound while
        # the other queries go on reading, and they fail too; the key named must be the one
        # that crossed it (another one's failure, coming first, was named one run in three).
        ({"fhir_max_total_bytes": 16 * 1024}, "byte bound, ONCOMATCH_FHIR_MAX_TOTAL_BYTES"),
    ],
)
def test_passing_a_bound_is_a_412_naming_it_without_patient_data(
    app_client: Callable[..., TestClient],
    server: FhirServer,
    caplog: pytest.LogCaptureFixture,
    overrides: dict[str, Any],
    bound: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    server.serve([PATIENT, *medication_requests(500)])
    # A deadline far off: on a loaded machine the 6 s default passed first now and then, and
    # the 412 named the deadline instead of the bound under test.
    response = app_client(fhir_deadline_seconds=60.0, **overrides).post(
        URL, json=hook_request(server)
    )
    assert response.status_code == 412, response.text
    assert bound in response.text
    assert "medicationRequests" in response.text
    for text in [response.text, *(record.getMessage() for record in caplog.records)]:
        assert PID not in text
        assert "Ondansetron" not in text


# --- concurrency --------------------------------------------------------------------------------


def test_queries_run_at_the_same_time(server: FhirServer) -> None:
    """Five queries to a server that takes 300 ms over each: under the 5 x 300 ms they would take
    one after another, with room left for a loaded test runner."""
    server.serve([PATIENT, *medication_requests(10)], delay=0.3)
    fetcher = FhirFetcher(FetchLimits(2, 5, 6, 100, 1 << 20))
    queries = {
        "patient": [f"Patient/{PID}"],
        "conditions": [f"Condition?patient={PID}"],
        "medicationRequests": [f"MedicationRequest?patient={PID}"],
        "procedures": [f"Procedure?patient={PID}"],
        "observations": [f"Observation?patient={PID}"],
    }
    started = time.monotonic()
    answers = fetcher.fetch_all(server.base_url, queries, None)
    elapsed = time.monotonic() - started
    assert len(answers["medicationRequests"]["entry"]) == 10
    assert elapsed < 5 * 0.3 - 0.1, f"{elapsed:.2f} s: the queries ran one after another"


def test_a_slow_query_makes_the_whole_fetch_a_412_at_the_deadline(
    app_client: Callable[..., TestClient], server: FhirServer
) -> None:
    """Every query within its read timeout, but one of them 25 pages of 300 ms each."""
    server.serve([PATIENT, *medication_requests(500)], page_size=20, max_page_size=20, delay=0.3)
    client = app_client(fhir_deadline_seconds=1.5, fhir_read_timeout=1.0)
    started = time.monotonic()
    response = client.post(URL, json=hook_request(server))
    elapsed = time.monotonic() - started
    assert response.status_code == 412, response.text
    assert "medicationRequests" in response.text
    assert elapsed < 1.5 + 1.0
