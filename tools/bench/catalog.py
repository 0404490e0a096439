"""A deterministic synthetic trial catalog with a realistic mix.

Shape, loosely after the recruiting oncology trials of ClinicalTrials.gov: about 40 cancer types
(every taxonomy node below the two roots' first level, ancestors included), roughly 10 % basket
trials open to any solid tumour, a few trials with no cancer-type restriction at all, 8–25
criteria per trial drawn from every criterion type (combinators included), thresholds from the
small sets protocols actually use, and a free-text remainder per trial. Ids are `SYN-000001`
with `source.kind="synthetic"`: they can never be mistaken for registry ids.

Same seed, same catalog: every draw comes from one `random.Random(seed)`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from eligibility.taxonomy import CancerTaxonomy, default_taxonomy
from eligibility.vocabulary import CANONICAL_UNITS, Analyte, Comorbidity, DrugClass

DEFAULT_TRIALS = 25_000
DEFAULT_SEED = 20261125
AS_OF = "2026-11-01"

_ROOTS = ("solid_tumor", "hematologic_malignancy")
_COUNTRIES = (
    "United States",
    "China",
    "France",
    "Germany",
    "Japan",
    "United Kingdom",
    "Canada",
    "Spain",
    "Italy",
    "Korea, Republic of",
    "Australia",
)
_PHASES = ("Phase 1", "Phase 1/Phase 2", "Phase 2", "Phase 3")
_STATUSES = (("RECRUITING", 85), ("NOT_YET_RECRUITING", 10), ("ACTIVE_NOT_RECRUITING", 5))
_LABS: tuple[tuple[Analyte, str, tuple[float, ...], bool], ...] = (
    # analyte, comparator, thresholds, may be expressed as times ULN
    (Analyte.ANC, ">=", (1.0, 1.5, 2.0), False),
    (Analyte.PLATELETS, ">=", (75.0, 100.0, 150.0), False),
    (Analyte.HEMOGLOBIN, ">=", (8.0, 9.0, 10.0), False),
    (Analyte.CREATININE, "<=", (1.5, 2.0), False),
    (Analyte.CREATININE_CLEARANCE, ">=", (30.0, 45.0, 50.0, 60.0), False),
    (Analyte.EGFR, ">=", (30.0, 45.0, 60.0), False),
    (Analyte.TOTAL_BILIRUBIN, "<=", (1.5, 3.0), True),
    (Analyte.AST, "<=", (2.5, 3.0, 5.0), True),
    (Analyte.ALT, "<=", (2.5, 3.0, 5.0), True),
)
_BIOMARKERS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("PD-L1 TPS", {"min_value": 1.0, "unit": "%"}),
    ("PD-L1 TPS", {"min_value": 50.0, "unit": "%"}),
    ("PD-L1 CPS", {"min_value": 1.0}),
    ("PD-L1 CPS", {"min_value": 10.0}),
    ("HER2", {"result": "positive"}),
    ("HER2", {"result": "negative"}),
    ("ER", {"result": "positive"}),
    ("MSI", {"result": "positive"}),
    ("EGFR", {"result": "positive"}),
    ("EGFR", {"result": "negative"}),
    ("ALK", {"result": "positive"}),
    ("KRAS G12C", {"result": "positive"}),
    ("TMB", {"min_value": 10.0, "unit": "mut/Mb"}),
    ("EBV DNA", {"min_value": 1000.0, "unit": "copies/mL"}),
)
_FREE_TEXT = (
    "Life expectancy of at least 12 weeks",
    "Able to swallow oral medication",
    "Adequate contraception during the study and for 6 months after",
    "Measurable disease per RECIST 1.1",
    "Archival tumour tissue available",
    "No major surgery within 4 weeks before enrolment",
    "No live vaccine within 30 days",
    "No known hypersensitivity to any study drug",
    "Willing to comply with study procedures and follow-up",
    "No uncontrolled infection requiring systemic therapy",
    "Recovered from prior therapy toxicity to grade ≤ 1",
    "No participation in another interventional study within 4 weeks",
)


def cancer_types(taxonomy: CancerTaxonomy | None = None) -> list[str]:
    """The ~40 nodes trials are filed under: every node except the two roots, minus a few
    rarely used intermediate ones (kept as ancestors)."""
    taxonomy = taxonomy or default_taxonomy()
    skip = {*_ROOTS, "head_and_neck_squamous_cell_carcinoma", "gastrointestinal_cancer"}
    skip |= {"genitourinary_cancer", "gynecologic_cancer", "leukemia", "lymphoma"}
    return [node.id for node in taxonomy if node.id not in skip]


# The kinds the catalog drew from when its figures were first measured. A kind added since
# (leptomeningeal disease, 7 December 2026) is left out: drawing from the whole enum would
# reshuffle every generated trial, and the benchmark's figures would no longer compare across
# sessions for a reason that has nothing to do with speed.
_COMORBIDITIES = tuple(
    kind for kind in Comorbidity if kind is not Comorbidity.LEPTOMENINGEAL_DISEASE
)


class _Builder:
    def __init__(self, rng: random.Random, types: list[str], taxonomy: CancerTaxonomy) -> None:
        self.rng = rng
        self.types = types
        self.taxonomy = taxonomy
        self.solid = [t for t in types if taxonomy.is_a(t, "solid_tumor")]
        self.classes = [c for c in DrugClass if c is not DrugClass.CHEMOTHERAPY]

    def trial(self, number: int) -> dict[str, Any]:
        rng = self.rng
        nct_id = f"SYN-{number:06d}"
        kind = rng.random()
        criteria: list[dict[str, Any]] = []
        if kind < 0.10:  # basket: any solid tumour
            allowed = ["solid_tumor"]
            title_type = "Advanced Solid Tumours"
        elif kind < 0.13:  # no cancer-type criterion at all (open to every patient)
            allowed = []
            title_type = "Cancer"
        else:
            first = rng.choice(self.types)
            allowed = [first]
            if rng.random() < 0.15:
                allowed.append(rng.choice(self.types))
            allowed = sorted(set(allowed))
            title_type = " and ".join(self.taxonomy.label(t) for t in allowed)
        if allowed:
            criterion: dict[str, Any] = {
                "type": "cancer_type",
                "id": "cancer-type",
                "label": title_type,
                "allowed": allowed,
            }
            if allowed == ["solid_tumor"] and rng.random() < 0.3:
                criterion["excluded"] = [rng.choice(self.solid)]
            criteria.append(criterion)
        count = rng.randint(7, 24)
        makers = [
            (self.stage, 6),
            (self.metastatic, 5),
            (self.performance, 9),
            (self.age, 8),
            (self.sex, 1),
            (self.prior_lines, 5),
            (self.prior_therapy, 6),
            (self.qtc, 3),
            (self.lab, 16),
            (self.comorbidity, 12),
            (self.biomarker, 4),
            (self.free_text, 10),
            (self.combinator, 2),
        ]
        functions = [m for m, _ in makers]
        weights = [w for _, w in makers]
        for index in range(count):
            made = rng.choices(functions, weights)[0](f"c{index + 1}")
            criteria.append(made)
        status = rng.choices([s for s, _ in _STATUSES], [w for _, w in _STATUSES])[0]
        countries = rng.sample(_COUNTRIES, rng.randint(1, 4))
        return {
            "nct_id": nct_id,
            "title": f"Synthetic {rng.choice(_PHASES)} study {number} in {title_type}",
            "phase": rng.choice(_PHASES),
            "overall_status": status,
            "conditions": [self.taxonomy.label(t) for t in allowed] or ["Cancer"],
            "sponsor": f"Synthetic Sponsor {rng.randint(1, 400)}",
            "locations": [
                {"facility": f"Site {rng.randint(1, 5000)}", "country": country}
                for country in countries
            ],
            "data_as_of": AS_OF,
            "brief_summary": f"A synthetic benchmark trial ({nct_id}); not a real study.",
            "criteria": criteria,
            "source": {"kind": "synthetic"},
        }

    # --- one maker per criterion type ----------------------------------------------------------

    def stage(self, cid: str) -> dict[str, Any]:
        if self.rng.random() < 0.7:
            return {
                "type": "stage",
                "id": cid,
                "label": "Distant metastasis (M1)",
                "m_categories": ["M1"],
            }
        groups = self.rng.choice((["III", "IV"], ["IV"], ["IIIB", "IIIC", "IV"], ["II", "III"]))
        return {
            "type": "stage",
            "id": cid,
            "label": f"Stage {' / '.join(groups)}",
            "stage_groups": groups,
            "edition": "8",
        }

    def metastatic(self, cid: str) -> dict[str, Any]:
        required = self.rng.random() < 0.8
        label = "Metastatic disease" if required else "No metastatic disease"
        return {"type": "metastatic", "id": cid, "label": label, "required": required}

    def performance(self, cid: str) -> dict[str, Any]:
        if self.rng.random() < 0.85:
            top = self.rng.choice((1, 1, 1, 2))
            return {
                "type": "performance_status",
                "id": cid,
                "label": f"ECOG 0–{top}",
                "ecog_max": top,
            }
        minimum = self.rng.choice((60, 70, 80))
        return {
            "type": "performance_status",
            "id": cid,
            "label": f"Karnofsky ≥ {minimum}",
            "karnofsky_min": minimum,
        }

    def age(self, cid: str) -> dict[str, Any]:
        criterion: dict[str, Any] = {"type": "age", "id": cid, "label": "Age"}
        criterion["min_years"] = self.rng.choice((18, 18, 18, 12, 20))
        if self.rng.random() < 0.35:
            criterion["max_years"] = self.rng.choice((65, 70, 75, 80))
        return criterion

    def sex(self, cid: str) -> dict[str, Any]:
        sex = self.rng.choice(("female", "male"))
        return {"type": "sex", "id": cid, "label": f"Sex: {sex}", "allowed": [sex]}

    def prior_lines(self, cid: str) -> dict[str, Any]:
        low, high = self.rng.choice(((0, 0), (1, None), (1, 2), (1, 3), (2, None), (0, 1)))
        criterion: dict[str, Any] = {"type": "prior_lines", "id": cid, "label": "Prior lines"}
        criterion["min_lines"] = low
        if high is not None:
            criterion["max_lines"] = high
        return criterion

    def prior_therapy(self, cid: str) -> dict[str, Any]:
        drug_class = self.rng.choice(self.classes)
        received = self.rng.random() < 0.45
        criterion: dict[str, Any] = {
            "type": "prior_therapy",
            "id": cid,
            "label": f"{'Prior' if received else 'No prior'} {drug_class.value}",
            "drug_class": drug_class.value,
            "received": received,
        }
        if received and self.rng.random() < 0.3:
            criterion["line"] = 1
        return criterion

    def qtc(self, cid: str) -> dict[str, Any]:
        male, female = self.rng.choice(((450, 470), (470, 470), (480, 480), (500, 500)))
        return {
            "type": "qtc",
            "id": cid,
            "label": f"QTc ≤ {male}/{female} ms",
            "max_ms_male": male,
            "max_ms_female": female,
        }

    def lab(self, cid: str) -> dict[str, Any]:
        analyte, comparator, thresholds, uln = self.rng.choice(_LABS)
        criterion: dict[str, Any] = {
            "type": "lab",
            "id": cid,
            "label": f"{analyte.value} {comparator}",
            "analyte": analyte.value,
            "comparator": comparator,
        }
        threshold = self.rng.choice(thresholds)
        if uln:
            criterion["times_uln"] = threshold
        else:
            criterion["value"] = threshold
            criterion["unit"] = CANONICAL_UNITS[analyte]
        if self.rng.random() < 0.3:
            criterion["within_days"] = self.rng.choice((14, 28))
        return criterion

    def comorbidity(self, cid: str) -> dict[str, Any]:
        condition = self.rng.choice(_COMORBIDITIES)
        grade = self.rng.choice((1, 1, 2, 3))
        return {
            "type": "comorbidity",
            "id": cid,
            "label": f"No {condition.value} (grade ≥ {grade})",
            "condition": condition.value,
            "min_grade": grade,
            "section": "exclusion",
        }

    def biomarker(self, cid: str) -> dict[str, Any]:
        name, fields = self.rng.choice(_BIOMARKERS)
        return {"type": "biomarker", "id": cid, "label": name, "name": name, **fields}

    def free_text(self, cid: str) -> dict[str, Any]:
        text = self.rng.choice(_FREE_TEXT)
        return {"type": "free_text", "id": cid, "label": text, "text": text}

    def combinator(self, cid: str) -> dict[str, Any]:
        kind = self.rng.choice(("any_of", "all_of", "not"))
        if kind == "not":
            inner = self.comorbidity(f"{cid}a")
            return {"type": "not", "id": cid, "label": "Not", "criterion": inner}
        children = [self.lab(f"{cid}a"), self.performance(f"{cid}b")]
        return {"type": kind, "id": cid, "label": kind.replace("_", " "), "criteria": children}


def synthetic_trials(
    count: int = DEFAULT_TRIALS, seed: int = DEFAULT_SEED, taxonomy: CancerTaxonomy | None = None
) -> Iterator[dict[str, Any]]:
    """Trials as catalog-JSON dicts (the `Trial` field names), `SYN-000001` upward."""
    taxonomy = taxonomy or default_taxonomy()
    rng = random.Random(seed)  # noqa: S311 - deterministic test data, not security
    builder = _Builder(rng, cancer_types(taxonomy), taxonomy)
    for number in range(1, count + 1):
        yield builder.trial(number)


def write_catalog(path: Path, count: int = DEFAULT_TRIALS, seed: int = DEFAULT_SEED) -> Path:
    """Write the catalog as NDJSON (one trial per line): `ONCOMATCH_SYNTHETIC_CATALOG` reads it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for trial in synthetic_trials(count, seed):
            out.write(orjson.dumps(trial))
            out.write(b"\n")
    return path
