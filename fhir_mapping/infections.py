"""How far HIV, hepatitis B and hepatitis C are controlled (rules INF-HIV, INF-HEPATITIS), and
the infections a laboratory result proves when the problem list does not say (INF-LABS).

Results are read from Observations (`data/observation_concepts.csv`, concepts
`infection:<test>`), the newest usable one per test, validated lazily like the other
newest-value readers (`observations.latest_per_key`): a chart's older viral loads cost nothing.
Antiviral therapy is a current exposure to an agent whose role (`data/drug_roles.csv`) is the
infection, read from the exposures already built (`therapy`), not from the records again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from eligibility.facts import (
    ComorbidityFact,
    InfectionControl,
    TherapyExposure,
    ViralLoad,
    ViralLoadUnit,
)
from eligibility.vocabulary import Comorbidity
from fhir_mapping.elements import coded, get, items
from fhir_mapping.observations import (
    Candidate,
    Glance,
    glance_of,
    latest_per_key,
    number,
    observation_date,
    usable,
)
from fhir_mapping.parsing import Parsed
from fhir_mapping.terminology import (
    CodedText,
    drug_role_table,
    normalise_unit,
    observation_table,
)

# INF-HIV: HIV RNA below 200 copies/mL is suppressed (DHHS adult antiretroviral guidelines:
# virologic failure is HIV RNA >= 200 copies/mL).
HIV_SUPPRESSED_BELOW = 200.0
# INF-HIV: a viral load or CD4 count older than this says nothing about control now (the NCI
# CTEP eligibility template: "undetectable viral load within 6 months").
HIV_RESULT_DAYS = 183
# INF-ANTIVIRAL: a record whose status says it continues counts; otherwise its last date must
# be this recent (a dispensed supply, a refill not yet recorded).
ANTIVIRAL_RECENT_DAYS = 90
ONGOING_STATUS = frozenset({"active", "on-hold", "in-progress"})

_PREFIX = "infection:"
_KIND = {
    "hiv": Comorbidity.HIV,
    "hepatitis_b": Comorbidity.HEPATITIS_B,
    "hepatitis_c": Comorbidity.HEPATITIS_C,
}
# Read in this order: a plain "not found", then "found" ("detected, < 15 IU/mL" is detected
# below the quantification limit: the virus is there), then a bare "< n" (below the limit).
_NOT_DETECTED = re.compile(
    # TND: "target not detected", as Roche cobas analysers print it. ("ND" may be "not done",
    # and "<LLOQ" below the quantification limit may still be detected: neither is read.)
    r"not detected|undetect|non-?reactive|negative|阴性|未检出|未检测[到出]|未测[到出]|\btnd\b",
    re.IGNORECASE,
)
_DETECTED = re.compile(r"detected|reactive|positive|阳性|检出", re.IGNORECASE)
# VAL-SIGNS: a qualitative result written as a sign alone, as Chinese laboratory systems print
# it ("-", "(-)", "+", "(+)"); and the equivocal result, neither found nor not found ("±", the
# grey zone of an immunoassay near its cut-off), read before either.
# A sign alone, or in brackets closing the text: the laboratory's reading of a number it printed
# before it ("1250.50 (+)", an immunoassay's index).
_SIGN_NEGATIVE = re.compile(r"^\s*[-－−]\s*$|[(（]\s*[-－−]\s*[)）]\s*$")
_SIGN_POSITIVE = re.compile(r"^\s*[+＋]{1,4}\s*$|[(（]\s*[+＋]{1,4}\s*[)）]\s*$")
_EQUIVOCAL = re.compile(
    r"±|\+\s*/\s*-|^\s*[(（]?\s*\+-\s*[)）]?\s*$|可疑|灰区|equivocal|indeterminate|borderline",
    re.IGNORECASE,
)
_BELOW_LIMIT = re.compile(
    r"<\s*\d|below (the )?(limit|lloq)|(?:低于|小于|<)\s*(?:最低)?检测(?:下)?限", re.IGNORECASE
)
# VAL-VIRAL-LOAD: a count as laboratories print it: "1250", "1.20E+02", "5.0e3", "3.2×10^4",
# "1.5x10E5", "2.1*10^3", after an optional "<" / "≤" (below the assay's limit).
_COUNT = re.compile(
    r"^\s*(?P<below>[<≤]|<=)?\s*(?P<mantissa>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?:\s*(?:e\+?(?P<e>\d+)|[x×*]\s*10\s*(?:\^|e|\*\*)?\s*\+?(?P<power>\d+)))?"
    r"(?![\d.])\s*(?P<unit>.*)$",
    re.IGNORECASE,
)
# The units of a viral load OncoMatch compares with a protocol's limit (INF-DEFINED), and
# "log10" forms (a count's logarithm).
_LOAD_UNITS: dict[str, ViralLoadUnit] = {
    "iu/ml": "IU/mL",
    "[iu]/ml": "IU/mL",
    "copies/ml": "copies/mL",
    "{copies}/ml": "copies/mL",
    "copy/ml": "copies/mL",
    "cp/ml": "copies/mL",
    "cps/ml": "copies/mL",
    "拷贝/ml": "copies/mL",
}
_LOG_UNIT = re.compile(r"^(?:log(?:10)?|lg)(?:\()?(?P<unit>[^)]*)\)?$", re.IGNORECASE)
# CD4 counts: cells per microlitre, as laboratories write it.
_CD4_UNITS = {
    "cells/ul": 1.0,
    "{cells}/ul": 1.0,
    "/ul": 1.0,
    "cells/mm3": 1.0,
    "/mm3": 1.0,
    "10*6/l": 1.0,
    "10*9/l": 1000.0,
}
_QUANTITATIVE = frozenset({"hiv_rna", "hbv_dna", "hcv_rna", "cd4"})
OBSERVATION_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
# Positive / detected and negative / not detected. "H", "A" or "N" say where a number stands
# against a reference range, not whether the analyte was found: not read.
_FLAGS = {"POS": True, "DET": True, "NEG": False, "ND": False}


@dataclass(frozen=True, slots=True)
class Result:
    """The newest usable result of one test: a count (`value`, CD4 cells/µL or a viral load as
    reported) and/or whether the analyte was found (`detected`); for a viral load, the limit
    it was reported below (`below`) and its unit when OncoMatch reads it (`unit`); an equivocal
    result ("±", VAL-SIGNS) was found neither way (`detected` None, `equivocal`)."""

    test: str  # hiv_rna | hiv_ab | cd4 | hbsag | hbv_dna | hbcab | hcv_ab | hcv_rna
    when: date | None
    reference: str
    detected: bool | None
    value: float | None = None
    below: float | None = None
    unit: ViralLoadUnit | None = None
    equivocal: bool = False


@dataclass(frozen=True, slots=True)
class Count:
    """A count read from a laboratory's text or quantity (VAL-VIRAL-LOAD)."""

    value: float
    below: bool  # reported as "< value": below the assay's limit
    unit: ViralLoadUnit | None


