"""Split a ClinicalTrials.gov eligibility text into inclusion and exclusion items.

The registry text is loosely Markdown: headings such as "Inclusion Criteria:" (and variants:
"INCLUSION CRITERIA", "Key Inclusion Criteria", "Exclusion criteria"), bullets ("*", "-", "•"),
numbering ("1.", "1)", "(1)", "a.", "ii)") and nested lists indented by spaces. Each item keeps
its exact text (continuation lines joined with one space). A lead-in item that ends with ":" and
has nested children ("Adequate organ function, defined as:") is kept as the children's `context`
instead of being an item of its own; a lead-in that negates ("none of the following:") flips the
children's polarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eligibility.criteria import Section

_KIND = re.compile(r"\b(?P<kind>inclusions?|exclusions?|non[- ]?inclusion)\b", re.IGNORECASE)
_CRITERIA_WORD = re.compile(
    r"\b(?:inclusions?|exclusions?|non[- ]?inclusion)\s*(?:/\s*\w+\s+)?"
    r"(?:criteria|criterion|requirements?|for\b|only\b|\(|:|$)",
    re.IGNORECASE,
)
_ELIGIBILITY_HEADING = re.compile(
    r"^(?:[\w-]+\s+){0,3}eligibility(?:\s+criteria)?\s*:?$|"
    r"\bmeet the following eligibility criteria\b",
    re.IGNORECASE,
)
_EXCLUDING_SENTENCE = re.compile(
    r"\b(?:(?:not(?:\s+be)?|in)\s*eligible|excluded)\b.*\bfollowing\b|"
    r"\bfollowing\b.*\b(?:(?:not(?:\s+be)?|in)\s*eligible|excluded)\b",
    re.IGNORECASE,
)
_SCOPED_HEADING = re.compile(
    r"\b(?:parts?|cohorts?|arms?|groups?|sub-?stud(?:y|ies)|sub-?protocols?|mod(?:ule)?\s*[A-Z]|"
    r"mod[A-Z]|strat(?:um|a)|phases?|donors?|japan|food effect|escalation|expansion|"
    r"single agent|combination|only|specific|additional)\b",
    re.IGNORECASE,
)
_SUBHEADING = re.compile(
    r"^\W*(?:phase|part|cohort|arm|group|stratum|module|sub-?study|sub-?protocol|"
    r"dose[- ](?:escalation|expansion))\b[^.;]{0,60}$",
    re.IGNORECASE,
)
_ALL_PATIENTS = re.compile(
    r"\b(?:all (?:phases|parts|cohorts|arms|groups|patients|participants)|both phases|"
    r"common criteria)\b",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^(?P<indent>\s*)"
    r"(?P<marker>\\?[*•·▪◦‣○●+]|\\?-{1,2}|\d{1,3}\\?[.)](?!\d)|\(\d{1,2}\)|[a-zA-Z][.)](?=\s)|\([a-zA-Z]\)"
    r"|(?:i{1,3}|iv|v|vi{1,3}|ix|x)[.)](?=\s)|\((?:i{1,3}|iv|v|vi{1,3}|ix|x)\))"
    r"\s+(?P<text>\S.*)$"
)
_NEGATING_LEAD_IN = re.compile(
    r"\b(?:none of|no(?:ne)?\s+(?:of\s+)?the following|must not|not (?:have|be)|excluded|"
    r"exclusion|ineligible|not eligible|without)\b",
    re.IGNORECASE,
)
_INCLUSION_ONLY = {"inclusion", "eligibility"}


@dataclass(frozen=True, slots=True)
class EligibilityItem:
    """One criterion line of the protocol text.

    `section` is where the text stands; `negated_context` is True when a lead-in such as
    "Patients with none of the following:" turns the item's meaning around.
    """

    section: Section
    text: str
    number: int  # 1-based position within its section
    depth: int = 0
    context: str | None = None
    negated_context: bool = False
    heading: str | None = None  # the section heading, when it limits the items to some patients

    @property
    def excludes(self) -> bool:
        """True when the item describes patients who may NOT enrol."""
        return (self.section == "exclusion") != self.negated_context


@dataclass(slots=True)
class _Draft:
    section: Section
    text: str
    indent: int
    depth: int
    parent: _Draft | None
    heading: str | None = None
    has_children: bool = False


def _heading_section(line: str, marked: bool) -> Section | None:
    """The section a heading line opens, or None for an item.

    Headings come in any length and wording: "Key Exclusion Criteria/Common Criteria (Group 1
    - ...):", "Part A (Dose Escalation) Inclusion Criteria:", "General Exclusions:", "A patient
    who meets any of the following exclusion criteria will be ineligible ...". A line naming
    both kinds ("Other inclusion/exclusion criteria may apply") is a note, not a heading; a
    bulleted line is a heading only when it ends with a colon.
    """
    text = re.sub(r"[*_#\\]+", " ", line).strip()
    if len(text) > 200 or (marked and not text.endswith(":")):
        return None
    kinds = {
        m.group("kind").lower().rstrip("s").replace(" ", "").replace("-", "")
        for m in _KIND.finditer(text)
    }
    if len(kinds) > 1:
        return None
    if kinds:
        headline = text.endswith(":") or (not re.search(r"[.;]$", text) and len(text) <= 120)
        if _CRITERIA_WORD.search(text) and (headline or "following" in text.lower()):
            return "inclusion" if kinds == {"inclusion"} else "exclusion"
        return None
    if _ELIGIBILITY_HEADING.search(text) and len(text) <= 120:
        return "inclusion"
    if not marked and _EXCLUDING_SENTENCE.search(text) and re.search(r"criteri", text, re.I):
        return "exclusion"  # "A subject will not be eligible ... if he/she meets any of the
        # following criteria."
    return None


def _heading_scope(line: str) -> str | None:
    """The heading's text when it limits its items to some patients ("Part B (Dose Expansion)
    Inclusion Criteria:", "Donor Exclusion Criteria:"), else None."""
    text = " ".join(re.sub(r"[*_#\\]+", " ", line).split())
    if _SCOPED_HEADING.search(text) and not _ALL_PATIENTS.search(text):
        return text
    return None


