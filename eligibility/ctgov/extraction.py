"""Deterministic criteria extraction from ClinicalTrials.gov eligibility data.

Reads the API's `eligibilityModule` fields (age limits, sex) and the free text item by item, one
reader per topic (`eligibility.ctgov.readers`). Every criterion is something the patient must
satisfy (exclusion "ECOG ≥ 2" gives ECOG 0–1) and carries the item's exact text. Precision over
recall: an item no reader can read for sure becomes a `free_text` criterion for manual review,
and so do words of an item that no reader accounted for, so nothing is dropped.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from eligibility.criteria import (
    AgeCriterion,
    AllOfCriterion,
    AnyOfCriterion,
    Criterion,
    FreeTextCriterion,
    Section,
    SexCriterion,
)
from eligibility.ctgov.cohorts import common_to_every_cohort
from eligibility.ctgov.leftover import (
    leftover_words,
    unread_condition,
    unread_narrowing_state,
    unread_number,
    unread_organ_function,
    unread_qualifier,
    unread_state,
)
from eligibility.ctgov.readers.age import age_label, read_age
from eligibility.ctgov.readers.comorbidities import read_comorbidities
from eligibility.ctgov.readers.disease_extent import read_metastatic, read_stage
from eligibility.ctgov.readers.labs import (
    names_support,
    read_labs,
    read_lead_in_support,
    without_support_permission,
)
from eligibility.ctgov.readers.measurable import read_measurable
from eligibility.ctgov.readers.opinion import leaves_to_opinion, read_lead_in_opinion
from eligibility.ctgov.readers.other_malignancy import read_other_malignancy
from eligibility.ctgov.readers.performance import read_performance
from eligibility.ctgov.readers.prior_lines import read_prior_lines
from eligibility.ctgov.readers.prior_therapy import drug_terms, read_prior_therapy
from eligibility.ctgov.readers.qtc import read_qtc
from eligibility.ctgov.readers.reading import HEDGES, Reading
from eligibility.ctgov.readers.windows import names_window, read_windows, without_window_hedges
from eligibility.ctgov.reconciling import reconcile
from eligibility.ctgov.review import review_criterion
from eligibility.ctgov.splitting import EligibilityItem, negates_its_list, split_eligibility
from eligibility.vocabulary import Sex

FIELDS = (
    "age",
    "sex",
    "performance_status",
    "metastatic",
    "disease_extent",
    "measurable_disease",
    "stage",
    "prior_lines",
    "prior_therapy",
    "qtc",
    "lab",
    "brain_metastases",
    "hiv",
    "hepatitis",
    "pregnancy",
    "other_malignancy",
)
"""Structured fields this module extracts (the measurement script reports each)."""

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """How one item of the text was handled (for explanations and measurement)."""

    item: EligibilityItem
    criteria: tuple[Criterion, ...]
    fields: tuple[str, ...]  # structured fields read from the item
    unsure: tuple[str, ...]  # fields the item talks about but that were not read
    free_text: bool  # a free_text criterion was emitted for the item
    allowances: tuple[str, ...] = ()  # topics read from an allowance ("... are eligible")


@dataclass(frozen=True, slots=True)
class Extraction:
    criteria: tuple[Criterion, ...]
    items: tuple[ItemOutcome, ...]
    api_fields: tuple[str, ...]  # structured fields read from the API's eligibility fields

    @property
    def fields(self) -> frozenset[str]:
        found = set(self.api_fields)
        for outcome in self.items:
            found.update(outcome.fields)
        return frozenset(found)


# --- API fields ----------------------------------------------------------------------------------

_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\s*$", _I)
_UNIT_YEARS = {"year": 1.0, "month": 1 / 12, "week": 7 / 365.25, "day": 1 / 365.25}


def age_in_years(value: str | None) -> float | None:
    """ "18 Years" -> 18.0, "6 Months" -> 0.5; None for absent or unreadable values."""
    if not value:
        return None
    match = _AGE.match(value)
    if match is None:
        return None
    unit = match.group(2).lower()
    return float(match.group(1)) * _UNIT_YEARS.get(unit, 0.0)


def api_criteria(module: Mapping[str, Any]) -> list[Criterion]:
    """Criteria from `eligibilityModule`'s structured fields."""
    found: list[Criterion] = []
    minimum = age_in_years(module.get("minimumAge"))
    maximum = age_in_years(module.get("maximumAge"))
    # Whole years: a minimum below one year admits every adult; a maximum is floored.
    min_years = math.ceil(minimum) if minimum is not None and minimum >= 1 else None
    max_years = math.floor(maximum) if maximum is not None else None
    if min_years is not None or max_years is not None:
        source = "; ".join(
            f"{key}: {module[key]}" for key in ("minimumAge", "maximumAge") if module.get(key)
        )
        found.append(
            AgeCriterion(
                id="api-age",
                label=age_label(min_years, max_years),
                min_years=min_years,
                max_years=max_years,
                source_text=source,
            )
        )
    sex = str(module.get("sex") or "ALL").upper()
    if sex in {"FEMALE", "MALE"}:
        allowed = Sex.FEMALE if sex == "FEMALE" else Sex.MALE
        found.append(
            SexCriterion(
                id="api-sex",
                label=f"Sex: {allowed.value}",
                allowed=(allowed,),
                source_text=f"sex: {sex}",
            )
        )
    return found


