"""Cleaning what real EHRs send and R4 forbids, before validation, and the content key.

`clean` drops `null` values and nulls inside arrays, empty strings, empty arrays and objects,
trims the whitespace a string is padded with (VAL-WHITESPACE: "YP0832   ", leading whitespace
and trailing spaces, tabs and line breaks), and writes a date or dateTime the way R4 allows
(`chronology.r4_text`, `r4_compact`): a time with no offset gets the hospital's (GEN-LOCAL-DAY),
and one exported with a space or slashes ("2026-10-01 09:00:00", "2026/10/01"), or in a date
element the HL7 v2 way ("20261001093000"), its R4 form (VAL-DATE-FORMS). Most received
resources need none of this, so `cleaned_with_key` reads the orjson bytes it needs for the
content key anyway and skips cleaning when they show nothing to clean.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

import orjson

from fhir_mapping.chronology import r4_compact, r4_text

MAX_DEPTH = 64
_DATE_SEPARATORS = frozenset("-/")
# The date, dateTime and instant elements of the resources read (`selection.project`): their
# values alone may be HL7 v2 dates ("20261001"); eight digits elsewhere are codes.
_DATE_ELEMENTS = frozenset(
    {"authoredOn", "start", "end", "issued", "date", "dateAsserted", "lastUpdated"}
)
_DATE_SUFFIXES = ("DateTime", "Date", "Instant")


def _is_date_element(key: object) -> bool:
    return isinstance(key, str) and (key in _DATE_ELEMENTS or key.endswith(_DATE_SUFFIXES))


class TooDeepError(ValueError):
    pass


def clean(value: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise TooDeepError("nested too deeply")
    # Exact JSON types first (the common case, without the slower ABC check for Mapping).
    kind = type(value)
    if kind is str:
        return _clean_text(value)
    if kind is dict or (kind is not list and isinstance(value, Mapping)):
        cleaned = {}
        for key, item in value.items():
            if type(item) is str and _is_date_element(key):
                item = r4_compact(_trimmed(item))
            item = clean(item, depth + 1)
            if item is not None:
                cleaned[key] = item
        return cleaned or None
    if isinstance(value, list):
        cleaned_list = [c for c in (clean(item, depth + 1) for item in value) if c is not None]
        return cleaned_list or None
    if isinstance(value, str):
        return _clean_text(value)
    return value


# VAL-WHITESPACE: the trailing whitespace trimmed — spaces (a dictionary code padded to its
# field's width), tabs and line breaks (a code cut from a spreadsheet or a Windows text file).
_TRAILING = " \t\r\n"


def _trimmed(value: str) -> str:
    """VAL-WHITESPACE: without any leading whitespace or trailing spaces, tabs and line breaks.
    Other trailing whitespace (a no-break or full-width space) stays: the bytes check would need
    a pattern several times slower to see it, and a code R4 rejects for it is left out
    (VAL-REPAIR)."""
    return value.lstrip().rstrip(_TRAILING)


def _clean_text(value: str) -> str | None:
    if not value.strip():
        return None
    value = _trimmed(value)
    # A date or time at all is at least "YYYY/M/D" (8 characters); most strings are not one.
    if len(value) >= 8 and value[0].isdigit() and value[4:5] in _DATE_SEPARATORS:
        return r4_text(value)
    return value


def content_key(projection: Mapping[str, Any]) -> bytes | None:
    """The key of a projection in the validation cache: BLAKE2b of orjson with sorted keys."""
    try:
        payload = orjson.dumps(projection, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return hashlib.blake2b(payload, digest_size=20).digest()


# What `clean` would change, seen in the orjson bytes of a projection (compact, keys sorted, no
# whitespace between tokens; control characters escaped, other characters as UTF-8). It may
# match more than `clean` changes (a "null" inside a text, a key that starts with a space): then
# the projection is simply cleaned. It must never miss a change:
# - a null (a value or a list item), an empty array or object;
# - an empty string, or a whitespace-only one: its opening quote is followed by a quote, or by
#   one of the encodings below (every character `str.strip` removes; the test checks all of
#   them) -- a closing quote is followed by `:`, `,`, `}` or `]`, never these;
# - a local dateTime (`_LOCAL_DATETIME`, whose `$` also allows one trailing newline): a "T",
#   digits (`\d` is any Unicode digit: ASCII, or UTF-8 bytes >= 0x80), ":", digits, an optional
#   ":" seconds and "." fraction, an optional "\n", and the closing quote.
# Searched as literals and two patterns that each start with one byte, not as one alternation:
# the regex engine then jumps between candidate bytes instead of trying every position.
_QUOTED_BLANK = re.compile(
    rb'"(?:"|[ ]|\\[tnfr]|\\u00(?:0b|1[c-f])|\xc2[\x85\xa0]|\xe1\x9a\x80'
    rb"|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80)"
)
_LOCAL_TIME = re.compile(
    rb'T[0-9\x80-\xff]+:[0-9\x80-\xff]+(?::[0-9\x80-\xff]+(?:\.[0-9\x80-\xff]+)?)?(?:\\n)?"'
)


# VAL-DATE-FORMS (`chronology.r4_text`): an opening quote, a year and a slash; or a date and a
# space before a time. ASCII digits, as that pattern reads.
_EXPORTED_DATE_BYTES = re.compile(rb'"[0-9]{4}/|"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]')
# `r4_compact`: a value that starts with eight digits, the key before it then checked (a pattern
# naming the keys is several times slower than this one, which starts with one byte).
_EIGHT_DIGITS = re.compile(rb'":"[0-9]{8}')


def _needs_cleaning(payload: bytes) -> bool:
    return (
        b"null" in payload
        or b"[]" in payload
        or b"{}" in payload
        # VAL-WHITESPACE: a space, tab or line break before a closing quote (escaped in JSON).
        or b' "' in payload
        or b'\\t"' in payload
        or b'\\n"' in payload
        or b'\\r"' in payload
        or _QUOTED_BLANK.search(payload) is not None
        or _LOCAL_TIME.search(payload) is not None
        or _EXPORTED_DATE_BYTES.search(payload) is not None
        or (_EIGHT_DIGITS.search(payload) is not None and _hl7_v2_date_in(payload))
    )


def _hl7_v2_date_in(payload: bytes) -> bool:
    """Whether a date element's value starts with eight digits. A date element's name holds no
    quote, so the last quote before the value opens it (a key with an escaped quote may be cut
    short and taken for one: only slower)."""
    for found in _EIGHT_DIGITS.finditer(payload):
        opening = payload.rfind(b'"', 0, found.start())
        if _is_date_element(payload[opening + 1 : found.start()].decode("utf-8", "replace")):
            return True
    return False


def cleaned_with_key(projection: dict[str, Any]) -> tuple[Any, bytes | None]:
    """`clean(projection)` and its `content_key`, without cleaning when nothing would change.
    The result is exactly that of cleaning first: the same key, an equal projection."""
    try:
        payload = orjson.dumps(projection, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        payload = None  # e.g. a Mapping that is not a dict: cleaning makes it one
    # `clean` rejects a value nested deeper than MAX_DEPTH: it sits inside more containers than
    # that, each opened by a "[" or "{" (counted with the ones inside strings: more, never fewer).
    if (
        payload is not None
        and payload.count(b"[") + payload.count(b"{") <= MAX_DEPTH
        and not _needs_cleaning(payload)
    ):
        return projection, hashlib.blake2b(payload, digest_size=20).digest()
    cleaned = clean(projection)
    if not isinstance(cleaned, dict):
        return cleaned, None
    return cleaned, content_key(cleaned)
