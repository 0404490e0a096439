"""`/metrics` in the Prometheus text format (0.0.4), without a client library.

The metric names and labels are listed in the README (Deployment). The registry is per process:
with several uvicorn workers each worker answers for itself. `/metrics` needs no client JWT,
like `/healthz`: it carries counts only, no patient data, and scrapers hold no EHR credentials.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cds_service.clock import Clock
from eligibility.holder import CatalogHolder

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
UNROUTED = "(unrouted)"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Any other method is counted as OTHER: a client must not be able to mint label values.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
CARD_BUCKETS = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 10.0, 20.0, 50.0)

Labels = tuple[tuple[str, str], ...]


@dataclass
class _Histogram:
    buckets: tuple[float, ...]
    counts: list[int] = field(default_factory=list)  # per bucket, not cumulative; last is +Inf
    total: float = 0.0
    count: int = 0

    def __post_init__(self) -> None:
        self.counts = [0] * (len(self.buckets) + 1)

    def observe(self, value: float) -> None:
        self.counts[bisect_left(self.buckets, value)] += 1
        self.total += value
        self.count += 1


class MetricsRegistry:
    """Counters and histograms keyed by label tuples, guarded by one lock (cheap at our rates)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[Labels, int] = {}
        self._latency: dict[Labels, _Histogram] = {}
        self._cards = _Histogram(CARD_BUCKETS)
        self._gauges: list[tuple[str, str, Callable[[], float | None]]] = []

    def observe_request(self, endpoint: str, method: str, status: int, seconds: float) -> None:
        labels = (("endpoint", endpoint), ("method", method), ("status", str(status)))
        with self._lock:
            self._requests[labels] = self._requests.get(labels, 0) + 1
            histogram = self._latency.get(labels)
            if histogram is None:
                histogram = self._latency[labels] = _Histogram(LATENCY_BUCKETS)
            histogram.observe(seconds)

    def observe_cards(self, count: int) -> None:
        with self._lock:
            self._cards.observe(float(count))

    def gauge(self, name: str, help_text: str, read: Callable[[], float | None]) -> None:
        """A value read at scrape time; `read` returning None leaves the sample out."""
        self._gauges.append((name, help_text, read))

    def render(self) -> str:
        with self._lock:
            requests = sorted(self._requests.items())
            latency = sorted(
                (labels, list(h.counts), h.total, h.count) for labels, h in self._latency.items()
            )
            cards = (list(self._cards.counts), self._cards.total, self._cards.count)
        lines: list[str] = []
        name = "oncomatch_http_requests_total"
        lines.append(f"# HELP {name} HTTP requests by route template, method and status.")
        lines.append(f"# TYPE {name} counter")
        lines += [f"{name}{_labels(labels)} {value}" for labels, value in requests]
        name = "oncomatch_http_request_duration_seconds"
        lines.append(f"# HELP {name} Time to answer, by route template, method and status.")
        lines.append(f"# TYPE {name} histogram")
        for labels, counts, total, count in latency:
            lines += _histogram_lines(name, labels, LATENCY_BUCKETS, counts, total, count)
        name = "oncomatch_cards_returned"
        lines += [f"# HELP {name} Cards in each hook answer.", f"# TYPE {name} histogram"]
        lines += _histogram_lines(name, (), CARD_BUCKETS, *cards)
        for gauge_name, help_text, read in self._gauges:
            value = read()
            lines += [f"# HELP {gauge_name} {help_text}", f"# TYPE {gauge_name} gauge"]
            if value is not None:
                lines.append(f"{gauge_name} {_number(value)}")
        return "\n".join(lines) + "\n"


def _histogram_lines(
    name: str,
    labels: Labels,
    buckets: Sequence[float],
    counts: Sequence[int],
    total: float,
    count: int,
) -> list[str]:
    lines = []
    cumulative = 0
    for bound, bucket_count in zip((*buckets, float("inf")), counts, strict=True):
        cumulative += bucket_count
        le = "+Inf" if bound == float("inf") else _number(bound)
        lines.append(f"{name}_bucket{_labels((*labels, ('le', le)))} {cumulative}")
    lines.append(f"{name}_sum{_labels(labels)} {_number(total)}")
    lines.append(f"{name}_count{_labels(labels)} {count}")
    return lines


def _labels(labels: Iterable[tuple[str, str]]) -> str:
    parts = [f'{key}="{_escape(value)}"' for key, value in labels]
    return "{" + ",".join(parts) + "}" if parts else ""


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    return repr(float(value)) if value != int(value) else f"{int(value)}.0"


def endpoint_label(scope: Scope) -> str:
    """The route template of a request, never the raw path.

    A raw path can hold a capability token or an id, and unbounded label values would blow up the
    series count. Requests answered before routing (a 404 for no route, a 413 from the body-size
    limit) have no template: they share the label `(unrouted)`.
    """
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) and path else UNROUTED


class MetricsMiddleware:
    """Times every HTTP request and counts it by route template, method and status."""

    def __init__(self, app: ASGIApp, registry: MetricsRegistry) -> None:
        self.app = app
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an exception escaping the app becomes a 500 further out

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            method = str(scope.get("method", ""))
            self.registry.observe_request(
                endpoint_label(scope),
                method if method in METHODS else "OTHER",
                status,
                time.perf_counter() - started,
            )


def catalog_gauges(registry: MetricsRegistry, catalog: CatalogHolder, clock: Clock) -> None:
    def size() -> float:
        return float(len(catalog.catalog))

    def age_days() -> float | None:
        as_of = catalog.catalog.data_as_of
        return None if as_of is None else float((clock().date() - as_of).days)

    registry.gauge("oncomatch_catalog_trials", "Trials in the catalog in service.", size)
    registry.gauge(
        "oncomatch_catalog_age_days",
        "Days since the newest data_as_of among the catalog's trials.",
        age_days,
    )


def install_metrics(
    app: FastAPI,
    *,
    catalog: CatalogHolder,
    clock: Clock,
    card_observers: list[Callable[[int], None]],
) -> MetricsRegistry:
    """Add the middleware, the unauthenticated `GET /metrics` route and the gauges."""
    registry = MetricsRegistry()
    catalog_gauges(registry, catalog, clock)
    card_observers.append(registry.observe_cards)

    async def metrics() -> Response:
        return Response(registry.render(), media_type=CONTENT_TYPE)

    app.add_api_route(
        "/metrics",
        metrics,
        methods=["GET"],
        summary="Prometheus metrics (unauthenticated, like /healthz)",
        response_class=Response,
    )
    app.add_middleware(MetricsMiddleware, registry=registry)
    return registry
