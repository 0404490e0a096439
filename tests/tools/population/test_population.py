"""The pre-screening population: deterministic, typical chart sizes, every resource its patient's,
valid FHIR, and charts the mapper places under the cancer they were drawn with."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson
import pytest
from fhir.resources.R4B import get_fhir_model_class

from fhir_mapping import build_facts
from tools.population.export import existing_population, write_export
from tools.population.patients import CANCERS, POPULATION_AS_OF, patient_id, population_chart

PATIENTS = 40


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def _resources(directory: Path) -> list[dict[str, object]]:
    return [
        orjson.loads(line)
        for path in sorted(directory.glob("*.ndjson"))
        for line in path.read_bytes().splitlines()
    ]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("export")
    write_export(directory, PATIENTS, seed=5)
    return directory


def test_same_seed_same_files_another_seed_other_files(export: Path, tmp_path: Path) -> None:
    again = write_export(tmp_path / "again", PATIENTS, seed=5)
    assert _files(tmp_path / "again") == _files(export)
    write_export(tmp_path / "other", PATIENTS, seed=6)
    assert (
        _files(tmp_path / "other")["Observation.000.ndjson"]
        != (_files(export)["Observation.000.ndjson"])
    )
    assert existing_population(export) == again
    assert again.resources == len(_resources(export))


def test_jobs_deal_out_the_same_resources(export: Path, tmp_path: Path) -> None:
    write_export(tmp_path / "two", PATIENTS, seed=5, jobs=2)
    assert (tmp_path / "two" / "Patient.001.ndjson").exists()
    key = orjson.dumps
    assert sorted(map(key, _resources(tmp_path / "two"))) == sorted(map(key, _resources(export)))


def test_the_manifest_lists_every_file_with_its_count(export: Path) -> None:
    manifest = orjson.loads((export / "manifest.json").read_bytes())
    listed = {output["url"]: output for output in manifest["output"]}
    assert set(listed) == {path.name for path in export.glob("*.ndjson")}
    for name, output in listed.items():
        lines = (export / name).read_bytes().splitlines()
        assert output["count"] == len(lines)
        assert {orjson.loads(line)["resourceType"] for line in lines} == {output["type"]}
    assert listed["Patient.000.ndjson"]["count"] == PATIENTS


def test_charts_are_typical_sized_and_every_resource_is_its_patients(export: Path) -> None:
    per_patient: Counter[str] = Counter()
    for resource in _resources(export):
        if resource["resourceType"] == "Patient":
            owner = str(resource["id"])
        else:
            subject = resource["subject"]
            assert isinstance(subject, dict)
            owner = str(subject["reference"]).removeprefix("Patient/")
        per_patient[owner] += 1
    assert set(per_patient) == {patient_id(n) for n in range(1, PATIENTS + 1)}
    assert all(150 <= count <= 450 for count in per_patient.values()), per_patient
    assert 250 <= sum(per_patient.values()) / PATIENTS <= 350


def test_a_sample_of_resources_is_valid_fhir(export: Path) -> None:
    resources = _resources(export)
    sample = resources[:: len(resources) // 300]
    kinds = Counter(str(r["resourceType"]) for r in sample)
    assert len(kinds) == 7
    for resource in sample:
        get_fhir_model_class(str(resource["resourceType"])).model_validate(resource)


def test_every_cancer_of_the_mix_is_drawn_and_placed_by_the_mapper() -> None:
    placed: dict[str, str | None] = {}
    number = 0
    while len(placed) < len(CANCERS) and number < 400:
        number += 1
        chart = population_chart(number, seed=5)
        primary = next(r for r in chart.resources if r["resourceType"] == "Condition")
        code = primary["code"]["coding"][0]["code"]
        if code not in placed:
            facts = build_facts(chart.resources, patient_id=chart.pid, as_of=POPULATION_AS_OF)
            placed[code] = facts.facts.diagnoses[0].cancer_type
    assert set(placed) == {cancer.icd10 for cancer in CANCERS}
    assert None not in placed.values()


def test_a_population_needs_a_patient() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        write_export(Path("unused"), 0)
