"""Hook calls take turns at the CPU: at most `hook_concurrency` are worked on at once, the rest
wait first come first served, and neither fetching missing prefetch from the EHR nor the commit
is part of a turn.

Every wait here is bounded; the tests observe order and overlap, never time.
"""

from __future__ import annotations

import copy
import http.client
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cards.models import HookResponse
from cds_service.runtime import PipelineResult
from cds_service.service import create_app
from cds_service.settings import Settings
from cds_service.storage.db import write_lock
from cds_service.storage.feedback import CardIssue
from tests.cds_service.conftest import FIXED_NOW
from tests.cds_service.hooks.test_hook_errors import VALID
from tests.support.fhir_server import json_answer, running_fhir_server
from tests.support.uvicorn_server import serving

URL = "/cds-services/oncomatch-trials"
WAIT = 10.0  # seconds: the bound of every wait, far above what any step needs


class GatedPipeline:
    """A pipeline double that holds each call until the test opens the gate, and records which
    calls were inside at once."""

    def __init__(self, issues_a_card: bool = False) -> None:
        self.issues_a_card = issues_a_card
        self.gate = threading.Event()
        self.entered: list[str] = []
        self.inside = 0
        self.most_inside = 0
        self._lock = threading.Lock()

    def run(
        self, resources: Sequence[dict[str, Any]], *, patient_id: str, hook_instance: str
    ) -> PipelineResult:
        with self._lock:
            self.entered.append(hook_instance)
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
        try:
            assert self.gate.wait(WAIT), "the test never opened the gate"
        finally:
            with self._lock:
                self.inside -= 1
        if not self.issues_a_card:
            return PipelineResult(HookResponse())
        # A card to record, so that the answer has a commit to make.
        issued = CardIssue(f"card-{hook_instance}", "NCT07188584", "eligible", hook_instance)
        return PipelineResult(HookResponse(), issued=(issued,))


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.005)


def body(hook_instance: str) -> dict[str, Any]:
    request = copy.deepcopy(VALID)
    request["hookInstance"] = hook_instance
    return request


CALLER_THREAD = "hook-turns-caller"


class Caller:
    """One hook call on its own thread; `status` once it has answered."""

    def __init__(self, client: TestClient, request: dict[str, Any]) -> None:
        self.status: int | None = None
        self._thread = threading.Thread(
            target=self._call, args=(client, request), name=CALLER_THREAD, daemon=True
        )
        self._thread.start()

    def _call(self, client: TestClient, request: dict[str, Any]) -> None:
        self.status = client.post(URL, json=request).status_code

    def join(self) -> int | None:
        self._thread.join(WAIT)
        return self.status


@pytest.fixture
def pipeline() -> GatedPipeline:
    return GatedPipeline()


def app_client(settings: Settings, pipeline: GatedPipeline) -> Iterator[TestClient]:
    app = create_app(settings, clock=lambda: FIXED_NOW, pipeline=pipeline)
    with TestClient(app) as client:
        try:
            yield client
        finally:
            # Whatever a test did, let every call answer before the client closes: closing it
            # with calls in flight hangs instead of failing.
            pipeline.gate.set()
            for thread in threading.enumerate():
                if thread.name == CALLER_THREAD:
                    thread.join(WAIT)


@pytest.fixture
def one_at_a_time(
    make_settings: Callable[..., Settings], pipeline: GatedPipeline
) -> Iterator[TestClient]:
    yield from app_client(make_settings(), pipeline)


def waiting(client: TestClient) -> int:
    limiter = client.app.state.runtime.hook_limiter  # type: ignore[attr-defined]
    return int(limiter.statistics().tasks_waiting)


