"""What each criterion type decides for a patient, and why: met / not_met / unknown, a reason,
evidence and a hint.

Rules shared by every criterion (the checklist is read by clinicians and coordinators):

- `unknown` means the data needed is missing or ambiguous; its `to_settle` says what to record.
- Something the patient must HAVE (a diagnosis, a stage, a prior line, a biomarker) that is not in
  the record is `unknown`, never `not_met`: the EHR may simply not hold it (treatment elsewhere).
- Something the patient must NOT have (a comorbidity, an excluded drug) that is not in the record
  is `met` ("No heart failure recorded"): otherwise no exclusion could ever be met.
- When the record does hold the relevant data, it is taken at its word (line 1 recorded without
  anti-PD-1 -> not_met).

Every leaf type has one shape of rule: `compile_<type>(criterion, taxonomy)` runs once per
distinct criterion content and returns a `LeafRule`, facts in, `Decision` out
(`eligibility.compilation` interns the contents and attaches each trial's id, label and text).
Modules: `decision` (`Decision`, `distinct`), `combinators` (all_of / any_of / not),
`recency`, and one per clinical topic: `disease` (cancer type, stage, metastatic), `extent`
(allowed disease extents, measurable disease), `performance`, `demographics` (age, sex),
`therapy` (prior lines, prior therapy), `cardiac` (QTc), `labs`, `comorbidities`, `cns`
(brain metastases), `infections`, `radiotherapy`, `biomarkers`, `free_text`.
"""

from __future__ import annotations

from typing import Any

from eligibility.criteria import (
    AgeCriterion,
    BiomarkerCriterion,
    BrainMetastasesCriterion,
    CancerTypeCriterion,
    ComorbidityCriterion,
    DiseaseExtentCriterion,
    FreeTextCriterion,
    InfectionCriterion,
    LabCriterion,
    MeasurableDiseaseCriterion,
    MetastaticCriterion,
    OtherMalignancyCriterion,
    PerformanceStatusCriterion,
    PriorLinesCriterion,
    PriorRadiotherapyCriterion,
    PriorTherapyCriterion,
    QTcCriterion,
    SexCriterion,
    StageCriterion,
)
from eligibility.rules.biomarkers import compile_biomarker
from eligibility.rules.cardiac import compile_qtc
from eligibility.rules.cns import compile_brain_metastases
from eligibility.rules.combinators import Labelled, all_of_decision, any_of_decision, not_decision
from eligibility.rules.comorbidities import compile_comorbidity
from eligibility.rules.decision import CompileRule, Decision, LeafRule
from eligibility.rules.demographics import compile_age, compile_sex
from eligibility.rules.disease import (
    compile_cancer_type,
    compile_metastatic,
    compile_stage,
)
from eligibility.rules.extent import compile_disease_extent, compile_measurable_disease
from eligibility.rules.free_text import compile_free_text
from eligibility.rules.infections import compile_infection
from eligibility.rules.labs import compile_lab
from eligibility.rules.other_malignancy import compile_other_malignancy
from eligibility.rules.performance import compile_performance
from eligibility.rules.radiotherapy import compile_prior_radiotherapy
from eligibility.rules.therapy import compile_prior_lines, compile_prior_therapy

__all__ = [
    "LEAF_RULES",
    "CompileRule",
    "Decision",
    "Labelled",
    "LeafRule",
    "all_of_decision",
    "any_of_decision",
    "not_decision",
]

LEAF_RULES: dict[type[Any], CompileRule] = {
    CancerTypeCriterion: compile_cancer_type,
    StageCriterion: compile_stage,
    MetastaticCriterion: compile_metastatic,
    DiseaseExtentCriterion: compile_disease_extent,
    MeasurableDiseaseCriterion: compile_measurable_disease,
    PerformanceStatusCriterion: compile_performance,
    AgeCriterion: compile_age,
    SexCriterion: compile_sex,
    PriorLinesCriterion: compile_prior_lines,
    PriorTherapyCriterion: compile_prior_therapy,
    QTcCriterion: compile_qtc,
    LabCriterion: compile_lab,
    ComorbidityCriterion: compile_comorbidity,
    PriorRadiotherapyCriterion: compile_prior_radiotherapy,
    BrainMetastasesCriterion: compile_brain_metastases,
    InfectionCriterion: compile_infection,
    OtherMalignancyCriterion: compile_other_malignancy,
    BiomarkerCriterion: compile_biomarker,
    FreeTextCriterion: compile_free_text,
}
"""How to prepare each leaf criterion type; combinators are handled in `compilation`.
A plain dict on the exact type: `isinstance` chains over pydantic models are slow at catalog
scale."""
