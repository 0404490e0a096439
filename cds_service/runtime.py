"""The service's long-lived objects, built once per app and shared by the routes."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import orjson
from anyio import CapacityLimiter
from fastapi import Request
from sqlalchemy import Engine

from cards.models import HookResponse
from cds_service.catalog.source import CatalogSource
from cds_service.clock import Clock, local_date
from cds_service.hooks.prefetch import PrefetchResolver, ResolvedPrefetch
from cds_service.hooks.request import FeedbackRequest, HookRequest, PatientViewContext
from cds_service.settings import Settings
from cds_service.storage.db import write_transaction
from cds_service.storage.feedback import CardIssue, FeedbackStore, StoreResult
from cds_service.storage.match_tokens import MatchTokenStore, PendingTokens
from eligibility.holder import CatalogHolder

logger = logging.getLogger("oncomatch.hook")


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """The answer, the cards to record, and the match tokens its links use (not yet written:
    `Runtime.answer_hook` writes tokens and cards in one transaction)."""

    response: HookResponse
    issued: tuple[CardIssue, ...] = ()
    tokens: PendingTokens | None = None


class Pipeline(Protocol):
    """FHIR resources of one hook call -> facts -> verdicts -> cards."""

    def run(
        self,
        resources: Sequence[dict[str, Any]],
        *,
        patient_id: str,
        hook_instance: str,
    ) -> PipelineResult: ...


Authenticator = Callable[[Request], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class HookCall:
    """A checked hook call with its prefetch resolved."""

    request: HookRequest
    context: PatientViewContext
    resolved: ResolvedPrefetch


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    catalog: CatalogHolder
    catalog_source: CatalogSource
    tokens: MatchTokenStore
    discovery: dict[str, Any]
    resolver: PrefetchResolver
    pipeline: Pipeline
    feedback_store: FeedbackStore
    authenticate: Authenticator
    clock: Clock
    # Hook calls wait here, first come first served, for their turn at the CPU (see
    # `cds_service.hooks.turns`).
    hook_limiter: CapacityLimiter
    # Worker threads for hook calls: each waits for its turn in its thread, so they must not
    # take the threads other requests run in.
    hook_threads: CapacityLimiter
    # Called with the number of cards of each answer (the /metrics histogram).
    card_observers: list[Callable[[int], None]] = field(default_factory=list)

    def today(self) -> date:
        """The hospital's date now (ONCOMATCH_TIME_ZONE): the day charts and answers are read
        on (GEN-AS-OF)."""
        return local_date(self.clock(), self.settings.zone)

    def answer_hook(self, request: HookRequest, context: PatientViewContext) -> HookResponse:
        """The three steps of a hook call in one, for the CLI and the bench. The route runs
        them apart, so that only `prepare_answer` waits for a turn."""
        resolved = self.resolver.resolve(request, context)
        prepared = self.prepare_answer(request, context, resolved)
        return self.commit_answer(request, resolved, prepared)

    def answer_call(self, call: HookCall, end_turn: Callable[[], None]) -> bytes:
        """The answer to a call, as the JSON bytes of the response: prepared, then `end_turn()`
        (the CPU-bound part is done), then committed. Best run by the thread that parsed the
        call: a W1 chart is ~20,000 objects, and handing them from thread to thread (core to
        core) cost ~1 ms of CPU per W1 call (measured through the ASGI app: the route parsing
        on the event loop with three thread hops, against one thread for everything)."""
        prepared = self.prepare_answer(call.request, call.context, call.resolved)
        end_turn()
        response = self.commit_answer(call.request, call.resolved, prepared)
        return orjson.dumps(response.to_wire())

    def prepare_answer(
        self, request: HookRequest, context: PatientViewContext, resolved: ResolvedPrefetch
    ) -> PipelineResult:
        """Map, match, build the cards: CPU-bound Python. One worker process runs one thread of
        Python at a time, so calls worked on together only take turns, and each forced turn
        (every 5 ms) costs: 8 heavy charts at once took 122 ms of CPU each instead of 75. Hence
        the route runs at most `settings.hook_concurrency` of these at once."""
        return self.pipeline.run(
            resolved.resources,
            patient_id=context.patient_id,
            hook_instance=request.hook_instance,
        )

    def commit_answer(
        self, request: HookRequest, resolved: ResolvedPrefetch, prepared: PipelineResult
    ) -> HookResponse:
        """Write the answer's tokens and cards, then let it go. Outside the turn: the commit
        waits on the disk, not the CPU, while the next call is prepared."""
        if prepared.issued or (prepared.tokens is not None and prepared.tokens.token_rows):
            # One transaction (one commit) per hook call for the tokens and the issued cards.
            with write_transaction(self.engine) as connection:
                if prepared.tokens is not None:
                    prepared.tokens.write(connection)
                self.feedback_store.record_issued(prepared.issued, self.clock(), connection)
        for observe in self.card_observers:
            observe(len(prepared.response.cards))
        # hookInstance and counts only: no patient identifiers in logs.
        logger.info(
            "hook %s answered: %d resources, %d cards",
            request.hook_instance,
            len(resolved.resources),
            len(prepared.response.cards),
        )
        return prepared.response

    def store_feedback(self, report: FeedbackRequest) -> StoreResult:
        result = self.feedback_store.store(report.feedback, self.clock())
        if result.unknown_cards:
            # Counts only: a client sending feedback on cards we never issued is worth seeing
            # (another service's cards, a replayed or made-up report), its content is not.
            logger.info(
                "feedback on %d card(s) this service did not issue (%d stored, %d repeated)",
                result.unknown_cards,
                result.stored,
                result.duplicates,
            )
        return result

    def catalog_size(self) -> int:
        return len(self.catalog.catalog)
