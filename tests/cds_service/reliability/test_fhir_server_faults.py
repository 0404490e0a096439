"""FHIR server faults on the no-prefetch path, through the real pipeline (the cases that
test_prefetch_fetch.py does not cover): another patient's data in the answer, a connection
reset in the middle of a body, and 200 answers that are too large or never end."""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cards import TRIAL_MATCH_KEY
from cds_service.service import create_app
from cds_service.settings import Settings
from fhir_mapping import bundle_to_hook_request
from tests.cds_service.conftest import FIXED_NOW
from tests.cds_service.reliability.reliability_support import BUNDLES, SEED_TRIAL
from tests.support.fhir_server import (
    Answer,
    FhirServer,
    json_answer,
    running_fhir_server,
    searchset,
)

# Real sockets and deadlines: seconds in all.
pytestmark = pytest.mark.slow

URL = "/cds-services/oncomatch-trials"
DEADLINE = 1.5
TYPES = {
    "conditions": "Condition",
    "observations": "Observation",
    "medicationStatements": "MedicationStatement",
    "medicationRequests": "MedicationRequest",
    "medicationAdministrations": "MedicationAdministration",
    "medicationDispenses": "MedicationDispense",
    "procedures": "Procedure",
}


@pytest.fixture
def client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    settings = make_settings(
        fhir_connect_timeout=0.5,
        fhir_read_timeout=0.5,
        fhir_deadline_seconds=DEADLINE,
        fhir_max_pages=3,
        fhir_max_response_bytes=256 * 1024,
    )
    app = create_app(settings, clock=lambda: FIXED_NOW)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def relaxed_client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    """For the tests about data, not faults: timeouts no loaded test machine runs into."""
    settings = make_settings(fhir_connect_timeout=5, fhir_read_timeout=10, fhir_deadline_seconds=20)
    app = create_app(settings, clock=lambda: FIXED_NOW)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def relaxed_capped_client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    """`client`'s size cap with `relaxed_client`'s timeouts: for a body the service must read
    whole, which a loaded machine may not parse within `client`'s deadline."""
    settings = make_settings(
        fhir_connect_timeout=5,
        fhir_read_timeout=10,
        fhir_deadline_seconds=20,
        fhir_max_pages=3,
        fhir_max_response_bytes=256 * 1024,
    )
    app = create_app(settings, clock=lambda: FIXED_NOW)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def reference_bundle() -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads((BUNDLES / "npc_eligible.json").read_text())
    return bundle


def no_prefetch_request(bundle: dict[str, Any], base_url: str) -> dict[str, Any]:
    request = bundle_to_hook_request(bundle, hook_instance="faults-1", fhir_server=base_url)
    del request["prefetch"]
    request["fhirAuthorization"] = {
        "access_token": "token-for-the-fhir-server",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "user/*.read",
        "subject": "oncomatch",
    }
    return request


def serve_bundle(server: FhirServer, resources: list[dict[str, Any]]) -> None:
    """Answer the patient read and every search with the given resources, as an EHR would."""
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    server.route("Patient", json_answer(patient))
    for resource_type in TYPES.values():
        found = [r for r in resources if r["resourceType"] == resource_type]
        server.route(resource_type, json_answer(searchset(found)))


def seed_verdict(body: dict[str, Any]) -> str | None:
    for card in body["cards"]:
        match = card.get("extension", {}).get(TRIAL_MATCH_KEY, {})
        if match.get("nctId") == SEED_TRIAL:
            return str(match["verdict"])
    return None


# --- another patient's data in the FHIR server's answer ------------------------------------------


def disqualifying(subject: str) -> list[dict[str, Any]]:
    """Data that would make the reference patient not eligible, were it theirs."""
    ref = {"reference": subject}
    return [
        {
            "resourceType": "Observation",
            "id": "intruder-ecog",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]},
            "subject": ref,
            "effectiveDateTime": "2026-11-20",
            "valueInteger": 3,
        },
        {
            "resourceType": "Condition",
            "id": "intruder-heart-failure",
            "clinicalStatus": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                        "code": "active",
                    }
                ]
            },
            "code": {
                "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I50.22"}],
                "text": "Heart failure, NYHA class III",
            },
            "subject": ref,
            "onsetDateTime": "2026-10-01",
        },
    ]