# --- items ---------------------------------------------------------------------------------------

_READERS: tuple[Callable[[Reading], None], ...] = (
    read_performance,
    read_age,
    read_metastatic,
    read_stage,
    read_measurable,
    read_prior_lines,
    read_prior_therapy,
    read_qtc,
    read_labs,
    read_comorbidities,
    read_other_malignancy,
)

_COHORT_SPECIFIC = re.compile(
    r"(?<!all )(?<!All )\b(?:[Pp]arts?|PARTS?|[Cc]ohorts?|COHORTS?|[Aa]rms?|ARMS?|[Gg]roups?|"
    r"GROUPS?|[Ss]ubstud(?:y|ies))\s+"
    r"(?:[A-Z]\d{0,2}[a-z]?|\d{1,2}[A-Za-z]?|I{1,3}V?[A-Z]?)"
    r"(?:\s*(?:and|or|,|&|/|-)\s*(?:[A-Z]\d{0,2}|\d{1,2}[A-Z]?))*\s*(?::|only\b|\)|\]|,)|"
    r"(?i:\b(?:cohorts?|sub-?stud(?:y|ies)|sub-?protocols?|dose[- ]expansion|expansion|"
    r"dose[- ]escalation|dose[- ]optimi[sz]ation|escalation)\b)|"
    r"(?i:^\s*(?:for\s+)?phase\s+(?:I{1,3}|\d)[ab]?\s*[:,])|"
    r"(?i:^\s*(?:for\s+)?(?:patients|participants|subjects)\s+(?:with|without|who|in)\b"
    r"(?!\s+(?:any|one or more|none|all) of the following)[^:]{0,80}:)"
)


def clean(text: str) -> str:
    """Undo the registry's Markdown escapes ("\\>=" is ">=", "10\\^9/L" is "10^9/L") and HTML
    entities ("\\&gt;" is ">"); the text read, not the quote."""
    return html.unescape(re.sub(r"\\([^\w\s])", r"\1", text))


def _requote(criterion: Criterion, source: str, section: Section) -> Criterion:
    """The item's exact text and section, on the criterion and every criterion inside it."""
    update: dict[str, Any] = {"source_text": source, "section": section}
    if isinstance(criterion, AnyOfCriterion | AllOfCriterion):
        update["criteria"] = tuple(_requote(child, source, section) for child in criterion.criteria)
    return criterion.model_copy(update=update)


def _lead_in(item: EligibilityItem, reading: Reading, flat_lead_in: str | None) -> str | None:
    """The lead-in the item stands under: indented, or a flat one whose list (the labs beside
    it) the item is in — an item that reads no lab ends that list and is not under it."""
    if item.context is not None or flat_lead_in is None:
        return item.context
    return flat_lead_in if any(found.field == "lab" for found in reading.found) else None


# CT-LEAD-IN-SCOPE: a lead-in that states what every patient must meet, though it names the
# sub-protocols or leaves exceptions to the items ("All Patients (unless otherwise noted):",
# NCT06445062; "All participants must meet all of the following criteria, as well as all criteria
# from the relevant sub-protocol to be eligible for enrollment:", NCT06244485).
_EVERY_PATIENT = re.compile(r"^\W*all\s+(?:patients|participants|subjects)\b", _I)
_EVERYONE_S_WORDS = re.compile(
    r"\(\s*unless\s+otherwise\s+(?:noted|specified|stated|indicated)\s*\)|"
    r",?\s*as\s+well\s+as\s+(?:all\s+)?(?:the\s+)?criteria\s+(?:from|of|for)\s+(?:the|their)\s+"
    r"relevant\s+(?:sub-?protocol|cohort|part|arm)s?\b|"
    r"\bto\s+be\s+eligible(?:\s+for\s+(?:enrol?lment|the\s+study|participation))?",
    _I,
)

