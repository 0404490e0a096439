"""Feedback persistence, tied to the card (trial and verdict) it was given for.

`issued_cards` records each trial card when it is returned, so feedback on a card can be
reported per trial and verdict. Feedback rows carry a fingerprint of their content: a client
that repeats an identical report (the spec allows it) stores it once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, DateTime, Engine, Index, String, Text, func, inspect, select
from sqlalchemy.orm import Mapped, mapped_column

from cds_service.hooks.request import Feedback
from cds_service.storage.db import Base, dialect_insert, session_factory, write_transaction

UNKNOWN_CARD = "(unknown card)"


class IssuedCard(Base):
    __tablename__ = "issued_cards"

    card_uuid: Mapped[str] = mapped_column(String(64), primary_key=True)
    nct_id: Mapped[str] = mapped_column(String(32), index=True)
    verdict: Mapped[str] = mapped_column(String(32))
    hook_instance: Mapped[str] = mapped_column(String(256))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FeedbackRecord(Base):
    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_card", "card_uuid"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    card_uuid: Mapped[str] = mapped_column(String(256))
    outcome: Mapped[str] = mapped_column(String(16))
    accepted_suggestions: Mapped[str | None] = mapped_column(Text, nullable=True)
    override_system: Mapped[str | None] = mapped_column(Text, nullable=True)
    override_code: Mapped[str | None] = mapped_column(Text, nullable=True)
    override_display: Mapped[str | None] = mapped_column(Text, nullable=True)
    user_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    outcome_timestamp: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True, slots=True)
class StoreResult:
    stored: int
    duplicates: int
    # Reports on cards no answer of this database issued (the spec has them accepted anyway).
    unknown_cards: int = 0


@dataclass(frozen=True, slots=True)
class CardIssue:
    card_uuid: str
    nct_id: str
    verdict: str
    hook_instance: str


@dataclass(frozen=True, slots=True)
class FeedbackSummaryRow:
    nct_id: str  # UNKNOWN_CARD when the card was not issued by this database
    verdict: str
    outcome: str
    override_reason: str  # display or code of the reason; "" when none was given
    count: int


class FeedbackStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = session_factory(engine)
        self._issue_statement = dialect_insert(engine.dialect.name)(
            IssuedCard
        ).on_conflict_do_nothing()

    def record_issued(
        self,
        cards: Iterable[CardIssue],
        issued_at: datetime,
        connection: Connection | None = None,
    ) -> None:
        """Record the cards of an answer; in the caller's transaction when `connection` is given
        (the hook writes its match tokens and its cards in one)."""
        rows = [
            {
                "card_uuid": card.card_uuid,
                "nct_id": card.nct_id,
                "verdict": card.verdict,
                "hook_instance": card.hook_instance,
                "issued_at": issued_at,
            }
            for card in cards
        ]
        if not rows:
            return
        # executemany of one cached statement (compiled once), not a multi-row VALUES statement
        # compiled anew for each answer: no count is needed here, so no RETURNING either.
        if connection is not None:
            connection.execute(self._issue_statement, rows)
            return
        with write_transaction(self._engine) as own:
            own.execute(self._issue_statement, rows)

    def store(self, feedback: Sequence[Feedback], received_at: datetime) -> StoreResult:
        rows = [_row(item, received_at) for item in feedback]
        # The same report twice in one request counts once, like the same report twice over time.
        unique = {row["fingerprint"]: row for row in rows}
        inserted = self._insert_ignoring_duplicates(FeedbackRecord, list(unique.values()))
        return StoreResult(
            stored=inserted,
            duplicates=len(rows) - inserted,
            unknown_cards=self._unknown_cards(item.card for item in feedback),
        )

    def summary(self) -> list[FeedbackSummaryRow]:
        reason = func.coalesce(
            FeedbackRecord.override_display, FeedbackRecord.override_code, ""
        ).label("reason")
        nct = func.coalesce(IssuedCard.nct_id, UNKNOWN_CARD).label("nct")
        verdict = func.coalesce(IssuedCard.verdict, "").label("verdict")
        query = (
            select(nct, verdict, FeedbackRecord.outcome, reason, func.count().label("n"))
            .select_from(FeedbackRecord)
            .outerjoin(IssuedCard, IssuedCard.card_uuid == FeedbackRecord.card_uuid)
            .group_by(nct, verdict, FeedbackRecord.outcome, reason)
            .order_by(nct, verdict, FeedbackRecord.outcome, reason)
        )
        with self._sessions() as session:
            return [
                FeedbackSummaryRow(row[0], row[1], row[2], row[3], int(row[4]))
                for row in session.execute(query)
            ]

    def _unknown_cards(self, cards: Iterable[str]) -> int:
        wanted = set(cards)
        if not wanted:
            return 0
        query = select(IssuedCard.card_uuid).where(IssuedCard.card_uuid.in_(wanted))
        with self._sessions() as session:
            return len(wanted - set(session.scalars(query)))

    def count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(FeedbackRecord)) or 0)

    def _insert_ignoring_duplicates(self, model: type[Base], rows: list[dict[str, object]]) -> int:
        if not rows:
            return 0
        insert = dialect_insert(self._engine.dialect.name)
        key = next(iter(inspect(model).primary_key))
        # RETURNING counts what was inserted: psycopg reports rowcount -1 for ON CONFLICT.
        statement: Any = insert(model).values(rows)
        statement = statement.on_conflict_do_nothing().returning(key)
        with write_transaction(self._engine) as connection:
            return len(connection.execute(statement).all())


def _row(item: Feedback, received_at: datetime) -> dict[str, object]:
    timestamp = item.outcome_timestamp
    if timestamp.tzinfo is None:
        # The spec says UTC; a client that drops the "Z" still means UTC.
        timestamp = timestamp.replace(tzinfo=UTC)
    reason = item.override_reason.reason if item.override_reason else None
    accepted = sorted(s.id for s in item.accepted_suggestions)
    canonical = {
        "card": item.card,
        "outcome": item.outcome,
        "accepted": accepted,
        "reason": [reason.system, reason.code] if reason else None,
        "comment": item.override_reason.user_comment if item.override_reason else None,
        "at": timestamp.astimezone(UTC).isoformat(),
    }
    fingerprint = hashlib.sha256(orjson.dumps(canonical, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return {
        "fingerprint": fingerprint,
        "card_uuid": item.card,
        "outcome": item.outcome,
        "accepted_suggestions": orjson.dumps(accepted).decode() if accepted else None,
        "override_system": reason.system if reason else None,
        "override_code": reason.code if reason else None,
        "override_display": reason.display if reason else None,
        "user_comment": item.override_reason.user_comment if item.override_reason else None,
        "outcome_timestamp": timestamp,
        "received_at": received_at,
    }
