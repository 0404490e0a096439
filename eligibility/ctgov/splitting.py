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

_HEADING = re.compile(
    r"^\W*(?:(?:key|main|major|general|additional|other|specific|principal)\s+)?"
    r"(?P<kind>inclusion|exclusion|eligibility|non[- ]?inclusion)"
    r"(?:\s+(?:criteria|criterion|requirements?))?\b[^.;]{0,40}?:?\W*$",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^(?P<indent>\s*)"
    r"(?P<marker>[*\-•·▪◦‣○●+]|\d{1,2}[.)](?!\d)|\(\d{1,2}\)|[a-zA-Z][.)](?=\s)|\([a-zA-Z]\)"
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
    has_children: bool = False
    paragraph: bool = False  # a line without a marker of its own


def _heading_section(line: str) -> Section | None:
    if len(line) > 80:
        return None
    match = _HEADING.match(line.strip())
    if match is None:
        return None
    kind = match.group("kind").lower().replace(" ", "").replace("-", "")
    return "inclusion" if kind in _INCLUSION_ONLY else "exclusion"


def split_eligibility(text: str | None) -> list[EligibilityItem]:
    """The items of an eligibility text, in order. Text before any heading counts as inclusion."""
    if not text:
        return []
    section: Section = "inclusion"
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
        heading = _heading_section(bare)
        if heading is not None and (marker is None or bare.rstrip().endswith(":")):
            section = heading
            stack.clear()
            previous_blank = True
            continue
        if marker is not None:
            indent = len(marker.group("indent"))
            while stack and (_closes(stack[-1], indent) or stack[-1].section != section):
                stack.pop()
            parent = stack[-1] if stack else None
            draft = _Draft(section, bare.strip(), indent, parent.depth + 1 if parent else 0, parent)
            if parent is not None:
                parent.has_children = True
            drafts.append(draft)
            stack.append(draft)
        elif stack and not previous_blank:
            stack[-1].text = f"{stack[-1].text} {stripped}"
        else:
            # A paragraph of its own: an item at the top level.
            indent = len(raw) - len(raw.lstrip())
            stack.clear()
            draft = _Draft(section, stripped, indent, 0, None, paragraph=True)
            drafts.append(draft)
            stack.append(draft)
        previous_blank = False
    return _finish(drafts)


# A paragraph that restricts the list after it to some patients ("For dose levels ≥ 200 mg:",
# "Part B only:"): its list often starts at the paragraph's own indent.
_RESTRICTING_LEAD_IN = re.compile(
    r"^\s*(?:for\s+(?!all\b)|(?:parts?|cohorts?|arms?|groups?|phase)\s+\w{1,4}\b)[^:]{0,120}:\s*$",
    re.IGNORECASE,
)


def _closes(open_item: _Draft, indent: int) -> bool:
    """Whether a marker at `indent` ends `open_item`: one at the same or a lower indent does,
    except after a restricting lead-in paragraph, whose list it is."""
    if open_item.indent == indent and open_item.paragraph:
        return not _RESTRICTING_LEAD_IN.match(open_item.text)
    return open_item.indent >= indent


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
            )
        )
    return items


def _negates_exclusion(context: str) -> bool:
    return bool(re.search(r"\b(?:excluded|exclusion|ineligible|not eligible)\b", context, re.I))
