"""Brain metastases, HIV, hepatitis B/C and pregnancy the patient must not have.

Brain metastases and the infections are read with their qualifiers, anywhere in the item and in
the sentences after it: "active / untreated / uncontrolled" brain metastases exclude only active
ones (`not_active`: every untreated one too), "unless treated and stable for ≥ 4 weeks" allows
treated, stable ones (`treated_stable`), no qualifier excludes all (`none`); "symptomatic" alone,
or a need for treatment now, admits untreated, asymptomatic ones (`asymptomatic`;
CT-CNS-QUALIFIER); "active hepatitis B", "uncontrolled HIV",
"detectable viral load" exclude only uncontrolled infection; across "and/or" each side needs its
own qualifier (CT-INF-CONJUNCTS), and "... infection that is active" qualifies every infection
it follows (CT-INF-RELATIVE). A qualifier that cannot be
represented (a size, seizures, "per protocol", a physician's judgement) leaves the item for
manual review, never an unqualified exclusion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict

from eligibility.criteria import (
    BrainMetastasesCriterion,
    ComorbidityCriterion,
    Criterion,
    InfectionCriterion,
    InfectionExcluded,
    InfectionKind,
)
from eligibility.ctgov.leftover import names_a_condition
from eligibility.ctgov.readers.infection_definitions import InfectionDefinition, read_definition
from eligibility.ctgov.readers.reading import (
    ALLOWANCE_WORDS,
    HEDGES,
    Reading,
    negated_before,
    span_of,
    split_sentences,
)
from eligibility.vocabulary import Comorbidity

_I = re.IGNORECASE

_BRAIN = re.compile(
    r"\b(?:brain|cns|central nervous system(?:\s*\(CNS\))?|intracranial|cerebral)"
    r"(?:\s+(?:tumou?rs?\s+)?(?:or|and/or|and|,)\s+(?:lepto)?meningeal)?\s*"
    r"(?:metastas[ie]s|mets|metastatic disease|metastatic lesions?)|"
    r"\b(?:brain|cns|central nervous system(?:\s*\(CNS\))?)\s+tumou?rs?\s+(?:or|and/or)\s+"
    r"metastas[ie]s|"
    r"\bmetasta\w*\s+(?:disease\s+)?(?:to|in|of|involving)\s+(?:the\s+)?"
    r"(?:brain|cns|central nervous system)\b",
    _I,
)
# Other conditions of the central nervous system the brain-metastasis criterion does not hold:
# read beside it, they send the item to review too.
_OTHER_CNS = re.compile(
    r"leptomening|meningeal|carcinomatous meningitis|spinal cord compression|"
    r"primary (?:brain|cns|central nervous system)|(?:brain|cns|central nervous system(?:\s*"
    r"\(CNS\))?)\s+tumou?rs?|\bLMD\b",
    _I,
)
_HIV = re.compile(r"\bHIV\b|human immunodeficiency virus|\bAIDS\b", _I)
_INFECTIONS: tuple[tuple[str, InfectionKind, re.Pattern[str], str], ...] = (
    ("hiv", "hiv", _HIV, "HIV"),
    (
        "hepatitis",
        "hepatitis_b",
        re.compile(r"\bhepatitis[\s-]*B\b|\bHBV\b|\bHBsAg\b", _I),
        "hepatitis B",
    ),
    (
        "hepatitis",
        "hepatitis_c",
        re.compile(r"\bhepatitis\s*C\b|\bHCV\b|\bhepatitis\s*B\s*(?:or|and|and/or|/|,)\s*C\b", _I),
        "hepatitis C",
    ),
)
_PREGNANT = re.compile(r"\bpregnan(?:t|cy)\b", _I)
_PREGNANCY_EXCLUSION = re.compile(
    r"\bpregnant (?:or|and|and/or|/)\s*(?:breast|lactat|nursing)|"
    r"\b(?:are|is|be|currently|being)\s+pregnant\b|\bpregnant (?:women|females|patients)\b|"
    r"^\s*pregnan(?:t|cy)\b|\bpregnancy (?:or|and|and/or|/)\s*(?:breast|lactat|nursing)",
    _I,
)
_PREGNANCY_TEST = re.compile(
    r"\bnegative (?:serum |urine |urinary |blood )*(?:or urine |or serum )?"
    r"(?:β-?hCG |beta-?hCG |b-?hCG |hCG )?pregnancy test\b|\bmust not be pregnant\b",
    _I,
)

# Qualifiers the brain-metastasis types cannot hold: the item stays for manual review.
_BRAIN_UNREPRESENTABLE = re.compile(
    r"with or without|larger|greater than|\d\s*(?:cm|mm)\b|seizure|anticonvulsant|"
    r"per (?:study )?protocol|in the protocol|protocol requirements|investigator|physician|"
    r"discretion|cohort|\bpart [A-Z0-9]\b|number of|lesions? (?:≤|<|>|≥)|\bif\b(?! they have)|"
    r"\brapid",
    _I,
)
_BRAIN_ACTIVE = re.compile(
    r"\b(?:active|untreated|symptomatic|uncontrolled|unstable|progressive|progressing|"
    r"progressed|not (?:been )?(?:successfully |adequately )?treated|"
    r"haven't been (?:successfully )?treated|requir\w* (?:\w+ ){0,3}(?:treatment|steroids|"
    r"corticosteroids|intervention))\b",
    _I,
)
_BRAIN_PROGRESSED = re.compile(
    r"\bprogress(?:ed|ing|ion)\b|haven't been successfully treated|"
    r"not been successfully treated",
    _I,
)
_ALLOWS = re.compile(
    r"\b(?:are|is|be|considered)\s+(?:eligible|allowed|permitted)|\bmay (?:participate|enrol)|"
    r"\bcan (?:participate|enrol)|\bare eligible\b|\bunless\b",
    _I,
)
_TREATED_STABLE = re.compile(
    r"\b(?:previously |definitively |adequately )?treated\b.*\bstab(?:le|ility|ilization)\b|"
    r"\bstab(?:le|ility|ilization)\b.*\b(?:treated|radiotherapy|radiation|local therapy|"
    r"definitive therapy|CNS-directed therapy|surgery)\b",
    _I | re.S,
)
_UNTREATED_ALLOWED = re.compile(
    r"\buntreated\b[^.]*\b(?:eligible|allowed|permitted|may)\b|"
    r"(?<!treated )(?<!treated, )(?<!treated and )\basymptomatic\s+(?:\w+\s+){0,3}?"
    r"(?:brain|cns|central nervous|intracranial)[^.]*\b(?:eligible|allowed|permitted|may)\b",
    _I,
)
_WINDOW = re.compile(
    r"(?:at least|≥|>=|\\>=|for)\s*(\d+|one|two|three|four|six)\s*(day|week|month)s?", _I
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6}
_OFF_STEROIDS = re.compile(
    r"\boff (?:\w+ ){0,3}(?:cortico)?steroids?|"
    r"\bnot? (?:\w+ ){0,2}requir\w* (?:\w+ ){0,4}(?:cortico)?steroids?|"
    r"\bwithout (?:the )?(?:need|requirement) (?:for|of) (?:\w+ ){0,2}(?:cortico)?steroids?",
    _I,
)
# "off steroids for at least 14 days", "not requiring corticosteroids ≥ 7 days": how long the
# patient must have been off them, right after the words that say off (`steroid_free_days`),
# also after the steroids' noun ("without requirement of steroid treatment for at least 14
# days": before 7 December 2026 the window was lost there, and off them for a day was enough),
# and after what they were for ("off steroids for management of symptoms for at least 4 weeks").
_FREE_WINDOW = re.compile(
    r"(?:\s+(?:treatment|therapy|use|medications?)\b)?"
    r"(?:\s+for\s+(?:the\s+)?(?:management|control|treatment)\s+of\s+(?:\w+\s+){0,3}?"
    r"symptoms?\b)?"
    r"\s*(?:for\s+)?(?P<bound>at least |≥ ?|>= ?|\\?> ?|more than |over )?"
    r"(?P<count>\d+|one|two|three|four|six) ?(?P<unit>day|week|month)s?\b",
    _I,
)
# "stabilization at least 10 days after discontinuation of steroids": a window that starts when
# the steroids stop, so off them that long (`steroid_free_days`), not a stability window.
_AFTER_STEROIDS = re.compile(
    r"(?P<bound>at least |≥ ?|>= ?|\\?> ?|more than |over )?"
    r"(?P<count>\d+|one|two|three|four|six) ?(?P<unit>day|week|month)s? "
    r"(?:after|following|since|from) (?:the )?(?:discontinu\w*|stopping|cessation|withdrawal) "
    r"(?:of )?(?:\w+ ){0,2}?(?:cortico)?steroids?",
    _I,
)
# "on a stable dose of steroids for at least 14 days", "on a stable steroid dose > 4 weeks":
# corticosteroids allowed at a dose unchanged that long (`steroid_stable_days`).
_STEROID_STABLE = re.compile(
    r"\bstable (?:(?:cortico)?steroids? )?dose (?:of (?:cortico)?steroids? )?(?:for )?"
    r"(?P<bound>at least |≥ ?|>= ?|\\?> ?|more than |over )?"
    r"(?P<count>\d+|one|two|three|four|six) ?(?P<unit>day|week|month)s?",
    _I,
)
# Steroid conditions the criterion cannot hold: a dose threshold ("> 10 mg prednisone/day"),
# a dose that may fall ("stable or decreasing", "without escalating doses": the chart's
# "dose unchanged since" would call a taper a change). The item goes to manual review.
_STEROID_UNREPRESENTABLE = re.compile(
    r"(?:steroid|prednis\w*|dexamethason\w*)[^.;]{0,60}?\d+(?:\.\d+)?\s*mg\b|"
    r"\b\d+(?:\.\d+)?\s*mg\b[^.;]{0,40}?(?:prednis|dexamethason|steroid)|"
    r"\b(?:decreasing|escalating|increas\w*|tapering|reduc\w*)\s+(?:\w+\s+){0,3}?"
    r"(?:(?:doses?|amounts?)\s+of\s+)?(?:cortico)?steroids?|"
    r"(?:cortico)?steroids?\s+(?:\w+\s+){0,2}(?:taper|decreas|escalat|increas)",
    _I,
)

# Qualifiers the infection types cannot hold.
_INFECTION_UNREPRESENTABLE = re.compile(
    r"with or without|\bCD4\b|AIDS-defining|opportunistic|investigator|discretion|"
    r"protocol|CYP3A4|interaction|cohort|\bif\b|can enrol|may\b|must be|provided",
    _I,
)
_UNCONTROLLED = re.compile(
    r"\b(?:uncontrolled|not (?:well[- ]|adequately )?controlled|poorly controlled|active|"
    r"detectable viral load|"
    r"viral load|HBV DNA|HCV RNA|in active stage|replicating)\b",
    _I,
)
# CT-INF-SYMPTOMATIC: "symptomatic HIV" is neither any HIV nor uncontrolled HIV (an
# asymptomatic patient with a CD4 count of 290 on therapy is eligible); no criterion holds it.
_SYMPTOMATIC = re.compile(r"\bsymptomatic\b", _I)
# Other qualifiers of the infection's own mention that no criterion holds: "untreated hepatitis
# C" is neither any hepatitis C (one on treatment is admitted) nor a detectable viral load;
# "clinically significant HIV", "acute hepatitis B", "... requiring treatment" likewise.
_OTHER_QUALIFIER = re.compile(
    r"\b(?:untreated|clinically|significant|serious|severe|acute|recent(?:ly)?|new(?:ly)?|"
    r"requir\w*|need\w*)\b",
    _I,
)
_ANY = re.compile(r"\b(?:chronic|carrier)\b", _I)
# INF-EVER: "history of", "past" hepatitis C is any record of it, resolved or cured too.
_EVER = re.compile(r"\b(?:past|history|prior|previous)\b", _I)
_KNOWN = re.compile(r"\b(?:known|positive|seropositiv\w*)\b", _I)
_DISEASE_UNCONTROLLED = re.compile(
    r"\b(?:and|with|who) (?:have |has )?(?:uncontrolled|active) disease\b", _I
)
# "active infection including ...", also "active, uncontrolled infection (viral, bacterial, or
# fungal), including ..." (CT-INF-ACTIVE-LIST: commas between the qualifiers and after the
# bracket). The words between are the infection's qualifiers: "active infection, or known
# infections such as" is two heads, and the list is the known ones' (CT-INF-KNOWN-LIST).
_ACTIVE_INFECTION_LIST = re.compile(
    r"\bactive,? (?:(?!(?:or|and|known)\b)\w+,? ){0,3}infections?,? (?:\([^)]*\),? )?"
    r"(?:including|such as|e\.g\.)",
    _I,
)
# CT-INF-KNOWN-LIST: "known infectious disease including ...", "known infections such as ...".
_KNOWN_INFECTION_LIST = re.compile(
    r"\bknown (?:infectious diseases?|infections?),? (?:including|such as|e\.g\.,?)", _I
)


def _days(count: str, unit: str) -> int:
    number = count.lower()
    return (int(number) if number.isdigit() else _WORDS[number]) * {
        "day": 1,
        "week": 7,
        "month": 30,
    }[unit.lower()]


def _stable_days(text: str) -> int | None:
    """The stability window: the first one that is neither the steroid dose's own nor counted
    from stopping the steroids."""
    steroids = [m for m in (_STEROID_STABLE.search(text), _AFTER_STEROIDS.search(text)) if m]
    for match in _WINDOW.finditer(text):
        if any(m.start() <= match.start() < m.end() for m in steroids):
            continue
        return _days(match.group(1), match.group(2))
    return None


def _strict(bound: str | None) -> bool:
    return (bound or "").strip(" \\") in (">", "more than", "over")


def _steroid_free_days(text: str) -> int | None:
    windows = [
        window
        for off in _OFF_STEROIDS.finditer(text)
        if (window := _FREE_WINDOW.match(text, off.end())) is not None
    ]
    window = windows[0] if windows else _AFTER_STEROIDS.search(text)
    if window is None:
        return None
    days = _days(window.group("count"), window.group("unit"))
    return days + 1 if _strict(window.group("bound")) else days


def _steroid_stable_days(text: str) -> int | None:
    match = _STEROID_STABLE.search(text)
    if match is None:
        return None
    days = _days(match.group("count"), match.group("unit"))
    return days + 1 if _strict(match.group("bound")) else days  # "> 4 weeks": 28 is not enough


def _aside_to_rest(first: str, rest: str) -> tuple[str, str]:
    """ "(i.e., subjects with history of metastases are eligible provided ...)": an allowance in
    parentheses is read as a following sentence."""
    aside = re.search(r"\(([^()]*\b(?:eligible|allowed|permitted)\b[^()]*)\)", first, _I)
    if aside is None:
        return first, rest
    return first[: aside.start()] + first[aside.end() :], f"{aside.group(1)} {rest}"


def _allowance(reading: Reading) -> BrainMetastasesCriterion | None:
    """ "Treated brain metastases are eligible if stable for at least 1 month", also as a note
    among the exclusions: an allowance, which states who may enrol."""
    text = reading.text
    if not (_ALLOWS.search(text) and _TREATED_STABLE.search(text)):
        return None
    allowed = _treated_stable(text)
    if allowed is not None:
        reading.allowances.add("brain_metastases")
    return allowed


def _brain_allowed(reading: Reading) -> BrainMetastasesCriterion | None:
    """The brain-metastasis criterion the item states, or None when it cannot be represented."""
    text = reading.text
    if _BRAIN_UNREPRESENTABLE.search(text):
        return None
    sentences = split_sentences(text)
    first, rest = sentences[0], " ".join(sentences[1:])
    allowing = _ALLOWS.search(first) and not re.search(r"\bnot (?:be )?eligible\b", first, _I)
    if not reading.excludes or allowing:
        return _allowance(reading)
    first, rest = _aside_to_rest(first, rest)
    unless = re.search(r"\bunless\b(.*)", first, _I | re.S)
    allowance = (unless.group(1) if unless else "") + " " + rest
    if _ALLOWS.search(allowance) or unless:
        if not _TREATED_STABLE.search(allowance):
            return None
        # An allowance of untreated, asymptomatic metastases too is more than treated_stable,
        # and more than not_active, which excludes every untreated one (CT-CNS-QUALIFIER).
        untreated = _UNTREATED_ALLOWED.search(allowance)
        if untreated and not re.search(
            r"\b(?:if|provided)\b[^.]*\b(?:treated|radiotherapy|radiation|surgery|therapy)\b",
            allowance[untreated.start() :].split(". ")[0],
            _I,
        ):
            return None
        return _treated_stable(allowance)
    if HEDGES.search(first) or re.search(r"\bexception|\bother than\b", first, _I):
        return None
    if _BRAIN.search(rest) or HEDGES.search(rest):
        return None  # a later sentence about brain metastases that is not an allowance
    return _by_qualifier(first)


def _by_qualifier(first: str) -> BrainMetastasesCriterion | None:
    """The exclusion the metastases' own qualifiers state, or None when no criterion holds it
    (CT-CNS-QUALIFIER)."""
    own = _about_the_brain(first)
    if not _BRAIN_ACTIVE.search(own):
        if not _plain_mention(first):
            return None
        return BrainMetastasesCriterion(id="-", label="-", allowed="none")
    plain = re.sub(r"\([^)]*\)", "", own)  # "(e.g., new neurological symptoms)"
    if _narrower_than_active(plain):
        return _asymptomatic(plain, first)
    if _BRAIN_PROGRESSED.search(plain) and not re.search(r"symptom|active\b", plain, _I):
        # "untreated or progressed": only treated metastases that have not progressed
        return BrainMetastasesCriterion(id="-", label="-", allowed="treated_stable")
    return BrainMetastasesCriterion(id="-", label="-", allowed="not_active")


# After the metastases, a stretch that names a condition of its own and neither them nor a
# clause ("or active infection") qualifies that condition, not them: "Known brain metastases
# or active infection" excludes every brain metastasis.
_CLAUSE = re.compile(r"\b(?:that|which|who|requir\w*|need\w*|associated|caus\w*)\b", _I)


def _about_the_brain(sentence: str) -> str:
    """The sentence without the stretches after the metastases that are about something else."""
    mention = _BRAIN.search(sentence)
    if mention is None:
        return sentence
    kept = [sentence[: mention.end()]]
    for part in re.split(r"(,|;|\bor\b|\band/or\b)", sentence[mention.end() :], flags=_I):
        other = names_a_condition(part) or _OTHER_CNS.search(part)
        if other and not (_BRAIN.search(part) or _CLAUSE.search(part)):
            part = " "
        kept.append(part)
    return "".join(kept)


# CT-CNS-QUALIFIER: the words that may stand beside brain metastases excluded outright, in the
# stretch of the sentence that names them ("Known brain metastases", "No known CNS
# metastases"). Any other ("clinically significant", "newly diagnosed", "with neurological
# symptoms", "on steroids", "treated within 4 weeks") narrows them, and "none" would exclude
# patients the text admits.
_PLAIN_WORDS = frozenset(
    {
        *("a", "an", "the", "of", "with", "who", "have", "has", "had", "are", "is", "be"),
        *("patients", "patient", "participants", "participant", "subjects", "subject"),
        *("known", "history", "any", "current", "currently", "presence", "evidence"),
        *("documented", "confirmed", "diagnosis", "metastatic", "disease", "involvement"),
        *("no", "without", "must", "not"),
    }
)
_STRETCH_END = re.compile(r",|;|\bor\b|\band/or\b|\(|\)|\.(?:\s|$)", _I)


def _plain_mention(sentence: str) -> bool:
    """The brain metastases named with none but `_PLAIN_WORDS` in the stretch between the
    separators around them (other CNS conditions are other readers' or review's)."""
    mention = _BRAIN.search(sentence)
    if mention is None:
        return True
    starts = [m.end() for m in _STRETCH_END.finditer(sentence, 0, mention.start())]
    after = _STRETCH_END.search(sentence, mention.end())
    stretch = (
        sentence[max(starts, default=0) : mention.start()]
        + " "
        + sentence[mention.end() : after.start() if after else len(sentence)]
    )
    words = re.findall(r"[^\W_]+", _OTHER_CNS.sub(" ", stretch))
    return all(word.casefold() in _PLAIN_WORDS for word in words)


# CT-CNS-QUALIFIER: `not_active` is met only when the metastases were treated and are stable,
# so it excludes every untreated one. It is the text's reading only when the text excludes
# untreated ones too: a qualifier that reaches them ("active", "untreated", "uncontrolled",
# "progressing") standing as an alternative of its own. Symptoms, or a need for treatment now,
# exclude fewer ("Known symptomatic brain metastases", "... metastases that require treatment",
# "... associated with progressive neurologic symptoms"): the trial admits untreated,
# asymptomatic metastases (`asymptomatic`).
_SYMPTOMS = re.compile(
    r"\b(?:progressive|worsening|new)\s+(?:clinical\s+|neurologic(?:al)?\s+)*"
    r"(?:symptoms?|deficits?)\b|\bsymptom\w*",
    _I,
)
_REACHES_UNTREATED = (
    r"(?:active|actively|untreated|uncontrolled|unstable|non-?stable|progressive|progressing|"
    r"progressed|not (?:been )?(?:successfully |adequately )?treated|"
    r"haven't been (?:successfully )?treated)"
)
# "symptomatic untreated", "untreated and symptomatic", "symptomatic, untreated": both at once,
# not either; a list that goes on with "or" ("Symptomatic, untreated, or actively progressing")
# gives alternatives.
_BOTH_AT_ONCE = re.compile(
    rf"\bsymptomatic(?:,\s*|\s+(?:and\s+)?){_REACHES_UNTREATED}\b(?!,?\s*(?:or|and/or)\b)|"
    rf"\b{_REACHES_UNTREATED}(?:,\s*|\s+and\s+)symptomatic\b(?!,?\s*(?:or|and/or)\b)",
    _I,
)
# "... metastases that require treatment", "... requiring steroids", "... associated with":
# a clause after the metastases that narrows every qualifier before it.
_NARROWING = re.compile(
    r"\b(?:(?:that|which|who)\s+(?:is\s+|are\s+)?(?:associated\s+with|requir\w*|need\w*|"
    r"caus\w*)|requiring|needing|associated\s+with)\b",
    _I,
)


# Progression alone (twenty-seventh session): "Progressive brain metastases" excludes those
# growing now, not an untreated one stable on serial imaging ("untreated (stable or progressing)
# brain metastases", NCT05417594), which `not_active` would exclude.
_PROGRESSION = re.compile(
    r"\b(?:(?:actively|rapidly)\s+)?(?:progressive|progressing|progressed)\b", _I
)


def _narrower_than_active(plain: str) -> bool:
    """CT-CNS-QUALIFIER: the exclusion's qualifiers leave some untreated metastases in."""
    unsymptomatic = _SYMPTOMS.sub(" ", plain)
    if not re.search(rf"\b{_REACHES_UNTREATED}\b", _PROGRESSION.sub(" ", unsymptomatic), _I):
        return True  # no qualifier, or progression alone
    if _BOTH_AT_ONCE.search(plain):
        return True
    mention = _BRAIN.search(plain)
    narrowing = _NARROWING.search(plain, mention.end() if mention else 0)
    # "untreated CNS metastases requiring any anti-tumor treatment, or active CNS metastases":
    # an alternative after the clause reaches the untreated ones on its own.
    return narrowing is not None and not re.search(
        rf"\bor\s+(?:\w+\s+){{0,2}}?{_REACHES_UNTREATED}\b", plain[narrowing.end() :], _I
    )


