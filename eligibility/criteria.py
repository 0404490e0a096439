"""Eligibility criteria as data: a discriminated union of pydantic models (field `type`).

Every criterion is phrased as something the patient must satisfy ("ECOG 0–1", "No grade ≥ 2
heart failure"), so `met` always means "good for enrolment" — also for criteria that came from
the protocol's exclusion list (`section="exclusion"` only records where the text came from).

Catalog JSON files and imported trials use exactly these field names. Taxonomy node ids are
checked against the cancer-type taxonomy when a validation context carries one
(`{"taxonomy": CancerTaxonomy}`, as the catalog loader passes), so an unknown node is reported
with its field path; the catalog checks again when it compiles trials built in code.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from eligibility.errors import UnknownTaxonomyNodeError
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import (
    CANONICAL_UNITS,
    Analyte,
    Comorbidity,
    DrugClass,
    RadiotherapySite,
    Sex,
)

Section = Literal["inclusion", "exclusion"]
Comparator = Literal["<", "<=", ">", ">="]


class CriterionBase(BaseModel):
    """Fields every criterion has. `id` is unique within a trial (checked by `Trial`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    section: Section = "inclusion"
    source_text: str | None = None


class CancerTypeCriterion(CriterionBase):
    """The patient's primary cancer is one of `allowed` (or a descendant) and not `excluded`.

    `allowed` empty means any cancer type not excluded. `["solid_tumor"]` is a basket trial.
    """

    type: Literal["cancer_type"] = "cancer_type"
    allowed: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()

    @field_validator("allowed", "excluded")
    @classmethod
    def _known_nodes(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        taxonomy = info.context.get("taxonomy") if isinstance(info.context, dict) else None
        if isinstance(taxonomy, CancerTaxonomy):
            for node_id in value:
                if node_id not in taxonomy:
                    # A ValueError becomes a ValidationError carrying the field path.
                    raise ValueError(f"unknown cancer-type node {node_id!r}")
        return value

    @model_validator(mode="after")
    def _says_something(self) -> CancerTypeCriterion:
        if not self.allowed and not self.excluded:
            raise ValueError("a cancer_type criterion needs allowed or excluded nodes")
        return self

    def check_nodes(self, taxonomy: CancerTaxonomy) -> None:
        for node_id in (*self.allowed, *self.excluded):
            if node_id not in taxonomy:
                raise UnknownTaxonomyNodeError(node_id, where=f"criterion {self.id}")


_M_CATEGORY = re.compile(r"^M[0-9X]", re.IGNORECASE)


class StageCriterion(CriterionBase):
    """Stage requirement.

    When `m_categories` is set the M category decides: a recorded M category satisfies a required
    one it starts with, so M1a/M1b (AJCC 9th) satisfy "M1" (AJCC 8th). The stage group and
    edition are shown in the reason but never reject a patient whose M category qualifies —
    stage groups are renumbered between editions (NPC IVB is M1 in the 8th, M1b in the 9th).
    `stage_groups` alone (no M requirement) compares stage groups and is only trusted within the
    same edition.
    """

    type: Literal["stage"] = "stage"
    m_categories: tuple[str, ...] = ()
    stage_groups: tuple[str, ...] = ()
    edition: str | None = None  # AJCC edition the protocol was written against, "8" or "9"
    # STG-OWNER: the cancer (taxonomy nodes) whose stage is meant, usually the trial's own;
    # empty: any cancer the patient has.
    of_cancer: tuple[str, ...] = ()

    @field_validator("m_categories")
    @classmethod
    def _m_shape(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for category in value:
            if not _M_CATEGORY.match(category):
                raise ValueError(f"{category!r} is not an M category like 'M1'")
        return value

    @model_validator(mode="after")
    def _says_something(self) -> StageCriterion:
        if not self.m_categories and not self.stage_groups:
            raise ValueError("a stage criterion needs m_categories or stage_groups")
        return self


class MetastaticCriterion(CriterionBase):
    """`required=True`: metastatic disease required; `False`: must not be metastatic."""

    type: Literal["metastatic"] = "metastatic"
    required: bool = True
    # STG-OWNER: the cancer (taxonomy nodes) whose spread is meant; empty: any cancer.
    of_cancer: tuple[str, ...] = ()


DiseaseExtent = Literal["locally_advanced", "unresectable", "recurrent", "metastatic"]
_EXTENT_ORDER: tuple[DiseaseExtent, ...] = (
    "locally_advanced",
    "unresectable",
    "recurrent",
    "metastatic",
)


class DiseaseExtentCriterion(CriterionBase):
    """The disease must be at least one of the `allowed` extents ("locally advanced,
    unresectable or metastatic"; rule EXT-EXTENT). `of_cancer` as for `metastatic`."""

    type: Literal["disease_extent"] = "disease_extent"
    allowed: tuple[DiseaseExtent, ...] = Field(min_length=1)
    of_cancer: tuple[str, ...] = ()

    @field_validator("allowed")
    @classmethod
    def _canonical(cls, value: tuple[DiseaseExtent, ...]) -> tuple[DiseaseExtent, ...]:
        # One order whatever the text's: equal requirements are one rule in a catalog.
        return tuple(extent for extent in _EXTENT_ORDER if extent in value)


class MeasurableDiseaseCriterion(CriterionBase):
    """At least one measurable lesion by the response criteria named (`standard`, e.g.
    "RECIST 1.1"; None when the text names none; rule EXT-MEASURABLE)."""

    type: Literal["measurable_disease"] = "measurable_disease"
    standard: str | None = None


class PerformanceStatusCriterion(CriterionBase):
    """ECOG range (inclusive) and/or a Karnofsky minimum, judged on the latest score;
    `within_days` asks for a score no older than that many days before `as_of` (without it,
    the pre-screen window of VAL-STALE applies)."""

    type: Literal["performance_status"] = "performance_status"
    ecog_min: int = Field(default=0, ge=0, le=5)
    ecog_max: int | None = Field(default=None, ge=0, le=5)
    karnofsky_min: int | None = Field(default=None, ge=0, le=100)
    within_days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _says_something(self) -> PerformanceStatusCriterion:
        if self.ecog_max is None and self.karnofsky_min is None and self.ecog_min == 0:
            raise ValueError("a performance_status criterion needs ecog_max or karnofsky_min")
        if self.ecog_max is not None and self.ecog_max < self.ecog_min:
            raise ValueError("ecog_max is below ecog_min")
        return self


class AgeCriterion(CriterionBase):
    """Age in whole years at `as_of`, both bounds inclusive."""

    type: Literal["age"] = "age"
    min_years: int | None = Field(default=None, ge=0)
    max_years: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _bounds(self) -> AgeCriterion:
        if self.min_years is None and self.max_years is None:
            raise ValueError("an age criterion needs min_years or max_years")
        if (
            self.min_years is not None
            and self.max_years is not None
            and self.max_years < self.min_years
        ):
            raise ValueError("max_years is below min_years")
        return self


class SexCriterion(CriterionBase):
    type: Literal["sex"] = "sex"
    allowed: tuple[Sex, ...] = Field(min_length=1)


# `advanced`: lines for advanced disease, locally advanced included — LOT-SETTING's curative
# lines may have been given for locally advanced disease, so they make a count uncertain
# (LOT-ADVANCED).
LineScope = Literal["recurrent_metastatic", "advanced", "any"]


class PriorLinesCriterion(CriterionBase):
    """Number of prior lines of systemic therapy (inclusive bounds), of the trial's cancer in a
    setting (`setting`, `cancer_types`: see `Trial`, which fills them when a file leaves them
    out; rules LOT-SETTING and LOT-CANCER)."""

    type: Literal["prior_lines"] = "prior_lines"
    min_lines: int | None = Field(default=None, ge=0)
    max_lines: int | None = Field(default=None, ge=0)
    setting: LineScope | None = None
    cancer_types: tuple[str, ...] = ()  # taxonomy nodes; () counts lines of any cancer

    @model_validator(mode="after")
    def _bounds(self) -> PriorLinesCriterion:
        if self.min_lines is None and self.max_lines is None:
            raise ValueError("a prior_lines criterion needs min_lines or max_lines")
        if (
            self.min_lines is not None
            and self.max_lines is not None
            and self.max_lines < self.min_lines
        ):
            raise ValueError("max_lines is below min_lines")
        return self


class PriorTherapyCriterion(CriterionBase):
    """Must have (`received=True`) or must not have received a drug class or a named agent,
    optionally within one line (`line=1` is the first line)."""

    type: Literal["prior_therapy"] = "prior_therapy"
    drug_class: DrugClass | None = None
    agent: str | None = None  # normalised generic name, lower case, as in TherapyExposure.agent
    received: bool = True
    line: int | None = Field(default=None, ge=1)
    # Which lines `line` numbers: as in PriorLinesCriterion.
    setting: LineScope | None = None
    cancer_types: tuple[str, ...] = ()

    @field_validator("agent")
    @classmethod
    def _lower(cls, value: str | None) -> str | None:
        return value.strip().lower() if value is not None else None

    @model_validator(mode="after")
    def _one_target(self) -> PriorTherapyCriterion:
        if (self.drug_class is None) == (self.agent is None):
            raise ValueError("a prior_therapy criterion needs exactly one of drug_class, agent")
        return self


class QTcCriterion(CriterionBase):
    """Latest QTc must not exceed the limit for the patient's sex (strictly greater fails);
    `within_days` asks for an ECG no older than that many days before `as_of` (without it,
    the pre-screen window of VAL-STALE applies)."""

    type: Literal["qtc"] = "qtc"
    max_ms_male: float = Field(gt=0)
    max_ms_female: float = Field(gt=0)
    within_days: int | None = Field(default=None, ge=0)
    # VAL-QTC-ECGS: what the limit is on: one ECG; the mean of several ("Mean resting QTcF",
    # "average of triplicate ECGs"); or a QTc over it on repeated ECGs ("on 2 or more time
    # points"). On several ECGs, one ECG over the limit asks for more ECGs, it does not exclude.
    ecgs: Literal["one", "mean", "repeated"] = "one"
    # VAL-QTC-FORMULAS: the correction formula the limit names ("QTcF > 470 msec": Fridericia),
    # when it names one: an ECG's QTc by that formula decides, another formula's beside it not.
    formula: Literal["Fridericia", "Bazett"] | None = None


class LabCriterion(CriterionBase):
    """`<analyte> <comparator> value` in the analyte's canonical unit, or `times_uln` × ULN.

    `within_days` asks for a result no older than that many days before `as_of` (without it,
    the pre-screen window of VAL-STALE applies).
    """

    type: Literal["lab"] = "lab"
    analyte: Analyte
    comparator: Comparator
    value: float | None = None
    unit: str | None = None
    times_uln: float | None = Field(default=None, gt=0)
    within_days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _threshold(self) -> LabCriterion:
        if (self.value is None) == (self.times_uln is None):
            raise ValueError("a lab criterion needs exactly one of value, times_uln")
        if self.value is not None:
            canonical = CANONICAL_UNITS[self.analyte]
            # The unit is optional (it is implied) but, when written, must be the canonical one:
            # facts are converted to canonical units, so any other unit would compare wrongly.
            if self.unit is not None and self.unit != canonical:
                raise ValueError(
                    f"unit {self.unit!r} is not the canonical unit {canonical!r} of "
                    f"{self.analyte.value}; write the threshold in {canonical}"
                )
        return self


class ComorbidityCriterion(CriterionBase):
    """The patient must NOT have an active `condition` at grade ≥ `min_grade`."""

    type: Literal["comorbidity"] = "comorbidity"
    condition: Comorbidity
    min_grade: int = Field(default=1, ge=1, le=5)


class PriorRadiotherapyCriterion(CriterionBase):
    """Must have (`received=True`) or must not have received radiotherapy to any of `sites`
    (rule TRIAL-NO-PRIOR-LOCOREGIONAL-RT)."""

    type: Literal["prior_radiotherapy"] = "prior_radiotherapy"
    sites: tuple[RadiotherapySite, ...] = Field(min_length=1)
    received: bool = False
    # The trial's cancer, filled in from its cancer-type criterion (`scope_to_trial`): a head
    # and neck cancer older than it was treated before (RT-OTHER-HEAD-AND-NECK-CANCER).
    cancer_types: tuple[str, ...] = ()


BrainMetastasesAllowed = Literal["none", "treated_stable", "not_active", "asymptomatic", "any"]


class BrainMetastasesCriterion(CriterionBase):
    """Which brain / CNS metastases a trial accepts (rule CNS-METASTASES): `none` at all; only
    ones `treated_stable` (radiotherapy or surgery to the brain, then stable — for at least
    `stable_days` when the text gives a window; `steroids_allowed` False when the patient must be
    off corticosteroids, for at least `steroid_free_days` when the text gives how long;
    `steroid_stable_days` when corticosteroids are allowed at a dose
    unchanged for that many days); everything but active ones (`not_active`: untreated,
    progressing or symptomatic ones excluded); only ones that cause no symptoms and need no
    treatment now (`asymptomatic`: untreated, asymptomatic ones admitted; CT-CNS-QUALIFIER); or
    `any`."""

    type: Literal["brain_metastases"] = "brain_metastases"
    allowed: BrainMetastasesAllowed
    stable_days: int | None = Field(default=None, ge=0)
    steroids_allowed: bool = True
    steroid_free_days: int | None = Field(default=None, ge=0)
    steroid_stable_days: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _conditions_fit(self) -> BrainMetastasesCriterion:
        if self.allowed != "treated_stable" and (
            self.stable_days is not None
            or not self.steroids_allowed
            or self.steroid_free_days is not None
            or self.steroid_stable_days is not None
        ):
            raise ValueError(
                "stable_days, steroids_allowed, steroid_free_days and steroid_stable_days apply "
                "only to treated_stable"
            )
        if self.steroid_free_days is not None and self.steroids_allowed:
            raise ValueError("steroid_free_days needs steroids_allowed false (off corticosteroids)")
        if self.steroid_stable_days is not None and not self.steroids_allowed:
            raise ValueError(
                "steroid_stable_days needs steroids_allowed (a stable dose is allowed)"
            )
        return self


InfectionKind = Literal["hiv", "hepatitis_b", "hepatitis_c"]
ControlTest = Literal["antiviral_therapy", "viral_load", "cd4"]
InfectionExcluded = Literal["any", "ever", "uncontrolled"]


class InfectionCriterion(CriterionBase):
    """The patient must not have `infection` (`excluded="any"`), must never have had it, a
    resolved or cured infection too (`excluded="ever"`: "history of hepatitis C"), or must not
    have it uncontrolled / active (`excluded="uncontrolled"`; rules INF-HIV, INF-HEPATITIS).

    With `uncontrolled`, the protocol may define controlled itself (rule INF-DEFINED):
    `controlled_by` names what must be shown (empty: INF-HIV's therapy, viral load and CD4;
    INF-HEPATITIS's viral load); the viral load must be below `viral_load_below_iu_ml` /
    `viral_load_below_copies_ml` (none set: not detected; HIV: below 200 copies/mL), the CD4
    count at least `cd4_at_least` (default 350); for hepatitis B, `surface_antigen` says what a
    positive HBsAg is — `excludes` whatever the DNA, `allowed` once the DNA is controlled, unset
    when the protocol does not say."""

    type: Literal["infection"] = "infection"
    infection: InfectionKind
    excluded: InfectionExcluded = "any"
    controlled_by: tuple[ControlTest, ...] = ()
    viral_load_below_iu_ml: float | None = Field(default=None, gt=0)
    viral_load_below_copies_ml: float | None = Field(default=None, gt=0)
    cd4_at_least: float | None = Field(default=None, gt=0)
    surface_antigen: Literal["excludes", "allowed"] | None = None

    @model_validator(mode="after")
    def _definition_fits(self) -> InfectionCriterion:
        defined = (
            self.controlled_by
            or self.viral_load_below_iu_ml is not None
            or self.viral_load_below_copies_ml is not None
            or self.cd4_at_least is not None
            or self.surface_antigen is not None
        )
        if defined and self.excluded != "uncontrolled":
            raise ValueError(
                "controlled_by, viral_load_below_*, cd4_at_least and surface_antigen define "
                "a controlled infection: they need excluded 'uncontrolled'"
            )
        if self.cd4_at_least is not None and self.infection != "hiv":
            raise ValueError("cd4_at_least applies to hiv only")
        if "cd4" in self.controlled_by and self.infection != "hiv":
            raise ValueError("controlled_by 'cd4' applies to hiv only")
        if self.surface_antigen is not None and self.infection != "hepatitis_b":
            raise ValueError("surface_antigen applies to hepatitis_b only")
        if len(set(self.controlled_by)) != len(self.controlled_by):
            raise ValueError("controlled_by names each test once")
        if self.controlled_by:
            limits_load = (
                self.viral_load_below_iu_ml is not None
                or self.viral_load_below_copies_ml is not None
            )
            if limits_load and "viral_load" not in self.controlled_by:
                raise ValueError("viral_load_below_* needs 'viral_load' in controlled_by")
            if self.cd4_at_least is not None and "cd4" not in self.controlled_by:
                raise ValueError("cd4_at_least needs 'cd4' in controlled_by")
        return self


OtherMalignancyException = Literal["non_melanoma_skin", "in_situ", "curatively_treated"]


class OtherMalignancyCriterion(CriterionBase):
    """The patient must not have had a malignancy other than the trial's cancer (rule
    MAL-OTHER): within the last `within_years` years (None: ever), save the `excepted` kinds —
    basal or squamous cell skin cancer (`non_melanoma_skin`), carcinoma in situ (`in_situ`),
    one treated and now in remission or resolved (`curatively_treated`); with `active_only`,
    only one still active (progressing or under treatment) excludes. The window counts from the
    cancer's diagnosis (`counted_from` "diagnosis"), or from its last treatment ("treatment",
    MAL-TREATED: "progressing or has required active treatment within the past 3 years").
    `cancer_types` names the trial's cancer; empty, each of the patient's cancers is tried as
    the trial's."""

    type: Literal["other_malignancy"] = "other_malignancy"
    within_years: int | None = Field(default=None, ge=1, le=30)
    counted_from: Literal["diagnosis", "treatment"] = "diagnosis"
    excepted: tuple[OtherMalignancyException, ...] = ()
    active_only: bool = False
    cancer_types: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _window_from_treatment(self) -> OtherMalignancyCriterion:
        if self.counted_from == "treatment" and (self.within_years is None or self.active_only):
            raise ValueError(
                "counted_from 'treatment' needs within_years, and is not active_only (a window "
                "from the last treatment already excludes a cancer under treatment)"
            )
        return self


class BiomarkerCriterion(CriterionBase):
    """A biomarker result: positive/negative and/or a numeric range (inclusive).

    `name` is compared case- and punctuation-insensitively with `Biomarker.name`.
    """

    type: Literal["biomarker"] = "biomarker"
    name: str = Field(min_length=1)
    result: Literal["positive", "negative"] | None = None
    min_value: float | None = None
    max_value: float | None = None
    unit: str | None = None

    @model_validator(mode="after")
    def _says_something(self) -> BiomarkerCriterion:
        if self.result is None and self.min_value is None and self.max_value is None:
            raise ValueError("a biomarker criterion needs result, min_value or max_value")
        return self


class FreeTextCriterion(CriterionBase):
    """Protocol text not turned into structure: never evaluated, always listed for review.

    `not_checkable_from_chart`: a curator read the item and found that no chart can settle it
    (consent, willingness, the investigator's opinion): it stays on the checklist for the study
    team, but no longer waits for a curator to encode it."""

    type: Literal["free_text"] = "free_text"
    text: str = Field(min_length=1)
    not_checkable_from_chart: bool = False


class AllOfCriterion(CriterionBase):
    type: Literal["all_of"] = "all_of"
    criteria: tuple[Criterion, ...] = Field(min_length=1)


class AnyOfCriterion(CriterionBase):
    type: Literal["any_of"] = "any_of"
    criteria: tuple[Criterion, ...] = Field(min_length=1)


class NotCriterion(CriterionBase):
    type: Literal["not"] = "not"
    criterion: Criterion


Criterion = Annotated[
    CancerTypeCriterion
    | StageCriterion
    | MetastaticCriterion
    | DiseaseExtentCriterion
    | MeasurableDiseaseCriterion
    | PerformanceStatusCriterion
    | AgeCriterion
    | SexCriterion
    | PriorLinesCriterion
    | PriorTherapyCriterion
    | QTcCriterion
    | LabCriterion
    | ComorbidityCriterion
    | PriorRadiotherapyCriterion
    | BrainMetastasesCriterion
    | InfectionCriterion
    | OtherMalignancyCriterion
    | BiomarkerCriterion
    | FreeTextCriterion
    | AllOfCriterion
    | AnyOfCriterion
    | NotCriterion,
    Field(discriminator="type"),
]
"""Any criterion; JSON objects are dispatched on their `type` field."""

for _model in (AllOfCriterion, AnyOfCriterion, NotCriterion):
    _model.model_rebuild()


def walk(criterion: Criterion) -> tuple[Criterion, ...]:
    """The criterion and every criterion nested inside it, depth first."""
    # `type(...) is` rather than isinstance: pydantic's metaclass makes isinstance slow, and this
    # runs for every criterion of a 25k-trial catalog at load.
    if type(criterion) is AllOfCriterion or type(criterion) is AnyOfCriterion:
        nested: list[Criterion] = [criterion]
        for child in criterion.criteria:
            nested.extend(walk(child))
        return tuple(nested)
    if type(criterion) is NotCriterion:
        return (criterion, *walk(criterion.criterion))
    return (criterion,)


def scope_to_trial(
    criterion: Criterion, setting: LineScope, cancers: tuple[str, ...] = ()
) -> Criterion:
    """The criterion with the trial's setting filled wherever a line-counting criterion (itself
    or nested) leaves it out (LOT-SETTING). The same object when there is nothing to fill.
    Criteria that name no cancer are decided for each of the patient's cancers instead
    (LOT-CANCER, STG-OWNER: `eligibility.rules.therapy`, `eligibility.rules.disease`), so
    that equal criteria of trials of different cancers stay one rule. An other-malignancy
    criterion that names no cancer gets the trial's (`cancers`, MAL-OTHER): "other" than what
    is the trial's to say, not the patient's; so does a prior-radiotherapy criterion, whose
    other head and neck cancer is one older than the trial's (RT-OTHER-HEAD-AND-NECK-CANCER)."""
    kind = type(criterion)
    if kind is OtherMalignancyCriterion or kind is PriorRadiotherapyCriterion:
        assert isinstance(criterion, OtherMalignancyCriterion | PriorRadiotherapyCriterion)
        if criterion.cancer_types or not cancers:
            return criterion
        return criterion.model_copy(update={"cancer_types": cancers})
    if isinstance(criterion, PriorTherapyCriterion) and criterion.line is None:
        # It reads every exposure, not lines: a setting would only make it a distinct rule.
        return criterion
    if kind is PriorLinesCriterion or kind is PriorTherapyCriterion:
        assert isinstance(criterion, PriorLinesCriterion | PriorTherapyCriterion)
        if criterion.setting is not None:
            return criterion
        return criterion.model_copy(update={"setting": setting})
    if kind is AllOfCriterion or kind is AnyOfCriterion:
        assert isinstance(criterion, AllOfCriterion | AnyOfCriterion)
        children = tuple(scope_to_trial(c, setting, cancers) for c in criterion.criteria)
        if all(a is b for a, b in zip(children, criterion.criteria, strict=True)):
            return criterion
        return criterion.model_copy(update={"criteria": children})
    if kind is NotCriterion:
        assert isinstance(criterion, NotCriterion)
        child = scope_to_trial(criterion.criterion, setting, cancers)
        return (
            criterion
            if child is criterion.criterion
            else criterion.model_copy(update={"criterion": child})
        )
    return criterion
