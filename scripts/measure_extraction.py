"""Measure the criteria extractor on real eligibility texts (not a test: the data is not ours).

    .venv/bin/python scripts/measure_extraction.py [--csv PATH] [--sample N] [--seed S]
    .venv/bin/python scripts/measure_extraction.py --labels PATH  (tests/fixtures/ctgov/...)

Reads `trial_id` and `trial_eligibility_criteria` from the CSV (default:
../shared/reference/ctgov/oncology_trials_eligibility_text.csv beside the checkout) and skips
with a message when it is absent. For each structured field: in how many trials the text
mentions it (a deliberately broad pattern) and in how many at least one criterion of that
field was extracted. `--sample N` prints N randomly chosen extracted criteria with their
source sentence, for checking by hand.

`--labels PATH` measures instead against hand labels (a JSON list of {trial_id, field, value,
sentence}; see tests/fixtures/ctgov/README.md): for each labelled trial and field, the
extractor's criteria of that field are normalised to a set of requirements (each a set of
alternatives) and are correct only when that set is exactly the label's one requirement. A field
extracted in a labelled trial where the label has nothing is wrong (the labeller found no
unambiguous statement: a cohort-specific or unclear rule was not for every patient). Prints per
field: labelled, extracted, correct, precision, recall, restrictive recall, and every wrong
extraction with its sentence; `--missed` also prints every label the extractor did not read.
A label's `within_days` (CT-WINDOW) must be the window every extracted criterion of its field
carries; a label without one wants criteria without one. A blood-count label with `"support":
true` (CT-LAB-SUPPORT) wants every extracted count of its field to hold with the support
condition (an all-of with a condition for review); one without it wants none to. A QTc or
blood-count label with `"exempt": true` (CT-QT-EXCEPTION, CT-OPINION-LEAD-IN, CT-LAB-SUPPORT's
allowed support) wants every extracted limit of its field to hold unless a person finds the
patient exempt (an any-of with words for review); one without it wants none to.

Restrictive recall is the issue's measure: recall over the labels that restrict who may enrol,
i.e. leaving out labels whose value says the text allows everyone ("allowed": e.g. "patients
with brain metastases are eligible"). Such a label records that the criterion does not
exclude, and reading it or not changes no patient's match.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eligibility.criteria import (
    AgeCriterion,
    AllOfCriterion,
    AnyOfCriterion,
    BrainMetastasesCriterion,
    ComorbidityCriterion,
    Criterion,
    DiseaseExtentCriterion,
    FreeTextCriterion,
    InfectionCriterion,
    LabCriterion,
    MetastaticCriterion,
    PerformanceStatusCriterion,
    PriorLinesCriterion,
    QTcCriterion,
)
from eligibility.ctgov import extract

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = (
    REPO.parent / "shared" / "reference" / "ctgov" / "oncology_trials_eligibility_text.csv"
)

MENTIONS: dict[str, re.Pattern[str]] = {
    "age": re.compile(r"\bage[ds]?\b[^.;\n]{0,30}\d|\d+\s*years? (?:of age|old)", re.I),
    "performance_status": re.compile(r"ECOG|Karnofsky|\bKPS\b|performance status|Zubrod", re.I),
    "metastatic": re.compile(r"\bmetastatic\b|distant metasta|\bM[01]\b", re.I),
    "disease_extent": re.compile(
        r"locally[\s-]+advanced|unresectable|non-?resectable|inoperable|\brecurrent\b", re.I
    ),
    "measurable_disease": re.compile(r"\bmeasurable\b", re.I),
    "stage": re.compile(r"\bstage\s+(?:IV|I{1,3})", re.I),
    "prior_lines": re.compile(r"\blines? of\b|prior lines?\b|\bregimens?\b", re.I),
    "prior_therapy": re.compile(
        r"platin|PD-?L?1|CTLA|checkpoint|taxane|paclitaxel|docetaxel|anthracycline|CDK4|PARP|"
        r"trastuzumab|bevacizumab|cetuximab|osimertinib|pembrolizumab|nivolumab",
        re.I,
    ),
    "qtc": re.compile(r"QTc|QT interval|corrected QT", re.I),
    "lab": re.compile(
        r"neutrophil|\bANC\b|platelet|ha?emoglobin|creatinine|bilirubin|\bAST\b|\bALT\b|\bGFR\b",
        re.I,
    ),
    "brain_metastases": re.compile(
        r"(?:brain|cns|central nervous system)\s+metasta|metasta\w*\s+(?:to|in)\s+the\s+brain", re.I
    ),
    "hiv": re.compile(r"\bHIV\b|immunodeficiency virus", re.I),
    "hepatitis": re.compile(r"hepatitis|\bHBV\b|\bHCV\b", re.I),
    "pregnancy": re.compile(r"pregnan", re.I),
}


def field_of(criterion: Criterion) -> str:
    if isinstance(criterion, InfectionCriterion):
        return _COMORBIDITY_FIELD[criterion.infection]
    if criterion.type == "comorbidity":
        condition = str(criterion.condition)  # type: ignore[union-attr]
        return {
            "brain_metastases": "brain_metastases",
            "hiv": "hiv",
            "hepatitis_b": "hepatitis",
            "hepatitis_c": "hepatitis",
            "pregnancy": "pregnancy",
        }.get(condition, condition)
    if isinstance(criterion, AnyOfCriterion):
        return field_of(criterion.criteria[0])
    return criterion.type


LABELLED_FIELDS = (
    "ecog",
    "age_min",
    "age_max",
    "qtc",
    "brain_metastases",
    "hiv",
    "hepatitis",
    "disease_extent",
    "prior_lines",
    "anc",
    "platelets",
    "creatinine",
    "bilirubin",
)
_CREATININE = {"creatinine", "creatinine_clearance", "egfr"}
_LAB_FIELD = {"anc": "anc", "platelets": "platelets", "total_bilirubin": "bilirubin"}
_COMORBIDITY_FIELD = {
    "brain_metastases": "brain_metastases",
    "hiv": "hiv",
    "hepatitis_b": "hepatitis",
    "hepatitis_c": "hepatitis",
}


# Label values that restrict nobody (the text allows every patient in that respect).
UNRESTRICTIVE_VALUES = frozenset({"allowed"})


def is_restrictive(label: dict[str, Any]) -> bool:
    value = label["value"]
    return not (isinstance(value, str) and value in UNRESTRICTIVE_VALUES)


def read_texts(path: Path) -> dict[str, str]:
    """trial_id -> eligibility text (the CSV repeats a trial's text on several rows)."""
    csv.field_size_limit(10_000_000)
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts.setdefault(row["trial_id"], row["trial_eligibility_criteria"])
    return texts


def _qtc(ms: float) -> int:
    """QTc limits to the nearest 5 ms: "> 470" and ">= 480" are read as 470 and 479."""
    return int(round(ms / 5) * 5)


def _lab_value(criterion: LabCriterion) -> tuple[str, float, str]:
    comparator = criterion.comparator
    if criterion.section == "exclusion":  # "CrCl < 30" excluded: at least 30 allowed
        comparator = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}[comparator]
    bound = "max" if comparator in ("<", "<=") else "min"
    if criterion.times_uln is not None:
        return (bound, round(criterion.times_uln, 4), "x ULN")
    unit = criterion.unit or ""
    if unit.startswith("mL/min"):
        unit = "mL/min"
    return (bound, round(criterion.value or 0.0, 4), unit)