def test_by_default_one_call_is_worked_on_and_the_rest_wait_in_arrival_order(
    one_at_a_time: TestClient, pipeline: GatedPipeline
) -> None:
    first = Caller(one_at_a_time, body("first"))
    until(lambda: pipeline.entered == ["first"], "the first call is inside")
    later = []
    for position, name in enumerate(["second", "third", "fourth"], start=1):
        later.append(Caller(one_at_a_time, body(name)))
        until(lambda p=position: waiting(one_at_a_time) == p, f"{name} waits its turn")

    assert pipeline.entered == ["first"]
    pipeline.gate.set()
    assert [caller.join() for caller in [first, *later]] == [200] * 4
    assert pipeline.entered == ["first", "second", "third", "fourth"]
    assert pipeline.most_inside == 1


def test_hook_concurrency_lets_that_many_in_at_once(
    make_settings: Callable[..., Settings], pipeline: GatedPipeline
) -> None:
    for client in app_client(make_settings(hook_concurrency=2), pipeline):
        callers = [Caller(client, body(name)) for name in ["a", "b", "c"]]
        until(lambda c=client: len(pipeline.entered) == 2 and waiting(c) == 1, "two in, one waits")
        pipeline.gate.set()
        assert [caller.join() for caller in callers] == [200] * 3
    assert pipeline.most_inside == 2


def test_fetching_missing_prefetch_does_not_wait_for_a_turn(
    one_at_a_time: TestClient, pipeline: GatedPipeline
) -> None:
    with running_fhir_server() as fhir:
        fhir.route("Patient", json_answer(VALID["prefetch"]["patient"]))
        first = Caller(one_at_a_time, body("holds the turn"))
        until(lambda: pipeline.entered == ["holds the turn"], "the first call is inside")

        without_prefetch = body("needs a fetch")
        del without_prefetch["prefetch"]
        without_prefetch["fhirServer"] = fhir.base_url
        second = Caller(one_at_a_time, without_prefetch)
        # The EHR is asked while the first call still holds the only turn.
        until(lambda: any("/Patient/p1" in r.path for r in fhir.requests), "the fetch happens")
        until(lambda: waiting(one_at_a_time) == 1, "the fetched call then waits its turn")
        pipeline.gate.set()
        assert (first.join(), second.join()) == (200, 200)
    assert pipeline.entered == ["holds the turn", "needs a fetch"]


def test_a_call_refused_before_its_turn_does_not_take_one(
    one_at_a_time: TestClient, pipeline: GatedPipeline
) -> None:
    first = Caller(one_at_a_time, body("holds the turn"))
    until(lambda: pipeline.entered == ["holds the turn"], "the first call is inside")
    missing_patient = body("refused")
    del missing_patient["prefetch"]["patient"]
    # 412 at once (no FHIR server to fetch from), though the only turn is taken.
    assert one_at_a_time.post(URL, json=missing_patient).status_code == 412
    assert waiting(one_at_a_time) == 0
    pipeline.gate.set()
    assert first.join() == 200


def test_the_commit_is_not_part_of_a_turn(make_settings: Callable[..., Settings]) -> None:
    pipeline = GatedPipeline(issues_a_card=True)
    pipeline.gate.set()
    for client in app_client(make_settings(), pipeline):
        lock = write_lock(client.app.state.runtime.engine)  # type: ignore[attr-defined]
        callers: list[Caller] = []
        lock.acquire()  # the first call's commit waits here...
        try:
            callers.append(Caller(client, body("commits")))
            until(lambda: pipeline.entered == ["commits"], "the first call is prepared")
            callers.append(Caller(client, body("next")))
            # ...while the next call gets its turn.
            until(lambda: pipeline.entered == ["commits", "next"], "the next call is prepared")
            assert callers[0].status is None
        finally:
            lock.release()
            # Both answer before the client closes, whatever happened above.
            answered = [caller.join() for caller in callers]
        assert answered == [200, 200]


