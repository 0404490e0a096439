"""The staff audit trail: who did what, when, to what. Sign-ins (and failed ones, with the name
tried and never the password), sign-outs, account changes from the CLI, and whatever the staff
pages record through `record_action`. Rows are only ever added."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, DateTime, Engine, Integer, String, Text, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from cds_service.staff.accounts import aware
from cds_service.storage.db import Base, session_factory, write_transaction

ACTOR_LENGTH = 64
ACTION_LENGTH = 64
TARGET_LENGTH = 256


class AuditRecord(Base):
    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(ACTOR_LENGTH), index=True)
    action: Mapped[str] = mapped_column(String(ACTION_LENGTH))
    target: Mapped[str | None] = mapped_column(String(TARGET_LENGTH))
    detail: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    target: str | None
    detail: str | None


def record_action(
    engine: Engine,
    *,
    actor: str,
    action: str,
    target: str | None,
    detail: str | None = None,
    when: datetime,
    connection: Connection | None = None,
) -> None:
    """Write one audit row; inside the caller's transaction when `connection` is given (so the
    change and its audit row commit together)."""
    statement = insert(AuditRecord).values(
        at=when,
        # Cut rather than refused: an audit row must never be lost to a long attempted name.
        actor=actor[:ACTOR_LENGTH],
        action=action[:ACTION_LENGTH],
        target=target[:TARGET_LENGTH] if target is not None else None,
        detail=detail,
    )
    if connection is not None:
        connection.execute(statement)
        return
    with write_transaction(engine) as own:
        own.execute(statement)


def recent_actions(engine: Engine, limit: int = 50) -> list[AuditEntry]:
    """The newest `limit` rows, newest first."""
    query = select(AuditRecord).order_by(AuditRecord.at.desc(), AuditRecord.id.desc()).limit(limit)
    with session_factory(engine)() as session:
        return [
            AuditEntry(aware(row.at), row.actor, row.action, row.target, row.detail)
            for row in session.scalars(query)
        ]
