"""Brain metastases, HIV, hepatitis B/C and pregnancy the patient must not have.

Brain metastases and the infections are read with their qualifiers, anywhere in the item and in
the sentences after it: "active / untreated / symptomatic" brain metastases exclude only active
ones (`not_active`), "unless treated and stable for ≥ 4 weeks" allows treated, stable ones
(`treated_stable`), no qualifier excludes all (`none`); "active hepatitis B", "uncontrolled HIV",
"detectable viral load" exclude only uncontrolled infection. A qualifier that cannot be
represented (a size, seizures, "per protocol", a physician's judgement) leaves the item for
manual review, never an unqualified exclusion.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eligibility.criteria import (
    BrainMetastasesCriterion,
    ComorbidityCriterion,
    Criterion,
    InfectionCriterion,
    InfectionKind,
)
from eligibility.ctgov.readers.reading import HEDGES, Reading, negated_before, span_of
from eligibility.vocabulary import Comorbidity

_I = re.IGNORECASE

_BRAIN = re.compile(
    r"\b(?:brain|cns|central nervous system|intracranial|cerebral)\s+"
    r"(?:metastas[ie]s|mets|metastatic disease|metastatic lesions?)|"
    r"\bmetasta\w*\s+(?:disease\s+)?(?:to|in|of|involving)\s+(?:the\s+)?"
    r"(?:brain|cns|central nervous system)\b",
    _I,
)
_INFECTIONS: tuple[tuple[str, InfectionKind, re.Pattern[str], str], ...] = (
    ("hiv", "hiv", re.compile(r"\bHIV\b|human immunodeficiency virus|\bAIDS\b", _I), "HIV"),
    (
        "hepatitis",
        "hepatitis_b",
        re.compile(r"\bhepatitis\s*B\b|\bHBV\b|\bHBsAg\b", _I),
        "hepatitis B",
    ),
    (
        "hepatitis",
        "hepatitis_c",
        re.compile(r"\bhepatitis\s*C\b|\bHCV\b|\bhepatitis\s*B\s*(?:or|and|and/or|/|,)\s*C\b", _I),
        "hepatitis C",
    ),
)
_PREGNANT = re.compile(r"\bpregnan(?:t|cy)\b", _I)
_PREGNANCY_EXCLUSION = re.compile(
    r"\bpregnant (?:or|and|and/or|/)\s*(?:breast|lactat|nursing)|"
    r"\b(?:are|is|be|currently|being)\s+pregnant\b|\bpregnant (?:women|females|patients)\b|"
    r"^\s*pregnan(?:t|cy)\b|\bpregnancy (?:or|and|and/or|/)\s*(?:breast|lactat|nursing)",
    _I,
)
_PREGNANCY_TEST = re.compile(
    r"\bnegative (?:serum |urine |urinary |blood )*(?:or urine |or serum )?"
    r"(?:β-?hCG |beta-?hCG |b-?hCG |hCG )?pregnancy test\b|\bmust not be pregnant\b",
    _I,
)

# Qualifiers the brain-metastasis types cannot hold: the item stays for manual review.
_BRAIN_UNREPRESENTABLE = re.compile(
    r"with or without|larger|greater than|\d\s*(?:cm|mm)\b|seizure|anticonvulsant|"
    r"per (?:study )?protocol|in the protocol|protocol requirements|investigator|physician|"
    r"discretion|cohort|\bpart [A-Z0-9]\b|number of|lesions? (?:≤|<|>|≥)|\bif\b(?! they have)",
    _I,
)
_BRAIN_ACTIVE = re.compile(
    r"\b(?:active|untreated|symptomatic|uncontrolled|unstable|progressive|progressing|"
    r"progressed|not (?:been )?(?:successfully |adequately )?treated|"
    r"haven't been (?:successfully )?treated|requir\w* (?:\w+ ){0,3}(?:treatment|steroids|"
    r"corticosteroids|intervention))\b",
    _I,
)
_BRAIN_PROGRESSED = re.compile(
    r"\bprogress(?:ed|ing|ion)\b|haven't been successfully treated|"
    r"not been successfully treated",
    _I,
)
_ALLOWS = re.compile(
    r"\b(?:are|is|be|considered)\s+(?:eligible|allowed|permitted)|\bmay (?:participate|enrol)|"
    r"\bcan (?:participate|enrol)|\bare eligible\b|\bunless\b",
    _I,
)
_TREATED_STABLE = re.compile(
    r"\b(?:previously |definitively |adequately )?treated\b.*\bstab(?:le|ility|ilization)\b|"
    r"\bstab(?:le|ility|ilization)\b.*\b(?:treated|radiotherapy|radiation|local therapy|"
    r"definitive therapy|CNS-directed therapy|surgery)\b",
    _I | re.S,
)
_WINDOW = re.compile(
    r"(?:at least|≥|>=|\\>=|for)\s*(\d+|one|two|three|four|six)\s*(day|week|month)s?", _I
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6}
_OFF_STEROIDS = re.compile(
    r"\boff (?:\w+ ){0,3}(?:cortico)?steroids?|"
    r"\bnot? (?:\w+ ){0,2}requir\w* (?:\w+ ){0,4}(?:cortico)?steroids?|"
    r"\bwithout (?:the )?(?:need|requirement) for (?:\w+ ){0,2}(?:cortico)?steroids?",
    _I,
)

# Qualifiers the infection types cannot hold.
_INFECTION_UNREPRESENTABLE = re.compile(
    r"with or without|\bCD4\b|AIDS-defining|opportunistic|investigator|discretion|"
    r"protocol|CYP3A4|interaction|cohort|\bif\b|can enrol|may\b|must be|provided",
    _I,
)
_UNCONTROLLED = re.compile(
    r"\b(?:uncontrolled|not controlled|poorly controlled|active|detectable viral load|"
    r"viral load|HBV DNA|HCV RNA|in active stage|replicating|symptomatic)\b",
    _I,
)
_ANY = re.compile(r"\b(?:chronic|past|history|carrier)\b", _I)
_KNOWN = re.compile(r"\b(?:known|positive|seropositiv\w*)\b", _I)
_DISEASE_UNCONTROLLED = re.compile(
    r"\b(?:and|with|who) (?:have |has )?(?:uncontrolled|active) disease\b", _I
)
_ACTIVE_INFECTION_LIST = re.compile(
    r"\bactive (?:\w+ ){0,3}infections?,? (?:\([^)]*\) )?(?:including|such as|e\.g\.)", _I
)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.)\s+|;\s*", text)


def _stable_days(text: str) -> int | None:
    match = _WINDOW.search(text)
    if match is None:
        return None
    number = match.group(1).lower()
    count = int(number) if number.isdigit() else _WORDS[number]
    return count * {"day": 1, "week": 7, "month": 30}[match.group(2).lower()]


def _brain_allowed(reading: Reading) -> BrainMetastasesCriterion | None:
    """The brain-metastasis criterion the item states, or None when it cannot be represented."""
    text = reading.text
    if _BRAIN_UNREPRESENTABLE.search(text):
        return None
    sentences = _sentences(text)
    first, rest = sentences[0], " ".join(sentences[1:])
    if not reading.excludes:
        # "Treated brain metastases are eligible if stable for at least 1 month"
        if _ALLOWS.search(text) and _TREATED_STABLE.search(text):
            return _treated_stable(text)
        return None
    unless = re.search(r"\bunless\b(.*)", first, _I | re.S)
    allowance = (unless.group(1) if unless else "") + " " + rest
    if _ALLOWS.search(allowance) or unless:
        if not _TREATED_STABLE.search(allowance):
            return None
        # An allowance of untreated, asymptomatic metastases too is more than treated_stable.
        if re.search(r"\buntreated\b[^.]*\b(?:eligible|allowed|permitted|may)\b", allowance, _I):
            return None
        return _treated_stable(allowance)
    if HEDGES.search(first) or re.search(r"\bexception", first, _I):
        return None
    if _BRAIN.search(rest) or HEDGES.search(rest):
        return None  # a later sentence about brain metastases that is not an allowance
    if _BRAIN_ACTIVE.search(first):
        plain = re.sub(r"\([^)]*\)", "", first)  # "(e.g., new neurological symptoms)"
        if _BRAIN_PROGRESSED.search(plain) and not re.search(r"symptom|active\b", plain, _I):
            # "untreated or progressed": only treated metastases that have not progressed
            return BrainMetastasesCriterion(id="-", label="-", allowed="treated_stable")
        return BrainMetastasesCriterion(id="-", label="-", allowed="not_active")
    return BrainMetastasesCriterion(id="-", label="-", allowed="none")


def _treated_stable(text: str) -> BrainMetastasesCriterion:
    return BrainMetastasesCriterion(
        id="-",
        label="-",
        allowed="treated_stable",
        stable_days=_stable_days(text),
        steroids_allowed=_OFF_STEROIDS.search(text) is None,
    )


_BRAIN_LABELS = {
    "none": "No brain metastases",
    "treated_stable": "Brain metastases only if treated and stable",
    "not_active": "No active (untreated, symptomatic or progressing) brain metastases",
    "any": "Brain metastases allowed",
}


def _read_brain(reading: Reading) -> None:
    text = reading.text
    match = _BRAIN.search(text)
    if match is None:
        return
    negated = negated_before(text, match.start(), 60 if reading.excludes else 25)
    if reading.excludes and negated:
        reading.unsure.add("brain_metastases")
        return
    if not reading.excludes and negated:
        # "No known brain metastases" in inclusion: none allowed, when nothing qualifies it
        plain = not (_BRAIN_UNREPRESENTABLE.search(text) or HEDGES.search(text))
        if plain and not _BRAIN_ACTIVE.search(text):
            found = BrainMetastasesCriterion(id="-", label="-", allowed="none")
        else:
            reading.unsure.add("brain_metastases")
            return
    else:
        maybe = _brain_allowed(reading)
        if maybe is None:
            reading.unsure.add("brain_metastases")
            return
        found = maybe
    reading.add("brain_metastases", _brain_build(found, text), span_of(match))


def _brain_build(found: BrainMetastasesCriterion, text: str) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        label = _BRAIN_LABELS[found.allowed]
        if found.stable_days:
            label += f" for ≥ {found.stable_days} days"
        if not found.steroids_allowed:
            label += ", off steroids"
        return found.model_copy(update={"id": cid, "label": label, "source_text": text})

    return build


def _infection_excluded(
    name: str, text: str, pattern: re.Pattern[str], match: re.Match[str]
) -> str | None:
    """ "any", "uncontrolled", or None when the qualifier cannot be represented."""
    scope = " ".join(sentence for sentence in _sentences(text) if pattern.search(sentence))
    if _INFECTION_UNREPRESENTABLE.search(scope) or re.search(r"\b(?:and/or)\b", scope, _I):
        return None
    if _ACTIVE_INFECTION_LIST.search(scope):
        # "Active infection including ... HBV, HCV or HIV": active hepatitis is a defined
        # state (HBsAg / HBV DNA, HCV RNA); "active HIV" is not a coordinator's criterion.
        return "uncontrolled" if name == "hepatitis" else None
    # The words just before the mention, back to the previous alternative ("X or Y", "X, Y").
    before = re.split(r",|\bor\b|;|\(", text[max(0, match.start() - 40) : match.start()])[-1]
    after = re.split(r",|\bor\b|;|\.\s", text[match.end() : match.end() + 60])[0]
    local = before + " " + after
    if _ANY.search(local):
        return "any"
    if _UNCONTROLLED.search(local) or _DISEASE_UNCONTROLLED.search(scope):
        return "uncontrolled"
    if _KNOWN.search(local):
        return "any"
    if HEDGES.search(scope) or _UNCONTROLLED.search(scope):
        return None
    return "any"


def _read_infections(reading: Reading) -> None:
    text = reading.text
    for name, kind, pattern, label in _INFECTIONS:
        match = pattern.search(text)
        if match is None:
            continue
        negated = negated_before(text, match.start(), 60 if reading.excludes else 25)
        if reading.excludes == negated:
            # Inclusion without "no ..." or exclusion with a negation: not a plain exclusion.
            reading.unsure.add(name)
            continue
        excluded = _infection_excluded(name, text, pattern, match)
        if excluded is None or (
            reading.excludes and re.search(r"\b(?:eligible|allowed|permitted)\b", text, _I)
        ):
            reading.unsure.add(name)
            continue
        reading.add(name, _infection(kind, excluded, label, text), span_of(match))


def read_comorbidities(reading: Reading) -> None:
    _read_brain(reading)
    _read_infections(reading)
    text = reading.text
    pregnant = _PREGNANT.search(text)
    if pregnant is None:
        return
    planning_only = re.search(r"become pregnant", text, _I) and not re.search(
        r"\b(?:are|is|currently)\s+pregnant|^\s*pregnan|pregnant (?:women|females)", text, _I
    )
    if reading.excludes and _PREGNANCY_EXCLUSION.search(text) and not planning_only:
        reading.add(
            "pregnancy",
            _comorbidity(Comorbidity.PREGNANCY, "Not pregnant", text),
            span_of(pregnant),
        )
    elif not reading.excludes and (test := _PREGNANCY_TEST.search(text)):
        reading.add(
            "pregnancy", _comorbidity(Comorbidity.PREGNANCY, "Not pregnant", text), span_of(test)
        )
    else:
        reading.unsure.add("pregnancy")


def _infection(
    kind: InfectionKind, excluded: str, label: str, text: str
) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        return InfectionCriterion(
            id=cid,
            label=f"No {label} infection" if excluded == "any" else f"No uncontrolled {label}",
            infection=kind,
            excluded="any" if excluded == "any" else "uncontrolled",
            source_text=text,
        )

    return build


def _comorbidity(condition: Comorbidity, label: str, text: str) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        return ComorbidityCriterion(id=cid, label=label, condition=condition, source_text=text)

    return build
