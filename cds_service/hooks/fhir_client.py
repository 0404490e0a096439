"""Fetching what the EHR did not prefetch from its FHIR server.

Only used on the no-prefetch path. requests is synchronous: callers run `fetch_all` in a worker
thread, and it runs the queries in a small thread pool of its own, each query with its own
session (a `requests.Session` is not thread-safe). Searches ask for `_count` results per page, so
a long history is a few pages rather than dozens at a server's default of 20. What is read is
bounded by resources and bytes (for the whole fetch) and by a response-size cap; a page cap
remains as a safety net against endless paging with empty pages; connect/read timeouts bound
each request and one deadline all of them together. The bearer token is sent to the EHR's FHIR
server origin only (a `next` link pointing elsewhere is refused) and is never logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import orjson
import requests
import urllib3

from cds_service.logging_setup import UrlPathRedactor

logger = logging.getLogger("oncomatch.fhir")
# At DEBUG, urllib3 logs each request line, whose path holds the patient id
# (`Patient/<id>`, `Condition?patient=<id>`): mask it wherever logging is configured.
logging.getLogger("urllib3.connectionpool").addFilter(UrlPathRedactor())


class FetchError(Exception):
    """A query could not be answered; the message is safe to show to the client and to log."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float
    read_timeout: float
    deadline_seconds: float
    max_pages: int  # per query: the safety net against endless paging with empty pages
    max_response_bytes: int  # per answer
    page_size: int = 200  # the `_count` sent with every search
    max_resources: int = 20_000  # entries read by one fetch, every query together
    max_total_bytes: int = 64 * 1024 * 1024  # bytes read by one fetch, every query together


SessionFactory = Callable[[], requests.Session]

# Each thread mostly waits on a socket; eight covers every query of a hook call at once.
MAX_THREADS = 8


class _BudgetSpentError(FetchError):
    """A query that read past a bound another query had crossed already: the other one is named
    (its answer is what passed the bound)."""


class _Budget:
    """What one fetch has read so far, across its threads; past a bound, a FetchError that names
    the bound and the setting (never what was read) — for the query that crossed it, and
    `_BudgetSpentError` for any query that reads after."""

    def __init__(self, limits: FetchLimits) -> None:
        self._limits = limits
        self._lock = threading.Lock()
        self._resources = 0
        self._bytes = 0
        self._crossed = False

    def add_resources(self, count: int) -> None:
        with self._lock:
            self._resources += count
            over = self._resources > self._limits.max_resources
            first = self._cross(over)
        if over:
            self._raise(
                first,
                f"more than {self._limits.max_resources} resources in all "
                "(resource bound, ONCOMATCH_FHIR_MAX_RESOURCES)",
            )

    def add_bytes(self, count: int) -> None:
        with self._lock:
            self._bytes += count
            over = self._bytes > self._limits.max_total_bytes
            first = self._cross(over)
        if over:
            self._raise(
                first,
                f"more than {self._limits.max_total_bytes} bytes in all "
                "(byte bound, ONCOMATCH_FHIR_MAX_TOTAL_BYTES)",
            )

    def _cross(self, over: bool) -> bool:
        """Whether this call is the one that crossed a bound (under the lock)."""
        first = over and not self._crossed
        self._crossed = self._crossed or over
        return first

    @staticmethod
    def _raise(first: bool, message: str) -> None:
        raise FetchError(message) if first else _BudgetSpentError(message)


def _failure(
    done: set[Future[dict[str, Any]]], by_future: Mapping[Future[dict[str, Any]], str]
) -> tuple[str, BaseException] | None:
    """The key and error of a failed query of `done`: one that crossed a bound before one that
    only read past it (`_BudgetSpentError`)."""
    failed = [(by_future[f], e) for f in done if (e := f.exception()) is not None]
    failed.sort(key=lambda item: isinstance(item[1], _BudgetSpentError))
    return failed[0] if failed else None


