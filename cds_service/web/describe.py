"""Plain-language wording of a trial's structured criteria: detail lines and the FAQ.

Everything here is generated from the structured criteria, never written per trial, so a new
catalog file gets a complete page without anyone writing prose for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from eligibility.criteria import (
    AgeCriterion,
    AllOfCriterion,
    AnyOfCriterion,
    BiomarkerCriterion,
    BrainMetastasesCriterion,
    CancerTypeCriterion,
    ComorbidityCriterion,
    Criterion,
    CriterionBase,
    DiseaseExtentCriterion,
    FreeTextCriterion,
    InfectionCriterion,
    LabCriterion,
    MeasurableDiseaseCriterion,
    MetastaticCriterion,
    NotCriterion,
    OtherMalignancyCriterion,
    PerformanceStatusCriterion,
    PriorLinesCriterion,
    PriorRadiotherapyCriterion,
    PriorTherapyCriterion,
    QTcCriterion,
    SexCriterion,
    StageCriterion,
)
from eligibility.phrasing import (
    ANALYTE_LABELS,
    COMORBIDITY_LABELS,
    COMPARATOR_SYMBOLS,
    DRUG_CLASS_LABELS,
    EXTENT_LABELS,
    RADIOTHERAPY_SITE_LABELS,
    SEX_LABELS,
    bounds,
    edition,
    either,
    number,
    other_malignancy,
)
from eligibility.rules.infections import control_tests
from eligibility.taxonomy import CancerTaxonomy
from eligibility.trial import Trial, TrialStatus
from eligibility.vocabulary import CANONICAL_UNITS, Comorbidity

STATUS_LABELS: dict[TrialStatus, str] = {
    TrialStatus.RECRUITING: "Recruiting",
    TrialStatus.NOT_YET_RECRUITING: "Not yet recruiting",
    TrialStatus.ACTIVE_NOT_RECRUITING: "Active, not recruiting",
    TrialStatus.ENROLLING_BY_INVITATION: "Enrolling by invitation",
    TrialStatus.COMPLETED: "Completed",
    TrialStatus.SUSPENDED: "Suspended",
    TrialStatus.TERMINATED: "Terminated",
    TrialStatus.WITHDRAWN: "Withdrawn",
    TrialStatus.UNKNOWN: "Status unknown",
}

_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def ordinal_line(line: int) -> str:
    return f"{_ORDINALS.get(line, f'line {line}')} line" if line in _ORDINALS else f"line {line}"


def month_year(trial: Trial) -> str:
    return trial.data_as_of.strftime("%b %Y")


def therapy_target(c: PriorTherapyCriterion) -> str:
    return DRUG_CLASS_LABELS[c.drug_class] if c.drug_class is not None else str(c.agent)


def detail(criterion: Criterion, taxonomy: CancerTaxonomy) -> str:
    """One sentence saying exactly what the structured criterion asks for."""
    return _DETAILS[type(criterion)](criterion, taxonomy)


def _cancer_type_detail(c: CancerTypeCriterion, taxonomy: CancerTaxonomy) -> str:
    text = "Primary cancer: " + (
        " or ".join(_cancer_label(n, taxonomy) for n in c.allowed) or "any type"
    )
    if c.excluded:
        text += "; not " + " or ".join(_cancer_label(n, taxonomy) for n in c.excluded)
    return text + "."


def _stage_detail(c: StageCriterion, taxonomy: CancerTaxonomy) -> str:
    parts = []
    if c.m_categories:
        parts.append("distant metastasis category " + " or ".join(c.m_categories))
    if c.stage_groups:
        parts.append("stage " + " or ".join(c.stage_groups))
    text = "Required: " + ", ".join(parts)
    ed = edition(c.edition)
    return text + (f" ({ed})." if ed else ".")


def _metastatic_detail(c: MetastaticCriterion, taxonomy: CancerTaxonomy) -> str:
    return "Metastatic disease is required." if c.required else "Metastatic disease is excluded."


def _disease_extent_detail(c: DiseaseExtentCriterion, taxonomy: CancerTaxonomy) -> str:
    return f"Required: {either(EXTENT_LABELS[extent] for extent in c.allowed)} disease."


def _measurable_disease_detail(c: MeasurableDiseaseCriterion, taxonomy: CancerTaxonomy) -> str:
    by = f" by {c.standard}" if c.standard else ""
    return f"Required: at least one measurable lesion{by} on the latest imaging."


def _performance_status_detail(c: PerformanceStatusCriterion, taxonomy: CancerTaxonomy) -> str:
    return "Required: " + " or ".join(_performance(c)) + "."


def _age_detail(c: AgeCriterion, taxonomy: CancerTaxonomy) -> str:
    return f"Age {bounds(c.min_years, c.max_years)} years."


def _sex_detail(c: SexCriterion, taxonomy: CancerTaxonomy) -> str:
    return "Enrols " + " or ".join(SEX_LABELS[s] for s in c.allowed) + " patients."


def _prior_lines_detail(c: PriorLinesCriterion, taxonomy: CancerTaxonomy) -> str:
    where = {
        "advanced": " for advanced disease",
        "recurrent_metastatic": " for recurrent or metastatic disease",
    }
    return (
        f"Prior lines of systemic therapy{where.get(c.setting or '', '')}: "
        f"{bounds(c.min_lines, c.max_lines)}."
    )


def _prior_therapy_detail(c: PriorTherapyCriterion, taxonomy: CancerTaxonomy) -> str:
    scope = f" in the {ordinal_line(c.line)}" if c.line else ""
    verb = "Must have received" if c.received else "Must not have received"
    return f"{verb} {therapy_target(c)}{scope}."


def _qtc_detail(c: QTcCriterion, taxonomy: CancerTaxonomy) -> str:
    # VAL-QTC-ECGS: the staff page says what the limit is on, as the protocol does.
    measured = {
        "one": "",
        "mean": " on the mean of several ECGs (a triplicate)",
        "repeated": "; a QTc over it excludes only when repeated ECGs show it",
    }[c.ecgs]
    # VAL-QTC-FORMULAS: and by which formula, when it names one.
    name = "QTc" if c.formula is None else f"QTc by {c.formula}'s formula"
    return (
        f"{name} no longer than {number(c.max_ms_male)} ms (males) or "
        f"{number(c.max_ms_female)} ms (females){measured}."
    )


def _lab_detail(c: LabCriterion, taxonomy: CancerTaxonomy) -> str:
    name = ANALYTE_LABELS[c.analyte]
    if c.times_uln is not None:
        threshold = f"{number(c.times_uln)} × upper limit of normal"
    else:
        assert c.value is not None
        threshold = f"{number(c.value)} {CANONICAL_UNITS[c.analyte]}"
    text = f"{name[:1].upper()}{name[1:]} {COMPARATOR_SYMBOLS[c.comparator]} {threshold}"
    if c.within_days is not None:
        text += f", measured within {c.within_days} days"
    return text + "."


def _comorbidity_detail(c: ComorbidityCriterion, taxonomy: CancerTaxonomy) -> str:
    name = COMORBIDITY_LABELS[c.condition]
    if c.min_grade > 1:
        return f"Excluded: grade {c.min_grade} or higher {name}."
    return f"Excluded: any {name}."


def _prior_radiotherapy_detail(c: PriorRadiotherapyCriterion, taxonomy: CancerTaxonomy) -> str:
    sites = " or ".join(RADIOTHERAPY_SITE_LABELS[s] for s in c.sites)
    if c.received:
        return f"Required: prior radiotherapy to the {sites}."
    return f"Excluded: any prior radiotherapy to the {sites}."


def _brain_metastases_detail(c: BrainMetastasesCriterion, taxonomy: CancerTaxonomy) -> str:
    if c.allowed == "none":
        return "Excluded: any brain or CNS metastases."
    if c.allowed == "any":
        return "Brain or CNS metastases allowed."
    if c.allowed == "not_active":
        return "Excluded: active (untreated, progressing or symptomatic) brain metastases."
    if c.allowed == "asymptomatic":
        return (
            "Excluded: brain metastases that cause symptoms or need treatment now "
            "(untreated, asymptomatic ones allowed)."
        )
    window = f" for at least {c.stable_days} days" if c.stable_days is not None else ""
    steroids = ", off corticosteroids" if not c.steroids_allowed else ""
    if c.steroid_free_days is not None:
        steroids = f", off corticosteroids for at least {c.steroid_free_days} days"
    if c.steroid_stable_days is not None:
        steroids = (
            f", off corticosteroids or on a dose unchanged for at least {c.steroid_stable_days}"
            " days"
        )
    return (
        "Brain metastases allowed only if treated (radiotherapy or surgery) and stable"
        f"{window}{steroids}."
    )


def _infection_detail(c: InfectionCriterion, taxonomy: CancerTaxonomy) -> str:
    name = COMORBIDITY_LABELS[Comorbidity(c.infection)]
    if c.excluded == "any":
        return f"Excluded: any {name}."
    if c.excluded == "ever":
        return f"Excluded: any {name}, past or present (resolved or cured too)."
    definition = _control_definition(c)
    if not definition:
        return (
            f"Excluded: uncontrolled or active {name} (viral load, CD4 count, antiviral therapy)."
        )
    return f"Excluded: uncontrolled or active {name}. Controlled means {definition}."


_CONTROL_WORDS = {"antiviral_therapy": "on antiviral therapy"}


def _control_definition(c: InfectionCriterion) -> str:
    """The protocol's own definition of controlled (INF-DEFINED), in words; "" when it gave
    none."""
    defined = (
        c.controlled_by
        or c.viral_load_below_iu_ml is not None
        or c.viral_load_below_copies_ml is not None
        or c.cd4_at_least is not None
        or c.surface_antigen is not None
    )
    if not defined:
        return ""
    tests = control_tests(c)
    parts = [_CONTROL_WORDS[test] for test in tests if test in _CONTROL_WORDS]
    limits = [
        f"{number(limit)} {unit}"
        for limit, unit in (
            (c.viral_load_below_iu_ml, "IU/mL"),
            (c.viral_load_below_copies_ml, "copies/mL"),
        )
        if limit is not None
    ]
    if limits:
        parts.append(f"a viral load below {' or '.join(limits)}")
    elif "viral_load" in tests:
        parts.append("an undetectable viral load")
    if "cd4" in tests:
        parts.append(f"a CD4 count of at least {number(c.cd4_at_least or 350)} cells/µL")
    if c.surface_antigen == "excludes":
        parts.append("a negative HBsAg (a positive HBsAg excludes)")
    said = ", ".join(parts)
    if c.surface_antigen == "allowed":
        said += " (a positive HBsAg is allowed)"
    return said


def _other_malignancy_detail(c: OtherMalignancyCriterion, taxonomy: CancerTaxonomy) -> str:
    described = other_malignancy(c.within_years, c.excepted, c.active_only, c.counted_from)
    return f"Excluded: any {described}."


def _biomarker_detail(c: BiomarkerCriterion, taxonomy: CancerTaxonomy) -> str:
    parts: list[str] = [c.result] if c.result else []
    if c.min_value is not None or c.max_value is not None:
        parts.append(bounds(c.min_value, c.max_value, unit=c.unit or ""))
    return f"{c.name}: {' and '.join(parts)}."


def _free_text_detail(c: FreeTextCriterion, taxonomy: CancerTaxonomy) -> str:
    return "Not structured: read against the protocol and the record."


def _all_of_detail(c: AllOfCriterion, taxonomy: CancerTaxonomy) -> str:
    return "All of: " + "; ".join(child.label for child in c.criteria) + "."


def _any_of_detail(c: AnyOfCriterion, taxonomy: CancerTaxonomy) -> str:
    return "At least one of: " + "; ".join(child.label for child in c.criteria) + "."


def _not_detail(c: NotCriterion, taxonomy: CancerTaxonomy) -> str:
    return f"Must not be the case: {c.criterion.label}."


_DETAILS: dict[type[CriterionBase], Callable[[Any, CancerTaxonomy], str]] = {
    CancerTypeCriterion: _cancer_type_detail,
    StageCriterion: _stage_detail,
    MetastaticCriterion: _metastatic_detail,
    DiseaseExtentCriterion: _disease_extent_detail,
    MeasurableDiseaseCriterion: _measurable_disease_detail,
    PerformanceStatusCriterion: _performance_status_detail,
    AgeCriterion: _age_detail,
    SexCriterion: _sex_detail,
    PriorLinesCriterion: _prior_lines_detail,
    PriorTherapyCriterion: _prior_therapy_detail,
    QTcCriterion: _qtc_detail,
    LabCriterion: _lab_detail,
    ComorbidityCriterion: _comorbidity_detail,
    PriorRadiotherapyCriterion: _prior_radiotherapy_detail,
    BrainMetastasesCriterion: _brain_metastases_detail,
    InfectionCriterion: _infection_detail,
    OtherMalignancyCriterion: _other_malignancy_detail,
    BiomarkerCriterion: _biomarker_detail,
    FreeTextCriterion: _free_text_detail,
    AllOfCriterion: _all_of_detail,
    AnyOfCriterion: _any_of_detail,
    NotCriterion: _not_detail,
}
"""The sentence of each criterion type. Every type of the `Criterion` union has one: a type
missing here fails loudly (KeyError) rather than showing a bare label, and a test checks the
table against the union."""


def _cancer_label(node_id: str, taxonomy: CancerTaxonomy) -> str:
    return taxonomy.label(node_id) if node_id in taxonomy else node_id


def _performance(c: PerformanceStatusCriterion) -> list[str]:
    parts = []
    if c.ecog_max is not None or c.ecog_min > 0:
        parts.append(f"ECOG {bounds(c.ecog_min, c.ecog_max)}")
    if c.karnofsky_min is not None:
        parts.append(f"Karnofsky ≥ {c.karnofsky_min}")
    return parts


def required_criteria(criteria: Iterable[Criterion]) -> Iterator[Criterion]:
    """Criteria every patient must satisfy: top level and inside top-level `all_of`."""
    for criterion in criteria:
        if isinstance(criterion, AllOfCriterion):
            yield from required_criteria(criterion.criteria)
        else:
            yield criterion


# --- the FAQ -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Faq:
    question: str
    answer: str


def faq(trial: Trial) -> list[Faq]:
    required = list(required_criteria(trial.criteria))
    return [
        Faq(f"Is {trial.nct_id} recruiting?", _recruiting(trial)),
        Faq("Is prior treatment required?", _prior_treatment(required)),
        Faq("What disease stage is eligible?", _stage(required)),
        Faq("Is there an age limit?", _age(required)),
        Faq("Where does the trial take place?", _where(trial)),
    ]


def _recruiting(trial: Trial) -> str:
    when = f"as of {month_year(trial)}"
    match trial.overall_status:
        case TrialStatus.RECRUITING:
            return f"Yes: the registry lists it as recruiting {when}."
        case TrialStatus.NOT_YET_RECRUITING:
            return f"Not yet: the registry lists it as not yet recruiting {when}."
        case TrialStatus.ENROLLING_BY_INVITATION:
            return f"Only by invitation {when}."
    label = STATUS_LABELS[trial.overall_status].lower()
    return f"No: the registry lists it as {label} {when}."


def _prior_treatment(required: list[Criterion]) -> str:
    lines = [c for c in required if isinstance(c, PriorLinesCriterion)]
    therapies = [c for c in required if isinstance(c, PriorTherapyCriterion)]
    must = [c for c in therapies if c.received]
    must_not = [c for c in therapies if not c.received]
    sentences = []
    needs_lines = any((c.min_lines or 0) > 0 for c in lines)
    if needs_lines or must:
        sentences.append("Yes.")
    else:
        sentences.append("No prior treatment is required by the structured criteria.")
    for c in lines:
        sentences.append(f"Prior lines of systemic therapy: {bounds(c.min_lines, c.max_lines)}.")
    if must:
        sentences.append("Patients must have received " + _and(_scoped(c) for c in must) + ".")
    if must_not:
        sentences.append(
            "Patients must not have received " + _and(_scoped(c) for c in must_not) + "."
        )
    return " ".join(sentences)


def _scoped(c: PriorTherapyCriterion) -> str:
    return therapy_target(c) + (f" in the {ordinal_line(c.line)}" if c.line else "")


def _and(items: Iterable[str]) -> str:
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def _stage(required: list[Criterion]) -> str:
    sentences = []
    for c in required:
        if isinstance(c, StageCriterion):
            parts = []
            if c.m_categories:
                parts.append("distant metastasis (" + " or ".join(c.m_categories) + ")")
            if c.stage_groups:
                parts.append("stage " + " or ".join(c.stage_groups))
            ed = edition(c.edition)
            text = " — ".join(parts) + (f" ({ed})" if ed else "")
            sentences.append(f"{text[:1].upper()}{text[1:]}.")
        elif isinstance(c, MetastaticCriterion):
            sentences.append(
                "Metastatic disease is required."
                if c.required
                else "Metastatic disease is not eligible."
            )
    return " ".join(sentences) or "The structured criteria do not restrict the disease stage."


def _age(required: list[Criterion]) -> str:
    ages = [c for c in required if isinstance(c, AgeCriterion)]
    if not ages:
        return "No age limit is set in the structured criteria."
    c = ages[0]
    if c.min_years is not None and c.max_years is not None:
        return f"Yes. Patients must be {c.min_years} to {c.max_years} years old."
    if c.max_years is not None:
        return f"Yes. Patients must be {c.max_years} years old or younger."
    return f"Yes. Patients must be {c.min_years} years old or older."


def _where(trial: Trial) -> str:
    if not trial.locations:
        return "No sites are listed in the catalog; see ClinicalTrials.gov."
    places = []
    for site in trial.locations:
        parts = [p for p in (site.facility, site.city, site.country) if p]
        places.append(", ".join(parts))
    unique = list(dict.fromkeys(places))
    shown = unique[:5]
    more = f" and {len(unique) - 5} more" if len(unique) > 5 else ""
    return "Sites: " + "; ".join(shown) + more + "."
