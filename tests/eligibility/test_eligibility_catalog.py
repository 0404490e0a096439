"""The catalog: loading and its errors, the cancer-type index, filters, merging, the holder."""

from __future__ import annotations

import json
import shutil
import threading
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from eligibility_factories import cancer_type, seed_patient, trial

from eligibility.catalog import Catalog, find_catalog_problems, load_curated_catalog
from eligibility.errors import CatalogError, CatalogFileError
from eligibility.facts import CancerDiagnosis
from eligibility.holder import CatalogHolder
from eligibility.matching import Matcher, TrialMatch
from eligibility.results import Verdict
from eligibility.trial import TrialStatus

SEED_FILE = "NCT07188584.json"


def seed_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("trials").joinpath(SEED_FILE).read_text("utf-8")
    )
    return data


def write(directory: Path, name: str, data: dict[str, Any] | str) -> Path:
    path = directory / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


# --- loading -------------------------------------------------------------------------------------


def test_shipped_catalog_loads() -> None:
    catalog = load_curated_catalog()
    assert len(catalog) >= 1
    assert "NCT07188584" in catalog
    assert catalog.get("NCT00000000") is None


def test_directory_catalog_ignores_other_files(tmp_path: Path) -> None:
    write(tmp_path, SEED_FILE, seed_json())
    write(tmp_path, "README.json", "not a trial")
    (tmp_path / "notes.txt").write_text("x")
    assert [t.nct_id for t in load_curated_catalog(tmp_path)] == ["NCT07188584"]


def broken(mutate: Any) -> dict[str, Any]:
    data = seed_json()
    mutate(data)
    return data


def set_criterion(index: int, **fields: Any) -> Any:
    def mutate(data: dict[str, Any]) -> None:
        data["criteria"][index].update(fields)

    return mutate


@pytest.mark.parametrize(
    ("content", "field", "problem"),
    [
        (
            broken(set_criterion(4, max_years="seventy")),
            "criteria.4.age.max_years",
            "valid integer",
        ),
        (
            broken(set_criterion(0, type="tumour_type")),
            "criteria.0",
            "'tumour_type' found using 'type' does not match",
        ),
        (
            broken(set_criterion(0, allowed=["nasopharynx"])),
            "criteria.0.cancer_type.allowed",
            "unknown cancer-type node 'nasopharynx'",
        ),
        (broken(lambda d: d.update(overall_status="OPEN")), "overall_status", "Input should be"),
        (broken(lambda d: d.pop("data_as_of")), "data_as_of", "Field required"),
        (
            broken(set_criterion(11, max_ms_male=-1)),
            "criteria.11.qtc.max_ms_male",
            "greater than 0",
        ),
        (
            broken(lambda d: d["criteria"][1].update(id="cancer-type")),
            "(file)",
            "criterion id 'cancer-type' is used twice",
        ),
        ("{ not json", "(file)", "Invalid JSON"),
    ],
)
def test_bad_file_names_the_file_and_field(
    tmp_path: Path, content: dict[str, Any] | str, field: str, problem: str
) -> None:
    write(tmp_path, SEED_FILE, content)
    with pytest.raises(CatalogFileError) as raised:
        load_curated_catalog(tmp_path)
    error = raised.value
    assert error.path.endswith(SEED_FILE)
    assert error.field == field
    assert problem in error.problem
    assert str(error).startswith(f"{tmp_path / SEED_FILE}: {field}: ")


def test_file_name_must_equal_nct_id(tmp_path: Path) -> None:
    write(tmp_path, "NCT00000099.json", seed_json())
    with pytest.raises(CatalogFileError, match=r"NCT00000099\.json: nct_id: 'NCT07188584' does"):
        load_curated_catalog(tmp_path)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="catalog directory not found"):
        load_curated_catalog(tmp_path / "nowhere")


def test_trials_built_in_code_are_checked_against_the_taxonomy() -> None:
    bad = trial("NCT00000001", [cancer_type("nasopharynx")])  # no context: shape only
    with pytest.raises(CatalogError, match="NCT00000001: unknown cancer-type node 'nasopharynx'"):
        Catalog([bad])


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(CatalogError, match="in the catalog twice"):
        Catalog([trial("NCT00000001", []), trial("NCT00000001", [])])


