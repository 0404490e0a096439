"""No patient data in any log line: the real service (create_app with JWT client auth, the real
pipeline and catalog) served by uvicorn on loopback, called with httpx, every logger at DEBUG
(root, uvicorn, uvicorn.access, httpx, httpcore, urllib3; sqlalchemy keeps its own WARNING),
stdout and stderr captured too.

Planted: the patient's name, birth date, MRN (Patient.identifier), logical id, the bearer token
for the EHR's FHIR server (fhirAuthorization) and the client JWT. Three paths: 200 (prefetch,
and the no-prefetch path through a FHIR server), 412 (the FHIR server fails) and 400 (bodies
that do not fit, with the patient data inside them).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from fastapi import FastAPI

from cds_service.service import create_app
from cds_service.settings import AuthMode, Settings
from fhir_mapping import bundle_to_hook_request
from tests.cds_service.auth.auth_testkit import SigningKey, jwks_of, make_key
from tests.cds_service.conftest import FIXED_NOW
from tests.cds_service.reliability.reliability_support import BUNDLES
from tests.support.fhir_server import Answer, json_answer, running_fhir_server, searchset
from tests.support.uvicorn_server import serving

# A real uvicorn per test, every logger at DEBUG.
pytestmark = pytest.mark.slow

BASE = "https://oncomatch.example.org"
ISSUER = "https://ehr.example.org/"
HOOK = "/cds-services/oncomatch-trials"
NAME_GIVEN = "Zebulon"
NAME_FAMILY = "Quixote-Marchetti"
BIRTH_DATE = "1961-07-23"
MRN = "MRN-7741-2209-QX"
PATIENT_ID = "pt-5c1e9a77"
FHIR_TOKEN = "fhir-bearer-9f8e7d6c5b4a3921"
LOGGERS = ["", "uvicorn", "uvicorn.error", "uvicorn.access", "httpx", "httpcore", "urllib3"]
LOGGERS += ["oncomatch", "fastapi", "asyncio", "cds_service", "fhir_mapping", "eligibility"]
# Not sqlalchemy: it pins its own logger at WARNING, so a DEBUG root does not turn on statement
# logging; turning that on (echo=True) logs bound parameters by design.


class Everything(logging.Handler):
    """Keeps every record, formatted with its arguments, exception and stack."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        extra = [repr(record.args), record.exc_text or "", record.stack_info or ""]
        self.lines.append(" | ".join([text, *extra]))


@contextmanager
def all_logging() -> Iterator[Everything]:
    handler = Everything()
    saved: list[tuple[logging.Logger, int, bool]] = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate))
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        logger.propagate = False  # each record once, through our handler
    try:
        yield handler
    finally:
        for logger, level, propagate in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate


def planted_bundle() -> dict[str, Any]:
    """The reference patient, renamed and re-identified with unique strings."""
    text = (BUNDLES / "npc_eligible.json").read_text()
    text = text.replace("npc-eligible", PATIENT_ID).replace("1975-03-10", BIRTH_DATE)
    bundle: dict[str, Any] = json.loads(text)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Patient":
            resource["name"] = [{"family": NAME_FAMILY, "given": [NAME_GIVEN]}]
            resource["identifier"] = [
                {"system": "urn:oid:1.2.36.146.595.217.0.1", "value": MRN},
                {"system": "http://hl7.org/fhir/sid/us-ssn", "value": "999-12-3456"},
            ]
            resource["telecom"] = [{"system": "phone", "value": "+1 555 0100 7788"}]
            resource["address"] = [{"line": ["42 Wallaby Way"], "city": "Sydney"}]
    return bundle


SECRETS = [
    NAME_GIVEN,
    NAME_FAMILY,
    BIRTH_DATE,
    MRN,
    "999-12-3456",
    "555 0100 7788",
    "Wallaby",
    FHIR_TOKEN,
]
# urllib3 logs each request line at DEBUG, and FHIR URLs carry the patient's logical id
# (`Condition?patient=<id>`); cds_service.hooks.fhir_client masks those paths.
URL_LOGGER = "urllib3.connectionpool"


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return make_key("ES384")


