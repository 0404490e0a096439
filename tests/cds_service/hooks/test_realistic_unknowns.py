"""GEN-UNKNOWN over every realistic chart: an undecided criterion always says what to record.

A coordinator can act on "unknown" only when the card says what is missing. The criteria are the
seed trial's and every structured criterion the registry reader takes from the real eligibility
texts of ../shared/reference/ctgov (read in place); the charts are the committed realistic set,
shaped the way hospitals record cancer care, so the unknowns are the ones real charts give.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from eligibility.catalog import load_curated_catalog
from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion, FreeTextCriterion
from eligibility.ctgov.extraction import extract
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from fhir_mapping import ValidationCache, build_facts
from tests.support.registry_texts import registry_texts

CHARTS = Path(__file__).resolve().parents[3] / "test_bundles" / "realistic"
AS_OF = date(2026, 11, 25)


def _criteria(reference: Path) -> list[Criterion]:
    seed = [c for trial in load_curated_catalog() for c in trial.criteria]
    read = [
        criterion
        for text in registry_texts(reference).values()
        for criterion in extract({"eligibilityCriteria": text}).criteria
        # Free text is always unknown and always sent to review: it asks nothing to record.
        if not isinstance(criterion, FreeTextCriterion)
    ]
    assert len(read) > 400, "the registry reader structured far fewer criteria than it does"
    return seed + read


def test_gen_unknown_every_undecided_line_on_a_realistic_chart_says_what_to_record(
    shared_reference: Path,
) -> None:
    criteria = _criteria(shared_reference)
    taxonomy = default_taxonomy()
    cache = ValidationCache()
    undecided = 0
    silent: list[tuple[str, str, str]] = []
    for path in sorted(CHARTS.glob("*.json")):
        bundle = json.loads(path.read_text("utf-8"))
        facts = build_facts([bundle], patient_id=bundle["id"], as_of=AS_OF, cache=cache).facts
        for criterion in criteria:
            result = evaluate_criterion(criterion, facts, taxonomy)
            if result.status is not CriterionStatus.UNKNOWN or result.manual_review:
                continue
            undecided += 1
            if not (result.to_settle or "").strip():
                silent.append((path.stem, criterion.id, result.reason))
    # Enough unknowns that the check means something: the charts leave many criteria open.
    assert undecided > 10_000
    assert silent == []
