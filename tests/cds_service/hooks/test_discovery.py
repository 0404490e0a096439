from __future__ import annotations

import re

from fastapi.testclient import TestClient

from fhir_mapping import observation_codes


def test_discovery_lists_one_patient_view_service(protocol_client: TestClient) -> None:
    response = protocol_client.get("/cds-services")
    assert response.status_code == 200
    services = response.json()["services"]
    assert len(services) == 1
    service = services[0]
    assert service["id"] == "oncomatch-trials"
    assert service["hook"] == "patient-view"
    assert service["title"]
    assert service["description"]


def test_prefetch_templates_cover_what_the_matcher_reads(protocol_client: TestClient) -> None:
    prefetch = protocol_client.get("/cds-services").json()["services"][0]["prefetch"]
    assert prefetch["patient"] == "Patient/{{context.patientId}}"
    for key, resource in [
        ("conditions", "Condition"),
        ("medicationStatements", "MedicationStatement"),
        ("medicationRequests", "MedicationRequest"),
        ("medicationAdministrations", "MedicationAdministration"),
        ("medicationDispenses", "MedicationDispense"),
        ("procedures", "Procedure"),
    ]:
        assert prefetch[key] == f"{resource}?patient={{{{context.patientId}}}}"
    observations = prefetch["observations"]
    assert observations.startswith("Observation?patient={{context.patientId}}&code=")
    codes = observations.split("&code=", 1)[1].split(",")
    assert set(codes) == set(observation_codes())
    for needed in ["89247-1", "89243-0", "8636-3", "21908-9", "21907-1", "718-7", "777-3"]:
        assert f"http://loinc.org|{needed}" in codes


def test_prefetch_uses_only_the_recommended_query_subset(protocol_client: TestClient) -> None:
    prefetch = protocol_client.get("/cds-services").json()["services"][0]["prefetch"]
    for query in prefetch.values():
        assert "sort:desc" not in query
        assert ":" not in query.split("?", 1)[-1].replace("http://", "").replace("https://", "")
        parameters = re.findall(r"[?&]([A-Za-z_]+)=", query)
        assert set(parameters) <= {"patient", "code", "_count", "_sort", "date"}


def test_health_and_readiness(protocol_client: TestClient) -> None:
    assert protocol_client.get("/healthz").json() == {"status": "ok"}
    ready = protocol_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "reachable"


def test_cors_lets_the_browser_sandbox_call(protocol_client: TestClient) -> None:
    preflight = protocol_client.options(
        "/cds-services/oncomatch-trials",
        headers={
            "Origin": "https://sandbox.cds-hooks.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in (
        "*",
        "https://sandbox.cds-hooks.org",
    )
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed
    assert "content-type" in allowed


def test_openapi_references_all_resolve(protocol_client: TestClient) -> None:
    document = protocol_client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    refs: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                refs.append(ref)
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(document)
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref
    hook_body = document["paths"]["/cds-services/{service_id}"]["post"]["requestBody"]
    assert hook_body["content"]["application/json"]["schema"]["$ref"].endswith("/HookRequest")
