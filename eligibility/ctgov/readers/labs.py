"""Lab thresholds (blood counts, kidney and liver function), in canonical units or × ULN."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from eligibility.criteria import (
    AllOfCriterion,
    AnyOfCriterion,
    Comparator,
    Criterion,
    FreeTextCriterion,
    LabCriterion,
)
from eligibility.ctgov.numbers import find_constraint, negate
from eligibility.ctgov.readers.reading import Build, Reading, limit_and, limit_unless, span_of
from eligibility.phrasing import COMPARATOR_SYMBOLS
from eligibility.vocabulary import CANONICAL_UNITS, Analyte

_I = re.IGNORECASE

_ANALYTE_WORDS: tuple[tuple[Analyte | None, str], ...] = (
    (Analyte.ANC, r"absolute neutrophil count|\bANC\b|neutrophils?(?: count)?|granulocytes?"),
    (Analyte.PLATELETS, r"platelets?(?: count)?|\bPLT\b|thrombocytes?"),
    (Analyte.HEMOGLOBIN, r"ha?emoglobin|\bHgb\b|\bHb\b"),
    (
        Analyte.CREATININE_CLEARANCE,
        r"(?:calculated |measured |estimated )?creatinine clearance|\bCr\s?Cl\b|\bCLcr\b",
    ),
    (Analyte.EGFR, r"\beGFR\b|(?:estimated )?glomerular filtration rate|\bGFR\b"),
    (Analyte.CREATININE, r"(?:serum )?creatinine(?!\s*clearance)|\bsCr\b|\bCr\b"),
    (Analyte.TOTAL_BILIRUBIN, r"(?:total |serum )?bilirubin|\bTBIL\b"),
    # CT-LAB-NAMES: the long names the NCI template gives in brackets ("(serum glutamic-
    # oxaloacetic transaminase [SGOT])"), and the misspelling "Asparate" (NCT05687136).
    (
        Analyte.AST,
        r"aspart?ate\s*(?:amino\s*)?trans(?:fer|amin)ase|\bAST\b|\bSGOT\b|"
        r"(?:serum\s+)?glutamic[\s-]*oxal(?:o)?acetic\s+transaminase",
    ),
    (
        Analyte.ALT,
        r"alanine\s*(?:amino\s*)?trans(?:fer|amin)ase|\bALT\b|\bSGPT\b|"
        r"(?:serum\s+)?glutam(?:ic|ate)[\s-]*pyruv(?:ic|ate)\s+transaminase",
    ),
    # Words that end a lab's window but are not read.
    (
        None,
        r"(?:direct|conjugated|indirect) bilirubin|albumin|\bINR\b|\bPT\b|\baPTT\b|\bPTT\b|"
        r"alkaline phosphatase|\bALP\b|lipase|amylase|potassium|magnesium|calcium|sodium|"
        r"proteinuria|urine protein|white blood cells?|\bWBC\b|lymphocytes?|leukocytes?|GGT|"
        r"troponin|\bLVEF\b|ejection fraction|glucose|HbA1c|transaminases|liver enzymes|"
        r"\bTSH\b|testosterone|\bPSA\b|\bLDH\b",
    ),
)
_ANALYTE = re.compile(
    "|".join(f"(?P<a{i}>{words})" for i, (_, words) in enumerate(_ANALYTE_WORDS)), _I
)
_CONDITIONAL = re.compile(
    r"\bif\b|\bfor (?:patients|subjects|participants)\b|\bin (?:patients|subjects|"
    r"participants|the presence|case)\b|\bunless\b|\bexcept\b|\bwith (?:liver|hepatic|bone|"
    r"known|documented)\b|gilbert|metasta|\bwithout\b|transfus|growth factor|\bG-?CSF\b|"
    r"\bsupport\b|\bwith\b|\bfor (?!age\b)|\bonly\b|\ballowed\b|\bpermitted\b|\bmay\b|"
    r"\bcorrected\b|\badjusted\b|\blikely\b|\bexpected\b|\banticipated\b",
    _I,
)
_ULN = re.compile(
    r"^\s*(?:(?:x|×)\s*times|x|×|\*|times|fold)\s*(?:the\s+)?(?:institutional\s+|upper\s+)?"
    r"(?:ULN|IULN|UNL|upper limit(?:s)? of (?:the )?normal|upper normal limit|the upper limit)",
    _I,
)
_BARE_ULN = re.compile(
    r"(?:(?P<le>≤|<=|=<|less than or equal to|within|not? (?:more|greater|higher) than)|"
    r"(?P<gt>>|greater than|above|exceeding)|(?P<lt><|less than|below))\s*(?:the\s+)?"
    r"(?:institutional\s+)?(?:ULN|IULN|UNL|upper limits? of (?:the )?normal)",
    _I,
)
# A footnote marker after a name or a limit ("≤ 3 × ULN\\*\\*", "≥ 60 mL/min†"): the footnote,
# elsewhere in the text, qualifies the limit (Gilbert's syndrome, hepatic involvement, how eGFR
# is calculated). Not an asterisk meaning times ("1.5*ULN", "10*9/L").
_FOOTNOTE = re.compile(r"(?<=[\w)\]%])(?:\\?\*)+(?![\w(]|\s*(?:\d|ULN|upper|x\b|×))|[†‡§¶]", _I)
_PER_UL = re.compile(
    r"^\s*(?:cells?\s*)?(?:/|per\s*)\s*(?:µ|μ|u|mc)L|^\s*(?:cells?\s*)?(?:/|per\s*)\s*mm\s*(?:3|³|\^3)|^\s*/\s*cu\.?\s*mm",
    _I,
)
_PER_NL = re.compile(
    r"^\s*(?:x|×|\*)?\s*10\s*(?:\^|e|\*\*)?\s*(?:3|³)\s*(?:cells?\s*)?/\s*(?:µ|μ|u|mc)?L|"
    r"^\s*(?:x|×|\*)?\s*10\s*(?:\^|e|\*\*)?\s*(?:9|⁹)\s*(?:cells?\s*)?/\s*L|^\s*K\s*/\s*(?:µ|μ|u)L|"
    r"^\s*G\s*/\s*L|^\s*(?:x|×)\s*10\s*(?:3|³)\s*/\s*mm\s*(?:3|³)",
    _I,
)
_PER_100NL = re.compile(r"^\s*(?:x|×|\*)\s*10\s*(?:\^|e|\*\*)\s*11\s*(?:cells?\s*)?/\s*L", _I)
_G_DL = re.compile(r"^\s*g\s*/\s*dL", _I)
_G_L = re.compile(r"^\s*g\s*/\s*L", _I)
_MMOL_L = re.compile(r"^\s*mmol\s*/\s*L", _I)
_MG_DL = re.compile(r"^\s*mg\s*/\s*dL", _I)
_UMOL_L = re.compile(r"^\s*(?:µ|μ|u|mc)mol\s*/\s*L", _I)
_ML_MIN = re.compile(r"^\s*m[lL]\s*/\s*min", _I)
_U_L = re.compile(r"^\s*(?:U|IU)\s*/\s*L", _I)


def _convert(analyte: Analyte, value: float, after: str) -> tuple[float | None, float | None]:
    """(value in the canonical unit, None) or (None, times ULN); (None, None) when unsure."""
    if re.match(r"\s*(?:%|percent|days?|weeks?|months?|hours?|years?)\b|\s*%", after, _I):
        return None, None
    if _ULN.match(after) is not None:
        return None, _times_uln(analyte, value)
    if analyte in {Analyte.ANC, Analyte.PLATELETS}:
        return _count(analyte, value, after), None
    if analyte is Analyte.HEMOGLOBIN:
        return _hemoglobin(value, after), None
    if analyte in {Analyte.CREATININE, Analyte.TOTAL_BILIRUBIN}:
        return _creatinine_or_bilirubin(analyte, value, after), None
    if analyte in {Analyte.CREATININE_CLEARANCE, Analyte.EGFR}:
        if _ML_MIN.match(after) or not re.match(r"^\s*[a-zµμ/%]", after, _I):
            return (value, None) if 10 <= value <= 200 else (None, None)
        return None, None
    if _U_L.match(after):
        return value, None
    return None, None


def _times_uln(analyte: Analyte, value: float) -> float | None:
    """Only these analytes are given as a multiple of the ULN, and never above 20 ×."""
    in_uln = {Analyte.CREATININE, Analyte.TOTAL_BILIRUBIN, Analyte.AST, Analyte.ALT}
    return value if analyte in in_uln and 0 < value <= 20 else None


def _count(analyte: Analyte, value: float, after: str) -> float | None:
    """ANC or platelets in 10^9/L; a bare number by its magnitude (cells/µL when large)."""
    if _PER_NL.match(after):
        return value
    if _PER_UL.match(after):
        return value / 1000
    if _PER_100NL.match(after):
        return value * 100  # "1 x 10^11/L" is 100 x 10^9/L
    if re.match(r"^\s*(?:x|×|\*|/)", after):
        return None  # some other unit
    if analyte is Analyte.ANC:
        return value / 1000 if value >= 100 else value if value <= 20 else None
    return value / 1000 if value >= 10000 else value if 10 <= value <= 1000 else None


def _hemoglobin(value: float, after: str) -> float | None:
    """Haemoglobin in g/dL; a bare number by its magnitude (g/L when 50-200)."""
    if _G_DL.match(after):
        return value
    if _G_L.match(after):
        return value / 10
    if _MMOL_L.match(after):
        return round(value * 1.611, 1)
    if re.match(r"^\s*[a-zµμ/]", after, _I):
        return None
    return value if 5 <= value <= 20 else value / 10 if 50 <= value <= 200 else None


def _creatinine_or_bilirubin(analyte: Analyte, value: float, after: str) -> float | None:
    """mg/dL; µmol/L converted; a bare number only when plausible in mg/dL."""
    if _MG_DL.match(after):
        return value
    if _UMOL_L.match(after):
        factor = 88.42 if analyte is Analyte.CREATININE else 17.1
        return round(value / factor, 2)
    if re.match(r"^\s*[a-zµμ/]", after, _I):
        return None
    return value if 0 < value <= 5 else None


_PLAUSIBLE: dict[Analyte, tuple[float, float]] = {
    Analyte.ANC: (0.1, 10),
    Analyte.PLATELETS: (5, 500),
    Analyte.HEMOGLOBIN: (4, 18),
    Analyte.CREATININE: (0.2, 6),
    Analyte.CREATININE_CLEARANCE: (10, 150),
    Analyte.EGFR: (10, 150),
    Analyte.TOTAL_BILIRUBIN: (0.1, 10),
    Analyte.AST: (5, 1000),
    Analyte.ALT: (5, 1000),
}
"""Thresholds outside these ranges (canonical units) are typos or misreadings: not used."""

_LAB_NAMES = {
    Analyte.ANC: "ANC",
    Analyte.PLATELETS: "Platelets",
    Analyte.HEMOGLOBIN: "Haemoglobin",
    Analyte.CREATININE: "Creatinine",
    Analyte.CREATININE_CLEARANCE: "Creatinine clearance",
    Analyte.EGFR: "eGFR",
    Analyte.TOTAL_BILIRUBIN: "Total bilirubin",
    Analyte.AST: "AST",
    Analyte.ALT: "ALT",
}

_Mention = tuple[int, int, Analyte | None]  # (start, end, analyte; None for a word not read)
_Result = tuple[int, int, list[LabCriterion] | None]  # (start, end, criteria; None: unsure)


_EXCEPTIONS: tuple[tuple[re.Pattern[str], frozenset[Analyte]], ...] = (
    (re.compile(r"gilbert", _I), frozenset({Analyte.TOTAL_BILIRUBIN})),
    (
        re.compile(r"(?:liver|hepatic)\s+(?:metasta|involvement|lesion)", _I),
        frozenset({Analyte.AST, Analyte.ALT, Analyte.TOTAL_BILIRUBIN}),
    ),
    (
        re.compile(
            r"bone marrow (?:involvement|infiltrat)|marrow involvement|heavily infiltrated", _I
        ),
        frozenset({Analyte.ANC, Analyte.PLATELETS, Analyte.HEMOGLOBIN}),
    ),
)
"""A subgroup with a looser limit ("≤ 3 × ULN for patients with Gilbert's syndrome"), and the
analytes it relaxes."""
_CLAUSE_START = re.compile(r"\(|;|\bor\b|\bexcept\w*|\bunless\b|\.\s", _I)


_Exception = tuple[str, frozenset[Analyte]]  # (the exception's words, the analytes it relaxes)


def _exception_clauses(text: str) -> tuple[str, list[_Exception]]:
    """The text with each subgroup exception blanked out (same length), and each exception's
    words with the analytes it relaxes."""
    groups: list[list[_Mention]] | None = None  # of the text as written; read once needed
    exceptions: list[_Exception] = []
    for trigger, analytes in _EXCEPTIONS:
        match = trigger.search(text)
        if match is None:
            continue
        if groups is None:
            groups = _groups(text, _mentions(text))
        starts = list(_CLAUSE_START.finditer(text[: match.start()]))
        opening = [
            m for m in starts if m.group() == "(" and ")" not in text[m.end() : match.start()]
        ]
        start = starts[-1].start() if starts else 0
        if opening and opening[-1].start() >= start - 1:
            start = opening[-1].start()
            close = text.find(")", match.end())
            end = close + 1 if close >= 0 else len(text)
        else:
            end = _clause_end(text, match.end())
        words = " ".join(text[start:end].split()).strip(" ;,.()")
        words = re.sub(
            r"^(?:or|unless|(?:an )?exception is|except(?:ion)?)\b\s*", "", words, flags=_I
        )
        relaxed = _relaxed(analytes, groups, match.start(), _mentions(text[start:end]))
        exceptions.append((words, relaxed))
        text = text[:start] + " " * (end - start) + text[end:]
    return text, exceptions


def _clause_end(text: str, start: int) -> int:
    """Where an exception clause that did not open with a bracket ends: at a ";", a full stop or
    a ")" closing a bracket opened before it. A bracket opened inside it is its own: "Gilbert's
    syndrome (persistent or recurrent hyperbilirubinemia ...), who will be allowed only at the
    investigator's discretion" is one exception, definition and condition (CT-LAB-EXCEPTION)."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
        elif depth == 0 and (char == ";" or text[index : index + 2] in (". ", ".\n", ".\t")):
            return index
    return len(text)


