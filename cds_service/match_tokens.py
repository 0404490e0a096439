"""Opaque, expiring tokens behind a card's "eligibility checklist" link.

A card link must never carry patient data, so it carries a random token; the token maps, in
the database, to the trial and to the facts the match was computed from (without the patient
reference: the page behind it shows no identifiers). Tokens expire after
ONCOMATCH_MATCH_TOKEN_TTL_HOURS.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson
from sqlalchemy import DateTime, Engine, LargeBinary, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from cds_service.db import Base, session_factory
from eligibility.facts import PatientFacts

ANONYMOUS_PATIENT = "Patient/anonymous"


class MatchToken(Base):
    __tablename__ = "match_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    nct_id: Mapped[str] = mapped_column(String(32))
    facts_json: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


@dataclass(frozen=True, slots=True)
class StoredMatch:
    nct_id: str
    facts: PatientFacts
    created_at: datetime
    expires_at: datetime


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

    def issue(self, facts: PatientFacts, nct_ids: Iterable[str], now: datetime) -> dict[str, str]:
        """One token per trial, all for the same facts; returns nct_id -> token."""
        # The patient reference appears as `patient` and as evidence of demographic facts; the
        # stored copy names nobody. Whole JSON strings are replaced, never substrings of ids.
        payload = (
            facts.model_dump_json()
            .replace(orjson.dumps(facts.patient).decode(), orjson.dumps(ANONYMOUS_PATIENT).decode())
            .encode()
        )
        tokens = {nct_id: self._new_token() for nct_id in nct_ids}
        if not tokens:
            return tokens
        expires = now + self._ttl
        rows = [
            {
                "token": token,
                "nct_id": nct_id,
                "facts_json": payload,
                "created_at": now,
                "expires_at": expires,
            }
            for nct_id, token in tokens.items()
        ]
        # One Core executemany, not the ORM unit of work: this runs on every hook call.
        with self._engine.begin() as connection:
            connection.execute(insert(MatchToken), rows)
        return tokens

    def get(self, token: str, now: datetime) -> StoredMatch | None:
        if not token or len(token) > 64:
            return None
        with self._sessions() as session:
            row = session.get(MatchToken, token)
            if row is None or _aware(row.expires_at) <= now:
                return None
            return StoredMatch(
                nct_id=row.nct_id,
                facts=PatientFacts.model_validate_json(row.facts_json),
                created_at=_aware(row.created_at),
                expires_at=_aware(row.expires_at),
            )

    def purge_expired(self, now: datetime) -> int:
        with self._sessions.begin() as session:
            result = session.execute(delete(MatchToken).where(MatchToken.expires_at <= now))
            return int(getattr(result, "rowcount", 0) or 0)

    def count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(MatchToken)) or 0)


def _aware(moment: datetime) -> datetime:
    # SQLite drops the timezone of stored datetimes; every value we write is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
