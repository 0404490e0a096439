"""The one card that stands for the matches beyond the trial-card cap.

A long stack of trial cards buries everything else in the chart, so after N cards the rest are
summarised: how many, which NCT ids, and a link to the full list. It carries no trial-match
extension (it is not about one trial) but its own `oncomatch.more-matches` count.
"""

from __future__ import annotations

from collections.abc import Callable

from cards.checklist_markdown import verdict_words, verify_note
from cards.codings import MORE_MATCHES_TOPIC
from cards.extension import MORE_MATCHES_KEY, more_matches_extension
from cards.markdown_text import escape_inline, one_line, shorten
from cards.models import Card, Indicator, Link, LinkType, Source
from cards.settings import CardSettings
from eligibility.ranking import RankedMatches
from eligibility.trial_match import TrialMatch

MAX_LISTED = 20
LISTED_TITLE_LIMIT = 90
# What `match_link` is asked for to link this patient's whole list (no NCT id looks like it).
ALL_MATCHES = "all"


def more_card(
    rest: RankedMatches,
    *,
    settings: CardSettings,
    new_uuid: Callable[[], str],
    match_link: Callable[[str], str | None],
) -> Card:
    count = len(rest)
    noun = "trial" if count == 1 else "trials"
    newest_as_of = rest.newest_data_as_of()
    assert newest_as_of is not None  # a "more" card stands for at least one match
    newest = newest_as_of.isoformat()
    listed = rest[:MAX_LISTED]
    lines = [
        f"- **{escape_inline(m.trial.nct_id)}** — {escape_inline(_short_name(m))}"
        f" ({verdict_words(m.verdict).lower()})"
        for m in listed
    ]
    if count > MAX_LISTED:
        lines.append(f"- and {count - MAX_LISTED} more")
    detail = "\n\n".join(
        [
            f"OncoMatch found {count} more {noun} this patient may qualify for:",
            "\n".join(lines),
            "Open the full list in OncoMatch to see their checklists.",
            "---",
            # Of the trials it names: the ranking makes no match past them, and each one's
            # checklist page carries its own caveat.
            verify_note(m.trial for m in listed),
        ]
    )
    return Card(
        uuid=new_uuid(),
        summary=f"{count} more possible clinical {noun} — see the full list in OncoMatch",
        detail=detail,
        indicator=Indicator.INFO,
        source=Source(
            label=f"OncoMatch (catalog as of {newest})",
            url=settings.source_href,
            topic=MORE_MATCHES_TOPIC,
        ),
        links=more_links(settings, match_link(ALL_MATCHES)),
        extension={MORE_MATCHES_KEY: more_matches_extension(count)},
    )


def more_links(settings: CardSettings, full_list: str | None) -> tuple[Link, ...]:
    """This patient's full list of matches (behind a token) when the answer has one; else the
    catalog."""
    if full_list is not None:
        return (
            Link(label="All this patient's matching trials", url=full_list, type=LinkType.ABSOLUTE),
        )
    return (
        Link(
            label="All matching trials in OncoMatch",
            url=settings.full_list_href,
            type=LinkType.ABSOLUTE,
        ),
    )


def _short_name(match: TrialMatch) -> str:
    return shorten(one_line(match.trial.short_title or match.trial.title), LISTED_TITLE_LIMIT)
