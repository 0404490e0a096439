"""Worklists: per trial, the patients who may qualify, as `worklist-<NCT>.csv` files and in the
database for the staff pages (`WorklistStore`).

An entry says who (the patient id of the export), the verdict (the cards' vocabulary:
`eligible`, `possibly_eligible`), the criteria the data could not decide with what to record
to decide each (the cards' "To settle" wording), the free-text criteria to review by hand, and
the date of the data that decided.

Tables (revisions 0004 to 0007): `prescreen_runs` (one per run, its summary, and whether it
matched the whole catalog), `prescreen_run_trials` (the trials a run made a worklist for, with
counts: the worklist index reads only it), `prescreen_unknown_sets` (each distinct set of
undecided criteria of a run, once, as JSON) and `prescreen_entries` (one per patient and trial,
referring to its run's set by `set_id`).

A trial's worklist is the one of the newest run that matched it (`_current`): a whole-catalog
run matched every trial (one it made no worklist for has none now: nobody qualifies, or it left
the catalog), a `--trial` run its listed trials only, so a run for one trial leaves the others'
worklists as they were. When a run is saved, the worklists of runs older than the last
`keep_runs` are deleted unless one is still a trial's current worklist (a run holds the whole
hospital's candidates); every run's summary is kept.

A run's worklists go from the state's shards (`reuse`, `state_shards`) to the CSVs and the
database without a Python object per entry: SQLite makes each CSV line (`state_shards.csv_lines`),
and `save_state` copies each shard's sets and entries by SQL (SQLite: the shard attached) or by
COPY (PostgreSQL), numbering a shard's sets apart from the other shards' (`_STATE_SETS`).
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    Text,
    delete,
    func,
    insert,
    select,
    text,
    true,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from cds_service.clock import Clock
from cds_service.prescreen.errors import OutputDirError, os_reason
from cds_service.prescreen.patient_job import TrialEntry, Unknown
from cds_service.prescreen.sqlite_files import open_read_only
from cds_service.prescreen.stored_entries import StoredEntry, stored, unknowns_of
from cds_service.prescreen.summary import RunSummary
from cds_service.prescreen.unknown_sets import guarded, unknown_cells
from cds_service.storage.db import Base, make_engine, write_lock, write_transaction
from eligibility.results import Verdict

CSV_COLUMNS = (
    "patient_id",
    "verdict",
    "unknown_criteria",
    "to_record",
    "to_review_by_hand",
    "decided_by_data_of",
)
logger = logging.getLogger("oncomatch.prescreen")

# Runs kept in the database; older ones are deleted when a new one is saved.
# Runs whose worklists are kept: the latest, and the ones before it to compare with.
KEEP_RUNS = 3
_INSERT_BATCH = 2000
_STATE_SCHEMA = "prescreen_state"  # a state shard, attached to the service's SQLite
_ENTRY_COLUMNS = "run_id, nct_id, patient_id, verdict, set_id, data_date"
_SET_COLUMNS = "run_id, set_id, unknowns_json"
# The state's (`reuse`) sets of undecided criteria and its entries, in `_SET_COLUMNS` and
# `_ENTRY_COLUMNS` order. All of them: the state holds the run's trials' entries and no other
# (`RunState`'s key names the asked trials), and only the sets they refer to
# (`state_shards`). A set's number in the run: its shard's number for it, times the shards,
# plus the shard (each shard numbers its own sets from 1).
_STATE_SETS = "SELECT :run_id, set_id * :shards + :shard, json FROM {schema}unknown_set"
_STATE_ENTRIES = (
    "SELECT :run_id, nct_id, patient_id, verdict, set_id * :shards + :shard, data_date "
    "FROM {schema}entry"
)
# PostgreSQL's COPY targets: table, columns, and the query of a shard's rows.
_SETS_COPY = ("prescreen_unknown_sets", _SET_COLUMNS, _STATE_SETS.format(schema=""))
_ENTRIES_COPY = ("prescreen_entries", _ENTRY_COLUMNS, _STATE_ENTRIES.format(schema=""))
# SQLite has one writer, which a hook call storing its cards' links waits for: a run's entries
# are copied into it this many at a time (~0.5 s a transaction measured: 1.2 us an entry), each
# transaction followed by a rest long enough for a waiting writer's next try (SQLite's busy
# handler sleeps up to 100 ms between tries), so such a call waits about one transaction.
COPY_BATCH = 400_000
REST_SECONDS = 0.1
# A shard's entries from just after `:after` (a trial and patient) up to `:last`, in key order.
_BATCH_ENTRIES = (
    _STATE_ENTRIES + " WHERE (nct_id, patient_id) > (:after_nct, :after_patient) "
    "AND (nct_id, patient_id) <= (:last_nct, :last_patient)"
)
# The key `:batch` entries on from just after `:after_*` (or the shard's last, fewer remaining).
_BATCH_END = (
    "SELECT nct_id, patient_id FROM {schema}entry "
    "WHERE (nct_id, patient_id) > (:after_nct, :after_patient) "
    "ORDER BY nct_id, patient_id LIMIT 1 OFFSET :offset"
)
_LAST_KEY = (
    "SELECT nct_id, patient_id FROM {schema}entry ORDER BY nct_id DESC, patient_id DESC LIMIT 1"
)
# A SQLite copy's sets until the run is saved (their foreign key names the run).
_RUN_SETS = "CREATE TEMP TABLE run_sets (run_id INTEGER, set_id INTEGER, unknowns_json TEXT)"
_SAVE_RUN_SETS = (
    f"INSERT INTO prescreen_unknown_sets ({_SET_COLUMNS}) "  # noqa: S608 - constants
    f"SELECT {_SET_COLUMNS} FROM temp.run_sets"
)
# Before any key: trial ids and patient ids are never empty.
_BEFORE_ALL = ("", "")


def _rest_between_transactions() -> None:
    time.sleep(REST_SECONDS)


class PrescreenRun(Base):
    __tablename__ = "prescreen_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    as_of: Mapped[date] = mapped_column(Date)
    export_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    summary_json: Mapped[str] = mapped_column(Text)
    # False: a --trial run (revision 0007; runs saved before it read as whole, as they were).
    whole_catalog: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class PrescreenRunTrial(Base):
    __tablename__ = "prescreen_run_trials"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("prescreen_runs.id", ondelete="CASCADE"), primary_key=True
    )
    nct_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    eligible: Mapped[int] = mapped_column(Integer)
    possibly_eligible: Mapped[int] = mapped_column(Integer)


class PrescreenEntry(Base):
    __tablename__ = "prescreen_entries"
    __table_args__ = (Index("ix_prescreen_entries_run_trial", "run_id", "nct_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The run's id, without a foreign key (revision 0006): one would be checked for each of a
    # run's millions of entries (half of a PostgreSQL copy). This store writes a run's entries
    # with the run, never deletes a run, and deletes an old run's entries itself.
    run_id: Mapped[int] = mapped_column(Integer)
    nct_id: Mapped[str] = mapped_column(String(32))
    patient_id: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(32))
    data_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The run's `PrescreenUnknownSet`. No foreign key: one would be checked for each of a
    # run's millions of entries, which are written with their sets in one transaction. Last,
    # as revision 0005 added it.
    set_id: Mapped[int] = mapped_column(Integer)


class PrescreenUnknownSet(Base):
    """A set of undecided criteria some of a run's entries have, as `stored_entries` writes it
    (`[[criterion_id, label, to_record, manual_review], ...]`)."""

    __tablename__ = "prescreen_unknown_sets"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("prescreen_runs.id", ondelete="CASCADE"), primary_key=True
    )
    set_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unknowns_json: Mapped[str] = mapped_column(Text)


class PrescreenRunId(Base):
    """The run ids a SQLite service database has handed out (`_reserve_run_id`): with
    AUTOINCREMENT none is given twice, even once its run is deleted, so a run's entries can be
    copied under its id in many short transactions before the run itself is saved, and rows a
    stopped copy left behind never join a later run. PostgreSQL reserves from `prescreen_runs`'
    own sequence (`reserve_copy`) and leaves this table empty."""

    __tablename__ = "prescreen_run_ids"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)


@dataclass(frozen=True, slots=True)
class StoredRun:
    id: int
    saved_at: datetime
    summary: RunSummary

    @property
    def as_of(self) -> date:
        return self.summary.as_of

    @property
    def time_zone(self) -> str | None:
        return self.summary.time_zone


@dataclass(frozen=True, slots=True)
class WorklistSummary:
    """A trial's worklist in the index: counts by verdict, and the run it comes from."""

    nct_id: str
    title: str
    run_id: int
    run_as_of: date
    run_saved_at: datetime
    eligible: int
    possibly_eligible: int

    @property
    def total(self) -> int:
        return self.eligible + self.possibly_eligible


