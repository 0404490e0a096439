"""The partition plan bounds the patients held in memory at once by the setting, whatever the
export's size: partitions hold at most that many patients, too-full ones are split again, and a
patient's resources all land in one partition."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from cds_service.prescreen import partitioning
from cds_service.prescreen.engines import DaskEngine, Engine, LocalEngine
from cds_service.prescreen.errors import PartitionUnreadableError
from cds_service.prescreen.export_reader import export_chunks, export_files, read_lines
from cds_service.prescreen.partitioning import (
    CHUNK_BYTES,
    PartitionPlan,
    bucket_of,
    partition_export,
    read_partition,
)
from cds_service.prescreen.run import run_prescreen
from cds_service.prescreen.worker_catalog import fresh_catalog
from cds_service.service import open_database
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


@pytest.mark.parametrize("chunk_bytes", [CHUNK_BYTES, 1000])
@pytest.mark.parametrize("patients", [10, 200, 1000])
def test_no_partition_holds_more_patients_than_the_bound(
    tmp_path: Path, patients: int, chunk_bytes: int
) -> None:
    """Also when each bucket is the shards of many routing tasks (1,000-byte chunks)."""
    export = synthetic_export(tmp_path / "export", patients)
    plan = partition_export(
        export_files(export), tmp_path / "work", max_patients=25, fanout=1, chunk_bytes=chunk_bytes
    )
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


def medication(number: int, file: str) -> bytes:
    return json.dumps({"resourceType": "Medication", "id": f"m{number}", "note": file}).encode()


def mixed_export(folder: Path, patients: int) -> Path:
    """`synthetic_export` plus, in every file, lines that cannot be placed, and Medications
    exported in several files (the export's last line of each is the one kept)."""
    synthetic_export(folder, patients)
    for name in ("Patient.ndjson", "Condition.ndjson", "Medication.ndjson"):
        with (folder / name).open("ab") as out:
            for number in range(5 if name != "Medication.ndjson" else 3):
                if name != "Medication.ndjson":
                    out.write(b"{not json\n")
                    condition = {"resourceType": "Condition", "id": f"x{number}"}
                    out.write(json.dumps(condition).encode() + b"\n")
                out.write(medication(number, name) + b"\n")
    return folder


def medications(plan: PartitionPlan) -> dict[str, bytes]:
    with closing(sqlite3.connect(plan.medications)) as connection:
        return {str(k): bytes(v) for k, v in connection.execute("SELECT id, body FROM medication")}


def contents(plan: PartitionPlan) -> dict[str, list[tuple[str, bytes]]]:
    return {p.path.name: list(read_partition(p.path)) for p in plan.partitions}


@pytest.mark.parametrize(
    ("chunk_bytes", "remembered"),
    [(1, 3), (333, 3), (5000, 3), (CHUNK_BYTES, 3), (CHUNK_BYTES, 50_000)],
)
def test_a_bucket_holds_its_patients_lines_in_export_order_whatever_the_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_bytes: int, remembered: int
) -> None:
    """The shards of a bucket read as the one partition a single pass over the export made:
    the lines of exactly the patients hashing to it, in export order; skips counted once in
    all, whichever task met them; a Medication's last line kept. (Also when a task forgets
    the buckets it remembered, after `remembered` patients.)"""
    monkeypatch.setattr(partitioning, "_KNOWN_PATIENTS", remembered)
    export = mixed_export(tmp_path / "export", 60)
    files = export_files(export)
    plan = partition_export(
        files, tmp_path / "work", max_patients=1000, fanout=4, chunk_bytes=chunk_bytes
    )
    expected: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for path in files:
        for line in read_lines(path):
            resource = json.loads(line) if line.startswith(b'{"') else {}
            if resource.get("resourceType") == "Patient":
                patient = resource["id"]
            elif "subject" in resource:
                patient = resource["subject"]["reference"].removeprefix("Patient/")
            else:
                continue
            expected[f"part-{bucket_of(patient.encode(), 4, 0):04d}"].append((patient, line))
    assert contents(plan) == expected
    assert plan.patients == 60
    assert plan.lines == 4 * 60 + 2 * 15 + 3
    assert dict(plan.skipped) == {"unreadable_line": 10, "no_patient_reference": 10}
    # Patient.ndjson is the export's last file: its Medication lines are the last ones.
    assert medications(plan) == {f"m{n}": medication(n, "Patient.ndjson") for n in range(5)}