# What `asymptomatic` excludes: symptoms, or a need for treatment now ("requiring steroids",
# "that require treatment", "requiring urgent clinical intervention").
_NEED_NOW = re.compile(
    r"\brequir\w*|\bneed\w*|\bsymptom\w*|\bneurolog\w* (?:symptoms?|deficits?)",
    _I,
)


def _asymptomatic(plain: str, sentence: str) -> BrainMetastasesCriterion | None:
    """CT-CNS-QUALIFIER: an exclusion narrowed to symptoms or a need for treatment now admits
    untreated, asymptomatic metastases (`asymptomatic`). Symptomatic and untreated at once admit
    treated, symptomatic ones too, which it would not; leptomeningeal disease in the sentence
    may be narrowed as they are ("... leptomeningeal disease ... that require CNS-specific
    treatment"), which `asymptomatic` (leptomeningeal disease excluded) would not hold; a
    stability asked beside them ("did not demonstrate ... radiologic stability during the last
    2 months") excludes untreated, asymptomatic ones too: review."""
    if _BOTH_AT_ONCE.search(plain) or not _NEED_NOW.search(plain):
        return None
    if _ASYMPTOMATIC_UNHELD.search(sentence):
        return None
    if _METASTASES_PROGRESS.search(_SYMPTOMS.sub(" ", plain)):
        # Twenty-eighth session: "Symptomatic or progressive brain metastases" admits only
        # asymptomatic metastases that are not progressing; `asymptomatic` would admit a
        # progressing one, `not_active` exclude an untreated, stable one: no value holds both.
        return None
    return BrainMetastasesCriterion(id="-", label="-", allowed="asymptomatic")