def _lab_pairs(criterion: LabCriterion) -> list[tuple[str, Hashable]]:
    analyte = str(criterion.analyte)
    if analyte in _CREATININE:
        return [("creatinine", _lab_value(criterion))]
    if analyte in _LAB_FIELD:
        return [(_LAB_FIELD[analyte], _lab_value(criterion))]
    return []


def _comorbidity_pairs(criterion: ComorbidityCriterion) -> list[tuple[str, Hashable]]:
    """An excluded condition has no qualifier in the criterion model: "none allowed"."""
    name = _COMORBIDITY_FIELD.get(str(criterion.condition))
    if name is None:
        return []
    if criterion.section != "exclusion":
        return [(name, "required")]
    return [(name, "none_allowed" if name == "brain_metastases" else "any_excluded")]


_BRAIN_VALUE = {
    "none": "none_allowed",
    "treated_stable": "treated_stable_allowed",
    "not_active": "only_active_excluded",
    "asymptomatic": "untreated_asymptomatic_allowed",
    "any": "allowed",
}


def _qualified_pairs(
    criterion: BrainMetastasesCriterion | InfectionCriterion,
) -> list[tuple[str, Hashable]]:
    if isinstance(criterion, BrainMetastasesCriterion):
        return [("brain_metastases", _BRAIN_VALUE[criterion.allowed])]
    name = _COMORBIDITY_FIELD[criterion.infection]
    if criterion.excluded in ("any", "ever"):  # the labels do not tell a history apart
        return [(name, "any_excluded")]
    return [(name, "active_excluded" if name == "hepatitis" else "uncontrolled_excluded")]