def _relaxed(
    analytes: frozenset[Analyte], groups: list[list[_Mention]], at: int, named: list[_Mention]
) -> frozenset[Analyte]:
    """CT-LAB-EXCEPTION: the analytes an exception relaxes — of those it can relax, the ones of
    the group it follows ("bilirubin ≤ 1.5 × ULN, AST/ALT ≤ 2.5 × ULN (≤ 5 × ULN with liver
    metastases)": AST and ALT only) and the ones it names itself; all it can relax when that
    leaves none."""
    before = [group for group in groups if group[0][0] < at]
    near = {a for _, _, a in before[-1]} if before else set()
    near |= {a for _, _, a in named}
    return analytes & frozenset(a for a in near if a is not None) or analytes


# CT-LAB-IMPLIED: "creatinine ≤ 1.5 × ULN OR creatinine clearance ≥ 30 mL/min for participants
# with creatinine levels above institutional ULN": the condition on the second alternative is
# what failing the first already says when the first allows at least the ULN, so "either" is
# exactly the rule; with a first limit below the ULN the clause is a condition, not read.
_ABOVE_ULN_CLAUSE = re.compile(
    r",?\s*(?:for|in)\s+(?:participants|patients|subjects)\s+with\s+(?:serum\s+)?creatinine\s+"
    r"(?:levels?\s+)?(?:above|>|greater than|exceeding)\s+(?:the\s+)?(?:institutional\s+)?"
    r"(?:ULN|upper limit of normal)\b",
    _I,
)
_CREATININE_AT_LEAST_ULN = re.compile(
    r"\bcreatinine\s*(?:≤|<=|=<|less than or equal to)\s*(?:(?P<times>\d+(?:\.\d+)?)\s*"
    r"(?:x|×|times)\s*)?(?:the\s+)?(?:institutional\s+)?(?:ULN|upper limit of normal)\b"
    r"[^.;]*?\bor\b",
    _I,
)


