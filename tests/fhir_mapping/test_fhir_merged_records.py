"""PAT-MERGED-RECORD: two records of one person that the hospital merged are one chart.

The chart is the committed `rw_merged_second_line_on_old_record`: the surviving record holds a
first line, the retired one (merged into it) a progression and docetaxel. Read as one chart,
two lines; read apart, one line, and the patient would look eligible for a trial that allows
one. Each case changes how the merge is recorded, and a coordinator's reading of it decides
the count.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.merged_records import MergedRecords, merge_links

CHART = (
    Path(__file__).resolve().parents[2]
    / "test_bundles"
    / "realistic"
    / "rw_merged_second_line_on_old_record.json"
)
SURVIVOR = "rw-merged-second-line-on-old-record"
RETIRED = "rw-merged-second-line-old"
AS_OF = date(2026, 11, 25)


def _resources() -> list[dict[str, Any]]:
    bundle = json.loads(CHART.read_text("utf-8"))
    return [copy.deepcopy(entry["resource"]) for entry in bundle["entry"]]


def _patient(resources: list[dict[str, Any]], patient_id: str) -> dict[str, Any]:
    return next(r for r in resources if r["resourceType"] == "Patient" and r["id"] == patient_id)


def _lines(resources: list[dict[str, Any]], patient_id: str = SURVIVOR) -> int:
    mapping = build_facts(resources, patient_id=patient_id, as_of=AS_OF, cache=ValidationCache())
    return len(mapping.facts.lines)


def _warnings(resources: list[dict[str, Any]]) -> list[str]:
    mapping = build_facts(resources, patient_id=SURVIVOR, as_of=AS_OF, cache=ValidationCache())
    return [str(warning) for warning in mapping.warnings]


def _link(other: str, kind: str) -> dict[str, Any]:
    return {"other": {"reference": f"Patient/{other}"}, "type": kind}


def test_pat_merged_record_both_records_read_as_one_chart_count_the_retired_records_line() -> None:
    resources = _resources()
    assert _lines(resources) == 2
    assert not any("different patient" in w for w in _warnings(resources))


def test_pat_merged_record_the_link_on_the_retired_record_alone_merges_it() -> None:
    """A bulk export holds the retired Patient: its replaced-by says it all."""
    resources = _resources()
    del _patient(resources, SURVIVOR)["link"]
    assert _lines(resources) == 2


def test_pat_merged_record_the_survivors_replaces_alone_merges_a_record_without_a_patient() -> None:
    """The hook is sent the survivor's Patient only; the retired record's resources ride in
    the searches."""
    resources = [r for r in _resources() if r.get("id") != RETIRED]
    assert _lines(resources) == 2


def test_pat_merged_record_without_a_merge_link_the_other_records_data_are_someone_elses() -> None:
    resources = _resources()
    del _patient(resources, SURVIVOR)["link"]
    del _patient(resources, RETIRED)["link"]
    assert _lines(resources) == 1
    assert any("about a different patient" in w for w in _warnings(resources))


@pytest.mark.parametrize("kind", ["seealso", "refer"])
def test_pat_merged_record_records_linked_but_both_in_use_are_not_merged(kind: str) -> None:
    resources = _resources()
    _patient(resources, SURVIVOR)["link"] = [_link(RETIRED, kind)]
    del _patient(resources, RETIRED)["link"]
    assert _lines(resources) == 1


def test_pat_merged_record_a_record_merged_into_two_survivors_is_merged_into_neither() -> None:
    resources = _resources()
    del _patient(resources, SURVIVOR)["link"]
    _patient(resources, RETIRED)["link"].append(_link("someone-else", "replaced-by"))
    assert _lines(resources) == 1
    assert any("merge links that disagree" in w for w in _warnings(resources))


def test_pat_merged_record_a_chain_of_merges_ends_at_the_survivor() -> None:
    """The retired record was merged into a middle record, itself merged into ours."""
    resources = _resources()
    del _patient(resources, SURVIVOR)["link"]
    _patient(resources, RETIRED)["link"] = [_link("middle", "replaced-by")]
    middle = {"resourceType": "Patient", "id": "middle", "link": [_link(SURVIVOR, "replaced-by")]}
    assert _lines([*resources, middle]) == 2


def test_pat_merged_record_a_merged_records_resources_may_name_it_by_absolute_url() -> None:
    resources = _resources()
    for resource in resources:
        subject = resource.get("subject")
        if subject == {"reference": f"Patient/{RETIRED}"}:
            subject["reference"] = f"https://ehr.example.org/fhir/Patient/{RETIRED}/_history/3"
    assert _lines(resources) == 2


def test_pat_merged_record_the_retired_records_own_chart_is_unchanged() -> None:
    """Asked about the retired record (a chart opened on it), its own data are read."""
    resources = [r for r in _resources() if r.get("id") != SURVIVOR]
    facts = build_facts(resources, patient_id=RETIRED, as_of=AS_OF, cache=ValidationCache())
    assert len(facts.facts.lines) == 1  # docetaxel alone: the survivor's data are not its own


def test_pat_merged_record_merge_links_read_both_directions_and_nothing_else() -> None:
    patient = {
        "resourceType": "Patient",
        "id": "b",
        "link": [
            _link("a", "replaces"),
            _link("c", "replaced-by"),
            _link("d", "seealso"),
            {"other": {"reference": "RelatedPerson/e"}, "type": "replaced-by"},
            {"other": {"display": "no reference"}, "type": "replaced-by"},
            _link("b", "replaced-by"),
            "not a link",
        ],
    }
    assert merge_links(patient) == [("a", "b"), ("b", "c")]
    assert merge_links({"resourceType": "Patient", "link": [_link("x", "replaces")]}) == []
    # Malformed links state nothing (and never fail the chart).
    assert merge_links({"resourceType": "Patient", "id": "b", "link": "replaces a"}) == []
    assert merge_links({"resourceType": "Patient", "id": "b", "link": [{"other": 5}]}) == []
    assert merge_links({"resourceType": "Patient", "id": 7, "link": [_link("a", "replaces")]}) == []


def test_pat_merged_record_survivors_follow_chains_and_refuse_disagreeing_links() -> None:
    merges = MergedRecords()
    merges.add_links([("a", "b"), ("b", "c"), ("x", "y"), ("x", "z"), ("p", "q"), ("q", "p")])
    assert merges.survivors() == {"a": "c", "b": "c"}
    assert merges.ambiguous() == {"x", "p", "q"}
    # Only into a record the data hold: with c absent, a goes to b; with b and c absent, nowhere.
    assert merges.survivors(present={"b"}) == {"a": "b"}
    assert merges.survivors(present=set()) == {}
