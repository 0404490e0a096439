"""'Check if I qualify': the questions a trial's criteria need, and the answers as PatientFacts.

`form_for(trial, taxonomy)` asks only what the trial's criteria (nested ones too) read. The HTML
form and the JSON API (`POST /api/trials/{nct_id}/check`) share the field names and one parser,
so a bad value gets the same message, naming the field, on both. How answers become facts (blank
is unknown, measurements dated the day of the check, prior lines and their limit):
docs/clinical-rules.md, "Self-reported answers".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from cds_service.http.errors import BadRequestError, Problem
from cds_service.web.describe import ordinal_line
from cds_service.web.topics import Topic, TopicGroup, group_by_topic, topic_of
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
    walk,
)
from eligibility.facts import (
    Biomarker,
    BrainMetastasisStatus,
    CancerDiagnosis,
    ComorbidityFact,
    Demographics,
    DiseaseExtentStatus,
    InfectionControl,
    MeasurableDisease,
    Measurement,
    MetastaticStatus,
    PatientFacts,
    PerformanceStatus,
    QTc,
    RadiotherapyCourse,
    ReportedOtherMalignancy,
    Stage,
    TherapyExposure,
    TherapyLine,
)
from eligibility.performance_scales import single_ecog_of_karnofsky
from eligibility.phrasing import (
    ANALYTE_LABELS,
    COMORBIDITY_LABELS,
    DRUG_CLASS_LABELS,
    RADIOTHERAPY_SITE_LABELS,
)
from eligibility.taxonomy import CancerTaxonomy
from eligibility.trial import Trial
from eligibility.vocabulary import (
    CANONICAL_UNITS,
    Analyte,
    Comorbidity,
    DrugClass,
    PerformanceScale,
    RadiotherapySite,
    Sex,
)

SELF_REPORTED_PATIENT = "Patient/self-reported"

Kind = Literal["select", "number", "text", "checkboxes"]
Answer = str | float | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class FormField:
    name: str
    label: str
    kind: Kind
    topic: Topic
    options: tuple[tuple[str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    unit: str | None = None
    hint: str | None = None
    target: str | None = None  # the drug class, agent or biomarker name the field is about

    @property
    def step(self) -> str:
        return "1" if self.integer else "any"

    @property
    def hint_id(self) -> str:
        return f"{self.name}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.name}-error"


@dataclass(frozen=True, slots=True)
class CheckForm:
    fields: tuple[FormField, ...]

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def groups(self) -> list[TopicGroup[FormField]]:
        return group_by_topic(self.fields, lambda f: f.topic)


@dataclass(frozen=True, slots=True)
class Answers:
    values: dict[str, Answer] = field(default_factory=dict)

    def get(self, name: str) -> Answer:
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) and value else None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        return value if isinstance(value, float) else None

    def ticked(self, name: str) -> tuple[str, ...]:
        value = self.values.get(name)
        return value if isinstance(value, tuple) else ()

    def shown(self, name: str) -> str:
        """The value to put back into the form field."""
        value = self.values.get(name)
        if isinstance(value, float):
            return f"{value:g}"
        return value if isinstance(value, str) else ""


class CheckInputError(BadRequestError):
    """Answers that do not fit the trial's form; each problem's location is the field name."""


# --- building the form ---------------------------------------------------------------------------

_ECOG = (
    ("0", "0 — fully active"),
    ("1", "1 — restricted in strenuous activity"),
    ("2", "2 — ambulatory, self-care, unable to work"),
    ("3", "3 — limited self-care, in bed or chair > 50% of waking hours"),
    ("4", "4 — completely disabled"),
    ("5", "5 — dead"),
)
_NOT_KNOWN = ("", "Not known")
_NOT_STATED = "drugs not stated on the form"
_M_CATEGORIES = ("M0", "M1", "M1a", "M1b", "M1c")
_YES_NO = (_NOT_KNOWN, ("yes", "Yes"), ("no", "No"))
_STAGE_GROUP = re.compile(r"^[0-9A-Za-z]{1,6}$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_") or "x"


def _therapy_value(c: PriorTherapyCriterion) -> str:
    return c.drug_class.value if c.drug_class is not None else f"agent:{c.agent}"


def _therapy_name(value: str) -> str:
    """'anti-PD-1 therapy', 'pemetrexed': for the middle of a sentence."""
    if value.startswith("agent:"):
        return value.removeprefix("agent:")
    return DRUG_CLASS_LABELS[DrugClass(value)]


def _therapy_label(value: str) -> str:
    """'Anti-PD-1 therapy': for a checkbox label."""
    name = _therapy_name(value)
    return name[:1].upper() + name[1:]


def _cancer_options(taxonomy: CancerTaxonomy) -> tuple[tuple[str, str], ...]:
    options = [_NOT_KNOWN]
    for node in taxonomy:
        depth = len(taxonomy.ancestors(node.id)) - 1
        options.append((node.id, "\u2003" * depth + node.label))
    return tuple(options)


def form_for(trial: Trial, taxonomy: CancerTaxonomy) -> CheckForm:
    """The questions the trial's criteria (nested ones included) need, grouped by topic."""
    fields: dict[str, FormField] = {}
    per_line: dict[int, list[str]] = {}
    for top in trial.criteria:
        for c in walk(top):
            for question in questions(c, taxonomy):
                fields.setdefault(question.name, question)
            if isinstance(c, PriorTherapyCriterion) and c.line is not None:
                targets = per_line.setdefault(c.line, [])
                if _therapy_value(c) not in targets:
                    targets.append(_therapy_value(c))
    for line in sorted(per_line):
        fields.setdefault(
            f"line_{line}",
            FormField(
                f"line_{line}",
                f"The {ordinal_line(line)} included",
                "checkboxes",
                Topic.PRIOR_THERAPY,
                tuple((v, _therapy_label(v)) for v in per_line[line]),
                hint="Tick what it included; what is not ticked is taken as not known",
            ),
        )
    ordered = sorted(fields.values(), key=lambda f: list(Topic).index(f.topic))
    return CheckForm(tuple(ordered))