@pytest.fixture
def app(tmp_path: Path, key: SigningKey) -> FastAPI:
    issuers = tmp_path / "issuers.json"
    issuers.write_text(json.dumps({"issuers": [{"iss": ISSUER, "jwks": jwks_of(key)}]}))
    settings = Settings(
        data_dir=tmp_path / "data",
        auth=AuthMode.JWT,
        trusted_issuers=issuers,
        public_base_url=BASE,
    )
    return create_app(settings, clock=lambda: FIXED_NOW)


def client_jwt(key: SigningKey, path: str) -> str:
    now = int(FIXED_NOW.timestamp())
    claims = {
        "iss": ISSUER,
        "sub": "ehr-client",
        "aud": BASE + path,
        "exp": now + 300,
        "iat": now,
        "jti": str(uuid.uuid4()),
    }
    return jwt.encode(
        claims, key.private, algorithm=key.alg, headers={"kid": key.kid, "typ": "JWT"}
    )


Call = Callable[[str, Any], httpx.Response]


def assert_nothing_leaked(lines: list[str], captured: str, jwts: list[str]) -> None:
    assert lines, "the calls should have logged something"
    everything = "\n".join(lines) + "\n" + captured
    for secret in SECRETS:
        assert secret not in everything, f"{secret!r} reached the logs"
    for line in [*lines, captured]:
        assert PATIENT_ID not in line, f"the patient id reached: {line}"
    for token in jwts:
        for part in token.split("."):
            assert part not in everything, "a part of the client JWT reached the logs"


def run_calls(
    app: FastAPI, key: SigningKey, calls: Callable[[Call], None]
) -> tuple[list[str], list[str]]:
    jwts: list[str] = []
    with all_logging() as handler:
        with serving(app) as live, httpx.Client(base_url=live.base_url, timeout=30) as http:

            def call(path: str, body: Any) -> httpx.Response:
                token = client_jwt(key, path)
                jwts.append(token)
                headers = {"Authorization": f"Bearer {token}"}
                if isinstance(body, bytes):
                    headers["Content-Type"] = "application/json"
                    return http.post(path, content=body, headers=headers)
                return http.post(path, json=body, headers=headers)

            try:
                calls(call)
            except AssertionError as error:
                reasons = [line for line in handler.lines if "401" in line]
                raise AssertionError(f"{error}; 401 log lines: {reasons[:3]}") from None
        lines = list(handler.lines)
    return lines, jwts