@dataclass(frozen=True, slots=True)
class WorklistRow:
    patient_id: str
    verdict: Verdict
    unknowns: tuple[Unknown, ...]  # undecided criteria, each with what to record
    data_date: date | None  # the newest date of the data that decided


@dataclass(frozen=True, slots=True)
class UndecidedCriterion:
    """A criterion undecided for some patients of a worklist: what to record, for how many."""

    criterion_id: str
    label: str
    to_record: str | None
    manual_review: bool
    patients: int


@dataclass(frozen=True, slots=True)
class Worklist:
    nct_id: str
    title: str
    run: StoredRun
    entries: tuple[WorklistRow, ...]  # eligible first, then fewest unknowns, then patient id

    @property
    def undecided(self) -> tuple[UndecidedCriterion, ...]:
        """The criteria undecided on these entries, most patients first (a page's filter)."""
        counts: dict[str, int] = {}
        first: dict[str, Unknown] = {}
        for row in self.entries:
            for unknown in row.unknowns:
                counts[unknown.criterion_id] = counts.get(unknown.criterion_id, 0) + 1
                first.setdefault(unknown.criterion_id, unknown)
        ordered = sorted(counts, key=lambda ident: (-counts[ident], first[ident].label))
        return tuple(
            UndecidedCriterion(
                ident,
                first[ident].label,
                first[ident].to_record,
                first[ident].manual_review,
                counts[ident],
            )
            for ident in ordered
        )