# An exclusion list's lead-in names no group of patients (NCT05608252 exclusion 10, NCT05527184
# exclusion 5); in an inclusion, "Patients with the following tumour types:" lists alternatives.
_EXCLUSION_LIST = re.compile(
    r"^\W*(?:patients|participants|subjects)\s+with\s+the\s+following\b", _I
)


def limits_its_items(lead_in: str, excludes: bool) -> bool:
    """CT-LEAD-IN-SCOPE: the lead-in holds its items for some patients only ("Part C:", "Cohort
    2 only", "For dose levels ≥ 200 mg:"), hedges them ("unless", "allowed", "if", "provided",
    "exception") or makes each an alternative ("must have one of the following:" in an
    inclusion): its items are not every patient's rules."""
    lead_in = without_support_permission(clean(lead_in))  # CT-LAB-SUPPORT: no hedge
    lead_in = without_window_hedges(lead_in)  # CT-WINDOW: a hedge on the window only
    if excludes:  # "Participants with the following ... are excluded:": no group of patients
        lead_in = _EXCLUSION_LIST.sub(" ", lead_in)
    if _EVERY_PATIENT.match(lead_in):
        lead_in = _EVERYONE_S_WORDS.sub(" ", lead_in)
    return bool(
        _COHORT_SPECIFIC.search(lead_in)
        or HEDGES.search(lead_in)
        or re.search(r"\bif\b|provided|exception", lead_in, _I)
        # "For dose levels ≥ 200 mg:": the children hold for those patients only.
        or re.match(r"\s*for\s+(?!all\b)[^:]{1,120}:\s*$", lead_in, _I)
        # "must have one of the following:": each child is one alternative, not a rule.
        or (not excludes and re.search(r"\b(?:one|either|any) of the following\b", lead_in, _I))
    )


def extract_item(
    item: EligibilityItem,
    id_prefix: str,
    flat_lead_in: str | None = None,
    flat_list: str | None = None,
) -> ItemOutcome:
    """Read one item: its structured criteria, plus a free_text criterion when needed.
    `flat_lead_in`: a lead-in written as an item of its own before this one, whose support
    condition reaches this item's blood counts (CT-LAB-SUPPORT) and whose window its labs
    (CT-WINDOW; `extract` finds it). `flat_list`: the last lead-in written as an item of its
    own before this one in its section, whose list this item may be in: one that limits its
    items to some patients or hedges them sends this item to review (CT-LEAD-IN-SCOPE), one
    that leaves them to the investigator's opinion qualifies it (CT-OPINION-LEAD-IN)."""
    reading = Reading(clean(item.text), item.excludes)
    lead_ins = [text for text in (flat_list, item.context) if text is not None]
    if (
        _COHORT_SPECIFIC.search(reading.text)
        or item.heading is not None
        or any(limits_its_items(text, item.excludes) for text in lead_ins)
        # A flat "none of the following:": the items beside it may be its list or not, so they
        # are read neither as written nor turned round (an indented list is turned round).
        or (flat_list is not None and negates_its_list(clean(flat_list), item.section))
    ):
        reading.unsure.add("cohort")  # "Part C: ...", "Cohort 2 only": not for every patient
    else:
        for reader in _READERS:
            reader(reading)
        lead_in = _lead_in(item, reading, flat_lead_in)
        read_lead_in_support(reading, lead_in)  # CT-LAB-SUPPORT: a lead-in's condition
        read_windows(reading, lead_in)  # CT-WINDOW: on what the readers read
        # CT-OPINION-LEAD-IN: last, on all read; the item's own lead-in, or the flat one.
        opinion = next((text for text in reversed(lead_ins) if leaves_to_opinion(text)), None)
        read_lead_in_opinion(reading, opinion)
    criteria: list[Criterion] = []
    for index, found in enumerate(reading.found, start=1):
        built = found.build(f"{id_prefix}-{index}")
        criteria.append(_requote(built, item.text, item.section))
    leftover = leftover_words(reading.text, reading.spans)
    fields_read = [found.field for found in reading.found]
    fields = set(fields_read)
    narrowed = item.excludes and unread_narrowing_state(reading.text, reading.spans, fields)
    if narrowed:
        # CT-LEFTOVER-QUALIFIER (twenty-seventh session): an exclusion a state narrows excludes
        # fewer than its read criterion ("Pregnant women in the first trimester" is no "Not
        # pregnant"): only the review item is kept.
        criteria = []
    needs_review = (
        not criteria
        or bool(reading.unsure)
        or len(leftover) > 2
        or unread_number(reading.text, reading.spans)
        or unread_condition(reading.text, reading.spans)
        or unread_qualifier(reading.text, reading.spans)
        or unread_organ_function(reading.text, fields)
        or unread_state(reading.text, reading.spans, fields)
    )
    if needs_review:
        criteria.append(review_criterion(item, id_prefix))
    criteria = [
        c.model_copy(update={"section": item.section}) if c.section != item.section else c
        for c in criteria
    ]
    return ItemOutcome(
        item=item,
        criteria=tuple(criteria),
        fields=() if narrowed else tuple(dict.fromkeys(fields_read)),
        unsure=tuple(sorted(reading.unsure)),
        free_text=needs_review,
        allowances=tuple(sorted(reading.allowances)),
    )


