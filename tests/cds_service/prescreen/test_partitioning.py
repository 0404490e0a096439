"""The partition plan bounds the patients held in memory at once by the setting, whatever the
export's size: partitions hold at most that many patients, too-full ones are split again, and a
patient's resources all land in one partition."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from cds_service.prescreen.export_reader import export_files
from cds_service.prescreen.partitioning import bucket_of, partition_export, read_partition
from cds_service.prescreen.run import run_prescreen
from cds_service.settings import Settings
from tests.cds_service.prescreen.conftest import fixed_clock


def synthetic_export(folder: Path, patients: int) -> Path:
    """`patients` patients, each a Patient and three Conditions spread over two files."""
    folder.mkdir(parents=True)
    with (
        (folder / "Patient.ndjson").open("w") as people,
        (folder / "Condition.ndjson").open("w") as conditions,
    ):
        for number in range(patients):
            people.write(json.dumps({"resourceType": "Patient", "id": f"p{number}"}) + "\n")
            for index in range(3):
                subject = {"reference": f"Patient/p{number}"}
                condition = {"resourceType": "Condition", "id": f"c{number}-{index}"}
                conditions.write(json.dumps({**condition, "subject": subject}) + "\n")
    return folder


@pytest.mark.parametrize("patients", [10, 200, 1000])
def test_no_partition_holds_more_patients_than_the_bound(tmp_path: Path, patients: int) -> None:
    export = synthetic_export(tmp_path / "export", patients)
    plan = partition_export(export_files(export), tmp_path / "work", max_patients=25, fanout=1)
    seen: dict[str, set[Path]] = defaultdict(set)
    for partition in plan.partitions:
        ids = {patient for patient, _ in read_partition(partition.path)}
        assert len(ids) == partition.patients <= 25
        for patient in ids:
            seen[patient].add(partition.path)
    assert len(seen) == plan.patients == patients
    # Every patient's four resources are in one partition, none lost.
    assert all(len(paths) == 1 for paths in seen.values())
    lines = sum(1 for p in plan.partitions for _ in read_partition(p.path))
    assert lines == plan.lines == 4 * patients
    assert (plan.splits > 0) == (patients > 25)


def test_the_hash_is_stable_and_spreads_patients() -> None:
    buckets = [bucket_of(f"p{n}".encode(), 8, 0) for n in range(800)]
    assert buckets == [bucket_of(f"p{n}".encode(), 8, 0) for n in range(800)]
    assert all(60 < buckets.count(bucket) < 140 for bucket in range(8))
    # Another seed places patients differently: a split partition really splits.
    assert buckets != [bucket_of(f"p{n}".encode(), 8, 1) for n in range(800)]


@pytest.mark.parametrize("patients", [30, 300])
def test_a_run_holds_at_most_the_setting_in_memory_whatever_the_export_size(
    tmp_path: Path, make_settings: Callable[..., Settings], patients: int
) -> None:
    export = synthetic_export(tmp_path / "export", patients)
    summary = run_prescreen(
        export,
        tmp_path / "out",
        settings=make_settings(prescreen_max_patients_in_memory=7),
        clock=fixed_clock,
    )
    assert summary.patients_read == summary.patients_screened == patients
    assert summary.max_patients_in_memory == 7
    assert 1 <= summary.peak_patients_in_memory <= 7
    assert summary.partitions >= patients / 7
