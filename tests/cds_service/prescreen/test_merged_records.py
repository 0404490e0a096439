"""PAT-MERGED-RECORD in a bulk export: a record the hospital merged into another is screened as
part of the survivor's chart, once, under the survivor's id, whichever Patient states the
merge; a merge the export cannot complete leaves the records as their data stand.

Made from the two committed merged charts: `rw_merged_first_line_on_old_record` (the first
line is on the retired record: eligible only when read together) and
`rw_merged_second_line_on_old_record` (the second line is on the retired record: not eligible
when read together, an unsafe "eligible" when read apart). The hook on the same resources is
the oracle, as for every other chart.
"""

from __future__ import annotations

import copy
import gzip
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from cds_service.prescreen.merges import find_merges
from cds_service.prescreen.partitioning import in_process
from cds_service.prescreen.run import run_prescreen
from cds_service.prescreen.summary import RunSummary
from cds_service.settings import Settings
from tests.cds_service.prescreen.bulk_export import as_bundle, bundle_resources, write_export
from tests.cds_service.prescreen.conftest import fixed_clock
from tests.cds_service.prescreen.test_prescreen_matches_hook import (
    hook_verdicts,
    worklist_verdicts,
)

SEED = "NCT07188584"
FIRST = "rw-merged-first-line-on-old-record"
SECOND = "rw-merged-second-line-on-old-record"
RETIRED = {FIRST: "rw-merged-first-line-old", SECOND: "rw-merged-second-line-old"}


def _chart(bundles: dict[str, dict[str, Any]], survivor: str) -> list[dict[str, Any]]:
    return [copy.deepcopy(r) for r in bundle_resources(bundles[survivor])]


def _patient(resources: list[dict[str, Any]], patient_id: str) -> dict[str, Any]:
    return next(r for r in resources if r["resourceType"] == "Patient" and r["id"] == patient_id)


def _link(other: str, kind: str) -> dict[str, Any]:
    return {"other": {"reference": f"Patient/{other}"}, "type": kind}


def _run(
    tmp_path: Path, settings: Settings, charts: dict[str, list[dict[str, Any]]]
) -> tuple[RunSummary, dict[str, dict[str, str]]]:
    export = write_export(
        tmp_path / "export", [as_bundle(pid, resources) for pid, resources in charts.items()]
    )
    out = tmp_path / "out"
    summary = run_prescreen(export, out, settings=settings, clock=fixed_clock)
    return summary, worklist_verdicts(out)


@pytest.mark.parametrize("stated_by", ["both records", "the retired record", "the survivor"])
def test_pat_merged_record_a_merged_record_is_screened_once_with_its_survivor(
    tmp_path: Path,
    bundles: dict[str, dict[str, Any]],
    make_settings: Callable[..., Settings],
    stated_by: str,
) -> None:
    charts = {survivor: _chart(bundles, survivor) for survivor in (FIRST, SECOND)}
    for survivor, resources in charts.items():
        if stated_by == "the retired record":
            del _patient(resources, survivor)["link"]
        elif stated_by == "the survivor":
            # The retired Patient is not exported at all: its resources still are.
            resources.remove(_patient(resources, RETIRED[survivor]))
    settings = make_settings()
    summary, got = _run(tmp_path, settings, charts)

    # The oracle: the hook on each committed chart, whose survivor states the merge.
    expected = hook_verdicts(settings, [bundles[s] for s in (FIRST, SECOND)])
    assert got.get(FIRST, {}) == expected[FIRST]
    assert got.get(SECOND, {}) == expected[SECOND]
    assert expected[FIRST][SEED] == "eligible"  # the first line is on the retired record
    assert SEED not in expected[SECOND]  # two lines: on no worklist of the seed trial
    assert not set(got) & set(RETIRED.values())  # no retired record is a patient of its own
    assert summary.patients_read == 2
    assert summary.patients_screened == 2
    assert summary.records_merged == 2
    assert summary.patients_skipped == {}


