"""Sync against a real local HTTP server serving recorded API v2 pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import requests
from ctgov_recorded_server import RecordedRegistry

from cds_service.catalog.ctgov_sync import (
    CtgovClient,
    CtgovSync,
    CtgovSyncError,
    SyncQuery,
    _retry_after_seconds,
)
from cds_service.catalog.store import ImportedTrialStore
from eligibility.trial import TrialStatus
from tests.cds_service.catalog.conftest import suggestible_ids

TODAY = date(2026, 6, 5)


class FakeTime:
    """An injected clock: `sleep` moves it forward instead of waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def client(url: str, time: FakeTime, **options: float) -> CtgovClient:
    return CtgovClient(
        url,
        session=requests.Session(),
        sleep=time.sleep,
        clock=time.clock,
        min_interval=options.get("min_interval", 1.0),
        backoff=options.get("backoff", 1.0),
        max_retries=int(options.get("max_retries", 5)),
        timeout=5,
    )


def run(url: str, store: ImportedTrialStore, time: FakeTime, **kwargs: object):  # type: ignore[no-untyped-def]
    progress: list[tuple[int, int | None]] = []
    sync = CtgovSync(
        client(url, time),
        store,
        today=lambda: TODAY,
        progress=lambda done, total: progress.append((done, total)),
    )
    summary = sync.run(
        SyncQuery(conditions=("nasopharyngeal carcinoma",), countries=("China",)), **kwargs
    )  # type: ignore[arg-type]
    return summary, progress


def test_full_sync_follows_page_tokens_and_stores_everything(
    registry: RecordedRegistry, registry_url: str, store: ImportedTrialStore
) -> None:
    time = FakeTime()
    summary, progress = run(registry_url, store, time)
    assert (summary.pages, summary.fetched, summary.new, summary.updated) == (2, 3, 3, 0)
    assert summary.incremental_since is None
    assert progress == [(2, 3), (3, 3)]
    first, second = registry.requests
    assert first[0] == "/api/v2/studies"
    assert first[1]["query.cond"] == '"nasopharyngeal carcinoma"'
    assert first[1]["query.locn"] == "China"
    assert first[1]["filter.overallStatus"] == "RECRUITING,NOT_YET_RECRUITING"
    assert first[1]["countTotal"] == "true"
    assert "pageToken" not in first[1]
    assert second[1]["pageToken"] == "sync-token-2"
    assert "countTotal" not in second[1]
    # Polite: the second request waited for the minimum interval.
    assert time.slept == [1.0]
    assert suggestible_ids(store) == [
        "NCT00000011",
        "NCT00000012",
        "NCT00000013",
    ]
    assert store.last_update_date() == date(2026, 5, 3)
    assert store.load_all()[0].source.retrieved == TODAY


def test_incremental_sync_sees_a_trial_close_and_removes_it_from_matching(
    registry: RecordedRegistry, registry_url: str, store: ImportedTrialStore
) -> None:
    time = FakeTime()
    run(registry_url, store, time)
    registry.requests.clear()
    summary, _ = run(registry_url, store, time)
    ((_path, params),) = registry.requests
    assert params["filter.advanced"] == "AREA[LastUpdatePostDate]RANGE[2026-05-03,MAX]"
    assert "filter.overallStatus" not in params  # closures must be seen
    assert summary.incremental_since == date(2026, 5, 3)
    # NCT00000011 closed, NCT00000014 is new, NCT00000015 (TERMINATED, never stored) skipped.
    assert (summary.new, summary.updated, summary.closed, summary.skipped) == (1, 0, 1, 1)
    assert "1 new, 0 updated, 1 withdrawn/closed" in summary.line()
    assert suggestible_ids(store) == [
        "NCT00000012",
        "NCT00000013",
        "NCT00000014",
    ]
    assert store.status_of("NCT00000011") is TrialStatus.COMPLETED
    assert store.status_of("NCT00000015") is None
    assert store.last_update_date() == date(2026, 6, 2)


def test_full_flag_ignores_the_stored_date(
    registry: RecordedRegistry, registry_url: str, store: ImportedTrialStore
) -> None:
    time = FakeTime()
    run(registry_url, store, time)
    summary, _ = run(registry_url, store, time, incremental=False)
    assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 3)
    assert all("filter.advanced" not in params for _, params in registry.requests)


def test_retries_on_429_and_503_respecting_retry_after(
    registry: RecordedRegistry, registry_url: str, store: ImportedTrialStore
) -> None:
    registry.faults = [
        (429, {"Retry-After": "7"}, "slow down"),
        (503, {}, "maintenance"),
    ]
    time = FakeTime()
    summary, _ = run(registry_url, store, time)
    assert summary.new == 3
    assert len(registry.requests) == 4  # 429, 503, page 1, page 2
    # Retry-After honoured (7 s); then exponential backoff (1 s x 2**1); then the rate limit.
    assert time.slept == [7.0, 2.0, 1.0]


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2026, 6, 5, 12, 0, 0, tzinfo=UTC)
    assert _retry_after_seconds("Fri, 05 Jun 2026 12:00:30 GMT", now) == 30.0
    assert _retry_after_seconds("120", now) == 120.0
    assert _retry_after_seconds("soon", now) is None


def test_gives_up_after_max_retries(registry: RecordedRegistry, registry_url: str) -> None:
    registry.faults = [(503, {}, "down")] * 3
    time = FakeTime()
    api = client(registry_url, time, max_retries=2)
    with pytest.raises(CtgovSyncError, match="HTTP 503"):
        list(api.iter_pages(SyncQuery()))
    assert len(registry.requests) == 3
    assert time.slept == [1.0, 2.0]


def test_a_client_error_is_not_retried(registry: RecordedRegistry, registry_url: str) -> None:
    registry.faults = [(400, {"Content-Type": "text/plain"}, "bad filter")]
    api = client(registry_url, FakeTime())
    with pytest.raises(CtgovSyncError, match="HTTP 400 bad filter"):
        list(api.iter_pages(SyncQuery()))
    assert len(registry.requests) == 1


def test_connection_refused_is_retried_then_reported() -> None:
    time = FakeTime()
    api = client("http://127.0.0.1:9/api/v2", time, max_retries=1)
    with pytest.raises(CtgovSyncError):
        list(api.iter_pages(SyncQuery()))
    assert time.slept == [1.0]


def test_a_repeated_page_token_stops_the_loop(
    registry: RecordedRegistry, registry_url: str
) -> None:
    registry.full_pages["sync-token-2"] = {"studies": [], "nextPageToken": "sync-token-2"}
    api = client(registry_url, FakeTime(), min_interval=0)
    with pytest.raises(CtgovSyncError, match="repeated page token"):
        list(api.iter_pages(SyncQuery()))


def test_a_broken_record_is_counted_and_named_not_fatal(
    registry: RecordedRegistry, registry_url: str, store: ImportedTrialStore
) -> None:
    registry.full_pages["sync-token-2"]["studies"][0]["protocolSection"]["identificationModule"][
        "nctId"
    ] = "NCT13"
    summary, _ = run(registry_url, store, FakeTime())
    assert (summary.new, summary.failed) == (2, 1)
    assert "NCT13" in summary.errors[0]