def _implied_clause(text: str) -> re.Match[str] | None:
    """CT-LAB-IMPLIED: the "for participants with creatinine above the ULN" clause after an
    alternative to a creatinine limit of at least the ULN, when there is one."""
    clause = _ABOVE_ULN_CLAUSE.search(text)
    if clause is None:
        return None
    limit = _CREATININE_AT_LEAST_ULN.search(text[: clause.start()])
    if limit is None or float(limit.group("times") or 1) < 1:
        return None
    return clause


# CT-LAB-SUPPORT: a blood count "without transfusion / growth factor support within N days"
# is the count and a condition the chart's number cannot show: "all of (the limit, the
# condition for review)", so a count under the limit is not met and one over it unknown.
# The support words, spelled once: the window reader extends them (`windows._SUPPORT`).
SUPPORT_WORDS = (
    r"transfus\w*|growth[- ]factors?|\bG[- ]?CSF\b|colony[- ]stimulating|filgrastim|"
    # "support" as a noun: "to support study treatment" names none (twenty-fifth session).
    r"pegfilgrastim|erythropoie\w*|romiplostim|(?<!\bto )\bsupport\b|\bblood components?\b|"
    r"\bsupportive\s+(?:therapy|care|treatment)"
)
_SUPPORT = re.compile(SUPPORT_WORDS, _I)
# Support allowed, not forbidden: no condition to check.
_SUPPORT_ALLOWED = re.compile(
    r"\bwith or without\b|(?<!not )\b(?:allowed|permitted|acceptable|may|can)\b", _I
)
# A bracket that only allows support, nothing else: "(transfusions are allowed)", "(blood
# transfusions permitted)", "(growth factor support and transfusions are acceptable)", "(with or
# without transfusion)". Any other word ("if", "not", "for patients with", a number) makes it no
# plain allowance.
_SUPPORT_NOUN = (
    r"(?:(?:blood|platelets?|red(?:\s+blood)?\s+cells?|RBC|packed\s+RBC|PRBC|hematopoietic|"
    r"haematopoietic|prior|previous)\s+)*"
    r"(?:transfusions?|growth[- ]factors?|G[- ]?CSF|erythropoietin|blood\s+products?)"
    r"(?:\s+support)?"
)
_SUPPORT_NOUNS = rf"{_SUPPORT_NOUN}(?:\s*(?:,|/|\band\b|\bor\b)\s*{_SUPPORT_NOUN})*"
PLAIN_SUPPORT_ALLOWANCE = re.compile(
    rf"\(\s*(?:{_SUPPORT_NOUNS}\s+(?:(?:is|are)\s+)?(?:allowed|permitted|acceptable)|"
    rf"with\s+or\s+without\s+{_SUPPORT_NOUNS})\s*\)",
    _I,
)