class FhirFetcher:
    def __init__(
        self,
        limits: FetchLimits,
        session_factory: SessionFactory = requests.Session,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = limits
        self._session_factory = session_factory
        self._clock = clock

    def fetch_all(
        self, base_url: str, queries: Mapping[str, Sequence[str]], access_token: str | None
    ) -> dict[str, dict[str, Any]]:
        """Run every query concurrently; return key -> resource, or one Bundle of every page of
        every query of that key (a key with several queries is always searches).

        Raises FetchError naming the first key that failed, or the keys still running when the
        deadline passed. Worker threads left running stop on their own socket timeouts or at
        their next read past the deadline.
        """
        tasks = [(key, query) for key, key_queries in queries.items() for query in key_queries]
        if not tasks:
            return {}
        deadline = self._clock() + self._limits.deadline_seconds
        budget = _Budget(self._limits)
        pool = ThreadPoolExecutor(
            max_workers=min(MAX_THREADS, len(tasks)), thread_name_prefix="fhir"
        )
        try:
            futures = [
                (key, pool.submit(self._fetch_one, base_url, query, access_token, deadline, budget))
                for key, query in tasks
            ]
            by_future = {future: key for key, future in futures}
            done, pending = wait(
                by_future, timeout=max(0.0, deadline - self._clock()), return_when=FIRST_EXCEPTION
            )
            failed = _failure(done, by_future)
            # A query that read after another crossed a shared bound failed first: the one that
            # crossed it is raising too, and is the one to name.
            while failed is not None and isinstance(failed[1], _BudgetSpentError) and pending:
                more, pending = wait(
                    pending, timeout=max(0.0, deadline - self._clock()), return_when=FIRST_EXCEPTION
                )
                if not more:
                    break
                done |= more
                failed = _failure(done, by_future)
            if failed is not None:
                key, error = failed
                message = str(error) if isinstance(error, FetchError) else type(error).__name__
                raise FetchError(f"prefetch key {key!r}: {message}")
            if pending:
                late = ", ".join(sorted({repr(by_future[f]) for f in pending}))
                raise FetchError(
                    f"prefetch key(s) {late}: the FHIR server did not answer within "
                    f"{self._limits.deadline_seconds:g} s"
                )
            answers: dict[str, list[dict[str, Any]]] = {}
            for key, future in futures:  # in query order, so merged Bundles are deterministic
                answers.setdefault(key, []).append(future.result())
            return {key: _merged(found) for key, found in answers.items()}
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _fetch_one(
        self,
        base_url: str,
        query: str,
        access_token: str | None,
        deadline: float,
        budget: _Budget,
    ) -> dict[str, Any]:
        base = base_url.rstrip("/") + "/"
        url = urljoin(base, _with_count(query, self._limits.page_size))
        origin = _origin(base)
        headers = {"Accept": "application/fhir+json, application/json"}
        if access_token:
            headers["Authorization"] = f"Bearer {access_token}"
        with self._session_factory() as session:
            first = self._get_json(session, url, headers, deadline, budget)
            if first.get("resourceType") != "Bundle":
                return first
            entries = list(first.get("entry") or [])
            budget.add_resources(len(entries))
            pages = 1
            next_url = _next_link(first)
            while next_url:
                if pages >= self._limits.max_pages:
                    raise FetchError(
                        f"more than {self._limits.max_pages} pages of results "
                        "(page cap reached, ONCOMATCH_FHIR_MAX_PAGES)"
                    )
                absolute = urljoin(base, next_url)
                if _origin(absolute) != origin:
                    raise FetchError("a Bundle next link points outside the FHIR server")
                page = self._get_json(session, absolute, headers, deadline, budget)
                if page.get("resourceType") != "Bundle":
                    raise FetchError("a next page is not a Bundle")
                page_entries = page.get("entry") or []
                budget.add_resources(len(page_entries))
                entries.extend(page_entries)
                pages += 1
                next_url = _next_link(page)
            return {"resourceType": "Bundle", "type": "searchset", "entry": entries}

    def _get_json(
        self,
        session: requests.Session,
        url: str,
        headers: dict[str, str],
        deadline: float,
        budget: _Budget,
    ) -> dict[str, Any]:
        remaining = deadline - self._clock()
        if remaining <= 0:
            raise FetchError("deadline passed")
        timeout = (
            min(self._limits.connect_timeout, remaining),
            min(self._limits.read_timeout, remaining),
        )
        try:
            response = session.get(url, headers=headers, timeout=timeout, stream=True)
        except requests.Timeout:
            raise FetchError("the FHIR server timed out") from None
        except requests.RequestException as error:
            raise FetchError(f"could not reach the FHIR server ({type(error).__name__})") from None
        with response:
            if response.status_code != 200:
                raise FetchError(f"the FHIR server answered HTTP {response.status_code}")
            body = self._read_capped(response, deadline, budget)
        try:
            parsed = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise FetchError("the FHIR server's answer is not JSON") from None
        if not isinstance(parsed, dict) or "resourceType" not in parsed:
            raise FetchError("the FHIR server's answer is not a FHIR resource")
        if parsed["resourceType"] == "OperationOutcome":
            raise FetchError("the FHIR server answered with an OperationOutcome")
        return parsed

    def _read_capped(self, response: requests.Response, deadline: float, budget: _Budget) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            # read1 returns whatever one socket read brings, so the deadline is checked after
            # every read: a server trickling bytes cannot hold the thread past the deadline.
            while chunk := response.raw.read1(65536, decode_content=True):
                size += len(chunk)
                if size > self._limits.max_response_bytes:
                    raise FetchError("the FHIR server's answer is too large")
                budget.add_bytes(len(chunk))
                if self._clock() > deadline:
                    raise FetchError("the FHIR server did not finish answering in time")
                chunks.append(chunk)
        except (requests.RequestException, urllib3.exceptions.HTTPError) as error:
            reason = type(error).__name__
            raise FetchError(f"the FHIR server's answer broke off ({reason})") from None
        return b"".join(chunks)


def _with_count(query: str, page_size: int) -> str:
    """A search asks for `page_size` results per page unless it already says how many; a read
    (no `?`) is left alone. Servers cap `_count` at their own maximum, and paging goes on."""
    path, _, params = query.partition("?")
    if not params or any(p.startswith("_count=") for p in params.split("&")):
        return query
    return f"{path}?{params}&_count={page_size}"


def _merged(answers: list[dict[str, Any]]) -> dict[str, Any]:
    """One key's answers: a single answer as it came, several searches as one Bundle."""
    if len(answers) == 1:
        return answers[0]
    entries = [entry for answer in answers for entry in answer.get("entry") or []]
    return {"resourceType": "Bundle", "type": "searchset", "entry": entries}


def _next_link(bundle: Mapping[str, Any]) -> str | None:
    for link in bundle.get("link") or []:
        if isinstance(link, dict) and link.get("relation") == "next":
            url = link.get("url")
            if isinstance(url, str) and url:
                return url
    return None


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()