# Progression of the metastases themselves, once the symptoms' own words ("progressive
# neurologic symptoms") are out: the noun too ("with evidence of progression").
_METASTASES_PROGRESS = re.compile(r"\bprogress(?:ive|ing|ed|ion)\b", _I)


_ASYMPTOMATIC_UNHELD = re.compile(r"lepto|mening|\bLMD\b|\bstab(?:le|ility|ilized)\b", _I)


_EXCLUDED = re.compile(
    r"\b(?:are|is|will be|shall be|should be)\s+(?:excluded|not eligible|ineligible)\b", _I
)
# "Patients may have stable CNS metastases": stable ones are admitted, treated or not.
_MAY_HAVE = re.compile(r"\bmay\s+have\b", _I)


def _excluding_sentence(sentences: list[str]) -> str | None:
    """The one sentence of an inclusion item that excludes patients with brain metastases,
    when no other sentence about them allows more than it says."""
    excluding = [s for s in sentences if _BRAIN.search(s) and _EXCLUDED.search(s)]
    if len(excluding) != 1:
        return None
    others = [s for s in sentences if s is not excluding[0] and _BRAIN.search(s)]
    if any(
        _TREATED_STABLE.search(s) or _UNTREATED_ALLOWED.search(s) or _MAY_HAVE.search(s)
        for s in others
    ):
        return None
    return excluding[0]