# A bracket that only forbids support: "(transfusions are not allowed)", "(blood transfusions not
# permitted)", and (twenty-sixth session's review) "(no transfusions allowed)", "(G-CSF may not
# be used within 14 days before enrollment)", "(transfusions must not be given ...)". A condition
# on the counts (`read_lead_in_support` reads it), no hedge on who may enrol (twenty-sixth
# session). Any other word ("unless ...", "in cohort A") makes it no plain prohibition.
_PERMITTED = r"(?:allowed|permitted|acceptable)"
_SUPPORT_WINDOW = (
    r"(?:\s+(?:within|in)\s+(?:the\s+)?(?:last\s+|past\s+|prior\s+|previous\s+)?\d{1,3}\s*"
    r"(?:days?|weeks?)(?:\s+(?:prior\s+to|before)\s+(?:the\s+)?(?:study\s+)?(?:enrol+ment|"
    r"registration|randomi[sz]ation|screening|entry|first\s+dose|treatment|day\s*1))?)?"
)
_FORBIDS = (
    rf"(?:{_SUPPORT_NOUNS}\s+(?:(?:is|are)\s+)?not\s+{_PERMITTED}|"
    rf"no\s+{_SUPPORT_NOUNS}\s+(?:(?:is|are)\s+)?{_PERMITTED}|"
    rf"{_SUPPORT_NOUNS}\s+(?:(?:may|must|can|should|shall)\s+not|cannot)\s+be\s+"
    rf"(?:{_PERMITTED}|used|given|administered|received))"
    rf"{_SUPPORT_WINDOW}"
)
_SUPPORT_FORBIDDEN = re.compile(rf"\(\s*{_FORBIDS}\s*\)", _I)
# The same words outside brackets (twenty-seventh session): ", transfusions are not allowed",
# "; G-CSF may not be used within 14 days before enrollment", ". Growth factors not allowed."
_FORBIDDING_WORDS = re.compile(_FORBIDS, _I)

