"""Worklist CSVs written by workers, a group of trials per task: every trial in exactly one
group, groups of about equal rows, and the files equal to those the state itself writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cds_service.prescreen.errors import ResultFileError
from cds_service.prescreen.reuse import RunState
from cds_service.prescreen.summary import TrialCount
from cds_service.prescreen.worklist_files import (
    TASKS_PER_WORKER,
    WorklistFilesTask,
    worklist_tasks,
    write_worklist_files,
)
from cds_service.prescreen.worklists import write_csv
from tests.cds_service.prescreen.test_state_outputs import (
    AS_OF,
    NCT,
    OTHER,
    TRICKY,
    result_file,
)


def count(nct_id: str, eligible: int = 0, possibly: int = 0) -> TrialCount:
    return TrialCount(nct_id=nct_id, title=nct_id, eligible=eligible, possibly_eligible=possibly)


def test_every_trial_is_in_exactly_one_group_in_order(tmp_path: Path) -> None:
    trials = [count(f"NCT{index:08d}", index % 3, index * 7 % 11) for index in range(101)]
    tasks = worklist_tasks(tmp_path / "state", tmp_path, trials, workers=3)
    assert len(tasks) <= 3 * TASKS_PER_WORKER
    assert [trial for task in tasks for trial in task.trials] == trials


def test_groups_hold_about_equal_rows(tmp_path: Path) -> None:
    # One trial as large as all the others together gets a group of its own.
    trials = [count("NCT00000000", possibly=1000)] + [
        count(f"NCT{index:08d}", possibly=10) for index in range(1, 101)
    ]
    tasks = worklist_tasks(tmp_path / "state", tmp_path, trials, workers=1)
    rows = [sum(t.possibly_eligible for t in task.trials) for task in tasks]
    assert rows == [1000, 500, 500]  # a share is 2,000 rows / 4 tasks


def test_fewer_trials_than_tasks_and_none(tmp_path: Path) -> None:
    one = worklist_tasks(tmp_path / "state", tmp_path, [count(NCT)], workers=4)
    assert [task.trials for task in one] == [(count(NCT),)]
    assert worklist_tasks(tmp_path / "state", tmp_path, [], workers=4) == []


def test_a_task_writes_the_files_the_state_writes(tmp_path: Path) -> None:
    state = RunState(tmp_path, catalog_fingerprint="f" * 64, as_of=AS_OF, trials=None)
    try:
        state.merge(result_file(tmp_path / "part.sqlite3", TRICKY))
        expected = tmp_path / "expected"
        expected.mkdir()
        for nct_id in (NCT, OTHER):
            write_csv(expected, count(nct_id), state.csv_lines(nct_id))
        out = tmp_path / "out"
        out.mkdir()
        # A trial without entries still gets its file (a header only), as a `--trial` run asks.
        empty = count("NCT00000009")
        task = WorklistFilesTask(state.path, out, (count(NCT), count(OTHER), empty))
        names = write_worklist_files(task)
    finally:
        state.close()
    assert names == [f"worklist-{nct}.csv" for nct in (NCT, OTHER, "NCT00000009")]
    for nct_id in (NCT, OTHER):
        name = f"worklist-{nct_id}.csv"
        assert (out / name).read_bytes() == (expected / name).read_bytes()
    assert (out / "worklist-NCT00000009.csv").read_text().count("\n") == 1


def test_a_worker_that_does_not_see_the_state_says_so(tmp_path: Path) -> None:
    task = WorklistFilesTask(tmp_path / "nowhere" / "state.sqlite3", tmp_path, (count(NCT),))
    with pytest.raises(ResultFileError, match="cannot read the run's state"):
        write_worklist_files(task)
    assert not (tmp_path / "nowhere").exists()
