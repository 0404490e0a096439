"""What an export gets wrong is counted by kind and never stops the run, and no message says
anything of a patient: a garbage line, a resource without a patient, a reference no export
can resolve, a patient without a Patient resource, a damaged gzip."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cds_service.prescreen.engines import LocalEngine
from cds_service.prescreen.run import run_prescreen
from cds_service.settings import Settings
from tests.cds_service.prescreen.bulk_export import write_export
from tests.cds_service.prescreen.conftest import fixed_clock
from tests.cds_service.prescreen.test_export_reader import BOM

# Values that must appear in no log line or message: they name or describe a patient.
SECRET_PATIENT = "orphan-patient-7f3a"
SECRET_VALUE = "Sensitive Diagnosis Text 42"


def resource(resource_type: str, **fields: Any) -> bytes:
    return json.dumps({"resourceType": resource_type, **fields}).encode()


def condition(ident: str, subject: dict[str, Any] | None, **fields: Any) -> bytes:
    extra: dict[str, Any] = {"subject": subject} if subject is not None else {}
    return resource("Condition", id=ident, code={"text": SECRET_VALUE}, **extra, **fields)


BAD_LINES = {
    "Condition.900.ndjson": [
        b"{not json at all " + SECRET_VALUE.encode(),  # unreadable line
        b'["a JSON array, not a resource"]',  # not a resource
        condition("no-subject", None),  # no patient reference
        condition("urn", {"reference": "urn:uuid:5b2c-" + SECRET_PATIENT}),  # unknown style
        condition("group", {"reference": "Group/ward-3"}),  # unknown style: not a Patient
        condition("identifier-only", {"identifier": {"value": SECRET_PATIENT}}),  # unknown style
        condition("orphan", {"reference": f"Patient/{SECRET_PATIENT}"}),  # no Patient resource
        condition("absolute", {"reference": "https://ehr.example.org/fhir/Patient/npc-no-ecog"}),
    ],
    # A type the chart is not made of: not partitioned, but its patients are still read.
    "Encounter.900.ndjson": [
        resource("Encounter", id="e1", subject={"reference": "Patient/npc-eligible"}),
        resource("Encounter", id="e2", subject={"reference": "Patient/npc-eligible"}),
        # Nothing else of this patient in the export: no Patient resource.
        resource("Encounter", id="e3", subject={"reference": f"Patient/{SECRET_PATIENT}-enc"}),
    ],
}


@pytest.fixture
def messy_export(tmp_path: Path, bundles: dict[str, dict[str, Any]]) -> Path:
    export = write_export(
        tmp_path / "export",
        [bundles["npc-eligible"], bundles["npc-no-ecog"]],
        extra_lines=BAD_LINES,
    )
    # A gzip cut short (its one compressed block lost): the file is counted unreadable.
    whole = gzip.compress(b"\n".join([resource("Patient", id="cut-1")] * 200))
    (export / "Patient.901.ndjson.gz").write_bytes(whole[: len(whole) // 2])
    return export


def test_bad_input_is_counted_by_kind_and_the_run_goes_on(
    messy_export: Path,
    tmp_path: Path,
    make_settings: Callable[..., Settings],
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    summary = run_prescreen(
        messy_export,
        tmp_path / "out",
        settings=make_settings(),
        clock=fixed_clock,
        engine=LocalEngine(1),
        trials=["NCT07188584"],
    )
    assert summary.resources_skipped == {
        "no_patient_reference": 1,
        "not_a_resource": 1,
        "unknown_reference_style": 3,
        "unreadable_file": 1,
        "unreadable_line": 1,
    }
    assert summary.patients_skipped == {"no_patient_resource": 2}
    # The good patients are screened as always; the absolute reference found its patient.
    assert summary.trials[0].eligible == 1
    assert summary.trials[0].possibly_eligible == 1
    # The two charts, the orphan, and the patient with an Encounter alone.
    assert summary.patients_read == 2 + 2
    written = (tmp_path / "out" / "summary.json").read_text()
    out, err = capfd.readouterr()
    for text in (written, caplog.text, out, err):
        assert SECRET_PATIENT not in text
        assert SECRET_VALUE not in text
        assert "npc-" not in text  # not even the ids of patients screened fine


def test_files_that_begin_with_a_byte_order_mark_lose_no_patient(
    tmp_path: Path, bundles: dict[str, dict[str, Any]], make_settings: Callable[..., Settings]
) -> None:
    """Exports written or re-saved by Windows tools may begin each file with a UTF-8 byte order
    mark. RFC 8259 lets a parser ignore it; read as part of the first line, it made that line
    unreadable, and the first Patient of Patient.000.ndjson cost its patient the worklists."""
    chosen = [bundles[name] for name in ("npc-eligible", "npc-no-ecog", "npc-age-71")]
    plain = write_export(tmp_path / "plain", chosen)
    marked = write_export(tmp_path / "marked", chosen)
    for path in marked.iterdir():
        if path.name.endswith(".ndjson"):
            path.write_bytes(BOM + path.read_bytes())
        elif path.name.endswith(".ndjson.gz"):
            path.write_bytes(gzip.compress(BOM + gzip.decompress(path.read_bytes())))

    def run(export: Path) -> Any:
        return run_prescreen(
            export,
            tmp_path / f"out-{export.name}",
            settings=make_settings(),
            clock=fixed_clock,
            engine=LocalEngine(1),
            trials=["NCT07188584"],
        )

    expected, found = run(plain), run(marked)
    assert found.resources_skipped == {}
    assert found.patients_skipped == {}
    assert (found.patients_read, found.resources_read) == (3, expected.resources_read)
    assert found.trials == expected.trials
    assert (found.trials[0].eligible, found.trials[0].possibly_eligible) == (1, 1)