@pytest.mark.parametrize("chunk_bytes", [CHUNK_BYTES, 700])
def test_resources_of_other_types_than_the_charts_leave_only_a_mark_of_their_patient(
    tmp_path: Path, chunk_bytes: int
) -> None:
    """Encounters and Claims (most of a real export) are read by no one: the partitions hold
    the chart's resources as exported and, per routing task, one `PRESENT` line for a patient
    who has others, so a patient with nothing else is still read."""
    export = synthetic_export(tmp_path / "export", 20)
    with (export / "Encounter.ndjson").open("w") as encounters:
        for number in [*range(20), *range(20)]:  # two each
            subject = {"reference": f"Patient/p{number}"}
            encounters.write(json.dumps({"resourceType": "Encounter", "subject": subject}) + "\n")
        subject = {"reference": "Patient/encounters-only"}
        encounters.write(json.dumps({"resourceType": "Encounter", "subject": subject}) + "\n")
    (export / "Claim.ndjson").write_text(
        json.dumps({"resourceType": "Claim", "patient": {"reference": "Patient/p3"}}) + "\n"
    )
    files = export_files(export)
    plan = partition_export(
        files, tmp_path / "work", max_patients=1000, fanout=3, chunk_bytes=chunk_bytes
    )
    lines = [line for partition in plan.partitions for line in read_partition(partition.path)]
    bodies = [json.loads(body) for _, body in lines if body != partitioning.PRESENT]
    assert {body["resourceType"] for body in bodies} == {"Patient", "Condition"}
    assert len(bodies) == 4 * 20
    marks = Counter(patient for patient, body in lines if body == partitioning.PRESENT)
    # One mark per patient per routing task that met their other resources.
    tasks = Counter(chunk.path for chunk in export_chunks(files, chunk_bytes))
    assert set(marks) == {f"p{n}" for n in range(20)} | {"encounters-only"}
    assert all(1 <= count <= tasks[export / "Encounter.ndjson"] + 1 for count in marks.values())
    assert plan.patients == 21
    assert plan.lines == 4 * 20 + 41 + 1  # every line is read and counted all the same


@pytest.mark.slow
@pytest.mark.parametrize("engine", [LocalEngine(2), DaskEngine(workers=2)], ids=["local", "dask"])
def test_the_engines_run_the_partition_pass_to_the_same_plan(
    tmp_path: Path, make_settings: Callable[..., Settings], engine: Engine
) -> None:
    export = mixed_export(tmp_path / "export", 200)
    files = export_files(export)
    settings = make_settings()
    open_database(settings).dispose()
    inline = partition_export(
        files, tmp_path / "inline", max_patients=30, fanout=3, chunk_bytes=2000
    )
    with engine.start(settings, fresh_catalog(settings).fingerprint) as runner:
        spread = partition_export(
            files, tmp_path / "spread", max_patients=30, fanout=3, chunk_bytes=2000, run=runner.run
        )
    assert inline.splits > 0
    assert contents(spread) == contents(inline)
    assert medications(spread) == medications(inline)
    assert (spread.lines, spread.skipped, spread.splits) == (
        inline.lines,
        inline.skipped,
        inline.splits,
    )


def test_a_bucket_gone_before_it_is_settled_stops_the_run_with_a_message(tmp_path: Path) -> None:
    """A settling task run again after its worker died midway through splitting the bucket (or
    a bucket deleted under the run) finds no bucket: a one-line error, not a traceback."""
    with pytest.raises(PartitionUnreadableError, match="is gone before it was settled"):
        partitioning.settle_bucket(partitioning.SettleTask(tmp_path / "part-0003", 10))