_SUPPORT_CLAUSE = re.compile(
    rf"\((?=[^()]*(?:{SUPPORT_WORDS}))[^()]*\)|"
    # A clause or a sentence that only forbids support, outside brackets (twenty-seventh
    # session): "..., transfusions are not allowed", ". Growth factors not allowed."
    rf"(?:[,;]|(?<=\.))\s*(?={_FORBIDS}\s*(?:[;.]|$))[^;.()]*|"
    rf"[,;]\s*(?:without|in the absence of|independent of|no)\b(?=[^;.()]*(?:{SUPPORT_WORDS}))"
    r"[^;.()]*|"
    # The same with no comma (twenty-seventh session): "Hemoglobin ≥ 9 g/dL without transfusion
    # support"; not "with or without transfusion" (support allowed).
    r"(?<=\s)(?<!\bor\s)(?:without|in the absence of|independent of)\b"
    rf"(?=[^;.()]*(?:{SUPPORT_WORDS}))[^;.()]*|"
    # A note of its own after the counts: "Note: The above items require that patients have
    # not received any blood component or supportive therapy ... within two weeks" (NCT06056323).
    rf"(?:\bNote\s*:|(?<=\.)\s)(?=[^;.()]*\b(?:not|no|without|never)\b[^;.()]*"
    rf"(?:{SUPPORT_WORDS}))[^;.()]*",
    _I,
)


def _allows(clause: str) -> bool:
    """CT-LAB-SUPPORT: the support clause allows support ("(transfusion allowed)", "may"), not
    only forbids it ("(no transfusions allowed)", "(G-CSF may not be used)")."""
    words = clause.strip(" ,;:.")
    return bool(_SUPPORT_ALLOWED.search(clause)) and not (
        _SUPPORT_FORBIDDEN.fullmatch(words) or _FORBIDDING_WORDS.fullmatch(words)
    )


def without_support_permission(text: str) -> str:
    """CT-LAB-SUPPORT: the text without a bracket that only allows or only forbids support
    ("(transfusions are allowed)", "(transfusions are not allowed)"): its "allowed" is said of
    the support, no hedge on who may enrol (the lead-in checks of `extraction`)."""
    return _SUPPORT_FORBIDDEN.sub(" ", PLAIN_SUPPORT_ALLOWANCE.sub(" ", text))


_BLOOD_COUNTS = frozenset({Analyte.ANC, Analyte.PLATELETS, Analyte.HEMOGLOBIN})
# The counts an allowed support can raise, by its words (the first that fits; growth factors
# and "support" in general may raise any count): a transfusion raises no neutrophil count.
_RAISES: tuple[tuple[re.Pattern[str], frozenset[Analyte]], ...] = (
    (re.compile(r"platelets?\s+transfus", _I), frozenset({Analyte.PLATELETS})),
    (
        re.compile(r"(?:red(?:\s+blood)?\s+cells?|RBC|PRBC)\s+transfus|erythropoie", _I),
        frozenset({Analyte.HEMOGLOBIN}),
    ),
    (re.compile(r"G[- ]?CSF", _I), frozenset({Analyte.ANC})),
    (
        re.compile(r"transfus|blood\s+products?", _I),
        frozenset({Analyte.HEMOGLOBIN, Analyte.PLATELETS}),
    ),
)
_SUPPORT_NOUN_RE = re.compile(_SUPPORT_NOUN, _I)


def _raised_by(allowance: str) -> set[Analyte]:
    """CT-LAB-SUPPORT: the counts the support an allowance names can raise."""
    raised: set[Analyte] = set()
    for noun in _SUPPORT_NOUN_RE.finditer(allowance):
        words = noun.group()
        raised |= next((c for pattern, c in _RAISES if pattern.search(words)), _BLOOD_COUNTS)
    return raised


# A limit inside the clause ("(≥ 1.0 with G-CSF)") may be a looser alternative: not read.
_LIMIT_IN_CLAUSE = re.compile(
    r"(?:≥|>=|=>|>|≤|<=|=<|<)\s*\d+(?:[.,]\d+)*(?![\d.,])"
    r"(?!\s*(?:days?|weeks?|hours?|months?|h\b))",
    _I,
)


def _support_clause(text: str) -> re.Match[str] | None:
    """CT-LAB-SUPPORT: the one support condition after the blood counts' limits of an item
    whose every lab is a blood count; None when there is none, or more than one."""
    clauses = list(_SUPPORT_CLAUSE.finditer(text))
    if len(clauses) != 1 or _LIMIT_IN_CLAUSE.search(clauses[0].group()):
        return None
    if _allows(clauses[0].group()):
        return None  # "(transfusion allowed)" allows support: no condition to check
    clause = clauses[0]
    before = text[: clause.start()]
    analytes = {a for _, _, a in _mentions(before)}
    if not analytes or not analytes <= _BLOOD_COUNTS or _mentions(text[clause.end() :]):
        return None
    return clause


