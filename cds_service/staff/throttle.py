"""Failed sign-ins, counted per account name and per client address over a sliding window.

With `max_failures` failures of a name (or from an address) inside the window, further sign-ins
for it are refused without checking the password until the oldest of them leaves the window:
guessing is slowed to `max_failures` tries per window, and a refused attempt tells nothing.
Kept in the database so that every worker and replica counts the same failures.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import DateTime, Engine, Integer, String, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from cds_service.staff.accounts import aware
from cds_service.storage.db import Base, session_factory, write_transaction


class SignInFailure(Base):
    __tablename__ = "staff_sign_in_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_name: Mapped[str] = mapped_column(String(64), index=True)
    client_address: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SignInThrottle:
    def __init__(self, engine: Engine, *, max_failures: int, window: timedelta) -> None:
        self._engine = engine
        self._sessions = session_factory(engine)
        self.max_failures = max_failures
        self.window = window

    def retry_after(self, name: str, address: str, now: datetime) -> int | None:
        """Seconds until a sign-in for `name` from `address` may be tried; None: now."""
        waits = [
            self._wait(SignInFailure.account_name == name, now),
            self._wait(SignInFailure.client_address == address, now),
        ]
        blocked = [wait for wait in waits if wait is not None]
        return max(blocked) if blocked else None

    def record_failure(self, name: str, address: str, now: datetime) -> None:
        with write_transaction(self._engine) as connection:
            connection.execute(
                delete(SignInFailure).where(SignInFailure.failed_at <= now - self.window)
            )
            connection.execute(
                insert(SignInFailure).values(
                    account_name=name[:64], client_address=address[:64], failed_at=now
                )
            )

    def forget_name(self, name: str) -> None:
        """A successful sign-in clears the failures at its name, from every address (a person
        who mistyped, then got it right). Failures at other names still count against the
        addresses they came from: one valid account does not reset guesses at the others."""
        with write_transaction(self._engine) as connection:
            connection.execute(delete(SignInFailure).where(SignInFailure.account_name == name))

    def _wait(self, which: object, now: datetime) -> int | None:
        query = (
            select(SignInFailure.failed_at)
            .where(which, SignInFailure.failed_at > now - self.window)  # type: ignore[arg-type]
            .order_by(SignInFailure.failed_at.desc())
            .limit(self.max_failures)
        )
        with self._sessions() as session:
            recent = [aware(moment) for moment in session.scalars(query)]
        if len(recent) < self.max_failures:
            return None
        # Free again when the max_failures-th most recent failure leaves the window.
        return max(1, ceil((recent[-1] + self.window - now).total_seconds()))