class WorklistStore:
    """The worklists of pre-screening runs in the service database (SQLite or PostgreSQL)."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock,
        keep_runs: int = KEEP_RUNS,
        copy_batch: int = COPY_BATCH,
        rest: Callable[[], None] = _rest_between_transactions,
    ) -> None:
        """`copy_batch` and `rest`: on SQLite, the entries of a state copied per transaction,
        and what is done between two of them (see `COPY_BATCH`)."""
        self._engine = engine
        self._clock = clock
        self._keep_runs = max(1, keep_runs)
        self._copy_batch = max(1, copy_batch)
        self._rest = rest

    def save_run(self, summary: RunSummary, entries: Iterable[TrialEntry | StoredEntry]) -> int:
        """Store a run, its trials and entries in one transaction; the new run's id. Entries
        may come as stored (`StoredEntry`): they are written as they are."""
        with write_transaction(self._engine) as connection:
            run_id = self._insert_run(connection, summary)
            set_ids: dict[str, int] = {}
            new_sets: list[dict[str, object]] = []
            batch: list[dict[str, object]] = []
            for entry in entries:
                row = entry if isinstance(entry, StoredEntry) else stored(entry)
                set_id = set_ids.get(row.unknowns_json)
                if set_id is None:
                    set_id = set_ids[row.unknowns_json] = len(set_ids) + 1
                    new_sets.append(
                        {"run_id": run_id, "set_id": set_id, "unknowns_json": row.unknowns_json}
                    )
                batch.append(_entry_row(run_id, row, set_id))
                if len(batch) >= _INSERT_BATCH:
                    _insert_entries(connection, new_sets, batch)
                    new_sets, batch = [], []
            _insert_entries(connection, new_sets, batch)
            self._delete_old_runs(connection)
        return run_id

    def save_state(
        self, summary: RunSummary, shards: Sequence[Path], *, copied: EntryCopy | None = None
    ) -> int:
        """`save_run` with every entry of a settled state (`reuse`), given as its shards' files
        in shard order, copied by the database itself: no Python object per entry. The state
        holds the entries of the summary's trials and no other: a run's workers make only the
        asked trials' entries, and a state kept from a run for other trials is emptied (its key
        names the trials). `copied`: the entries are in already (`reserve_copy`), under its
        run id, which the run is saved with; its sets are copied here."""
        if self._engine.dialect.name == "sqlite":
            if copied is not None:
                raise ValueError("a SQLite service database copies a run's entries itself")
            return self._save_attached(summary, shards)
        with write_transaction(self._engine) as connection:
            run_id = self._insert_run(connection, summary, copied.run_id if copied else None)
            for shard, path in enumerate(shards):
                numbers = _numbers(run_id, shard, len(shards))
                _copy_rows(connection, _SETS_COPY, numbers, path)
                if copied is None:
                    _copy_rows(connection, _ENTRIES_COPY, numbers, path)
            if copied is None:
                self._delete_old_runs(connection)
        if copied is not None:
            # After the run is published, in a transaction of its own: deleting an old run's
            # millions of entries (~8 s per 20,000 patients) is not what staff wait for. The
            # run is saved whatever happens here: a failure leaves them to the next save.
            try:
                with write_transaction(self._engine) as connection:
                    self._delete_old_runs(connection)
            except SQLAlchemyError:
                logger.warning("pre-screening: old runs' worklists left for the next save")
        return run_id

    def reserve_copy(self, shards: int) -> EntryCopy | None:
        """PostgreSQL: a run id for a run's entries to be copied under by the state's shards'
        tasks, in parallel, each in its own transaction (`copy_shard_entries`), before
        `save_state(..., copied=...)` saves the run with that id. Readers reach entries only
        through a saved run (`latest_run`), so the entries stay unseen until then, and the run
        appears whole. None on SQLite: one writer, `save_state` copies everything."""
        if self._engine.dialect.name == "sqlite":
            return None
        with self._engine.connect() as connection:
            run_id = connection.execute(
                text("SELECT nextval(pg_get_serial_sequence('prescreen_runs', 'id'))")
            ).scalar_one()
        return EntryCopy(
            self._engine.url.render_as_string(hide_password=False), int(run_id), shards
        )

    def abandon_copy(self, copied: EntryCopy) -> None:
        """Delete the entries the shards' tasks copied for a run that will not be saved."""
        with write_transaction(self._engine) as connection:
            connection.execute(delete(PrescreenEntry).where(PrescreenEntry.run_id == copied.run_id))

    def _save_attached(self, summary: RunSummary, shards: Sequence[Path]) -> int:
        """SQLite: each shard attached in turn, its entries copied under a reserved run id,
        `copy_batch` at a time, resting between transactions, and its sets gathered in a
        temporary table (their key names the run, which is not saved yet); then the run and
        its sets saved, which is when readers see it (they reach entries only through a saved
        run); then the old runs deleted, in batches too. A copy that stops midway deletes what
        it copied."""
        with write_transaction(self._engine) as connection:
            run_id = _reserve_run_id(connection)
        try:
            with self._engine.connect() as connection:
                connection.exec_driver_sql(_RUN_SETS)
                connection.commit()
                try:
                    for shard, path in enumerate(shards):
                        numbers = _numbers(run_id, shard, len(shards))
                        with _attached(connection, path) as schema:
                            self._copy_shard(connection, schema, numbers)
                    with write_lock(self._engine), connection.begin():
                        self._insert_run(connection, summary, run_id)
                        connection.exec_driver_sql(_SAVE_RUN_SETS)
                finally:
                    if connection.in_transaction():
                        connection.rollback()
                    connection.exec_driver_sql("DROP TABLE IF EXISTS temp.run_sets")
                    connection.commit()
        except BaseException:
            try:
                self._delete_run_rows([run_id])
            except SQLAlchemyError:  # the run's own error is the one raised
                logger.warning("pre-screening: rows of an unsaved run left for the next save")
            raise
        try:
            self._delete_run_rows(self._old_runs())
        except SQLAlchemyError:
            # As on PostgreSQL: the run is saved; what is left goes with the next save.
            logger.warning("pre-screening: old runs' worklists left for the next save")
        return run_id

    def _copy_shard(self, connection: Connection, schema: str, numbers: dict[str, int]) -> None:
        """One attached shard's sets (into the temporary table) and entries (in transactions
        of `copy_batch`, key range by key range)."""
        prefix = f"{schema}."
        with connection.begin():  # the temporary database: no writer of the service waits
            connection.exec_driver_sql(
                f"INSERT INTO temp.run_sets ({_SET_COLUMNS}) " + _STATE_SETS.format(schema=prefix),
                numbers,
            )
        with connection.begin():  # reads (of the shard): a transaction SQLAlchemy ends
            last = connection.exec_driver_sql(_LAST_KEY.format(schema=prefix)).first()
        after: tuple[str, str] = _BEFORE_ALL
        while last is not None and after != tuple(last):
            with connection.begin():
                end = connection.exec_driver_sql(
                    _BATCH_END.format(schema=prefix),
                    {
                        "after_nct": after[0],
                        "after_patient": after[1],
                        "offset": self._copy_batch - 1,
                    },
                ).first()
            until = tuple(end if end is not None else last)
            with write_lock(self._engine), connection.begin():
                connection.exec_driver_sql(
                    f"INSERT INTO prescreen_entries ({_ENTRY_COLUMNS}) "
                    + _BATCH_ENTRIES.format(schema=prefix),
                    {
                        **numbers,
                        "after_nct": after[0],
                        "after_patient": after[1],
                        "last_nct": until[0],
                        "last_patient": until[1],
                    },
                )
            self._rest()
            after = (str(until[0]), str(until[1]))

    def _old_runs(self) -> list[int]:
        """The runs whose rows `_delete_old_runs` would delete and that still have some: older
        than the kept ones and not still read, or an id no saved run has (a stopped copy's)."""
        with self._engine.connect() as connection:
            oldest_kept = _oldest_kept(connection, self._keep_runs)
            if oldest_kept is None:
                return []
            still_read = set(_still_read(connection, oldest_kept))
            old: set[int] = set()
            for table in (PrescreenRunTrial, PrescreenUnknownSet):
                old.update(
                    connection.execute(
                        select(table.run_id).where(table.run_id < oldest_kept).distinct()
                    ).scalars()
                )
            # The entries' old ids, one index lookup each (a scan would read millions of rows).
            found = connection.execute(
                select(func.min(PrescreenEntry.run_id)).where(PrescreenEntry.run_id < oldest_kept)
            ).scalar_one_or_none()
            while found is not None:
                old.add(found)
                found = connection.execute(
                    select(func.min(PrescreenEntry.run_id)).where(
                        PrescreenEntry.run_id > found, PrescreenEntry.run_id < oldest_kept
                    )
                ).scalar_one_or_none()
        return sorted(old - still_read)

    def _delete_run_rows(self, run_ids: Sequence[int]) -> None:
        """The worklist rows of these runs: entries `copy_batch` at a time (each batch a
        transaction, a rest after it), then sets and trials. A run's own row, its summary,
        stays."""
        for run_id in run_ids:
            while True:
                with write_transaction(self._engine) as connection:
                    doomed = (
                        select(PrescreenEntry.id)
                        .where(PrescreenEntry.run_id == run_id)
                        .limit(self._copy_batch)
                        .scalar_subquery()
                    )
                    deleted = connection.execute(
                        delete(PrescreenEntry).where(PrescreenEntry.id.in_(doomed))
                    ).rowcount
                if not deleted:
                    break
                self._rest()
            with write_transaction(self._engine) as connection:
                for table in (PrescreenUnknownSet, PrescreenRunTrial):
                    connection.execute(delete(table).where(table.run_id == run_id))

    def _insert_run(
        self, connection: Connection, summary: RunSummary, run_id: int | None = None
    ) -> int:
        """The run's row and its trials' counts; `run_id`: one reserved (`reserve_copy`, or
        on SQLite `_reserve_run_id`, which gives every SQLite run its id)."""
        if run_id is None and connection.dialect.name == "sqlite":
            run_id = _reserve_run_id(connection)
        reserved = {} if run_id is None else {"id": run_id}
        run_id = int(
            connection.execute(
                insert(PrescreenRun).returning(PrescreenRun.id),
                {
                    **reserved,
                    "saved_at": self._clock(),
                    "started_at": summary.started_at,
                    "as_of": summary.as_of,
                    "export_time": summary.export_transaction_time,
                    "summary_json": summary.model_dump_json(),
                    "whole_catalog": summary.whole_catalog,
                },
            ).scalar_one()
        )
        if summary.trials:
            connection.execute(
                insert(PrescreenRunTrial),
                [{"run_id": run_id, **count.model_dump()} for count in summary.trials],
            )
        return run_id

    def _delete_old_runs(self, connection: Connection) -> None:
        """Keep the worklists of the last `keep_runs` runs, and of any older run that is still
        a trial's current worklist (a whole-catalog run followed by `--trial` runs for other
        trials); older runs keep only their summary (a run's entries are the whole hospital's
        candidates, its summary a few hundred bytes). In the caller's transaction."""
        oldest_kept = _oldest_kept(connection, self._keep_runs)
        if oldest_kept is None:
            return
        still_read = _still_read(connection, oldest_kept)
        for table in (PrescreenEntry, PrescreenUnknownSet, PrescreenRunTrial):
            old = delete(table).where(table.run_id < oldest_kept)
            if still_read:
                old = old.where(table.run_id.not_in(still_read))
            connection.execute(old)

    def runs(self) -> list[StoredRun]:
        """Every run's summary, newest first (worklists only for the last `keep_runs`)."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(PrescreenRun.id, PrescreenRun.saved_at, PrescreenRun.summary_json).order_by(
                    PrescreenRun.id.desc()
                )
            ).all()
        return [_run(*row) for row in rows]

    def latest_run(self) -> StoredRun | None:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(PrescreenRun.id, PrescreenRun.saved_at, PrescreenRun.summary_json)
                .order_by(PrescreenRun.id.desc())
                .limit(1)
            ).first()
        return _run(*row) if row else None

    def trials_with_worklists(self) -> list[WorklistSummary]:
        """Every trial's current worklist (the newest run's that matched it), by trial id."""
        trial, run = PrescreenRunTrial, PrescreenRun
        with self._engine.connect() as connection:
            current = _current(connection).subquery()
            rows = connection.execute(
                select(
                    trial.nct_id,
                    trial.title,
                    trial.eligible,
                    trial.possibly_eligible,
                    run.id,
                    run.as_of,
                    run.saved_at,
                )
                .join(
                    current,
                    (trial.nct_id == current.c.nct_id) & (trial.run_id == current.c.run_id),
                )
                .join(run, run.id == trial.run_id)
                .order_by(trial.nct_id)
            ).all()
        return [
            WorklistSummary(
                nct_id=nct_id,
                title=title,
                run_id=run_id,
                run_as_of=as_of,
                run_saved_at=_utc(saved_at),
                eligible=eligible,
                possibly_eligible=possibly_eligible,
            )
            for nct_id, title, eligible, possibly_eligible, run_id, as_of, saved_at in rows
        ]

    def worklist(
        self, nct_id: str, *, verdict: Verdict | None = None, unknown: str | None = None
    ) -> Worklist | None:
        """A trial's current worklist: the newest run's that matched it (None: that run made
        none, or no run did), restricted to one verdict and/or to patients for whom criterion
        `unknown` (its id) is undecided."""
        with self._engine.connect() as connection:
            current = _current(connection).where(PrescreenRunTrial.nct_id == nct_id).subquery()
            row = connection.execute(
                select(PrescreenRun.id, PrescreenRun.saved_at, PrescreenRun.summary_json).join(
                    current, current.c.run_id == PrescreenRun.id
                )
            ).first()
            if row is None:
                return None
            return _worklist_of(connection, _run(*row), nct_id, verdict, unknown)


def _worklist_of(
    connection: Connection,
    run: StoredRun,
    nct_id: str,
    verdict: Verdict | None,
    unknown: str | None,
) -> Worklist | None:
    """`nct_id`'s worklist made by `run`, filtered (see `WorklistStore.worklist`)."""
    entry = PrescreenEntry
    in_worklist = (entry.run_id == run.id, entry.nct_id == nct_id)
    title = connection.execute(
        select(PrescreenRunTrial.title).where(
            PrescreenRunTrial.run_id == run.id, PrescreenRunTrial.nct_id == nct_id
        )
    ).scalar_one_or_none()
    if title is None:
        return None
    # Each set read once for the worklist, however many of its entries have it.
    sets = {
        set_id: unknowns_of(text)
        for set_id, text in connection.execute(
            select(PrescreenUnknownSet.set_id, PrescreenUnknownSet.unknowns_json).where(
                PrescreenUnknownSet.run_id == run.id,
                PrescreenUnknownSet.set_id.in_(select(entry.set_id).where(*in_worklist).distinct()),
            )
        )
    }
    query = select(entry.patient_id, entry.verdict, entry.set_id, entry.data_date).where(
        *in_worklist
    )
    if verdict is not None:
        query = query.where(entry.verdict == verdict.value)
    # Filtered here, not by an IN list in SQL: a worklist may have more sets than a
    # statement may have parameters.
    kept = (
        sets.keys()
        if unknown is None
        else {
            set_id
            for set_id, unknowns in sets.items()
            if any(u.criterion_id == unknown for u in unknowns)
        }
    )
    rows = [
        WorklistRow(patient_id, Verdict(found), sets[set_id], data_date)
        for patient_id, found, set_id, data_date in connection.execute(query)
        if set_id in kept
    ]
    rows.sort(key=lambda r: (r.verdict is not Verdict.ELIGIBLE, len(r.unknowns), r.patient_id))
    return Worklist(nct_id, title, run, tuple(rows))


