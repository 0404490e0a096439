"""Hypothesis at the HTTP level, for what a schema-driven generator does not send.

Every route template of the app's OpenAPI (plus unknown paths) gets a few hundred requests
with: any method, path parameters that exist or are junk (unicode, percent-encoding, dots),
junk query strings, any Content-Type, and bodies that are bytes, arbitrary JSON, hook-shaped
JSON with hostile FHIR resources in the prefetch (through the real mapper and matcher), or
the web check form with junk answers. Invariants: no 5xx, every 4xx has a body.
"""

from __future__ import annotations

import copy
import json
import string
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fhir_mapping import bundle_to_hook_request
from tests.cds_service.reliability.reliability_support import (
    BUNDLES,
    SEED_TRIAL,
    SERVICE_ID,
    assert_answer_is_sound,
    fuzz_app,
    route_templates,
    scratch_dir,
)

EXAMPLES_PER_ROUTE = 250
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]
CONTENT_TYPES = [
    "application/json",
    "application/fhir+json",
    "application/json; charset=latin-1",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz",
    "text/plain",
    "application/xml",
    "",
    "application/json; boundary=\x7f",
]
RESOURCE_TYPES = [
    "Patient",
    "Condition",
    "Observation",
    "MedicationStatement",
    "MedicationRequest",
    "MedicationAdministration",
    "Procedure",
    "Bundle",
    "OperationOutcome",
    "Nope",
]


