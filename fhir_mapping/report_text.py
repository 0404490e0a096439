"""A report's words when it carries no conclusion, only its whole text inline in `presentedForm`
(LOT-REPORT-TEXT): the impression, after its heading. The rest of the text holds the clinical
history ("evaluate for progression") beside the findings, and is not read."""

from __future__ import annotations

import base64
import binascii
import html
import re
from typing import Any

from fhir_mapping.elements import get, items

_READ_TYPES = frozenset({"text/plain", "text/html"})
# A report's text, not an image or a PDF: longer attachments are not decoded.
_MAX_DATA = 262_144
# The impression's headings; a referrer's "临床诊断：" (clinical diagnosis) is not one.
_IMPRESSION = re.compile(
    r"(?:\bimpressions?|\bconclusions?|\binterpretation|诊断意见|(?<!临床)(?<!初步)诊断|检查结论"
    r"|诊断结论|印象|结论|提示)(?:[ \t]*[:：]|\t)",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"报告医[师生]|审核医[师生]|\brecommendations?\s*[:：]|\belectronically signed|"
    r"\bdictated by",
    re.IGNORECASE,
)
_CHARSET = re.compile(r"charset\s*=\s*\"?([\w.-]+)", re.IGNORECASE)
_BLOCK_END = re.compile(r"<\s*(?:br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.IGNORECASE)
# A table's heading cell ends its heading as a colon would: "<td>诊断意见</td><td>…</td>".
_CELL_END = re.compile(r"<\s*/t[dh]\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def impression(source: Any) -> str | None:
    """The impression of the first inline text attachment that has one, or None."""
    for attachment in items(source, "presentedForm"):
        text = _text(attachment)
        if text is None:
            continue
        heading = _IMPRESSION.search(text)
        if heading is None:
            continue
        body = text[heading.end() :]
        end = _SIGN_OFF.search(body)
        said = (body[: end.start()] if end else body).strip()
        if said:
            return said
    return None


def _text(attachment: Any) -> str | None:
    content_type = get(attachment, "contentType")
    data = get(attachment, "data")
    if not isinstance(content_type, str) or not isinstance(data, str) or len(data) > _MAX_DATA:
        return None
    kind, _, parameters = content_type.partition(";")
    kind = kind.strip().lower()
    if kind not in _READ_TYPES:
        return None
    charset = _CHARSET.search(parameters)
    try:
        text = base64.b64decode(data).decode(charset.group(1) if charset else "utf-8")
    except (binascii.Error, LookupError, UnicodeDecodeError, ValueError):
        return None  # not base64, or not in the charset it names: not readable text
    if kind == "text/html":
        text = html.unescape(_TAG.sub(" ", _CELL_END.sub("\t", _BLOCK_END.sub("\n", text))))
    return text