def _treated_stable(text: str) -> BrainMetastasesCriterion | None:
    """Treated and stable, with the window and the steroid condition the text gives; None when
    the steroid condition cannot be represented."""
    if _STEROID_UNREPRESENTABLE.search(text):
        return None
    off_steroids = bool(_OFF_STEROIDS.search(text) or _AFTER_STEROIDS.search(text))
    steroid_days = _steroid_stable_days(text)
    if off_steroids and steroid_days is not None:
        # "no longer requires steroids, or is on a stable steroid dose > 4 weeks": either is
        # allowed, which is what a stable-dose window already says of a patient off them.
        off_steroids = not re.search(r"\bor\b[^.;]{0,40}\bstable (?:\w+ )?dose", text, _I)
        if off_steroids:
            return None
    return BrainMetastasesCriterion(
        id="-",
        label="-",
        allowed="treated_stable",
        stable_days=_stable_days(text),
        steroids_allowed=not off_steroids,
        steroid_free_days=_steroid_free_days(text) if off_steroids else None,
        steroid_stable_days=steroid_days,
    )


_BRAIN_LABELS = {
    "none": "No brain metastases",
    "treated_stable": "Brain metastases only if treated and stable",
    "not_active": "No active (untreated, symptomatic or progressing) brain metastases",
    "asymptomatic": "No brain metastases that cause symptoms or need treatment now",
    "any": "Brain metastases allowed",
}