def _extent(criterion: DiseaseExtentCriterion | MetastaticCriterion) -> frozenset[str]:
    if isinstance(criterion, DiseaseExtentCriterion):
        return frozenset(criterion.allowed)
    return frozenset({"metastatic"}) if criterion.required else frozenset({"not_metastatic"})


def normalised(criterion: Criterion) -> list[tuple[str, Hashable]]:
    """(field, value) pairs one criterion states, in the labels' terms."""
    if isinstance(criterion, PerformanceStatusCriterion):
        if criterion.ecog_max is None:
            return []  # Karnofsky / Lansky only
        return [("ecog", f"{criterion.ecog_min}-{criterion.ecog_max}")]
    if isinstance(criterion, AgeCriterion):
        pairs: list[tuple[str, Hashable]] = []
        if criterion.min_years is not None:
            pairs.append(("age_min", criterion.min_years))
        if criterion.max_years is not None:
            pairs.append(("age_max", criterion.max_years))
        return pairs
    if isinstance(criterion, QTcCriterion):
        limits = (_qtc(criterion.max_ms_male), _qtc(criterion.max_ms_female))
        return [("qtc", (*limits, criterion.ecgs, criterion.formula))]
    if isinstance(criterion, LabCriterion):
        return _lab_pairs(criterion)
    if isinstance(criterion, ComorbidityCriterion):
        return _comorbidity_pairs(criterion)
    if isinstance(criterion, BrainMetastasesCriterion | InfectionCriterion):
        return _qualified_pairs(criterion)
    if isinstance(criterion, DiseaseExtentCriterion | MetastaticCriterion):
        return [("disease_extent", _extent(criterion))]
    if isinstance(criterion, PriorLinesCriterion):
        return [("prior_lines", (criterion.min_lines, criterion.max_lines))]
    return []


def label_value(name: str, value: Any) -> Hashable:
    """A label's value in the same terms as `normalised`."""
    if name == "qtc":
        return (
            _qtc(value.get("male", value.get("max"))),
            _qtc(value.get("female", value.get("max"))),
            value.get("ecgs", "one"),  # CT-QTC-ECGS: one ECG unless the label says otherwise
            value.get("formula"),  # VAL-QTC-FORMULAS: the formula the limit names, if any
        )
    if name in ("anc", "platelets"):
        return ("min", round(float(value), 4), "10*9/L")
    if name == "disease_extent":
        return frozenset(value)
    if name == "prior_lines":
        return (value.get("min"), value.get("max"))
    return value


def label_requirement(name: str, value: Any) -> frozenset[Hashable]:
    if name in ("creatinine", "bilirubin"):
        options = value if isinstance(value, list) else [value]
        return frozenset(
            ("max" if "max" in o else "min", round(float(o.get("max", o.get("min"))), 4), o["unit"])
            for o in options
        )
    return frozenset({label_value(name, value)})


@dataclass
class Extracted:
    """One field's extraction in one trial: its requirements (each a set of alternatives)."""

    requirements: set[frozenset[Hashable]] = field(default_factory=set)
    sentences: list[str] = field(default_factory=list)
    # CT-WINDOW: how recent the value must be (`within_days`), None when the criterion sets none
    windows: set[int | None] = field(default_factory=set)
    # CT-LAB-SUPPORT: whether each criterion holds with a condition (all-of with a free text)
    supported: set[bool] = field(default_factory=set)
    # CT-QT-EXCEPTION: whether each criterion holds unless a person finds the patient exempt
    # (an any-of with a free text)
    exempted: set[bool] = field(default_factory=set)


SUPPORT_FIELDS = frozenset({"anc", "platelets"})
"""Fields whose labels say whether a support condition holds (`"support": true`)."""
EXEMPT_FIELDS = frozenset({"qtc", "anc", "platelets"})
"""Fields whose labels say whether the limit has exempt patients (`"exempt": true`)."""


