"""/metrics: Prometheus text format, labelled by route template (never a raw path, a token or
an id), cards per answer, catalog size and age; unauthenticated like /healthz."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import cds_service.hooks.client_auth  # noqa: F401  (declares the jwt_replay table before create_app)
from cds_service.metrics import CONTENT_TYPE, MetricsRegistry
from cds_service.service import create_app
from cds_service.settings import AuthMode, Settings
from fhir_mapping import bundle_to_hook_request
from tests.cds_service.auth.auth_testkit import jwks_of, make_key
from tests.cds_service.conftest import FIXED_NOW
from tests.cds_service.reliability.reliability_support import BUNDLES

HOOK = "/cds-services/oncomatch-trials"
SAMPLE = re.compile(
    r'^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?P<labels>(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})?'
    r" (?P<value>[-+]?(?:[0-9.]+(?:e[-+]?[0-9]+)?|Inf|NaN))$"
)
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def parse(exposition: str) -> Samples:
    """A strict reader of the text format: every line a HELP, a TYPE or a valid sample."""
    samples: Samples = {}
    typed: set[str] = set()
    for line in exposition.rstrip("\n").split("\n"):
        if line.startswith("# HELP "):
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in {"counter", "gauge", "histogram"}, line
            typed.add(name)
            continue
        match = SAMPLE.match(line)
        assert match, f"not a valid sample line: {line!r}"
        name = match["name"]
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        assert name in typed or base in typed, f"{name} has no TYPE line"
        labels = tuple(sorted(LABEL.findall(match["labels"] or "")))
        key = (name, labels)
        assert key not in samples, f"duplicate sample {line!r}"
        samples[key] = float(match["value"])
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    app = create_app(make_settings(), clock=lambda: FIXED_NOW)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def hook_request(scenario: str) -> dict[str, Any]:
    bundle = json.loads((BUNDLES / f"{scenario}.json").read_text())
    return bundle_to_hook_request(bundle, hook_instance=f"metrics-{scenario}")


def test_metrics_count_requests_by_route_template_and_status(client: TestClient) -> None:
    answer = client.post(HOOK, json=hook_request("npc_eligible"))
    assert answer.status_code == 200
    cards = answer.json()["cards"]
    link = next(
        link["url"] for card in cards for link in card.get("links", []) if "/match/" in link["url"]
    )
    token = link.rsplit("/", 1)[1]
    assert client.get(f"/match/{token}").status_code == 200
    assert client.get("/match/not-a-token").status_code == 404
    assert client.post(HOOK, json=hook_request("npc_age_71")).status_code == 200
    assert client.post("/cds-services/other-service", json={}).status_code == 404
    assert client.get("/no/such/page").status_code == 404
    big = b'{"x": "' + b"a" * (5 * 1024 * 1024) + b'"}'
    assert (
        client.post(HOOK, content=big, headers={"Content-Type": "application/json"}).status_code
        == 413
    )
    assert client.request("FOO", "/healthz").status_code == 405

    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == CONTENT_TYPE
    exposition = response.text
    samples = parse(exposition)

    requests = "oncomatch_http_requests_total"
    assert (
        value(samples, requests, endpoint="/cds-services/{service_id}", method="POST", status="200")
        == 2
    )
    assert (
        value(samples, requests, endpoint="/cds-services/{service_id}", method="POST", status="404")
        == 1
    )
    assert value(samples, requests, endpoint="/match/{token}", method="GET", status="200") == 1
    assert value(samples, requests, endpoint="/match/{token}", method="GET", status="404") == 1
    assert value(samples, requests, endpoint="(unrouted)", method="GET", status="404") == 1
    assert value(samples, requests, endpoint="(unrouted)", method="POST", status="413") == 1
    assert value(samples, requests, endpoint="/healthz", method="OTHER", status="405") == 1

    # Never a raw path, a token, a service id or a patient id in a label.
    for secret in [token, "not-a-token", "other-service", "/no/such/page", "npc-eligible", "FOO"]:
        assert secret not in exposition
    endpoints = {dict(labels).get("endpoint") for _, labels in samples}
    assert endpoints - {None} <= {
        "(unrouted)",
        "/cds-services/{service_id}",
        "/match/{token}",
        "/healthz",
    }

    # Cards: one answer with the seed trial's card, one (not eligible) without.
    assert value(samples, "oncomatch_cards_returned_count") == 2
    assert value(samples, "oncomatch_cards_returned_sum") == len(cards)
    assert value(samples, "oncomatch_cards_returned_bucket", le="0.0") == 1
    assert value(samples, "oncomatch_cards_returned_bucket", le="+Inf") == 2


def test_latency_histograms_are_cumulative_and_consistent(client: TestClient) -> None:
    for _ in range(3):
        client.post(HOOK, json=hook_request("npc_eligible"))
        client.get("/healthz")
    samples = parse(client.get("/metrics").text)
    name = "oncomatch_http_request_duration_seconds"
    series = {
        tuple(kv for kv in labels if kv[0] != "le")
        for (metric, labels) in samples
        if metric == f"{name}_bucket"
    }
    assert series
    for labels in series:
        buckets = sorted(
            (float(dict(key_labels)["le"]), count)
            for (metric, key_labels), count in samples.items()
            if metric == f"{name}_bucket"
            and tuple(kv for kv in key_labels if kv[0] != "le") == labels
        )
        counts = [count for _, count in buckets]
        assert counts == sorted(counts), "buckets must be cumulative"
        assert buckets[-1][0] == math.inf
        total = samples[(f"{name}_count", labels)]
        assert buckets[-1][1] == total
        assert total == samples[("oncomatch_http_requests_total", labels)]
        assert samples[(f"{name}_sum", labels)] > 0


def test_catalog_size_and_age(client: TestClient) -> None:
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    samples = parse(client.get("/metrics").text)
    catalog = runtime.catalog.catalog
    assert value(samples, "oncomatch_catalog_trials") == len(catalog) >= 1
    expected_age = (FIXED_NOW.date() - catalog.data_as_of).days
    assert value(samples, "oncomatch_catalog_age_days") == expected_age


def test_metrics_need_no_client_jwt_while_the_hook_does(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    key = make_key("ES384")
    issuers = tmp_path / "issuers.json"
    issuers.write_text(
        json.dumps({"issuers": [{"iss": "https://ehr.example.org/", "jwks": jwks_of(key)}]})
    )
    settings = make_settings(auth=AuthMode.JWT, trusted_issuers=issuers)
    with TestClient(create_app(settings, clock=lambda: FIXED_NOW)) as client:
        assert client.post(HOOK, json=hook_request("npc_eligible")).status_code == 401
        response = client.get("/metrics")
        assert response.status_code == 200
        samples = parse(response.text)
    assert (
        value(
            samples,
            "oncomatch_http_requests_total",
            endpoint="/cds-services/{service_id}",
            method="POST",
            status="401",
        )
        == 1
    )


def test_label_values_are_escaped() -> None:
    registry = MetricsRegistry()
    registry.observe_request('/a"b\\c\nd', "GET", 200, 0.5)
    registry.gauge("oncomatch_test_gauge", "A gauge.", lambda: None)
    exposition = registry.render()
    assert 'endpoint="/a\\"b\\\\c\\nd"' in exposition
    parse(exposition)
    assert "\noncomatch_test_gauge " not in exposition  # None leaves the sample out
