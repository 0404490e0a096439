"""One trial match -> one CDS Hooks card."""

from __future__ import annotations

from collections.abc import Callable

from cards.checklist_markdown import render_detail
from cards.codings import OVERRIDE_REASONS, TRIAL_MATCH_TOPIC
from cards.errors import CardBuildError
from cards.extension import TRIAL_MATCH_KEY, trial_match_extension
from cards.models import Card, Indicator, Link, LinkType, SelectionBehavior, Source
from cards.referral import referral_suggestion
from cards.settings import CardSettings, is_absolute_http_url
from cards.summary_line import trial_summary
from eligibility.matching import TrialMatch

MATCH_LINK_LABEL = "Eligibility checklist in OncoMatch"


def source_for(settings: CardSettings, catalog_as_of: str) -> Source:
    return Source(
        label=f"OncoMatch (catalog as of {catalog_as_of})",
        url=settings.source_href,
        topic=TRIAL_MATCH_TOPIC,
    )


def trial_links(nct_id: str, ctgov_url: str, page: str | None) -> tuple[Link, ...]:
    """The registry record, and the checklist page of this answer when there is one."""
    record = Link(
        label=f"ClinicalTrials.gov record {nct_id}", url=ctgov_url, type=LinkType.ABSOLUTE
    )
    if page is None:
        return (record,)
    if not is_absolute_http_url(page):
        raise CardBuildError("match_link must return an absolute http(s) URL")
    return (record, Link(label=MATCH_LINK_LABEL, url=page, type=LinkType.ABSOLUTE))


def trial_card(
    match: TrialMatch,
    *,
    patient_id: str,
    settings: CardSettings,
    new_uuid: Callable[[], str],
    match_link: Callable[[str], str | None],
) -> Card:
    trial = match.trial
    # Card uuid first, then the suggestion's: the order golden files depend on (and
    # `reissue_cards` keeps).
    card_uuid = new_uuid()
    links = trial_links(trial.nct_id, trial.ctgov_url, match_link(trial.nct_id))
    return Card(
        uuid=card_uuid,
        summary=trial_summary(trial, match.verdict),
        detail=render_detail(match),
        # Trial suggestions are opportunities, never alerts: `info` keeps them out of the way of
        # safety warnings in the EHR's sort order.
        indicator=Indicator.INFO,
        source=source_for(settings, trial.data_as_of.isoformat()),
        suggestions=(referral_suggestion(match, patient_id=patient_id, new_uuid=new_uuid),),
        selection_behavior=SelectionBehavior.AT_MOST_ONE,
        override_reasons=OVERRIDE_REASONS,
        links=links,
        extension={TRIAL_MATCH_KEY: trial_match_extension(match)},
    )
