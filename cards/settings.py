"""`CardSettings`: what a deployment may tune about the cards it returns."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cards.errors import CardSettingsError
from eligibility.results import Verdict

# Verdicts a card may ever be shown for: docs/architecture.md says a not_eligible trial gets no
# card, so the minimum-verdict setting can narrow the list to `eligible` but never widen it.
SHOWABLE_VERDICTS: tuple[Verdict, ...] = (Verdict.ELIGIBLE, Verdict.POSSIBLY_ELIGIBLE)


def is_absolute_http_url(url: str) -> bool:
    """Links of type `absolute` and `source.url` must be absolute URLs a browser can GET."""
    scheme, sep, rest = url.partition("://")
    return bool(sep) and scheme in ("http", "https") and bool(rest) and not rest.startswith("/")


class CardSettings(BaseModel):
    """Card settings; every URL is absolute and none may carry patient data.

    `source_url` defaults to `base_url` (what OncoMatch is) and `full_list_url` to
    `{base_url}/trials` (the catalog list the "more matches" card points to).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_trial_cards: int = Field(default=5, ge=1, le=50)
    min_verdict: Verdict = Verdict.POSSIBLY_ELIGIBLE
    base_url: str = "http://127.0.0.1:8080"
    source_url: str | None = None
    full_list_url: str | None = None

    @field_validator("min_verdict")
    @classmethod
    def _showable(cls, verdict: Verdict) -> Verdict:
        if verdict not in SHOWABLE_VERDICTS:
            raise CardSettingsError(
                f"min_verdict {verdict.value!r} would show trials the patient is not eligible for;"
                " use 'eligible' or 'possibly_eligible'"
            )
        return verdict

    @field_validator("base_url", "source_url", "full_list_url")
    @classmethod
    def _absolute(cls, url: str | None) -> str | None:
        if url is None:
            return None
        if not is_absolute_http_url(url):
            raise CardSettingsError(f"{url!r} is not an absolute http(s) URL")
        # One canonical form, so `{base_url}/trials` never gets a double slash.
        return url.rstrip("/")

    @property
    def source_href(self) -> str:
        return self.source_url or self.base_url

    @property
    def full_list_href(self) -> str:
        return self.full_list_url or f"{self.base_url}/trials"

    def shows(self, verdict: Verdict) -> bool:
        """Whether a trial with this verdict gets a card under these settings."""
        if verdict not in SHOWABLE_VERDICTS:
            return False
        return SHOWABLE_VERDICTS.index(verdict) <= SHOWABLE_VERDICTS.index(self.min_verdict)