def _support_allowance(text: str) -> re.Match[str] | None:
    """CT-LAB-SUPPORT: the one bracket after a blood count that only allows support ("(with or
    without transfusion)"): no condition to check (`_with_allowance` reads it)."""
    allowances = list(PLAIN_SUPPORT_ALLOWANCE.finditer(text))
    if len(allowances) != 1:
        return None
    before = _mentions(text[: allowances[0].start()])
    if not before or before[-1][2] not in _BLOOD_COUNTS:
        return None
    return allowances[0]


def _blank(text: str, match: re.Match[str] | None) -> str:
    if match is None:
        return text
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def read_labs(reading: Reading) -> None:
    original = reading.text
    text, exceptions = _exception_clauses(original)
    implied = _implied_clause(text)
    text = _blank(text, implied)
    support = _support_clause(text)
    text = _blank(text, support)
    allowance = _support_allowance(text)
    text = _blank(text, allowance)
    groups = _groups(text, _mentions(text))
    if not groups:
        return
    if exceptions:
        reading.unsure.add("lab_exception")  # read with its exception; the item stays for review
    # The groups are read without the exception's words (its "for patients with" would make
    # every threshold conditional); the other readers and the quote keep the full text.
    reading.text = text
    try:
        _read_lab_groups(reading, groups)
    finally:
        reading.text = original
    if exceptions:
        _with_exceptions(reading, exceptions)
    if names_support(text):
        _without_plain_counts(reading)
        return
    for read in (implied, allowance):  # spanned once a lab is read: no leftover words
        if read is not None and any(found.field == "lab" for found in reading.found):
            reading.spans.append(span_of(read))
    if allowance is not None:
        _with_allowance(reading, allowance.group())
    if support is not None:
        _with_support(
            reading, re.sub(r"^Note\s*:\s*", "", support.group().strip(" ,;()"), flags=_I)
        )


def _without_plain_counts(reading: Reading) -> None:
    """CT-LAB-SUPPORT: support named where no support reading read it ("... . Transfusions are
    allowed.", "Erythropoietin use is prohibited", two clauses): the item's blood counts are
    left for review, neither plain limits nor held with a condition the text may not set
    (twenty-seventh session); its other labs keep their limits."""
    kept = [
        found
        for found in reading.found
        if found.field != "lab" or not _analytes(found.build("probe")) & _BLOOD_COUNTS
    ]
    if len(kept) != len(reading.found):
        reading.found[:] = kept
        reading.unsure.add("lab")


def _with_support(reading: Reading, condition: str) -> None:
    """CT-LAB-SUPPORT: every blood count read from the item holds with the support condition."""
    for index, found in enumerate(reading.found):
        if found.field == "lab":
            reading.found[index] = replace(
                found, build=functools.partial(limit_and, found.build, condition, reading.text)
            )
    reading.unsure.add("lab_support")  # the condition is checked by a person


def _limit_or_support(build: Build, allowance: str, text: str, cid: str) -> AnyOfCriterion:
    """The count's limit, or the support the protocol allows to raise it: a count under the
    limit is unknown until a person checks (a transfusion may bring it up), never not met."""
    limit = build(f"{cid}a")
    words = FreeTextCriterion(
        id=f"{cid}b",
        label=f"Support allowed: {allowance}",
        text=f"{allowance}: the protocol allows this support to raise the count; check",
        source_text=text,
    )
    return AnyOfCriterion(
        id=cid, label=f"{limit.label} ({allowance})", criteria=(limit, words), source_text=text
    )


def _with_allowance(reading: Reading, clause: str) -> None:
    """CT-LAB-SUPPORT: support allowed ("(with or without transfusion)"): each count it can
    raise holds unless the support brings it up; the others are plain limits."""
    allowance = clause.strip(" ,;:()")
    raised = _raised_by(allowance)
    for index, found in enumerate(reading.found):
        probe = found.build("probe") if found.field == "lab" else None
        if isinstance(probe, LabCriterion) and probe.analyte in raised:
            build = functools.partial(_limit_or_support, found.build, allowance, reading.text)
            reading.found[index] = replace(found, build=build)


# "with or without" that names support right after it ("with or without transfusion support"):
# support allowed (the window reader leaves it out of a window's words, CT-WINDOW).
WITH_OR_WITHOUT_SUPPORT = re.compile(rf"\bwith\s+or\s+without\s+(?:{_SUPPORT_NOUNS})", _I)


def _allows_support(text: str) -> bool:
    """CT-LAB-SUPPORT: whether a lead-in allows support outside a plain bracket: "with or
    without" names the support, and no other words name support (a support forbidden beside
    it: "..., but no G-CSF within 14 days"; twenty-fifth session's red-team review)."""
    allowed = WITH_OR_WITHOUT_SUPPORT.search(text)
    return allowed is not None and not names_support(_blank(text, allowed))


def names_support(text: str) -> bool:
    """CT-LAB-SUPPORT: the text names transfusion, growth factors or other support."""
    return _SUPPORT.search(text) is not None