def _read_brain(reading: Reading) -> None:
    text = reading.text
    match = _BRAIN.search(text)
    if match is None:
        return
    negated = negated_before(text, match.start(), 60 if reading.excludes else 25)
    if reading.excludes and negated:
        reading.unsure.add("brain_metastases")
        return
    if not reading.excludes and negated:
        # "No known brain metastases" in inclusion: none allowed, when nothing qualifies it
        plain = not (_BRAIN_UNREPRESENTABLE.search(text) or HEDGES.search(text))
        if plain and not _BRAIN_ACTIVE.search(text) and _plain_mention(text):
            found = BrainMetastasesCriterion(id="-", label="-", allowed="none")
        else:
            reading.unsure.add("brain_metastases")
            return
    else:
        # "Note: Patients may have stable CNS metastases. Patients with active CNS metastases
        # ... are excluded from the study.": an exclusion among the inclusion items.
        excluding = None if reading.excludes else _excluding_sentence(split_sentences(text))
        maybe = _brain_allowed(reading if excluding is None else Reading(excluding, True))
        if maybe is None:
            reading.unsure.add("brain_metastases")
            return
        found = maybe
    reading.add("brain_metastases", _brain_build(found, text), span_of(match))
    if _OTHER_CNS.search(text):
        reading.unsure.add("cns")


