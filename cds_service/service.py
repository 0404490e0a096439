"""The application factory: settings in, a ready FastAPI app out.

`cds_service.app:app` calls it with settings from the environment; tests call it with their own
settings, clock, id factory and HTTP session factory (fakes, never patches).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import requests
from anyio import CapacityLimiter
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from sqlalchemy import Engine

from cds_service.catalog.refresh import catalog_refresher
from cds_service.catalog.source import load_catalog_source
from cds_service.clock import Clock, IdFactory, random_uuid, system_clock
from cds_service.curation.pages import install_curation
from cds_service.gc_policy import tune_gc
from cds_service.hooks.client_auth import jwt_authenticator
from cds_service.hooks.discovery import discovery_document
from cds_service.hooks.fetch_plan import DIAGNOSTIC_REPORTS_KEY, FetchPlan
from cds_service.hooks.fhir_client import FetchLimits, FhirFetcher, SessionFactory
from cds_service.hooks.pipeline import build_pipeline
from cds_service.hooks.prefetch import PrefetchResolver, prefetch_templates
from cds_service.hooks.report_need import ReportNeed
from cds_service.hooks.routes import BODY_SCHEMAS, router
from cds_service.hooks.specimen_need import SPECIMENS_KEY, SpecimenNeed
from cds_service.http.body_limit import BodyLimitMiddleware
from cds_service.http.error_handlers import install_error_handlers
from cds_service.http.json_response import JsonResponse
from cds_service.metrics import install_metrics
from cds_service.runtime import Authenticator, Pipeline, Runtime
from cds_service.settings import AuthMode, Settings
from cds_service.staff.services import install_staff
from cds_service.storage.db import make_engine
from cds_service.storage.feedback import FeedbackStore
from cds_service.storage.match_tokens import MatchTokenStore
from cds_service.storage.match_tokens import new_token as new_match_token
from cds_service.storage.schema import prepare_schema
from cds_service.web import mount_static, web_router
from cds_service.web.worklists import worklist_router
from fhir_mapping import observation_codes

logger = logging.getLogger("oncomatch")


def open_database(settings: Settings) -> Engine:
    """The configured database at this version's schema (the data dir created if needed):
    upgraded under the migration lock, or refused with `SchemaError` when it is behind and
    ONCOMATCH_AUTO_MIGRATE is off."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url())
    try:
        prepare_schema(engine, auto_migrate=settings.auto_migrate)
    except Exception:
        engine.dispose()
        raise
    return engine


def build_runtime(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    new_id: IdFactory = random_uuid,
    new_token: IdFactory = new_match_token,
    fhir_session_factory: SessionFactory | None = None,
    pipeline: Pipeline | None = None,
    authenticator: Authenticator | None = None,
) -> Runtime:
    """Everything a hook call needs, without HTTP: the app and the CLI both use it."""
    tune_gc()
    engine = open_database(settings)

    # The prefetch template asks for exactly the Observation codes the mapper reads, from the
    # mapper's own table, so the query and the mapper cannot drift apart.
    codes = observation_codes()
    catalog_source = load_catalog_source(settings, engine, clock=clock)
    catalog = catalog_source.holder
    tokens = MatchTokenStore(
        engine, timedelta(hours=settings.match_token_ttl_hours), new_token=new_token
    )
    limits = FetchLimits(
        connect_timeout=settings.fhir_connect_timeout,
        read_timeout=settings.fhir_read_timeout,
        deadline_seconds=settings.fhir_deadline_seconds,
        max_pages=settings.fhir_max_pages,
        max_response_bytes=settings.fhir_max_response_bytes,
        page_size=settings.fhir_page_size,
        max_resources=settings.fhir_max_resources,
        max_total_bytes=settings.fhir_max_total_bytes,
    )
    fetcher = FhirFetcher(limits, fhir_session_factory or requests.Session)
    return Runtime(
        settings=settings,
        engine=engine,
        catalog=catalog,
        catalog_source=catalog_source,
        tokens=tokens,
        discovery=discovery_document(codes),
        resolver=PrefetchResolver(
            prefetch_templates(codes),
            fetcher,
            FetchPlan(settings.fhir_observation_window_days),
            clock,
            settings.zone,
            optional={DIAGNOSTIC_REPORTS_KEY: ReportNeed(catalog)},
            referenced={SPECIMENS_KEY: SpecimenNeed(catalog)},
        ),
        pipeline=pipeline
        or build_pipeline(settings, catalog=catalog, tokens=tokens, clock=clock, new_id=new_id),
        feedback_store=FeedbackStore(engine),
        authenticate=authenticator or _authenticator(settings, engine, clock),
        clock=clock,
        hook_limiter=CapacityLimiter(settings.hook_concurrency),
        # The calls worked on, the ones waiting for a turn, and one more being refused.
        hook_threads=CapacityLimiter(settings.hook_concurrency + settings.hook_queue_limit + 1),
    )


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    new_id: IdFactory = random_uuid,
    new_token: IdFactory = new_match_token,
    fhir_session_factory: SessionFactory | None = None,
    pipeline: Pipeline | None = None,
    authenticator: Authenticator | None = None,
) -> FastAPI:
    settings = settings or Settings()
    runtime = build_runtime(
        settings,
        clock=clock,
        new_id=new_id,
        new_token=new_token,
        fhir_session_factory=fhir_session_factory,
        pipeline=pipeline,
        authenticator=authenticator,
    )
    if settings.auth is AuthMode.OFF and authenticator is None:
        # Said where a server is put together (`oncomatch match` builds a runtime too, and no
        # caller reaches it), once it could be built.
        logger.warning("ONCOMATCH_AUTH=off: every caller is trusted (local trial only)")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with catalog_refresher(runtime.catalog_source, settings.catalog_refresh_seconds):
            yield

    app = FastAPI(
        title="OncoMatch",
        summary="CDS Hooks 2.0 service suggesting oncology trials a patient may qualify for",
        version="0.1.0",
        default_response_class=JsonResponse,
        lifespan=lifespan,
        # FastAPI's /docs and /redoc load their scripts from a CDN: blank on a closed hospital
        # network, and the offline Swagger UI bundles on PyPI predate OpenAPI 3.1. The document
        # itself is served at /openapi.json for any viewer the reader has.
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = runtime
    install_error_handlers(app)

    app.include_router(router)
    _declare_body_schemas(app)
    app.include_router(web_router)
    install_staff(app, settings, runtime.engine, clock)
    install_curation(app, runtime)
    app.include_router(worklist_router)
    mount_static(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type"],
        allow_credentials=False,
    )
    # Outermost, so an oversized body is refused before anything buffers it.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    # /metrics, and outermost of all so it times and counts the body limit's 413s too.
    install_metrics(
        app, catalog=runtime.catalog, clock=clock, card_observers=runtime.card_observers
    )
    return app


def _declare_body_schemas(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, summary=app.summary, routes=app.routes
            )
            document.setdefault("components", {}).setdefault("schemas", {}).update(BODY_SCHEMAS)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


async def _no_authentication(_request: Request) -> None:
    return None


def _authenticator(settings: Settings, engine: Engine, clock: Clock) -> Authenticator:
    if settings.auth is AuthMode.OFF:
        return _no_authentication
    return jwt_authenticator(settings, engine, clock)