def test_pat_merged_record_a_merge_into_a_record_outside_the_export_leaves_both_standing(
    tmp_path: Path, bundles: dict[str, dict[str, Any]], make_settings: Callable[..., Settings]
) -> None:
    """The survivor was itself merged into a record outside the export: the chain ends there,
    so the export's routing sends both records to it, and the partition undoes that: the
    survivor stands, with the record merged into it."""
    resources = _chart(bundles, SECOND)
    _patient(resources, SECOND)["link"].append(_link("outside-the-export", "replaced-by"))
    # And a retired record alone, merged into a record the export does not hold either.
    alone = [
        r
        for r in _chart(bundles, FIRST)
        if r.get("subject", {}).get("reference") != f"Patient/{FIRST}"
    ]
    alone = [r for r in alone if r.get("id") != FIRST]
    settings = make_settings()
    summary, got = _run(tmp_path, settings, {SECOND: resources, RETIRED[FIRST]: alone})

    expected = hook_verdicts(
        settings, [as_bundle(SECOND, resources), as_bundle(RETIRED[FIRST], alone)]
    )
    assert SEED not in got.get(SECOND, {})  # the retired record's second line still counts
    assert got.get(SECOND, {}) == expected[SECOND]
    assert got.get(RETIRED[FIRST], {}) == expected[RETIRED[FIRST]]
    assert got.get(RETIRED[FIRST])  # screened on its own data, not dropped
    assert RETIRED[SECOND] not in got
    assert summary.patients_skipped == {}
    assert summary.patients_screened == 2


def test_pat_merged_record_two_records_merged_into_one_outside_the_export_are_two_patients(
    tmp_path: Path, bundles: dict[str, dict[str, Any]], make_settings: Callable[..., Settings]
) -> None:
    """Both survivors say they were merged into a record the export does not hold: routed to
    it together, they stand apart again, each with its own retired record, and count as two
    patients read."""
    first, second = _chart(bundles, FIRST), _chart(bundles, SECOND)
    for resources, survivor in ((first, FIRST), (second, SECOND)):
        _patient(resources, survivor)["link"].append(_link("outside-the-export", "replaced-by"))
    settings = make_settings()
    summary, got = _run(tmp_path, settings, {FIRST: first, SECOND: second})

    expected = hook_verdicts(settings, [as_bundle(FIRST, first), as_bundle(SECOND, second)])
    assert got == {pid: verdicts for pid, verdicts in expected.items() if verdicts}
    assert (summary.patients_read, summary.patients_screened) == (2, 2)
    assert summary.patients_skipped == {}


def test_pat_merged_record_records_whose_merge_links_disagree_are_screened_apart(
    tmp_path: Path, bundles: dict[str, dict[str, Any]], make_settings: Callable[..., Settings]
) -> None:
    resources = _chart(bundles, SECOND)
    del _patient(resources, SECOND)["link"]
    _patient(resources, RETIRED[SECOND])["link"].append(_link("someone-else", "replaced-by"))
    settings = make_settings()
    summary, got = _run(tmp_path, settings, {SECOND: resources})

    own = [r for r in resources if r.get("subject", {}).get("reference") != f"Patient/{SECOND}"]
    retired = [r for r in own if r.get("id") != SECOND]
    expected = hook_verdicts(
        settings, [as_bundle(SECOND, resources), as_bundle(RETIRED[SECOND], retired)]
    )
    assert got.get(SECOND, {}) == expected[SECOND]
    assert got.get(RETIRED[SECOND], {}) == expected[RETIRED[SECOND]]
    assert summary.records_merged == 0
    assert summary.records_merged_into_none == 1
    assert summary.patients_read == 2


def test_pat_merged_record_merges_are_read_from_the_files_whose_resources_are_patients(
    tmp_path: Path,
) -> None:
    """Gzipped or not, after an unreadable first line; a line of another type that mentions
    "link" is not a Patient's, and a file of another type is not read for links at all."""
    patients = [
        b"not json",
        orjson.dumps({"resourceType": "Patient", "id": "a", "link": [_link("b", "replaced-by")]}),
        orjson.dumps({"resourceType": "Patient", "id": "b"}),
    ]
    (tmp_path / "Patient.000.ndjson.gz").write_bytes(gzip.compress(b"\n".join(patients)))
    (tmp_path / "Patient.001.ndjson").write_bytes(
        orjson.dumps({"resourceType": "Patient", "id": "d", "link": [_link("c", "replaces")]})
    )
    odd = {"resourceType": "Patient", "id": "x", "link": [_link("y", "replaced-by")]}
    condition = {"resourceType": "Condition", "id": "c1", "note": [{"text": '"link"'}]}
    (tmp_path / "Condition.000.ndjson").write_bytes(
        orjson.dumps(condition) + b"\n" + orjson.dumps(odd)
    )
    files = sorted(tmp_path.iterdir())
    merges = find_merges(files, in_process, chunk_bytes=1 << 20)
    assert merges.survivors == {"a": "b", "c": "d"}
    assert merges.ambiguous == 0
