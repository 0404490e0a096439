"""Where a trial's criteria come from, in one line for cards and pages, and the caveat that goes
with them.

A site's published curated version says who and when ("Criteria curated by ... on ..."); a
curated catalog file says it was curated by hand; criteria the extractor read from registry
text say so, with how many items still need a person (free-text criteria, never evaluated).
The caveat under a card or a page says the same of one trial or of a list: curated by a person,
or read automatically from the registry record.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from eligibility.criteria import FreeTextCriterion, walk
from eligibility.trial import Trial


class CriteriaOrigin(StrEnum):
    CURATED = "curated"  # a person stands behind them: a site's curator, or a catalog file
    READ_AUTOMATICALLY = "read automatically"  # the extractor, from the registry text
    SYNTHETIC = "synthetic"  # a benchmark trial, no study behind it


def criteria_origin(trial: Trial) -> CriteriaOrigin:
    # A published curated version takes over from the extractor's reading of an imported trial.
    if trial.curation is not None or trial.source.kind == "curated":
        return CriteriaOrigin.CURATED
    if trial.source.kind == "imported":
        return CriteriaOrigin.READ_AUTOMATICALLY
    return CriteriaOrigin.SYNTHETIC


def criteria_caveat(trials: Iterable[Trial]) -> str:
    """One sentence, without its full stop, on how far the structured criteria of `trials` can
    be trusted; the caller adds what to verify them against."""
    origins = {criteria_origin(trial) for trial in trials}
    curated = CriteriaOrigin.CURATED in origins
    read = CriteriaOrigin.READ_AUTOMATICALLY in origins
    if curated and read:
        return (
            "Structured criteria were curated by a person for some of these trials and read "
            "automatically from the registry record for the others, and may contain errors"
        )
    if read:
        return (
            "Structured criteria were read automatically from the trial registry record and may "
            "contain errors"
        )
    if curated:
        return "Structured criteria were curated by a person and may still contain errors"
    return "Structured criteria may contain errors"


def manual_review_count(trial: Trial) -> int:
    """Items waiting for a person: free-text criteria, nested ones included, except those a
    curator found no chart can settle (`not_checkable_from_chart`: left to the study team)."""
    return sum(
        1
        for top in trial.criteria
        for c in walk(top)
        if type(c) is FreeTextCriterion and not c.not_checkable_from_chart
    )


def provenance_line(trial: Trial) -> str:
    if trial.curation is not None:
        return f"Criteria curated by {trial.curation.by} on {trial.curation.on.isoformat()}"
    if trial.source.kind == "imported":
        count = manual_review_count(trial)
        if count == 0:
            return "Read automatically from the registry text; no item needs a person"
        items = "1 item needs" if count == 1 else f"{count} items need"
        return f"Read automatically from the registry text; {items} a person"
    if trial.source.kind == "synthetic":
        return "Synthetic benchmark trial"
    return "Criteria curated by hand (catalog file)"