def test_data_as_of_is_the_latest() -> None:
    catalog = Catalog(
        [
            trial("NCT00000001", [], data_as_of="2026-01-01"),
            trial("NCT00000002", [], data_as_of="2026-03-01"),
        ]
    )
    assert str(catalog.data_as_of) == "2026-03-01"
    assert Catalog([]).data_as_of is None


# --- the index -----------------------------------------------------------------------------------

NPC_ONLY = trial("NCT00000001", [cancer_type("nasopharyngeal_carcinoma")])
BREAST_ONLY = trial("NCT00000002", [cancer_type("breast_cancer")])
BASKET = trial("NCT00000003", [cancer_type("solid_tumor")])
ANY_CANCER = trial("NCT00000004", [{"type": "age", "id": "age", "label": "Adult", "min_years": 18}])
HEAD_NECK_IN_ALL_OF = trial(
    "NCT00000005",
    [
        {
            "type": "all_of",
            "id": "dz",
            "label": "Disease",
            "criteria": [
                cancer_type("head_and_neck_cancer"),
                {"type": "metastatic", "id": "met", "label": "Metastatic"},
            ],
        }
    ],
)
NOT_BREAST = trial("NCT00000006", [cancer_type(excluded=("breast_cancer",))])
INDEX_CATALOG = Catalog(
    [NPC_ONLY, BREAST_ONLY, BASKET, ANY_CANCER, HEAD_NECK_IN_ALL_OF, NOT_BREAST]
)


def patient_with(node: str | None) -> Any:
    return seed_patient(diagnoses=(CancerDiagnosis(cancer_type=node, text="cancer"),))


@pytest.mark.parametrize(
    ("node", "reached"),
    [
        (
            "nasopharyngeal_carcinoma",
            {"NCT00000001", "NCT00000003", "NCT00000004", "NCT00000005", "NCT00000006"},
        ),
        ("breast_cancer", {"NCT00000002", "NCT00000003", "NCT00000004", "NCT00000006"}),
        ("acute_myeloid_leukemia", {"NCT00000004", "NCT00000006"}),
        # DX-PLACE: a cancer that could be any reaches every trial it could belong to.
        (None, {f"NCT0000000{n}" for n in range(1, 7)}),
    ],
)
def test_index_candidates(node: str | None, reached: set[str]) -> None:
    candidates = {c.trial.nct_id for c in INDEX_CATALOG.candidates(patient_with(node))}
    assert candidates == reached


def test_dx_place_unplaced_head_and_neck_reaches_trials_above_and_below_its_node() -> None:
    """DX-PLACE: C76.0 (head and neck, site unspecified) reaches the NPC, head and neck and
    solid-tumour trials, not the breast one."""
    patient = seed_patient(
        diagnoses=(CancerDiagnosis(cancer_type=None, within="head_and_neck_cancer"),)
    )
    candidates = {c.trial.nct_id for c in INDEX_CATALOG.candidates(patient)}
    assert candidates == {"NCT00000001", "NCT00000003", "NCT00000004", "NCT00000005", "NCT00000006"}


def test_dx_place_no_diagnosis_reaches_only_open_trials() -> None:
    """DX-PLACE: no cancer recorded at all is not an unplaced cancer."""
    candidates = {c.trial.nct_id for c in INDEX_CATALOG.candidates(seed_patient(diagnoses=()))}
    assert candidates == {"NCT00000004", "NCT00000006"}


def test_unplaced_patient_gets_unknown_not_not_met_when_evaluated_directly() -> None:
    match = Matcher(INDEX_CATALOG).evaluate(NPC_ONLY, patient_with(None))
    assert match.verdict is Verdict.POSSIBLY_ELIGIBLE


# --- matching ------------------------------------------------------------------------------------


