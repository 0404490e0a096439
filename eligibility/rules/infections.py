"""The infection rule: HIV, hepatitis B or hepatitis C excluded altogether, or only when
uncontrolled / active (rules INF-HIV, INF-HEPATITIS and INF-DEFINED in docs/clinical-rules.md).

The diagnosis is the HIV / HEPATITIS_B / HEPATITIS_C comorbidity, read as every exclusion is:
none recorded is met. "Any" and "uncontrolled" read the current ones; "ever" ("history of
hepatitis C") the resolved and cured ones too. Control comes from
`PatientFacts.infection_control`; a recorded infection whose control the record does not show
is unknown. A protocol that defines "controlled" itself
(its own viral-load limit, the CD4 count alone, what a positive HBsAg is) is held to that
definition; otherwise the rules' defaults apply.
"""

from __future__ import annotations

from eligibility.criteria import ControlTest, InfectionCriterion
from eligibility.facts import ComorbidityFact, InfectionControl, PatientFacts, ViralLoad
from eligibility.phrasing import COMORBIDITY_LABELS, number
from eligibility.results import CriterionStatus
from eligibility.rules.decision import MET, NOT_MET, UNKNOWN, Decision, LeafRule, distinct
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import Comorbidity

# Uldrick TS et al., J Clin Oncol 2017 (ASCO–Friends): CD4 ≥ 350 cells/µL on effective
# antiretroviral therapy with an undetectable viral load.
HIV_CD4_MIN = 350.0
# INF-DEFINED: HBV DNA copies per IU differ by assay — 5.82 (Roche COBAS TaqMan) to 3.41
# (Abbott RealTime), Japan Society of Hepatology guidelines for HBV (2014), table 10. A load in
# the unit the protocol did not use is decided only when both factors agree.
HBV_COPIES_PER_IU = (3.41, 5.82)
_LOAD = {
    Comorbidity.HIV: "HIV viral load",
    Comorbidity.HEPATITIS_B: "HBV DNA",
    Comorbidity.HEPATITIS_C: "HCV RNA",
}
_DEFAULT_TESTS: dict[Comorbidity, tuple[ControlTest, ...]] = {
    Comorbidity.HIV: ("antiviral_therapy", "viral_load", "cd4"),
    Comorbidity.HEPATITIS_B: ("viral_load",),
    Comorbidity.HEPATITIS_C: ("viral_load",),
}


def control_tests(c: InfectionCriterion) -> tuple[ControlTest, ...]:
    """What must be shown for the infection to count as controlled: the protocol's own list,
    else the rule's (INF-HIV: therapy, viral load and CD4; INF-HEPATITIS: the viral load)."""
    return c.controlled_by or _DEFAULT_TESTS[Comorbidity(c.infection)]