def load_unit(unit: str | None) -> tuple[ViralLoadUnit | None, bool]:
    """The viral-load unit, and whether the count is its log10."""
    if not unit:
        return None, False
    key = normalise_unit(unit)
    if key in _LOAD_UNITS:
        return _LOAD_UNITS[key], False
    log = _LOG_UNIT.match(key)
    if log is not None and log.group("unit") in _LOAD_UNITS:
        return _LOAD_UNITS[log.group("unit")], True
    return None, False


def read_count(text: str) -> Count | None:
    """A count at the start of a text, with its exponent, its "<" and its unit (VAL-VIRAL-LOAD):
    "1.20E+02 IU/mL" is 120, "<5.00E+02 IU/mL" below 500, "3.2 log IU/mL" 10^3.2."""
    found = _COUNT.match(text)
    if found is None:
        return None
    value = float(found.group("mantissa").replace(",", ""))
    power = found.group("e") or found.group("power")
    if power is not None:
        value *= 10 ** int(power)
    words = found.group("unit").split()
    # The unit is the first word, or the first two when the first says a logarithm.
    is_log = bool(words) and words[0].lower() in {"log", "log10", "lg"}
    unit, logarithm = load_unit("".join(words[: 2 if is_log else 1]) or None)
    if logarithm:
        value = 10**value
    return Count(value, found.group("below") is not None, unit)


def _test(concepts: tuple[str, ...]) -> str | None:
    return next((c.removeprefix(_PREFIX) for c in concepts if c.startswith(_PREFIX)), None)


def _equivocal(concept: CodedText) -> bool:
    """VAL-SIGNS: the result's words say it is neither negative nor positive ("±", 可疑)."""
    return any(_EQUIVOCAL.search(text) for text in concept.texts())


def _signed(text: str) -> bool | None:
    """VAL-SIGNS: what a sign alone or a closing bracketed sign says; None for neither."""
    if _SIGN_NEGATIVE.search(text):
        return False
    if _SIGN_POSITIVE.search(text):
        return True
    return None