def hook_with_extra(
    client: TestClient, server: FhirServer, extra: list[dict[str, Any]]
) -> dict[str, Any]:
    bundle = reference_bundle()
    resources = [entry["resource"] for entry in bundle["entry"]]
    serve_bundle(server, resources + extra)
    response = client.post(URL, json=no_prefetch_request(bundle, server.base_url))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def server() -> Iterator[FhirServer]:
    with running_fhir_server() as fhir:
        yield fhir


def test_the_injected_data_would_decide_the_verdict_if_it_were_the_patients(
    relaxed_client: TestClient, server: FhirServer
) -> None:
    """The control: the same resources, about the patient, do make them not eligible."""
    patient_id = reference_bundle()["id"]
    assert seed_verdict(hook_with_extra(relaxed_client, server, [])) == "eligible"
    body = hook_with_extra(relaxed_client, server, disqualifying(f"Patient/{patient_id}"))
    assert seed_verdict(body) is None  # not eligible: no card


@pytest.mark.parametrize(
    "subject",
    ["Patient/other", "Patient/npc-eligible-2", "Patient/", "Group/npc-eligible"],
)
def test_another_patients_data_from_the_server_is_not_used(
    relaxed_client: TestClient, server: FhirServer, subject: str
) -> None:
    body = hook_with_extra(relaxed_client, server, disqualifying(subject))
    assert seed_verdict(body) == "eligible"
    # Every requested search was scoped to the patient in context.
    searches = [r.path for r in server.requests if "?" in r.path]
    assert searches
    assert all("patient=npc-eligible" in path for path in searches)


def test_a_second_patient_resource_in_the_answer_is_not_used(
    relaxed_client: TestClient, server: FhirServer
) -> None:
    """A search that also returns another Patient (say, via _include) changes nothing."""
    other = {
        "resourceType": "Patient",
        "id": "other",
        "gender": "female",
        "birthDate": "1930-01-01",  # 96: over the trial's age limit
    }
    body = hook_with_extra(relaxed_client, server, [other, *disqualifying("Patient/other")])
    assert seed_verdict(body) == "eligible"


# --- a connection reset in the middle of a body, and bodies that never end -----------------------