def test_match_order_and_minimum_verdict() -> None:
    needs_ecog = {"type": "performance_status", "id": "ps", "label": "ECOG 0–1", "ecog_max": 1}
    needs_anc = {
        "type": "lab",
        "id": "anc",
        "label": "ANC ≥ 1.5",
        "analyte": "anc",
        "comparator": ">=",
        "value": 1.5,
    }
    needs_plt = {
        "type": "lab",
        "id": "plt",
        "label": "Platelets ≥ 100",
        "analyte": "platelets",
        "comparator": ">=",
        "value": 100,
    }
    too_old = {"type": "age", "id": "age", "label": "Age ≥ 80", "min_years": 80}
    catalog = Catalog(
        [
            trial("NCT00000010", [needs_anc, needs_plt]),  # two unknowns
            trial("NCT00000011", [needs_anc]),  # one unknown
            trial("NCT00000012", [needs_ecog]),  # eligible
            trial("NCT00000013", [needs_ecog, too_old]),  # not eligible
            trial("NCT00000009", [needs_anc]),  # one unknown, lower id
        ]
    )
    matcher = Matcher(catalog)
    facts = seed_patient()
    assert [m.trial.nct_id for m in matcher.match(facts)] == [
        "NCT00000012",
        "NCT00000009",
        "NCT00000011",
        "NCT00000010",
    ]
    assert [m.trial.nct_id for m in matcher.match(facts, minimum_verdict=Verdict.ELIGIBLE)] == [
        "NCT00000012"
    ]
    everything = matcher.match(facts, minimum_verdict=Verdict.NOT_ELIGIBLE)
    assert everything[-1].trial.nct_id == "NCT00000013"
    assert everything[-1].verdict is Verdict.NOT_ELIGIBLE
    assert len(everything[-1].results) == 2  # the full checklist, not cut short


def test_evaluate_a_trial_outside_the_catalog() -> None:
    outsider = trial("NCT00000099", [cancer_type("nasopharyngeal_carcinoma")])
    match = Matcher(Catalog([])).evaluate(outsider, seed_patient())
    assert match.verdict is Verdict.ELIGIBLE


# --- filters -------------------------------------------------------------------------------------


def located(nct_id: str, status: str, *sites: tuple[str, str | None]) -> Any:
    return trial(
        nct_id,
        [],
        overall_status=status,
        locations=[{"country": country, "status": site} for country, site in sites],
    )


FILTER_CATALOG = Catalog(
    [
        located("NCT00000021", "RECRUITING", ("China", "RECRUITING")),
        located("NCT00000022", "NOT_YET_RECRUITING", ("United States", None)),
        located("NCT00000023", "COMPLETED", ("China", None)),
        located("NCT00000024", "RECRUITING", ("China", "COMPLETED"), ("France", "RECRUITING")),
        located("NCT00000025", "ACTIVE_NOT_RECRUITING", ("France", None)),
        located("NCT00000026", "RECRUITING"),
    ]
)


@pytest.mark.parametrize(
    ("statuses", "countries", "kept"),
    [
        (None, None, {"21", "22", "24", "26"}),
        ({TrialStatus.RECRUITING}, None, {"21", "24", "26"}),
        ({TrialStatus.ACTIVE_NOT_RECRUITING, TrialStatus.COMPLETED}, None, {"23", "25"}),
        (None, ["china"], {"21"}),  # the Chinese site of 24 is closed
        (None, ["France", "United States"], {"22", "24"}),
    ],
)
def test_status_and_country_filters(
    statuses: set[TrialStatus] | None, countries: list[str] | None, kept: set[str]
) -> None:
    matcher = (
        Matcher(FILTER_CATALOG, countries=countries)
        if statuses is None
        else Matcher(FILTER_CATALOG, statuses=statuses, countries=countries)
    )
    assert {t.nct_id[-2:] for t in matcher.selected} == kept
    assert {m.trial.nct_id[-2:] for m in matcher.match(seed_patient())} == kept
    assert len(matcher.catalog) == 6  # evaluate() still sees closed trials


# --- merging -------------------------------------------------------------------------------------


def test_curated_wins_over_imported() -> None:
    curated = Catalog([trial("NCT00000031", [], title="Curated")])
    merged = curated.merged_with(
        [
            trial("NCT00000031", [], title="Imported", source={"kind": "imported"}),
            trial("NCT00000032", [], title="Imported first", source={"kind": "imported"}),
            trial("NCT00000032", [], title="Imported again", source={"kind": "imported"}),
        ]
    )
    assert len(merged) == 2
    first, second = merged.get("NCT00000031"), merged.get("NCT00000032")
    assert first is not None
    assert second is not None
    assert first.title == "Curated"
    assert second.title == "Imported again"
    assert len(curated) == 1  # immutable