def _said(concept: CodedText) -> bool | None:
    for text in concept.texts():
        signed = _signed(text)
        if signed is not None:
            # Words that say otherwise ("阴性(+)") leave the result unread.
            worded = _worded(text)
            return signed if worded in (None, signed) else None
        worded = _worded(text)
        if worded is not None:
            return worded
    return None


def _worded(text: str) -> bool | None:
    """What a result's words say: not detected, detected, or below the assay's limit."""
    if _NOT_DETECTED.search(text):
        return False
    if _DETECTED.search(text):
        return True
    if _BELOW_LIMIT.search(text):
        return False
    return None


Reading = tuple[bool | None, float | None, float | None, ViralLoadUnit | None]
"""(detected, count, the limit it is below, the load's unit)."""
# VAL-SIGNS: an equivocal result: no count, found neither way.
EQUIVOCAL: Reading = (None, None, None, None)


def _flagged(interpretations: Any) -> bool | None:
    """INF-EHR: the laboratory's verdict on a number it sent (a serology index in COI, an
    HBsAg in IU/mL) as the result's interpretation: its code, else its words."""
    for interpretation in interpretations or ():
        concept = coded(interpretation)
        for coding in concept.codings:
            if coding.system == OBSERVATION_INTERPRETATION and coding.code in _FLAGS:
                return _FLAGS[coding.code]
        said = _said(concept)
        if said is not None:
            return said
    return None


def _quantity(model: Any, test: str) -> Reading | None:
    quantity = get(model, "valueQuantity")
    value = number(get(quantity, "value"))
    if value is None or test not in _QUANTITATIVE:
        return None  # a serology index (HBsAg COI) needs the assay's cut-off: read its words
    unit = get(quantity, "code") or get(quantity, "unit")
    if test == "cd4":
        factor = _CD4_UNITS.get(normalise_unit(unit)) if isinstance(unit, str) else None
        return (None, value * factor, None, None) if factor is not None else None
    load_in, logarithm = load_unit(unit if isinstance(unit, str) else None)
    if logarithm:
        value = 10**value
    if get(quantity, "comparator") in {"<", "<="}:
        return False, None, value, load_in  # below the assay's limit
    if value == 0:
        return False, None, None, load_in
    return True, value, None, load_in


def _string(string: str, test: str) -> Reading | None:
    """A count written as text ("1.20E+02 IU/mL", "<5.00E+02 IU/mL", "1250 copies/mL")."""
    if test not in _QUANTITATIVE or _NOT_DETECTED.search(string):
        return None
    count = read_count(string)
    if count is None:
        return None
    if test == "cd4":
        return None if count.below else (None, count.value, None, None)
    if count.below:
        return bool(_DETECTED.search(string)), None, count.value, count.unit
    return count.value > 0, count.value, None, count.unit


def _value(source: Any, test: str) -> Reading | None:
    """What an Observation, or one component of a panel, says of `test`: its quantity, else
    a serology's boolean answer, else its words (a count written out, a "positive"), else its
    interpretation flag."""
    found = _quantity(source, test)
    if found is not None:
        return found
    answer = get(source, "valueBoolean")
    if isinstance(answer, bool) and test not in _QUANTITATIVE:
        # INF-EHR: a presence test (a serology) answered yes or no: found or not.
        return answer, None, None, None
    concept = coded(get(source, "valueCodeableConcept"))
    string = get(source, "valueString")
    if isinstance(string, str):
        concept = concept + CodedText(text=string)
        found = _string(string, test)
        if found is not None:
            return found
    if _equivocal(concept):
        return EQUIVOCAL
    said = _said(concept)
    if said is None:
        said = _flagged(get(source, "interpretation"))
    return None if said is None else (said, None, None, None)


def _tested(code: Any) -> str | None:
    return _test(observation_table().concepts(coded(code)))


def _read(observation: Parsed, as_of: date, test: str) -> Result | None:
    """INF-LABS: the result of `test` the Observation gives, as the test itself or as one
    component of a panel ("乙肝五项": HBsAg, anti-HBs, HBeAg, anti-HBe, anti-HBc)."""
    if not usable(observation, as_of):
        return None
    model = observation.model
    source = model
    if _tested(get(model, "code")) != test:
        components = (c for c in items(model, "component") if _tested(get(c, "code")) == test)
        source = next(components, None)
        if source is None:
            return None
    found = _value(source, test)
    if found is None:
        return None
    detected, value, below, unit = found
    when = observation_date(model)
    equivocal = found == EQUIVOCAL
    return Result(test, when, observation.reference, detected, value, below, unit, equivocal)


