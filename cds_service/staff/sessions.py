"""Staff sessions, kept server-side: the cookie holds a random token (signed, see `secret`),
the database its SHA-256 (a leaked table holds no usable session) with the account, the CSRF
token of its forms and an absolute expiry. Every request looks the row up joined to an enabled
account, so signing out, expiry and disabling the account all end access at once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import DateTime, Engine, ForeignKey, String, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from cds_service.staff.accounts import StaffAccount, aware
from cds_service.staff.roles import Role
from cds_service.storage.db import Base, session_factory, write_transaction


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_name: Mapped[str] = mapped_column(
        String(64), ForeignKey("staff_accounts.name"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


@dataclass(frozen=True, slots=True)
class OpenSession:
    """A live session: whose, with which role, and the CSRF token its forms carry."""

    session_id: str
    name: str
    role: Role
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class NewSession:
    token: str  # goes into the cookie, never stored
    expires_at: datetime


def session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    def __init__(self, engine: Engine, lifetime: timedelta) -> None:
        self._engine = engine
        self._sessions = session_factory(engine)
        self.lifetime = lifetime

    def open(self, name: str, now: datetime) -> NewSession:
        token = secrets.token_urlsafe(32)
        expires = now + self.lifetime
        with write_transaction(self._engine) as connection:
            # Expired rows go as new ones come: the table stays the size of the live sessions.
            connection.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
            connection.execute(
                insert(StaffSession).values(
                    id=session_id(token),
                    account_name=name,
                    csrf_token=secrets.token_urlsafe(32),
                    created_at=now,
                    expires_at=expires,
                )
            )
        return NewSession(token, expires)

    def find(self, token: str, now: datetime) -> OpenSession | None:
        """The session of `token` if it is live and its account enabled, else None."""
        query = (
            select(
                StaffSession.id,
                StaffSession.csrf_token,
                StaffSession.expires_at,
                StaffAccount.name,
                StaffAccount.role,
            )
            .join(StaffAccount, StaffAccount.name == StaffSession.account_name)
            .where(
                StaffSession.id == session_id(token),
                StaffSession.expires_at > now,
                StaffAccount.enabled.is_(True),
            )
        )
        with self._sessions() as session:
            row = session.execute(query).first()
        if row is None:
            return None
        return OpenSession(row.id, row.name, Role(row.role), row.csrf_token, aware(row.expires_at))

    def close(self, session_id_: str) -> None:
        with write_transaction(self._engine) as connection:
            connection.execute(delete(StaffSession).where(StaffSession.id == session_id_))


def end_sessions_of(engine: Engine, name: str) -> int:
    """End every session of the account (it was disabled); the number ended."""
    with write_transaction(engine) as connection:
        result = connection.execute(delete(StaffSession).where(StaffSession.account_name == name))
        return int(result.rowcount or 0)