# "Additional Key Exclusion for Sub-Protocol A:": the criteria of one subgroup follow, up to the
# next such heading or the end of the section.
_SUBGROUP_HEADING = re.compile(
    r"^\W*additional\s+(?:key\s+)?(?:inclusion|exclusion|eligibility)\s+(?:criteria\s+)?"
    r"(?:for|specific\s+to|applicable\s+to)\s+[^:]{1,120}:\s*$",
    _I,
)


def _under_subgroup_headings(items: list[EligibilityItem]) -> list[EligibilityItem]:
    """Items after a subgroup's heading get it as their context (so they are read as that
    subgroup's, `_COHORT_SPECIFIC`): the splitter sees no nesting under such a heading."""
    heading: str | None = None
    placed: list[EligibilityItem] = []
    for item in items:
        if placed and placed[-1].section != item.section:
            heading = None
        if item.depth == 0 and _SUBGROUP_HEADING.match(clean(item.text)):
            heading = item.text
        elif heading is not None:
            context = heading if item.context is None else f"{heading} {item.context}"
            item = dataclasses.replace(item, context=context)
        placed.append(item)
    return placed


# CT-LAB-SUPPORT, CT-WINDOW: an item giving a laboratory value's limit, read or not ("WBC ≥
# 3.0 × 10^9/L", the white cell count no reader reads): one of a flat lead-in's counts, which
# does not end its list (twenty-sixth session's red-team review: before it, the list ended
# there and the counts after it lost the lead-in's support condition, an unsafe met).
_A_VALUE_LINE = re.compile(
    r"(?:≥|≤|>=|<=|=>|=<|>|<|\b(?:greater|more|less|lower|higher) than|\bat (?:least|most))"
    r"\s*(?:or equal to\s*)?\d[\d.,]*\s*(?:[×x*]\s*10\s*(?:\^|\*\*|E)?\s*\d|/\s*(?:µ|μ|u|m)?[lL]"
    r"\b|/\s*mm|(?:g|mg|mmol|µmol|μmol|umol)\s*/|%|[×x]\s*(?:the\s+)?(?:ULN|upper limit)"
    r"|(?:I?U)\s*/\s*L)",
    _I,
)


def _flat_lead_in(flat: EligibilityItem | None, outcome: ItemOutcome) -> EligibilityItem | None:
    """A lead-in written as an item of its own ("* Adequate bone marrow function without ...
    transfusion ...:" with the counts as bullets beside it, NCT06840886; "* Adequate organ
    function within 14 days of enrollment, defined as:") that names support (CT-LAB-SUPPORT) or
    says how recent the values must be (CT-WINDOW); it reaches the items after it in its
    section as long as each reads a lab or gives a value's limit (`_A_VALUE_LINE`)."""
    item = outcome.item
    if (
        item.context is None
        and re.search(r":\s*$", item.text)
        and (names_support(item.text) or names_window(item.text))
    ):
        return item
    reads_labs = (
        "lab" in outcome.fields
        or "lab_support" in outcome.unsure
        or _A_VALUE_LINE.search(item.text) is not None
    )
    if flat is not None and flat.section == item.section and reads_labs:
        return flat
    return None


