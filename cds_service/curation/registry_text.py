"""The registry's eligibility text as curation sees it: a hash to tell whether it moved, and a
line diff of the text a curator read against the text a sync stored since."""

from __future__ import annotations

import difflib
import hashlib


def registry_text_hash(text: str | None) -> str | None:
    """SHA-256 (hex) of the text; None for no text. Line endings are made alike first, so a
    record re-sent with CRLF does not read as a change of wording."""
    if text is None:
        return None
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def text_diff(before: str | None, after: str | None) -> tuple[str, ...]:
    """A unified diff (lines without newlines), "-" for what was read at curation, "+" for the
    registry's text now; empty when equal."""
    return tuple(
        line.rstrip("\n")
        for line in difflib.unified_diff(
            (before or "").splitlines(),
            (after or "").splitlines(),
            fromfile="read at curation",
            tofile="registry now",
            lineterm="",
        )
    )