def test_overrides_replace_by_id_and_reuse_the_rest() -> None:
    files = Catalog([trial("NCT00000031", [], title="File"), trial("NCT00000033", [])])
    kept = files.compiled("NCT00000033")
    overridden = files.with_overrides(
        [
            trial("NCT00000031", [], title="Published"),
            trial("NCT00000034", [], title="Published, no file"),
        ]
    )
    assert [t.title for t in overridden] == [
        "Published",
        "Test trial NCT00000033",
        "Published, no file",
    ]
    assert overridden.compiled("NCT00000033") is kept  # not compiled again
    assert files.get("NCT00000031").title == "File"  # type: ignore[union-attr]  # immutable
    assert files.with_overrides([]) is files
    # An override still loses nothing to a merge of imports under it.
    merged = overridden.merged_with([trial("NCT00000031", [], source={"kind": "imported"})])
    assert merged.get("NCT00000031").title == "Published"  # type: ignore[union-attr]


# --- the holder ----------------------------------------------------------------------------------


def test_holder_swaps_catalog_and_matcher(tmp_path: Path) -> None:
    shutil.copy(Path(str(resources.files("trials").joinpath(SEED_FILE))), tmp_path / SEED_FILE)
    holder = CatalogHolder(load_curated_catalog(tmp_path))
    old_matcher = holder.matcher
    assert len(old_matcher.match(seed_patient())) == 1

    closed = seed_json() | {"overall_status": "COMPLETED"}
    write(tmp_path, SEED_FILE, closed)
    holder.reload(lambda: load_curated_catalog(tmp_path))
    assert holder.matcher.match(seed_patient()) == []
    assert len(old_matcher.match(seed_patient())) == 1  # a call in flight keeps its catalog

    write(tmp_path, SEED_FILE, "{ broken")
    with pytest.raises(CatalogFileError):
        holder.reload(lambda: load_curated_catalog(tmp_path))
    assert holder.catalog.get("NCT07188584") is not None  # the last good catalog stays

    holder.replace(Catalog([]))
    assert len(holder.catalog) == 0


def test_holder_settings_survive_reload() -> None:
    holder = CatalogHolder(FILTER_CATALOG, countries=["France"])
    holder.replace(FILTER_CATALOG)
    assert {t.nct_id[-2:] for t in holder.matcher.selected} == {"24"}


def test_holder_readers_during_reloads() -> None:
    holder = CatalogHolder(Catalog([NPC_ONLY]))
    facts = patient_with("nasopharyngeal_carcinoma")
    failures: list[str] = []

    def read() -> None:
        for _ in range(200):
            matches = holder.matcher.match(facts)
            if len(matches) not in (1, 2):
                failures.append(str(len(matches)))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for index in range(50):
        holder.replace(Catalog([NPC_ONLY, BASKET] if index % 2 else [NPC_ONLY]))
    for reader in readers:
        reader.join()
    assert failures == []


# --- shared decisions ----------------------------------------------------------------------------


def test_identical_criteria_share_one_rule_but_keep_their_own_labels() -> None:
    ecog_a = {
        "type": "performance_status",
        "id": "a",
        "label": "ECOG ≤ 1",
        "ecog_max": 1,
        "source_text": "ECOG 0-1",
    }
    ecog_b = {
        "type": "performance_status",
        "id": "b",
        "label": "PS 0 or 1",
        "ecog_max": 1,
        "section": "exclusion",
    }
    ecog_2 = {"type": "performance_status", "id": "c", "label": "ECOG ≤ 2", "ecog_max": 2}
    catalog = Catalog(
        [
            trial("NCT00000041", [ecog_a]),
            trial("NCT00000042", [ecog_b]),
            trial("NCT00000043", [ecog_2]),
        ]
    )
    assert len(catalog.rules) == 2
    matches = {m.trial.nct_id: m for m in Matcher(catalog).match(seed_patient())}
    [a], [b] = matches["NCT00000041"].results, matches["NCT00000042"].results
    assert (a.id, a.label, a.source_text) == ("a", "ECOG ≤ 1", "ECOG 0-1")
    assert (b.id, b.label, b.source_text) == ("b", "PS 0 or 1", None)
    assert a.reason == b.reason