PATIENT_BYTES = json.dumps(
    {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1960-03-01"}
).encode()
EMPTY_BYTES = json.dumps(searchset([])).encode()


@contextmanager
def raw_fhir_server(condition_answer: Callable[[socket.socket], None]) -> Iterator[str]:
    """A loopback server speaking just enough HTTP/1.1: the Condition search gets the given
    raw behaviour, the Patient read and every other search a normal answer."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            connection: socket.socket = self.request
            connection.settimeout(5)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                head += chunk
            path = head.split(b" ", 2)[1].decode()
            if "/Condition" in path:
                condition_answer(connection)
                return
            body = PATIENT_BYTES if "/Patient/" in path else EMPTY_BYTES
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
            )

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/fhir"
    finally:
        server.shutdown()
        server.server_close()


def reset(connection: socket.socket) -> None:
    # SO_LINGER 0: close() sends a TCP RST instead of a clean FIN.
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    connection.close()


def reset_after_half_the_declared_length(connection: socket.socket) -> None:
    body = json.dumps(searchset([{"resourceType": "Condition", "id": "c1"}] * 200)).encode()
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(body), body[: len(body) // 2])
    )
    time.sleep(0.05)
    reset(connection)


def reset_inside_a_chunk(connection: socket.socket) -> None:
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
        b"400\r\n" + b'{"resourceType": "Bundle", "entry": [' + b" " * 100
    )
    time.sleep(0.05)
    reset(connection)


def close_early_without_reset(connection: socket.socket) -> None:
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
        b'Content-Length: 5000\r\n\r\n{"resourceType": "Bundle", "entry": ['
    )
    connection.shutdown(socket.SHUT_WR)
    connection.close()


def endless_chunks(connection: socket.socket) -> None:
    """A 200 whose chunked body never ends: stops when the client hangs up (or after 64 MB)."""
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    piece = b" " * 65536
    chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
    try:
        connection.sendall(b'7\r\n{"a": [\r\n')
        for _ in range(1024):
            connection.sendall(chunk)
    except OSError:
        return


def trickle(connection: socket.socket) -> None:
    """A byte every 0.1 s for 4 s, then a hang-up: each read is within the read timeout, the
    whole is not (bounded, so a fetch thread it holds ends soon after the test)."""
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: 100000\r\n\r\n"
    )
    try:
        for _ in range(40):
            connection.sendall(b" ")
            time.sleep(0.1)
    except OSError:
        return
    reset(connection)


@pytest.mark.parametrize(
    ("behaviour", "reasons"),
    [
        (reset_after_half_the_declared_length, ("broke off", "could not reach")),
        (reset_inside_a_chunk, ("broke off", "could not reach")),
        (close_early_without_reset, ("broke off", "not JSON")),
        (endless_chunks, ("too large",)),
        # While the Condition search trickles to the deadline, a loaded machine may time out
        # another search first: the 412 names whichever key it could not have.
        (trickle, ("did not finish answering in time", "did not answer within", "timed out")),
    ],
)
def test_broken_or_endless_bodies_give_412_within_the_deadline(
    client: TestClient, behaviour: Callable[[socket.socket], None], reasons: tuple[str, ...]
) -> None:
    with raw_fhir_server(behaviour) as base_url:
        request = {
            "hook": "patient-view",
            "hookInstance": "faults-2",
            "fhirServer": base_url,
            "context": {"userId": "Practitioner/1", "patientId": "p1"},
        }
        started = time.monotonic()
        response = client.post(URL, json=request)
        elapsed = time.monotonic() - started
    assert response.status_code == 412, response.text
    text = " ".join(issue["diagnostics"] for issue in response.json()["issue"])
    assert "conditions" in text or (behaviour is trickle and "prefetch key" in text), text
    assert any(reason in text for reason in reasons), text
    assert elapsed < DEADLINE + 1.5


def test_a_200_larger_than_the_cap_is_412(client: TestClient, server: FhirServer) -> None:
    huge = {"resourceType": "Condition", "id": "c1", "note": [{"text": "x" * 600_000}]}
    server.route("Patient", json_answer({"resourceType": "Patient", "id": "p1"}))
    server.route("Condition", json_answer(searchset([huge])))
    request = {
        "hook": "patient-view",
        "hookInstance": "faults-3",
        "fhirServer": server.base_url,
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
    }
    response = client.post(URL, json=request)
    assert response.status_code == 412
    assert "too large" in response.text


def test_a_body_just_under_the_cap_is_used(
    relaxed_capped_client: TestClient, server: FhirServer
) -> None:
    condition = {
        "resourceType": "Condition",
        "id": "c1",
        "subject": {"reference": "Patient/p1"},
        "note": [{"text": "x" * 200_000}],
    }
    server.route("Patient", json_answer({"resourceType": "Patient", "id": "p1"}))
    server.route("Condition", Answer(body=json.dumps(searchset([condition])).encode()))
    request = {
        "hook": "patient-view",
        "hookInstance": "faults-4",
        "fhirServer": server.base_url,
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
    }
    assert relaxed_capped_client.post(URL, json=request).status_code == 200


@pytest.mark.slow
def test_a_trickling_server_does_not_hold_a_fetch_thread_past_the_deadline(
    client: TestClient,
) -> None:
    before = set(threading.enumerate())
    with raw_fhir_server(trickle) as base_url:
        request = {
            "hook": "patient-view",
            "hookInstance": "faults-5",
            "fhirServer": base_url,
            "context": {"userId": "Practitioner/1", "patientId": "p1"},
        }
        assert client.post(URL, json=request).status_code == 412
        # Past the deadline, a fetch thread may finish the read it is in (read timeout 0.5 s).
        time.sleep(0.5 + 0.5)
        lingering = [
            thread.name
            for thread in set(threading.enumerate()) - before
            if thread.name.startswith("fhir") and thread.is_alive()
        ]
    assert lingering == []