def _keyed_by(test: str) -> Callable[[Glance], str | None]:
    """A panel's test is grouped with the Observations of the test itself: the newest of
    either decides."""
    concept = f"{_PREFIX}{test}"
    return lambda seen: (
        test if concept in seen.concepts or concept in seen.component_concepts else None
    )


def read_results(candidates: Sequence[Candidate], as_of: date) -> dict[str, Result]:
    """The newest usable result per test, an Observation of its own or a panel's component."""
    paneled = sorted(
        {
            test
            for candidate in candidates
            for concept in glance_of(candidate).component_concepts
            if (test := _test((concept,))) is not None
        }
    )

    def read(observation: Parsed) -> Result | None:
        test = _tested(get(observation.model, "code"))
        return None if test is None else _read(observation, as_of, test)

    latest = latest_per_key(candidates, lambda seen: _test(seen.concepts), read)
    results = {result.test: result for _, result in latest}
    for test in paneled:
        found = latest_per_key(candidates, _keyed_by(test), partial(_read, as_of=as_of, test=test))
        if found:
            results[test] = found[0][1]
    return results


def current(exposure: TherapyExposure, as_of: date, recent_days: int) -> bool:
    """Whether the exposure continues at `as_of`: its status says so and it has not ended, or
    its last date is at most `recent_days` old."""
    if exposure.start is not None and exposure.start > as_of:
        return False
    if exposure.status in ONGOING_STATUS and (exposure.end is None or exposure.end >= as_of):
        return True
    last = exposure.end or exposure.start
    return last is not None and last >= as_of - timedelta(days=recent_days)


def _antiviral(
    infection: str, treating: Sequence[tuple[TherapyExposure, frozenset[str]]], as_of: date
) -> tuple[bool | None, tuple[str, ...]]:
    ongoing = [
        e
        for e, roles in treating
        if infection in roles and current(e, as_of, ANTIVIRAL_RECENT_DAYS)
    ]
    if ongoing:
        return True, tuple(ref for e in ongoing for ref in e.evidence)
    # A course that ended (a cured hepatitis C) says nothing about therapy now either way.
    return None, ()


def _recent(result: Result | None, as_of: date) -> Result | None:
    if result is None or result.when is None:
        return None
    return result if result.when >= as_of - timedelta(days=HIV_RESULT_DAYS) else None


def _hiv_load(result: Result | None) -> bool | None:
    if result is None or result.detected is None:
        return None
    if result.detected and result.value is not None:
        return result.value >= HIV_SUPPRESSED_BELOW
    return result.detected


Fields = dict[str, Any]


def _fields(
    kind: Comorbidity, results: dict[str, Result], as_of: date
) -> tuple[Fields, tuple[Result | None, ...]]:
    """The InfectionControl fields the results give, and the results they came from."""
    if kind is Comorbidity.HIV:
        load, cd4 = _recent(results.get("hiv_rna"), as_of), _recent(results.get("cd4"), as_of)
        fields = {
            "viral_load_detectable": _hiv_load(load),
            "viral_load": _viral_load(load),
            "cd4": cd4.value if cd4 is not None else None,
        }
        return fields, (load, cd4)
    if kind is Comorbidity.HEPATITIS_B:
        dna, antigen = results.get("hbv_dna"), results.get("hbsag")
        fields = {
            "viral_load_detectable": dna.detected if dna is not None else None,
            "viral_load": _viral_load(dna),
            "surface_antigen_positive": antigen.detected if antigen is not None else None,
        }
        return fields, (dna, antigen)
    rna = results.get("hcv_rna")
    fields = {
        "viral_load_detectable": rna.detected if rna is not None else None,
        "viral_load": _viral_load(rna),
    }
    return fields, (rna,)


def _viral_load(result: Result | None) -> ViralLoad | None:
    if result is None or (result.value is None and result.below is None):
        return None
    return ViralLoad(
        value=result.value, below=result.below, unit=result.unit, detected=result.detected
    )


def read_infection_control(
    results: dict[str, Result], exposures: Sequence[TherapyExposure], as_of: date
) -> tuple[InfectionControl, ...]:
    roles = drug_role_table()
    # One pass over the exposures (a chart has hundreds): the few with a role.
    treating = [(e, roles[e.agent]) for e in exposures if e.agent in roles]
    if not results and not treating:
        return ()
    controls: list[InfectionControl] = []
    for infection, kind in _KIND.items():
        antiviral, treated_by = _antiviral(infection, treating, as_of)
        fields, used = _fields(kind, results, as_of)
        if antiviral is None and all(value is None for value in fields.values()):
            continue  # the chart says nothing about this infection's control
        evidence = [r.reference for r in used if r is not None] + list(treated_by)
        controls.append(
            InfectionControl(
                evidence=tuple(dict.fromkeys(evidence)), kind=kind, antiviral=antiviral, **fields
            )
        )
    return tuple(controls)


