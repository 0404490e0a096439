"""Measure the criteria extractor on real eligibility texts (not a test: the data is not ours).

    .venv/bin/python scripts/measure_extraction.py [--csv PATH] [--sample N] [--seed S]

Reads `trial_id` and `trial_eligibility_criteria` from the CSV (default:
../shared/reference/ctgov/oncology_trials_eligibility_text.csv beside the checkout) and skips
with a message when it is absent. For each structured field: in how many trials the text
mentions it (a deliberately broad pattern) and in how many at least one criterion of that
field was extracted. `--sample N` prints N randomly chosen extracted criteria with their
source sentence, for checking by hand.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import Counter
from pathlib import Path

from eligibility.criteria import AnyOfCriterion, Criterion, FreeTextCriterion
from eligibility.ctgov import extract

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = (
    REPO.parent / "shared" / "reference" / "ctgov" / "oncology_trials_eligibility_text.csv"
)

MENTIONS: dict[str, re.Pattern[str]] = {
    "age": re.compile(r"\bage[ds]?\b[^.;\n]{0,30}\d|\d+\s*years? (?:of age|old)", re.I),
    "performance_status": re.compile(r"ECOG|Karnofsky|\bKPS\b|performance status|Zubrod", re.I),
    "metastatic": re.compile(r"\bmetastatic\b|distant metasta|\bM[01]\b", re.I),
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    if not args.csv.is_file():
        print(f"skipped: {args.csv} is not present", file=sys.stderr)
        return 0
    csv.field_size_limit(10_000_000)
    texts: dict[str, str] = {}
    with args.csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts.setdefault(row["trial_id"], row["trial_eligibility_criteria"])
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
