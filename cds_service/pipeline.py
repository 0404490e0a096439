"""The hook pipeline: FHIR resources -> PatientFacts -> TrialMatch[] -> cards.

Each stage belongs to its package (fhir_mapping, eligibility, cards); this module only wires
them together with the service's clock, id factory, settings and stores.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from importlib import resources
from typing import Any

from cards.deck import CardSettings, build_cards
from cards.models import HookResponse
from cds_service.clock import Clock, IdFactory
from cds_service.feedback_store import CardIssue
from cds_service.match_tokens import MatchTokenStore
from cds_service.runtime import PipelineResult
from cds_service.settings import Settings
from eligibility.holder import CatalogHolder
from eligibility.matching import TrialMatch
from eligibility.results import Verdict
from fhir_mapping import build_facts

logger = logging.getLogger("oncomatch.pipeline")


def observation_codes() -> list[str]:
    """`system|code` tokens of every Observation code the mapper reads (for the prefetch query).

    Read from the mapper's own table so the template and the mapper cannot drift apart.
    """
    text = resources.files("fhir_mapping").joinpath("data/observation_concepts.csv").read_text()
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return sorted({f"{row['system']}|{row['code']}" for row in rows if row["match"] == "exact"})


class MatchingPipeline:
    def __init__(
        self,
        *,
        catalog: CatalogHolder,
        card_settings: CardSettings,
        tokens: MatchTokenStore,
        clock: Clock,
        new_id: IdFactory,
        public_base_url: str,
        minimum_verdict: Verdict,
    ) -> None:
        self._catalog = catalog
        self._card_settings = card_settings
        self._tokens = tokens
        self._clock = clock
        self._new_id = new_id
        self._base_url = public_base_url.rstrip("/")
        self._minimum_verdict = minimum_verdict

    def run(
        self,
        resources: Sequence[dict[str, Any]],
        *,
        patient_id: str,
        hook_instance: str,
    ) -> PipelineResult:
        now = self._clock()
        mapping = build_facts(resources, patient_id=patient_id, as_of=now.date())
        matches = self._catalog.matcher.match(mapping.facts, minimum_verdict=self._minimum_verdict)
        shown = matches[: self._card_settings.max_cards]
        tokens = self._tokens.issue(mapping.facts, [m.trial.nct_id for m in shown], now)

        def match_link(match: TrialMatch) -> str | None:
            token = tokens.get(match.trial.nct_id)
            return f"{self._base_url}/match/{token}" if token else None

        deck = build_cards(
            matches,
            patient_id=patient_id,
            settings=self._card_settings,
            new_uuid=self._new_id,
            match_link=match_link,
        )
        issued = tuple(
            CardIssue(card.card_uuid, card.nct_id, str(card.verdict), hook_instance)
            for card in deck.issued
        )
        if mapping.warnings:
            logger.info("hook %s: %d entries skipped", hook_instance, len(mapping.warnings))
        return PipelineResult(HookResponse(cards=deck.cards), issued)

    def checklists(
        self, resources: Sequence[dict[str, Any]], *, patient_id: str
    ) -> list[TrialMatch]:
        """Every trial the index lets through, not-eligible ones included (for the CLI)."""
        mapping = build_facts(resources, patient_id=patient_id, as_of=self._clock().date())
        return self._catalog.matcher.match(mapping.facts, minimum_verdict=Verdict.NOT_ELIGIBLE)


def build_pipeline(
    settings: Settings,
    *,
    catalog: CatalogHolder,
    tokens: MatchTokenStore,
    clock: Clock,
    new_id: IdFactory,
) -> MatchingPipeline:
    base = settings.public_base_url.rstrip("/")
    return MatchingPipeline(
        catalog=catalog,
        card_settings=CardSettings(
            max_cards=settings.max_cards,
            minimum_verdict=Verdict(settings.minimum_verdict),
            service_base_url=base,
        ),
        tokens=tokens,
        clock=clock,
        new_id=new_id,
        public_base_url=base,
        minimum_verdict=Verdict(settings.minimum_verdict),
    )
