"""Text patterns as the terminology tables and word lists write them.

TEXT-LATIN-BOUNDARY: a pattern's `\\b` is a boundary of Latin words only ("HIV感染", "HBV携带者",
"NYHA心功能"): Chinese runs on without a space, and a Unicode `\\b` sees none there.
"""

from __future__ import annotations

import re

_LATIN_BOUNDARY = re.compile(r"(?<!\\)\\b")


def text_pattern(pattern: str) -> re.Pattern[str]:
    """A text pattern, case-insensitive, its `\\b` bounding Latin words only."""
    return re.compile(_LATIN_BOUNDARY.sub(r"(?a:\\b)", pattern), re.IGNORECASE)
