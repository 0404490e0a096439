"""The no-prefetch path against a real FHIR server on loopback: data, faults and secrets."""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cds_service.service import create_app
from cds_service.settings import Settings
from tests.cds_service.conftest import FIXED_NOW, RecordingPipeline
from tests.support.fhir_server import (
    Answer,
    FhirServer,
    json_answer,
    running_fhir_server,
    searchset,
)

URL = "/cds-services/oncomatch-trials"
TOKEN = "secret-access-token-6f1c2e"
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1960-03-01"}
CONDITION = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/p1"}}


def request_without_prefetch(server: FhirServer) -> dict[str, Any]:
    return {
        "hook": "patient-view",
        "hookInstance": "0b8c8a3e-7d0c-4a53-9a44-3a0a0f7d1f10",
        "fhirServer": server.base_url,
        "fhirAuthorization": {
            "access_token": TOKEN,
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "user/*.read",
            "subject": "oncomatch",
        },
        "context": {"userId": "Practitioner/example", "patientId": "p1"},
    }


@pytest.fixture
def server() -> Iterator[FhirServer]:
    with running_fhir_server() as fhir:
        fhir.route("Patient", json_answer(PATIENT))
        fhir.route("Condition", json_answer(searchset([CONDITION])))
        yield fhir


def _client(settings: Settings, recording_pipeline: RecordingPipeline) -> Iterator[TestClient]:
    app = create_app(settings, clock=lambda: FIXED_NOW, pipeline=recording_pipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def client(
    make_settings: Callable[..., Settings], recording_pipeline: RecordingPipeline
) -> Iterator[TestClient]:
    """Short timeouts and deadline, for the tests of slow and faulty servers."""
    settings = make_settings(
        fhir_connect_timeout=0.5, fhir_read_timeout=0.5, fhir_deadline_seconds=1.5, fhir_max_pages=3
    )
    yield from _client(settings, recording_pipeline)


@pytest.fixture
def roomy_client(
    make_settings: Callable[..., Settings], recording_pipeline: RecordingPipeline
) -> Iterator[TestClient]:
    """The default timeouts, for the tests of what a healthy server is asked: a busy test
    runner can take longer than `client`'s 1.5 s over the eight searches of a chart."""
    yield from _client(make_settings(fhir_max_pages=3), recording_pipeline)


def test_missing_keys_are_fetched_with_the_bearer_token(
    roomy_client: TestClient, server: FhirServer, recording_pipeline: RecordingPipeline
) -> None:
    response = roomy_client.post(URL, json=request_without_prefetch(server))
    assert response.status_code == 200, response.text
    resources, _ = recording_pipeline.calls[-1]
    assert {(r["resourceType"], r["id"]) for r in resources} == {
        ("Patient", "p1"),
        ("Condition", "c1"),
    }
    paths = sorted(r.path for r in server.requests)
    assert "/fhir/Patient/p1" in paths
    # Observations unfiltered by code, so local-coded ones come too (fetch_plan.py).
    assert "/fhir/Observation?patient=p1&_count=200" in paths
    assert all("_count=200" in p for p in paths if "?" in p)
    assert len(paths) == 8
    assert all(r.headers.get("Authorization") == f"Bearer {TOKEN}" for r in server.requests)


def test_only_absent_keys_are_fetched(roomy_client: TestClient, server: FhirServer) -> None:
    body = request_without_prefetch(server)
    body["prefetch"] = {"patient": PATIENT, "conditions": None, "observations": None}
    assert roomy_client.post(URL, json=body).status_code == 200
    fetched = {r.path.split("?")[0] for r in server.requests}
    assert fetched == {
        "/fhir/MedicationStatement",
        "/fhir/MedicationRequest",
        "/fhir/MedicationAdministration",
        "/fhir/MedicationDispense",
        "/fhir/Procedure",
    }


def test_bundle_pages_are_followed(
    roomy_client: TestClient, server: FhirServer, recording_pipeline: RecordingPipeline
) -> None:
    second = {**CONDITION, "id": "c2"}

    def paged(path: str, fhir: FhirServer) -> Answer:
        if "page=2" in path:
            return json_answer(searchset([second]))
        return json_answer(searchset([CONDITION], next_url=f"{fhir.base_url}/Condition?page=2"))

    server.route("Condition", paged)
    assert roomy_client.post(URL, json=request_without_prefetch(server)).status_code == 200
    resources, _ = recording_pipeline.calls[-1]
    assert {r["id"] for r in resources if r["resourceType"] == "Condition"} == {"c1", "c2"}


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (Answer(status=500, body=b"boom"), "HTTP 500"),
        (Answer(status=200, body=b"<html>not json</html>"), "not JSON"),
        (Answer(status=200, body=b'{"hello": "world"}'), "not a FHIR resource"),
        (Answer(reset=True), "could not reach"),
        (Answer(delay=1.0, body=b"{}"), "timed out"),
    ],
)
def test_server_faults_give_412_with_a_reason(
    client: TestClient, server: FhirServer, answer: Answer, reason: str
) -> None:
    server.route("Condition", answer)
    started = time.monotonic()
    response = client.post(URL, json=request_without_prefetch(server))
    elapsed = time.monotonic() - started
    assert response.status_code == 412
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    text = " ".join(issue["diagnostics"] for issue in body["issue"])
    assert "conditions" in text
    assert reason in text
    assert elapsed < 3.0  # within the 1.5 s deadline plus test overhead


