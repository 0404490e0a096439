"""Where a trial's criteria come from, in one line for cards and pages.

A site's published curated version says who and when ("Criteria curated by ... on ..."); a
curated catalog file says it was curated by hand; criteria the extractor read from registry
text say so, with how many items still need a person (free-text criteria, never evaluated).
"""

from __future__ import annotations

from eligibility.criteria import FreeTextCriterion, walk
from eligibility.trial import Trial


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
