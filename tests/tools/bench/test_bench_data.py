"""The benchmark's synthetic data: deterministic, valid, and never mistaken for real trials."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import orjson
import pytest

from cds_service.catalog.source import load_local_catalog
from cds_service.settings import Settings
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import NCT_ID, Trial
from tools.bench.catalog import synthetic_trials, write_catalog
from tools.bench.charts import W1, W2, chart_request, resource_count, with_hook_instance

NCT_LIKE = re.compile(r"NCT\d", re.IGNORECASE)


def test_same_seed_same_catalog_and_charts() -> None:
    assert list(synthetic_trials(50, seed=3)) == list(synthetic_trials(50, seed=3))
    assert list(synthetic_trials(50, seed=3)) != list(synthetic_trials(50, seed=4))
    for workload in (W1, W2):
        assert chart_request(workload, 7, seed=1) == chart_request(workload, 7, seed=1)
    assert chart_request(W1, 7, seed=1) != chart_request(W1, 8, seed=1)


def test_written_catalog_is_byte_identical_for_the_same_seed(tmp_path: Path) -> None:
    first = write_catalog(tmp_path / "a.ndjson", 30, seed=9).read_bytes()
    second = write_catalog(tmp_path / "b.ndjson", 30, seed=9).read_bytes()
    assert first == second


def test_synthetic_ids_never_look_like_registry_ids() -> None:
    taxonomy = default_taxonomy()
    for raw in synthetic_trials(300, seed=5):
        trial = Trial.model_validate(raw, context={"taxonomy": taxonomy})
        assert trial.source.kind == "synthetic"
        assert re.fullmatch(r"SYN-\d{6}", trial.nct_id)
        assert not NCT_ID.match(trial.nct_id)
        assert not NCT_LIKE.search(orjson.dumps(raw).decode())


def test_a_synthetic_trial_with_an_nct_like_id_is_refused() -> None:
    raw = next(synthetic_trials(1, seed=5))
    with pytest.raises(ValueError, match="never NCT-like"):
        Trial.model_validate({**raw, "nct_id": "NCT01234567"})


def test_catalog_mix_uses_every_criterion_type_and_baskets() -> None:
    raws = list(synthetic_trials(2000, seed=11))
    types: Counter[str] = Counter()

    def count(criterion: dict[str, object]) -> None:
        types[str(criterion["type"])] += 1
        for child in criterion.get("criteria", ()):  # type: ignore[attr-defined]
            count(child)
        if "criterion" in criterion:
            count(criterion["criterion"])  # type: ignore[arg-type]

    for raw in raws:
        for criterion in raw["criteria"]:
            count(criterion)
    expected = {
        "cancer_type", "stage", "metastatic", "performance_status", "age", "sex",
        "prior_lines", "prior_therapy", "qtc", "lab", "comorbidity", "biomarker",
        "free_text", "all_of", "any_of", "not",
    }  # fmt: skip
    assert expected <= set(types)
    baskets = [r for r in raws if r["criteria"][0].get("allowed") == ["solid_tumor"]]
    assert 0.05 < len(baskets) / len(raws) < 0.15
    allowed = {node for r in raws for c in r["criteria"][:1] for node in c.get("allowed", ())}
    assert len(allowed) >= 35


def test_chart_sizes_match_the_workloads() -> None:
    w1 = chart_request(W1, 1)
    assert 270 <= resource_count(w1) <= 330
    assert 2700 <= resource_count(w2 := chart_request(W2, 1)) <= 3300
    assert w2["context"]["patientId"] != w1["context"]["patientId"]
    reopened = with_hook_instance(w1, 2)
    assert reopened["prefetch"] == w1["prefetch"]
    assert reopened["hookInstance"] != w1["hookInstance"]


def test_the_service_loads_a_synthetic_catalog_file(tmp_path: Path) -> None:
    path = write_catalog(tmp_path / "synthetic.ndjson", 40, seed=2)
    catalog = load_local_catalog(Settings(data_dir=tmp_path, synthetic_catalog=path))
    assert "SYN-000040" in catalog
    assert "NCT07188584" in catalog  # the curated catalog is still there


def test_a_synthetic_catalog_loaded_for_some_trials_validates_those_lines_only(
    tmp_path: Path,
) -> None:
    from eligibility.errors import CatalogFileError

    path = write_catalog(tmp_path / "synthetic.ndjson", 40, seed=2)
    settings = Settings(data_dir=tmp_path, synthetic_catalog=path)
    whole = load_local_catalog(settings)
    asked = frozenset({"SYN-000003", "SYN-000040", "NCT07188584", "SYN-999999"})
    part = load_local_catalog(settings, asked)
    assert sorted(t.nct_id for t in part) == ["NCT07188584", "SYN-000003", "SYN-000040"]
    assert all(part.get(t.nct_id) == whole.get(t.nct_id) for t in part)

    # Another trial's line is not validated (an invalid one is not seen) ...
    lines = path.read_bytes().splitlines()
    broken = orjson.loads(lines[0])
    broken["phase"] = {"not": "a phase"}
    path.write_bytes(b"\n".join([orjson.dumps(broken), *lines[1:]]) + b"\n")
    with pytest.raises(CatalogFileError, match="line 1"):
        load_local_catalog(settings)
    assert len(load_local_catalog(settings, asked)) == 3
    # ... but a line whose trial cannot be told is still an error.
    path.write_bytes(b"\n".join([b"{not json", *lines[1:]]) + b"\n")
    with pytest.raises(CatalogFileError, match="line 1: not JSON"):
        load_local_catalog(settings, asked)
    path.write_bytes(b"\n".join([b'{"title": "no id"}', *lines[1:]]) + b"\n")
    with pytest.raises(CatalogFileError, match="line 1: nct_id: missing"):
        load_local_catalog(settings, asked)
