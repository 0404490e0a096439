"""The manual-review line of an item: its text, for a person to check against the record."""

from __future__ import annotations

from eligibility.criteria import FreeTextCriterion
from eligibility.ctgov.splitting import EligibilityItem


def review_label(item: EligibilityItem) -> str:
    prefix = "Exclusion" if item.section == "exclusion" else "Inclusion"
    text = " ".join(item.text.split())
    short = text if len(text) <= 90 else text[:89].rstrip() + "…"
    return f"{prefix} (review): {short}"


def review_criterion(item: EligibilityItem, id_prefix: str) -> FreeTextCriterion:
    """The item as a free_text criterion; its heading and lead-in say whom it is for."""
    text = " ".join(part for part in (item.heading, item.context, item.text) if part)
    return FreeTextCriterion(
        id=f"{id_prefix}-text",
        label=review_label(item),
        section=item.section,
        text=text,
        source_text=item.text,
    )