def _entry_row(run_id: int, entry: StoredEntry, set_id: int) -> dict[str, object]:
    return {
        "run_id": run_id,
        "nct_id": entry.nct_id,
        "patient_id": entry.patient_id,
        "verdict": entry.verdict,
        "set_id": set_id,
        "data_date": entry.data_date,
    }


def _insert_entries(
    connection: Connection, sets: list[dict[str, object]], entries: list[dict[str, object]]
) -> None:
    if sets:
        connection.execute(insert(PrescreenUnknownSet), sets)
    if entries:
        connection.execute(insert(PrescreenEntry), entries)


def _run(run_id: int, saved_at: datetime, summary_json: str) -> StoredRun:
    return StoredRun(run_id, _utc(saved_at), RunSummary.model_validate_json(summary_json))


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored one is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _current(connection: Connection) -> Select[str, int]:
    """(trial, run) of every current worklist: per trial, the newest run that made one for it,
    from the newest whole-catalog run on. That run matched every trial, so older runs' worklists
    are superseded, the ones it made none for too; a `--trial` run after it made one for each
    of its listed trials (empty ones too). Without a whole-catalog run, every run counts."""
    newest_whole = connection.execute(
        select(func.max(PrescreenRun.id)).where(PrescreenRun.whole_catalog)
    ).scalar_one_or_none()
    trial = PrescreenRunTrial
    query = select(trial.nct_id, func.max(trial.run_id).label("run_id")).group_by(trial.nct_id)
    return query if newest_whole is None else query.where(trial.run_id >= newest_whole)