def read_lead_in_support(reading: Reading, context: str | None) -> None:
    """CT-LAB-SUPPORT in the lead-in an item stands under ("Major organ functions meet the
    following criteria (no corrective treatment, such as G CSF, erythropoietin, and blood
    transfusion, within 2 weeks before enrollment):"): every blood count of the item holds with
    the condition, as a condition in the item itself does. A lead-in that names support in
    other words, or outside the one condition, sends the counts to review; other labs keep
    their limits, and the item stays listed for review (the condition is checked by a person)."""
    if context is None or not names_support(context):
        return
    labs = [
        (i, _analytes(f.build("probe"))) for i, f in enumerate(reading.found) if f.field == "lab"
    ]
    if not labs:
        return
    clauses = list(_SUPPORT_CLAUSE.finditer(context))
    clause = clauses[0].group() if len(clauses) == 1 else ""
    if clause and names_support(_blank(context, clauses[0])):
        clause = ""  # support named outside the clause too ("... can be on erythropoietin")
    # Support allowed, in the clause or, where the lead-in holds none, anywhere in it
    # ("Adequate bone marrow function with or without transfusion support:"; twenty-fifth
    # session): the counts it can raise hold unless it brings them up, the others are plain.
    allowing = clause if clauses else context
    if _allows_support(allowing) or PLAIN_SUPPORT_ALLOWANCE.fullmatch(clause):
        _with_allowance(reading, allowing)
        return
    reading.unsure.add("lab_support")
    counts = [i for i, analytes in labs if analytes & _BLOOD_COUNTS]
    if not clause or _LIMIT_IN_CLAUSE.search(clause) or _allows(clause):
        for index in reversed(counts):  # not read: the counts go to review, never plain
            del reading.found[index]
        return
    condition = clause.strip(" ,;:()")
    for index in counts:
        found = reading.found[index]
        reading.found[index] = replace(
            found, build=functools.partial(limit_and, found.build, condition, reading.text)
        )


def _analytes(criterion: Criterion) -> set[Analyte]:
    if isinstance(criterion, AnyOfCriterion | AllOfCriterion):
        return {a for part in criterion.criteria for a in _analytes(part)}
    return {criterion.analyte} if isinstance(criterion, LabCriterion) else set()


def _with_exceptions(reading: Reading, exceptions: list[_Exception]) -> None:
    """Criteria of a relaxed analyte hold unless the patient is in the excepted subgroup: "any
    of (the limit, the exception for review)", so a value over the limit is unknown, not not met.
    Each criterion carries only the exceptions that relax its analytes."""
    for index, found in enumerate(reading.found):
        if found.field != "lab":
            continue
        criterion = found.build("probe")
        members = criterion.criteria if isinstance(criterion, AnyOfCriterion) else (criterion,)
        analytes = {m.analyte for m in members if isinstance(m, LabCriterion)}
        words = [said for said, relaxed in exceptions if relaxed & analytes]
        if not words:
            continue
        reading.found[index] = replace(
            found,
            build=functools.partial(limit_unless, found.build, "; ".join(words), reading.text),
        )


def _read_lab_groups(reading: Reading, groups: list[list[_Mention]]) -> None:
    text = reading.text
    blocked = _blocked(text)
    results: list[_Result] = []
    for index, group in enumerate(groups):
        if not any(a is not None for _, _, a in group):
            continue
        end = groups[index + 1][0][0] if index + 1 < len(groups) else len(text)
        results.append(_read_group(reading, group, end, blocked))
    for chain in _chains(text, results):
        _add_chain(reading, chain)


def _mentions(text: str) -> list[_Mention]:
    mentions: list[_Mention] = []
    for match in _ANALYTE.finditer(text):
        index = int(next(name for name, value in match.groupdict().items() if value)[1:])
        mentions.append((match.start(), match.end(), _ANALYTE_WORDS[index][0]))
    return mentions


def _groups(text: str, mentions: list[_Mention]) -> list[list[_Mention]]:
    """Mentions joined by connectors only: "AST/ALT", "AST (SGOT) and ALT (SGPT)", "AST (serum
    glutamic-oxaloacetic transaminase [SGOT])/ALT" (CT-LAB-NAMES: a name in brackets, escaped
    or not, is the same lab)."""
    groups: list[list[_Mention]] = []
    for mention in mentions:
        if groups:
            gap = text[groups[-1][-1][1] : mention[0]]
            if re.fullmatch(r"[\s/,()\[\]\\&]*(?:and|or|and/or)?[\s/,()\[\]\\&]*", gap, _I):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


def _blocked(text: str) -> set[Analyte]:
    """A threshold relaxed elsewhere in the item ("≤ 5 × ULN with liver metastases", Gilbert's
    syndrome) is not one threshold: those analytes are left for review."""
    blocked: set[Analyte] = set()
    if re.search(r"\b(?:likely|expected|anticipated)\b", text, _I):
        blocked |= set(Analyte)  # a lab value the patient is expected to reach, not has
    if re.search(r"(?:liver|hepatic)\s+(?:metasta|involvement|lesion)", text, _I):
        blocked |= {Analyte.AST, Analyte.ALT, Analyte.TOTAL_BILIRUBIN}
    if re.search(r"gilbert", text, _I):
        blocked.add(Analyte.TOTAL_BILIRUBIN)
    if re.search(r"bone marrow (?:involvement|infiltration)|marrow involvement", text, _I):
        blocked |= {Analyte.ANC, Analyte.PLATELETS, Analyte.HEMOGLOBIN}
    return blocked


