"""How a trial's own test patients would be judged with a curator's draft criteria.

A trial's test patients are FHIR Bundles under ONCOMATCH_TEST_BUNDLES_DIR: the folders that
`trials.csv` there gives to the trial (with the date their charts are written against), and any
Bundle whose file name holds the trial's NCT id (judged as of today). Each chart goes through the
hook's own stages — `fhir_mapping.build_facts`, then the matcher's `evaluate` — once with the
trial as the service holds it now and once with the draft, so the page can show which verdicts
the edit changes before it is published. The draft is compiled in a catalog of its own, so
previews never add rules to the catalog the hooks use.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path

from eligibility.catalog import Catalog
from eligibility.matching import Matcher
from eligibility.results import CriterionStatus, Verdict
from eligibility.trial import Trial, TrialStatus
from eligibility.trial_match import TrialMatch
from fhir_mapping import FhirMappingError, ValidationCache, build_facts

logger = logging.getLogger("oncomatch.curation")

TRIALS_TABLE = "trials.csv"
_ALL_STATUSES = tuple(TrialStatus)


@dataclass(frozen=True, slots=True)
class TestPatient:
    """One test chart: its file (relative to the folder), and the day it is judged on."""

    __test__ = False  # a data class, not a pytest test class

    name: str
    path: Path
    as_of: date


@dataclass(frozen=True, slots=True)
class PreviewRow:
    patient: str
    now: Verdict
    draft: Verdict
    # Criteria not met or unknown with the draft, as "id: status" (what decides the verdict).
    draft_undecided: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.now is not self.draft


@dataclass(frozen=True, slots=True)
class Preview:
    rows: tuple[PreviewRow, ...]
    unreadable: tuple[str, ...]  # charts that could not be read, named by file

    @property
    def changed(self) -> tuple[PreviewRow, ...]:
        return tuple(row for row in self.rows if row.changed)


class TestPatients:
    """The test charts of each trial, read from one folder."""

    __test__ = False

    def __init__(self, folder: Path, *, today: Callable[[], date]) -> None:
        self._folder = folder
        self._today = today

    @property
    def folder(self) -> Path:
        return self._folder

    def for_trial(self, nct_id: str) -> tuple[TestPatient, ...]:
        """The trial's test charts in name order; none when the folder is absent."""
        if not self._folder.is_dir():
            return ()
        found: dict[Path, TestPatient] = {}
        for subfolder, as_of in self._listed_folders(nct_id):
            for path in sorted(subfolder.glob("*.json")):
                found.setdefault(path, TestPatient(self._name(path), path, as_of))
        for path in sorted(self._folder.resolve().rglob(f"*{nct_id}*.json")):
            found.setdefault(path, TestPatient(self._name(path), path, self._today()))
        return tuple(sorted(found.values(), key=lambda p: p.name))

    def _name(self, path: Path) -> str:
        return path.relative_to(self._folder.resolve()).with_suffix("").as_posix()

    def _listed_folders(self, nct_id: str) -> Iterator[tuple[Path, date]]:
        table = self._folder / TRIALS_TABLE
        if not table.is_file():
            return
        with table.open(encoding="utf-8", newline="") as rows:
            for number, row in enumerate(csv.DictReader(rows), start=2):
                if (row.get("nct_id") or "").strip() != nct_id:
                    continue
                folder = (self._folder / (row.get("folder") or "").strip()).resolve()
                try:
                    as_of = date.fromisoformat((row.get("as_of") or "").strip())
                except ValueError:
                    # A mistyped row costs its patients, not the curation page.
                    logger.warning("%s line %d: as_of is not a YYYY-MM-DD date", table, number)
                    continue
                # Only folders inside the test-bundle folder: the table is data, not a path map.
                if folder.is_dir() and folder.is_relative_to(self._folder.resolve()):
                    yield folder, as_of


def _undecided(match: TrialMatch) -> tuple[str, ...]:
    return tuple(
        f"{r.id}: {r.status.value.replace('_', ' ')}"
        for r in match.results
        if r.status is not CriterionStatus.MET and not r.manual_review
    )


def run_preview(
    patients: tuple[TestPatient, ...],
    *,
    now: Trial,
    draft: Trial,
    matcher: Matcher,
    zone: tzinfo,
) -> Preview:
    """Each chart judged against the trial as `matcher` holds it (`now`) and against `draft`,
    its instants dated on the hospital's calendar (`zone`) as the hook dates them."""
    draft_matcher = Matcher(Catalog([draft], matcher.catalog.taxonomy), statuses=_ALL_STATUSES)
    cache = ValidationCache(maxsize=4000)
    rows: list[PreviewRow] = []
    unreadable: list[str] = []
    for patient in patients:
        try:
            bundle = json.loads(patient.path.read_text("utf-8"))
            patient_id = str(bundle.get("id") or "")
            facts = build_facts(
                [bundle], patient_id=patient_id, as_of=patient.as_of, cache=cache, zone=zone
            ).facts
        except (OSError, ValueError, AttributeError, FhirMappingError) as error:
            # Named by file, never by content: a chart is patient data even when it is a test's.
            logger.info("preview: %s not read (%s)", patient.name, type(error).__name__)
            unreadable.append(patient.name)
            continue
        before = matcher.evaluate(now, facts)
        after = draft_matcher.evaluate(draft, facts)
        rows.append(PreviewRow(patient.name, before.verdict, after.verdict, _undecided(after)))
    return Preview(tuple(rows), tuple(unreadable))