def csv_rows(entries: Iterable[TrialEntry]) -> Iterator[tuple[str, ...]]:
    for entry in entries:
        yield (
            guarded(entry.patient_id),
            entry.verdict.value,
            *unknown_cells(entry.unknowns),
            entry.data_date.isoformat() if entry.data_date else "",
        )


def worklist_name(nct_id: str) -> str:
    return f"worklist-{nct_id}.csv"


def write_csv(out_dir: Path, nct_id: str, lines: Iterable[str]) -> Path:
    """`worklist-<NCT>.csv`: a header, then one row per patient, each given as a finished CSV
    line (`state_shards.csv_lines`, the rows of `csv_rows` as `csv.writer` writes them)."""
    path = out_dir / worklist_name(nct_id)
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow(CSV_COLUMNS)
            handle.writelines(lines)
    except OSError as error:
        raise OutputDirError.unwritable(str(out_dir), path.name, os_reason(error)) from None
    return path


def _numbers(run_id: int, shard: int, shards: int) -> dict[str, int]:
    """The parameters of `_STATE_SETS` and `_STATE_ENTRIES` for one shard of a run."""
    return {"run_id": run_id, "shard": shard, "shards": shards}


@contextmanager
def _attached(connection: Connection, shard: Path) -> Iterator[str]:
    """A shard attached to the service's SQLite (outside a transaction), by schema name."""
    connection.exec_driver_sql(f"ATTACH DATABASE ? AS {_STATE_SCHEMA}", (str(shard),))
    try:
        connection.commit()
        yield _STATE_SCHEMA
    finally:
        if connection.in_transaction():
            connection.rollback()
        connection.exec_driver_sql(f"DETACH DATABASE {_STATE_SCHEMA}")
        connection.commit()


