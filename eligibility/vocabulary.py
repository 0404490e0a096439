"""Closed vocabularies that facts and criteria share: drug classes, analytes, comorbidities.

The enum values are the wire names used in catalog JSON files.
"""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    UNKNOWN = "unknown"


class DrugClass(StrEnum):
    PLATINUM = "platinum"
    ANTI_PD1 = "anti_pd1"
    ANTI_PDL1 = "anti_pdl1"
    ANTI_CTLA4 = "anti_ctla4"
    TAXANE = "taxane"
    ANTIMETABOLITE = "antimetabolite"
    ANTHRACYCLINE = "anthracycline"
    ALKYLATING_AGENT = "alkylating_agent"
    VINCA_ALKALOID = "vinca_alkaloid"
    TOPOISOMERASE_INHIBITOR = "topoisomerase_inhibitor"
    ANTI_EGFR = "anti_egfr"
    EGFR_TKI = "egfr_tki"
    ANTI_HER2 = "anti_her2"
    ANTI_VEGF = "anti_vegf"
    MULTIKINASE_INHIBITOR = "multikinase_inhibitor"
    PARP_INHIBITOR = "parp_inhibitor"
    CDK46_INHIBITOR = "cdk46_inhibitor"
    ENDOCRINE_THERAPY = "endocrine_therapy"
    CHEMOTHERAPY = "chemotherapy"
    IMMUNE_CHECKPOINT_INHIBITOR = "immune_checkpoint_inhibitor"
    TARGETED_THERAPY = "targeted_therapy"


class Analyte(StrEnum):
    """Lab values the matcher reads. Canonical units are in `CANONICAL_UNITS`."""

    ANC = "anc"
    PLATELETS = "platelets"
    HEMOGLOBIN = "hemoglobin"
    CREATININE = "creatinine"
    CREATININE_CLEARANCE = "creatinine_clearance"
    EGFR = "egfr"  # estimated glomerular filtration rate, not the gene
    TOTAL_BILIRUBIN = "total_bilirubin"
    AST = "ast"
    ALT = "alt"


# UCUM codes. fhir_mapping converts every value to these; criteria are written in them.
CANONICAL_UNITS: dict[Analyte, str] = {
    Analyte.ANC: "10*9/L",
    Analyte.PLATELETS: "10*9/L",
    Analyte.HEMOGLOBIN: "g/dL",
    Analyte.CREATININE: "mg/dL",
    Analyte.CREATININE_CLEARANCE: "mL/min",
    Analyte.EGFR: "mL/min/{1.73_m2}",
    Analyte.TOTAL_BILIRUBIN: "mg/dL",
    Analyte.AST: "U/L",
    Analyte.ALT: "U/L",
}


class Comorbidity(StrEnum):
    CORONARY_HEART_DISEASE = "coronary_heart_disease"
    ARRHYTHMIA = "arrhythmia"
    HEART_FAILURE = "heart_failure"
    BRAIN_METASTASES = "brain_metastases"
    # Leptomeningeal spread: also BRAIN_METASTASES (a CNS metastasis), and never the treated,
    # stable ones a trial allows (CNS-METASTASES).
    LEPTOMENINGEAL_DISEASE = "leptomeningeal_disease"
    HIV = "hiv"
    HEPATITIS_B = "hepatitis_b"
    HEPATITIS_C = "hepatitis_c"
    AUTOIMMUNE_DISEASE = "autoimmune_disease"
    PRIOR_OTHER_MALIGNANCY = "prior_other_malignancy"
    INTERSTITIAL_LUNG_DISEASE = "interstitial_lung_disease"
    PREGNANCY = "pregnancy"


class RadiotherapySite(StrEnum):
    """Where radiotherapy was given, as eligibility criteria ask (TRIAL-NO-PRIOR-LOCOREGIONAL-RT).
    `head_and_neck` is the region holding `nasopharynx` and `neck`."""

    NASOPHARYNX = "nasopharynx"
    NECK = "neck"
    HEAD_AND_NECK = "head_and_neck"
    BRAIN = "brain"
    THORAX = "thorax"
    BREAST = "breast"
    ABDOMEN = "abdomen"
    PELVIS = "pelvis"
    BONE = "bone"


class StageKind(StrEnum):
    CLINICAL = "clinical"
    PATHOLOGICAL = "pathological"
    UNSPECIFIED = "unspecified"


class PerformanceScale(StrEnum):
    ECOG = "ecog"
    KARNOFSKY = "karnofsky"
