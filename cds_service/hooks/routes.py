"""HTTP routes: thin. Each reads its input, calls one service object, and returns; the hook route
also schedules its call on a worker thread and a turn at the CPU (`cds_service.hooks.turns`)."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from anyio import from_thread, to_thread
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy import text

from cds_service.hooks.discovery import HOOK, SERVICE_ID
from cds_service.hooks.request import FeedbackRequest, HookRequest, PatientViewContext
from cds_service.hooks.turns import Turn
from cds_service.http.error_handlers import invalid_body
from cds_service.http.errors import NotFoundError, ServiceBusyError, UnsupportedHookError
from cds_service.http.json_body import parse_json_object, read_json_bytes
from cds_service.http.json_response import JsonResponse
from cds_service.runtime import HookCall, Runtime

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
    return _parsed(await _read_addressed_body(request, service_id), model, what)


async def _read_addressed_body(request: Request, service_id: str) -> bytes:
    """Authenticate, check the service id, then read the body: in that order, so an
    unauthenticated caller learns nothing about our services or what we accept."""
    await _runtime(request).authenticate(request)
    _known_service(service_id)
    return await read_json_bytes(request)


def _parsed(body: bytes, model: type[Body], what: str) -> Body:
    try:
        return model.model_validate(parse_json_object(body))
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
    body = await _read_addressed_body(request, service_id)
    turns = runtime.hook_limiter
    turn = Turn(turns)
    if not turn.take_if_free():
        waiting = turns.statistics().tasks_waiting
        if waiting >= runtime.settings.hook_queue_limit:
            # Each waiting call holds its parsed chart; past the limit, refuse rather than
            # queue answers the EHR will have stopped waiting for.
            raise ServiceBusyError(f"{waiting} hook calls are already waiting; retry shortly")
    # One worker thread does the rest (see `cds_service.hooks.turns`). A call that waits for its
    # turn waits in its thread, so hook calls have threads of their own (`hook_threads`).
    try:
        answer = await to_thread.run_sync(
            _answer, runtime, request, body, turn, limiter=runtime.hook_threads
        )
    finally:
        turn.release()
    if answer is None:
        return Response(status_code=CLIENT_CLOSED_REQUEST)
    return Response(answer, media_type=JsonResponse.media_type)


def _answer(runtime: Runtime, request: Request, body: bytes, turn: Turn) -> bytes | None:
    """The JSON answer to the call in `body`; None when the client hung up while it waited."""
    try:
        hook_request, context = _checked_call(body)
        # Fetching missing prefetch waits on the EHR, not the CPU: never in a turn.
        resolved = runtime.resolver.resolve(hook_request, context, before_fetching=turn.end)
        if not turn.held:
            turn.take()
            if from_thread.run(request.is_disconnected):
                # The EHR gave up while this call waited: its turn would answer nobody.
                logger.info(
                    "hook %s left unanswered: the client went away", hook_request.hook_instance
                )
                return None
        return runtime.answer_call(HookCall(hook_request, context, resolved), turn.end)
    finally:
        turn.end()


def _checked_call(body: bytes) -> tuple[HookRequest, PatientViewContext]:
    hook_request = _parsed(body, HookRequest, "hook request")
    if hook_request.hook != HOOK:
        raise UnsupportedHookError(
            f"service {SERVICE_ID!r} answers the {HOOK!r} hook, not {hook_request.hook!r}"
        )
    try:
        return hook_request, hook_request.patient_view_context()
    except ValidationError as error:
        raise invalid_body(error, "patient-view context") from None


@router.post(
    "/cds-services/{service_id}/feedback",
    summary="Feedback on cards",
    openapi_extra=_schema(FeedbackRequest),
)
async def feedback(service_id: str, request: Request) -> Response:
    runtime = _runtime(request)
    report = await _read_call(request, service_id, FeedbackRequest, "feedback")
    result = await run_in_threadpool(runtime.store_feedback, report)
    return JsonResponse(
        {
            "stored": result.stored,
            "duplicates": result.duplicates,
            "unknownCards": result.unknown_cards,
        }
    )


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