def _implied(results: dict[str, Result]) -> Iterable[tuple[Comorbidity, Result, bool]]:
    """(infection, the result proving it, confirmed) for each result that shows an infection."""
    load, screen = results.get("hiv_rna"), results.get("hiv_ab")
    if load is not None and load.detected:
        yield Comorbidity.HIV, load, True
    elif screen is not None and (screen.detected or (screen.equivocal and load is None)):
        # A reactive screen awaits confirmation; an undetectable RNA beside it is what
        # effective therapy looks like, not the absence of HIV. An equivocal screen (VAL-SIGNS)
        # with no RNA is to be repeated.
        yield Comorbidity.HIV, screen, False
    hepatitis_b = [r for test in ("hbsag", "hbv_dna") if (r := results.get(test)) is not None]
    shown = next((r for r in hepatitis_b if r.detected), None)
    if shown is not None:
        yield Comorbidity.HEPATITIS_B, shown, True
    elif any(r.equivocal for r in hepatitis_b):
        # VAL-SIGNS: an equivocal HBsAg (or HBV DNA) is neither: possible, repeat the test.
        yield Comorbidity.HEPATITIS_B, next(r for r in hepatitis_b if r.equivocal), False
    rna, antibody = results.get("hcv_rna"), results.get("hcv_ab")
    if rna is not None and rna.detected:
        yield Comorbidity.HEPATITIS_C, rna, True
    elif rna is not None and rna.equivocal:
        yield Comorbidity.HEPATITIS_C, rna, False
    elif rna is None and antibody is not None and (antibody.detected or antibody.equivocal):
        # Antibodies alone: a past or a current infection; the HCV RNA tells which.
        yield Comorbidity.HEPATITIS_C, antibody, False


_TEST_NAMES = {
    "hiv_rna": "HIV RNA",
    "hiv_ab": "anti-HIV",
    "hbsag": "HBsAg",
    "hbv_dna": "HBV DNA",
    "hcv_rna": "HCV RNA",
    "hcv_ab": "anti-HCV",
}


def _past(results: dict[str, Result]) -> Iterable[tuple[Comorbidity, tuple[Result, ...], str]]:
    """INF-EVER: (infection, the results suggesting it, in words) for each result pattern of a
    past infection: antibodies with the virus gone. Each may also be a false-positive antibody,
    so the infection is possible, not established."""
    rna, antibody = results.get("hcv_rna"), results.get("hcv_ab")
    if antibody is not None and antibody.detected and rna is not None and rna.detected is False:
        yield Comorbidity.HEPATITIS_C, (antibody, rna), "anti-HCV positive, HCV RNA not detected"
    core = results.get("hbcab")
    current = (results.get(test) for test in ("hbsag", "hbv_dna"))
    if (
        core is not None
        and core.detected
        and not any(r is not None and r.detected for r in current)
    ):
        yield Comorbidity.HEPATITIS_B, (core,), "anti-HBc positive"


def read_lab_infections(
    results: dict[str, Result], recorded: Iterable[ComorbidityFact]
) -> tuple[ComorbidityFact, ...]:
    """INF-LABS: an infection a result shows, when no Condition of that kind is recorded; and
    (INF-EVER) a past one results suggest, kept inactive: only a history of it excludes."""
    recorded = tuple(recorded)
    known = {fact.kind for fact in recorded}
    current = {fact.kind for fact in recorded if fact.active}
    facts = []
    for kind, result, confirmed in _implied(results):
        if kind in current:
            continue
        label = "detected" if result.test.endswith(("rna", "dna")) else "positive"
        if result.equivocal:
            label = "equivocal"
        facts.append(
            ComorbidityFact(
                evidence=(result.reference,),
                kind=kind,
                onset=result.when,
                text=f"{_TEST_NAMES[result.test]} {label}",
                # Beside a Condition saying it resolved, the result may be the old infection's
                # or a new one: possible, never none (INF-LABS).
                confirmed=confirmed and kind not in known,
            )
        )
        current.add(kind)
        known.add(kind)
    for kind, shown_by, words in _past(results):
        if kind in known:
            continue
        facts.append(
            ComorbidityFact(
                evidence=tuple(r.reference for r in shown_by),
                kind=kind,
                active=False,
                text=words,
                confirmed=False,
            )
        )
    return tuple(facts)