def with_fhir_authorization(request: dict[str, Any]) -> dict[str, Any]:
    request["fhirAuthorization"] = {
        "access_token": FHIR_TOKEN,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": f"patient/*.read launch/patient/{PATIENT_ID}",
        "subject": "oncomatch",
        "patient": PATIENT_ID,
    }
    return request


def test_a_full_hook_call_logs_no_patient_data(
    app: FastAPI, key: SigningKey, capfd: pytest.CaptureFixture[str]
) -> None:
    bundle = planted_bundle()
    resources = [entry["resource"] for entry in bundle["entry"]]

    with running_fhir_server() as fhir:
        fhir.route("Patient", json_answer(resources[0]))
        for rtype in {r["resourceType"] for r in resources} - {"Patient"}:
            fhir.route(
                rtype, json_answer(searchset([r for r in resources if r["resourceType"] == rtype]))
            )

        def calls(call: Call) -> None:
            # 200 with prefetch (and the token, which is then not needed).
            prefetched = bundle_to_hook_request(bundle, hook_instance="logs-1")
            prefetched["fhirServer"] = fhir.base_url
            answer = call(HOOK, with_fhir_authorization(prefetched))
            assert answer.status_code == 200, answer.text
            assert answer.json()["cards"], "the planted patient should get the seed trial's card"
            card = answer.json()["cards"][0]
            # 200 with entries the mapper skips with a warning, the patient's data inside them.
            messy = bundle_to_hook_request(bundle, hook_instance="logs-1b")
            junk = {
                "resourceType": "Observation",
                "id": f"obs-{MRN}",
                "status": "final",
                "subject": {"reference": f"Patient/{PATIENT_ID}"},
                "code": {"coding": [{"system": "http://loinc.org", "code": "89247-1"}]},
                "effectiveDateTime": f"{BIRTH_DATE}T99:99",
                "valueInteger": f"three, says {NAME_FAMILY}",
            }
            messy["prefetch"]["observations"]["entry"].append({"resource": junk})
            messy["prefetch"]["conditions"]["entry"].append(
                {"resource": {"resourceType": "Condition", "id": NAME_GIVEN, "code": MRN}}
            )
            answer = call(HOOK, messy)
            assert answer.status_code == 200, answer.text
            # 200 on the no-prefetch path: every key fetched with the bearer token.
            fetched = bundle_to_hook_request(bundle, hook_instance="logs-2")
            fetched["fhirServer"] = fhir.base_url
            del fetched["prefetch"]
            answer = call(HOOK, with_fhir_authorization(fetched))
            assert answer.status_code == 200, answer.text
            # Eight keys, and the reports: the chart records therapy and the catalog counts lines.
            assert len(fhir.requests) == 9
            # Feedback on the card, with a free-text comment naming the patient.
            feedback = {
                "feedback": [
                    {
                        "card": card["uuid"],
                        "outcome": "overridden",
                        "overrideReason": {"userComment": f"{NAME_FAMILY} declined, MRN {MRN}"},
                        "outcomeTimestamp": "2026-11-25T09:31:00Z",
                    }
                ]
            }
            assert call(f"{HOOK}/feedback", feedback).status_code == 200

        lines, jwts = run_calls(app, key, calls)
    captured = capfd.readouterr()
    assert any("logs-1" in line for line in lines), "the hook log line should be there"
    assert any("logs-1b" in line and "skipped" in line for line in lines), "mapper warnings"
    assert any("200" in line and "uvicorn.access" in line for line in lines)
    assert_nothing_leaked(lines, captured.out + captured.err, jwts)


def test_a_412_logs_no_patient_data(
    app: FastAPI, key: SigningKey, capfd: pytest.CaptureFixture[str]
) -> None:
    bundle = planted_bundle()
    patient = bundle["entry"][0]["resource"]
    with running_fhir_server() as fhir:
        fhir.route("Patient", json_answer(patient))
        fhir.route("Condition", Answer(status=500, body=json.dumps(patient).encode()))
        fhir.route("Observation", Answer(status=200, body=b"<html>" + MRN.encode()))

        def calls(call: Call) -> None:
            request = bundle_to_hook_request(bundle, hook_instance="logs-412")
            request["fhirServer"] = fhir.base_url
            del request["prefetch"]["conditions"]
            del request["prefetch"]["observations"]
            answer = call(HOOK, with_fhir_authorization(request))
            assert answer.status_code == 412, answer.text
            # Another patient in the prefetch: 412 too.
            other = bundle_to_hook_request(bundle, hook_instance="logs-412b")
            other["context"]["patientId"] = "someone-else"
            assert call(HOOK, other).status_code == 412

        lines, jwts = run_calls(app, key, calls)
    captured = capfd.readouterr()
    assert any("412" in line for line in lines)
    assert_nothing_leaked(lines, captured.out + captured.err, jwts)


def test_a_400_logs_no_patient_data(
    app: FastAPI, key: SigningKey, capfd: pytest.CaptureFixture[str]
) -> None:
    bundle = planted_bundle()

    def calls(call: Call) -> None:
        request = with_fhir_authorization(bundle_to_hook_request(bundle, hook_instance="logs-400"))
        # The patient's data inside fields that do not fit the model.
        bad = json.loads(json.dumps(request))
        bad["hookInstance"] = f"{NAME_FAMILY} {MRN} " * 40
        bad["fhirServer"] = f"not a url {BIRTH_DATE}"
        bad["prefetch"]["patient"] = f"Patient/{PATIENT_ID} {NAME_GIVEN}"
        assert call(HOOK, bad).status_code == 400
        # A prefetch key that is not a resource, holding the name.
        bad = json.loads(json.dumps(request))
        bad["prefetch"]["conditions"] = [NAME_FAMILY, MRN]
        assert call(HOOK, bad).status_code == 400
        # Malformed JSON right after the patient's data.
        text = json.dumps(request)
        assert call(HOOK, text[: text.index(MRN) + len(MRN)].encode() + b"\x00}").status_code == 400
        # Not UTF-8 next to the data.
        assert (
            call(
                HOOK, text.replace(MRN, MRN + "\udcff", 1).encode("utf-8", "surrogateescape")
            ).status_code
            == 400
        )
        # Feedback that does not fit, naming the patient.
        feedback = {
            "feedback": [{"card": MRN, "outcome": NAME_FAMILY, "outcomeTimestamp": BIRTH_DATE}]
        }
        assert call(f"{HOOK}/feedback", feedback).status_code == 400

    lines, jwts = run_calls(app, key, calls)
    captured = capfd.readouterr()
    assert any("400" in line for line in lines)
    assert_nothing_leaked(lines, captured.out + captured.err, jwts)


def test_the_patient_id_is_in_no_log_line_even_at_debug(
    app: FastAPI, key: SigningKey, capfd: pytest.CaptureFixture[str]
) -> None:
    bundle = planted_bundle()
    patient = bundle["entry"][0]["resource"]
    with running_fhir_server() as fhir:
        fhir.route("Patient", json_answer(patient))

        def calls(call: Call) -> None:
            request = bundle_to_hook_request(bundle, hook_instance="logs-id")
            request["fhirServer"] = fhir.base_url
            del request["prefetch"]
            assert call(HOOK, with_fhir_authorization(request)).status_code == 200

        lines, _ = run_calls(app, key, calls)
    captured = capfd.readouterr()
    assert all(PATIENT_ID not in line for line in [*lines, captured.out, captured.err])


def test_every_error_path_logs_no_patient_data(
    app: FastAPI, key: SigningKey, capfd: pytest.CaptureFixture[str]
) -> None:
    """Each 4xx a hook or feedback call can get, with the planted data (and the patient's id as
    the EHR's patient id) in the call: 412 for a patient the prefetch does not hold, 404 for an
    unknown service, 415, 413, 401, and feedback on a card never issued."""
    bundle = planted_bundle()

    def calls(call: Call) -> None:
        request = with_fhir_authorization(bundle_to_hook_request(bundle, hook_instance="logs-all"))
        # The EHR's patient id is an MRN-like identifier the prefetch has no Patient for.
        unknown = bundle_to_hook_request(bundle, hook_instance="logs-unknown")
        unknown["context"]["patientId"] = MRN
        assert call(HOOK, unknown).status_code == 412
        assert call("/cds-services/no-such-service", request).status_code == 404
        text = json.dumps(request)
        assert call(HOOK, text.encode() + b" " * (6 * 1024 * 1024)).status_code == 413
        feedback = {
            "feedback": [
                {
                    "card": str(uuid.uuid4()),
                    "outcome": "overridden",
                    "outcomeTimestamp": "2026-11-25T10:00:00Z",
                    "overrideReason": {"userComment": f"{NAME_FAMILY} {MRN}"},
                }
            ]
        }
        assert call(f"{HOOK}/feedback", feedback).status_code == 200

    lines, jwts = run_calls(app, key, calls)
    with all_logging() as handler:
        with serving(app) as live, httpx.Client(base_url=live.base_url, timeout=30) as http:
            body = json.dumps(bundle_to_hook_request(bundle, hook_instance="logs-raw"))
            assert http.post(
                HOOK, content=body, headers={"Content-Type": "text/plain"}
            ).status_code in (
                401,
                415,
            )
            forged = jwt.encode({"iss": ISSUER, "sub": MRN, "name": NAME_FAMILY}, "k" * 32)
            headers = {"Authorization": f"Bearer {forged}"}
            assert http.post(HOOK, content=body, headers=headers).status_code == 401
            jwts.append(forged)
        lines += handler.lines
    captured = capfd.readouterr()
    assert any("412" in line for line in lines)
    assert any("404" in line for line in lines)
    assert_nothing_leaked(lines, captured.out + captured.err, jwts)
