"""The one Karnofsky ↔ ECOG table (rule CNV-KPS-ECOG in docs/clinical-rules.md).

It lives in `eligibility`, the lowest layer, because the FHIR mapping, the eligibility rules and
the web form all convert between the scales and must never disagree. Where the published
conversions disagree, a Karnofsky score maps to every ECOG grade they give it, so a criterion the
choice would change stays unknown instead of being decided by whichever table was picked.
"""

from __future__ import annotations

from types import MappingProxyType

# Karnofsky score -> (lowest, highest) ECOG grade the published conversions give it.
KARNOFSKY_AS_ECOG = MappingProxyType(
    {
        100: (0, 0),
        90: (0, 1),
        80: (1, 1),
        70: (1, 2),
        60: (2, 2),
        50: (2, 3),
        40: (3, 3),
        30: (3, 4),
        20: (4, 4),
        10: (4, 4),
        0: (5, 5),
    }
)


def valid_karnofsky(score: int) -> bool:
    return score in KARNOFSKY_AS_ECOG


def ecog_of_karnofsky(score: int) -> tuple[int, int] | None:
    """The ECOG grades a Karnofsky score corresponds to, as (lowest, highest); None when the
    score is not on the Karnofsky scale (0–100 in steps of 10)."""
    return KARNOFSKY_AS_ECOG.get(score)


def single_ecog_of_karnofsky(score: int) -> int | None:
    """The ECOG grade of a Karnofsky score when the table gives exactly one, else None."""
    grades = KARNOFSKY_AS_ECOG.get(score)
    return grades[0] if grades is not None and grades[0] == grades[1] else None


def karnofsky_of_ecog(grade: int) -> tuple[int, int] | None:
    """The Karnofsky scores an ECOG grade corresponds to, as (lowest, highest), read from the
    same table; None for a grade outside 0–5."""
    scores = [kps for kps, (low, high) in KARNOFSKY_AS_ECOG.items() if low <= grade <= high]
    return (min(scores), max(scores)) if scores else None
