"""`card.extension` payloads. The `oncomatch.trial-match` shape is a contract
(docs/architecture.md) that the EHR-side tests, the feedback report and the eligibility page
read; key order is kept stable so JSON diffs and golden files stay readable."""

from __future__ import annotations

from typing import Any

from cards.checklist_markdown import STATUS_WORDS
from eligibility.matching import TrialMatch
from eligibility.results import CriterionResult

TRIAL_MATCH_KEY = "oncomatch.trial-match"
MORE_MATCHES_KEY = "oncomatch.more-matches"


def trial_match_extension(match: TrialMatch) -> dict[str, Any]:
    return {
        "nctId": match.trial.nct_id,
        "verdict": match.verdict.value,
        "catalogAsOf": match.trial.data_as_of.isoformat(),
        "criteria": [_criterion(result) for result in match.results],
    }


def _criterion(result: CriterionResult) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": result.id,
        "label": result.label,
        "status": result.status.value,
        # The spec forbids "" anywhere; a result without a reason still says what it is.
        "reason": result.reason.strip() or STATUS_WORDS[result.status],
    }
    # Omitted, not [], when empty: the spec prohibits empty arrays.
    if result.evidence:
        entry["evidence"] = list(result.evidence)
    return entry


def more_matches_extension(count: int) -> dict[str, Any]:
    return {"count": count}
