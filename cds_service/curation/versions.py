"""Published curated versions of trials, append-only, and what the registry did since.

Each publish adds version n+1 of a trial (numbered per NCT id from 1); nothing is ever changed
or deleted, and a restore is a new version equal to an older one. The newest version is the
one in force: the catalog prefers it to a curated file and to extracted criteria
(`cds_service.catalog.source`), following `fingerprint()` like it follows imports.

Each version records the registry eligibility text the curator read (its hash and the text,
taken from the imported record). When a ClinicalTrials.gov sync stores different text, the
version stays in force and `registry_changes` reports the change with a diff, until a curator
reviews it (`mark_reviewed`) or publishes again.

Every publish, restore and review writes its staff audit row (`cds_service.staff.audit`) in
the same transaction, as done by the `by` name: callers do not record them again.

Two publishers of one trial at once never get the same number: on PostgreSQL they take turns
on a transaction-scoped advisory lock per trial, on SQLite this process's writers queue on
`write_lock`; and beneath both, a unique constraint on (nct_id, number) makes the loser of any
remaining race (another process on the same SQLite file) read the newest number and try again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    DateTime,
    Engine,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column

from cds_service.catalog.store import ImportedTrialRow
from cds_service.curation.errors import (
    NotCuratedError,
    StaleRegistryTextError,
    VersionNotFoundError,
)
from cds_service.curation.registry_text import registry_text_hash as text_hash
from cds_service.curation.registry_text import text_diff
from cds_service.curation.validation import TrialInput, validated_trial
from cds_service.curation.version_diff import VersionDiff, compare_trials
from cds_service.staff.audit import record_action
from cds_service.storage.db import Base, write_lock
from eligibility.taxonomy import CancerTaxonomy
from eligibility.trial import Trial

logger = logging.getLogger("oncomatch.curation")

# Staff audit actions (`cds_service.staff.audit`), target: the NCT id.
PUBLISHED = "curation.published"
RESTORED = "curation.restored"
REVIEWED = "curation.registry_text_reviewed"

# Each retry means another publisher of the same trial (another process on the same SQLite
# file) committed first; this many losses in a row would be a fault, not a race.
MAX_NUMBERING_ATTEMPTS = 20
# PostgreSQL advisory locks in the two-key form (apart from the bigint key of the migration
# lock): this class, and a hash of the NCT id.
_PUBLISH_LOCK_CLASS = 0x6F6E6375  # "oncu"


class CuratedVersionRow(Base):
    __tablename__ = "curated_versions"
    __table_args__ = (UniqueConstraint("nct_id", "number", name="uq_curated_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    nct_id: Mapped[str] = mapped_column(String(16), index=True)
    number: Mapped[int] = mapped_column(Integer)
    trial_json: Mapped[str] = mapped_column(Text)
    published_by: Mapped[str] = mapped_column(String(120))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The registry eligibility text the curator read, kept whole for the diff a sync may need.
    registry_text_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    registry_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    restored_from: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RegistryReviewRow(Base):
    """A curator read the registry's changed text and kept the version in force."""

    __tablename__ = "curation_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    nct_id: Mapped[str] = mapped_column(String(16), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    reviewed_by: Mapped[str] = mapped_column(String(120))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    registry_text_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    registry_text: Mapped[str | None] = mapped_column(Text, nullable=True)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class CuratedVersion(_Frozen):
    nct_id: str
    number: int
    trial: Trial
    published_by: str
    published_at: datetime
    note: str | None
    registry_text_hash: str | None  # of the registry eligibility text the curator read
    restored_from: int | None


class RegistryText(_Frozen):
    """The registry eligibility text stored for a trial now, and its hash (what a curation
    page shows, and passes back to `publish` as `registry_text_hash`)."""

    nct_id: str
    text: str | None
    hash: str | None


