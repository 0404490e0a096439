"""Sync imported trials from the ClinicalTrials.gov API v2 (`GET /studies`), politely.

Pages by `nextPageToken`; retries 429, 5xx and connection errors with exponential backoff capped
at `max_backoff`, honouring `Retry-After`; leaves at least `min_interval` seconds between
requests (sleep and clock are injected so tests run fast). An incremental run fetches only the
studies updated since the newest stored one, whatever their status, so a stored trial that has
closed since gets its new status stored; new studies are kept only in a requested status.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import requests

from cds_service.catalog.store import ImportedTrialStore, UpsertCounts
from eligibility.ctgov import CtgovFormatError, convert_study, iter_studies, nct_id_of
from eligibility.ctgov.studies import overall_status
from eligibility.taxonomy import CancerTaxonomy
from eligibility.trial import Trial, TrialStatus

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
log = logging.getLogger(__name__)


class CtgovSyncError(Exception):
    """The registry could not be read (after retries) or answered something unusable."""


@dataclass(frozen=True, slots=True)
class SyncQuery:
    """What to fetch. Conditions and countries are ORed within themselves."""

    conditions: tuple[str, ...] = ()
    statuses: tuple[TrialStatus, ...] = (TrialStatus.RECRUITING, TrialStatus.NOT_YET_RECRUITING)
    countries: tuple[str, ...] = ()
    page_size: int = 100

    def params(self, since: date | None) -> dict[str, str]:
        params: dict[str, str] = {"format": "json", "pageSize": str(self.page_size)}
        if self.conditions:
            params["query.cond"] = " OR ".join(_quote(c) for c in self.conditions)
        if self.countries:
            params["query.locn"] = " OR ".join(_quote(c) for c in self.countries)
        if since is None:
            if self.statuses:
                params["filter.overallStatus"] = ",".join(s.value for s in self.statuses)
        else:
            # No status filter here: a stored trial that closed since must be seen, so that its
            # new status is stored and the matcher stops suggesting it.
            params["filter.advanced"] = f"AREA[LastUpdatePostDate]RANGE[{since.isoformat()},MAX]"
        return params


def _quote(term: str) -> str:
    term = term.strip()
    return f'"{term}"' if " " in term and not term.startswith('"') else term


@dataclass(slots=True)
class SyncSummary:
    new: int = 0
    updated: int = 0
    closed: int = 0  # left an open status: no longer matched
    unchanged: int = 0
    skipped: int = 0  # fetched but not wanted (status not requested and not stored before)
    failed: int = 0  # records that could not be converted (named in `errors`)
    pages: int = 0
    fetched: int = 0
    incremental_since: date | None = None
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        since = (
            f" (incremental since {self.incremental_since.isoformat()})"
            if self.incremental_since
            else ""
        )
        return (
            f"{self.fetched} studies in {self.pages} pages{since}: {self.new} new, "
            f"{self.updated} updated, {self.closed} withdrawn/closed, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {self.failed} failed"
        )


Progress = Callable[[int, int | None], None]
"""(studies fetched so far, total when the registry told us) -> None."""


class CtgovClient:
    """A small, polite client of the API v2 `studies` endpoint."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        session: requests.Session | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        min_interval: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session or requests.Session()
        self._session.headers.setdefault("User-Agent", "OncoMatch catalog sync")
        self._timeout = timeout
        self._max_retries = max_retries
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._min_interval = min_interval
        self._sleep = sleep
        self._clock = clock
        self._now = now
        self._last_request: float | None = None
        self.requests_made = 0
        self.waits: list[float] = []  # every pause taken (rate limit and backoff), for tests

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self.waits.append(seconds)
            self._sleep(seconds)

    def _polite(self) -> None:
        if self._last_request is not None:
            elapsed = self._clock() - self._last_request
            self._pause(self._min_interval - elapsed)
        self._last_request = self._clock()

    def get_json(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        url = f"{self.base_url}/{path.lstrip('/')}"
        attempt = 0
        while True:
            self._polite()
            self.requests_made += 1
            try:
                response = self._session.get(url, params=params, timeout=self._timeout)
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt >= self._max_retries:
                    raise CtgovSyncError(f"{url}: {error}") from error
                self._pause(self._delay(attempt, None))
                attempt += 1
                continue
            if response.status_code in RETRY_STATUSES and attempt < self._max_retries:
                delay = self._delay(attempt, response.headers.get("Retry-After"))
                log.info(
                    "ctgov %s answered %s; retrying in %.1fs", url, response.status_code, delay
                )
                self._pause(delay)
                attempt += 1
                continue
            if response.status_code != 200:
                detail = response.text[:200].strip()
                raise CtgovSyncError(f"{url}: HTTP {response.status_code} {detail}")
            try:
                return response.json()
            except ValueError as error:
                raise CtgovSyncError(f"{url}: the answer is not JSON") from error

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        exponential = min(self._max_backoff, self._backoff * (2.0**attempt))
        if retry_after:
            seconds = _retry_after_seconds(retry_after, self._now())
            if seconds is not None:
                return min(self._max_backoff, max(seconds, 0.0))
        return exponential

    def iter_pages(
        self, query: SyncQuery, since: date | None = None
    ) -> Iterator[Mapping[str, Any]]:
        params = query.params(since)
        params["countTotal"] = "true"
        token: str | None = None
        seen_tokens: set[str] = set()
        while True:
            page_params = dict(params)
            if token is not None:
                page_params["pageToken"] = token
                page_params.pop("countTotal", None)
            page = self.get_json("studies", page_params)
            if not isinstance(page, Mapping) or not isinstance(page.get("studies", []), list):
                raise CtgovSyncError("the studies answer is not a paged answer")
            yield page
            next_token = page.get("nextPageToken")
            if not next_token:
                return
            if next_token in seen_tokens:
                raise CtgovSyncError(f"the registry repeated page token {next_token!r}")
            seen_tokens.add(str(next_token))
            token = str(next_token)

    def fetch_study(self, nct_id: str) -> Mapping[str, Any]:
        study = self.get_json(f"studies/{nct_id}", {"format": "json"})
        if not isinstance(study, Mapping):
            raise CtgovSyncError(f"{nct_id}: not a study record")
        return study


def _retry_after_seconds(value: str, now: datetime) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - now).total_seconds()