def split_eligibility(text: str | None) -> list[EligibilityItem]:
    """The items of an eligibility text, in order. Text before any heading counts as inclusion."""
    if not text:
        return []
    section: Section = "inclusion"
    heading_scope: str | None = None
    sub_headings: list[tuple[int, str]] = []  # (indent, text) of "Phase 2", "Group 1:"
    drafts: list[_Draft] = []
    stack: list[_Draft] = []  # open items by nesting, innermost last
    previous_blank = True
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip():
            previous_blank = True
            continue
        stripped = raw.strip()
        marker = _MARKER.match(raw.replace("\t", "    "))
        bare = marker.group("text") if marker else stripped
        heading = _heading_section(bare, marker is not None)
        if heading is not None:
            section = heading
            heading_scope = _heading_scope(bare)
            sub_headings.clear()
            stack.clear()
            previous_blank = True
            continue
        indent = len(raw) - len(raw.lstrip())
        starts_item = marker is not None or previous_blank
        while sub_headings and starts_item and indent < sub_headings[-1][0]:
            sub_headings.pop()  # back out of the nested list the sub-heading stood in
        if marker is None and previous_blank and _SUBHEADING.match(stripped):
            # "Phase 2", "Part A and Part B": what follows (at its depth) is for some patients.
            while sub_headings and sub_headings[-1][0] >= indent:
                sub_headings.pop()
            sub_headings.append((indent, " ".join(re.sub(r"[*_#\\]+", " ", stripped).split())))
            continue
        scopes = [text for _, text in sub_headings]
        scope = " / ".join(([heading_scope] if heading_scope else []) + scopes) or None
        if marker is not None:
            indent = len(marker.group("indent"))
            while stack and (stack[-1].indent >= indent or stack[-1].section != section):
                stack.pop()
            parent = stack[-1] if stack else None
            depth = parent.depth + 1 if parent else 0
            draft = _Draft(section, bare.strip(), indent, depth, parent, scope)
            if parent is not None:
                parent.has_children = True
            drafts.append(draft)
            stack.append(draft)
        elif stack and not previous_blank:
            stack[-1].text = f"{stack[-1].text} {stripped}"
        else:
            # A paragraph of its own: an item at the top level.
            stack.clear()
            draft = _Draft(section, stripped, indent, 0, None, scope)
            drafts.append(draft)
            stack.append(draft)
        previous_blank = False
    return _finish(drafts)


def _finish(drafts: list[_Draft]) -> list[EligibilityItem]:
    items: list[EligibilityItem] = []
    counters: dict[str, int] = {"inclusion": 0, "exclusion": 0}
    for draft in drafts:
        if draft.has_children and draft.text.rstrip().endswith(":"):
            continue  # a lead-in: carried as the children's context
        lead_ins: list[str] = []
        parent = draft.parent
        while parent is not None:
            if parent.text.rstrip().endswith(":"):
                lead_ins.append(parent.text)
            parent = parent.parent
        context = " ".join(reversed(lead_ins)) or None
        negated = bool(context and _NEGATING_LEAD_IN.search(context))
        if draft.section == "exclusion" and context and _negates_exclusion(context):
            negated = False  # "Patients with any of the following are excluded:" restates it
        counters[draft.section] += 1
        items.append(
            EligibilityItem(
                section=draft.section,
                text=draft.text,
                number=counters[draft.section],
                depth=draft.depth,
                context=context,
                negated_context=negated,
                heading=draft.heading,
            )
        )
    return items


def _negates_exclusion(context: str) -> bool:
    return bool(re.search(r"\b(?:excluded|exclusion|ineligible|not eligible)\b", context, re.I))
