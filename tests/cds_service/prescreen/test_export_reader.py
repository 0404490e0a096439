"""Reading a bulk export: which files are data, the transaction time, and whose patient each
resource is, for every reference style an export may hold."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cds_service.prescreen.errors import ExportDirError
from cds_service.prescreen.export_reader import (
    Chunk,
    Owned,
    Shared,
    SkipReason,
    export_chunks,
    export_files,
    medication_ids,
    parse_resource,
    place,
    read_chunk,
    read_lines,
    transaction_time,
)


def test_data_files_are_the_ndjson_and_gzipped_ndjson_but_not_the_log(tmp_path: Path) -> None:
    for name in ("Patient.000.ndjson", "Condition.000.ndjson.gz", "log.ndjson", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    assert [path.name for path in export_files(tmp_path)] == [
        "Condition.000.ndjson.gz",
        "Patient.000.ndjson",
    ]


def test_gzipped_and_plain_lines_read_alike_blank_lines_dropped(tmp_path: Path) -> None:
    data = b'{"a": 1}\r\n\n{"b": 2}\n'
    (tmp_path / "x.ndjson").write_bytes(data)
    (tmp_path / "x.ndjson.gz").write_bytes(gzip.compress(data))
    expected = [b'{"a": 1}', b'{"b": 2}']
    assert list(read_lines(tmp_path / "x.ndjson")) == expected
    assert list(read_lines(tmp_path / "x.ndjson.gz")) == expected


def test_a_missing_folder_and_one_without_data_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportDirError, match="does not exist"):
        export_files(tmp_path / "absent")
    with pytest.raises(ExportDirError, match=r"no \.ndjson"):
        export_files(tmp_path)


def test_the_transaction_time_comes_from_the_real_exports_log(shared_reference: Path) -> None:
    export = shared_reference / "fhir-real" / "bulk-export-10-patients"
    assert transaction_time(export) == datetime(2024, 8, 6, 18, 12, 57, tzinfo=UTC)


def test_a_manifest_says_the_transaction_time_too(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"transactionTime": "2026-11-24T23:00:00Z"}')
    assert transaction_time(tmp_path) == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    (tmp_path / "manifest.json").write_text("not json")
    assert transaction_time(tmp_path) is None


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        ({"resourceType": "Patient", "id": "p1"}, Owned("p1", "Patient")),
        ({"resourceType": "Patient"}, SkipReason.NO_PATIENT_REFERENCE),
        (
            {"resourceType": "Condition", "subject": {"reference": "Patient/p1"}},
            Owned("p1", "Condition"),
        ),
        (
            {"resourceType": "Observation", "subject": {"reference": "Patient/p1/_history/3"}},
            Owned("p1", "Observation"),
        ),
        (
            {
                "resourceType": "Procedure",
                "subject": {"reference": "https://ehr.example/fhir/Patient/p1"},
            },
            Owned("p1", "Procedure"),
        ),
        (
            {"resourceType": "AllergyIntolerance", "patient": {"reference": "Patient/p2"}},
            Owned("p2", "AllergyIntolerance"),
        ),
        (
            {"resourceType": "Coverage", "beneficiary": {"reference": "Patient/p3"}},
            Owned("p3", "Coverage"),
        ),
        (
            {"resourceType": "Condition", "subject": {"reference": "urn:uuid:1234"}},
            SkipReason.UNKNOWN_REFERENCE_STYLE,
        ),
        (
            {"resourceType": "Condition", "subject": {"reference": "Group/g"}},
            SkipReason.UNKNOWN_REFERENCE_STYLE,
        ),
        (
            {"resourceType": "Condition", "subject": {"display": "Someone"}},
            SkipReason.UNKNOWN_REFERENCE_STYLE,
        ),
        (
            {"resourceType": "Condition", "subject": "Patient/p1"},
            SkipReason.UNKNOWN_REFERENCE_STYLE,
        ),
        ({"resourceType": "Condition"}, SkipReason.NO_PATIENT_REFERENCE),
        ({"resourceType": "Organization", "id": "o1"}, SkipReason.NO_PATIENT_REFERENCE),
        ({"resourceType": "Medication", "id": "m1"}, Shared("Medication", "m1")),
    ],
)
def test_whose_resource_it_is(resource: dict[str, Any], expected: object) -> None:
    placed = place(resource)
    # Placements are named tuples: equal fields alone would not tell an owned from a shared one.
    assert (type(placed), placed) == (type(expected), expected)


def test_a_patient_reference_is_read_the_same_however_often_it_is_met() -> None:
    """`place` memoises what a reference names; a patient's hundreds of lines and a stranger's
    reference between them are each placed as the first time."""
    mine = {"resourceType": "Observation", "subject": {"reference": "Patient/p1"}}
    other = {"resourceType": "Observation", "subject": {"reference": "Group/p1"}}
    for _ in range(3):
        assert place(mine) == Owned("p1", "Observation")
        assert place(other) is SkipReason.UNKNOWN_REFERENCE_STYLE


def test_referenced_medications_are_named_contained_ones_are_not() -> None:
    request = {
        "resourceType": "MedicationRequest",
        "medicationReference": {"reference": "Medication/m1"},
    }
    contained = {"resourceType": "MedicationRequest", "medicationReference": {"reference": "#m"}}
    assert list(medication_ids(request)) == ["m1"]
    assert list(medication_ids(contained)) == []


# Lines of several lengths, a blank one, a CRLF one, and a last line without its newline.
CHUNKED = b'{"a": 1}\n{"bb": 22}\r\n\n{"ccc": 333}\n{"d": 4}\n\n{"eeeee": 55555}'


@pytest.mark.parametrize("chunk_bytes", range(1, len(CHUNKED) + 2))
def test_chunks_of_any_size_read_every_line_once(tmp_path: Path, chunk_bytes: int) -> None:
    """Whatever falls on a boundary (a line's middle, its newline, the next line's start, a
    blank line), the chunks together read the file's lines once each, in order."""
    path = tmp_path / "x.ndjson"
    path.write_bytes(CHUNKED)
    chunks = export_chunks([path], chunk_bytes)
    assert len(chunks) == -(-len(CHUNKED) // chunk_bytes)
    assert [line for chunk in chunks for line in read_chunk(chunk)] == list(read_lines(path))


def test_a_chunk_starting_mid_line_leaves_that_line_to_the_previous_chunk(tmp_path: Path) -> None:
    path = tmp_path / "x.ndjson"
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": 3}\n')
    # The second line is bytes 9-17 (17 its newline), the third starts at 18.
    assert list(read_chunk(Chunk(path, 0, 12))) == [b'{"a": 1}', b'{"b": 2}']
    assert list(read_chunk(Chunk(path, 12, None))) == [b'{"c": 3}']
    assert list(read_chunk(Chunk(path, 9, 18))) == [b'{"b": 2}']
    assert list(read_chunk(Chunk(path, 17, 18))) == []
    assert list(read_chunk(Chunk(path, 18, None))) == [b'{"c": 3}']


def test_a_gzip_is_one_chunk_whatever_its_size(tmp_path: Path) -> None:
    path = tmp_path / "x.ndjson.gz"
    path.write_bytes(gzip.compress(CHUNKED))
    assert export_chunks([path], 1) == [Chunk(path)]
    assert list(read_chunk(Chunk(path))) == list(read_lines(tmp_path / "x.ndjson.gz"))


BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    "line",
    [BOM + b'{"resourceType": "Patient", "id": "p1"}', b'{"resourceType": "Patient", "id": "p1"}'],
    ids=["marked", "plain"],
)
def test_a_byte_order_mark_before_a_line_is_ignored(line: bytes) -> None:
    # RFC 8259 section 8.1: a parser may ignore it; a file's first line carries it.
    assert parse_resource(line) == {"resourceType": "Patient", "id": "p1"}


def test_a_byte_order_mark_alone_or_before_garbage_is_still_unreadable() -> None:
    assert parse_resource(BOM) is SkipReason.UNREADABLE_LINE
    assert parse_resource(BOM + b"{not json") is SkipReason.UNREADABLE_LINE
    assert parse_resource(BOM + BOM + b"{}") is SkipReason.UNREADABLE_LINE
