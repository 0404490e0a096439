"""The card `detail` as GFM Markdown, written for an EHR side panel: the verdict and what to
do first (criteria not met or unknown, each with what would settle it), then the met criteria
in one paragraph with the values that decided them, then the trial's facts. The full checklist
is the linked page.

Statuses are words, never emoji: many clinical desktops and virtualised sessions have no emoji
font and show empty boxes. Every piece of data goes through `escape_inline`, and no line starts
with data (see `cards.markdown_text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cards.markdown_text import escape_inline, shorten
from eligibility.matching import TrialMatch
from eligibility.provenance import criteria_caveat, provenance_line
from eligibility.results import CriterionResult, CriterionStatus, Verdict
from eligibility.review_topics import REVIEW_TOPIC_TITLES, ReviewTopic, review_topic
from eligibility.trial import Investigator, Location, Trial, TrialStatus

STATUS_WORDS: dict[CriterionStatus, str] = {
    CriterionStatus.MET: "Met",
    CriterionStatus.NOT_MET: "Not met",
    CriterionStatus.UNKNOWN: "Unknown",
}


# Enough to place the trial geographically without turning the card into a site directory
# (some trials list hundreds of sites; the ClinicalTrials.gov link has them all).
MAX_COUNTRIES = 5
MAX_CITIES_PER_COUNTRY = 3
MAX_INVESTIGATORS = 2
# Free-text protocol excerpts can be paragraphs long; the full text is one click away.
MAX_PROTOCOL_EXCERPT = 300
# A met criterion is shown with the value that decided it when that value is this short; longer
# ones (a regimen, a full stage) are on the checklist page, and the panel stays short.
MAX_MET_VALUE = 32
# Free-text items for a person to review, grouped by topic: the first few topics, the rest on
# the checklist page; a topic lists its first few labels, each shortened.
MAX_MANUAL_SHOWN = 3
MAX_PER_GROUP = 2
MAX_GROUP_LABEL = 80


def trial_status_words(status: TrialStatus) -> str:
    """`NOT_YET_RECRUITING` -> "Not yet recruiting"."""
    return status.value.replace("_", " ").capitalize()


def verdict_words(verdict: Verdict) -> str:
    return {
        Verdict.ELIGIBLE: "Eligible",
        Verdict.POSSIBLY_ELIGIBLE: "Possibly eligible",
        Verdict.NOT_ELIGIBLE: "Not eligible",
    }[verdict]


def render_detail(match: TrialMatch) -> str:
    trial = match.trial
    checked = [r for r in match.results if not r.manual_review]
    to_settle = sorted(
        (r for r in checked if r.status is not CriterionStatus.MET),
        key=lambda r: r.status is not CriterionStatus.NOT_MET,  # not met first
    )
    met = [r for r in checked if r.status is CriterionStatus.MET]
    manual = [r for r in match.results if r.manual_review]

    blocks: list[str] = [
        f"**{escape_inline(trial.nct_id)}** — {escape_inline(trial.title)}",
        _verdict_line(match),
    ]
    if to_settle:
        # Criteria a machine extracted from registry text quote the sentence they were read
        # from, so the clinician can check the reading; curated criteria were checked by a person.
        quote = trial.source.kind == "imported"
        blocks.append("### To settle")
        blocks.append("\n".join(_criterion_line(r, quote_source=quote) for r in to_settle))
    if met:
        blocks.append(f"**Met ({len(met)}):** " + " · ".join(_met_item(r) for r in met))
    if manual:
        blocks.append(f"### Needs manual review ({len(manual)})")
        blocks.append("\n".join(_manual_lines(manual)))
    blocks.append("\n".join(f"- **{name}:** {value}" for name, value in _facts(trial)))
    # Who stands behind the criteria: a site's curator, the catalog, or the extractor.
    blocks.append(escape_inline(provenance_line(trial)) + ".")
    blocks.append("---")
    blocks.append(verify_note([trial]))
    return "\n\n".join(blocks)


def verify_note(trials: Iterable[Trial]) -> str:
    """The card's last line: how the criteria were made (curated, or read automatically) and
    what to check them against."""
    caveat = criteria_caveat(trials)
    return f"_{caveat} — verify them against the official protocol before referring._"


def _met_item(result: CriterionResult) -> str:
    """ "ECOG 0–1 (ECOG 1 on 2026-11-10)": the label, and the value that decided it when the
    reason states a short one before what the trial requires and it adds to the label."""
    label = escape_inline(result.label)
    value = result.reason.split("; trial ", 1)[0].strip() if "; trial " in result.reason else ""
    if not value or len(value) > MAX_MET_VALUE or result.label.casefold() in value.casefold():
        return label
    return f"{label} ({escape_inline(value)})"


def _verdict_line(match: TrialMatch) -> str:
    total = len(match.results)
    met = sum(1 for r in match.results if r.status is CriterionStatus.MET)
    to_record = sum(
        1 for r in match.results if r.status is CriterionStatus.UNKNOWN and not r.manual_review
    )
    to_review = sum(1 for r in match.results if r.manual_review)
    as_of = f"(checked against the chart as of {match.as_of.isoformat()})"
    if match.verdict is Verdict.ELIGIBLE:
        return f"**Eligible:** meets all {total} structured criteria {as_of}."
    parts = [f"{met} of {total} criteria met"]
    if to_record:
        parts.append(f"{to_record} unknown (data to record)")
    if to_review:
        parts.append(f"{to_review} to review by hand")
    return f"**{verdict_words(match.verdict)}:** {', '.join(parts)} {as_of}."


def _facts(trial: Trial) -> list[tuple[str, str]]:
    facts = [("Status", trial_status_words(trial.overall_status))]
    if trial.phase:
        facts.append(("Phase", escape_inline(trial.phase)))
    facts.append(("Data as of", trial.data_as_of.isoformat()))
    if trial.locations:
        label = "Location" if len(trial.locations) == 1 else "Locations"
        facts.append((label, _locations(trial.locations)))
    if trial.investigators:
        shown = _investigators(trial.investigators)
        facts.append(("Investigator" if len(shown) == 1 else "Investigators", "; ".join(shown)))
    if trial.sponsor:
        facts.append(("Sponsor", escape_inline(trial.sponsor)))
    return facts


def _locations(locations: Iterable[Location]) -> str:
    # Countries in the order the registry lists them (usually the lead site first).
    cities_by_country: dict[str, list[str]] = {}
    for location in locations:
        cities = cities_by_country.setdefault(location.country, [])
        if location.city and location.city not in cities:
            cities.append(location.city)
    parts = []
    for country, cities in list(cities_by_country.items())[:MAX_COUNTRIES]:
        text = escape_inline(country)
        if cities:
            named = ", ".join(escape_inline(city) for city in cities[:MAX_CITIES_PER_COUNTRY])
            extra = len(cities) - MAX_CITIES_PER_COUNTRY
            text += f" ({named}{f' and {extra} more' if extra > 0 else ''})"
        parts.append(text)
    hidden = len(cities_by_country) - MAX_COUNTRIES
    if hidden > 0:
        parts.append(f"and {hidden} more {'country' if hidden == 1 else 'countries'}")
    return "; ".join(parts)


def _investigators(investigators: Sequence[Investigator]) -> list[str]:
    # Principal investigators first: they are who a referring clinician contacts.
    ordered = sorted(
        investigators, key=lambda i: 0 if i.role and "principal" in i.role.lower() else 1
    )
    shown = []
    for investigator in ordered[:MAX_INVESTIGATORS]:
        text = escape_inline(investigator.name)
        if investigator.affiliation:
            text += f" ({escape_inline(investigator.affiliation)})"
        shown.append(text)
    return shown


def _criterion_line(result: CriterionResult, *, quote_source: bool = False) -> str:
    line = f"- **{STATUS_WORDS[result.status]}** — **{escape_inline(result.label)}**"
    if result.reason.strip():
        line += f": {escape_inline(result.reason)}"
    if result.status is CriterionStatus.UNKNOWN and result.to_settle:
        line += f" — _To settle:_ {escape_inline(result.to_settle)}"
    if quote_source:
        line += _protocol_quote(result)
    return line


def _manual_lines(manual: Sequence[CriterionResult]) -> list[str]:
    """The items to review grouped by topic, the first few topics shown: a topic with one item
    gives its line and protocol text, a larger one its count and first labels; the rest are
    counted and left to the checklist page."""
    groups: dict[ReviewTopic, list[CriterionResult]] = {}
    for result in manual:
        groups.setdefault(review_topic(result.source_text or result.label), []).append(result)
    lines: list[str] = []
    shown = 0
    for topic, results in list(groups.items())[:MAX_MANUAL_SHOWN]:
        if len(results) == 1:
            lines.append(_manual_line(results[0]))
            shown += 1
            continue
        labels = [escape_inline(shorten(r.label, MAX_GROUP_LABEL)) for r in results]
        listed = " · ".join(labels[:MAX_PER_GROUP])
        more = len(results) - MAX_PER_GROUP
        if more > 0:
            listed += f" · _and {more} more_"
        lines.append(f"- **{REVIEW_TOPIC_TITLES[topic]} ({len(results)}):** {listed}")
        shown += len(results)
    hidden = len(manual) - shown
    if hidden > 0:
        lines.append(f"- _and {hidden} more on the eligibility checklist page_")
    return lines


def _manual_line(result: CriterionResult) -> str:
    return _criterion_line(result) + _protocol_quote(result)


def _protocol_quote(result: CriterionResult) -> str:
    if not result.source_text or result.source_text.strip() == result.reason.strip():
        return ""
    excerpt = escape_inline(shorten(result.source_text, MAX_PROTOCOL_EXCERPT))
    # Two trailing spaces + indent: a hard line break inside the same list item.
    return f"  \n  Protocol text: “{excerpt}”"
