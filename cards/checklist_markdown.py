"""The card `detail`: trial facts and the criterion-by-criterion checklist, as GFM Markdown.

Each checklist line carries an emoji *and* the status in words, so screen readers and EHRs that
show Markdown as plain text still say "Met"/"Not met"/"Unknown". Every piece of data goes through
`escape_inline`, and no line starts with data (see `cards.markdown_text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cards.markdown_text import escape_inline, shorten
from eligibility.matching import TrialMatch
from eligibility.results import CriterionResult, CriterionStatus, Verdict
from eligibility.trial import Investigator, Location, Trial, TrialStatus

STATUS_MARK: dict[CriterionStatus, str] = {
    CriterionStatus.MET: "✅ Met",
    CriterionStatus.NOT_MET: "❌ Not met",
    CriterionStatus.UNKNOWN: "❔ Unknown",
}

VERIFY_NOTE = (
    "_Structured criteria are extracted from the trial registry record and may contain errors"
    " — verify them against the official protocol before referring._"
)

# Enough to place the trial geographically without turning the card into a site directory
# (some trials list hundreds of sites; the ClinicalTrials.gov link has them all).
MAX_COUNTRIES = 5
MAX_CITIES_PER_COUNTRY = 3
MAX_INVESTIGATORS = 2
# Free-text protocol excerpts can be paragraphs long; the full text is one click away.
MAX_PROTOCOL_EXCERPT = 300


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
    checklist = [r for r in match.results if not r.manual_review]
    manual = [r for r in match.results if r.manual_review]

    blocks: list[str] = [
        f"**{escape_inline(trial.nct_id)}** — {escape_inline(trial.title)}",
        _verdict_line(match),
        "\n".join(f"- **{name}:** {value}" for name, value in _facts(trial)),
    ]
    if checklist:
        # Criteria a machine extracted from registry text quote the sentence they were read
        # from, so the clinician can check the reading; curated criteria were checked by a person.
        quote = trial.source.kind == "imported"
        blocks.append("### Eligibility checklist")
        blocks.append("\n".join(_criterion_line(r, quote_source=quote) for r in checklist))
    if manual:
        blocks.append("### Needs manual review")
        blocks.append("\n".join(_manual_line(r) for r in manual))
    blocks.append("---")
    blocks.append(VERIFY_NOTE)
    return "\n\n".join(blocks)


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
    line = f"- {STATUS_MARK[result.status]} — **{escape_inline(result.label)}**"
    if result.reason.strip():
        line += f": {escape_inline(result.reason)}"
    if result.status is CriterionStatus.UNKNOWN and result.to_settle:
        line += f" — _To settle:_ {escape_inline(result.to_settle)}"
    if quote_source:
        line += _protocol_quote(result)
    return line


def _manual_line(result: CriterionResult) -> str:
    return _criterion_line(result) + _protocol_quote(result)


def _protocol_quote(result: CriterionResult) -> str:
    if not result.source_text or result.source_text.strip() == result.reason.strip():
        return ""
    excerpt = escape_inline(shorten(result.source_text, MAX_PROTOCOL_EXCERPT))
    # Two trailing spaces + indent: a hard line break inside the same list item.
    return f"  \n  Protocol text: “{excerpt}”"
