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

import dataclasses
import re
from dataclasses import dataclass, field

from eligibility.criteria import Section
from eligibility.ctgov.readers.labs import names_support, without_support_permission

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
_STATING_HEADING = re.compile(
    r"\b(?:criteria|inclusion|exclusion)\s+(?:required\s+)?for\s+(?!all\b|both\b|the\b)"
    r"(?:patients\s+with\s+)?\w+(?:\s+\w+){1,}",
    re.IGNORECASE,
)
_ALTERNATIVE_GROUPS = "One of several groups of criteria joined by OR"
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
    r"exclusion|ineligible|not eligible|"
    # "without" only where it governs the list: "..., without G-CSF within 14 days:" is a
    # condition on the counts, "(with or without TBI)" another matter (twenty-sixth session).
    r"without\s+(?:any\s+(?:of\s+)?)?(?:the\s+following|these))\b",
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
    marker_number: int | None = None  # the number the text gives the item ("14\\." -> 14)

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
    paragraph: bool = False  # a line without a marker of its own
    marker_number: int | None = None


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
    splitter = _Splitter()
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        splitter.line(raw)
    return _finish(splitter.drafts)


@dataclass(slots=True)
class _Splitter:
    """The state of the line-by-line walk: section, headings in force, open items."""

    section: Section = "inclusion"
    heading_scope: str | None = None
    sub_headings: list[tuple[int, str]] = field(default_factory=list)  # (indent, "Phase 2")
    drafts: list[_Draft] = field(default_factory=list)
    section_start: int = 0  # the first draft under the current heading
    stack: list[_Draft] = field(default_factory=list)  # open items by nesting, innermost last
    previous_blank: bool = True

    def line(self, raw: str) -> None:
        if not raw.strip():
            self.previous_blank = True
            return
        stripped = raw.strip()
        marker = _MARKER.match(raw.replace("\t", "    "))
        bare = marker.group("text") if marker else stripped
        if self._heading(bare, marker is not None) or self._or_line(stripped):
            self.stack.clear()
            self.previous_blank = True
            return
        indent = len(raw) - len(raw.lstrip())
        if self._sub_heading(stripped, indent, marker is not None):
            return
        if marker is not None:
            self._item(bare.strip(), len(marker.group("indent")))
            number = re.match(r"\d+", marker.group("marker"))
            self.stack[-1].marker_number = int(number.group()) if number else None
        elif self.stack and not self.previous_blank:
            self.stack[-1].text = f"{self.stack[-1].text} {stripped}"
        else:
            self.stack.clear()  # a paragraph of its own: an item at the top level
            self._item(stripped, indent, paragraph=True)
        self.previous_blank = False

    def _heading(self, bare: str, marked: bool) -> bool:
        heading = _heading_section(bare, marked)
        if heading is None:
            return False
        self.section = heading
        self.heading_scope = _heading_scope(bare)
        self.sub_headings.clear()
        self.section_start = len(self.drafts)
        if self.heading_scope is None and _STATING_HEADING.search(bare):
            # "Key Inclusion Criteria Required for locally advanced or metastatic NSCLC:" states
            # a requirement of every patient: it is an item as well as a heading.
            self.stack.clear()
            self._item(bare.strip(), 0, paragraph=True)
            self.stack.clear()
        return True

    def _or_line(self, stripped: str) -> bool:
        """Groups of items joined by a bare "OR": each group holds for some patients only."""
        if not re.fullmatch(r"\W*(?:or|and/or)\W*", stripped, re.IGNORECASE):
            return False
        for earlier in self.drafts[self.section_start :]:
            earlier.heading = earlier.heading or _ALTERNATIVE_GROUPS
        self.heading_scope = self.heading_scope or _ALTERNATIVE_GROUPS
        return True

    def _sub_heading(self, stripped: str, indent: int, marked: bool) -> bool:
        """ "Phase 2", "Part A and Part B": what follows (at its depth) is for some patients."""
        if marked or self.previous_blank:
            while self.sub_headings and indent < self.sub_headings[-1][0]:
                self.sub_headings.pop()  # back out of the nested list it stood in
        if marked or not self.previous_blank or not _SUBHEADING.match(stripped):
            return False
        while self.sub_headings and self.sub_headings[-1][0] >= indent:
            self.sub_headings.pop()
        self.sub_headings.append((indent, " ".join(re.sub(r"[*_#\\]+", " ", stripped).split())))
        return True

    def _item(self, text: str, indent: int, *, paragraph: bool = False) -> None:
        scopes = [self.heading_scope] if self.heading_scope else []
        scope = " / ".join(scopes + [text for _, text in self.sub_headings]) or None
        stack = self.stack
        while stack and (_closes(stack[-1], indent) or stack[-1].section != self.section):
            stack.pop()
        parent = stack[-1] if stack else None
        depth = parent.depth + 1 if parent else 0
        draft = _Draft(self.section, text, indent, depth, parent, scope, paragraph=paragraph)
        if parent is not None:
            parent.has_children = True
        self.drafts.append(draft)
        stack.append(draft)


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


# CT-RUN-TOGETHER (twenty-seventh session): a number inside an item that begins the next item,
# its line break or space lost ("... unless treated and stable 5 Known HIV infection", "...
# infection.6.Pregnant women"); a word before it that counts something ("Grade 3 Pneumonitis")
# makes it no marker.
_RUN_ON_MARKER = r"(?:(?<=[.;])|(?<=\s))(?P<n>{n})(?:\s*\\?\.\s*|\s+)(?=[A-Z][a-z])"
_COUNTING_WORD = re.compile(
    r"\b(?:grade|stage|class|type|phase|cycle|day|week|level|version|part|cohort|arm|step|"
    r"tier|category|group|nyha|ecog|who|figure|table|section|criteria|criterion|item)\W*$",
    re.IGNORECASE,
)