def _reserve_run_id(connection: Connection) -> int:
    """A SQLite run id never given before (`PrescreenRunId`); the table keeps only the last."""
    run_id = int(
        connection.execute(insert(PrescreenRunId).returning(PrescreenRunId.id)).scalar_one()
    )
    connection.execute(delete(PrescreenRunId).where(PrescreenRunId.id < run_id))
    return run_id


def _oldest_kept(connection: Connection, keep_runs: int) -> int | None:
    """The oldest of the last `keep_runs` runs (None: fewer runs than that)."""
    return connection.execute(
        select(PrescreenRun.id).order_by(PrescreenRun.id.desc()).offset(keep_runs - 1).limit(1)
    ).scalar_one_or_none()


def _still_read(connection: Connection, oldest_kept: int) -> list[int]:
    """Runs older than `oldest_kept` that are still some trial's current worklist."""
    current = _current(connection).subquery()
    return [
        run_id
        for (run_id,) in connection.execute(
            select(current.c.run_id).where(current.c.run_id < oldest_kept).distinct()
        )
    ]


def _copy_rows(
    connection: Connection, target: tuple[str, str, str], numbers: dict[str, int], shard: Path
) -> None:
    """A shard's rows of one kind (`_SETS_COPY`, `_ENTRIES_COPY`) into PostgreSQL, by COPY
    (psycopg 3)."""
    table, columns, query = target
    driver = connection.connection.driver_connection
    state = open_read_only(shard)
    try:
        with (
            driver.cursor() as cursor,  # type: ignore[union-attr]
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            # psycopg formats each row in C (its binary build); making the COPY text in
            # SQLite instead measured slower (3.0-3.7 against 2.1 CPU-s for 400k entries).
            write = copy.write_row
            for row in state.execute(query, numbers):
                write(row)
    finally:
        state.close()


@dataclass(frozen=True, slots=True)
class EntryCopy:
    """Where the state's shards' tasks copy a run's entries themselves (`reserve_copy`)."""

    # The service's PostgreSQL, its password included: kept out of the task's repr, which a
    # Dask worker logs when a task fails.
    database_url: str = field(repr=False)
    run_id: int
    shards: int


def copy_shard_entries(copied: EntryCopy, shard: int, path: Path, trials: Iterable[str]) -> None:
    """A shard's entries into PostgreSQL under the reserved run id, in this task's own
    transaction, in a worker. Its `trials`' entries of that run are deleted first: a task run
    again (a lost worker) replaces what it copied instead of adding to it."""
    engine = make_engine(copied.database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                delete(PrescreenEntry).where(
                    PrescreenEntry.run_id == copied.run_id,
                    PrescreenEntry.nct_id.in_(sorted(trials)),
                )
            )
            numbers = _numbers(copied.run_id, shard, copied.shards)
            _copy_rows(connection, _ENTRIES_COPY, numbers, path)
    finally:
        engine.dispose()
