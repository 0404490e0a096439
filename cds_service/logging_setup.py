"""Log format for the service. Log lines carry ids of calls and counts, never patient data.

uvicorn's access log prints request paths; a `/match/<token>` path is a capability (whoever
has the token sees a patient's checklist), so the token is masked before any handler sees it.
"""

from __future__ import annotations

import logging
import re

_MATCH_TOKEN = re.compile(r"(/match/)[^\s\"?#/]+")


class MatchTokenRedactor(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redact(value) for key, value in record.args.items()}
        if isinstance(record.msg, str):
            record.msg = _MATCH_TOKEN.sub(r"\1[redacted]", record.msg)
        return True


class UrlPathRedactor(logging.Filter):
    """Mask request paths in urllib3's request lines ('"GET /fhir/Patient/p1 HTTP/1.1" 200')."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                "[path redacted]" if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        return True


def _redact(value: object) -> object:
    return _MATCH_TOKEN.sub(r"\1[redacted]", value) if isinstance(value, str) else value


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("uvicorn.access").addFilter(MatchTokenRedactor())
    # Alembic announces its context on every start ("Context impl SQLiteImpl."); the schema
    # module logs the line that matters, what was upgraded from and to.
    logging.getLogger("alembic").setLevel(logging.WARNING)