def mostly(usual: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`usual` about three times in four."""
    return st.integers(min_value=0, max_value=3).flatmap(lambda n: other if n == 3 else usual)


def _json_bytes(value: Any) -> bytes:
    # The stdlib writes integers beyond 64 bits too (orjson, which the service parses with, not).
    return json.dumps(value).encode()


text = st.text(max_size=40)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=25,
)


@st.composite
def fhir_resources(draw: st.DrawFn, patient_id: str) -> dict[str, Any]:
    """A resource-shaped dict with junk in the places the mapper reads."""
    resource: dict[str, Any] = {
        "resourceType": draw(st.sampled_from(RESOURCE_TYPES)),
        "id": draw(st.sampled_from([patient_id, "x", ""]) | text),
    }
    fields = {
        "subject": st.fixed_dictionaries(
            {"reference": st.sampled_from([f"Patient/{patient_id}", "Patient/other"]) | text}
        ),
        "birthDate": st.sampled_from(["1975-03-10", "1975", "10/03/1975", "", "9999-99-99"]),
        "gender": st.sampled_from(["male", "female", "other", ""]) | text,
        "code": st.fixed_dictionaries(
            {
                "coding": st.lists(
                    st.fixed_dictionaries({"system": text, "code": text}), max_size=3
                ),
                "text": text,
            }
        ),
        "valueQuantity": st.fixed_dictionaries({"value": json_scalars, "unit": text, "code": text}),
        "valueInteger": json_scalars,
        "effectiveDateTime": st.sampled_from(["2026-11-10", "2026-13-40", "", "now"]) | text,
        "onsetDateTime": st.sampled_from(["2025-09-15", "x"]),
        "status": text,
        "medicationCodeableConcept": st.fixed_dictionaries({"text": text}),
        "entry": st.lists(st.fixed_dictionaries({"resource": json_values}), max_size=3),
        "stage": st.lists(
            st.fixed_dictionaries({"summary": st.fixed_dictionaries({"text": text})}), max_size=2
        ),
        "extra": json_values,
    }
    chosen = draw(st.sets(st.sampled_from(sorted(fields)), max_size=6))
    for name in sorted(chosen):
        resource[name] = draw(fields[name])
    return resource


@st.composite
def hook_bodies(draw: st.DrawFn) -> dict[str, Any]:
    patient_id = draw(st.sampled_from(["p1", "", "../p1", "p1?x=1"]) | text)
    keys = [
        "patient",
        "conditions",
        "observations",
        "medicationStatements",
        "medicationRequests",
        "medicationAdministrations",
        "medicationDispenses",
        "procedures",
    ]
    prefetch: dict[str, Any] = {}
    for key in draw(st.sets(st.sampled_from(keys))):
        prefetch[key] = draw(
            st.none()
            | fhir_resources(patient_id)
            | st.fixed_dictionaries(
                {
                    "resourceType": st.just("Bundle"),
                    "entry": st.lists(
                        st.fixed_dictionaries({"resource": fhir_resources(patient_id)}),
                        max_size=4,
                    ),
                }
            )
            | json_values
        )
    body: dict[str, Any] = {
        "hook": draw(st.sampled_from(["patient-view", "order-sign"]) | text),
        "hookInstance": draw(text),
        "context": draw(
            st.fixed_dictionaries({"userId": text, "patientId": st.just(patient_id)}) | json_values
        ),
        "prefetch": prefetch,
    }
    if draw(st.booleans()):
        body["fhirServer"] = draw(st.sampled_from(["http://127.0.0.1:9", "ftp://x"]) | text)
    return body


REFERENCE = bundle_to_hook_request(
    json.loads((BUNDLES / "npc_eligible.json").read_text()), hook_instance="fuzz"
)
SEARCH_KEYS = [key for key in REFERENCE["prefetch"] if key != "patient"]


@st.composite
def real_hook_bodies(draw: st.DrawFn) -> dict[str, Any]:
    """The reference patient's real request with hostile resources slipped into its Bundles
    and junk in some of its own fields: this reaches the mapper and the matcher."""
    body = copy.deepcopy(REFERENCE)
    patient_id = body["context"]["patientId"]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        key = draw(st.sampled_from(SEARCH_KEYS))
        entries = body["prefetch"][key].setdefault("entry", [])
        entries.append({"resource": draw(fhir_resources(patient_id))})
    if draw(st.booleans()):
        # Overwrite one field of one real resource with junk.
        key = draw(st.sampled_from(SEARCH_KEYS))
        entries = body["prefetch"][key].get("entry") or []
        if entries:
            entry = entries[draw(st.integers(min_value=0, max_value=len(entries) - 1))]
            field = draw(st.sampled_from(sorted(entry["resource"])))
            if field not in {"resourceType", "id"}:
                entry["resource"][field] = draw(json_values)
    return body


def feedback_bodies() -> st.SearchStrategy[Any]:
    item = st.fixed_dictionaries(
        {
            "card": mostly(st.text(min_size=1, max_size=40), text),
            "outcome": mostly(st.sampled_from(["accepted", "overridden"]), text),
            "outcomeTimestamp": mostly(
                st.sampled_from(["2026-11-25T09:31:00Z", "2026-11-25T09:31:00"]),
                st.sampled_from(["yesterday", "", "2026-02-30T00:00:00Z"]),
            ),
        },
        optional={
            "acceptedSuggestions": st.lists(st.fixed_dictionaries({"id": text}), max_size=3)
            | json_values,
            "overrideReason": st.fixed_dictionaries(
                {},
                optional={
                    "reason": st.fixed_dictionaries({"code": text, "system": text}),
                    "userComment": text,
                },
            )
            | json_values,
        },
    )
    return st.fixed_dictionaries({"feedback": st.lists(item, min_size=1, max_size=4)})


def path_value(known: str) -> st.SearchStrategy[str]:
    """The existing value about half the time, so bodies get past the 404."""
    junk = st.text(min_size=1, max_size=60).map(lambda value: quote(value, safe=""))
    tricky = st.sampled_from(["..", "%2e%2e", "%00", "%ff", "a%2Fb", "x" * 300, known.lower()])
    return mostly(st.just(known), junk | tricky)


KNOWN = {"service_id": SERVICE_ID, "nct_id": SEED_TRIAL, "token": "no-such-token"}


@st.composite
def requests_for(
    draw: st.DrawFn, template: str, methods: set[str], form_fields: list[str]
) -> tuple[str, str, dict[str, str], bytes]:
    path = template
    for name in [part[1:-1] for part in template.split("/") if part.startswith("{")]:
        path = path.replace("{" + name + "}", draw(path_value(KNOWN.get(name, "x"))))
    query = draw(st.dictionaries(st.text(string.ascii_letters, max_size=8), text, max_size=3))
    if query:
        path += "?" + urlencode(query)
    method = draw(mostly(st.sampled_from(sorted(methods)), st.sampled_from(METHODS)))
    headers = {
        "Content-Type": draw(mostly(st.just("application/json"), st.sampled_from(CONTENT_TYPES)))
    }
    if draw(st.booleans()):
        headers["Accept"] = draw(st.sampled_from(["text/html", "application/json", "*/*", "x"]))
    bodies: list[st.SearchStrategy[bytes]] = [
        st.binary(max_size=400),
        json_values.map(_json_bytes),
    ]
    if template.startswith("/cds-services/{service_id}"):
        shaped = (
            feedback_bodies()
            if template.endswith("/feedback")
            else st.one_of(hook_bodies(), real_hook_bodies(), real_hook_bodies())
        )
        bodies += [shaped.map(_json_bytes)] * 3
    if template.endswith("/check"):
        answers = st.dictionaries(
            st.sampled_from(form_fields or ["x"]), st.lists(text, max_size=2), max_size=6
        )
        bodies += [
            answers.map(lambda a: urlencode(a, doseq=True).encode()),
            answers.map(lambda a: _json_bytes({k: v[0] if v else None for k, v in a.items()})),
        ] * 2
    body = draw(st.one_of(bodies)) if method not in {"GET", "HEAD", "OPTIONS"} else b""
    if template.endswith("/check") and b"=" in body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return method, path, headers, body


@pytest.mark.slow
def test_raw_requests_to_every_route_find_no_5xx_and_no_bare_4xx(tmp_path: Path) -> None:
    with scratch_dir(tmp_path) as data_dir:
        app = fuzz_app(data_dir)
        templates = route_templates(app.openapi())
        templates["/no/such/{thing}"] = {"GET", "POST"}
        sent: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        with TestClient(app, raise_server_exceptions=False) as client:
            questions = client.get(f"/api/trials/{SEED_TRIAL}/check").json()
            form_fields = [field["name"] for field in questions["fields"]]
            assert form_fields
            for template, methods in templates.items():
                _fuzz_route(client, template, methods, form_fields, sent, statuses)
    print(f"raw requests: {sum(sent.values())} {dict(sent)}")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    assert set(sent) == set(templates)
    assert min(sent.values()) >= EXAMPLES_PER_ROUTE * 0.8
    assert sum(sent.values()) >= 2500


def _fuzz_route(
    client: TestClient,
    template: str,
    methods: set[str],
    form_fields: list[str],
    sent: Counter[str],
    statuses: Counter[str],
) -> None:
    @settings(
        max_examples=EXAMPLES_PER_ROUTE,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(request=requests_for(template, methods, form_fields))
    def check(request: tuple[str, str, dict[str, str], bytes]) -> None:
        method, path, headers, body = request
        response = client.request(method, path, headers=headers, content=body or None)
        sent_path = response.request.url.path  # as normalised by the client ("a/../b")
        assert_answer_is_sound(
            method, sent_path, response.status_code, response.content, response.headers
        )
        sent[template] += 1
        statuses[f"{template} {response.status_code}"] += 1

    check()