class RegistryChange(_Frozen):
    """The registry's eligibility text differs from what the version in force was curated
    (or last reviewed) against. `diff` is a unified diff, "-" read then, "+" stored now."""

    nct_id: str
    version: int
    read_text: str | None
    read_hash: str | None
    current_text: str | None
    current_hash: str | None
    registry_changed_at: datetime
    diff: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Seen:
    hash: str | None
    text: str | None


class CurationStore:
    """Curated versions in the shared database (`cds_service.storage.db.Base`)."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], datetime],
        taxonomy: CancerTaxonomy | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._taxonomy = taxonomy

    # --- writing --------------------------------------------------------------------------------

    def publish(
        self,
        trial: TrialInput,
        *,
        by: str,
        note: str | None = None,
        registry_text_hash: str | None = None,
    ) -> CuratedVersion:
        """Validate and publish the next version; it is in force at once.

        `registry_text_hash`: the hash (`registry_text`) of the registry text the curator read.
        It must be the stored text's: text a sync replaced since raises `StaleRegistryTextError`.
        None takes the stored text as read. Raises `InvalidTrialError` with field locations."""
        checked = validated_trial(trial, self._taxonomy)
        nct_id = checked.nct_id

        def seen(session: Session) -> _Seen:
            current = _registry_text(session, nct_id)
            stored_hash = text_hash(current)
            if registry_text_hash is not None and registry_text_hash != stored_hash:
                raise StaleRegistryTextError(nct_id)
            return _Seen(stored_hash, current)

        return self._append(nct_id, checked, by=by, note=note, seen=seen, restored_from=None)

    def restore(
        self, nct_id: str, number: int, *, by: str, note: str | None = None
    ) -> CuratedVersion:
        """A new version equal to version `number` (history is never rewritten). It keeps the
        registry text that version was curated against, so a change since stays flagged."""
        with Session(self._engine) as session:
            old = _row(session, nct_id, number)
            trial_json = old.trial_json
            read = _Seen(old.registry_text_hash, old.registry_text)
        # Checked again like any publish: the taxonomy or the criterion models may have
        # changed since, and a version the catalog cannot load must not come in force.
        trial = validated_trial(trial_json, self._taxonomy)
        return self._append(
            nct_id, trial, by=by, note=note, seen=lambda _session: read, restored_from=number
        )

    def mark_reviewed(self, nct_id: str, by: str) -> bool:
        """A curator read the registry's current text and keeps the version in force: the
        "registry text changed" flag clears. True when there was a change to clear."""
        with write_lock(self._engine), Session(self._engine) as session, session.begin():
            current = _newest_row(session, nct_id)
            if current is None:
                raise NotCuratedError(nct_id)
            text = _registry_text(session, nct_id)
            pending = _pending_change(session, current) is not None
            now = self._clock()
            session.add(
                RegistryReviewRow(
                    nct_id=nct_id,
                    version_number=current.number,
                    reviewed_by=by,
                    reviewed_at=now,
                    registry_text_hash=text_hash(text),
                    registry_text=text,
                )
            )
            record_action(
                self._engine,
                actor=by,
                action=REVIEWED,
                target=nct_id,
                detail=f"version {current.number} kept; registry text "
                + ("changed since curation" if pending else "unchanged"),
                when=now,
                connection=session.connection(),
            )
        return pending

    def _append(
        self,
        nct_id: str,
        trial: Trial,
        *,
        by: str,
        note: str | None,
        seen: Callable[[Session], _Seen],
        restored_from: int | None,
    ) -> CuratedVersion:
        trial_json = trial.model_dump_json()
        for attempt in range(1, MAX_NUMBERING_ATTEMPTS + 1):
            try:
                with write_lock(self._engine), Session(self._engine) as session, session.begin():
                    _take_turn(session, nct_id)
                    read = seen(session)
                    newest = session.scalar(
                        select(func.max(CuratedVersionRow.number)).where(
                            CuratedVersionRow.nct_id == nct_id
                        )
                    )
                    row = CuratedVersionRow(
                        nct_id=nct_id,
                        number=(newest or 0) + 1,
                        trial_json=trial_json,
                        published_by=by,
                        published_at=self._clock(),
                        note=note,
                        registry_text_hash=read.hash,
                        registry_text=read.text,
                        restored_from=restored_from,
                    )
                    session.add(row)
                    session.flush()
                    version = _version(row)
                    record_action(
                        self._engine,
                        actor=by,
                        action=PUBLISHED if restored_from is None else RESTORED,
                        target=nct_id,
                        detail=_audit_detail(version),
                        when=row.published_at,
                        connection=session.connection(),
                    )
            except (IntegrityError, OperationalError) as error:
                # Another publisher took the number (unique constraint), or on SQLite another
                # process wrote since this transaction read: read the newest number again.
                if attempt == MAX_NUMBERING_ATTEMPTS or not _is_race(error):
                    raise
                logger.info("curated version of %s: numbering race, attempt %d", nct_id, attempt)
                continue
            return version
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    # --- reading --------------------------------------------------------------------------------

    def current(self, nct_id: str) -> CuratedVersion | None:
        with Session(self._engine) as session:
            row = _newest_row(session, nct_id)
            return _version(row) if row is not None else None

    def versions(self, nct_id: str) -> list[CuratedVersion]:
        """Every version of the trial, newest first (empty when it was never curated)."""
        with Session(self._engine) as session:
            rows = session.scalars(
                select(CuratedVersionRow)
                .where(CuratedVersionRow.nct_id == nct_id)
                .order_by(CuratedVersionRow.number.desc())
            )
            return [_version(row) for row in rows]

    def version(self, nct_id: str, number: int) -> CuratedVersion:
        with Session(self._engine) as session:
            return _version(_row(session, nct_id, number))

    def compare(self, nct_id: str, a: int, b: int) -> VersionDiff:
        """What changed from version `a` to version `b` (either order)."""
        old, new = self.version(nct_id, a), self.version(nct_id, b)
        return compare_trials(nct_id, a, old.trial, b, new.trial)

    def current_versions(self, only: Collection[str] | None = None) -> list[CuratedVersion]:
        """The version in force of every curated trial, by NCT id (what the catalog loads);
        with `only`, of those of these ids (a site curates tens of trials: filtered here)."""
        newest = (
            select(
                CuratedVersionRow.nct_id,
                func.max(CuratedVersionRow.number).label("number"),
            )
            .group_by(CuratedVersionRow.nct_id)
            .subquery()
        )
        with Session(self._engine) as session:
            rows = session.scalars(
                select(CuratedVersionRow)
                .join(
                    newest,
                    (CuratedVersionRow.nct_id == newest.c.nct_id)
                    & (CuratedVersionRow.number == newest.c.number),
                )
                .order_by(CuratedVersionRow.nct_id)
            )
            return [_version(row) for row in rows if only is None or row.nct_id in only]

    def curated_ids(self) -> set[str]:
        with Session(self._engine) as session:
            return set(session.scalars(select(CuratedVersionRow.nct_id).distinct()))

    def fingerprint(self) -> tuple[int, datetime | None]:
        """(versions stored, newest publish): versions are only ever added, so it moves with
        every publish and restore; the catalog reloads when it does."""
        with Session(self._engine) as session:
            count, newest = session.execute(
                select(func.count(), func.max(CuratedVersionRow.published_at))
            ).one()
            return int(count), newest

    def registry_text(self, nct_id: str) -> RegistryText:
        """The registry eligibility text stored now (None when the trial was not imported)."""
        with Session(self._engine) as session:
            text = _registry_text(session, nct_id)
        return RegistryText(nct_id=nct_id, text=text, hash=text_hash(text))

    def registry_changes(self, nct_id: str) -> RegistryChange | None:
        """The change of the registry text since the version in force was curated or last
        reviewed; None when there is none (or the trial has no curated version)."""
        with Session(self._engine) as session:
            current = _newest_row(session, nct_id)
            return _pending_change(session, current) if current is not None else None

    def flagged_ids(self) -> set[str]:
        """Curated trials whose registry text changed since curation or the last review."""
        flagged = set()
        with Session(self._engine) as session:
            for nct_id in session.scalars(select(CuratedVersionRow.nct_id).distinct()).all():
                current = _newest_row(session, nct_id)
                if current is not None and _pending_change(session, current) is not None:
                    flagged.add(nct_id)
        return flagged


def _audit_detail(version: CuratedVersion) -> str:
    detail = f"version {version.number}"
    if version.restored_from is not None:
        detail += f", equal to version {version.restored_from}"
    if version.note:
        detail += f": {version.note}"
    return detail


def _take_turn(session: Session, nct_id: str) -> None:
    """On PostgreSQL, wait for any other publisher of this trial to commit (the lock ends with
    the transaction), so the newest number read next is the one to follow."""
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.sha256(nct_id.encode("utf-8")).digest()
    key = int.from_bytes(digest[:4], "big", signed=True)
    session.execute(
        text("SELECT pg_advisory_xact_lock(:lock_class, :key)"),
        {"lock_class": _PUBLISH_LOCK_CLASS, "key": key},
    )


def _is_race(error: IntegrityError | OperationalError) -> bool:
    if isinstance(error, IntegrityError):
        return True
    # SQLite: "database is locked" when another process's write made this snapshot stale.
    return "locked" in str(error.orig).lower()


def _version(row: CuratedVersionRow) -> CuratedVersion:
    return CuratedVersion(
        nct_id=row.nct_id,
        number=row.number,
        trial=Trial.model_validate_json(row.trial_json),
        published_by=row.published_by,
        published_at=_aware(row.published_at),
        note=row.note,
        registry_text_hash=row.registry_text_hash,
        restored_from=row.restored_from,
    )


def _aware(moment: datetime) -> datetime:
    # SQLite hands back the UTC timestamps it was given without their zone.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _row(session: Session, nct_id: str, number: int) -> CuratedVersionRow:
    row = session.scalar(
        select(CuratedVersionRow).where(
            CuratedVersionRow.nct_id == nct_id, CuratedVersionRow.number == number
        )
    )
    if row is None:
        raise VersionNotFoundError(nct_id, number)
    return row


def _newest_row(session: Session, nct_id: str) -> CuratedVersionRow | None:
    return session.scalar(
        select(CuratedVersionRow)
        .where(CuratedVersionRow.nct_id == nct_id)
        .order_by(CuratedVersionRow.number.desc())
        .limit(1)
    )


def _registry_text(session: Session, nct_id: str) -> str | None:
    return session.scalar(
        select(ImportedTrialRow.eligibility_text).where(ImportedTrialRow.nct_id == nct_id)
    )


def _pending_change(session: Session, current: CuratedVersionRow) -> RegistryChange | None:
    imported = session.get(ImportedTrialRow, current.nct_id)
    if imported is None:
        return None  # not imported: no registry text to follow
    review = session.scalar(
        select(RegistryReviewRow)
        .where(
            RegistryReviewRow.nct_id == current.nct_id,
            RegistryReviewRow.version_number == current.number,
        )
        .order_by(RegistryReviewRow.id.desc())
        .limit(1)
    )
    read = (
        _Seen(review.registry_text_hash, review.registry_text)
        if review is not None
        else _Seen(current.registry_text_hash, current.registry_text)
    )
    now_hash = text_hash(imported.eligibility_text)
    if now_hash == read.hash:
        return None
    return RegistryChange(
        nct_id=current.nct_id,
        version=current.number,
        read_text=read.text,
        read_hash=read.hash,
        current_text=imported.eligibility_text,
        current_hash=now_hash,
        registry_changed_at=_aware(imported.changed),
        diff=text_diff(read.text, imported.eligibility_text),
    )
