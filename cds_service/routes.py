"""HTTP routes: thin. Each reads its input, calls one service object, and returns."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import text

from cds_service.discovery import HOOK, SERVICE_ID
from cds_service.error_handlers import invalid_body
from cds_service.errors import NotFoundError, ServiceBusyError, UnsupportedHookError
from cds_service.hook_request import FeedbackRequest, HookRequest
from cds_service.json_body import read_json_object
from cds_service.json_response import JsonResponse
from cds_service.runtime import Runtime

logger = logging.getLogger("oncomatch.hook")
router = APIRouter()
# nginx's code for "the client closed the connection first": never read, but /metrics shows it.
CLIENT_CLOSED_REQUEST = 499
Body = TypeVar("Body", bound=BaseModel)


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _known_service(service_id: str) -> None:
    if service_id != SERVICE_ID:
        raise NotFoundError(
            f"no CDS service with id {service_id!r}; this server has {SERVICE_ID!r}"
        )


# Request bodies are parsed by hand (so each failure gets its own 4xx), so FastAPI cannot see
# their models; their schemas are declared here and added to the document's components.
BODY_SCHEMAS: dict[str, Any] = {}
_REF_TEMPLATE = "#/components/schemas/{model}"


def _schema(model: type[Any]) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, ref_template=_REF_TEMPLATE)
    BODY_SCHEMAS.update(schema.pop("$defs", {}))
    BODY_SCHEMAS[model.__name__] = schema
    reference = {"$ref": _REF_TEMPLATE.format(model=model.__name__)}
    return {
        "requestBody": {"required": True, "content": {"application/json": {"schema": reference}}}
    }


async def _read_call(request: Request, service_id: str, model: type[Body], what: str) -> Body:
    """Authenticate, check the service id, then parse the body: in that order, so an
    unauthenticated caller learns nothing about our services or what we accept."""
    await _runtime(request).authenticate(request)
    _known_service(service_id)
    body = await read_json_object(request)
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise invalid_body(error, what) from None


@router.get("/cds-services", summary="CDS Hooks discovery")
async def discovery(request: Request) -> Response:
    await _runtime(request).authenticate(request)
    return JsonResponse(_runtime(request).discovery)


@router.post(
    "/cds-services/{service_id}",
    summary="Call the patient-view service",
    openapi_extra=_schema(HookRequest),
)
async def call_service(service_id: str, request: Request) -> Response:
    runtime = _runtime(request)
    hook_request = await _read_call(request, service_id, HookRequest, "hook request")
    if hook_request.hook != HOOK:
        raise UnsupportedHookError(
            f"service {SERVICE_ID!r} answers the {HOOK!r} hook, not {hook_request.hook!r}"
        )
    try:
        context = hook_request.patient_view_context()
    except ValidationError as error:
        raise invalid_body(error, "patient-view context") from None
    # Only the CPU-bound middle waits for a turn: fetching missing prefetch waits on the EHR
    # and the commit on the disk, and other calls can use the CPU meanwhile. A complete
    # prefetch is checked here: cheaper than a thread hop.
    if runtime.resolver.needs_fetching(hook_request):
        resolved = await run_in_threadpool(runtime.resolver.resolve, hook_request, context)
    else:
        resolved = runtime.resolver.resolve(hook_request, context)
    turns = runtime.hook_limiter
    waiting = turns.statistics().tasks_waiting
    if turns.available_tokens < 1 and waiting >= runtime.settings.hook_queue_limit:
        # Each waiting call holds its parsed chart; past the limit, refuse rather than queue
        # answers the EHR will have stopped waiting for.
        raise ServiceBusyError(f"{waiting} hook calls are already waiting; retry shortly")
    async with turns:
        if await request.is_disconnected():
            # The EHR gave up while this call waited: its turn would answer nobody.
            logger.info("hook %s left unanswered: the client went away", hook_request.hook_instance)
            return Response(status_code=CLIENT_CLOSED_REQUEST)
        prepared = await to_thread.run_sync(runtime.prepare_answer, hook_request, context, resolved)
    response = await run_in_threadpool(runtime.commit_answer, hook_request, resolved, prepared)
    return JsonResponse(response.to_wire())


@router.post(
    "/cds-services/{service_id}/feedback",
    summary="Feedback on cards",
    openapi_extra=_schema(FeedbackRequest),
)
async def feedback(service_id: str, request: Request) -> Response:
    runtime = _runtime(request)
    report = await _read_call(request, service_id, FeedbackRequest, "feedback")
    result = await run_in_threadpool(runtime.store_feedback, report)
    return JsonResponse({"stored": result.stored, "duplicates": result.duplicates})


@router.get("/", include_in_schema=False)
async def home() -> Response:
    # People who open the service's address in a browser land on the trial catalog.
    return RedirectResponse("/trials", status_code=307)


@router.get("/healthz", summary="Liveness")
async def healthz() -> Response:
    return JsonResponse({"status": "ok"})


@router.get("/readyz", summary="Readiness: catalog loaded and database reachable")
async def readyz(request: Request) -> Response:
    runtime = _runtime(request)
    checks: dict[str, str] = {}
    trials = runtime.catalog_size()
    checks["catalog"] = f"{trials} trials" if trials > 0 else "empty"
    try:

        def ping() -> None:
            with runtime.engine.connect() as connection:
                connection.execute(text("SELECT 1"))

        await run_in_threadpool(ping)
        checks["database"] = "reachable"
    except Exception as error:
        checks["database"] = f"unreachable ({type(error).__name__})"
    ready = trials > 0 and checks["database"] == "reachable"
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )
