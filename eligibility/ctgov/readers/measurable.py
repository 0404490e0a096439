"""Measurable disease ("Measurable disease per RECIST v1.1", "at least 1 measurable lesion").

Read only where every patient must have it: alternatives ("evaluable or measurable",
"measurable ... or bone lesions", "RECIST 1.1 or RANO-BM"), permissions ("non-measurable disease
permitted") and rules of some patients ("Patients with HL must ...") are left for review.
Response criteria other than RECIST 1.1 and RANO are not named in a criterion: the item is
left for review. Narrowing words the criterion does not hold ("not previously irradiated")
keep the criterion, which every eligible patient meets, and send the item to review too.
"""

from __future__ import annotations

import re

from eligibility.criteria import Criterion, MeasurableDiseaseCriterion
from eligibility.ctgov.readers.reading import HEDGES, Reading, negated_before, span_of

_I = re.IGNORECASE

_MEASURABLE = re.compile(
    r"(?<![\w-])measurable\s+(?:target\s+|soft\s+tissue\s+)?(?:disease|lesions?|cancer|tumou?rs?)"
    r"(?:\s*\(s\))?|measurable\s+lesion\s*\(s\)",
    _I,
)
_RECIST = re.compile(
    r"\bRECIST\s*(?:v(?:ersion)?\.?\s*)?1\.1\b|Response\s+Evaluation\s+Criteria\s+in\s+Solid\s+"
    r"Tumou?rs?\s*(?:\(RECIST\)\s*)?(?:v(?:ersion)?\.?\s*)?1\.1",
    _I,
)
_RANO = re.compile(r"\bRANO(?!-)(?:\s*(?:v(?:ersion)?\.?\s*)?(\d\.\d))?", _I)
_OTHER_CRITERIA = re.compile(
    r"\bmRECIST\b|modified RECIST|RANO-BM|PCWG\d?|iRECIST|Lugano|IMWG|\bGCIG\b", _I
)
_ALTERNATIVE = re.compile(
    r"\bevaluable\b|non-?\s*measurable|\bnot\s+(?:be\s+)?required\b|\bwith\s+or\s+without\b|"
    r"\bor\b|\beither\b|\bin\s+the\s+absence\b",
    _I,
)
_SUBGROUP = re.compile(
    r"\b(?:patients|participants|subjects)\s+(?:with|in)\b[^.;]{0,60}?\b(?:must|should|will)\b|"
    r"^\s*for\s+",
    _I,
)
_NARROWER = re.compile(
    r"irradiat|radiation|radiotherap|biopsy|\d\s*(?:mm|cm)\b|progress|confirmed|investigator",
    _I,
)


def read_measurable(reading: Reading) -> None:
    text = reading.text
    found = list(_MEASURABLE.finditer(text))
    if not found:
        return
    if reading.excludes:
        reading.unsure.add("measurable_disease")
        return
    first = found[0]
    if (
        _ALTERNATIVE.search(text)
        or HEDGES.search(text)
        or _SUBGROUP.search(text)
        or _OTHER_CRITERIA.search(text)
        or negated_before(text, first.start(), 30)
        or re.search(r"\b(?:if|unless|except|may)\b", text, _I)
    ):
        reading.unsure.add("measurable_disease")
        return
    recist = _RECIST.search(text)
    rano = _RANO.search(text)
    if recist is not None and rano is not None:
        reading.unsure.add("measurable_disease")
        return
    standard: str | None = None
    spans = [span_of(m) for m in found]
    if recist is not None:
        standard = "RECIST 1.1"
        spans.append(span_of(recist))
    elif rano is not None:
        standard = f"RANO {rano.group(1)}" if rano.group(1) else "RANO"
        spans.append(span_of(rano))
    elif re.search(r"\bRECIST\b", text):
        reading.unsure.add("measurable_disease")  # a version not read
        return
    if _NARROWER.search(text):
        reading.unsure.add("measurable_disease")  # kept; the rest is for review
    by = f" ({standard})" if standard else ""

    def build(cid: str) -> Criterion:
        return MeasurableDiseaseCriterion(
            id=cid, label=f"Measurable disease{by}", standard=standard, source_text=text
        )

    reading.add("measurable_disease", build, *spans)
