"""Pre-screening errors reach the run whole: pickled back, the same class and message."""

from __future__ import annotations

import pickle

import pytest

from cds_service.prescreen.errors import (
    CatalogChangedError,
    OutputDirError,
    PartitionUnreadableError,
    PrescreenError,
    ResultFileError,
    UnknownTrialError,
    WorkerCodeError,
    WorkerLostError,
    os_reason,
)


@pytest.mark.parametrize(
    "error",
    [
        CatalogChangedError(),
        PartitionUnreadableError.at("/out/work/part-0003"),
        PartitionUnreadableError.gone("/out/work/part-0003"),
        PartitionUnreadableError.export_at("/exports/nightly"),
        ResultFileError.unwritable("/out/work"),
        ResultFileError.missing("/out/work"),
        ResultFileError.state_unseen("/out"),
        WorkerLostError.after(3),
        WorkerLostError.on_cluster(),
        WorkerCodeError.on(1, 3),
        UnknownTrialError(["NCT00000077", "NCT00000078"]),
        OutputDirError.unwritable("/out", "worklist-NCT00000077.csv", "No space left on device"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_an_error_raised_in_a_worker_pickles_back_unchanged(error: PrescreenError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)


def test_an_unknown_trial_error_keeps_its_ids_through_pickling() -> None:
    back = pickle.loads(pickle.dumps(UnknownTrialError(["NCT00000077"])))
    assert isinstance(back, UnknownTrialError)
    assert back.nct_ids == ["NCT00000077"]


def test_an_os_reason_is_the_systems_words_not_the_files_name() -> None:
    # OSError's str() carries the path; the messages name the file themselves, once.
    error = OSError(28, "No space left on device", "/out/worklist-NCT00000077.csv")
    assert os_reason(error) == "No space left on device"
    assert os_reason(OSError()) == "OSError"
