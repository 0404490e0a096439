"""Nothing the service serves needs the internet: no CDN-backed /docs or /redoc (blank on a
closed hospital network); the OpenAPI document itself is served for any local viewer."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_no_cdn_backed_api_pages_and_the_openapi_document_is_served(
    protocol_client: TestClient,
) -> None:
    assert protocol_client.get("/docs").status_code == 404
    assert protocol_client.get("/redoc").status_code == 404
    document = protocol_client.get("/openapi.json")
    assert document.status_code == 200
    assert "/cds-services/{service_id}" in document.json()["paths"]