@pytest.mark.parametrize("queue_limit", [0, 1])
def test_past_the_queue_limit_a_call_gets_503_with_retry_after(
    make_settings: Callable[..., Settings], pipeline: GatedPipeline, queue_limit: int
) -> None:
    for client in app_client(make_settings(hook_queue_limit=queue_limit), pipeline):
        callers = [Caller(client, body("inside"))]
        until(lambda: pipeline.entered == ["inside"], "the first call is inside")
        for position in range(1, queue_limit + 1):
            callers.append(Caller(client, body(f"waits {position}")))
            until(lambda p=position, c=client: waiting(c) == p, "the call waits its turn")

        refused = client.post(URL, json=body("one too many"))
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "1"
        outcome = refused.json()
        assert outcome["resourceType"] == "OperationOutcome"
        assert outcome["issue"][0]["code"] == "transient"
        assert f"{queue_limit} hook calls are already waiting" in outcome["issue"][0]["diagnostics"]

        pipeline.gate.set()
        assert [caller.join() for caller in callers] == [200] * (queue_limit + 1)
    assert "one too many" not in pipeline.entered


def test_a_call_whose_client_hung_up_while_waiting_is_not_worked_on(
    make_settings: Callable[..., Settings],
    pipeline: GatedPipeline,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app(make_settings(), clock=lambda: FIXED_NOW, pipeline=pipeline)
    limiter = app.state.runtime.hook_limiter
    with serving(app) as live, caplog.at_level(logging.INFO, logger="oncomatch.hook"):
        port = live.port
        first = threading.Thread(target=post, args=(port, body("inside")), daemon=True)
        first.start()
        until(lambda: pipeline.entered == ["inside"], "the first call is inside")

        gone = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        gone.request("POST", URL, body=json.dumps(body("hung up")), headers=JSON)
        until(lambda: limiter.statistics().tasks_waiting == 1, "the second call waits")
        gone.sock.shutdown(socket.SHUT_RDWR)  # type: ignore[union-attr]
        gone.close()
        until(lambda: live.open_connections() == 1, "the server notices the hang-up")

        pipeline.gate.set()
        first.join(WAIT)
        until(
            lambda: limiter.borrowed_tokens == 0 and limiter.statistics().tasks_waiting == 0,
            "every turn is over",
        )
        # And the service still answers afterwards.
        assert post(port, body("after")) == 200
    assert pipeline.entered == ["inside", "after"]
    assert "hook hung up left unanswered: the client went away" in caplog.text


JSON = {"Content-Type": "application/json"}


def post(port: int, request: dict[str, Any]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
    try:
        connection.request("POST", URL, body=json.dumps(request), headers=JSON)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("value", [0, -1, 65])
def test_hook_concurrency_out_of_range_is_refused(
    make_settings: Callable[..., Settings], value: int
) -> None:
    with pytest.raises(ValueError, match="hook_concurrency"):
        make_settings(hook_concurrency=value)


def test_calls_waiting_for_a_turn_leave_the_other_requests_their_threads(
    make_settings: Callable[..., Settings], pipeline: GatedPipeline
) -> None:
    for client in app_client(make_settings(hook_queue_limit=64), pipeline):
        # More hook calls wait for the turn than the default thread pool has threads...
        callers = [Caller(client, body(f"call-{n}")) for n in range(DEFAULT_THREADS + 2)]
        until(lambda c=client: waiting(c) == DEFAULT_THREADS + 1, "all but one wait their turn")
        # ...and feedback, whose store runs in that pool, still answers at once.
        feedback = {
            "feedback": [
                {
                    "card": "card-x",
                    "outcome": "accepted",
                    "outcomeTimestamp": "2026-11-25T09:31:00Z",
                }
            ]
        }
        assert client.post(f"{URL}/feedback", json=feedback).status_code == 200
        pipeline.gate.set()
        assert [caller.join() for caller in callers] == [200] * len(callers)


# anyio's default: the threads that run_in_threadpool (feedback, pages, readiness) share.
DEFAULT_THREADS = 40
