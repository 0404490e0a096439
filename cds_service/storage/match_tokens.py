"""Opaque, expiring tokens behind a card's "eligibility checklist" link.

A card link must never carry patient data, so it carries a random token (expiring after
ONCOMATCH_MATCH_TOKEN_TTL_HOURS) that maps, in the database, to the trial and the facts the
match used, without the patient reference. The facts are stored once by content (`match_facts`)
and shared by the tokens (`match_links`) of one answer and of a chart opened again. `prepare`
builds the rows without touching the database so the hook writes them with its cards (one
transaction, `Runtime.answer_hook`); `issue` does both.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import orjson
from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    LargeBinary,
    String,
    delete,
    exists,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from cds_service.storage.db import (
    Base,
    dialect_insert,
    session_factory,
    write_lock,
    write_transaction,
)
from eligibility.facts import PatientFacts
from eligibility.patient_index import PerFacts

ANONYMOUS_PATIENT = "Patient/anonymous"


class MatchFacts(Base):
    """Anonymised facts, shared by the tokens of every answer computed from them; `expires_at` is
    that of the first answer (see `MatchTokenStore.purge_expired`)."""

    __tablename__ = "match_facts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    facts_json: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class MatchToken(Base):
    # A new table name: the earlier `match_tokens` held a copy of the facts in every row.
    __tablename__ = "match_links"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    nct_id: Mapped[str] = mapped_column(String(32))
    facts_id: Mapped[str] = mapped_column(String(64), ForeignKey("match_facts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


@dataclass(frozen=True, slots=True)
class PendingTokens:
    """Rows of one `prepare`, not yet written: nct_id -> token, the facts row, the token rows."""

    tokens: dict[str, str]
    facts_row: dict[str, object] | None = None
    token_rows: tuple[dict[str, object], ...] = ()

    def write(self, connection: Connection) -> None:
        """Insert the rows in the caller's transaction (nothing to do when there are no tokens);
        facts already stored are not written again."""
        if self.facts_row is None or not self.token_rows:
            return
        connection.execute(_facts_insert(connection.dialect.name), [self.facts_row])
        connection.execute(insert(MatchToken), list(self.token_rows))


@cache
def _facts_insert(dialect: str) -> Any:
    # Built once per dialect: a statement object per answer costs more than the insert.
    return dialect_insert(dialect)(MatchFacts).on_conflict_do_nothing(index_elements=["id"])


@dataclass(frozen=True, slots=True)
class StoredMatch:
    nct_id: str
    facts: PatientFacts
    created_at: datetime
    expires_at: datetime


def _anonymised(facts: PatientFacts) -> tuple[bytes, str]:
    """The facts as stored, and their row's id. The patient reference appears as `patient` and
    as evidence of demographic facts; the stored copy names nobody. Whole JSON strings are
    replaced, never substrings of ids."""
    payload = (
        facts.model_dump_json()
        .replace(orjson.dumps(facts.patient).decode(), orjson.dumps(ANONYMOUS_PATIENT).decode())
        .encode()
    )
    return payload, hashlib.sha256(payload).hexdigest()


# A re-opened chart brings back the same facts object (the pipeline's chart cache): its stored
# form is made once, and forgotten with the facts.
_stored_form = PerFacts(_anonymised)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class MatchTokenStore:
    def __init__(
        self, engine: Engine, ttl: timedelta, new_token: Callable[[], str] = new_token
    ) -> None:
        self._engine = engine
        self._sessions = session_factory(engine)
        self._ttl = ttl
        self._new_token = new_token

    def prepare(self, facts: PatientFacts, nct_ids: Iterable[str], now: datetime) -> PendingTokens:
        """One token per trial, all for the same facts, stored once; nothing is written yet."""
        tokens = {nct_id: self._new_token() for nct_id in nct_ids}
        if not tokens:
            return PendingTokens(tokens)
        payload, facts_id = _stored_form(facts)
        expires = now + self._ttl
        return PendingTokens(
            tokens,
            {"id": facts_id, "facts_json": payload, "created_at": now, "expires_at": expires},
            tuple(
                {
                    "token": token,
                    "nct_id": nct_id,
                    "facts_id": facts_id,
                    "created_at": now,
                    "expires_at": expires,
                }
                for nct_id, token in tokens.items()
            ),
        )

    def issue(self, facts: PatientFacts, nct_ids: Iterable[str], now: datetime) -> dict[str, str]:
        """`prepare` and write in one transaction of its own; returns nct_id -> token."""
        pending = self.prepare(facts, nct_ids, now)
        if pending.token_rows:
            # Core executemany, not the ORM unit of work: this runs on every hook call.
            with write_transaction(self._engine) as connection:
                pending.write(connection)
        return pending.tokens

    def get(self, token: str, now: datetime) -> StoredMatch | None:
        if not token or len(token) > 64:
            return None
        query = (
            select(
                MatchToken.nct_id,
                MatchFacts.facts_json,
                MatchToken.created_at,
                MatchToken.expires_at,
            )
            .join(MatchFacts, MatchFacts.id == MatchToken.facts_id)
            .where(MatchToken.token == token)
        )
        with self._sessions() as session:
            row = session.execute(query).first()
            if row is None or _aware(row.expires_at) <= now:
                return None
            return StoredMatch(
                nct_id=row.nct_id,
                facts=PatientFacts.model_validate_json(row.facts_json),
                created_at=_aware(row.created_at),
                expires_at=_aware(row.expires_at),
            )

    def purge_expired(self, now: datetime) -> int:
        """Delete expired tokens, then the facts no token needs any more; returns tokens removed.

        A facts row's own `expires_at` is its first answer's: a later answer's tokens may
        outlive it, and the row stays while they reference it."""
        referenced = exists().where(MatchToken.facts_id == MatchFacts.id)
        with write_lock(self._engine), self._sessions.begin() as session:
            result = session.execute(delete(MatchToken).where(MatchToken.expires_at <= now))
            session.execute(delete(MatchFacts).where(MatchFacts.expires_at <= now, ~referenced))
            return int(getattr(result, "rowcount", 0) or 0)

    def count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(MatchToken)) or 0)


def _aware(moment: datetime) -> datetime:
    # SQLite drops the timezone of stored datetimes; every value we write is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
