"""Replay protection: remember each ``(iss, jti)`` until its token can no longer be accepted.

``seen_before`` both checks and records, atomically, so two requests racing with the same token
cannot both get through. Entries only need to live until the token expires (plus clock skew);
after that the expiry check rejects the token anyway.

- ``InMemoryReplayCache``: one process. Bounded: when full of unexpired entries it fails closed
  (the request is refused) rather than forgetting entries, which would reopen a replay window.
- ``SqlReplayCache``: several replicas sharing one database (SQLite or PostgreSQL), using the
  ``jwt_replay`` table's primary key as the arbiter.
"""

from __future__ import annotations

import heapq
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from sqlalchemy import BigInteger, Engine, String, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from cds_service.storage.db import Base, write_transaction

from .errors import ReplayCacheUnavailableError

logger = logging.getLogger(__name__)

# The verifier refuses longer values, so the columns can be bounded.
MAX_ISS_LENGTH = 512
MAX_JTI_LENGTH = 256


class ReplayCache(Protocol):
    def seen_before(self, iss: str, jti: str, expires_at: datetime) -> bool:
        """Record ``(iss, jti)`` until ``expires_at``; True if it was already recorded and live."""
        ...


def _epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("replay cache times must be timezone-aware")
    return int(moment.timestamp())


class InMemoryReplayCache:
    """Process-local replay cache, bounded to ``max_entries`` live tokens."""

    def __init__(self, clock: Callable[[], datetime], max_entries: int = 100_000) -> None:
        self._clock = clock
        self._max_entries = max_entries
        self._expiry: dict[tuple[str, str], int] = {}
        self._heap: list[tuple[int, str, str]] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._expiry)

    def seen_before(self, iss: str, jti: str, expires_at: datetime) -> bool:
        now = _epoch(self._clock())
        expiry = _epoch(expires_at)
        key = (iss, jti)
        with self._lock:
            self._purge(now)
            known = self._expiry.get(key)
            if known is not None and known >= now:
                return True
            if len(self._expiry) >= self._max_entries:
                raise ReplayCacheUnavailableError("in-memory replay cache is full of live entries")
            self._expiry[key] = expiry
            heapq.heappush(self._heap, (expiry, iss, jti))
            return False

    def _purge(self, now: int) -> None:
        # A heap ordered by expiry makes purging proportional to what actually expired.
        while self._heap and self._heap[0][0] < now:
            expiry, iss, jti = heapq.heappop(self._heap)
            if self._expiry.get((iss, jti)) == expiry:
                del self._expiry[(iss, jti)]


class JwtReplayRecord(Base):
    """One accepted client JWT, kept until it expires."""

    __tablename__ = "jwt_replay"

    iss: Mapped[str] = mapped_column(String(MAX_ISS_LENGTH), primary_key=True)
    jti: Mapped[str] = mapped_column(String(MAX_JTI_LENGTH), primary_key=True)
    # Epoch seconds, not DateTime: SQLite has no time-zone-aware type, and integers compare the
    # same way on every backend.
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)


class SqlReplayCache:
    """Replay cache in the ``jwt_replay`` table, shared by every replica using the database.

    The table is made by the schema's revisions (``cds_service.storage.migrations``).
    Expired rows are purged at most every ``purge_interval_seconds``, by whichever replica
    notices first.
    """

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], datetime],
        purge_interval_seconds: int = 300,
    ) -> None:
        if engine.dialect.name not in {"postgresql", "sqlite"}:
            # The atomic upsert below is written for these two; others would need their own.
            raise ValueError(
                f"SqlReplayCache supports SQLite and PostgreSQL, not {engine.dialect.name}"
            )
        self._engine = engine
        self._clock = clock
        self._purge_interval = purge_interval_seconds
        self._last_purge: int | None = None
        self._purge_lock = threading.Lock()

    def seen_before(self, iss: str, jti: str, expires_at: datetime) -> bool:
        now = _epoch(self._clock())
        expiry = _epoch(expires_at)
        try:
            self._maybe_purge(now)
            return not self._record(iss, jti, expiry, now)
        except SQLAlchemyError as exc:
            # Fail closed: accepting the token without recording it would allow a replay.
            raise ReplayCacheUnavailableError(f"replay cache error: {type(exc).__name__}") from None

    def _record(self, iss: str, jti: str, expiry: int, now: int) -> bool:
        """Insert the row, or take over an expired one; True if this call recorded it."""
        dialect = self._engine.dialect.name
        values = {"iss": iss, "jti": jti, "expires_at": expiry}
        row = JwtReplayRecord
        # One statement decides atomically: a live row wins the conflict (nothing happens,
        # no row returned); a leftover expired row is overwritten (a later token may reuse a jti
        # once the earlier one is dead).
        stmt_factory = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = stmt_factory(row).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[row.iss, row.jti],
            set_={"expires_at": stmt.excluded.expires_at},
            where=row.expires_at < now,
        )
        # RETURNING, not rowcount: psycopg reports -1 for an upsert's rowcount.
        with write_transaction(self._engine) as conn:
            return conn.execute(stmt.returning(row.jti)).first() is not None

    def purge_expired(self) -> int:
        """Delete rows whose tokens have expired; returns how many."""
        now = _epoch(self._clock())
        with write_transaction(self._engine) as conn:
            deleted = conn.execute(delete(JwtReplayRecord).where(JwtReplayRecord.expires_at < now))
        self._last_purge = now
        return deleted.rowcount

    def _maybe_purge(self, now: int) -> None:
        if self._last_purge is not None and now - self._last_purge < self._purge_interval:
            return
        # Only one thread purges; the others carry on rather than queue behind a DELETE.
        if not self._purge_lock.acquire(blocking=False):
            return
        try:
            self._last_purge = now
            removed = self.purge_expired()
            if removed:
                logger.debug("purged %d expired replay-cache rows", removed)
        finally:
            self._purge_lock.release()