def test_combinators_with_different_child_labels_do_not_share() -> None:
    def either(label: str) -> dict[str, Any]:
        return {
            "type": "any_of",
            "id": "x",
            "label": "X",
            "criteria": [
                {"type": "age", "id": "age", "label": label, "max_years": 50},
                {"type": "sex", "id": "sex", "label": "Female", "allowed": ["female"]},
            ],
        }

    catalog = Catalog(
        [
            trial("NCT00000051", [either("Age ≤ 50")]),
            trial("NCT00000052", [either("Younger than 51")]),
        ]
    )
    everything = Matcher(catalog).match(seed_patient(), minimum_verdict=Verdict.NOT_ELIGIBLE)
    reasons = {m.trial.nct_id: m.results[0].reason for m in everything}
    assert "Age ≤ 50: Age 55" in reasons["NCT00000051"]
    assert "Younger than 51: Age 55" in reasons["NCT00000052"]


def test_trial_match_is_an_immutable_value() -> None:
    [lazy] = Matcher(Catalog([NPC_ONLY])).match(seed_patient())
    direct = TrialMatch(
        trial=lazy.trial, verdict=lazy.verdict, results=lazy.results, as_of=lazy.as_of
    )
    assert direct == lazy
    assert direct.unknown_count == lazy.unknown_count == 0
    assert "NCT00000001" in repr(lazy)
    with pytest.raises(AttributeError, match="immutable"):
        lazy.verdict = Verdict.NOT_ELIGIBLE


def test_compacted_trials_keep_their_values_and_copies_stay_independent() -> None:
    first = trial("NCT00000061", [cancer_type("breast_cancer")])
    second = trial("NCT00000062", [cancer_type("lung_cancer")])
    before = first.model_dump()
    Catalog([first, second])  # compacts both
    assert first.model_dump() == before
    assert first.criteria[0].model_fields_set is second.criteria[0].model_fields_set
    changed = first.model_copy(update={"title": "Changed"})
    assert "title" in changed.model_fields_set
    assert first.model_dump(exclude_unset=True) == trial(
        "NCT00000061", [cancer_type("breast_cancer")]
    ).model_dump(exclude_unset=True)


def test_equal_criteria_of_a_catalog_are_one_object_and_compile_once() -> None:
    first = trial("NCT00000063", [cancer_type("breast_cancer")])
    second = trial("NCT00000064", [cancer_type("breast_cancer")])
    third = trial("NCT00000065", [cancer_type("lung_cancer")])
    dumps = [t.model_dump() for t in (first, second, third)]
    catalog = Catalog([first, second, third])
    assert [t.model_dump() for t in (first, second, third)] == dumps  # values unchanged
    assert first.criteria[0] is second.criteria[0]  # equal content, id and label: one object
    assert first.criteria[0] is not third.criteria[0]
    compiled = [catalog.compiled(t.nct_id) for t in (first, second)]
    assert compiled[0] is not None
    assert compiled[1] is not None
    assert compiled[0].criteria[0] is compiled[1].criteria[0]


def test_find_catalog_problems_reports_every_bad_file(tmp_path: Path) -> None:
    write(tmp_path, SEED_FILE, broken(set_criterion(4, max_years="seventy")))
    write(tmp_path, "NCT00000099.json", seed_json())
    write(tmp_path, "NCT00000001.json", "{")
    problems = find_catalog_problems(tmp_path)
    assert [(Path(p.path).name, p.field) for p in problems if isinstance(p, CatalogFileError)] == [
        ("NCT00000001.json", "(file)"),
        ("NCT00000099.json", "nct_id"),
        ("NCT07188584.json", "criteria.4.age.max_years"),
    ]
    assert find_catalog_problems() == []  # the shipped catalog is clean
    assert "not found" in str(find_catalog_problems(tmp_path / "missing")[0])
