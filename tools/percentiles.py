"""The one percentile the developer tools report: nearest rank, so every reported latency is one
that was observed, never an interpolation between two calls."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending sequence (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    # The epsilon keeps 0.07 * 100 (7.000000000000001 in floats) at rank 7.
    rank = max(1, min(len(sorted_values), math.ceil(fraction * len(sorted_values) - 1e-9)))
    return sorted_values[rank - 1]