class CtgovSync:
    """Fetch, convert and store. `run` returns the summary; `progress` is told per page."""

    def __init__(
        self,
        client: CtgovClient,
        store: ImportedTrialStore,
        *,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
        taxonomy: CancerTaxonomy | None = None,
        progress: Progress | None = None,
    ) -> None:
        self._client = client
        self._store = store
        self._today = today
        self._taxonomy = taxonomy
        self._progress = progress

    def run(self, query: SyncQuery, *, incremental: bool = True) -> SyncSummary:
        since = self._store.last_update_date() if incremental else None
        summary = SyncSummary(incremental_since=since)
        known = self._store.known_ids()
        wanted = set(query.statuses)
        retrieved = self._today()
        total: int | None = None
        for page in self._client.iter_pages(query, since):
            summary.pages += 1
            if total is None and isinstance(page.get("totalCount"), int):
                total = int(page["totalCount"])
            studies = list(iter_studies(page, where=f"page {summary.pages}"))
            summary.fetched += len(studies)
            counts = self._store_page(studies, known, wanted, retrieved, summary)
            summary.new += counts.new
            summary.updated += counts.updated
            summary.closed += counts.closed
            summary.unchanged += counts.unchanged
            known.update(counts.new_ids)
            if self._progress is not None:
                self._progress(summary.fetched, total)
        return summary

    def _store_page(
        self,
        studies: Sequence[Mapping[str, Any]],
        known: set[str],
        wanted: set[TrialStatus],
        retrieved: date,
        summary: SyncSummary,
    ) -> UpsertCounts:
        trials: list[Trial] = []
        raw: dict[str, Mapping[str, Any]] = {}
        last_update: dict[str, date | None] = {}
        for study in studies:
            try:
                nct_id = nct_id_of(study)
                if nct_id not in known and wanted and overall_status(study) not in wanted:
                    summary.skipped += 1
                    continue
                imported = convert_study(study, retrieved=retrieved, taxonomy=self._taxonomy)
            except CtgovFormatError as error:
                summary.failed += 1
                summary.errors.append(str(error))
                continue
            trials.append(imported.trial)
            raw[imported.trial.nct_id] = study
            last_update[imported.trial.nct_id] = imported.last_update
        return self._store.upsert(trials, raw, last_update_by_id=last_update)
