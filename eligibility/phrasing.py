"""How criteria and facts are worded for clinicians in reasons and hints.

Kept apart from the evaluation rules so wording can change without touching logic, and so the
importer can label the criteria it extracts the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from eligibility.vocabulary import Analyte, Comorbidity, DrugClass, RadiotherapySite, Sex

DRUG_CLASS_LABELS: dict[DrugClass, str] = {
    DrugClass.PLATINUM: "platinum-based chemotherapy",
    DrugClass.ANTI_PD1: "anti-PD-1 therapy",
    DrugClass.ANTI_PDL1: "anti-PD-L1 therapy",
    DrugClass.ANTI_CTLA4: "anti-CTLA-4 therapy",
    DrugClass.TAXANE: "a taxane",
    DrugClass.ANTIMETABOLITE: "an antimetabolite",
    DrugClass.ANTHRACYCLINE: "an anthracycline",
    DrugClass.ALKYLATING_AGENT: "an alkylating agent",
    DrugClass.VINCA_ALKALOID: "a vinca alkaloid",
    DrugClass.TOPOISOMERASE_INHIBITOR: "a topoisomerase inhibitor",
    DrugClass.ANTI_EGFR: "an anti-EGFR antibody",
    DrugClass.EGFR_TKI: "an EGFR tyrosine-kinase inhibitor",
    DrugClass.ANTI_HER2: "anti-HER2 therapy",
    DrugClass.ANTI_VEGF: "anti-VEGF therapy",
    DrugClass.MULTIKINASE_INHIBITOR: "a multikinase inhibitor",
    DrugClass.PARP_INHIBITOR: "a PARP inhibitor",
    DrugClass.CDK46_INHIBITOR: "a CDK4/6 inhibitor",
    DrugClass.ENDOCRINE_THERAPY: "endocrine therapy",
    DrugClass.CHEMOTHERAPY: "chemotherapy",
    DrugClass.IMMUNE_CHECKPOINT_INHIBITOR: "an immune checkpoint inhibitor",
    DrugClass.TARGETED_THERAPY: "targeted therapy",
}


# How a lab criterion's comparator is written for a reader ("ANC ≥ 1.5 × 10⁹/L").
COMPARATOR_SYMBOLS: dict[str, str] = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def without_article(label: str) -> str:
    """A label as it reads after "No" or "prior": "a taxane" -> "taxane" ("No taxane in line 1",
    not "No a taxane in line 1")."""
    for article in ("a ", "an "):
        if label.startswith(article):
            return label[len(article) :]
    return label


ANALYTE_LABELS: dict[Analyte, str] = {
    Analyte.ANC: "ANC",
    Analyte.PLATELETS: "platelets",
    Analyte.HEMOGLOBIN: "haemoglobin",
    Analyte.CREATININE: "creatinine",
    Analyte.CREATININE_CLEARANCE: "creatinine clearance",
    Analyte.EGFR: "eGFR",
    Analyte.TOTAL_BILIRUBIN: "total bilirubin",
    Analyte.AST: "AST",
    Analyte.ALT: "ALT",
}

COMORBIDITY_LABELS: dict[Comorbidity, str] = {
    Comorbidity.CORONARY_HEART_DISEASE: "coronary heart disease",
    Comorbidity.ARRHYTHMIA: "arrhythmia",
    Comorbidity.HEART_FAILURE: "heart failure",
    Comorbidity.BRAIN_METASTASES: "brain metastases",
    Comorbidity.LEPTOMENINGEAL_DISEASE: "leptomeningeal disease",
    Comorbidity.HIV: "HIV infection",
    Comorbidity.HEPATITIS_B: "hepatitis B",
    Comorbidity.HEPATITIS_C: "hepatitis C",
    Comorbidity.AUTOIMMUNE_DISEASE: "autoimmune disease",
    Comorbidity.PRIOR_OTHER_MALIGNANCY: "another prior malignancy",
    Comorbidity.INTERSTITIAL_LUNG_DISEASE: "interstitial lung disease",
    Comorbidity.PREGNANCY: "pregnancy",
}

RADIOTHERAPY_SITE_LABELS: dict[RadiotherapySite, str] = {
    RadiotherapySite.NASOPHARYNX: "nasopharynx",
    RadiotherapySite.NECK: "neck",
    RadiotherapySite.HEAD_AND_NECK: "head and neck",
    RadiotherapySite.BRAIN: "brain",
    RadiotherapySite.THORAX: "thorax",
    RadiotherapySite.BREAST: "breast",
    RadiotherapySite.ABDOMEN: "abdomen",
    RadiotherapySite.PELVIS: "pelvis",
    RadiotherapySite.BONE: "bone",
}

SEX_LABELS: dict[Sex, str] = {
    Sex.MALE: "male",
    Sex.FEMALE: "female",
    Sex.OTHER: "other",
    Sex.UNKNOWN: "unknown",
}


def on(when: date | None) -> str:
    """' on 2026-10-30', or '' when the fact is undated (ISO dates: unambiguous everywhere)."""
    return f" on {when.isoformat()}" if when is not None else ""


def number(value: float) -> str:
    """450.0 -> '450', 1.5 -> '1.5'."""
    return f"{value:g}"


def bounds(low: float | None, high: float | None, *, unit: str = "") -> str:
    """'0–1', '≤ 70', '≥ 18' (inclusive bounds), with an optional unit suffix."""
    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        if low == high:
            return f"exactly {number(low)}{suffix}"
        return f"{number(low)}–{number(high)}{suffix}"
    if high is not None:
        return f"≤ {number(high)}{suffix}"
    if low is not None:
        return f"≥ {number(low)}{suffix}"
    return "any"


def edition(value: str | None) -> str | None:
    """'9' -> 'AJCC 9th edition'; 'CN2008' -> 'Chinese 2008 NPC staging' (STG-EDITION)."""
    if value is None:
        return None
    if value.startswith("CN"):
        return f"Chinese {value.removeprefix('CN')} NPC staging"
    digits = value.strip().removeprefix("AJCC").strip()
    suffix = {"1": "st", "2": "nd", "3": "rd"}.get(digits[-1:], "th") if digits else ""
    if digits in {"11", "12", "13"}:
        suffix = "th"
    return f"AJCC {digits}{suffix} edition"


EXTENT_LABELS: dict[str, str] = {
    "locally_advanced": "locally advanced",
    "unresectable": "unresectable",
    "recurrent": "recurrent",
    "metastatic": "metastatic",
}
"""The disease extents of `DiseaseExtentCriterion` as a reader says them."""


def either(items: Iterable[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    words = list(items)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def join(items: Iterable[str]) -> str:
    return ", ".join(items)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# The kinds an other-malignancy criterion excepts (MAL-OTHER), as cards and pages say them.
OTHER_MALIGNANCY_EXCEPTION_LABELS = {
    "non_melanoma_skin": "basal or squamous cell skin cancer",
    "in_situ": "carcinoma in situ",
    "curatively_treated": "a cancer treated and now in remission",
}


def other_malignancy(
    within_years: int | None,
    excepted: Iterable[str],
    active_only: bool = False,
    counted_from: str = "diagnosis",
) -> str:
    """'other malignancy within 5 years, except carcinoma in situ' (MAL-OTHER; 'other
    malignancy progressing or treated within 3 years', MAL-TREATED), as the rule's requirement
    ("any …"), the trial page and an extracted criterion's label ("No …") say it."""
    kind = "other active malignancy" if active_only else "other malignancy"
    window = f" within {within_years} years" if within_years else ""
    if counted_from == "treatment":
        window = f" progressing or treated{window}"
    exceptions = join(OTHER_MALIGNANCY_EXCEPTION_LABELS[e] for e in excepted)
    return f"{kind}{window}" + (f", except {exceptions}" if exceptions else "")
