"""A `TrialMatch` shaped for people (grouped by topic, worded verdict) and for the JSON API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cds_service.web.topics import Topic, TopicGroup, group_by_topic, topic_of
from eligibility.criteria import Criterion
from eligibility.matching import TrialMatch
from eligibility.results import CriterionResult, CriterionStatus, Verdict

STATUS_TEXT: dict[CriterionStatus, str] = {
    CriterionStatus.MET: "Met",
    CriterionStatus.NOT_MET: "Not met",
    CriterionStatus.UNKNOWN: "Unknown",
}

VERDICT_TEXT: dict[Verdict, str] = {
    Verdict.ELIGIBLE: "Eligible on every structured criterion",
    Verdict.POSSIBLY_ELIGIBLE: "Possibly eligible",
    Verdict.NOT_ELIGIBLE: "Not eligible",
}


def _topics(criteria: tuple[Criterion, ...]) -> dict[str, Topic]:
    return {criterion.id: topic_of(criterion) for criterion in criteria}


@dataclass(frozen=True, slots=True)
class ChecklistView:
    match: TrialMatch
    groups: list[TopicGroup[CriterionResult]]

    @classmethod
    def of(cls, match: TrialMatch) -> ChecklistView:
        topics = _topics(match.trial.criteria)
        results = without_patient_references(match.results)
        return cls(match, group_by_topic(results, lambda r: topics.get(r.id, Topic.OTHER)))

    @property
    def verdict(self) -> Verdict:
        return self.match.verdict

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT[self.match.verdict]

    def count(self, status: CriterionStatus) -> int:
        return sum(1 for r in self.match.results if r.status is status)

    @property
    def summary(self) -> str:
        met = self.count(CriterionStatus.MET)
        not_met = self.count(CriterionStatus.NOT_MET)
        unknown = self.count(CriterionStatus.UNKNOWN)
        total = len(self.match.results)
        parts = [f"{met} of {total} criteria met"]
        if not_met:
            parts.append(f"{not_met} not met")
        if unknown:
            parts.append(f"{unknown} unknown (data missing or for manual review)")
        return ", ".join(parts) + "."


PATIENT_RECORD = "Patient record"


def without_patient_references(results: Iterable[CriterionResult]) -> list[CriterionResult]:
    """Results with every `Patient/<id>` evidence reference shown as "Patient record" (and that
    id removed from reasons): a page behind a link shows no patient identifiers. References to
    other resources (`Observation/…`) stay: they say where an answer came from."""
    listed = list(results)
    ids = {
        ref.removeprefix("Patient/")
        for result in listed
        for ref in result.evidence
        if ref.startswith("Patient/") and len(ref) > len("Patient/")
    }
    if not ids:
        return listed
    cleaned = []
    for result in listed:
        evidence = tuple(
            dict.fromkeys(
                PATIENT_RECORD if ref.startswith("Patient/") else ref for ref in result.evidence
            )
        )
        reason = result.reason
        for patient_id in ids:
            reason = reason.replace(f"Patient/{patient_id}", PATIENT_RECORD)
        cleaned.append(result.model_copy(update={"evidence": evidence, "reason": reason}))
    return cleaned


def checklist_json(match: TrialMatch) -> dict[str, Any]:
    """The JSON answer of `POST /api/trials/{nct_id}/check` (camelCase, like the card extension;
    absent values are left out)."""
    topics = _topics(match.trial.criteria)
    criteria = []
    for result in match.results:
        item: dict[str, Any] = {
            "id": result.id,
            "label": result.label,
            "topic": topics.get(result.id, Topic.OTHER).value,
            "status": result.status.value,
            "reason": result.reason,
        }
        if result.evidence:
            item["evidence"] = list(result.evidence)
        if result.to_settle:
            item["toSettle"] = result.to_settle
        if result.manual_review:
            item["manualReview"] = True
        criteria.append(item)
    return {
        "nctId": match.trial.nct_id,
        "verdict": match.verdict.value,
        "asOf": match.as_of.isoformat(),
        "catalogAsOf": match.trial.data_as_of.isoformat(),
        "criteria": criteria,
    }
