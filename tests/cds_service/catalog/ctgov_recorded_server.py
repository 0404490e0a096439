"""A real HTTP server on 127.0.0.1 that answers like ClinicalTrials.gov API v2 `GET /studies`,
from the recorded pages in tests/fixtures/ctgov/sync. Faults can be queued (429, 503, ...)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

SYNC_PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "ctgov" / "sync"


def page(name: str) -> Any:
    return json.loads((SYNC_PAGES / name).read_text(encoding="utf-8"))


@dataclass
class RecordedRegistry:
    """What the server answers, and what it was asked."""

    full_pages: dict[str | None, Any] = field(
        default_factory=lambda: {
            None: page("full_page1.json"),
            "sync-token-2": page("full_page2.json"),
        }
    )
    incremental_pages: dict[str | None, Any] = field(
        default_factory=lambda: {None: page("incremental_page1.json")}
    )
    faults: list[tuple[int, dict[str, str], str]] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, str], str]:
        with self.lock:
            self.requests.append((path, params))
            if self.faults:
                return self.faults.pop(0)
        if path != "/api/v2/studies":
            return 404, {"Content-Type": "text/plain"}, "not found"
        pages = self.incremental_pages if "filter.advanced" in params else self.full_pages
        token = params.get("pageToken")
        if token not in pages:
            return 400, {"Content-Type": "text/plain"}, f"unknown page token {token}"
        return 200, {"Content-Type": "application/json"}, json.dumps(pages[token])


def _handler(registry: RecordedRegistry) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            params = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            status, headers, body = registry.answer(parts.path, params)
            data = body.encode("utf-8")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

    return Handler


@contextmanager
def serve(registry: RecordedRegistry) -> Iterator[str]:
    """Run the server in a thread; yields the API base URL (http://127.0.0.1:PORT/api/v2)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(registry))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v2"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
