"""Extraction precision on hand-labelled real trials may not fall (a ratchet, not the goal).

The labels (tests/fixtures/extraction/labels.json) were written from the registry text of
61 trials in ../shared/reference/ctgov before the extractor was run on them; scoring is
`scripts/measure_extraction.py --labels`. The floors below are the precision measured when the
labels were committed; raise a floor when the extractor improves (goals: 97 % precision on every
field, 70 % recall over restrictive labels).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[3]
LABELS = REPO / "tests" / "fixtures" / "extraction" / "labels.json"
SCRIPT = REPO / "scripts" / "measure_extraction.py"

# field: (correct, extracted) measured on the committed labels; raised by the issue-17 reading
# pass (qualified exclusions, allowances, headings, compound items).
FLOORS: dict[str, tuple[int, int]] = {
    "ecog": (48, 48),
    "age_min": (27, 27),
    "age_max": (0, 0),  # nothing labelled, nothing extracted: any extraction is wrong
    "qtc": (17, 17),  # CT-QT-EXCEPTION: NCT05608252
    "brain_metastases": (30, 30),  # CT-CNS-QUALIFIER: 7 relabelled, now reviewed
    "hiv": (23, 23),  # CT-INF-KNOWN-LIST: NCT05271292
    "hepatitis": (24, 24),  # INF-EVER: NCT05549297 "history of chronic ..." goes to review
    "disease_extent": (24, 24),
    "prior_lines": (4, 4),
    "anc": (15, 15),
    "platelets": (15, 15),
    "creatinine": (13, 13),
    "bilirubin": (13, 13),
}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("measure_extraction", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_labels_are_well_formed() -> None:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    fields = set(FLOORS)
    assert len({label["trial_id"] for label in labels}) >= 60
    assert len({(label["trial_id"], label["field"]) for label in labels}) == len(labels)
    for label in labels:
        assert label["field"] in fields
        assert label["sentence"].strip()


def test_precision_per_field_does_not_regress(shared_reference: Path) -> None:
    csv_path = shared_reference / "ctgov" / "oncology_trials_eligibility_text.csv"
    script = _script()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    texts = script.read_texts(csv_path)
    for label in labels:  # each label's sentence is in its trial's text, word for word
        assert label["sentence"] in texts[label["trial_id"]], label
    scores = script.score_labels(labels, texts)
    assert set(scores) == set(FLOORS)
    fallen = []
    for name, (correct, extracted) in FLOORS.items():
        score = scores[name]
        floor = correct / extracted if extracted else 1.0
        measured = score.precision if score.extracted else 1.0
        if measured < floor - 1e-9:
            fallen.append(
                f"{name}: {score.correct}/{score.extracted} < {correct}/{extracted}\n"
                + "".join(score.wrong)
            )
    assert not fallen, "\n".join(fallen)


# Restrictive recall (the measure: recall over labels that restrict who may enrol, not
# "allowed") may not fall either: field -> (correct, restrictive labels) when last measured.
RESTRICTIVE_RECALL_FLOORS: dict[str, tuple[int, int]] = {
    "ecog": (48, 50),  # CT-PS-AGE-BANDS
    "age_min": (28, 28),
    # CT-QT-UNCORRECTED: NCT06167317's "QT interval > 470 msec", labelled a QTc limit, goes to
    # review: the uncorrected QT is not the QTc.
    # CT-QT-METHOD: NCT05372640 "(machine or manual read allowed)" is no hedge.
    # CT-QT-EXCEPTION: NCT05608252 "... does not apply to patients with ... bundle branch block".
    "qtc": (17, 19),
    # CT-CNS-QUALIFIER: 7 texts that admit untreated, asymptomatic metastases ("Known
    # symptomatic brain metastases", "... that require treatment"), relabelled, went to review:
    # not_active excludes every untreated one. 5 of them are read as `asymptomatic` since
    # 7 December 2026 (twenty-fourth session).
    "brain_metastases": (35, 51),
    # CT-INF-SYMPTOMATIC: NCT05315700's "Known, symptomatic HIV infection", labelled
    # uncontrolled, goes to review: symptomatic HIV is not uncontrolled HIV.
    # CT-INF-CONJUNCTS: NCT05256290 "Active hepatitis B or C infection and/or known HIV carrier".
    # CT-INF-KNOWN-LIST: NCT05271292 "... or known infectious disease including ..., or HIV/AIDS".
    "hiv": (23, 28),
    # CT-INF-ACTIVE-LIST: NCT05735080. INF-EVER: NCT05549297's "known history of chronic viral
    # infections such as hepatitis B ... or hepatitis C", labelled any_excluded (the labels do
    # not tell a history apart), goes to review: "any" read a current infection only.
    "hepatitis": (24, 28),
    "disease_extent": (23, 32),
    "prior_lines": (4, 7),
    "anc": (15, 16),  # CT-LAB-SUPPORT: NCT05941507
    "platelets": (15, 16),  # CT-LAB-UNITS
    "creatinine": (13, 15),
    "bilirubin": (13, 16),  # CT-LAB-EXCEPTION: an exception's own brackets
}


def test_restrictive_recall_per_field_does_not_fall(shared_reference: Path) -> None:
    csv_path = shared_reference / "ctgov" / "oncology_trials_eligibility_text.csv"
    script = _script()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    scores = script.score_labels(labels, script.read_texts(csv_path))
    fallen = {}
    for name, (correct, labelled) in RESTRICTIVE_RECALL_FLOORS.items():
        score = scores[name]
        # Both the count and the share: a corrected label may change the denominator.
        if score.restrictive_correct < correct or (
            score.restrictive_recall is not None
            and score.restrictive_recall < correct / labelled - 1e-9
        ):
            measured = f"{score.restrictive_correct}/{score.restrictive_labelled}"
            fallen[name] = f"{measured} < {correct}/{labelled}"
    assert not fallen, fallen


def test_allowed_labels_do_not_count_as_restrictive() -> None:
    script = _script()
    assert not script.is_restrictive({"value": "allowed"})
    assert script.is_restrictive({"value": "only_active_excluded"})
    assert script.is_restrictive({"value": ["metastatic"]})
    assert script.is_restrictive({"value": {"min": 1}})


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_floors_are_fields_the_script_scores(name: str) -> None:
    assert name in _script().LABELLED_FIELDS