def _is_flat_lead_in(item: EligibilityItem) -> bool:
    return item.context is None and re.search(r":\s*$", item.text) is not None


def _flat_list(listing: EligibilityItem | None, item: EligibilityItem) -> EligibilityItem | None:
    """CT-LEAD-IN-SCOPE: the lead-in written as an item of its own ("* For patients in cohort B
    only:", "* Unless approved by the sponsor:") whose list `item` may be in. Nothing but the
    next such lead-in, the section's or the heading's end says where its list ends, so it
    reaches every item up to there (an item beside it that is not in its list goes to review
    too: never read as a rule for patients it may not be for)."""
    if _is_flat_lead_in(item):
        return item
    if listing is None or (listing.section, listing.heading) != (item.section, item.heading):
        return None
    return listing


# A number written inline where items ran together ("... is permitted 12. Subjects who ...
# 13.Subjects with known HIV ..."): the items the text numbers before a lead-in.
_INLINE_NUMBER = re.compile(r"(?:^|\s)(\d{1,3})\s*\\?\.\s*(?=[A-Z])")


def _own_number(lead_in: EligibilityItem) -> int | None:
    """The number the section gives a lead-in: its marker's, or the last of the numbers that
    follow it one by one inline (NCT06293898's "11\\. ... 12. ... 13.Subjects ...:" is 13)."""
    own = lead_in.marker_number
    for match in _INLINE_NUMBER.finditer(lead_in.text):
        if own is not None and int(match.group(1)) == own + 1:
            own += 1
    return own


def _resumes_numbering(
    lead_in: EligibilityItem, listed: list[EligibilityItem], item: EligibilityItem
) -> bool:
    """CT-LEAD-IN-SCOPE: a flat lead-in's list numbered 1, 2, ..., k ends at an item numbered
    with the number after the lead-in's own, where that is not the list's next (k + 1): the
    section's numbering resumes (NCT06293898: 13 "... allowed ... if all the following criteria
    are met:", 1-3, then "14\\."). Anything less plain (a list not numbered from 1, bullets, a
    number that is both) is no end: the list reaches on (twenty-sixth session's review)."""
    own = _own_number(lead_in)
    numbers = [listed_item.marker_number for listed_item in listed]
    if own is None or not numbers or numbers != list(range(1, len(numbers) + 1)):
        return False
    return item.marker_number == own + 1 != len(numbers) + 1


def _numbering_goes_on(item: EligibilityItem, after: list[EligibilityItem]) -> bool:
    """CT-LEAD-IN-SCOPE: the section's numbering, resumed at `item`, goes on at the next item
    of the section (the number after `item`'s own, its inline numbers counted), or the section
    ends there. A number repeated or skipped is a typo that shows no end (twenty-seventh
    session: "1. ... 3. ANC ≥ 1.5 ...; 3. On stable ART ..." under a hedge, then "4\\.": the "3."
    is the list's own, not the section's 3)."""
    following = next((i for i in after if i.section == item.section and i.context is None), None)
    if following is None:
        return True
    own = _own_number(item)
    return own is not None and following.marker_number == own + 1


def _text(item: EligibilityItem | None) -> str | None:
    return None if item is None else item.text


_EXTENT_TYPES = frozenset({"disease_extent", "metastatic"})


def _differing_extents(outcomes: list[ItemOutcome]) -> list[ItemOutcome]:
    """Inclusion items that state different disease extents ("unresectable or metastatic
    ER+ breast cancer ...", "advanced ovarian cancer ...") are usually alternatives, one per
    cohort or tumour type: none is every patient's rule, so all go to review (never the
    strictest silently). Items that repeat one extent are kept."""
    stating = [
        index
        for index, o in enumerate(outcomes)
        if (not o.item.excludes and ("disease_extent" in o.fields or "disease_extent" in o.unsure))
        or (not o.item.excludes and "metastatic" in o.fields)
    ]
    readings = {
        tuple(
            c.model_dump_json(include={"type", "allowed", "required"})
            for c in outcomes[i].criteria
            if c.type in _EXTENT_TYPES
        )
        for i in stating
    }
    if len(stating) < 2 or (len(readings) == 1 and all(outcomes[i].fields for i in stating)):
        return outcomes
    changed = list(outcomes)
    for index in stating:
        outcome = outcomes[index]
        kept = [c for c in outcome.criteria if c.type not in _EXTENT_TYPES]
        if not outcome.free_text:
            prefix = f"inc{outcome.item.number}"
            kept.append(review_criterion(outcome.item, prefix))
        changed[index] = ItemOutcome(
            outcome.item,
            tuple(kept),
            tuple(f for f in outcome.fields if f not in _EXTENT_TYPES),
            tuple(sorted({*outcome.unsure, "disease_extent"})),
            True,
        )
    return changed


