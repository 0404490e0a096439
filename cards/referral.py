"""The "Refer to the trial team" suggestion: a draft FHIR R4 ServiceRequest for the patient.

The resource is a *proposal in draft*: accepting the suggestion puts it in front of the
clinician to complete and sign; it never orders anything by itself. `code` is text only:
there is no referral code we can name with certainty for "clinical trial team", and a wrong
code in an order is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cards.checklist_markdown import verdict_words
from cards.errors import CardBuildError
from cards.markdown_text import one_line
from cards.models import Action, ActionType, Suggestion
from eligibility.matching import TrialMatch
from eligibility.results import CriterionStatus

REFERRAL_LABEL = "Refer to the trial team"
REFERRAL_CODE_TEXT = "Referral to clinical trial team"

# FHIR R4 `id` datatype: the only thing that may follow "Patient/" in a reference.
_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def check_patient_id(patient_id: str) -> str:
    if not _FHIR_ID.match(patient_id):
        raise CardBuildError("patient_id is not a valid FHIR id")  # never echo patient data
    return patient_id


def referral_suggestion(
    match: TrialMatch, *, patient_id: str, new_uuid: Callable[[], str]
) -> Suggestion:
    trial = match.trial
    return Suggestion(
        label=REFERRAL_LABEL,
        uuid=new_uuid(),
        # The card informs a decision; recommending the referral is the clinician's call.
        is_recommended=False,
        actions=(
            Action(
                type=ActionType.CREATE,
                description=(
                    f"Create a draft referral to the {trial.nct_id} trial team"
                    " for you to review and sign"
                ),
                resource=draft_referral(match, patient_id=patient_id),
            ),
        ),
    )


def draft_referral(match: TrialMatch, *, patient_id: str) -> dict[str, Any]:
    trial = match.trial
    title = one_line(trial.title)
    unknown = sum(1 for r in match.results if r.status is CriterionStatus.UNKNOWN)
    note = (
        f"Suggested by OncoMatch: {verdict_words(match.verdict).lower()} for {trial.nct_id}"
        f" as of {match.as_of.isoformat()}"
        + (
            f", {unknown} {'criterion' if unknown == 1 else 'criteria'} still unknown"
            if unknown
            else ""
        )
        + f" (trial data as of {trial.data_as_of.isoformat()})."
        " Verify eligibility against the official protocol. " + trial.ctgov_url
    )
    return {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "proposal",
        "code": {"text": REFERRAL_CODE_TEXT},
        "subject": {"reference": f"Patient/{check_patient_id(patient_id)}"},
        "reasonCode": [{"text": f"Screening for clinical trial {trial.nct_id} — {title}"}],
        "note": [{"text": note}],
    }
