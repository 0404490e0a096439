"""Fetching what the EHR did not prefetch from its FHIR server.

Only used on the no-prefetch path. requests is synchronous: callers run `fetch_all` in a worker
thread. Each query is bounded by connect/read timeouts, a page cap and a response-size cap, and
all of them together by one deadline. The bearer token is sent to the EHR's FHIR server origin
only (a `next` link pointing elsewhere is refused) and is never logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
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
    max_pages: int
    max_response_bytes: int


SessionFactory = Callable[[], requests.Session]


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
        self, base_url: str, queries: Mapping[str, str], access_token: str | None
    ) -> dict[str, dict[str, Any]]:
        """Run every query concurrently; return key -> resource (or Bundle of all pages).

        Raises FetchError naming the first key that failed, or the keys still running when the
        deadline passed. Worker threads left running stop on their own socket timeouts.
        """
        if not queries:
            return {}
        deadline = self._clock() + self._limits.deadline_seconds
        pool = ThreadPoolExecutor(max_workers=min(8, len(queries)), thread_name_prefix="fhir")
        try:
            futures = {
                pool.submit(self._fetch_one, base_url, query, access_token, deadline): key
                for key, query in queries.items()
            }
            done, pending = wait(
                futures, timeout=max(0.0, deadline - self._clock()), return_when=FIRST_EXCEPTION
            )
            results: dict[str, dict[str, Any]] = {}
            for future in done:
                key = futures[future]
                error = future.exception()
                if error is not None:
                    message = str(error) if isinstance(error, FetchError) else type(error).__name__
                    raise FetchError(f"prefetch key {key!r}: {message}")
                results[key] = future.result()
            if pending:
                late = ", ".join(sorted(repr(futures[f]) for f in pending))
                raise FetchError(
                    f"prefetch key(s) {late}: the FHIR server did not answer within "
                    f"{self._limits.deadline_seconds:g} s"
                )
            return results
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _fetch_one(
        self, base_url: str, query: str, access_token: str | None, deadline: float
    ) -> dict[str, Any]:
        base = base_url.rstrip("/") + "/"
        url = urljoin(base, query)
        origin = _origin(base)
        headers = {"Accept": "application/fhir+json, application/json"}
        if access_token:
            headers["Authorization"] = f"Bearer {access_token}"
        with self._session_factory() as session:
            first = self._get_json(session, url, headers, deadline)
            if first.get("resourceType") != "Bundle":
                return first
            entries = list(first.get("entry") or [])
            pages = 1
            next_url = _next_link(first)
            while next_url:
                if pages >= self._limits.max_pages:
                    raise FetchError(
                        f"more than {self._limits.max_pages} pages of results (page cap reached)"
                    )
                absolute = urljoin(base, next_url)
                if _origin(absolute) != origin:
                    raise FetchError("a Bundle next link points outside the FHIR server")
                page = self._get_json(session, absolute, headers, deadline)
                if page.get("resourceType") != "Bundle":
                    raise FetchError("a next page is not a Bundle")
                entries.extend(page.get("entry") or [])
                pages += 1
                next_url = _next_link(page)
            return {"resourceType": "Bundle", "type": "searchset", "entry": entries}

    def _get_json(
        self,
        session: requests.Session,
        url: str,
        headers: dict[str, str],
        deadline: float,
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
            body = self._read_capped(response, deadline)
        try:
            parsed = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise FetchError("the FHIR server's answer is not JSON") from None
        if not isinstance(parsed, dict) or "resourceType" not in parsed:
            raise FetchError("the FHIR server's answer is not a FHIR resource")
        if parsed["resourceType"] == "OperationOutcome":
            raise FetchError("the FHIR server answered with an OperationOutcome")
        return parsed

    def _read_capped(self, response: requests.Response, deadline: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            # read1 returns whatever one socket read brings, so the deadline is checked after
            # every read: a server trickling bytes cannot hold the thread past the deadline.
            while chunk := response.raw.read1(65536, decode_content=True):
                size += len(chunk)
                if size > self._limits.max_response_bytes:
                    raise FetchError("the FHIR server's answer is too large")
                if self._clock() > deadline:
                    raise FetchError("the FHIR server did not finish answering in time")
                chunks.append(chunk)
        except (requests.RequestException, urllib3.exceptions.HTTPError) as error:
            reason = type(error).__name__
            raise FetchError(f"the FHIR server's answer broke off ({reason})") from None
        return b"".join(chunks)


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
