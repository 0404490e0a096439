"""Errors raised by the `cards` package.

Hierarchy:

- `CardError` — base of everything `cards` raises.
  - `CardSettingsError` — a `CardSettings` value that cannot produce valid cards
    (a relative URL, a minimum verdict that would show non-eligible trials). Raised inside
    pydantic validation, so constructing `CardSettings` surfaces it as a `ValidationError`
    whose message carries this text.
  - `CardBuildError` — the caller passed something a card cannot be built from
    (a malformed patient id, a non-absolute match link). These are programming or
    configuration errors on our side, never something an EHR sent, so callers should let them
    surface as server errors rather than map them to a 4xx.
"""

from __future__ import annotations


class CardError(Exception):
    """Base of every error raised by `cards`."""


class CardSettingsError(CardError, ValueError):
    """A card setting that cannot produce spec-valid cards."""


class CardBuildError(CardError, ValueError):
    """Input that a card cannot be built from."""
