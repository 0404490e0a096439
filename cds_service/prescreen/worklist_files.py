"""`worklist-<NCT>.csv` files written by the engine's workers, a group of trials per task.

A hospital's run makes millions of worklist rows (each patient reaches hundreds of trials), and
writing them is per-row work wherever it runs. Done by the main process alone it was a serial
tail after the workers had finished: so the trials are cut into groups of about equal rows and
each task writes its group's files from the state file, read-only (`reuse.csv_lines`: SQLite
makes each finished line). The state is complete and committed before the first task starts,
and nobody writes to it while they run, so it is opened immutable: no locks, which also suits
a state on network storage read by a cluster's workers (README, "Pre-screening").
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from cds_service.prescreen.errors import ResultFileError
from cds_service.prescreen.reuse import csv_lines
from cds_service.prescreen.summary import TrialCount
from cds_service.prescreen.worklists import write_csv

# Tasks per worker: enough that workers end together although trials' worklists differ in size.
TASKS_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class WorklistFilesTask:
    state: Path
    out_dir: Path
    trials: tuple[TrialCount, ...]


def write_worklist_files(task: WorklistFilesTask) -> list[str]:
    """Write the task's trials' CSVs into its OUT folder; the names written."""
    if not task.state.is_file():  # a worker that does not see OUT would open an empty file
        raise ResultFileError.state_unseen(str(task.state.parent))
    uri = f"{task.state.resolve().as_uri()}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as state:
        return [
            write_csv(task.out_dir, count, csv_lines(state, count.nct_id)).name
            for count in task.trials
        ]


def worklist_tasks(
    state: Path, out_dir: Path, trials: Sequence[TrialCount], workers: int
) -> list[WorklistFilesTask]:
    """`trials` in contiguous groups of about equal rows, `TASKS_PER_WORKER` per worker at
    most (fewer when there are fewer trials); every trial in exactly one group, in order."""
    if not trials:
        return []
    groups = min(len(trials), TASKS_PER_WORKER * max(1, workers))
    total = sum(_rows(count) for count in trials)
    share = max(1, math.ceil(total / groups))
    tasks: list[WorklistFilesTask] = []
    group: list[TrialCount] = []
    rows = 0
    for count in trials:
        group.append(count)
        rows += _rows(count)
        if rows >= share:
            tasks.append(WorklistFilesTask(state, out_dir, tuple(group)))
            group, rows = [], 0
    if group:
        tasks.append(WorklistFilesTask(state, out_dir, tuple(group)))
    return tasks


def _rows(count: TrialCount) -> int:
    # A trial with no patient still has its file (a header): count it as a row of work.
    return max(1, count.eligible + count.possibly_eligible)