def requirements(criteria: Iterable[Criterion]) -> dict[str, Extracted]:
    found: dict[str, Extracted] = {}
    for criterion in criteria:
        if isinstance(criterion, FreeTextCriterion):
            continue
        if isinstance(criterion, AllOfCriterion):
            conditioned = any(isinstance(c, FreeTextCriterion) for c in criterion.criteria)
            for name, extracted in requirements(criterion.criteria).items():
                into = found.setdefault(name, Extracted())
                into.requirements |= extracted.requirements
                into.sentences += extracted.sentences
                into.windows |= extracted.windows
                into.supported |= {True} if conditioned else extracted.supported
                into.exempted |= extracted.exempted
            continue
        members = criterion.criteria if isinstance(criterion, AnyOfCriterion) else (criterion,)
        exempt = any(isinstance(member, FreeTextCriterion) for member in members)
        by_field: dict[str, set[Hashable]] = {}
        windows: dict[str, set[int | None]] = {}
        for member in members:
            for name, value in normalised(member):
                by_field.setdefault(name, set()).add(value)
                windows.setdefault(name, set()).add(getattr(member, "within_days", None))
        for name, values in by_field.items():
            into = found.setdefault(name, Extracted())
            into.requirements.add(frozenset(values))
            into.sentences.append(criterion.source_text or criterion.label)
            into.windows |= windows[name]
            into.supported.add(False)
            into.exempted.add(exempt)
    return found


def _agrees(name: str, label: dict[str, Any], extracted: Extracted) -> bool:
    """The extraction is the label's one requirement, with its window, support condition and
    exemption."""
    return (
        extracted.requirements == {label_requirement(name, label["value"])}
        and extracted.windows == {label.get("within_days")}
        and (name not in SUPPORT_FIELDS or extracted.supported == {bool(label.get("support"))})
        and (name not in EXEMPT_FIELDS or extracted.exempted == {bool(label.get("exempt"))})
    )


@dataclass
class FieldScore:
    labelled: int = 0
    extracted: int = 0
    correct: int = 0
    restrictive_labelled: int = 0
    restrictive_correct: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.correct / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.labelled if self.labelled else None

    @property
    def restrictive_recall(self) -> float | None:
        if not self.restrictive_labelled:
            return None
        return self.restrictive_correct / self.restrictive_labelled

    def add(self, other: FieldScore) -> None:
        self.labelled += other.labelled
        self.extracted += other.extracted
        self.correct += other.correct
        self.restrictive_labelled += other.restrictive_labelled
        self.restrictive_correct += other.restrictive_correct


def _show(requirement_set: Iterable[frozenset[Hashable]]) -> str:
    return " AND ".join(
        " OR ".join(sorted(str(sorted(v) if isinstance(v, frozenset) else v) for v in r))
        for r in requirement_set
    )


def _window(windows: set[int | None]) -> str:
    """CT-WINDOW: the windows shown beside a requirement ("" when none is set)."""
    days = sorted(str(w) for w in windows if w is not None)
    return f" within {'/'.join(days)} days" if days else ""


def score_labels(labels: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, FieldScore]:
    """Per field: labelled, extracted and correct (trial, field) pairs, and the wrong ones."""
    by_trial: dict[str, dict[str, dict[str, Any]]] = {}
    for label in labels:
        by_trial.setdefault(label["trial_id"], {})[label["field"]] = label
    scores = {name: FieldScore() for name in LABELLED_FIELDS}
    for nct_id, trial_labels in sorted(by_trial.items()):
        result = extract({"eligibilityCriteria": texts[nct_id]}, include_api_fields=False)
        found = requirements(c for outcome in result.items for c in outcome.criteria)
        for name in LABELLED_FIELDS:
            score = scores[name]
            label = trial_labels.get(name)
            restrictive = label is not None and is_restrictive(label)
            score.labelled += label is not None
            score.restrictive_labelled += restrictive
            extracted = found.get(name)
            if extracted is None:
                if label is not None:
                    missed = f"{nct_id} {name} = {label['value']}: {label['sentence']}"
                    score.missed.append(missed + "\n")
                continue
            score.extracted += 1
            wanted = None if label is None else label_requirement(name, label["value"])
            window = None if label is None else label.get("within_days")
            support = label is not None and bool(label.get("support"))
            exempt = label is not None and bool(label.get("exempt"))
            if label is not None and _agrees(name, label, extracted):
                score.correct += 1
                score.restrictive_correct += restrictive
                continue
            expected = "no label" if wanted is None else _show([wanted]) + _window({window})
            expected += " with support condition" if support else ""
            expected += " unless exempt" if exempt else ""
            shown = " with support condition" if True in extracted.supported else ""
            if name in EXEMPT_FIELDS and True in extracted.exempted:
                shown += " unless exempt"
            score.wrong.append(
                f"{nct_id} {name}: extracted {_show(extracted.requirements)}"
                f"{_window(extracted.windows)}{shown}, labelled {expected}\n"
                + "".join(f"    <- {sentence}\n" for sentence in dict.fromkeys(extracted.sentences))
                + ("" if label is None else f"    label from: {label['sentence']}\n")
            )
    return scores


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f} %"


