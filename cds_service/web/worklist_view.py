"""What the worklist pages show, apart from HTTP: the filters a coordinator may apply (read from
the query string, refused with a clear message when they make no sense), each row's opaque
reference, and a pre-screened patient's checklist rebuilt from the stored entry. The undecided
criteria to filter by are the store's (`Worklist.undecided`).

Rows are referred to by their position in the run's whole worklist (`/entries/<run>/<n>`), never
by patient id: a URL ends up in access logs, in the sign-in page's `next=` and in browser
history, and a patient id must appear nowhere but on the worklist pages themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from cds_service.prescreen.patient_job import Unknown
from cds_service.prescreen.worklists import Worklist, WorklistRow
from cds_service.web.errors import WorklistFilterError
from eligibility.results import Verdict
from eligibility.trial import Trial

# The verdicts a worklist holds, as the filter offers them.
VERDICT_CHOICES: dict[str, str] = {
    Verdict.ELIGIBLE.value: "Eligible on every structured criterion",
    Verdict.POSSIBLY_ELIGIBLE.value: "Possibly eligible (data missing)",
}
# Criterion ids are short and positional ("c1", "ecog", "no-brain-mets").
_CRITERION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")


@dataclass(frozen=True, slots=True)
class WorklistFilters:
    verdict: Verdict | None = None
    unknown: str | None = None

    @property
    def active(self) -> bool:
        return self.verdict is not None or self.unknown is not None

    def query(self) -> str:
        """The filters as a query string ('' when none), for links that keep them."""
        params = {"verdict": self.verdict.value if self.verdict else None, "unknown": self.unknown}
        kept = {key: value for key, value in params.items() if value}
        return f"?{urlencode(kept)}" if kept else ""

    def describe(self) -> str:
        """For the audit trail: which filters were applied."""
        parts = []
        if self.verdict is not None:
            parts.append(f"verdict={self.verdict.value}")
        if self.unknown is not None:
            parts.append(f"unknown={self.unknown}")
        return ", ".join(parts) or "no filter"


def parse_filters(params: Mapping[str, str], known_criteria: Sequence[str]) -> WorklistFilters:
    """`verdict` (eligible | possibly_eligible) and `unknown` (a criterion id of the trial);
    blank means no filter. Anything else is refused, naming what was wrong."""
    verdict_text = params.get("verdict", "").strip()
    unknown = params.get("unknown", "").strip()
    verdict: Verdict | None = None
    if verdict_text:
        if verdict_text not in VERDICT_CHOICES:
            choices = " or ".join(VERDICT_CHOICES)
            raise WorklistFilterError(
                f"The verdict filter must be {choices} (or left blank for all); "
                f"{_quoted(verdict_text)} is not one of them."
            )
        verdict = Verdict(verdict_text)
    if unknown and (not _CRITERION_ID.fullmatch(unknown) or unknown not in known_criteria):
        raise WorklistFilterError(
            f"The undecided-criterion filter names {_quoted(unknown)}, which is not a criterion "
            "of this trial. Choose one from the list on the worklist page."
        )
    return WorklistFilters(verdict, unknown or None)


def _quoted(value: str) -> str:
    """A value from the query string, cut so a page never repeats a very long one."""
    return repr(value if len(value) <= 80 else value[:80] + "…")


def known_criteria(trial: Trial | None, worklist: Worklist) -> list[str]:
    """The criterion ids `unknown` may name: the trial's (as the catalog holds it now) and any
    left undecided on the worklist (the run may predate a change of the trial)."""
    ids = dict.fromkeys(criterion.id for criterion in trial.criteria) if trial else {}
    for row in worklist.entries:
        ids.update(dict.fromkeys(u.criterion_id for u in row.unknowns))
    return list(ids)


def positions(worklist: Worklist) -> dict[str, int]:
    """Each patient's position (from 1) in the run's whole worklist: the reference its
    checklist link carries instead of the patient id."""
    return {row.patient_id: number for number, row in enumerate(worklist.entries, start=1)}


class CheckStatus:
    MET = "met"
    UNKNOWN = "unknown"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class CheckLine:
    criterion_id: str
    label: str
    status: str  # a CheckStatus value
    to_record: str | None = None


@dataclass(frozen=True, slots=True)
class EntryChecklist:
    """A pre-screened patient's checklist for one trial, rebuilt from the worklist entry.

    The run stores what a worklist needs (the verdict and the undecided criteria with what to
    record), not the patient's facts. A worklist holds eligible and possibly eligible patients
    only, and a verdict is not eligible as soon as one criterion is not met; so every criterion
    of the trial that the entry does not list as undecided was met. When the entry names a
    criterion the trial no longer has, the trial changed since the run: then only the stored
    lines are shown (`criteria_changed`), not a mix of two versions of the trial.
    """

    row: WorklistRow
    lines: tuple[CheckLine, ...]
    criteria_changed: bool

    @classmethod
    def of(cls, row: WorklistRow, trial: Trial | None) -> EntryChecklist:
        undecided = {u.criterion_id: u for u in row.unknowns}
        if trial is None or not set(undecided) <= {criterion.id for criterion in trial.criteria}:
            return cls(row, tuple(_line(u) for u in row.unknowns), True)
        lines = [
            _line(undecided[criterion.id])
            if criterion.id in undecided
            else CheckLine(criterion.id, criterion.label, CheckStatus.MET)
            for criterion in trial.criteria
        ]
        return cls(row, tuple(lines), False)

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)


def _line(unknown: Unknown) -> CheckLine:
    status = CheckStatus.REVIEW if unknown.manual_review else CheckStatus.UNKNOWN
    return CheckLine(unknown.criterion_id, unknown.label, status, unknown.to_record)
