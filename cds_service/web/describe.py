"""Plain-language wording of a trial's structured criteria: detail lines and the FAQ.

Everything here is generated from the structured criteria, never written per trial, so a new
catalog file gets a complete page without anyone writing prose for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from eligibility.criteria import (
    AgeCriterion,
    AllOfCriterion,
    AnyOfCriterion,
    BiomarkerCriterion,
    CancerTypeCriterion,
    ComorbidityCriterion,
    Criterion,
    FreeTextCriterion,
    LabCriterion,
    MetastaticCriterion,
    NotCriterion,
    PerformanceStatusCriterion,
    PriorLinesCriterion,
    PriorTherapyCriterion,
    QTcCriterion,
    SexCriterion,
    StageCriterion,
)
from eligibility.phrasing import (
    ANALYTE_LABELS,
    COMORBIDITY_LABELS,
    DRUG_CLASS_LABELS,
    SEX_LABELS,
    bounds,
    edition,
    number,
)
from eligibility.taxonomy import CancerTaxonomy
from eligibility.trial import Trial, TrialStatus
from eligibility.vocabulary import CANONICAL_UNITS

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
_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def ordinal_line(line: int) -> str:
    return f"{_ORDINALS.get(line, f'line {line}')} line" if line in _ORDINALS else f"line {line}"


def month_year(trial: Trial) -> str:
    return trial.data_as_of.strftime("%b %Y")


def therapy_target(c: PriorTherapyCriterion) -> str:
    return DRUG_CLASS_LABELS[c.drug_class] if c.drug_class is not None else str(c.agent)


def detail(criterion: Criterion, taxonomy: CancerTaxonomy) -> str:
    """One sentence saying exactly what the structured criterion asks for."""
    match criterion:
        case CancerTypeCriterion():
            text = "Primary cancer: " + (
                " or ".join(_cancer_label(n, taxonomy) for n in criterion.allowed) or "any type"
            )
            if criterion.excluded:
                text += "; not " + " or ".join(
                    _cancer_label(n, taxonomy) for n in criterion.excluded
                )
            return text + "."
        case StageCriterion():
            parts = []
            if criterion.m_categories:
                parts.append("distant metastasis category " + " or ".join(criterion.m_categories))
            if criterion.stage_groups:
                parts.append("stage " + " or ".join(criterion.stage_groups))
            text = "Required: " + ", ".join(parts)
            ed = edition(criterion.edition)
            return text + (f" ({ed})." if ed else ".")
        case MetastaticCriterion():
            return (
                "Metastatic disease is required."
                if criterion.required
                else "Metastatic disease is excluded."
            )
        case PerformanceStatusCriterion():
            return "Required: " + " or ".join(_performance(criterion)) + "."
        case AgeCriterion():
            return f"Age {bounds(criterion.min_years, criterion.max_years)} years."
        case SexCriterion():
            return "Enrols " + " or ".join(SEX_LABELS[s] for s in criterion.allowed) + " patients."
        case PriorLinesCriterion():
            count = bounds(criterion.min_lines, criterion.max_lines)
            return f"Prior lines of systemic therapy: {count}."
        case PriorTherapyCriterion():
            scope = f" in the {ordinal_line(criterion.line)}" if criterion.line else ""
            verb = "Must have received" if criterion.received else "Must not have received"
            return f"{verb} {therapy_target(criterion)}{scope}."
        case QTcCriterion():
            return (
                f"QTc no longer than {number(criterion.max_ms_male)} ms (males) or "
                f"{number(criterion.max_ms_female)} ms (females)."
            )
        case LabCriterion():
            name = ANALYTE_LABELS[criterion.analyte]
            if criterion.times_uln is not None:
                threshold = f"{number(criterion.times_uln)} × upper limit of normal"
            else:
                assert criterion.value is not None
                threshold = f"{number(criterion.value)} {CANONICAL_UNITS[criterion.analyte]}"
            text = f"{name[:1].upper()}{name[1:]} {_SYMBOL[criterion.comparator]} {threshold}"
            if criterion.within_days is not None:
                text += f", measured within {criterion.within_days} days"
            return text + "."
        case ComorbidityCriterion():
            name = COMORBIDITY_LABELS[criterion.condition]
            if criterion.min_grade > 1:
                return f"Excluded: grade {criterion.min_grade} or higher {name}."
            return f"Excluded: any {name}."
        case BiomarkerCriterion():
            parts = [criterion.result] if criterion.result else []
            if criterion.min_value is not None or criterion.max_value is not None:
                parts.append(
                    bounds(criterion.min_value, criterion.max_value, unit=criterion.unit or "")
                )
            return f"{criterion.name}: {' and '.join(parts)}."
        case FreeTextCriterion():
            return "Not structured: read against the protocol and the record."
        case AllOfCriterion():
            return "All of: " + "; ".join(c.label for c in criterion.criteria) + "."
        case AnyOfCriterion():
            return "At least one of: " + "; ".join(c.label for c in criterion.criteria) + "."
        case NotCriterion():
            return f"Must not be the case: {criterion.criterion.label}."
    return criterion.label


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
