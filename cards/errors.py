"""Errors raised by the `cards` package; `CardError` is the base of them all.

- `CardSettingsError`: a `CardSettings` value that cannot produce valid cards (a relative URL, a
  minimum verdict that would show non-eligible trials). Raised inside pydantic validation, so
  constructing `CardSettings` surfaces it as a `ValidationError` carrying this text.
- `CardBuildError`: input a card cannot be built from (a malformed patient id, a non-absolute
  match link). Our programming or configuration error, never the EHR's: let it be a 5xx, not 4xx.
"""

from __future__ import annotations


class CardError(Exception):
    """Base of every error raised by `cards`."""


class CardSettingsError(CardError, ValueError):
    """A card setting that cannot produce spec-valid cards."""


class CardBuildError(CardError, ValueError):
    """Input that a card cannot be built from."""