def _row(name: str, score: FieldScore) -> str:
    restrictive = f"{score.restrictive_correct}/{score.restrictive_labelled}"
    return (
        f"{name:<18}{score.labelled:>9}{score.extracted:>10}{score.correct:>8}"
        f"{_percent(score.precision):>11}{_percent(score.recall):>9}"
        f"{restrictive:>13}{_percent(score.restrictive_recall):>9}"
    )


def report_labels(labels_path: Path, texts: dict[str, str], *, missed: bool = False) -> int:
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    scores = score_labels(labels, texts)
    trials = len({label["trial_id"] for label in labels})
    print(f"{trials} labelled trials, {len(labels)} labels ({labels_path})")
    print(
        f"{'field':<18}{'labelled':>9}{'extracted':>10}{'correct':>8}{'precision':>11}{'recall':>9}"
        f"{'restrictive':>13}{'r.recall':>9}"
    )
    total = FieldScore()
    for name, score in scores.items():
        total.add(score)
        print(_row(name, score))
    print(_row("all", total))
    for name, score in scores.items():
        if score.wrong:
            print(f"\nwrong {name} ({len(score.wrong)}):")
            print("".join(score.wrong), end="")
    if missed:
        for name, score in scores.items():
            if score.missed:
                print(f"\nnot read {name} ({len(score.missed)}):")
                print("".join(score.missed), end="")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--labels", type=Path, default=None)
    parser.add_argument("--missed", action="store_true", help="with --labels: list unread labels")
    args = parser.parse_args()
    if not args.csv.is_file():
        print(f"skipped: {args.csv} is not present", file=sys.stderr)
        return 0
    texts = read_texts(args.csv)
    if args.labels is not None:
        return report_labels(args.labels, texts, missed=args.missed)
    mentioned: Counter[str] = Counter()
    extracted: Counter[str] = Counter()
    criteria_per_field: Counter[str] = Counter()
    items = structured_items = review_items = 0
    samples: list[tuple[str, Criterion]] = []
    for nct_id, text in sorted(texts.items()):
        result = extract({"eligibilityCriteria": text}, include_api_fields=False)
        fields_here: set[str] = set()
        for outcome in result.items:
            items += 1
            structured = [c for c in outcome.criteria if not isinstance(c, FreeTextCriterion)]
            structured_items += bool(structured)
            review_items += outcome.free_text
            for criterion in structured:
                name = field_of(criterion)
                fields_here.add(name)
                criteria_per_field[name] += 1
                samples.append((nct_id, criterion))
        for name, pattern in MENTIONS.items():
            if pattern.search(text):
                mentioned[name] += 1
        extracted.update(fields_here)
    print(
        f"{len(texts)} trials, {items} items: {structured_items} with structured criteria, "
        f"{review_items} with a free-text review item"
    )
    print(f"{'field':<20}{'mentioned':>10}{'extracted':>10}{'criteria':>10}")
    for name in MENTIONS:
        print(f"{name:<20}{mentioned[name]:>10}{extracted[name]:>10}{criteria_per_field[name]:>10}")
    if args.sample:
        print(f"\nrandom sample of {args.sample} extracted criteria (seed {args.seed}):")
        for nct_id, criterion in random.Random(args.seed).sample(
            samples, min(args.sample, len(samples))
        ):
            print(f"- {nct_id} [{criterion.section}] {criterion.label}")
            print(f"    <- {criterion.source_text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