def _read_group(
    reading: Reading, group: list[_Mention], end: int, blocked: set[Analyte]
) -> _Result:
    """The criteria of one group from the threshold after it (up to the next group, `end`)."""
    text = reading.text
    analytes = [a for _, _, a in group if a is not None]
    if blocked.intersection(analytes):
        reading.unsure.add("lab")
        return group[0][0], group[-1][1], None
    start = group[-1][1]
    window = text[start:end]
    cut = re.search(r"\.\s|\.$", window)
    window = window[: cut.start()] if cut else window
    if _FOOTNOTE.search(window):
        reading.unsure.add("lab")  # LAB-FOOTNOTE: the footnote may loosen or define the limit
        return group[0][0], group[-1][1], None
    # The clause before the lab name: "for participants with creatinine above ULN".
    clause = re.split(r"[,;.:]\s", text[: group[0][0]])[-1]
    # "Adequate renal function with a creatinine clearance of ...": the lab itself, no condition.
    clause = re.sub(r"\bfunction with an?\s*$", " ", clause, flags=_I)
    criteria: list[LabCriterion] | None = None
    consumed = 0
    if (
        not any(a is None for _, _, a in group)
        and not _CONDITIONAL.search(window)
        and not _CONDITIONAL.search(clause)
    ):
        read = _lab_criteria(sorted(set(analytes), key=analytes.index), window, reading)
        if read is not None:
            criteria, consumed = read
    if criteria is None:
        reading.unsure.add("lab")
    return group[0][0], start + (consumed or len(window)), criteria


def _chains(text: str, results: list[_Result]) -> list[list[_Result]]:
    """Groups joined by "or" form one chain: alternatives in an inclusion item (any of them),
    each excluded in an exclusion item."""
    chains: list[list[_Result]] = []
    for position, result in enumerate(results):
        gap = text[results[position - 1][1] : result[0]] if position else ""
        if chains and re.search(r"\bor\b", gap, _I):
            chains[-1].append(result)
        else:
            chains.append([result])
    return chains


def _add_chain(reading: Reading, chain: list[_Result]) -> None:
    """A chain with an unreadable member is not read at all."""
    if any(criteria is None for _, _, criteria in chain):
        return
    readable = [(start, end, criteria) for start, end, criteria in chain if criteria]
    spans = [(start, end) for start, end, _ in readable]
    members = [criterion for _, _, criteria in readable for criterion in criteria]
    if len(chain) > 1 and not reading.excludes:
        text = reading.text

        def build_any(cid: str) -> Criterion:
            children = tuple(
                member.model_copy(update={"id": f"{cid}{chr(97 + offset)}"})
                for offset, member in enumerate(members)
            )
            return AnyOfCriterion(
                id=cid,
                label=" or ".join(child.label for child in children),
                criteria=children,
                source_text=text,
            )

        reading.add("lab", build_any, *spans)
        return
    for criterion in members:
        reading.add("lab", functools.partial(_with_id, criterion), *spans)


def _lab_criteria(
    analytes: list[Analyte], window: str, reading: Reading
) -> tuple[list[LabCriterion], int] | None:
    """The criteria for `analytes` from the threshold that follows them, and where it ends."""
    bare = _BARE_ULN.search(window)
    stated = find_constraint(window, allow_bare=False)
    if stated is not None and (bare is None or stated.start <= bare.start()):
        if stated.kind != "cmp" or stated.op is None:
            return None
        op: Comparator = negate(stated.op) if reading.excludes else stated.op
        value: float = stated.value
        after = window[stated.end :]
        consumed = stated.end
    elif bare is not None:
        written: Comparator = "<=" if bare.group("le") else ">" if bare.group("gt") else "<"
        op = negate(written) if reading.excludes else written
        value, after = 1.0, " x ULN"
        consumed = bare.end()
    else:
        return None
    criteria: list[LabCriterion] = []
    for analyte in analytes:
        canonical, times_uln = _convert(analyte, value, after)
        if canonical is None and times_uln is None:
            return None
        if (
            canonical is not None
            and not _PLAUSIBLE[analyte][0] <= canonical <= _PLAUSIBLE[analyte][1]
        ):
            return None
        named = f"{_LAB_NAMES[analyte]} {COMPARATOR_SYMBOLS[op]}"
        if canonical is not None:
            label = f"{named} {canonical:g} {CANONICAL_UNITS[analyte]}"
        else:
            label = f"{named} {times_uln:g} × ULN"
        criteria.append(
            LabCriterion(
                id="lab",
                label=label,
                analyte=analyte,
                comparator=op,
                value=canonical,
                unit=CANONICAL_UNITS[analyte] if canonical is not None else None,
                times_uln=times_uln,
                source_text=reading.text,
            )
        )
    return criteria, consumed


def _with_id(criterion: LabCriterion, cid: str) -> Criterion:
    return criterion.model_copy(update={"id": cid})