def extract(
    eligibility_module: Mapping[str, Any] | None, *, include_api_fields: bool = True
) -> Extraction:
    """All criteria for one study's `eligibilityModule` (API fields first, then the text)."""
    module = eligibility_module or {}
    api = api_criteria(module) if include_api_fields else []
    api_fields = tuple(c.type for c in api)
    api_age = next((c for c in api if isinstance(c, AgeCriterion)), None)
    outcomes: list[ItemOutcome] = []
    criteria: list[Criterion] = list(api)
    items = _under_subgroup_headings(split_eligibility(module.get("eligibilityCriteria")))
    flat: EligibilityItem | None = None
    listing: EligibilityItem | None = None  # CT-LEAD-IN-SCOPE: the flat lead-in of the list
    listed: list[EligibilityItem] = []  # the items in its list so far
    every = common_to_every_cohort(items)
    for position, item in enumerate(every):
        prefix = f"{'inc' if item.section == 'inclusion' else 'exc'}{item.number}"
        lead_in = flat.text if flat is not None and item.context is None else None
        listing = _flat_list(listing, item)
        if (
            listing is not None
            and listing is not item
            and _resumes_numbering(listing, listed, item)
            and _numbering_goes_on(item, every[position + 1 :])
        ):
            listing = None  # CT-LEAD-IN-SCOPE: the section's numbering resumes
        listed = [] if listing is None or listing is item else [*listed, item]
        outcome = extract_item(item, prefix, lead_in, None if listing is item else _text(listing))
        outcomes.append(outcome)
        flat = _flat_lead_in(flat, outcome)
    outcomes = _differing_extents(reconcile(outcomes))
    for index, outcome in enumerate(outcomes):
        if api_age is not None:
            outcome, api_age = _against_api_age(outcome, api_age)
            criteria[0] = api_age  # api_criteria puts the age first
        outcomes[index] = outcome
        criteria.extend(outcome.criteria)
    return Extraction(tuple(criteria), tuple(outcomes), api_fields)


def _against_api_age(
    outcome: ItemOutcome, api_age: AgeCriterion
) -> tuple[ItemOutcome, AgeCriterion]:
    """The API's minimumAge/maximumAge come first; an age in the text only adds to them. One
    that repeats them quotes its sentence on the API criterion; one that adds a bound the API
    lacks fills it in; one that contradicts them is a review note, never a silent override."""
    ages = [c for c in outcome.criteria if isinstance(c, AgeCriterion)]
    if not ages:
        return outcome, api_age
    item = outcome.item
    kept = [c for c in outcome.criteria if not isinstance(c, AgeCriterion)]
    for age in ages:
        pairs = ((age.min_years, api_age.min_years), (age.max_years, api_age.max_years))
        if all(mine is None or theirs is None or mine == theirs for mine, theirs in pairs):
            low = api_age.min_years if api_age.min_years is not None else age.min_years
            high = api_age.max_years if api_age.max_years is not None else age.max_years
            api_age = api_age.model_copy(
                update={
                    "min_years": low,
                    "max_years": high,
                    "label": age_label(low, high),
                    "source_text": item.text,
                }
            )
            continue
        note = review_criterion(item, f"{item.section[:3]}{item.number}-age")
        kept.append(
            note.model_copy(
                update={
                    "label": f"Age: the text says {age.label}, the registry {api_age.label}",
                    "text": f"{note.text} (registry: {api_age.source_text}; the registry's "
                    "minimumAge/maximumAge are applied: check the protocol)",
                }
            )
        )
    free_text = outcome.free_text or any(isinstance(c, FreeTextCriterion) for c in kept)
    return replace(outcome, criteria=tuple(kept), free_text=free_text), api_age


__all__ = [
    "FIELDS",
    "Extraction",
    "ItemOutcome",
    "age_in_years",
    "api_criteria",
    "drug_terms",
    "extract",
    "extract_item",
]