def _brain_build(found: BrainMetastasesCriterion, text: str) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        label = _BRAIN_LABELS[found.allowed]
        if found.stable_days:
            label += f" for ≥ {found.stable_days} days"
        if not found.steroids_allowed:
            label += ", off steroids"
            if found.steroid_free_days:
                label += f" for ≥ {found.steroid_free_days} days"
        return found.model_copy(update={"id": cid, "label": label, "source_text": text})

    return build


_INFECTION_NAMES = (
    r"(?:HIV(?:-[12])?|human immunodeficiency virus|hepatitis\s*[BC](?:\s*virus)?|HBV|HCV)"
    r"(?:\s*\([^)]*\))?(?:\s+infections?)?"
)
_INFECTION_RUN = re.compile(
    rf"(?:\s*(?:,\s*(?:and/or|or|and)?|\band/or\b|\bor\b|\band\b|/)\s*(?:known\s+)?"
    rf"{_INFECTION_NAMES})*",
    _I,
)
_DEFINED = re.compile(r"^\s*\(?\s*(?:\w+\s+)?defined as\b", _I)
_CONTROLLED = re.compile(
    r"\bundetectable\b|\bno detectable\b|\bnot detectable\b|\bwell[- ]controlled\b|"
    r"\bsuppress\w*|\bviral load (?:of )?(?:less than|below|<)|\bcured\b|"
    r"\bon (?:effective |highly active |stable )?(?:anti-?retroviral|ART\b|HAART\b|cART\b)",
    _I,
)
_ON_ART = re.compile(
    r"anti-?retroviral|\bART\b|\bHAART\b|\bcART\b|well[- ]controlled|\bcontrolled on\b", _I
)
_ALLOWANCE_UNREPRESENTABLE = re.compile(
    r"\bCD4\b(?![^.;]{0,40}\b350\b)|AIDS-defining|opportunistic|investigator|discretion|"
    r"protocol|institutional|cohort|\bCYP3A4\b",
    _I,
)


def _controlled_allowed(text: str, pattern: re.Pattern[str]) -> bool:
    """An allowance of the infection once controlled ("HIV-infected patients on effective
    antiretroviral therapy with undetectable viral load are eligible", "the HBV viral load must
    be undetectable on suppressive therapy"): what INF-HIV / INF-HEPATITIS call uncontrolled is
    excluded, nothing more."""
    if _ALLOWANCE_UNREPRESENTABLE.search(text) or not _CONTROLLED.search(text):
        return False
    if pattern is _HIV and not _ON_ART.search(text):
        return False  # INF-HIV's "controlled" is on antiretroviral therapy
    return bool(
        ALLOWANCE_WORDS.search(text)
        or re.search(r"\bmust (?:be|have)\b[^.;]*\b(?:undetectable|controlled|cured)\b", text, _I)
        or re.search(r"\bviral load must be undetectable\b", text, _I)
    ) and bool(pattern.search(text) or re.search(r"^\s*(?:those|patients|subjects)\b", text, _I))


# CT-INF-RELATIVE: a relative clause after the infections it follows qualifies each of them
# ("Known hepatitis B or C virus infection that is active"): between the mention and "that is"
# only other infections' names, "virus", "infection", an abbreviation in brackets, "or", "and".
_RELATIVE_QUALIFIER = re.compile(
    r"(?:\s*(?:,|\bor\b|\band\b|/)?\s*(?:hepatitis\s*)?[BC]\b|\s*virus\b|\s*\([A-Za-z/ -]{2,12}\)|"
    r"\s*infections?\b|\s*(?:,|\bor\b|\band\b|/)\s*(?:HIV|HBV|HCV)\b)*"
    r"\s*,?\s*(?:that|which)\s+(?:is|are)\s+(?P<words>[^.;,]*)",
    _I,
)


def _words_before(text: str, position: int, reach: int = 40) -> str:
    """About `reach` characters before `position`, from the start of a word: cut inside one,
    "history of chronic viral infections such as hepatitis B" lost its "history" (INF-EVER)."""
    start = max(0, position - reach)
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return text[start:position]


def _qualifiers(text: str, match: re.Match[str]) -> tuple[str, str]:
    """The words that qualify one mention: its own (just before it, back to the previous
    alternative, and just after it), and those of the run of infections it stands in (before
    the run: "known active hepatitis B or C"; after it: "hepatitis B, hepatitis C infection in
    active stage")."""
    run_start, run_end = match.start(), match.end()
    for run in re.finditer(_INFECTION_NAMES + _INFECTION_RUN.pattern, text, _I):
        if run.start() <= match.start() < run.end():
            run_start, run_end = run.start(), run.end()
            break
    split_before = r",|\bor\b|;|\(|\bincluding\b"
    own_before = re.split(split_before, _words_before(text, match.start()))[-1]
    own_after = re.split(r",|\bor\b|\band\b|;|\.\s|/", text[match.end() : match.end() + 60])[0]
    run_before = re.split(split_before, _words_before(text, run_start))[-1]
    tail = re.split(r",|\bor\b|;|\.\s", text[run_end : run_end + 60])[0]
    relative = _RELATIVE_QUALIFIER.match(text, match.end())
    if relative is not None:
        # CT-INF-RELATIVE: "hepatitis B or C virus infection that is active or uncontrolled"
        own_after = f"{own_after} {relative.group('words')}"
    return f"{own_before} {own_after}", f"{run_before} {tail}"


