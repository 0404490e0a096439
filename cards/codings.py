"""The codes OncoMatch puts on cards: the card topic and the override reasons.

Both live in OncoMatch's own namespace. Neither is a standard terminology: the CDS Hooks spec
prescribes no topics or override reasons, and inventing SNOMED/LOINC-looking codes would mislead
anyone reading feedback. The feedback report groups overrides by these codes, so they are
constants, not settings: changing them per deployment would split the report.
"""

from __future__ import annotations

from enum import StrEnum

from cards.models import Coding

CODE_SYSTEM_BASE = "https://oncomatch.example/fhir/CodeSystem"

TOPIC_SYSTEM = f"{CODE_SYSTEM_BASE}/card-topic"
OVERRIDE_REASON_SYSTEM = f"{CODE_SYSTEM_BASE}/override-reason"

TRIAL_MATCH_TOPIC = Coding(system=TOPIC_SYSTEM, code="trial-match", display="Clinical trial match")
MORE_MATCHES_TOPIC = Coding(
    system=TOPIC_SYSTEM, code="more-trial-matches", display="More clinical trial matches"
)


class OverrideReason(StrEnum):
    """Why a clinician dismissed a trial card (codes in `OVERRIDE_REASON_SYSTEM`)."""

    NOT_INTERESTED = "not-interested"
    ALREADY_SCREENED = "already-screened"
    CLINICALLY_INAPPROPRIATE = "clinically-inappropriate"
    SITE_TOO_FAR = "site-too-far"
    OTHER = "other"


OVERRIDE_REASON_DISPLAY: dict[OverrideReason, str] = {
    OverrideReason.NOT_INTERESTED: "Patient not interested",
    OverrideReason.ALREADY_SCREENED: "Already screened for this trial",
    OverrideReason.CLINICALLY_INAPPROPRIATE: "Clinically inappropriate",
    OverrideReason.SITE_TOO_FAR: "Trial site too far for the patient",
    OverrideReason.OTHER: "Other reason",
}

OVERRIDE_REASONS: tuple[Coding, ...] = tuple(
    Coding(system=OVERRIDE_REASON_SYSTEM, code=code.value, display=OVERRIDE_REASON_DISPLAY[code])
    for code in OverrideReason
)
"""Offered on every trial card, in this order (the order a clinician scans them)."""
