"""Hostile and broken bodies through the real pipeline (not covered by test_hook_errors.py):
huge strings inside valid JSON, deep nesting inside prefetch resources, a 4.9 MB valid body,
NaN/Infinity literals, duplicate keys, and the feedback route's content types and encodings."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cards import TRIAL_MATCH_KEY
from cds_service.service import create_app
from cds_service.settings import Settings
from fhir_mapping import bundle_to_hook_request
from tests.cds_service.conftest import FIXED_NOW
from tests.cds_service.reliability.reliability_support import BUNDLES, SEED_TRIAL

# Megabyte bodies through the whole stack: seconds in all.
pytestmark = pytest.mark.slow

URL = "/cds-services/oncomatch-trials"
FEEDBACK_URL = f"{URL}/feedback"
JSON = {"Content-Type": "application/json"}
LIMIT = 5 * 1024 * 1024


@pytest.fixture
def client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    app = create_app(make_settings(), clock=lambda: FIXED_NOW)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def reference() -> dict[str, Any]:
    bundle = json.loads((BUNDLES / "npc_eligible.json").read_text())
    return bundle_to_hook_request(bundle, hook_instance="hostile-1")


def seed_verdict(body: dict[str, Any]) -> str | None:
    for card in body["cards"]:
        match = card.get("extension", {}).get(TRIAL_MATCH_KEY, {})
        if match.get("nctId") == SEED_TRIAL:
            return str(match["verdict"])
    return None


def add(request: dict[str, Any], key: str, resource: dict[str, Any]) -> None:
    request["prefetch"][key].setdefault("entry", []).append({"resource": resource})


def condition(patient_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": fields.pop("id", "hostile-condition"),
        "subject": {"reference": f"Patient/{patient_id}"},
        **fields,
    }


def timed_post(client: TestClient, url: str, content: bytes) -> tuple[int, dict[str, Any], float]:
    started = time.monotonic()
    response = client.post(url, content=content, headers=JSON)
    return response.status_code, response.json(), time.monotonic() - started


def feedback(card: str = "card-1") -> dict[str, Any]:
    return {
        "feedback": [
            {"card": card, "outcome": "accepted", "outcomeTimestamp": "2026-11-25T09:31:00Z"}
        ]
    }


# --- huge strings inside valid JSON ------------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    ["condition text", "condition coding", "observation value", "user id", "extension"],
)
def test_a_huge_string_inside_valid_json_is_answered_quickly(
    client: TestClient, where: str
) -> None:
    request = reference()
    patient_id = request["context"]["patientId"]
    huge = "C11.9 nasopharyngeal " * 150_000  # 3.2 MB of text that looks relevant
    if where == "condition text":
        add(request, "conditions", condition(patient_id, code={"text": huge}))
    elif where == "condition coding":
        half = huge[: len(huge) // 2]
        coding = {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": half, "display": half}
        add(request, "conditions", condition(patient_id, code={"coding": [coding]}))
    elif where == "observation value":
        add(
            request,
            "observations",
            {
                "resourceType": "Observation",
                "id": "huge-obs",
                "status": "final",
                "subject": {"reference": f"Patient/{patient_id}"},
                "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]},
                "valueString": huge,
            },
        )
    elif where == "user id":
        request["context"]["userId"] = huge
    else:
        request["extension"] = {"com.example.note": huge}
    status, body, elapsed = timed_post(client, URL, json.dumps(request).encode())
    assert status in {200, 400}, body
    assert elapsed < 10.0
    if status == 200:
        # The reference patient stays eligible: junk next to real data does not flip a verdict
        # to eligible by accident, nor lose the patient.
        assert seed_verdict(body) in {"eligible", "possibly_eligible"}


def test_a_huge_hook_instance_is_a_400_naming_it(client: TestClient) -> None:
    request = reference()
    request["hookInstance"] = "x" * 1_000_000
    status, body, _ = timed_post(client, URL, json.dumps(request).encode())
    assert status == 400
    assert "hookInstance" in json.dumps(body)


# --- deep nesting inside prefetch resources -----------------------------------------------------


def with_nested_extension(request: dict[str, Any], depth: int) -> bytes:
    """The request with a Condition whose extension nests `depth` levels (3 JSON levels each);
    written as text, since the stdlib encoder itself would recurse too deep."""
    patient_id = request["context"]["patientId"]
    add(request, "conditions", condition(patient_id, extension="__deep__"))
    deep = '[{"url": "http://example.org/x", "extension": ' * depth + "[]" + "}]" * depth
    return json.dumps(request).replace('"__deep__"', deep).encode()


@pytest.mark.parametrize("depth", [50, 300, 400])
def test_deeply_nested_extensions_in_a_resource_never_5xx(client: TestClient, depth: int) -> None:
    # 300 levels (600 JSON levels) parse; 400 (800) too, below orjson's limit of 1024; what the
    # parser refuses deeper is test_hook_errors.py's test_deeply_nested_json_is_400.
    status, body, elapsed = timed_post(client, URL, with_nested_extension(reference(), depth))
    assert status in {200, 400}, body
    assert elapsed < 10.0
    if status == 200:
        assert seed_verdict(body) == "eligible"


@pytest.mark.parametrize("depth", [10, 100, 300])
def test_bundles_nested_in_bundles_never_5xx(client: TestClient, depth: int) -> None:
    request = reference()
    patient_id = request["context"]["patientId"]
    inner: dict[str, Any] = condition(patient_id, id="deep")
    for _ in range(depth):
        inner = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": inner}]}
    add(request, "conditions", inner)
    status, body, elapsed = timed_post(client, URL, json.dumps(request).encode())
    assert status in {200, 400, 412}, body
    assert elapsed < 10.0


# --- a large, valid body under the limit ---------------------------------------------------------


PADDING = {
    # Vitals the mapper drops before validation.
    "heart rates": (
        {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
        {"valueQuantity": {"value": 72, "unit": "/min", "system": "http://unitsofmeasure.org"}},
    ),
    # ECOG scores (0, older than the reference's latest) that the mapper validates and reads.
    "ECOG scores": (
        {"coding": [{"system": "http://loinc.org", "code": "89247-1", "display": "ECOG"}]},
        {"valueInteger": 0},
    ),
}


@pytest.mark.parametrize("padding", sorted(PADDING))
def test_a_4_9_mb_valid_body_is_answered_in_bounded_time(client: TestClient, padding: str) -> None:
    request = reference()
    patient_id = request["context"]["patientId"]
    code, value = PADDING[padding]
    template = {
        "resourceType": "Observation",
        "status": "final",
        "subject": {"reference": f"Patient/{patient_id}"},
        "code": code,
        "effectiveDateTime": "2025-10-01T08:00:00Z",
        **value,
    }
    base = len(json.dumps(request))
    size = len(json.dumps({**template, "id": "vitals-000000"})) + len(', {"resource": }')
    count = (int(4.9 * 1024 * 1024) - base) // size
    for n in range(count):
        add(request, "observations", {**template, "id": f"vitals-{n:06d}"})
    payload = json.dumps(request).encode()
    assert 4.7 * 1024 * 1024 < len(payload) < LIMIT
    status, body, elapsed = timed_post(client, URL, payload)
    assert status == 200, body
    assert seed_verdict(body) == "eligible"
    assert elapsed < 20.0, f"{len(payload)} bytes took {elapsed:.1f} s"


# --- JSON the RFC does not allow -----------------------------------------------------------------


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e999999"])
@pytest.mark.parametrize("url", [URL, FEEDBACK_URL])
def test_non_finite_numbers_are_a_400(client: TestClient, url: str, literal: bytes) -> None:
    if url == URL:
        payload = json.dumps(reference()).encode().replace(b'"hook"', b'"x": %s, "hook"' % literal)
    else:
        payload = b'{"feedback": [], "n": %s}' % literal
    response = client.post(url, content=payload, headers=JSON)
    if literal == b"1e999999":
        # Not a literal JSON forbids, but it overflows a double: either refused, or read as a
        # number the service never uses (it is an unknown key).
        assert response.status_code in {200, 400}, response.text
        return
    assert response.status_code == 400, response.text
    assert response.json()["resourceType"] == "OperationOutcome"
    assert "not valid JSON" in response.text


def test_nan_inside_a_prefetch_value_is_a_400_not_a_number(client: TestClient) -> None:
    request = reference()
    patient_id = request["context"]["patientId"]
    marker = "__nan__"
    add(
        request,
        "observations",
        {
            "resourceType": "Observation",
            "id": "nan-ecog",
            "status": "final",
            "subject": {"reference": f"Patient/{patient_id}"},
            "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]},
            "valueInteger": marker,
        },
    )
    payload = json.dumps(request).encode().replace(f'"{marker}"'.encode(), b"NaN")
    response = client.post(URL, content=payload, headers=JSON)
    assert response.status_code == 400


def test_duplicate_keys_take_the_last_value_consistently(client: TestClient) -> None:
    """RFC 8259 leaves duplicate names undefined; we read the last one, everywhere, so a check
    and a use can never disagree about which value was meant."""
    request = reference()
    text = json.dumps(request)
    real = request["context"]["patientId"]
    # context.patientId first says someone else, then the real patient: the real one counts.
    twice = text.replace(
        f'"patientId": "{real}"', f'"patientId": "someone-else", "patientId": "{real}"'
    )
    assert twice != text
    first = client.post(URL, content=twice.encode(), headers=JSON)
    assert first.status_code == 200, first.text
    assert seed_verdict(first.json()) == "eligible"
    # And the other way round: the last value names a patient the prefetch does not hold.
    swapped = text.replace(
        f'"patientId": "{real}"', f'"patientId": "{real}", "patientId": "someone-else"'
    )
    second = client.post(URL, content=swapped.encode(), headers=JSON)
    assert second.status_code == 412, second.text
    hook_twice = text.replace('"hook": "patient-view"', '"hook": "patient-view", "hook": "x"')
    assert client.post(URL, content=hook_twice.encode(), headers=JSON).status_code == 400


def test_duplicate_feedback_keys_store_one_report(client: TestClient) -> None:
    payload = (
        b'{"feedback": [{"card": "a", "outcome": "overridden", "outcome": "accepted",'
        b' "outcomeTimestamp": "2026-11-25T09:31:00Z"}]}'
    )
    response = client.post(FEEDBACK_URL, content=payload, headers=JSON)
    assert response.status_code == 200, response.text
    assert response.json() == {"stored": 1, "duplicates": 0, "unknownCards": 1}
    rows = client.app.state.runtime.feedback_store.summary()  # type: ignore[attr-defined]
    assert [(row.outcome, row.count) for row in rows] == [("accepted", 1)]


# --- the feedback route: content types and encodings --------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/xml",
        "application/octet-stream",
        "text/json",
    ],
)
def test_feedback_with_a_wrong_content_type_is_415(client: TestClient, content_type: str) -> None:
    response = client.post(
        FEEDBACK_URL,
        content=json.dumps(feedback()).encode(),
        headers={"Content-Type": content_type},
    )
    assert response.status_code == 415
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert "application/json" in body["issue"][0]["diagnostics"]
    assert client.app.state.runtime.feedback_store.count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/fhir+json", "APPLICATION/JSON"]
)
def test_feedback_json_media_types_are_accepted(client: TestClient, content_type: str) -> None:
    response = client.post(
        FEEDBACK_URL,
        content=json.dumps(feedback()).encode(),
        headers={"Content-Type": content_type},
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "payload",
    [
        b'{"feedback": [{"card": "\xff\xfe", "outcome": "accepted",'
        b' "outcomeTimestamp": "2026-11-25T09:31:00Z"}]}',
        b'{"feedback": [{"card": "caf\xe9", "outcome": "accepted",'
        b' "outcomeTimestamp": "2026-11-25T09:31:00Z"}]}',  # Latin-1, not UTF-8
        b'{"feedback": [{"card": "\xed\xa0\x80", "outcome": "accepted",'
        b' "outcomeTimestamp": "2026-11-25T09:31:00Z"}]}',  # an encoded lone surrogate
        json.dumps(feedback()).encode("utf-16"),
        b"\x00" * 64,
    ],
    ids=["ff-fe", "latin-1", "surrogate", "utf-16", "nul-bytes"],
)
def test_feedback_that_is_not_utf8_is_a_400(client: TestClient, payload: bytes) -> None:
    response = client.post(FEEDBACK_URL, content=payload, headers=JSON)
    assert response.status_code == 400, response.text
    assert response.json()["resourceType"] == "OperationOutcome"
    assert client.app.state.runtime.feedback_store.count() == 0  # type: ignore[attr-defined]


def test_feedback_with_an_escaped_lone_surrogate_never_5xx(client: TestClient) -> None:
    payload = copy.deepcopy(feedback())
    text = json.dumps(payload).replace("card-1", "\\ud800")
    response = client.post(FEEDBACK_URL, content=text.encode(), headers=JSON)
    assert response.status_code in {200, 400}, response.text
