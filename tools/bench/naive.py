"""The baseline a newcomer would write, on the same inputs as the service.

1. Validate the whole prefetch with fhir.resources R4B: every resource, every element, vitals
   and all (each Bundle is validated whole, as `Bundle.model_validate` would be called on it).
2. Read the facts with the service's own readers from those full models (so the facts are the
   same and only the approach differs).
3. Evaluate every trial in the catalog, every criterion, with no index, no shared decisions and
   no early exit, building every checklist; then the same cards.

It exists to show what the service's design buys; nothing in the service imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from cards import CardSettings, build_cards
from cards.deck import CardDeck
from eligibility.catalog import Catalog
from eligibility.compilation import evaluate_criterion
from eligibility.facts import PatientFacts
from eligibility.matching import TrialMatch
from eligibility.results import Verdict, verdict_of
from fhir_mapping.mapper import assemble_facts
from fhir_mapping.mapping_warnings import Warnings
from fhir_mapping.parsing import Parsed
from fhir_mapping.selection import MEDICATION_TYPES


@dataclass(frozen=True)
class NaiveTimes:
    validate: float
    map: float
    match: float
    cards: float

    @property
    def total(self) -> float:
        return self.validate + self.map + self.match + self.cards


def validate_everything(prefetch: dict[str, Any]) -> dict[str, list[Parsed]]:
    """Every resource validated in full; Bundles validated whole, then their entries used."""
    by_type: dict[str, list[Parsed]] = {}
    for value in prefetch.values():
        if not isinstance(value, dict):
            continue
        model: Any = get_fhir_model_class(value["resourceType"]).model_validate(value)
        bundle = value["resourceType"] == "Bundle"
        inner = [entry.resource for entry in (model.entry or [])] if bundle else [model]
        for resource in inner:
            parsed = Parsed(f"{resource.get_resource_type()}/{resource.id}", resource)
            by_type.setdefault(resource.get_resource_type(), []).append(parsed)
    return by_type


def read_facts(by_type: dict[str, list[Parsed]], patient_id: str, as_of: date) -> PatientFacts:
    return assemble_facts(
        by_type["Patient"][0],
        conditions=by_type.get("Condition", []),
        observations=by_type.get("Observation", []),
        procedures=by_type.get("Procedure", []),
        reports=by_type.get("DiagnosticReport", []),
        medications={p.reference: p.model for p in by_type.get("Medication", [])},
        medication_records=[(t, p) for t in MEDICATION_TYPES for p in by_type.get(t, [])],
        patient_id=patient_id,
        as_of=as_of,
        warnings=Warnings(),
    )


def match_everything(catalog: Catalog, facts: PatientFacts) -> list[TrialMatch]:
    """Every trial, every criterion, full checklists; keep what is at least possibly eligible."""
    matches = []
    taxonomy = catalog.taxonomy
    for trial in catalog:
        results = [evaluate_criterion(c, facts, taxonomy) for c in trial.criteria]
        verdict = verdict_of(results)
        if verdict is not Verdict.NOT_ELIGIBLE:
            matches.append(
                TrialMatch(trial=trial, verdict=verdict, results=results, as_of=facts.as_of)
            )
    return matches


def run_naive(
    request: dict[str, Any],
    catalog: Catalog,
    *,
    as_of: date,
    settings: CardSettings,
    clock: Callable[[], float],
) -> tuple[CardDeck, NaiveTimes]:
    patient_id = request["context"]["patientId"]
    started = clock()
    by_type = validate_everything(request["prefetch"])
    validated = clock()
    facts = read_facts(by_type, patient_id, as_of)
    mapped = clock()
    matches = match_everything(catalog, facts)
    matched = clock()
    counter = iter(range(10**9))
    deck = build_cards(
        matches,
        patient_id=patient_id,
        settings=settings,
        new_uuid=lambda: f"naive-{next(counter)}",
        match_link=lambda _nct_id: None,
    )
    done = clock()
    return deck, NaiveTimes(
        validated - started, mapped - validated, matched - mapped, done - matched
    )
