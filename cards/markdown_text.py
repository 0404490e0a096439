"""Putting data into GitHub-flavoured Markdown safely.

Trial titles, criterion labels and reasons come from registries and EHR data; a stray `*`, `_`,
`[`, `<` or `|` would otherwise turn into emphasis, a link, raw HTML or a table in the EHR's
card viewer. We backslash-escape only the characters that are special *inline* (CommonMark lets
any ASCII punctuation be escaped, but escaping every `-` and `.` would make the raw text
unreadable in EHRs that show Markdown as plain text). Line-start constructs (`#`, `-`, `1.`,
`>`) cannot be triggered because data is collapsed onto one line and never starts a line.
"""

from __future__ import annotations

# The backslash first: the ones put in front of the others must not be escaped again.
INLINE_SPECIAL = "\\`*_[]<>|~&"
_ESCAPES = tuple((character, "\\" + character) for character in INLINE_SPECIAL)
ELLIPSIS = "…"


def one_line(text: str) -> str:
    """Collapse newlines and runs of whitespace: data must never start a Markdown line."""
    return " ".join(text.split())


def escape_inline(text: str) -> str:
    """Escape data for use inside a Markdown line (collapses it to one line first)."""
    # str methods, not regular expressions: the cards of one answer escape ~170 texts, and
    # `re.sub` with a group reference runs Python code per call (`str.translate` with a table
    # is slower still on non-ASCII text such as "≥"). The tests hold both functions to the
    # regular expressions they replaced.
    text = one_line(text)
    for character, escaped in _ESCAPES:
        if character in text:
            text = text.replace(character, escaped)
    return text


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary when one is near, with an ellipsis."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    cut = text[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    # Only back off to a word boundary if it keeps most of the text; a long single word is cut.
    if space >= len(cut) * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:—-") + ELLIPSIS
