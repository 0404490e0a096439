"""Reading a JSON request body: the media type, the bytes and the parse, each with its own 4xx."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request

from cds_service.http.errors import BadRequestError, UnsupportedMediaTypeError


async def read_json_object(request: Request) -> dict[str, Any]:
    return parse_json_object(await read_json_bytes(request))


async def read_json_bytes(request: Request) -> bytes:
    """The body of a request that says it is JSON (checked before it is read), not yet parsed:
    a hook call parses it where it is worked on (see `routes.call_service`)."""
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    # A missing media type is tolerated (some clients omit it); a different one is not JSON.
    if media_type and not (media_type == "application/json" or media_type.endswith("+json")):
        raise UnsupportedMediaTypeError(
            f"expected Content-Type application/json, got {media_type!r}"
        )
    return await request.body()


def parse_json_object(body: bytes) -> dict[str, Any]:
    if not body.strip():
        raise BadRequestError("the request body is empty; expected a JSON object")
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        # orjson reports invalid UTF-8 and excessive nesting as decode errors too.
        raise BadRequestError(f"the request body is not valid JSON: {error.msg}") from None
    if not isinstance(parsed, dict):
        raise BadRequestError("the request body must be a JSON object")
    return parsed
