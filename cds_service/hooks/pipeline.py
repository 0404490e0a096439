"""The hook pipeline: FHIR resources -> PatientFacts -> RankedMatches -> cards.

Each stage belongs to its package (fhir_mapping, eligibility, cards); this module only wires
them together with the service's clock, id factory, settings and stores.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, tzinfo
from typing import Any

from cards import CardSettings, build_cards, reissue_cards
from cards.models import HookResponse
from cards.more_card import ALL_MATCHES
from cds_service.clock import Clock, IdFactory, local_date
from cds_service.hooks.chart_cache import Chart, ChartCache
from cds_service.http.errors import PreconditionFailedError, Problem
from cds_service.runtime import PipelineResult
from cds_service.settings import Settings
from cds_service.storage.feedback import CardIssue
from cds_service.storage.match_tokens import MatchTokenStore
from eligibility.holder import CatalogHolder
from eligibility.matching import Matcher, TrialMatch
from eligibility.results import Verdict
from fhir_mapping import MappingResult, ValidationCache, build_facts
from fhir_mapping.errors import NoPatientError

logger = logging.getLogger("oncomatch.pipeline")


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
        zone: tzinfo,
    ) -> None:
        self._catalog = catalog
        self._card_settings = card_settings
        self._tokens = tokens
        self._clock = clock
        self._zone = zone  # the hospital's: charts are read on its date (GEN-AS-OF)
        self._new_id = new_id
        self._base_url = public_base_url.rstrip("/")
        self._minimum_verdict = minimum_verdict
        # Validated resources by content hash: a chart re-opened with a few new resources
        # validates only those. 4,000 entries (~30 typical charts, ~40 MB): an entry is ~10 KB
        # and ~16 objects the garbage collector walks, so 20,000 cost ~110 MB and long pauses.
        self._cache = ValidationCache(maxsize=4000)
        # Whole charts: a chart opened again unchanged skips mapping and matching too.
        self._charts = ChartCache(maxsize=32)

    def run(
        self,
        resources: Sequence[dict[str, Any]],
        *,
        patient_id: str,
        hook_instance: str,
    ) -> PipelineResult:
        now = self._clock()
        chart = self._map_and_match(resources, patient_id, local_date(now, self._zone))
        mapping = chart.mapping
        limit = self._card_settings.max_trial_cards
        linked = [m.trial.nct_id for m in chart.matches[:limit]]
        if len(chart.matches) > limit:
            linked.append(ALL_MATCHES)  # the "N more" card links this patient's whole list
        pending = self._tokens.prepare(mapping.facts, linked, now)
        tokens = pending.tokens

        def match_link(nct_id: str) -> str | None:
            token = tokens.get(nct_id)
            return f"{self._base_url}/match/{token}" if token else None

        if chart.deck is None:
            deck = chart.deck = build_cards(
                chart.matches,
                patient_id=patient_id,
                settings=self._card_settings,
                new_uuid=self._new_id,
                match_link=match_link,
            )
        else:
            deck = reissue_cards(
                chart.deck,
                new_uuid=self._new_id,
                match_link=match_link,
                settings=self._card_settings,
            )
        issued = tuple(
            CardIssue(card.card_uuid, card.nct_id, str(card.verdict), hook_instance)
            for card in deck.issued
        )
        if mapping.warnings:
            logger.info("hook %s: %d entries skipped", hook_instance, len(mapping.warnings))
        return PipelineResult(HookResponse(cards=deck.cards), issued, pending)

    def _map_and_match(
        self, resources: Sequence[dict[str, Any]], patient_id: str, as_of: date
    ) -> Chart:
        """Facts and matches of a chart; the same chart again (same resources, patient, day and
        catalog) reuses both, and its cards — each is a pure function of those inputs."""
        matcher = self._catalog.matcher
        key = ChartCache.key(resources, patient_id, as_of, self._minimum_verdict)
        cached = self._charts.get(key, matcher) if key is not None else None
        if cached is not None:
            return cached
        try:
            chart = map_and_match(
                resources,
                patient_id=patient_id,
                as_of=as_of,
                matcher=matcher,
                minimum_verdict=self._minimum_verdict,
                cache=self._cache,
                zone=self._zone,
            )
        except NoPatientError:
            raise _no_usable_patient() from None
        if key is not None:
            self._charts.put(key, matcher, chart)
        return chart

    def _map(
        self, resources: Sequence[dict[str, Any]], patient_id: str, as_of: date
    ) -> MappingResult:
        try:
            return build_facts(
                resources, patient_id=patient_id, as_of=as_of, cache=self._cache, zone=self._zone
            )
        except NoPatientError:
            raise _no_usable_patient() from None

    def checklists(
        self, resources: Sequence[dict[str, Any]], *, patient_id: str
    ) -> list[TrialMatch]:
        """Every trial the index lets through, not-eligible ones included (for the CLI)."""
        mapping = self._map(resources, patient_id, local_date(self._clock(), self._zone))
        return self._catalog.matcher.match(mapping.facts, minimum_verdict=Verdict.NOT_ELIGIBLE)


def map_and_match(
    resources: Sequence[dict[str, Any]],
    *,
    patient_id: str,
    as_of: date,
    matcher: Matcher,
    minimum_verdict: Verdict,
    cache: ValidationCache,
    zone: tzinfo,
) -> Chart:
    """One patient's resources -> facts -> ranked matches: what the hook answers from, and what
    pre-screening (`cds_service.prescreen`) runs for every patient of a bulk export, so a
    patient's verdicts are the same in the chart and on a worklist. `as_of` is a day of the
    hospital's calendar (`zone`), which instants are dated on too (GEN-LOCAL-DAY). Raises
    `NoPatientError` when the patient's own Patient resource is missing or unusable (each
    caller says it its way)."""
    mapping = build_facts(resources, patient_id=patient_id, as_of=as_of, cache=cache, zone=zone)
    return Chart(mapping, matcher.rank(mapping.facts, minimum_verdict=minimum_verdict))


def _no_usable_patient() -> PreconditionFailedError:
    # The resolver already checked for the Patient; this covers one the mapper cannot use.
    return PreconditionFailedError(
        "required FHIR data could not be obtained (patient: no usable Patient resource)",
        [Problem("no usable Patient resource", "prefetch.patient")],
    )


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
            max_trial_cards=settings.max_cards,
            min_verdict=Verdict(settings.minimum_verdict),
            base_url=base,
        ),
        tokens=tokens,
        clock=clock,
        new_id=new_id,
        public_base_url=base,
        minimum_verdict=Verdict(settings.minimum_verdict),
        zone=settings.zone,
    )