def _qualified(words: str, scope: str) -> InfectionExcluded | None:
    if _EVER.search(words):
        return "ever"
    if _ANY.search(words):
        return "any"
    if _UNCONTROLLED.search(words) or _DISEASE_UNCONTROLLED.search(scope):
        return "uncontrolled"
    if _KNOWN.search(words):
        return "any"
    return None


def _definition(scope: str, pattern: re.Pattern[str]) -> str | None:
    """What the text defines the infection as: "hepatitis B (defined as HBsAg reactive)",
    "active hepatitis C defined as HCV antibody positive with HCV RNA positive"."""
    for mention in pattern.finditer(scope):
        after = scope[mention.end() : mention.end() + 120]
        defined = re.match(r"^[^;.]{0,30}?\bdefined as\b([^;)]*)", after, _I)
        if defined is not None:
            return defined.group(1)
        marker = re.match(r"^\s*(?:virus\s*)?\(([^)]*(?:HBsAg|antigen|antibod)[^)]*)\)", after, _I)
        if marker is not None:
            return marker.group(1)
    return None


# CT-INF-CONJUNCTS: "A and/or B" leaves open whether a qualifier on one side reaches the other.
_AND_OR = re.compile(r"\band\s*/\s*or\b", _I)
_HIV_UNCONTROLLED = re.compile(
    r"\b(?:uncontrolled|not (?:well[- ]|adequately )?controlled|poorly controlled|"
    r"detectable viral load)\b",
    _I,
)
_ANY_INFECTION = re.compile("|".join(f"(?:{p.pattern})" for _, _, p, _ in _INFECTIONS), _I)


def _conjunct_excluded(scope: str, pattern: re.Pattern[str]) -> InfectionExcluded | None:
    """ "Active hepatitis B or C infection and/or known HIV carrier": across "and/or", each side
    is read on its own, and only when every side naming an infection opens with its own
    qualifier ("active", "known") and no words after its last infection qualify it otherwise
    (a trailing "with detectable viral load" may reach back over "and/or"). Otherwise None:
    "Active hepatitis B and/or HIV" does not say whether HIV must be active."""
    if _definition(scope, pattern) is not None or _ACTIVE_INFECTION_LIST.search(scope):
        return None
    sides = [side for side in _AND_OR.split(scope) if _ANY_INFECTION.search(side)]
    mine: InfectionExcluded | None = None
    for side in sides:
        mentions = list(_ANY_INFECTION.finditer(side))
        opening = re.split(r",|;|\(|\bincluding\b", side[: mentions[0].start()])[-1]
        closing = side[mentions[-1].end() :]
        if _SYMPTOMATIC.search(opening + closing) or HEDGES.search(side):
            return None
        if _EVER.search(opening) and _ANY.search(opening + closing):
            return None  # INF-EVER: "history of chronic hepatitis B" goes to review
        found = _qualified(opening, side)
        after = _qualified(closing, side)
        if after in ("uncontrolled", "ever"):
            return None  # "... and/or hepatitis B with detectable viral load": may reach back
        if found is None or (after is not None and after != found):
            return None
        if pattern.search(side):
            if pattern is _HIV and found == "uncontrolled" and not _HIV_UNCONTROLLED.search(side):
                return None  # "active HIV" is not a coordinator's criterion
            if mine is not None and mine != found:
                return None  # the infection named on two sides, qualified apart
            mine = found
    return mine


def _infection_excluded(
    text: str, pattern: re.Pattern[str], match: re.Match[str]
) -> InfectionExcluded | None:
    """ "any", "uncontrolled", or None when the qualifier cannot be represented."""
    sentences = split_sentences(text)
    first = next((i for i, sentence in enumerate(sentences) if pattern.search(sentence)), 0)
    later = [s for s in sentences[first + 1 :] if ALLOWANCE_WORDS.search(s)]
    unless = re.search(r"\bunless\b(.*)", sentences[first], _I | re.S)
    if later or unless:
        # "... Well-controlled HIV are eligible." loosens the exclusion to uncontrolled.
        allowance = " ".join(later) + (unless.group(1) if unless else "")
        return "uncontrolled" if _controlled_allowed(allowance, pattern) else None
    scope = " ".join(sentence for sentence in sentences if pattern.search(sentence))
    if _INFECTION_UNREPRESENTABLE.search(scope):
        return None
    if _AND_OR.search(scope):
        return _conjunct_excluded(scope, pattern)
    definition = _definition(scope, pattern)
    if definition is not None:
        # "(defined as HBsAg reactive)": the definition, not the qualifier, decides; only a
        # viral load is what INF-HEPATITIS reads as active.
        if re.search(r"\b(?:DNA|RNA)\b", definition) and not re.search(
            r"HBsAg|surface antigen|antibody positive(?! with)", definition, _I
        ):
            return "uncontrolled"
        return None
    listed = _ACTIVE_INFECTION_LIST.search(text)
    if (
        listed is not None
        and listed.start() < match.start()
        and not re.search(r"\.\s|;", text[listed.start() : match.start()])  # the same sentence
    ):
        # "Active infection including ... HBV, HCV or HIV": active hepatitis is a defined
        # state (HBsAg / HBV DNA, HCV RNA); "active HIV" is not a coordinator's criterion.
        # CT-INF-ACTIVE-LIST: an infection named before the list ("Known HIV infection, or
        # active infection including hepatitis B") keeps its own qualifier.
        return "uncontrolled" if pattern is not _HIV else None
    own, run = _qualifiers(text, match)
    if any(_SYMPTOMATIC.search(words) or _OTHER_QUALIFIER.search(words) for words in (own, run)):
        return None
    if any(_EVER.search(words) and _ANY.search(words) for words in (own, run)):
        # "history of chronic hepatitis B": a resolved acute hepatitis B is no such history,
        # and a record does not say which it was.
        return None
    if (found := _qualified(own, scope)) is not None:
        return found
    if (found := _qualified(run, scope)) is not None:
        # "active HBV or HCV, or HIV": "active HIV" is not a coordinator's criterion.
        return None if pattern is _HIV and found == "uncontrolled" else found
    if HEDGES.search(scope) or (_UNCONTROLLED.search(scope) and not _in_known_list(text, match)):
        return None
    return "any"


