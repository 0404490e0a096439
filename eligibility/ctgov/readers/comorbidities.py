"""Brain metastases, HIV, hepatitis B/C and pregnancy the patient must not have."""

from __future__ import annotations

import re
from collections.abc import Callable

from eligibility.criteria import ComorbidityCriterion, Criterion
from eligibility.ctgov.readers.reading import HEDGES, Reading, negated_before, span_of
from eligibility.vocabulary import Comorbidity

_I = re.IGNORECASE

_COMORBIDITIES: tuple[tuple[str, Comorbidity, re.Pattern[str], str], ...] = (
    (
        "brain_metastases",
        Comorbidity.BRAIN_METASTASES,
        re.compile(
            r"\b(?:brain|cns|central nervous system|intracranial|cerebral)\s+"
            r"(?:metastas[ie]s|mets|metastatic disease|metastatic lesions?)|"
            r"\bmetasta\w*\s+(?:disease\s+)?(?:to|in|of|involving)\s+(?:the\s+)?"
            r"(?:brain|cns|central nervous system)\b",
            _I,
        ),
        "No brain metastases",
    ),
    (
        "hiv",
        Comorbidity.HIV,
        re.compile(r"\bHIV\b|human immunodeficiency virus|\bAIDS\b", _I),
        "No HIV infection",
    ),
    (
        "hepatitis",
        Comorbidity.HEPATITIS_B,
        re.compile(r"\bhepatitis\s*B\b|\bHBV\b|\bHBsAg\b", _I),
        "No hepatitis B infection",
    ),
    (
        "hepatitis",
        Comorbidity.HEPATITIS_C,
        re.compile(r"\bhepatitis\s*C\b|\bHCV\b|\bhepatitis\s*B\s*(?:or|and|and/or|/|,)\s*C\b", _I),
        "No hepatitis C infection",
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


_COMORBIDITY_DOUBT = re.compile(
    r"with or without|and/or|larger|greater than|\d\s*(?:cm|mm)\b|exception|seizure|"
    r"uncontrolled|poorly controlled|not controlled|viral load|\bCD4\b|AIDS-defining|"
    r"opportunistic|must be|may\b|provided|\bif\b",
    _I,
)


def read_comorbidities(reading: Reading) -> None:
    text = reading.text
    first_sentence = re.split(r"\.\s", text, maxsplit=1)[0]
    for name, condition, pattern, label in _COMORBIDITIES:
        match = pattern.search(text)
        if match is None:
            continue
        negated = negated_before(text, match.start(), 60 if reading.excludes else 25)
        # Brain metastases: "Active brain metastases. Treated, stable ones are allowed." keeps
        # its meaning (the criterion is about active disease); an infection allowed under
        # conditions anywhere in the item ("HIV ... can enroll if CD4 >= 350") does not.
        scope = (
            first_sentence
            if name == "brain_metastases"
            else " ".join(
                sentence for sentence in re.split(r"\.\s", text) if pattern.search(sentence)
            )
        )
        if (
            _COMORBIDITY_DOUBT.search(scope)
            or HEDGES.search(scope)
            or re.search(r"can enrol", scope, _I)
        ):
            reading.unsure.add(name)
            continue
        if reading.excludes == negated:
            # Inclusion without "no ..." (HIV-positive patients are eligible) or exclusion with a
            # negation ("patients without ...") is not a plain "must not have".
            reading.unsure.add(name)
            continue
        if (
            reading.excludes
            and re.search(r"\b(?:eligible|allowed|permitted)\b", text, _I)
            and name != "brain_metastases"
        ):
            reading.unsure.add(name)
            continue
        reading.add(name, _comorbidity(condition, label, text), span_of(match))
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


def _comorbidity(condition: Comorbidity, label: str, text: str) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        return ComorbidityCriterion(id=cid, label=label, condition=condition, source_text=text)

    return build
