"""Storage of trials imported from ClinicalTrials.gov (SQLite by default, PostgreSQL tested).

One row per NCT id keeps the ORIGINAL API JSON (exactly as received), the eligibility text, the
converted `Trial` (JSON) and the registry's last-update date. `upsert` reports what changed;
`load_all` returns every stored trial with its status: each has its page, and the catalog's
matcher keeps to the statuses and countries the service is configured for.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Engine, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from cds_service.storage.db import Base, write_lock
from eligibility.trial import OPEN_STATUSES, Trial, TrialStatus

# NCT ids bound per query when loading some trials (SQLite allows 32,766 parameters, older
# builds 999).
_IDS_PER_QUERY = 500


class ImportedTrialRow(Base):
    __tablename__ = "imported_trials"

    nct_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    overall_status: Mapped[str] = mapped_column(String(40), index=True)
    last_update: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    retrieved: Mapped[date] = mapped_column(Date)
    raw_json: Mapped[str] = mapped_column(Text)  # the API record, as received
    eligibility_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    trial_json: Mapped[str] = mapped_column(Text)  # the converted Trial
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changed: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


@dataclass(slots=True)
class UpsertCounts:
    """What an import or sync changed. `closed` counts trials that left an open status."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    new_ids: list[str] = field(default_factory=list)
    closed_ids: list[str] = field(default_factory=list)

    def add(self, other: UpsertCounts) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.closed += other.closed
        self.new_ids.extend(other.new_ids)
        self.closed_ids.extend(other.closed_ids)


def _now() -> datetime:
    return datetime.now(UTC)


class ImportedTrialStore:
    """Imported trials in the shared database (`cds_service.storage.db.Base`)."""

    def __init__(self, engine: Engine, *, clock: Any = _now) -> None:
        self._engine = engine
        self._clock = clock

    @property
    def engine(self) -> Engine:
        return self._engine

    def upsert(
        self,
        trials: Iterable[Trial],
        raw_json_by_id: Mapping[str, Mapping[str, Any] | str],
        *,
        last_update_by_id: Mapping[str, date | None] | None = None,
    ) -> UpsertCounts:
        """Insert or update trials; `raw_json_by_id` holds each study's API record.

        A row counts as updated when its API record changed; a trial moving from an open to a
        non-open status is also counted in `closed` (it will no longer be matched)."""
        counts = UpsertCounts()
        now = self._clock()
        with write_lock(self._engine), Session(self._engine) as session, session.begin():
            for trial in trials:
                raw = raw_json_by_id.get(trial.nct_id)
                if raw is None:
                    raise KeyError(f"no API record given for {trial.nct_id}")
                raw_text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
                last_update = (last_update_by_id or {}).get(trial.nct_id)
                trial_json = trial.model_dump_json()
                row = session.get(ImportedTrialRow, trial.nct_id)
                if row is None:
                    session.add(
                        ImportedTrialRow(
                            nct_id=trial.nct_id,
                            overall_status=trial.overall_status.value,
                            last_update=last_update,
                            retrieved=trial.source.retrieved or trial.data_as_of,
                            raw_json=raw_text,
                            eligibility_text=trial.eligibility_text,
                            trial_json=trial_json,
                            first_seen=now,
                            changed=now,
                        )
                    )
                    counts.new += 1
                    counts.new_ids.append(trial.nct_id)
                    continue
                was_open = TrialStatus(row.overall_status) in OPEN_STATUSES
                row.retrieved = trial.source.retrieved or trial.data_as_of
                if row.raw_json == raw_text:
                    # Same registry record: refresh the conversion (the retrieval date, a newer
                    # extractor) without counting it as a change or moving `changed`.
                    row.trial_json = trial_json
                    counts.unchanged += 1
                    continue
                if was_open and trial.overall_status not in OPEN_STATUSES:
                    counts.closed += 1
                    counts.closed_ids.append(trial.nct_id)
                else:
                    counts.updated += 1
                row.overall_status = trial.overall_status.value
                row.last_update = last_update or row.last_update
                row.raw_json = raw_text
                row.eligibility_text = trial.eligibility_text
                row.trial_json = trial_json
                row.changed = now
        return counts

    def mark_status(self, nct_id: str, status: TrialStatus) -> bool:
        """Set a stored trial's overall status (e.g. WITHDRAWN seen elsewhere); False if absent."""
        with write_lock(self._engine), Session(self._engine) as session, session.begin():
            row = session.get(ImportedTrialRow, nct_id)
            if row is None:
                return False
            trial = Trial.model_validate_json(row.trial_json)
            row.trial_json = trial.model_copy(update={"overall_status": status}).model_dump_json()
            row.overall_status = status.value
            row.changed = self._clock()
            return True

    def load_all(self, only: Collection[str] | None = None) -> list[Trial]:
        """Every stored trial, by NCT id; with `only`, those of these ids."""
        query = select(ImportedTrialRow.trial_json).order_by(ImportedTrialRow.nct_id)
        if only is None:
            with Session(self._engine) as session:
                return [Trial.model_validate_json(text) for text in session.scalars(query)]
        # In slices: a long list would pass a database's limit on bound parameters.
        wanted = sorted(only)
        found: list[Trial] = []
        with Session(self._engine) as session:
            for start in range(0, len(wanted), _IDS_PER_QUERY):
                part = wanted[start : start + _IDS_PER_QUERY]
                rows = session.scalars(query.where(ImportedTrialRow.nct_id.in_(part)))
                found.extend(Trial.model_validate_json(text) for text in rows)
        return found

    def trial(self, nct_id: str) -> Trial | None:
        """One stored trial, as converted (None when it was never imported)."""
        with Session(self._engine) as session:
            row = session.get(ImportedTrialRow, nct_id)
            return Trial.model_validate_json(row.trial_json) if row is not None else None

    def raw_json(self, nct_id: str) -> str | None:
        """The API record exactly as it was received."""
        with Session(self._engine) as session:
            row = session.get(ImportedTrialRow, nct_id)
            return row.raw_json if row is not None else None

    def status_of(self, nct_id: str) -> TrialStatus | None:
        with Session(self._engine) as session:
            row = session.get(ImportedTrialRow, nct_id)
            return TrialStatus(row.overall_status) if row is not None else None

    def known_ids(self) -> set[str]:
        with Session(self._engine) as session:
            return set(session.scalars(select(ImportedTrialRow.nct_id)))

    def last_update_date(self) -> date | None:
        """The newest registry last-update date stored: where an incremental sync resumes."""
        with Session(self._engine) as session:
            value: date | None = session.scalar(select(func.max(ImportedTrialRow.last_update)))
            return value

    def fingerprint(self) -> tuple[int, datetime | None]:
        """(row count, newest change): cheap to poll; a running service reloads when it moves."""
        with Session(self._engine) as session:
            count, newest = session.execute(
                select(func.count(), func.max(ImportedTrialRow.changed))
            ).one()
            return int(count), newest