_REQUIREMENTS = {
    "any": "trial excludes any {name}",
    "ever": "trial excludes any {name}, past or present",
    "uncontrolled": "trial excludes uncontrolled or active {name}",
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def compile_infection(c: InfectionCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    kind = Comorbidity(c.infection)
    name = COMORBIDITY_LABELS[kind]
    requirement = _REQUIREMENTS[c.excluded].format(name=name)
    # INF-EVER: a history of the infection is every record of it, resolved or cured too.
    ever = c.excluded == "ever"
    none_recorded = Decision(
        MET, f"No {name} recorded{', past or present' if ever else ''}; {requirement}"
    )
    tests = control_tests(c)

    def evaluate(facts: PatientFacts) -> Decision:
        present = [f for f in facts.comorbidities if f.kind is kind and (ever or f.active)]
        if not present:
            return none_recorded
        confirmed = [f for f in present if f.confirmed]
        if not confirmed:
            return _possible(present, name, requirement)
        recorded_refs = [ref for f in confirmed for ref in f.evidence]
        recorded = _recorded(confirmed, name)
        if c.excluded != "uncontrolled":
            return Decision(NOT_MET, f"{recorded}; {requirement}", distinct(recorded_refs))
        control = next((f for f in facts.infection_control if f.kind is kind), None)
        control = control or InfectionControl(kind=kind)
        said = _Said(recorded, requirement, distinct([*recorded_refs, *control.evidence]))
        if kind is Comorbidity.HIV:
            return _hiv(c, tests, control, said)
        return _hepatitis(c, tests, control, said)

    return evaluate


def _possible(present: list[ComorbidityFact], name: str, requirement: str) -> Decision:
    evidence = distinct([ref for f in present for ref in f.evidence])
    if any(f.active for f in present):
        return Decision(
            UNKNOWN,
            f"{_sentence(name)} possible, not established; {requirement}",
            evidence,
            f"Confirm or refute the {name} diagnosis",
        )
    # INF-EVER: a past infection only a result suggests (anti-HCV with no HCV RNA, anti-HBc).
    shown = ", ".join(dict.fromkeys(f.text for f in present if f.text))
    return Decision(
        UNKNOWN,
        f"A past {name} possible{f' ({shown})' if shown else ''}, not established; {requirement}",
        evidence,
        f"Confirm or refute a past {name}",
    )


def _recorded(confirmed: list[ComorbidityFact], name: str) -> str:
    """How the reason names the confirmed infection: a diagnosis, or the result showing it."""
    refs = [ref for f in confirmed for ref in f.evidence]
    if refs and all(ref.startswith("Observation/") for ref in refs):
        # INF-LABS: no diagnosis on the list; the result that shows it is the reason.
        shown = ", ".join(dict.fromkeys(f.text for f in confirmed if f.text))
        return f"{_sentence(name)} shown by the laboratory: {shown}"
    if not any(f.active for f in confirmed):
        return f"{_sentence(name)} recorded, resolved or inactive"  # INF-EVER
    return f"{_sentence(name)} recorded"


class _Said:
    """What every decision of one evaluation starts and ends with, and cites."""

    __slots__ = ("evidence", "recorded", "requirement")

    def __init__(self, recorded: str, requirement: str, evidence: tuple[str, ...]) -> None:
        self.recorded, self.requirement, self.evidence = recorded, requirement, evidence

    def decide(self, status: CriterionStatus, found: str, to_settle: str | None = None) -> Decision:
        return Decision(
            status, f"{self.recorded}{found}; {self.requirement}", self.evidence, to_settle
        )


def _limits(c: InfectionCriterion) -> dict[str, float]:
    limits = {"IU/mL": c.viral_load_below_iu_ml, "copies/mL": c.viral_load_below_copies_ml}
    return {unit: limit for unit, limit in limits.items() if limit is not None}


def _amount(value: float, unit: str | None) -> str:
    # Loads run to millions: "3,500 IU/mL" reads at a glance where "3500" does not.
    shown = f"{value:,.0f}" if value >= 1000 and value == int(value) else number(value)
    return f"{shown} {unit}" if unit else shown


def _load(c: InfectionCriterion, control: InfectionControl) -> tuple[bool | None, str, str]:
    """(controlled: True / False / None unknown, the load in words, what to record)."""
    name = _LOAD[control.kind]
    record = f"Record the {name} (viral load)"
    limits = _limits(c)
    load = control.viral_load
    if not limits:
        # The rules' own line: not detected (HIV: below 200 copies/mL, INF-EHR).
        detectable = control.viral_load_detectable
        if detectable is None:
            return None, f"{name} not recorded", record
        words = _words(name, load, detectable)
        return not detectable, words, record
    wanted = " or ".join(_amount(limit, unit) for unit, limit in limits.items())
    record = f"Record the {name} as a count (the protocol allows below {wanted})"
    if load is None:
        if control.viral_load_detectable is False:
            return True, f"{name} not detected", record
        if control.viral_load_detectable is None:
            return None, f"{name} not recorded", record
        return None, f"{name} detected, no count recorded", record
    return _against_limits(control.kind, load, limits), _words(name, load, load.detected), record


def _words(name: str, load: ViralLoad | None, detectable: bool | None) -> str:
    if load is not None and load.value is not None:
        return f"{name} {_amount(load.value, load.unit)}"
    if load is not None and load.below is not None:
        found = "detected" if load.detected else "not detected"
        return f"{name} {found} (< {_amount(load.below, load.unit)})"
    return f"{name} {'detectable' if detectable else 'undetectable'}"


def _against_limits(kind: Comorbidity, load: ViralLoad, limits: dict[str, float]) -> bool | None:
    """Whether the load is below the protocol's limit: None when its unit, a bound above the
    limit ("< 500" against 200) or the assays' conversion leaves it open."""
    if load.unit is None:
        return None
    if load.unit in limits:
        low = high = limits[load.unit]
    elif kind is Comorbidity.HEPATITIS_B:
        # The limit in the load's unit, over every assay's factor (INF-DEFINED).
        low, high = _converted(limits, load.unit)
    else:
        return None  # HIV RNA and HCV RNA: no sourced conversion between the units
    if load.value is not None:
        if load.value < low:
            return True
        return False if load.value >= high else None
    if load.below is not None and load.below <= low:
        return True
    return None


def _converted(limits: dict[str, float], unit: str) -> tuple[float, float]:
    fewer, more = HBV_COPIES_PER_IU
    if unit == "copies/mL":
        limit = limits["IU/mL"]
        return limit * fewer, limit * more
    limit = limits["copies/mL"]
    return limit / more, limit / fewer


def _hiv(
    c: InfectionCriterion, tests: tuple[ControlTest, ...], control: InfectionControl, said: _Said
) -> Decision:
    bad: list[str] = []
    good: list[str] = []
    missing: list[str] = []
    if "antiviral_therapy" in tests:
        if control.antiviral is False:
            bad.append("no antiretroviral therapy")
        elif control.antiviral is None:
            missing.append("whether on antiretroviral therapy")
        else:
            good.append("on antiretroviral therapy")
    if "viral_load" in tests:
        controlled, words, _ = _load(c, control)
        if controlled is None:
            missing.append(
                "the HIV viral load"
                if not _limits(c)
                else f"the HIV viral load as a count ({words})"
            )
        else:
            (good if controlled else bad).append(_hiv_load_words(words, controlled, not _limits(c)))
    if "cd4" in tests:
        least = c.cd4_at_least or HIV_CD4_MIN
        if control.cd4 is None:
            missing.append("the CD4 count")
        else:
            (good if control.cd4 >= least else bad).append(f"CD4 {number(control.cd4)} cells/µL")
    if bad:
        return said.decide(NOT_MET, f", {', '.join(bad)}")
    if missing:
        hint = "Record " + ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "")
        return said.decide(UNKNOWN, ", control not recorded", hint + missing[-1])
    return said.decide(MET, f", {', '.join(good)}")


def _hiv_load_words(words: str, controlled: bool, default_line: bool) -> str:
    if not default_line:
        return words
    # The rules' own line: INF-EHR reads below 200 copies/mL as suppressed.
    return "viral load undetectable" if controlled else "detectable viral load"


def _hepatitis(
    c: InfectionCriterion, tests: tuple[ControlTest, ...], control: InfectionControl, said: _Said
) -> Decision:
    treated = ""
    if control.antiviral is not None:
        treated = ", on antiviral therapy" if control.antiviral else ", no antiviral therapy"
    controlled, words, record = _load(c, control)
    antigen = control.surface_antigen_positive
    bad = [words] if "viral_load" in tests and controlled is False else []
    if c.surface_antigen == "excludes" and antigen:
        bad.append("HBsAg positive")
    if bad:
        return said.decide(NOT_MET, f", {', '.join(bad)}")
    if c.surface_antigen == "excludes" and antigen is None:
        return said.decide(
            UNKNOWN, f", HBsAg not recorded{treated}", "Record the HBsAg (surface antigen)"
        )
    if "antiviral_therapy" in tests and control.antiviral is not True:
        return said.decide(
            UNKNOWN,
            f", antiviral therapy not recorded{treated}",
            "Record whether the patient is on antiviral therapy",
        )
    if antigen and c.surface_antigen is None:
        return _surface_antigen(controlled, words, treated, said)
    if controlled or "viral_load" not in tests:
        negative = ", HBsAg negative" if antigen is False else ""
        return said.decide(MET, f", {words}{negative}{treated}")
    if antigen is False and not _limits(c):
        # No surface antigen: no chronic hepatitis B to be active (a past, resolved infection).
        return said.decide(MET, ", HBsAg negative")
    return said.decide(UNKNOWN, f"{treated}, {words}", record)


def _surface_antigen(controlled: bool | None, words: str, treated: str, said: _Said) -> Decision:
    """HBsAg positive without a load above the line. Protocols differ: some call HBsAg positive
    alone active hepatitis B, others (the NCI CTEP template) accept chronic hepatitis B with an
    undetectable viral load on suppressive therapy; this criterion does not say which."""
    # INF-LABS: a reason that names the result showing the infection names it once.
    positive = "" if "HBsAg positive" in said.recorded else ", HBsAg positive"
    if controlled is None:
        return said.decide(
            UNKNOWN,
            f"{positive}{treated}, {words}",
            "Record the HBV DNA (viral load)",
        )
    return said.decide(
        UNKNOWN,
        f"{positive}, {words}{treated}",
        "Check the protocol's definition of active hepatitis B: HBsAg positive alone, or "
        "detectable HBV DNA (suppressed chronic hepatitis B on therapy accepted)",
    )
