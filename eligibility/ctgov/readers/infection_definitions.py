"""A protocol's own definition of a controlled infection, read from its allowance (INF-READ).

"Patients ... serologically positive for HIV can enroll if their CD4+ counts ≥ 350 cells/uL",
"Positive hepatitis-B surface antigen. Subject may be included if they are HBV PCR negative",
"HBV DNA titer <1000 cps/mL or 200 IU/mL ... may be enrolled": the allowance says what
controlled means for this trial, and the criterion carries it (INF-DEFINED). Only an allowance
whose every condition is one the criterion holds is read; one with a duration on therapy, a
drug interaction, liver function, prophylaxis or a second, conditional allowance is left to the
reader of plain qualifiers, which sends it to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from eligibility.criteria import ControlTest, InfectionKind
from eligibility.ctgov.readers.reading import ALLOWANCE_WORDS, split_sentences

_I = re.IGNORECASE

_UNLESS = re.compile(r"\bunless\b", _I)
# Conditions the criterion cannot hold: how long on therapy, interactions, liver function,
# prophylaxis, resistance, a second allowance for another group, a monitor's agreement.
_UNREPRESENTABLE = re.compile(
    r"AIDS|opportunistic|CYP3A4|interaction|cohort|per protocol|protocol requirement|"
    r"institutional|guideline|prophyla|reactivation|liver function|decompensat|\bstable\b|"
    r"resistan|complian|\bfor (?:at least |a minimum of )?(?:\d+|one|two|three|four|six)\s+"
    r"(?:weeks?|months?)|minimum of|\bonly if\b|curable|\bshould\b|sponsor|monitor|rescreen|"
    r"HBeAg|\bALT\b|transaminase|cirrho|well[- ]controlled|normal|risk|clinical|symptom|"
    r"\bmeet\b|criteria",
    _I,
)
_ART = re.compile(r"anti-?retroviral|\bART\b|\bHAART\b|\bcART\b", _I)
_CD4 = re.compile(
    r"\bCD4\+?[^.;<]{0,40}?(?P<op>≥|>=|>|at least|greater than or equal to|greater than|above)"
    r"\s*(?P<count>\d{2,4})(?!\d|[.,]\d)",
    _I,
)
_LOAD_NAMES: dict[InfectionKind, str] = {
    "hiv": r"(?:HIV(?:-1)?\s+)?(?:viral load|RNA)",
    "hepatitis_b": r"(?:HBV\s+)?DNA(?:\s+(?:titer|titre|level|load))?|HBV viral load",
    "hepatitis_c": r"(?:HCV\s+)?RNA|HCV viral load",
}
_UNIT = r"(?P<{0}>IU|copies|copy|cps)\s*/\s*mL"
_AMOUNT = r"(?P<{0}>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*"
_BELOW = r"(?:<|less than|below|lower than|under)"
_NEGATIVE = re.compile(r"\bnegative\b|\bundetectable\b|\bnot detect\w*|\bno detectable\b", _I)
_SURFACE_ANTIGEN_POSITIVE = re.compile(
    r"(?:HBsAg|hepatitis[\s-]*B surface antigen)[^.;]{0,20}?\b(?:positive|reactive)\b|"
    r"\b(?:positive|reactive)\s+(?:for\s+)?(?:hepatitis[\s-]*B surface antigen|HBsAg)",
    _I,
)
_CORE_ANTIBODY = re.compile(r"core antibod|\banti-?HBc\b|\bHBcAb\b", _I)


@dataclass(frozen=True, slots=True)
class InfectionDefinition:
    """What the protocol calls controlled: the fields of an `uncontrolled` infection criterion."""

    controlled_by: tuple[ControlTest, ...] = ()
    viral_load_below_iu_ml: float | None = None
    viral_load_below_copies_ml: float | None = None
    cd4_at_least: float | None = None
    surface_antigen: Literal["excludes", "allowed"] | None = None


def _amount(text: str) -> float:
    return float(text.replace(",", ""))


def _limits(scope: str, kind: InfectionKind) -> dict[str, float] | None:
    """The viral-load limits by unit, {} when none is given, None when one cannot be read."""
    pattern = re.compile(
        rf"\b(?:{_LOAD_NAMES[kind]})\b[^.;]{{0,30}}?{_BELOW}\s*{_AMOUNT.format('n1')}"
        rf"{_UNIT.format('u1')}(?:\s*(?:or|/|\()\s*{_BELOW}?\s*{_AMOUNT.format('n2')}"
        rf"{_UNIT.format('u2')})?",
        _I,
    )
    found = list(pattern.finditer(scope))
    if len(found) > 1:
        return None
    if not found:
        mentioned = re.search(
            rf"\b(?:{_LOAD_NAMES[kind]})\b[^.;]{{0,30}}?(?:{_BELOW}|≤)", scope, _I
        )
        return None if mentioned else {}
    limits: dict[str, float] = {}
    for number, unit in (("n1", "u1"), ("n2", "u2")):
        if found[0].group(number) is None:
            continue
        key = "IU/mL" if found[0].group(unit).upper() == "IU" else "copies/mL"
        if key in limits:
            return None
        limits[key] = _amount(found[0].group(number))
    return limits


def _cd4(scope: str) -> float | bool | None:
    """The least CD4 count allowed; None when not said; False when said in a way not read."""
    found = list(_CD4.finditer(scope))
    mentions = re.findall(r"\bCD4\b", scope, _I)
    if not mentions:
        return None
    if len(found) != 1 or re.search(r"\bCD4\+?[^.;]{0,40}?(?:<|less than|below)", scope, _I):
        return False
    count = float(found[0].group("count"))
    strict = found[0].group("op").lower() in {">", "greater than", "above"}
    return count + 1 if strict else count


def _negative_load(scope: str, kind: InfectionKind) -> bool:
    load = _LOAD_NAMES[kind] + r"|PCR"
    return bool(
        re.search(rf"\b(?:{load})\b[^.;]{{0,25}}?(?:{_NEGATIVE.pattern})", scope, _I)
        or re.search(rf"(?:{_NEGATIVE.pattern})\s+(?:\w+\s+){{0,2}}?(?:{load})\b", scope, _I)
    )


def read_definition(
    text: str, kind: InfectionKind, names: re.Pattern[str], excludes: bool
) -> InfectionDefinition | None:
    """The protocol's definition of a controlled `kind` (named by `names`, the comorbidity
    reader's pattern), or None when the item gives none the criterion can hold (the plain
    qualifier readers then decide)."""
    sentences = split_sentences(text)
    allowing = [
        s for s in sentences if names.search(s) and (ALLOWANCE_WORDS.search(s) or _UNLESS.search(s))
    ]
    if not allowing or any(_UNREPRESENTABLE.search(s) for s in sentences if names.search(s)):
        return None
    if not excludes and len(allowing) != len([s for s in sentences if names.search(s)]):
        return None
    scope = " ".join(allowing)
    limits = _limits(scope, kind)
    cd4 = _cd4(scope) if kind == "hiv" else None
    if limits is None or cd4 is False:
        return None
    tests: list[ControlTest] = []
    if kind == "hiv" and _ART.search(scope):
        tests.append("antiviral_therapy")
    negative = _negative_load(scope, kind)
    if limits or negative:
        tests.append("viral_load")
    if isinstance(cd4, float):
        tests.append("cd4")
    if not tests:
        return None  # "cured", "well controlled": the plain qualifier readers decide
    surface_antigen = _surface_antigen(sentences, allowing, kind)
    return InfectionDefinition(
        controlled_by=tuple(tests) if kind == "hiv" else (),
        viral_load_below_iu_ml=limits.get("IU/mL"),
        viral_load_below_copies_ml=limits.get("copies/mL"),
        cd4_at_least=cd4 if isinstance(cd4, float) else None,
        surface_antigen=surface_antigen,
    )


def _surface_antigen(
    sentences: list[str], allowing: list[str], kind: InfectionKind
) -> Literal["excludes", "allowed"] | None:
    """Hepatitis B: an allowance by the DNA lets a positive HBsAg in, unless it is an allowance
    for anti-HBc alone beside an exclusion of a positive HBsAg."""
    if kind != "hepatitis_b":
        return None
    excluded = " ".join(s for s in sentences if s not in allowing)
    scope = " ".join(allowing)
    if _CORE_ANTIBODY.search(scope):
        return "excludes" if _SURFACE_ANTIGEN_POSITIVE.search(excluded) else None
    return "allowed"