def test_endless_paging_stops_at_the_page_cap(client: TestClient, server: FhirServer) -> None:
    def endless(path: str, fhir: FhirServer) -> Answer:
        page = int(path.rsplit("page=", 1)[1]) if "page=" in path else 1
        return json_answer(searchset([], next_url=f"{fhir.base_url}/Condition?page={page + 1}"))

    server.route("Condition", endless)
    response = client.post(URL, json=request_without_prefetch(server))
    assert response.status_code == 412
    assert "page cap" in response.text
    assert sum(1 for r in server.requests if r.path.startswith("/fhir/Condition")) == 3


def test_slow_server_is_cut_off_at_the_deadline(client: TestClient, server: FhirServer) -> None:
    # Each answer is inside the read timeout, but together they pass the overall deadline.
    def slow_pages(path: str, fhir: FhirServer) -> Answer:
        page = int(path.rsplit("page=", 1)[1]) if "page=" in path else 1
        body = searchset([], next_url=f"{fhir.base_url}/Condition?page={page + 1}")
        return json_answer(body, delay=0.4)

    server.route("Condition", slow_pages)
    started = time.monotonic()
    response = client.post(URL, json=request_without_prefetch(server))
    assert response.status_code == 412
    assert time.monotonic() - started < 3.0


def test_next_link_to_another_host_is_refused(client: TestClient, server: FhirServer) -> None:
    server.route(
        "Condition",
        json_answer(searchset([CONDITION], next_url="http://127.0.0.2:9/steal?page=2")),
    )
    response = client.post(URL, json=request_without_prefetch(server))
    assert response.status_code == 412
    assert "outside the FHIR server" in response.text


def test_other_patient_from_server_is_412(client: TestClient, server: FhirServer) -> None:
    server.route("Patient", json_answer({**PATIENT, "id": "p2"}))
    response = client.post(URL, json=request_without_prefetch(server))
    assert response.status_code == 412


def test_without_fhir_server_missing_prefetch_is_412(client: TestClient) -> None:
    body = {
        "hook": "patient-view",
        "hookInstance": "x",
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
        "prefetch": {"patient": PATIENT},
    }
    response = client.post(URL, json=body)
    assert response.status_code == 412
    assert "no fhirServer" in response.text


def test_token_never_reaches_a_log_record(
    client: TestClient, server: FhirServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = request_without_prefetch(server)
    client.post(URL, json=body)
    server.route("Condition", Answer(status=500))
    client.post(URL, json=copy.deepcopy(body))
    assert caplog.records, "the calls should have logged something"
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert TOKEN not in str(record.args)