def questions(c: Criterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    """The questions one criterion reads (nothing for the types in `ASKS_NOTHING`)."""
    ask = _QUESTIONS[type(c)]
    if ask is not None:
        yield from ask(c, taxonomy)


def _cancer_type_questions(c: CancerTypeCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    yield FormField(
        "cancer_type",
        "Primary cancer",
        "select",
        Topic.CANCER_TYPE,
        _cancer_options(taxonomy),
    )


def _stage_questions(c: StageCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    if c.m_categories:
        yield FormField(
            "m_category",
            "Distant metastasis (M category)",
            "select",
            Topic.STAGE,
            (_NOT_KNOWN, *((m, m) for m in _M_CATEGORIES)),
        )
    yield FormField(
        "stage_group",
        "Stage group",
        "text",
        Topic.STAGE,
        hint="As recorded, for example IVB",
    )
    if c.edition:
        yield FormField(
            "stage_edition",
            "AJCC edition of that stage",
            "select",
            Topic.STAGE,
            (_NOT_KNOWN, ("8", "8th"), ("9", "9th")),
        )


_METASTATIC_FIELD = FormField(
    "metastatic",
    "Metastatic disease",
    "select",
    Topic.STAGE,
    _YES_NO,
    hint="Left unknown, an M category above decides",
)


def _metastatic_questions(c: MetastaticCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    yield _METASTATIC_FIELD


_EXTENT_QUESTIONS: dict[str, tuple[str, str]] = {
    "locally_advanced": ("disease_locally_advanced", "Locally advanced disease"),
    "unresectable": ("disease_unresectable", "Unresectable disease"),
    "recurrent": ("disease_recurrent", "Recurrent disease"),
}


def _disease_extent_questions(
    c: DiseaseExtentCriterion, taxonomy: CancerTaxonomy
) -> Iterator[FormField]:
    for extent in c.allowed:
        if extent == "metastatic":
            yield _METASTATIC_FIELD
        else:
            name, label = _EXTENT_QUESTIONS[extent]
            yield FormField(name, label, "select", Topic.STAGE, _YES_NO)


def _measurable_disease_questions(
    c: MeasurableDiseaseCriterion, taxonomy: CancerTaxonomy
) -> Iterator[FormField]:
    by = f" ({c.standard})" if c.standard else ""
    yield FormField(
        "measurable_disease",
        f"Measurable disease{by}",
        "select",
        Topic.STAGE,
        _YES_NO,
        hint="At least one measurable lesion on the latest imaging",
    )


def _performance_questions(
    c: PerformanceStatusCriterion, taxonomy: CancerTaxonomy
) -> Iterator[FormField]:
    yield FormField(
        "ecog",
        "ECOG performance status",
        "select",
        Topic.PERFORMANCE,
        (_NOT_KNOWN, *_ECOG),
        hint=_current("Latest score", c.within_days),
    )
    if c.karnofsky_min is not None:
        yield FormField(
            "karnofsky",
            "Karnofsky performance status",
            "select",
            Topic.PERFORMANCE,
            (_NOT_KNOWN, *((str(v), str(v)) for v in range(100, -1, -10))),
            hint="Used when no ECOG score is entered",
        )


def _age_questions(c: AgeCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    yield FormField(
        "age",
        "Age",
        "number",
        Topic.DEMOGRAPHICS,
        minimum=0,
        maximum=120,
        integer=True,
        unit="years",
    )


def _sex_field(hint: str | None = None) -> FormField:
    return FormField(
        "sex",
        "Sex",
        "select",
        Topic.DEMOGRAPHICS,
        (
            _NOT_KNOWN,
            ("male", "Male"),
            ("female", "Female"),
            ("other", "Other"),
        ),
        hint=hint,
    )


def _sex_questions(c: SexCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    yield _sex_field()


def _qtc_questions(c: QTcCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    yield _sex_field("QTc limits differ by sex")
    yield FormField(
        "qtc_ms",
        "QTc (latest ECG)",
        "number",
        Topic.CARDIAC,
        minimum=200,
        maximum=800,
        unit="ms",
        hint=_current("Latest value", c.within_days),
    )


def _prior_lines_questions(c: PriorLinesCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    yield _lines_field()


def _prior_therapy_questions(
    c: PriorTherapyCriterion, taxonomy: CancerTaxonomy
) -> Iterator[FormField]:
    if c.line is not None:
        yield _lines_field()  # the per-line checkboxes are added by form_for
        return
    value = _therapy_value(c)
    yield FormField(
        f"ever_{_slug(value)}",
        f"Ever received {_therapy_name(value)}",
        "select",
        Topic.PRIOR_THERAPY,
        _YES_NO,
        target=value,
    )


def _lab_questions(c: LabCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    name = ANALYTE_LABELS[c.analyte]
    yield FormField(
        f"lab_{c.analyte.value}",
        f"{name[:1].upper()}{name[1:]}",
        "number",
        Topic.LABS,
        minimum=0,
        unit=CANONICAL_UNITS[c.analyte],
        hint=_current("Latest result", c.within_days),
    )
    if c.times_uln is not None:
        yield FormField(
            f"lab_{c.analyte.value}_uln",
            f"Upper limit of normal for {name}",
            "number",
            Topic.LABS,
            minimum=0,
            unit=CANONICAL_UNITS[c.analyte],
        )


def _comorbidity_questions(
    c: ComorbidityCriterion, taxonomy: CancerTaxonomy
) -> Iterator[FormField]:
    yield _comorbidity_field(c.condition, topic_of(c))


_INFECTIONS = frozenset({Comorbidity.HIV, Comorbidity.HEPATITIS_B, Comorbidity.HEPATITIS_C})


def _comorbidity_field(condition: Comorbidity, topic: Topic) -> FormField:
    """The one question whether a condition is present: the comorbidity, brain-metastases and
    infection criteria share it (the form keeps one field per name)."""
    label = COMORBIDITY_LABELS[condition]
    absent: tuple[tuple[str, str], ...] = (("none", "Not present"),)
    if condition in _INFECTIONS:
        # INF-EVER: "history of hepatitis C" excludes a cured one too; "any" and
        # "uncontrolled" read only a current one.
        absent = (("none", "Never"), ("past", "In the past, resolved or cured"))
    return FormField(
        f"comorbidity_{condition.value}",
        f"{label[:1].upper()}{label[1:]}",
        "select",
        topic,
        (
            _NOT_KNOWN,
            *absent,
            *((str(g), f"Present, grade {g}") for g in range(1, 6)),
            ("ungraded", "Present, grade not known"),
        ),
    )


def _other_malignancy_questions(
    c: OtherMalignancyCriterion, taxonomy: CancerTaxonomy
) -> Iterator[FormField]:
    """MAL-OTHER: one other cancer (the latest), what it was, its state and when."""
    yield FormField(
        "other_malignancy",
        "Another cancer besides this one",
        "select",
        Topic.CANCER_TYPE,
        (_NOT_KNOWN, ("none", "None"), ("yes", "Yes")),
    )
    yield FormField(
        "other_malignancy_kind",
        "What the other cancer was",
        "select",
        Topic.CANCER_TYPE,
        (
            _NOT_KNOWN,
            ("invasive", "An invasive cancer"),
            ("skin", "Basal or squamous cell skin cancer"),
            ("in_situ", "Carcinoma in situ"),
        ),
    )
    yield FormField(
        "other_malignancy_status",
        "The other cancer now",
        "select",
        Topic.CANCER_TYPE,
        (
            _NOT_KNOWN,
            ("active", "Active or under treatment"),
            ("resolved", "In remission or resolved"),
        ),
    )
    yield FormField(
        "other_malignancy_diagnosed_years",
        "Years since the other cancer was diagnosed",
        "number",
        Topic.CANCER_TYPE,
        minimum=0,
        maximum=100,
    )
    yield FormField(
        "other_malignancy_resolved_years",
        "Years since it went into remission or resolved",
        "number",
        Topic.CANCER_TYPE,
        minimum=0,
        maximum=100,
    )


def _brain_metastases_questions(
    c: BrainMetastasesCriterion, taxonomy: CancerTaxonomy
) -> Iterator[FormField]:
    yield _comorbidity_field(Comorbidity.BRAIN_METASTASES, Topic.OTHER)
    if c.allowed in ("none", "any"):
        return
    # CNS-METASTASES: leptomeningeal disease excludes whatever its treatment; left blank, it
    # is possible and the criterion asks, as the brain metastases' own question does.
    yield _comorbidity_field(Comorbidity.LEPTOMENINGEAL_DISEASE, Topic.OTHER)
    if c.allowed == "asymptomatic":
        # Treatment and stability do not decide it, and no fact holds symptoms: the criterion
        # asks for them in its own words.
        return
    yield FormField(
        "brain_metastases_treated",
        "Brain metastases treated (radiotherapy or surgery to the brain)",
        "select",
        Topic.OTHER,
        _YES_NO,
    )
    yield FormField(
        "brain_metastases_stable",
        "Brain metastases stable on the latest brain imaging",
        "select",
        Topic.OTHER,
        _YES_NO,
    )
    if c.stable_days is not None:
        yield FormField(
            "brain_metastases_stable_days",
            "Stable for how many days",
            "number",
            Topic.OTHER,
            minimum=0,
            integer=True,
            unit="days",
        )
    if not c.steroids_allowed or c.steroid_stable_days is not None:
        yield FormField(
            "brain_metastases_steroids",
            "On corticosteroids for the brain metastases",
            "select",
            Topic.OTHER,
            _YES_NO,
        )
    if c.steroid_free_days is not None:
        # Asked as days, like the stability window; read back as the date they were stopped.
        yield FormField(
            "brain_metastases_steroid_free_days",
            "Off corticosteroids for how many days",
            "number",
            Topic.OTHER,
            minimum=0,
            integer=True,
            unit="days",
            hint=f"The trial asks for at least {c.steroid_free_days} days off corticosteroids",
        )
    if c.steroid_stable_days is not None:
        # Asked as days, like the stability window; read back as the date the dose was set.
        yield FormField(
            "brain_metastases_steroid_dose_days",
            "Corticosteroid dose unchanged for how many days",
            "number",
            Topic.OTHER,
            minimum=0,
            integer=True,
            unit="days",
            hint=f"The trial allows a dose unchanged for at least {c.steroid_stable_days} days",
        )


def _infection_questions(c: InfectionCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    kind = Comorbidity(c.infection)
    yield _comorbidity_field(kind, Topic.OTHER)
    if c.excluded != "uncontrolled":
        return
    label = COMORBIDITY_LABELS[kind]
    yield FormField(
        f"infection_{kind.value}_antiviral",
        f"On {'antiretroviral' if kind is Comorbidity.HIV else 'antiviral'} therapy for {label}",
        "select",
        Topic.OTHER,
        _YES_NO,
    )
    yield FormField(
        f"infection_{kind.value}_viral_load",
        f"{label[:1].upper()}{label[1:]}: latest viral load",
        "select",
        Topic.OTHER,
        (_NOT_KNOWN, ("undetectable", "Undetectable"), ("detectable", "Detectable")),
    )
    if kind is Comorbidity.HEPATITIS_B:
        yield FormField(
            "infection_hepatitis_b_hbsag",
            "Hepatitis B surface antigen (HBsAg)",
            "select",
            Topic.OTHER,
            (_NOT_KNOWN, ("positive", "Positive"), ("negative", "Negative")),
        )
    if kind is Comorbidity.HIV:
        yield FormField(
            "infection_hiv_cd4",
            "Latest CD4 count",
            "number",
            Topic.OTHER,
            minimum=0,
            unit="cells/µL",
        )


def _radiotherapy_field(c: PriorRadiotherapyCriterion) -> str:
    return "radiotherapy_" + "_".join(sorted(site.value for site in c.sites))


def _prior_radiotherapy_questions(
    c: PriorRadiotherapyCriterion, taxonomy: CancerTaxonomy
) -> Iterator[FormField]:
    sites = " or ".join(RADIOTHERAPY_SITE_LABELS[s] for s in c.sites)
    yield FormField(
        _radiotherapy_field(c),
        f"Ever received radiotherapy to the {sites}",
        "select",
        Topic.PRIOR_THERAPY,
        _YES_NO,
        target=",".join(site.value for site in c.sites),
    )


def _biomarker_questions(c: BiomarkerCriterion, taxonomy: CancerTaxonomy) -> Iterator[FormField]:
    slug = _slug(c.name)
    if c.result is not None:
        yield FormField(
            f"biomarker_{slug}",
            c.name,
            "select",
            Topic.BIOMARKERS,
            (_NOT_KNOWN, ("positive", "Positive"), ("negative", "Negative")),
            target=c.name,
        )
    if c.min_value is not None or c.max_value is not None:
        yield FormField(
            f"biomarker_{slug}_value",
            f"{c.name} value",
            "number",
            Topic.BIOMARKERS,
            unit=c.unit,
            target=c.name,
        )


_QUESTIONS: dict[
    type[CriterionBase], Callable[[Any, CancerTaxonomy], Iterator[FormField]] | None
] = {
    CancerTypeCriterion: _cancer_type_questions,
    StageCriterion: _stage_questions,
    MetastaticCriterion: _metastatic_questions,
    DiseaseExtentCriterion: _disease_extent_questions,
    MeasurableDiseaseCriterion: _measurable_disease_questions,
    PerformanceStatusCriterion: _performance_questions,
    AgeCriterion: _age_questions,
    SexCriterion: _sex_questions,
    PriorLinesCriterion: _prior_lines_questions,
    PriorTherapyCriterion: _prior_therapy_questions,
    QTcCriterion: _qtc_questions,
    LabCriterion: _lab_questions,
    ComorbidityCriterion: _comorbidity_questions,
    PriorRadiotherapyCriterion: _prior_radiotherapy_questions,
    BrainMetastasesCriterion: _brain_metastases_questions,
    InfectionCriterion: _infection_questions,
    OtherMalignancyCriterion: _other_malignancy_questions,
    BiomarkerCriterion: _biomarker_questions,
    # Free text is read by a person against the protocol (the checklist lists it for review):
    # there is no answer the form could turn into facts.
    FreeTextCriterion: None,
    # A combinator asks nothing itself: `form_for` walks into its children, which ask.
    AllOfCriterion: None,
    AnyOfCriterion: None,
    NotCriterion: None,
}
"""The questions of each criterion type; None for a type that deliberately asks nothing. Every
type of the `Criterion` union has an entry: a type missing here fails loudly (KeyError) rather
than getting no questions unnoticed, and a test checks the table against the union."""

ASKS_NOTHING: frozenset[type[CriterionBase]] = frozenset(
    kind for kind, ask in _QUESTIONS.items() if ask is None
)
"""Criterion types the form deliberately asks no question for."""


def _current(what: str, within_days: int | None) -> str:
    window = f"; the trial asks for one from the last {within_days} days" if within_days else ""
    return f"{what}, taken as current{window}"


def _lines_field() -> FormField:
    return FormField(
        "prior_lines",
        "Prior lines of systemic therapy",
        "number",
        Topic.PRIOR_THERAPY,
        minimum=0,
        maximum=20,
        integer=True,
        hint="Completed lines for this cancer; leave blank if not known",
    )


# --- reading answers -----------------------------------------------------------------------------


def parse_form(form: CheckForm, data: Mapping[str, list[str]]) -> Answers:
    """HTML form data (every value a list of strings); fields the form does not have are
    ignored (a browser also sends the submit button)."""
    raw: dict[str, object] = {}
    for f in form.fields:
        values = data.get(f.name, [])
        raw[f.name] = list(values) if f.kind == "checkboxes" else (values[0] if values else None)
    return _parse(form, raw)


def parse_json(form: CheckForm, body: Mapping[str, object]) -> Answers:
    """A JSON object; a key the form does not ask is an error (a typo must not pass silently)."""
    known = {f.name for f in form.fields}
    unknown = sorted(set(body) - known)
    if unknown:
        asked = ", ".join(sorted(known)) or "nothing"
        raise CheckInputError(
            f"this trial's check does not ask for {', '.join(unknown)}",
            [Problem(f"not asked by this trial (it asks for: {asked})", name) for name in unknown],
        )
    return _parse(form, dict(body))


def _parse(form: CheckForm, raw: Mapping[str, object]) -> Answers:
    values: dict[str, Answer] = {}
    problems: list[Problem] = []
    for f in form.fields:
        try:
            values[f.name] = _parse_one(f, raw.get(f.name))
        except ValueError as error:
            problems.append(Problem(str(error), f.name))
    answers = Answers(values)
    problems.extend(_placement_problems(form, answers))
    if problems:
        names = ", ".join(dict.fromkeys(p.location or "" for p in problems))
        raise CheckInputError(f"invalid answer ({names})", problems)
    return answers


def _parse_one(f: FormField, value: object) -> Answer:
    if f.kind == "checkboxes":
        return _ticked(f, value)
    if value is None:
        return None
    if f.kind == "number":
        return _number(f, value)
    text = _text(value)
    if f.kind == "text":
        if text and not _STAGE_GROUP.match(text):
            raise ValueError("expected letters and digits only, like IVB")
        return text.upper() or None
    allowed_values = [v for v, _ in f.options]
    if text not in allowed_values:
        shown = ", ".join(repr(v) for v in allowed_values if v)
        raise ValueError(f"{text!r} is not one of {shown}")
    return text or None


def _ticked(f: FormField, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of option values")
    allowed = {v for v, _ in f.options}
    for item in value:
        if item not in allowed:
            raise ValueError(f"{item!r} is not one of {', '.join(sorted(allowed))}")
    return tuple(dict.fromkeys(value))


def _text(value: object) -> str:
    """A select or text answer, stripped; JSON booleans and integers are taken as their text."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value.strip()


def _number(f: FormField, value: object) -> float | None:
    if isinstance(value, bool):
        raise ValueError("expected a number")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        if not value.strip():
            return None
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            raise ValueError(f"{value.strip()!r} is not a number") from None
    else:
        raise ValueError("expected a number")
    if not math.isfinite(number):
        raise ValueError("expected a finite number")
    if f.integer and not number.is_integer():
        raise ValueError("expected a whole number")
    if f.minimum is not None and number < f.minimum:
        raise ValueError(f"must be at least {f.minimum:g}")
    if f.maximum is not None and number > f.maximum:
        raise ValueError(f"must be at most {f.maximum:g}")
    return number


def _placement_problems(form: CheckForm, answers: Answers) -> list[Problem]:
    problems: list[Problem] = []
    count = answers.number("prior_lines")
    for f in form.fields:
        if not f.name.startswith("line_") or not answers.ticked(f.name):
            continue
        line = int(f.name.removeprefix("line_"))
        if count is None:
            problems.append(
                Problem(
                    f"enter the number of prior lines, which the {ordinal_line(line)} answers need",
                    "prior_lines",
                )
            )
        elif line > count:
            problems.append(
                Problem(
                    f"the {ordinal_line(line)} is ticked but only {count:g} prior "
                    "line(s) were entered",
                    f.name,
                )
            )
    return problems


# --- answers -> facts ----------------------------------------------------------------------------


def facts_from_answers(
    form: CheckForm, answers: Answers, *, as_of: date, taxonomy: CancerTaxonomy
) -> PatientFacts:
    diagnoses: tuple[CancerDiagnosis, ...] = ()
    cancer = answers.text("cancer_type")
    if cancer is not None:
        diagnoses = (
            CancerDiagnosis(
                cancer_type=cancer,
                text=taxonomy.label(cancer),
                verification_status="confirmed",
            ),
        )
    m = answers.text("m_category")
    group = answers.text("stage_group")
    stages: tuple[Stage, ...] = ()
    if m or group:
        stages = (Stage(m=m, group=group, edition=answers.text("stage_edition")),)
    return PatientFacts(
        as_of=as_of,
        patient=SELF_REPORTED_PATIENT,
        demographics=_demographics(answers),
        diagnoses=diagnoses,
        stages=stages,
        metastatic=_metastatic(answers, m),
        extent=DiseaseExtentStatus(
            locally_advanced=_yes_no(answers, "disease_locally_advanced"),
            unresectable=_yes_no(answers, "disease_unresectable"),
            recurrent=_yes_no(answers, "disease_recurrent"),
        ),
        measurable_disease=MeasurableDisease(measurable=_yes_no(answers, "measurable_disease")),
        performance=_performance(answers, as_of),
        labs=_labs(form, answers, as_of),
        qtc=QTc(milliseconds=qtc, date=as_of)
        if (qtc := answers.number("qtc_ms")) is not None
        else None,
        exposures=_exposures(form, answers),
        lines=_lines(form, answers),
        radiotherapy=_radiotherapy(form, answers),
        comorbidities=_comorbidities(form, answers),
        biomarkers=_biomarkers(form, answers),
        brain_metastasis_status=_brain_metastasis_status(answers, as_of),
        infection_control=_infection_control(answers),
        reported_other_malignancy=_reported_other_malignancy(form, answers, as_of),
    )


def _years_ago(answers: Answers, name: str, as_of: date) -> date | None:
    years = answers.number(name)
    return None if years is None else as_of - timedelta(days=round(years * 365.25))


def _reported_other_malignancy(
    form: CheckForm, answers: Answers, as_of: date
) -> ReportedOtherMalignancy | None:
    if form.field("other_malignancy") is None:
        return None
    said = answers.text("other_malignancy")
    if said != "yes":
        return ReportedOtherMalignancy(present=None if said is None else False)
    kind = answers.text("other_malignancy_kind")
    status = answers.text("other_malignancy_status")
    diagnosis = CancerDiagnosis(
        cancer_type="non_melanoma_skin_cancer" if kind == "skin" else None,
        text="carcinoma in situ" if kind == "in_situ" else "another cancer",
        onset=_years_ago(answers, "other_malignancy_diagnosed_years", as_of),
        abated=_years_ago(answers, "other_malignancy_resolved_years", as_of)
        if status == "resolved"
        else None,
        clinical_status=status,
        verification_status="confirmed",
    )
    return ReportedOtherMalignancy(present=True, diagnosis=diagnosis)


def _yes_no(answers: Answers, name: str) -> bool | None:
    said = answers.text(name)
    return None if said is None else said == "yes"


def _brain_metastasis_status(answers: Answers, as_of: date) -> BrainMetastasisStatus:
    days = answers.number("brain_metastases_stable_days")
    dose_days = answers.number("brain_metastases_steroid_dose_days")
    free_days = answers.number("brain_metastases_steroid_free_days")
    on_steroids = _yes_no(answers, "brain_metastases_steroids")
    if free_days is not None and on_steroids is None:
        on_steroids = False  # days off them say they are off
    return BrainMetastasisStatus(
        treated=_yes_no(answers, "brain_metastases_treated"),
        stable=_yes_no(answers, "brain_metastases_stable"),
        stable_days=int(days) if days is not None else None,
        on_steroids=on_steroids,
        steroid_dose_since=as_of - timedelta(days=int(dose_days))
        if dose_days is not None
        else None,
        steroids_stopped_on=as_of - timedelta(days=int(free_days))
        if free_days is not None and on_steroids is False
        else None,
    )


def _infection_control(answers: Answers) -> tuple[InfectionControl, ...]:
    found = []
    for kind in (Comorbidity.HIV, Comorbidity.HEPATITIS_B, Comorbidity.HEPATITIS_C):
        load = answers.text(f"infection_{kind.value}_viral_load")
        antigen = answers.text(f"infection_{kind.value}_hbsag")
        control = InfectionControl(
            kind=kind,
            antiviral=_yes_no(answers, f"infection_{kind.value}_antiviral"),
            viral_load_detectable=None if load is None else load == "detectable",
            cd4=answers.number(f"infection_{kind.value}_cd4"),
            surface_antigen_positive=None if antigen is None else antigen == "positive",
        )
        if control != InfectionControl(kind=kind):
            found.append(control)
    return tuple(found)


def _demographics(answers: Answers) -> Demographics:
    age = answers.number("age")
    sex = answers.text("sex")
    return Demographics(
        age_years=int(age) if age is not None else None,
        sex=Sex(sex) if sex else Sex.UNKNOWN,
    )


def _metastatic(answers: Answers, m: str | None) -> MetastaticStatus:
    said = answers.text("metastatic")
    if said is not None:
        return MetastaticStatus(value=said == "yes", reason="as entered")
    if m is not None:
        return MetastaticStatus(value=m.upper().startswith("M1"), reason=f"{m} entered")
    return MetastaticStatus(value=None, reason="not entered")


def _performance(answers: Answers, as_of: date) -> tuple[PerformanceStatus, ...]:
    ecog = answers.text("ecog")
    if ecog is not None:
        score = int(ecog)
        return (
            PerformanceStatus(scale=PerformanceScale.ECOG, score=score, ecog=score, date=as_of),
        )
    kps = answers.text("karnofsky")
    if kps is not None:
        score = int(kps)
        # The one table (CNV-KPS-ECOG): KPS 70 gets no single ECOG grade, as from the EHR.
        equivalent = single_ecog_of_karnofsky(score)
        return (
            PerformanceStatus(
                scale=PerformanceScale.KARNOFSKY, score=score, ecog=equivalent, date=as_of
            ),
        )
    return ()


def _labs(form: CheckForm, answers: Answers, as_of: date) -> tuple[Measurement, ...]:
    labs = []
    for analyte in Analyte:
        value = answers.number(f"lab_{analyte.value}")
        if value is None:
            continue
        labs.append(
            Measurement(
                analyte=analyte,
                value=value,
                unit=CANONICAL_UNITS[analyte],
                upper_limit_normal=answers.number(f"lab_{analyte.value}_uln"),
                date=as_of,
            )
        )
    return tuple(labs)


def _lines(form: CheckForm, answers: Answers) -> tuple[TherapyLine, ...]:
    count = answers.number("prior_lines")
    if count is None:
        return ()
    lines = []
    for number in range(1, int(count) + 1):
        ticked = answers.ticked(f"line_{number}")
        lines.append(
            TherapyLine(
                number=number,
                agents=tuple(v.removeprefix("agent:") for v in ticked if v.startswith("agent:")),
                classes=frozenset(DrugClass(v) for v in ticked if not v.startswith("agent:")),
                # A box left unticked is not "did not receive": the line may have held drugs
                # the form did not ask about or the patient does not know (EXP-UNRESOLVED).
                unresolved=(_NOT_STATED,),
            )
        )
    return tuple(lines)


def _exposures(form: CheckForm, answers: Answers) -> tuple[TherapyExposure, ...]:
    exposures = []
    for f in form.fields:
        if not f.name.startswith("ever_") or answers.text(f.name) != "yes":
            continue
        value = f.target or ""
        if value.startswith("agent:"):
            exposures.append(
                TherapyExposure(agent=value.removeprefix("agent:"), source="self-reported")
            )
        else:
            drug_class = DrugClass(value)
            exposures.append(
                TherapyExposure(
                    agent=DRUG_CLASS_LABELS[drug_class],
                    classes=frozenset({drug_class}),
                    source="self-reported",
                )
            )
    return tuple(exposures)


def _radiotherapy(form: CheckForm, answers: Answers) -> tuple[RadiotherapyCourse, ...]:
    """Yes: radiotherapy to those sites; no: none recorded (the rule reads that as met);
    not known: a course of unknown status, so the rule stays unknown."""
    courses = []
    for f in form.fields:
        said = answers.text(f.name) if f.name.startswith("radiotherapy_") else None
        if said == "no" or not f.name.startswith("radiotherapy_"):
            continue
        sites = frozenset(RadiotherapySite(s) for s in (f.target or "").split(",") if s)
        courses.append(
            RadiotherapyCourse(
                sites=sites, given=True if said == "yes" else None, text="as entered"
            )
        )
    return tuple(courses)


def _comorbidities(form: CheckForm, answers: Answers) -> tuple[ComorbidityFact, ...]:
    found = []
    for kind in Comorbidity:
        name = f"comorbidity_{kind.value}"
        said = answers.text(name)
        if said == "none" or form.field(name) is None:
            continue
        if said is None:
            # Left blank is not "not present": possible, grade not known (the rule asks).
            found.append(ComorbidityFact(kind=kind, confirmed=False, text="not known"))
            continue
        if said == "past":
            found.append(ComorbidityFact(kind=kind, active=False, text="in the past"))
            continue
        found.append(ComorbidityFact(kind=kind, grade=None if said == "ungraded" else int(said)))
    return tuple(found)


def _biomarkers(form: CheckForm, answers: Answers) -> tuple[Biomarker, ...]:
    names = dict.fromkeys(
        f.target for f in form.fields if f.name.startswith("biomarker_") and f.target
    )
    markers = []
    for name in names:
        result = answers.text(f"biomarker_{_slug(name)}")
        value_field = form.field(f"biomarker_{_slug(name)}_value")
        value = answers.number(value_field.name) if value_field is not None else None
        if result is None and value is None:
            continue
        markers.append(
            Biomarker(
                name=name,
                positive=None if result is None else result == "positive",
                value_number=value,
                unit=value_field.unit if value_field is not None and value is not None else None,
            )
        )
    return tuple(markers)
