"""Every way a hook call can be wrong gets a 4xx with an OperationOutcome that says what."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

URL = "/cds-services/oncomatch-trials"

PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1970-01-01"}
EMPTY = {"resourceType": "Bundle", "type": "searchset", "entry": []}
VALID: dict[str, Any] = {
    "hook": "patient-view",
    "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
    "context": {"userId": "Practitioner/example", "patientId": "p1"},
    "prefetch": {
        "patient": PATIENT,
        "conditions": EMPTY,
        "observations": EMPTY,
        "medicationStatements": None,
        "medicationRequests": EMPTY,
        "medicationAdministrations": None,
        "medicationDispenses": None,
        "procedures": EMPTY,
    },
}


def outcome_text(response: Any) -> str:
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert body["issue"], "an OperationOutcome needs at least one issue"
    return " ".join(issue["diagnostics"] for issue in body["issue"]) + body["text"]["div"]


def test_valid_request_answers_with_cards_array(protocol_client: TestClient) -> None:
    response = protocol_client.post(URL, json=VALID)
    assert response.status_code == 200
    assert response.json() == {"cards": []}


def test_malformed_json_is_400(protocol_client: TestClient) -> None:
    response = protocol_client.post(
        URL, content=b'{"hook": "patient-view",', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "not valid JSON" in outcome_text(response)


@pytest.mark.parametrize(
    ("mutate", "named"),
    [
        (lambda body: body.pop("hookInstance"), "hookInstance"),
        (lambda body: body.pop("context"), "context"),
        (lambda body: body["context"].pop("patientId"), "patientId"),
        (lambda body: body.update(fhirServer="not a url"), "fhirServer"),
        (
            lambda body: body.update(
                fhirAuthorization={
                    "access_token": "t",
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "scope": "s",
                    "subject": "c",
                }
            ),
            "fhirServer",
        ),
        (lambda body: body["prefetch"].update(patient="Patient/p1"), "prefetch.patient"),
    ],
)
def test_body_not_fitting_the_model_is_400_naming_the_field(
    protocol_client: TestClient, mutate: Any, named: str
) -> None:
    body = copy.deepcopy(VALID)
    mutate(body)
    response = protocol_client.post(URL, json=body)
    assert response.status_code == 400
    assert named in outcome_text(response)


def test_other_hook_is_400(protocol_client: TestClient) -> None:
    response = protocol_client.post(URL, json={**VALID, "hook": "order-sign"})
    assert response.status_code == 400
    assert "order-sign" in outcome_text(response)


def test_unknown_service_is_404(protocol_client: TestClient) -> None:
    response = protocol_client.post("/cds-services/nope", json=VALID)
    assert response.status_code == 404
    assert "nope" in outcome_text(response)


def test_body_over_the_limit_is_413(protocol_client: TestClient) -> None:
    huge = b'{"x": "' + b"a" * (5 * 1024 * 1024 + 10) + b'"}'
    response = protocol_client.post(URL, content=huge, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "larger than the limit" in outcome_text(response)


def test_chunked_body_over_the_limit_is_413(protocol_client: TestClient) -> None:
    def chunks() -> Any:
        for _ in range(6):
            yield b" " * (1024 * 1024)

    response = protocol_client.post(
        URL, content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_wrong_content_type_is_415(protocol_client: TestClient) -> None:
    response = protocol_client.post(
        URL,
        content=b"hook=patient-view",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415


def test_non_utf8_body_is_400(protocol_client: TestClient) -> None:
    response = protocol_client.post(
        URL, content=b'{"hook": "\xff\xfe"}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


def test_deeply_nested_json_is_400(protocol_client: TestClient) -> None:
    response = protocol_client.post(
        URL, content=b"[" * 5000 + b"]" * 5000, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


def test_json_that_is_not_an_object_is_400(protocol_client: TestClient) -> None:
    response = protocol_client.post(URL, json=[VALID])
    assert response.status_code == 400


def test_unknown_keys_and_extensions_are_tolerated(protocol_client: TestClient) -> None:
    body = {**VALID, "extension": {"com.example.timestamp": "2017-11-27T22:13:25Z"}, "x": 1}
    assert protocol_client.post(URL, json=body).status_code == 200


def test_operation_outcome_prefetch_without_server_is_412(protocol_client: TestClient) -> None:
    body = copy.deepcopy(VALID)
    body["prefetch"]["conditions"] = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "timeout"}],
    }
    response = protocol_client.post(URL, json=body)
    assert response.status_code == 412
    assert "conditions" in outcome_text(response)


def test_missing_patient_without_server_is_412(protocol_client: TestClient) -> None:
    body = copy.deepcopy(VALID)
    del body["prefetch"]["patient"]
    response = protocol_client.post(URL, json=body)
    assert response.status_code == 412
    assert "patient" in outcome_text(response)


def test_prefetched_patient_with_other_id_is_412(protocol_client: TestClient) -> None:
    body = copy.deepcopy(VALID)
    body["prefetch"]["patient"] = {**PATIENT, "id": "someone-else"}
    response = protocol_client.post(URL, json=body)
    assert response.status_code == 412


def test_resources_are_deduplicated_across_keys(
    protocol_client: TestClient, recording_pipeline: Any
) -> None:
    condition = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/p1"}}
    body = copy.deepcopy(VALID)
    bundle = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": condition}]}
    body["prefetch"]["conditions"] = bundle
    body["prefetch"]["procedures"] = bundle
    assert protocol_client.post(URL, json=body).status_code == 200
    resources, patient_id = recording_pipeline.calls[-1]
    assert patient_id == "p1"
    assert [r["id"] for r in resources if r["resourceType"] == "Condition"] == ["c1"]


def test_unknown_route_and_method_are_json_4xx(protocol_client: TestClient) -> None:
    assert protocol_client.get("/nowhere").status_code == 404
    assert protocol_client.get("/nowhere").json()["error"]
    response = protocol_client.put("/cds-services")
    assert response.status_code == 405
