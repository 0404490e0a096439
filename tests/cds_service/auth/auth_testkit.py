"""Helpers shared by the client-authentication tests. A uniquely named module (not conftest) so
test modules can import it unambiguously; the fixtures live in conftest.py."""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

AUDIENCE = "https://oncomatch.example.org/cds-services/oncomatch-trials"
ISSUER = "https://ehr.example.org/"
SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
SPEC_EXAMPLES = SHARED / "reference" / "cds-hooks" / "examples"

# A fixture-made token factory: mint(key, headers={...}, **claim_overrides) -> token.
Minter = Callable[..., str]

# Pass as a claim or header value to leave it out of the token.
DROP: Any = object()


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def epoch(self) -> int:
        return int(self.now.timestamp())


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class SigningKey:
    alg: str
    kid: str
    private: Any
    public_jwk: dict[str, Any]


def make_key(alg: str, kid: str | None = None, rsa_bits: int = 2048) -> SigningKey:
    kid = kid or f"{alg.lower()}-{uuid.uuid4().hex[:8]}"
    if alg == "ES384":
        private: Any = ec.generate_private_key(ec.SECP384R1())
        jwk: dict[str, Any] = ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    else:
        private = rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
        jwk = RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    jwk.update({"kid": kid, "alg": alg, "use": "sig"})
    return SigningKey(alg=alg, kid=kid, private=private, public_jwk=jwk)


def jwks_of(*keys: SigningKey) -> dict[str, Any]:
    return {"keys": [key.public_jwk for key in keys]}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64json(obj: object) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


@dataclass
class JwksServer:
    """State of a real HTTP server on 127.0.0.1 serving JWK Sets by path, counting requests."""

    documents: dict[str, object] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    status: int = 200
    raw_body: bytes | None = None
    delay_seconds: float = 0.0
    redirect_to: str | None = None
    release: threading.Event = field(default_factory=threading.Event)
    base_url: str = ""

    def url(self, path: str) -> str:
        return self.base_url + path

    def count(self, path: str) -> int:
        return self.hits.get(path, 0)


@contextmanager
def serve_jwks() -> Iterator[JwksServer]:
    state = JwksServer()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with lock:
                state.hits[self.path] = state.hits.get(self.path, 0) + 1
            if state.delay_seconds:
                # Interruptible, so teardown does not wait for a sleeping handler.
                state.release.wait(state.delay_seconds)
            if state.redirect_to is not None:
                self._reply(302, b"", {"Location": state.redirect_to})
                return
            document = state.documents.get(self.path)
            if state.raw_body is not None:
                self._reply(state.status, state.raw_body)
            elif document is None:
                self._reply(404, b"")
            else:
                self._reply(state.status, json.dumps(document).encode())

        def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client already gave up (timeout tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
