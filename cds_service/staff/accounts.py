"""Staff accounts: a name, a role, an argon2 hash, enabled or not. Made and disabled with
`oncomatch staff add|disable`; never deleted, so the audit trail's names keep their meaning."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Engine, String, Text, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from cds_service.staff.errors import DuplicateAccountError, InvalidNameError, UnknownAccountError
from cds_service.staff.roles import Role
from cds_service.storage.db import Base, session_factory, write_transaction

# Lower case so "Alice" at the sign-in form is the account "alice"; no spaces or markup, since
# names are shown on pages and written to the audit trail.
# '@' so that an identity provider's e-mail-style usernames can be account names.
NAME_PATTERN = re.compile(r"[a-z][a-z0-9._@-]{1,63}")
NAME_RULE = (
    "2 to 64 characters: lower-case letters, digits, '.', '_', '@' or '-', starting with a letter"
)


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True, slots=True)
class AccountView:
    """An account as `oncomatch staff list` shows it: never the hash."""

    name: str
    role: Role
    enabled: bool
    created_at: datetime
    last_sign_in_at: datetime | None


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a sign-in checks a password against."""

    name: str
    role: Role
    password_hash: str
    enabled: bool


def normalise_name(raw: str) -> str:
    """The account name a sign-in form's text means (case and surrounding space ignored)."""
    return raw.strip().lower()[:64]


def check_name(name: str) -> None:
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidNameError(f"{name!r} is not a valid account name: {NAME_RULE}")


def aware(moment: datetime) -> datetime:
    # SQLite drops the timezone of stored datetimes; every value written here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class AccountStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = session_factory(engine)

    def add(self, name: str, role: Role, password_hash: str, now: datetime) -> None:
        check_name(name)
        row = insert(StaffAccount).values(
            name=name, role=role.value, password_hash=password_hash, enabled=True, created_at=now
        )
        try:
            with write_transaction(self._engine) as connection:
                connection.execute(row)
        except IntegrityError:
            raise DuplicateAccountError(name) from None

    def disable(self, name: str) -> bool:
        """Disable the account; False when it already was. Its sessions stop working at once
        (every request checks the account), and `sessions.end_sessions_of` removes them."""
        return self._set_enabled(name, enabled=False)

    def enable(self, name: str) -> bool:
        """Enable the account again; False when it already was."""
        return self._set_enabled(name, enabled=True)

    def set_password(self, name: str, password_hash: str) -> None:
        with write_transaction(self._engine) as connection:
            result = connection.execute(
                update(StaffAccount)
                .where(StaffAccount.name == name)
                .values(password_hash=password_hash)
            )
            if not result.rowcount:
                raise UnknownAccountError(name)

    def _set_enabled(self, name: str, *, enabled: bool) -> bool:
        with write_transaction(self._engine) as connection:
            current = connection.scalar(
                select(StaffAccount.enabled).where(StaffAccount.name == name)
            )
            if current is None:
                raise UnknownAccountError(name)
            if bool(current) is enabled:
                return False
            connection.execute(
                update(StaffAccount).where(StaffAccount.name == name).values(enabled=enabled)
            )
            return True

    def credentials(self, name: str) -> Credentials | None:
        query = select(
            StaffAccount.name, StaffAccount.role, StaffAccount.password_hash, StaffAccount.enabled
        ).where(StaffAccount.name == name)
        with self._sessions() as session:
            row = session.execute(query).first()
        if row is None:
            return None
        return Credentials(row.name, Role(row.role), row.password_hash, bool(row.enabled))

    def accounts(self) -> list[AccountView]:
        query = select(StaffAccount).order_by(StaffAccount.name)
        with self._sessions() as session:
            return [
                AccountView(
                    name=account.name,
                    role=Role(account.role),
                    enabled=account.enabled,
                    created_at=aware(account.created_at),
                    last_sign_in_at=(
                        aware(account.last_sign_in_at) if account.last_sign_in_at else None
                    ),
                )
                for account in session.scalars(query)
            ]

    def record_sign_in(self, name: str, now: datetime, new_hash: str | None = None) -> None:
        """Note the sign-in; `new_hash` replaces a hash made with older parameters."""
        values: dict[str, object] = {"last_sign_in_at": now}
        if new_hash is not None:
            values["password_hash"] = new_hash
        with write_transaction(self._engine) as connection:
            connection.execute(
                update(StaffAccount).where(StaffAccount.name == name).values(**values)
            )