def _in_known_list(text: str, match: re.Match[str]) -> bool:
    """CT-INF-KNOWN-LIST: the mention, with no qualifier of its own or of its run, stands in a
    list of known infections ("... or known infectious disease including hepatitis B,
    hepatitis C infection in active stage, or HIV/AIDS"), in the same sentence, with no nearer
    list head, no qualifier joined to "known" by "or" ("active or known ...") and no qualifier
    after it that may be its own: an "active" elsewhere belongs to another alternative or to
    another member of the list."""
    start = max((m.end() for m in re.finditer(r"\.\s|;", text[: match.start()])), default=0)
    heads = list(_KNOWN_INFECTION_LIST.finditer(text, start, match.start()))
    if not heads:
        return False
    head = heads[-1]
    if _ACTIVE_INFECTION_LIST.search(text, head.end(), match.start()):
        return False
    before = text[start : head.start()]
    if re.search(_UNCONTROLLED.pattern + r",?\s+(?:or|and|and/or)\s*$", before, _I):
        return False
    end = re.search(r"\.\s|\.$|;", text[match.end() :])
    after = text[match.end() : match.end() + end.start() if end else len(text)]
    return not any(
        p.search(after) for p in (_UNCONTROLLED, _EVER, _ANY, _SYMPTOMATIC, _OTHER_QUALIFIER)
    )


def _read_infections(reading: Reading) -> None:
    text = reading.text
    read: list[tuple[str, InfectionKind, InfectionExcluded, str, re.Match[str]]] = []
    defined: dict[InfectionKind, InfectionDefinition] = {}
    unsure: set[str] = set()
    for name, kind, pattern, label in _INFECTIONS:
        match = pattern.search(text)
        if match is None:
            continue
        definition = read_definition(text, kind, pattern, reading.excludes)
        if definition is not None:
            # INF-READ: the protocol's own definition of controlled (INF-DEFINED).
            defined[kind] = definition
            if not reading.excludes:
                reading.allowances.add(kind)
            read.append((name, kind, "uncontrolled", label, match))
            continue
        negated = negated_before(text, match.start(), 60 if reading.excludes else 25)
        if reading.excludes == negated:
            # Inclusion without "no ...", or exclusion with a negation: an allowance at most.
            if _controlled_allowed(text, pattern):
                reading.allowances.add(kind)
                read.append((name, kind, "uncontrolled", label, match))
            else:
                unsure.add(name)
            continue
        excluded = _infection_excluded(text, pattern, match)
        if excluded is None:
            unsure.add(name)
            continue
        read.append((name, kind, excluded, label, match))
    hepatitis = {excluded for name, _, excluded, _, _ in read if name == "hepatitis"}
    if "hepatitis" in unsure or len(hepatitis) > 1:
        # Hepatitis B and C read apart in one sentence ("history of hepatitis B ... or active
        # hepatitis C"): a reviewer reads the sentence whole.
        unsure.add("hepatitis")
        read = [entry for entry in read if entry[0] != "hepatitis"]
    reading.unsure |= unsure
    for name, kind, excluded, label, match in read:
        build = _infection(kind, excluded, label, text, defined.get(kind))
        reading.add(name, build, span_of(match))
    qualified = _DISEASE_UNCONTROLLED.search(text)
    if read and qualified is not None:
        # "... positive and have uncontrolled disease": the infections' qualifier, read.
        reading.spans.append(span_of(qualified))


def read_comorbidities(reading: Reading) -> None:
    _read_brain(reading)
    _read_infections(reading)
    text = reading.text
    pregnant = _PREGNANT.search(text)
    if pregnant is None:
        return
    planning_only = re.search(r"become pregnant", text, _I) and not re.search(
        r"\b(?:are|is|currently)\s+pregnant|^\s*pregnan|pregnant (?:women|females)", text, _I
    )
    if reading.excludes and _PREGNANCY_EXCLUSION.search(text) and not planning_only:
        reading.add(
            "pregnancy",
            _comorbidity(Comorbidity.PREGNANCY, "Not pregnant", text),
            span_of(pregnant),
        )
    elif not reading.excludes and (test := _PREGNANCY_TEST.search(text)):
        reading.add(
            "pregnancy", _comorbidity(Comorbidity.PREGNANCY, "Not pregnant", text), span_of(test)
        )
    else:
        reading.unsure.add("pregnancy")


_LABELS: dict[InfectionExcluded, str] = {
    "any": "No {label} infection",
    "ever": "No history of {label} infection",
    "uncontrolled": "No uncontrolled {label}",
}


def _infection(
    kind: InfectionKind,
    excluded: InfectionExcluded,
    label: str,
    text: str,
    definition: InfectionDefinition | None = None,
) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        if definition is not None:
            return InfectionCriterion(
                id=cid,
                label=f"No uncontrolled {label} (as the protocol defines controlled)",
                infection=kind,
                excluded="uncontrolled",
                source_text=text,
                **asdict(definition),
            )
        return InfectionCriterion(
            id=cid,
            label=_LABELS[excluded].format(label=label),
            infection=kind,
            excluded=excluded,
            source_text=text,
        )

    return build


def _comorbidity(condition: Comorbidity, label: str, text: str) -> Callable[[str], Criterion]:
    def build(cid: str) -> Criterion:
        return ComorbidityCriterion(id=cid, label=label, condition=condition, source_text=text)

    return build
