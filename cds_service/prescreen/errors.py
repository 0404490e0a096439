"""Errors of pre-screening: what stops a run before or while it works, each with a message an
operator can act on (never a patient value: they name files, trials and settings only).

Hierarchy:
    PrescreenError                the run cannot be made as asked
        ExportDirError            the export folder is missing or holds no NDJSON data
        AsOfError                 --as-of is a day that has not come in the hospital's zone
        UnknownTrialError         a --trial the catalog does not hold
        EngineUnavailableError    the engine cannot run: dask not installed, scheduler not reachable
        CatalogChangedError       a worker loaded another catalog than the run's
        WorkerCodeError           a Dask worker runs another release of the code than the run's
        PartitionUnreadableError  a worker cannot read a partition (OUT not shared with it)
        ResultFileError           a partition's result file cannot be written or read back
        OutputBusyError           another run is working in the same output folder
        OutputDirError            the output folder cannot be made, opened or written
        WorkerLostError           worker processes kept dying (killed, out of memory)

`oncomatch prescreen` prints the message on one line and exits 2.
"""

from __future__ import annotations


class PrescreenError(Exception):
    """A pre-screening run cannot be made as asked; the message says why. Raised in a worker,
    an error is pickled back to the run, which calls its class again with its args: errors a
    worker raises take the message as their one argument (made by their classmethods)."""


class ExportDirError(PrescreenError):
    pass


class AsOfError(PrescreenError):
    @classmethod
    def after_today(cls, as_of: str, today: str, zone: str) -> AsOfError:
        return cls(
            f"--as-of {as_of} is after today ({today} in {zone}): a chart can only be read as "
            "it stood on a day that has come (a run as of a later day would count every window "
            "to that day, and its worklists would replace today's on the staff pages)"
        )


class UnknownTrialError(PrescreenError):
    def __init__(self, nct_ids: list[str]) -> None:
        super().__init__(f"not in the catalog: {', '.join(nct_ids)}")
        self.nct_ids = nct_ids

    def __reduce__(self) -> tuple[type[UnknownTrialError], tuple[list[str]]]:
        # Its one argument is the ids, not the message: pickled by default, it would come back
        # as "not in the catalog: n, o, t, ...". Raised in the main process today; a worker's
        # check of a trial list must not change the message on its way back.
        return type(self), (self.nct_ids,)


class EngineUnavailableError(PrescreenError):
    pass


class CatalogChangedError(PrescreenError):
    # The message has a default, and is the only argument: raised in a worker, the error is
    # pickled back to the run, which calls the class again with its args.
    def __init__(
        self,
        message: str = (
            "a worker loaded a different catalog than this run's (trials were imported or "
            "edited during the run, or workers read another catalog): run again"
        ),
    ) -> None:
        super().__init__(message)


class WorkerCodeError(PrescreenError):
    @classmethod
    def on(cls, workers: int, of: int) -> WorkerCodeError:
        return cls(
            f"{workers} of the cluster's {of} Dask workers run other OncoMatch code than this "
            "run (their fhir_mapping, eligibility or cds_service.prescreen files differ): "
            "install the same OncoMatch release on every worker and run again"
        )


class PartitionUnreadableError(PrescreenError):
    @classmethod
    def at(cls, path: str) -> PartitionUnreadableError:
        return cls(
            f"a worker cannot read {path}: the output folder must be on storage every worker "
            "mounts at the same path (see README, Pre-screening)"
        )

    @classmethod
    def gone(cls, path: str) -> PartitionUnreadableError:
        """A bucket a settling task was given is not there: deleted while the run worked, or
        left half split by a worker that died (its parts are not told apart from a whole)."""
        return cls(f"a partition of {path} is gone before it was settled: run again")

    @classmethod
    def export_at(cls, path: str) -> PartitionUnreadableError:
        """Workers read the export too (the partition pass runs on them)."""
        return cls(
            f"a worker cannot read the export folder {path}: the export must be on storage "
            "every worker mounts at the same path (see README, Pre-screening)"
        )


class ResultFileError(PrescreenError):
    # As `CatalogChangedError`: one argument, so the error pickles back from a worker.
    def __init__(self, message: str) -> None:
        super().__init__(message)

    @classmethod
    def unwritable(cls, folder: str) -> ResultFileError:
        return cls(
            f"a worker cannot write its results in {folder}: the output folder must be "
            "writable, with free space, by every worker (see README, Pre-screening)"
        )

    @classmethod
    def missing(cls, folder: str) -> ResultFileError:
        return cls(
            f"a worker's results are not in {folder}: the output folder must be on storage "
            "every worker mounts at the same path (see README, Pre-screening)"
        )

    @classmethod
    def state_unseen(cls, folder: str) -> ResultFileError:
        return cls(
            f"a worker cannot read the run's state in {folder} to settle its shards: the output "
            "folder must be on storage every worker mounts at the same path (see README, "
            "Pre-screening)"
        )


class OutputBusyError(PrescreenError):
    pass


class OutputDirError(PrescreenError):
    """`--out` is not a folder the run can work in. The reason is the operating system's (or
    SQLite's) words for it: file names and error texts only, no content."""

    # As `ResultFileError`: one argument, so the error pickles back from a worker.
    def __init__(self, message: str) -> None:
        super().__init__(message)

    @classmethod
    def not_a_folder(cls, folder: str) -> OutputDirError:
        return cls(f"--out {folder} is a file, not a folder")

    @classmethod
    def not_made(cls, folder: str, why: str) -> OutputDirError:
        return cls(f"cannot make the output folder {folder}: {why}")

    @classmethod
    def unusable(cls, folder: str, name: str, why: str) -> OutputDirError:
        """The run's own files there (its lock, its state) cannot be opened."""
        return cls(
            f"cannot use {folder} as the output folder: {name}: {why} (a file of a run's "
            "state can be deleted: the next run then screens everyone)"
        )

    @classmethod
    def unwritable(cls, folder: str, name: str, why: str) -> OutputDirError:
        return cls(
            f"cannot write the run's outputs in {folder}: {name}: {why} (the output folder "
            "must be writable, with free space, by the command and every worker); the staff "
            "pages keep the previous run"
        )


def os_reason(error: BaseException) -> str:
    """What went wrong, in the system's words (`No space left on device`), never a path's or
    a file's content."""
    reason = getattr(error, "strerror", None)
    return reason if isinstance(reason, str) and reason else type(error).__name__


class WorkerLostError(PrescreenError):
    # What to do about workers that keep dying, on one machine or a cluster.
    _ADVICE = (
        "memory (ONCOMATCH_PRESCREEN_MAX_PATIENTS_IN_MEMORY lowers what each worker holds) and "
        "run again"
    )

    @classmethod
    def after(cls, deaths: int) -> WorkerLostError:
        return cls(
            f"worker processes stopped abruptly (killed, or out of memory) {deaths} times in a "
            f"row with no task finished in between; the run stopped. Check the machine's "
            f"{cls._ADVICE}"
        )

    @classmethod
    def on_cluster(cls) -> WorkerLostError:
        return cls(
            "the Dask workers running one of the run's tasks stopped abruptly (killed, or out "
            "of memory) as many times as the scheduler allows "
            "(distributed.scheduler.allowed-failures); the run stopped. Check the workers' "
            f"{cls._ADVICE}"
        )
