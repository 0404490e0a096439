"""The card `summary`: one sentence under 140 characters naming the NCT id and the trial.

e.g. "Possible trial: NCT07188584 — Reduced-target IMRT in metastatic NPC (Phase 3)". When the
title is too long only the title is shortened: the NCT id and phase are what a clinician scans
for, and the full title is in the detail.
"""

from __future__ import annotations

from cards.markdown_text import one_line, shorten
from eligibility.results import Verdict
from eligibility.trial import Trial

# The spec says "<140-character"; `Card.summary` enforces max_length=139.
SUMMARY_LIMIT = 139

SUMMARY_PREFIX: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "Trial match",
    Verdict.POSSIBLY_ELIGIBLE: "Possible trial",
}


def trial_summary(trial: Trial, verdict: Verdict) -> str:
    head = f"{SUMMARY_PREFIX[verdict]}: {trial.nct_id} — "
    tail = f" ({one_line(trial.phase)})" if trial.phase and one_line(trial.phase) else ""
    what = one_line(trial.short_title or "") or one_line(trial.title)
    room = SUMMARY_LIMIT - len(head) - len(tail)
    if room < 20:
        # A pathological phase string must not crowd out the trial's name.
        tail = ""
        room = SUMMARY_LIMIT - len(head)
    return head + shorten(what, room) + tail
