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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from eligibility.facts import ComorbidityFact, InfectionControl, TherapyExposure
from eligibility.vocabulary import Comorbidity
from fhir_mapping.elements import coded, get
from fhir_mapping.observations import Candidate, latest_per_key, number, observation_date, usable
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
    r"not detected|undetect|non-?reactive|negative|阴性|未检出", re.IGNORECASE
)
_DETECTED = re.compile(r"detected|reactive|positive|阳性|检出", re.IGNORECASE)
_BELOW_LIMIT = re.compile(r"<\s*\d|below (the )?(limit|lloq)|低于检测下限", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?(?:e\d+)?)\b", re.IGNORECASE)
# CD4 counts: cells per microlitre, as laboratories write it.
_CD4_UNITS = {
    "cells/ul": 1.0,
    "{cells}/ul": 1.0,
    "/ul": 1.0,
    "cells/mm3": 1.0,
    "/mm3": 1.0,
    "10*6/l": 1.0,
    "10^6/l": 1.0,
    "10*9/l": 1000.0,
    "10^9/l": 1000.0,
}
_QUANTITATIVE = frozenset({"hiv_rna", "hbv_dna", "hcv_rna", "cd4"})


@dataclass(frozen=True, slots=True)
class Result:
    """The newest usable result of one test: a count (`value`, CD4 cells/µL or a viral load as
    reported) and/or whether the analyte was found (`detected`)."""

    test: str  # hiv_rna | cd4 | hbsag | hbv_dna | hbcab | hcv_ab | hcv_rna
    when: date | None
    reference: str
    detected: bool | None
    value: float | None = None


def _test(concepts: tuple[str, ...]) -> str | None:
    return next((c.removeprefix(_PREFIX) for c in concepts if c.startswith(_PREFIX)), None)


def _said(concept: CodedText) -> bool | None:
    for text in concept.texts():
        if _NOT_DETECTED.search(text):
            return False
        if _DETECTED.search(text):
            return True
        if _BELOW_LIMIT.search(text):
            return False
    return None


def _quantity(model: Any, test: str) -> tuple[bool | None, float | None] | None:
    quantity = get(model, "valueQuantity")
    value = number(get(quantity, "value"))
    if value is None or test not in _QUANTITATIVE:
        return None  # a serology index (HBsAg COI) needs the assay's cut-off: read its words
    if test == "cd4":
        unit = get(quantity, "code") or get(quantity, "unit")
        factor = _CD4_UNITS.get(normalise_unit(unit)) if isinstance(unit, str) else None
        return (None, value * factor) if factor is not None else None
    if get(quantity, "comparator") in {"<", "<="} or value == 0:
        return False, None  # below the assay's limit
    return True, value


def _read(observation: Parsed, as_of: date, test: str) -> Result | None:
    if not usable(observation, as_of):
        return None
    model = observation.model
    when = observation_date(model)
    found = _quantity(model, test)
    if found is None:
        concept = coded(get(model, "valueCodeableConcept"))
        string = get(model, "valueString")
        if isinstance(string, str):
            concept = concept + CodedText(text=string)
            leading = _LEADING_NUMBER.match(string)
            below = _NOT_DETECTED.search(string) or _BELOW_LIMIT.search(string)
            if leading and test in _QUANTITATIVE and not below:
                count = float(leading.group(1))
                found = (None, count) if test == "cd4" else (count > 0, count)
        if found is None:
            said = _said(concept)
            found = None if said is None else (said, None)
    if found is None:
        return None
    detected, value = found
    return Result(test, when, observation.reference, detected, value)


def read_results(candidates: Sequence[Candidate], as_of: date) -> dict[str, Result]:
    """The newest usable result per test."""

    def read(observation: Parsed) -> Result | None:
        test = _test(observation_table().concepts(coded(get(observation.model, "code"))))
        return None if test is None else _read(observation, as_of, test)

    latest = latest_per_key(candidates, lambda seen: _test(seen.concepts), read)
    return {result.test: result for _, result in latest}


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
            "cd4": cd4.value if cd4 is not None else None,
        }
        return fields, (load, cd4)
    if kind is Comorbidity.HEPATITIS_B:
        dna, antigen = results.get("hbv_dna"), results.get("hbsag")
        fields = {
            "viral_load_detectable": dna.detected if dna is not None else None,
            "surface_antigen_positive": antigen.detected if antigen is not None else None,
        }
        return fields, (dna, antigen)
    rna = results.get("hcv_rna")
    return {"viral_load_detectable": rna.detected if rna is not None else None}, (rna,)


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
    load = results.get("hiv_rna")
    if load is not None and load.detected:
        yield Comorbidity.HIV, load, True
    for test in ("hbsag", "hbv_dna"):
        found = results.get(test)
        if found is not None and found.detected:
            yield Comorbidity.HEPATITIS_B, found, True
            break
    rna, antibody = results.get("hcv_rna"), results.get("hcv_ab")
    if rna is not None and rna.detected:
        yield Comorbidity.HEPATITIS_C, rna, True
    elif rna is None and antibody is not None and antibody.detected:
        # Antibodies alone: a past or a current infection; the HCV RNA tells which.
        yield Comorbidity.HEPATITIS_C, antibody, False


_TEST_NAMES = {
    "hiv_rna": "HIV RNA",
    "hbsag": "HBsAg",
    "hbv_dna": "HBV DNA",
    "hcv_rna": "HCV RNA",
    "hcv_ab": "anti-HCV",
}


def read_lab_infections(
    results: dict[str, Result], recorded: Iterable[ComorbidityFact]
) -> tuple[ComorbidityFact, ...]:
    """INF-LABS: an infection a result shows, when no Condition of that kind is recorded."""
    known = {fact.kind for fact in recorded}
    facts = []
    for kind, result, confirmed in _implied(results):
        if kind in known:
            continue
        label = "detected" if result.test.endswith(("rna", "dna")) else "positive"
        facts.append(
            ComorbidityFact(
                evidence=(result.reference,),
                kind=kind,
                onset=result.when,
                text=f"{_TEST_NAMES[result.test]} {label}",
                confirmed=confirmed,
            )
        )
    return tuple(facts)
