"""ASGI middleware: refuse request bodies over the configured size with a 413.

Checked twice: against Content-Length before reading, and while streaming (a chunked body has
no length). It runs before FastAPI reads the body, so an oversized body is never buffered whole.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cds_service.http.error_handlers import operation_outcome
from cds_service.http.errors import PayloadTooLargeError, Problem


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes:
                    await _send_413(scope, send, self.max_bytes)
                    return
        received = 0
        max_bytes = self.max_bytes

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise PayloadTooLargeError(_message(max_bytes))
            return message

        await self.app(scope, limited_receive, send)


def _message(max_bytes: int) -> str:
    return f"request body is larger than the limit of {max_bytes} bytes"


async def _send_413(scope: Scope, send: Send, max_bytes: int) -> None:
    message = _message(max_bytes)
    payload: dict[str, object] = {"error": message}
    if str(scope.get("path", "")).startswith("/cds-services"):
        payload = operation_outcome(message, [Problem(message)], PayloadTooLargeError.issue_code)
    body = orjson.dumps(payload)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
