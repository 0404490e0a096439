"""Items under a lead-in that leaves the judgement to the investigator (rule CT-OPINION-LEAD-IN):
"Other medical condition that in the opinion of the Investigator ... may interfere with the
conduct ... of the study, including:" (NCT06150664), "Any condition which, in the investigator's
judgment, would compromise ..., such as:".

The items listed are what the investigator may judge to matter, not outright rules: each
criterion read from such an item holds unless the investigator judges otherwise — "any of (the
criterion, the investigator's opinion)": a patient who meets it meets the item, one who does not
is unknown until a person asks the investigator, never not met. The item is listed for review.
A lead-in written as a bullet of its own qualifies the items listed after it the same way, up to
the next lead-in (`extraction._flat_list`, CT-LEAD-IN-SCOPE's reach; NCT05680922).
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from eligibility.criteria import AnyOfCriterion, Criterion, FreeTextCriterion
from eligibility.ctgov.readers.reading import Build, Reading

_I = re.IGNORECASE

_OPINION = re.compile(
    r"\b(?:opinion|judge?ment|discretion)\b|\bdeemed\b[^:;]{0,80}\bby\s+the\b",
    _I,
)


def leaves_to_opinion(context: str | None) -> bool:
    """CT-OPINION-LEAD-IN: the lead-in leaves its items to someone's opinion or judgement."""
    return context is not None and _OPINION.search(context) is not None


def _unless_judged(build: Build, lead_in: str, text: str, cid: str) -> Criterion:
    """The criterion, or the investigator's opinion (one more alternative of an exemption)."""
    read = build(f"{cid}a")
    words = FreeTextCriterion(
        id=f"{cid}b",
        label="Investigator's opinion: the lead-in leaves this to the investigator",
        text=lead_in,
        source_text=text,
    )
    alternatives = read.criteria if isinstance(read, AnyOfCriterion) else (read,)
    return AnyOfCriterion(
        id=cid,
        label=f"{read.label}, unless the investigator judges otherwise",
        criteria=(*alternatives, words),
        source_text=text,
    )


def read_lead_in_opinion(reading: Reading, context: str | None) -> None:
    """CT-OPINION-LEAD-IN: every criterion read from an item under such a lead-in holds unless
    the investigator judges otherwise; the item is listed for review."""
    if not reading.found or context is None or not leaves_to_opinion(context):
        return
    for index, found in enumerate(reading.found):
        build = functools.partial(_unless_judged, found.build, context, reading.text)
        reading.found[index] = replace(found, build=build)
    reading.unsure.add("opinion")  # the investigator's judgement is checked by a person