def _run_on_at(draft: _Draft) -> list[tuple[int, int]]:
    """The inline markers numbered on from `draft`'s own, one by one (n + 1, n + 2, ...): where
    each begins and its text starts. A number written twice, or a counting word before it,
    ends the run (nothing after it is split)."""
    assert draft.marker_number is not None
    found: list[tuple[int, int]] = []
    number = draft.marker_number + 1
    while True:
        pattern = re.compile(_RUN_ON_MARKER.format(n=number))
        matches = [m for m in pattern.finditer(draft.text) if m.start() > 0]
        if len(matches) != 1 or _COUNTING_WORD.search(draft.text[: matches[0].start()]):
            return found
        if found and matches[0].start() < found[-1][1]:
            return found
        found.append((matches[0].start(), matches[0].end()))
        number += 1


def _siblings(drafts: list[_Draft], index: int) -> tuple[_Draft | None, _Draft | None]:
    """The items before and after `drafts[index]` at its indent in its section, if any."""
    draft = drafts[index]
    same = [
        d
        for d in drafts
        if d.section == draft.section and d.indent == draft.indent and d.parent is draft.parent
    ]
    at = next(i for i, d in enumerate(same) if d is draft)
    return (same[at - 1] if at > 0 else None), (same[at + 1] if at + 1 < len(same) else None)


def _certain_split(drafts: list[_Draft], index: int) -> list[tuple[int, int]]:
    """CT-RUN-TOGETHER: the inline markers to split `drafts[index]` at, when the numbering makes
    them certain: the next item carries the number after the last of them, or the item ends its
    section, follows the number before its own and every inline marker has its full stop."""
    draft = drafts[index]
    if draft.marker_number is None or draft.has_children:
        return []
    found = _run_on_at(draft)
    if not found:
        return []
    before, after = _siblings(drafts, index)
    if after is not None:
        return found if after.marker_number == draft.marker_number + len(found) + 1 else []
    follows = draft.marker_number == 1 or (
        before is not None and before.marker_number == draft.marker_number - 1
    )
    stops = all("." in draft.text[start:end] for start, end in found)
    # Twenty-eighth session: each inline number standing after a sentence's full stop (or ";")
    # is a marker whatever number is missing before the item ("9\. ... QT interval. 10. Prior
    # or concurrent malignancies ...", NCT06377852, which has no 8).
    after_a_sentence = all(_SENTENCE_END.search(draft.text, 0, start) for start, _ in found)
    return found if stops and (follows or after_a_sentence) else []


_SENTENCE_END = re.compile(r"[.;]\s+$")


def _split_run_together(drafts: list[_Draft]) -> list[_Draft]:
    """CT-RUN-TOGETHER: an item holding the numbers after its own inline, before a capital, is
    items run together by a lost line break or space; split where the numbering makes it
    certain (`_certain_split`), else left one item (listed for review as a whole)."""
    result: list[_Draft] = []
    for index, draft in enumerate(drafts):
        cuts = _certain_split(drafts, index)
        if not cuts:
            result.append(draft)
            continue
        assert draft.marker_number is not None
        starts = [start for start, _ in cuts] + [len(draft.text)]
        result.append(dataclasses.replace(draft, text=draft.text[: starts[0]].strip()))
        for number, ((_, text_start), stop) in enumerate(
            zip(cuts, starts[1:], strict=True), start=1
        ):
            result.append(
                dataclasses.replace(
                    draft,
                    text=draft.text[text_start:stop].strip(),
                    marker_number=draft.marker_number + number,
                )
            )
    return result


def _finish(drafts: list[_Draft]) -> list[EligibilityItem]:
    drafts = _split_run_together(drafts)
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
        negated = context is not None and negates_its_list(context, draft.section)
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
                marker_number=draft.marker_number,
            )
        )
    return items


def negates_its_list(lead_in: str, section: Section) -> bool:
    """Whether a lead-in turns its list's meaning around ("Patients must have none of the
    following:"); in an exclusion section one that restates the exclusion ("Patients with any of
    the following are excluded:") does not. A bracket that only forbids support ("(G-CSF may
    not be used within 14 days)", CT-LAB-SUPPORT) is a condition on the counts, no "not" of the
    list (twenty-sixth session's review: it turned the counts round, "ANC < 1.5")."""
    clauses = re.split(r"[,;()]|\.\s", without_support_permission(lead_in))
    if not any(_negates(clause) for clause in clauses):
        return False
    return not (section == "exclusion" and _negates_exclusion(lead_in))


def _negates(clause: str) -> bool:
    """A clause that turns the list round; a "not" said of support in a clause of its own ("G-CSF
    must not be given within 14 days", CT-LAB-SUPPORT) is a condition on the counts, unless the
    clause says "the following" or "none of" (twenty-sixth session's review: before it
    "Adequate organ function; G-CSF must not be given within 14 days:" read its creatinine as
    "> 1.5 x ULN" in an inclusion, a wrong exclusion)."""
    if not _NEGATING_LEAD_IN.search(clause):
        return False
    following = re.search(r"\bnone\b|\bthe\s+following\b", clause, re.I)
    return not names_support(clause) or following is not None


def _negates_exclusion(context: str) -> bool:
    return bool(re.search(r"\b(?:excluded|exclusion|ineligible|not eligible)\b", context, re.I))
