"""A real FHIR server double on loopback: canned answers and faults, recorded requests.

Tests talk to it over real sockets, so the code under test runs exactly as in production.
`serve(resources)` makes it search a list of resources as real servers do (tests/support/
fhir_search.py: pages of 20 with `next` links, token lists, date prefixes, `_sort`); `route`
overrides one resource type with a canned answer or a fault.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.fhir_search import FhirStore


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/fhir+json"
    delay: float = 0.0
    reset: bool = False


def json_answer(payload: Any, status: int = 200, delay: float = 0.0) -> Answer:
    return Answer(status=status, body=json.dumps(payload).encode(), delay=delay)


Route = Callable[[str, "FhirServer"], Answer]


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    answer_bytes: int = 0  # the body sent back: what the client had to read


@dataclass
class FhirServer:
    base_url: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    default: Route | None = None
    requests: list[RecordedRequest] = field(default_factory=list)

    def route(self, resource_type: str, answer: Answer | Route) -> None:
        """Answer every request whose path starts with `/{resource_type}`."""
        self.routes[resource_type] = answer if callable(answer) else (lambda _p, _s: answer)

    def serve(
        self,
        resources: list[dict[str, Any]],
        *,
        page_size: int = 20,
        max_page_size: int = 1000,
        delay: float = 0.0,
    ) -> FhirStore:
        """Answer reads and searches not routed elsewhere from `resources`, each after `delay`."""
        store = FhirStore(resources, self.base_url, page_size, max_page_size)

        def search(path: str, _server: FhirServer) -> Answer:
            found = store.answer(path)
            return Answer(
                found.status, json.dumps(found.body, ensure_ascii=False).encode(), delay=delay
            )

        self.default = search
        return store

    def answer_for(self, path: str) -> Answer:
        relative = path.split("/fhir/", 1)[-1]
        name = relative.split("?", 1)[0].split("/", 1)[0]
        handler = self.routes.get(name) or self.default
        if handler is None:
            return json_answer({"resourceType": "Bundle", "type": "searchset", "entry": []})
        return handler(path, self)


def searchset(resources: list[dict[str, Any]], next_url: str | None = None) -> dict[str, Any]:
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": resource} for resource in resources],
    }
    if next_url:
        bundle["link"] = [{"relation": "next", "url": next_url}]
    return bundle


@contextmanager
def running_fhir_server() -> Iterator[FhirServer]:
    state = FhirServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            recorded = RecordedRequest(self.path, dict(self.headers.items()))
            state.requests.append(recorded)
            answer = state.answer_for(self.path)
            recorded.answer_bytes = len(answer.body)
            if answer.delay:
                time.sleep(answer.delay)
            if answer.reset:
                # SO_LINGER 0 makes close() send a TCP RST instead of a clean FIN.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                self.connection.close()
                return
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/fhir"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
