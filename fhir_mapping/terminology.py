"""Terminology tables: code systems, codes and name patterns, read from `data/*.csv`.

Columns `system,code,match,concept,source`; `match` is `exact` or `prefix` for codes, `regex` for
`system=text` rows (case-insensitive patterns over coding displays and `CodeableConcept.text`).
A row whose code could not be verified says `unverified` in `source`; every concept it names is
also recognised by a text pattern, so such a code is never the only way in (a test checks this).
Lines starting with `#` are comments.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from eligibility.caches import BoundedMemo
from eligibility.codes import ICD10, ICD10CM, ICDO3
from eligibility.taxonomy import default_taxonomy
from fhir_mapping.errors import TerminologyTableError
from fhir_mapping.spread_words import (
    SECONDARY,
    SECONDARY_BRAIN,
    SECONDARY_NODES,
    leans_against_brain_metastases,
    names_leptomeningeal,
    names_meninges_title,
    names_the_leptomeninges,
    read_spread,
)
from fhir_mapping.text_patterns import text_pattern

TEXT = "text"
# DX-PLACE: a cancer concept known only to lie under a node (`within:<node>`; `within:` any),
# and a carcinoma named by its histology alone (some solid tumour; `diagnoses.place`).
WITHIN = "within:"
HISTOLOGY_CARCINOMA = "histology:carcinoma"
# EXP-NAMES: what a Latin drug name or code is made of. A name matches only where the characters
# beside it are none of these, so Chinese beside a Latin name bounds it as a space would.
LATIN_WORD_CHARACTER = "[A-Za-z0-9_-]"
# EXP-NAMES: the four-letter suffix the FDA adds to a biologic's core name ("toripalimab-tpzi");
# FDA Guidance for Industry, Nonproprietary Naming of Biological Products (January 2017).
FDA_SUFFIX = "-[a-z]{4}"
# Entries per lookup memo: far more than the distinct codes and texts of the charts in flight,
# and still a bounded few MB.
MEMO_LIMIT = 50_000
# ICD-10 (WHO) and ICD-O-3 topography share ICD-10-CM's site chapters C00-C97, so rows written
# for ICD-10-CM apply to them too.
_SYSTEM_ALIASES = {ICD10: ICD10CM, ICDO3: ICD10CM, "urn:oid:2.16.840.1.113883.6.90": ICD10CM}


def _normalise_system(system: str) -> str:
    return _SYSTEM_ALIASES.get(system, system)


def _normalise_code(system: str, code: str) -> str:
    # ICD codes arrive both as "C11.9" and "C119"; compare without the dot.
    code = code.strip()
    if system == ICD10CM:
        return code.replace(".", "").upper()
    return code


@dataclass(frozen=True, slots=True)
class Coding:
    system: str
    code: str
    display: str | None = None


@dataclass(frozen=True, slots=True)
class CodedText:
    """What a CodeableConcept says: its codings and its human-readable text, neutral to how it was
    read (raw JSON during selection, validated models during mapping)."""

    codings: tuple[Coding, ...] = ()
    text: str | None = None

    def texts(self) -> tuple[str, ...]:
        found = [c.display for c in self.codings if c.display]
        if self.text:
            found.append(self.text)
        return tuple(found)

    def __add__(self, other: CodedText) -> CodedText:
        text = " ; ".join(t for t in (self.text, other.text) if t) or None
        return CodedText(self.codings + other.codings, text)


@dataclass(frozen=True, slots=True)
class TableRow:
    system: str
    code: str
    match: str
    concept: str
    source: str

    @property
    def verified(self) -> bool:
        return "unverified" not in self.source.lower()


class ConceptTable:
    """Maps codings and texts to concepts: exact codes, then the longest code prefix, then the
    first text pattern (in file order) that matches."""

    def __init__(self, name: str, rows: Sequence[TableRow]) -> None:
        self.name = name
        self.rows = tuple(rows)
        self._exact: dict[tuple[str, str], TableRow] = {}
        self._prefix: dict[str, list[tuple[str, TableRow]]] = {}
        self._patterns: list[tuple[re.Pattern[str], TableRow]] = []
        self._memo: BoundedMemo[CodedText, tuple[str, ...]] = BoundedMemo(
            f"fhir_mapping.terminology.concepts[{name}]", MEMO_LIMIT
        )
        for row in rows:
            system = _normalise_system(row.system)
            if row.match == "regex":
                self._patterns.append((text_pattern(row.code), row))
            elif row.match == "prefix":
                self._prefix.setdefault(system, []).append((_normalise_code(system, row.code), row))
            else:
                self._exact[(system, _normalise_code(system, row.code))] = row
        for entries in self._prefix.values():
            entries.sort(key=lambda entry: len(entry[0]), reverse=True)

    def row_for_code(self, coding: Coding) -> TableRow | None:
        system = _normalise_system(coding.system)
        code = _normalise_code(system, coding.code)
        row = self._exact.get((system, code))
        if row is not None:
            return row
        for prefix, prefixed in self._prefix.get(system, ()):
            if code.startswith(prefix):
                return prefixed
        return None

    def row_for_text(self, text: str) -> TableRow | None:
        for pattern, row in self._patterns:
            if pattern.search(text):
                return row
        return None

    def code_rows(self, coded: CodedText) -> list[TableRow]:
        return [row for c in coded.codings if (row := self.row_for_code(c)) is not None]

    def text_rows(self, coded: CodedText) -> list[TableRow]:
        return [row for t in coded.texts() if (row := self.row_for_text(t)) is not None]

    def concepts(self, coded: CodedText) -> tuple[str, ...]:
        """All concepts found, verified code hits first, then text hits, then unverified codes.

        Memoised: a chart repeats the same few codes (vitals, one lab panel) hundreds of times."""
        found = self._memo.get(coded)
        if found is None:
            code_rows = self.code_rows(coded)
            ordered = [r for r in code_rows if r.verified] + self.text_rows(coded)
            ordered += [r for r in code_rows if not r.verified]
            found = self._memo.put(coded, tuple(dict.fromkeys(row.concept for row in ordered)))
        return found

    def nested_code_rows(self, coding: Coding) -> list[TableRow]:
        """The exact row and every prefix row a code falls under, most specific first: a code
        may be two concepts (ICD-10-CM I25.5 ischaemic cardiomyopathy is its exact row's
        cardiomyopathy and its I25 prefix's coronary disease: CMB-CODES)."""
        system = _normalise_system(coding.system)
        code = _normalise_code(system, coding.code)
        exact = self._exact.get((system, code))
        rows = [exact] if exact is not None else []
        rows += [row for prefix, row in self._prefix.get(system, ()) if code.startswith(prefix)]
        return rows

    def every_concept(self, coded: CodedText, *, nested: bool = False) -> tuple[str, ...]:
        """Every concept any code or any pattern finds, where one text may name several
        ("IMRT nasopharynx and neck"); `nested`: a code is also every prefix it falls under
        (`nested_code_rows`); not memoised (for the few resources that need it)."""
        if nested:
            rows = [row for c in coded.codings for row in self.nested_code_rows(c)]
        else:
            rows = self.code_rows(coded)
        rows += [row for t in coded.texts() for p, row in self._patterns if p.search(t)]
        return tuple(dict.fromkeys(row.concept for row in rows))

    def first(self, coded: CodedText) -> str | None:
        found = self.concepts(coded)
        return found[0] if found else None

    def codes_for(self, concept_prefix: str, system: str) -> list[str]:
        return [
            row.code
            for row in self.rows
            if row.system == system
            and row.match == "exact"
            and row.verified
            and row.concept.startswith(concept_prefix)
        ]


def _read_rows(filename: str, columns: Iterable[str]) -> list[dict[str, str]]:
    text = resources.files("fhir_mapping").joinpath(f"data/{filename}").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines)
    wanted = list(columns)
    if reader.fieldnames is None or list(reader.fieldnames) != wanted:
        raise TerminologyTableError(filename, 1, f"columns must be {','.join(wanted)}")
    rows: list[dict[str, str]] = []
    for number, row in enumerate(reader, start=2):
        if any(row.get(column) is None for column in wanted) or None in row:
            raise TerminologyTableError(filename, number, "wrong number of columns")
        rows.append({key: value.strip() for key, value in row.items() if key is not None})
    return rows


def _concept_table(filename: str) -> ConceptTable:
    rows = []
    for number, raw in enumerate(
        _read_rows(filename, ("system", "code", "match", "concept", "source")), 2
    ):
        if raw["match"] not in {"exact", "prefix", "regex"}:
            raise TerminologyTableError(filename, number, "match must be exact, prefix or regex")
        if (raw["match"] == "regex") != (raw["system"] == TEXT):
            raise TerminologyTableError(filename, number, "regex rows are exactly the text rows")
        if not raw["source"]:
            raise TerminologyTableError(filename, number, "every row needs a source")
        rows.append(TableRow(**raw))
    return ConceptTable(filename, rows)


@cache
def cancer_table() -> ConceptTable:
    return _concept_table("cancer_concepts.csv")


_MALIGNANT = re.compile(
    r"cancer|carcinom|malignan|neoplasm|tumou?r|lymphoma|leuk|sarcoma|melanoma|myeloma|"
    r"mesothelioma|glioblastoma|metasta|\bnsclc\b|\bsclc\b|\bnpc\b|(?-i:\bGISTs?\b|\bDCIS\b|\bIDC\b|\bILC\b)"
    r"|癌|瘤|白血病|转移"
    # DX-PLACE (twenty-sixth session, cancers9): a thymoma and a carcinoid, named by no cancer
    # word of their own (胸腺瘤, 类癌 have 瘤 and 癌).
    r"|thymoma|carcinoid"
    # DX-PLACE (twenty-eighth session, cancers12): a Krukenberg tumour, a metastatic
    # adenocarcinoma in the ovary, named by no cancer word of its own.
    r"|krukenberg|库肯勃|库肯伯格"
    # DX-PLACE: lentigo maligna, a melanoma in situ, names no malignancy word of its own.
    r"|lentigo maligna|恶性雀斑"
    # DX-WORDS: "Ca", carcinoma as clinicians abbreviate it ("鼻咽Ca", "Ca nasopharynx") --
    # not a tumour marker ("CA125", "CA 19-9") nor calcium ("Ca2+").
    r"|(?<![a-z])ca(?![a-z0-9])(?!\s*-?\s*\d{2})",
    re.IGNORECASE,
)


def names_malignancy(text: str) -> bool:
    """Whether `text` names a malignancy in words ("carcinoma", "癌", "肺腺癌"), placed or not."""
    return _MALIGNANT.search(text) is not None


_cancer_memo: BoundedMemo[CodedText, tuple[str, ...]] = BoundedMemo(
    "fhir_mapping.terminology.cancer_concepts", MEMO_LIMIT
)


def cancer_concepts(concept: CodedText) -> tuple[str, ...]:
    """Cancer concepts (taxonomy nodes or secondary kinds) a Condition code names.

    Text patterns count only when the text also says the condition is malignant ("carcinoma",
    "cancer", "malignant", "癌", ...), so "gastro-oesophageal reflux" or "hypothyroidism" are not
    cancers. Order: verified code rows, then text, then unverified code rows."""
    found = _cancer_memo.get(concept)
    if found is None:
        found = _cancer_memo.put(concept, _cancer_concepts(concept))
    return found


# DX-PLACE: a pathology report's diagnosis line names the organ in brackets before the histology,
# "（右肺上叶）浸润性腺癌", and is read as "右肺上叶浸润性腺癌": only a bracket that opens the text
# or a clause, holds a few words and runs on into the histology.
_ORGAN_IN_BRACKETS = re.compile(r"(?:^|(?<=[:：,，;；\s]))[（(]([^（）()]{1,12})[)）](?=\S)")
# DX-PLACE: ... unless the line calls its carcinoma a metastasis ("（右肺下叶）鳞状细胞癌，
# 结合病史，符合转移"): the bracket then names where the specimen was taken, not the organ of
# a primary.
_CALLED_A_METASTASIS = re.compile(
    r"(?<![不未非无])(?:符合|考虑|提示|倾向|支持)(?:为|于)?\s*(?:转移|继发)(?:性)?"
    r"(?:癌|瘤|肿瘤|病变|灶)?\s*(?:可能)?\s*(?:[，,；;。)）]|$)"
    # "in keeping with", radiology's and pathology's other firm read (twenty-seventh session).
    r"|(?<!not )(?<!\bnot\s)\b(?:(?:consistent|compatible|in keeping) with|suggestive of|favou?rs?)"
    r" metasta",
    re.IGNORECASE,
)


# DX-PLACE: invasion the words deny is no invasion ("原位癌，未见浸润", "DCIS, no evidence of
# invasion"): dropped before the in-situ rows of `cancer_concepts.csv` look for invasion. Only
# the stroma's or the basement membrane's, or invasion unqualified: "未见脉管浸润" (no vessel
# invasion) or "未见宫旁浸润" says nothing of whether the cancer is invasive.
_DENIED_INVASION = re.compile(
    r"(?:未见|未发现|无|不伴)(?:明确|明显)?(?:的)?(?:间质|基底膜外?)?(?:微)?浸润(?:性癌)?(?:成分)?"
    r"|\b(?:no|without|negative for)\s+(?:evidence\s+of\s+|definite\s+|obvious\s+)?"
    r"(?:stromal\s+)?(?:micro-?)?invasion(?:\s+(?:is\s+)?(?:identified|seen|noted|present))?"
    # An invasive carcinoma or component denied ("DCIS, no invasive component", "no invasive
    # carcinoma identified"; twenty-fifth session's red-team review) — not a residual one after
    # treatment ("no residual invasive carcinoma" keeps the cancer that was there).
    r"|\b(?:no|without|negative for)\s+(?:evidence\s+of\s+)?(?:an?\s+|any\s+)?invasive\s+"
    r"(?:carcinoma|cancer|component|disease|tumou?r)"
    r"(?:\s+(?:is\s+)?(?:identified|seen|noted|present))?",
    re.IGNORECASE,
)


# DX-PLACE: the squamous cell carcinoma antigen (SCC-Ag, SCCA, 鳞状细胞癌相关抗原), a tumour
# marker, names no cancer: its name, and "SCC" followed by a result ("SCC 3.2 ng/mL", "SCC升高"),
# are read as not there (twenty-sixth session); a result written "(+)", "(-)", "+" is one too
# ("肿瘤标志物：SCC(+)", twenty-sixth session, cancers9); a minus only where it ends the words
# or its bracket ("SCC(-)", "SCC -，CEA -"): a problem list's dash separator is no result ("Lung
# SCC - RUL lobectomy 2024", "Metastatic SCC - right parotid": twenty-seventh session, red-team
# review; before it, the lung cancer was none and the parotid's metastasis a salivary primary).
_TUMOUR_MARKER = re.compile(
    r"(?:squamous[- ]cell[- ]carcinoma|(?<![A-Za-z0-9_-])SCC)\s*-?\s*(?:related\s+|associated\s+)?"
    r"(?:antigen|Ag)(?![A-Za-z])"
    r"|(?<![A-Za-z0-9_-])SCCA?(?![A-Za-z0-9_])(?=\s*(?:[:：=(（-]\s*)?(?:[\d<>≤≥↑↓]"
    r"|[+＋](?![A-Za-z])|[\-－−](?=\s*(?:$|[)）\]】,，;；。、]))|升高|增高|偏高|降低|下降|阳性|阴性|异常|正常|水平|值|检测|elevated|raised|high|level|normal|positive"
    r"|negative))"
    r"|鳞(?:状)?(?:上皮)?细胞癌(?:相关)?抗原|鳞癌(?:相关)?抗原",
    re.IGNORECASE,
)
# DX-PLACE: "SCC" is squamous cell carcinoma as clinicians abbreviate it ("SCC of tongue", "Lung
# SCC", "Metastatic SCC"; "cSCC" cutaneous), read only with other words beside it: alone it may
# be the SCC antigen's test as well, and a lab's name is never read as a cancer.
_SCC = re.compile(r"(?<![A-Za-z0-9_-])(c)?SCC(?![A-Za-z0-9_])")
_SPELLED_OUT = {"": "squamous cell carcinoma", "c": "cutaneous squamous cell carcinoma"}


def _abbreviations_read(text: str) -> str:
    """DX-PLACE: `text` less its tumour marker names, with "SCC" spelled out where other words
    stand beside it."""
    text = _TUMOUR_MARKER.sub(" ", text)
    if _SCC.search(text) is None or not re.search(r"[^\W\d_]", _SCC.sub(" ", text)):
        return text
    return _SCC.sub(lambda found: _SPELLED_OUT[found.group(1) or ""], text)


# DX-PLACE, MAL-OTHER (twenty-sixth session): words that name no cancer of their own, taken out
# before a text is read for its cancer (the last rows of `cancer_concepts.csv` read any other
# carcinoma or cancer word as a malignancy naming no site): the known cancer's pain (癌痛,
# 癌性疼痛, 癌症疼痛, "cancer pain"), its effusion or fever (癌性胸水 is read as spread by
# STG-SPREAD-WORDS first), a tumour marker (癌胚抗原, "carcinoembryonic antigen", "cancer
# antigen"), a precancerous lesion (癌前病变, "precancerous"), genes (抑癌基因, 癌基因), a
# cancer's screening (宫颈癌筛查, 癌症筛查; "screening" in English makes the whole entry no
# diagnosis, DX-WORDS), prevention (防癌), therapy (抗癌) and a risk of cancer. (twenty-sixth
# session's second red-team review) So are the known cancer's other symptoms as wards write
# them: 癌因性疲乏 (cancer-related fatigue), 癌症相关性贫血 (cancer-related anaemia) — only where
# no organ's word stands right before 癌 (肺癌相关性贫血 names a lung cancer) — and "Cancer
# cachexia", "cancer fatigue", "cancer anorexia", "cancer anaemia" where no word stands before
# "cancer" ("Lung cancer cachexia" names a lung cancer); before it each was asked about as
# another cancer, a needless unknown. "cancer pain", "cancer-related", "cancer-associated" are
# likewise taken out only where no word but a grade (chronic, advanced, severe) stands before
# them: "Breast cancer-related lymphedema" names a breast cancer (before it, the organ went
# with the words and the breast cancer was none, an unsafe met).
_NO_CANCER_OF_ITS_OWN = re.compile(
    r"癌(?:症|性)?(?:疼痛|痛)|癌性(?:胸水|腹水|胸腔积液|腹腔积液|心包积液|积液|发热|恶病质)"
    r"|(?<![\u4e00-\u9fff])癌(?:症)?(?:因性|相关性?)"
    r"|(?:\b(?:chronic|acute|advanced|severe|moderate|mild)\s+|(?<![a-z] )(?<![a-z]-)\b)"
    r"cancer[- ](?:cachexia|fatigue|anorexia|an(?:a)?emia|pain|related|associated)\b"
    # (twenty-seventh session, red-team review) The same named by "malignancy" (恶性肿瘤相关性
    # 贫血, "Malignancy-related anemia", "Hypercalcemia of malignancy", "Anaemia of cancer"),
    # and "metastatic" among the words before "cancer-related" ("Metastatic cancer-related
    # pain"): before it each was a malignancy naming no site, asked about as another cancer.
    r"|(?<![\u4e00-\u9fff])恶性肿瘤(?:因性|相关性?)"
    r"|(?<![a-z] )(?<![a-z]-)\bmalignancy[- ](?:related|associated)\b"
    r"|\bmetastatic\s+cancer[- ](?:related|associated)\b"
    r"|\b(?:hypercalc(?:a)?emia|an(?:a)?emia|cachexia|fatigue|pain|anorexia|thrombosis)"
    r"\s+(?:of|due\s+to|from)\s+(?:the\s+)?(?:malignancy|cancer)\b(?!\s+(?:of|in)\b)"
    r"|癌胚抗原|癌前(?:病变|病损|状态|疾病)?|(?:抑|原)?癌基因|防癌|抗癌"
    r"|[\u4e00-\u9fff]{0,8}?癌(?:症)?(?:早期)?筛查"
    r"|\bcarcinoembryonic\s+antigen\b"
    r"|\bcancer\s+antigen\b|\bpre-?\s?cancer(?:ous)?\b|\banti-?\s?cancer\b"
    # The known cancer's follow-up, a visit's reason ("Cancer follow-up", "Cancer
    # surveillance", 癌症随访, 癌症复查), only where no word stands before "cancer" or 癌 as for
    # its symptoms ("Breast cancer follow-up" names a breast cancer); and a tumour thrombus, the
    # known cancer's spread into a vein (门静脉癌栓, 下腔静脉癌栓, 脉管内癌栓; "肝癌伴门静脉癌栓"
    # keeps its 肝癌). Twenty-seventh session (cancers10): before it each was asked about as a
    # cancer of no known site, a needless unknown.
    r"|(?<![a-z] )(?<![a-z]-)\bcancer[- ](?:follow[- ]?ups?|surveillance)\b"
    r"|\bfollow[- ]?ups?\s+(?:of|for|after)\s+(?:treated\s+)?cancer\b"
    r"|(?<![\u4e00-\u9fff])癌(?:症)?(?:术后)?(?:随访|复查)|癌栓"
    # a risk of cancer, not a cancer, with its organ ("High risk for breast cancer", "risk of
    # developing ovarian cancer", 乳腺癌高危; twenty-sixth session, cancers9) — not the risk of a
    # cancer's recurrence or spread, which says the patient had it.
    r"|\bcancer\s+risk\b|癌(?:症)?(?:高危|风险)"
    r"|\brisk\s+(?:of|for)\s+(?:developing\s+)?(?:(?!recurr|relaps|metasta)[a-z'-]+\s+){0,3}?"
    r"(?:cancer|carcinoma|malignancy)\b(?!\s+(?:recurrence|relapse|progression|metastas[ie]s"
    r"|death|mortality|survivors?)\b)",
    re.IGNORECASE,
)
# ... and, for whether a text names a malignancy at all (not for which one it names), a
# malignancy it denies ("Colon polyp, no evidence of carcinoma", "未见癌", "negative for
# malignancy": not "no residual carcinoma", what a treated cancer left, nor a cancer named by
# its organ, "no recurrent nasopharyngeal carcinoma", which DX-WORDS reads) and a benign tumour
# or lesion ("Benign breast tumor", 乳腺良性肿瘤).
_NAMED_NOT_MALIGNANT = re.compile(
    r"(?:未见|未发现|未查见|(?<![有])无)(?:明确|明显)?(?:的)?(?:恶性肿瘤|恶性|癌|肿瘤)(?:细胞|证据|成分)?"
    r"|\b(?:no|without|negative for)\s+(?:evidence\s+of\s+|definite\s+)?(?:carcinoma|malignancy"
    r"|malignant\s+(?:cells?|tumou?rs?|neoplasms?)|cancer|tumou?r|neoplasm)\b"
    r"|\bbenign\s+(?:[a-z]+\s+){0,3}?(?:tumou?rs?|neoplasms?|lesions?|mass(?:es)?|growths?|nodules?"
    r"|polyps?|cysts?)\b|良性[\u4e00-\u9fff]{0,4}?(?:肿瘤|瘤|病变|占位|结节|息肉|囊肿)"
    # A fibroid is a leiomyoma, a benign tumour ("Uterine fibroid tumor": before the twenty-
    # seventh session, cancers10, an endometrial cancer by its "uterine" and "tumor").
    r"|\bfibroids?(?:\s+(?:tumou?rs?|uterus))?\b",
    re.IGNORECASE,
)


# DX-PLACE (twenty-seventh session, cancers11): a tumour or neoplasm named with no malignant
# word ("Breast tumor", "Lung neoplasm", 鼻咽肿瘤) names no malignancy: most such entries are
# benign or not yet known, and a cancer is written as one. Not where the tumour's own name is a
# malignancy's: a gastrointestinal stromal, neuroendocrine, germ cell or Wilms tumour, 神经内分泌
# 肿瘤, 生殖细胞肿瘤; "malignant", "metastatic", "secondary" and 恶性 before it keep it too.
_TUMOUR_NAMING_NO_MALIGNANCY = re.compile(
    r"(?<!malignant )(?<!metastatic )(?<!secondary )(?<!stromal )(?<!neuroendocrine )"
    r"(?<!germ cell )(?<!germ-cell )(?<!wilms )(?<!wilms' )(?<!wilm's )"
    r"\b(?:tumou?rs?|neoplasms?)\b"
    r"|(?<!恶性)(?<!神经内分泌)(?<!生殖细胞)(?<!转移性)(?<!继发性)肿瘤",
    re.IGNORECASE,
)


def _names_a_malignancy(rest: str, tumour_words: bool = False) -> bool:
    """DX-PLACE: `rest` (a text less its spread and `_NO_CANCER_OF_ITS_OWN`) names a malignancy
    it neither denies nor calls benign (`_NAMED_NOT_MALIGNANT`), by more than a tumour's name
    (`_TUMOUR_NAMING_NO_MALIGNANCY`) unless `tumour_words` count."""
    named = _NAMED_NOT_MALIGNANT.sub(" ", rest)
    if not tumour_words:
        named = _TUMOUR_NAMING_NO_MALIGNANCY.sub(" ", named)
    return _MALIGNANT.search(named) is not None


def _called_a_metastasis(text: str) -> bool:
    """DX-PLACE: the words call their carcinoma a metastasis ("鳞状细胞癌，符合转移")."""
    return _CALLED_A_METASTASIS.search(text) is not None


# DX-PLACE: a carcinoma its own name calls metastatic and names by its histology alone
# ("metastatic SCC", "metastatic poorly differentiated squamous cell carcinoma"), not followed
# by where it came from ("of", "from") and in words naming no primary ("primary", "from NPC");
# or naming no histology either ("Metastatic cancer, right parotid", "Metastatic malignant
# tumor, right parotid": twenty-sixth session, cancers9).
_METASTATIC_HISTOLOGY = re.compile(
    r"\bmetastatic\s+(?:[a-z-]+\s+){0,4}?(?:carcinoma|adenocarcinoma|cancer|malignancy"
    r"|(?:malignant\s+)?(?:tumou?r|neoplasm))\b(?!\s+(?:of|from)\b)",
    re.IGNORECASE,
)
_ITS_ORIGIN = re.compile(r"\b(?:from|primary|origin)\b", re.IGNORECASE)


def _metastasis_site_unread(read: str) -> str:
    """DX-PLACE: where a carcinoma is called metastatic by its histology alone, the organ the
    entry names beside it is where it was found, not its primary ("Right parotid, FNA:
    metastatic SCC", "Metastatic SCC to right parotid", "Metastatic squamous cell carcinoma,
    lung": an NPC's spread as well as another cancer's): only the histology is read — a
    carcinoma naming no organ, called metastatic (twenty-sixth session's red-team review:
    before it, a parotid node of the NPC read as a salivary gland primary)."""
    found = _METASTATIC_HISTOLOGY.search(read)
    if found is None or _ITS_ORIGIN.search(read):
        return read
    row = cancer_table().row_for_text(found.group())
    if row is None or not row.concept.startswith((WITHIN, HISTOLOGY_CARCINOMA)):
        return read  # "metastatic nasopharyngeal carcinoma": the organ is its own
    return found.group()


def _organ_in_brackets_read(rest: str, text: str) -> str:
    """DX-PLACE: `rest` (`text` less its spread phrases) with a bracketed organ before the
    histology read as the organ's (`_ORGAN_IN_BRACKETS`), except where `text` calls its
    carcinoma a metastasis."""
    if _called_a_metastasis(text):
        return rest
    return _ORGAN_IN_BRACKETS.sub(r"\1", rest)


# DX-PLACE: the clauses of an entry that names several diagnoses: a clinic's numbered line
# ("1.鼻咽癌IVB期 2.膀胱原位癌术后"), a list after semicolons or commas.
_CLAUSE_BREAK = re.compile(
    r"[;；，,、。]|\d+\s*[.、．)）]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff\d])"
)
# The words of an in situ carcinoma's own clause.
_IN_SITU_WORDS = re.compile(
    r"原位|导管内癌|\bin[- ]situ\b|(?-i:\b[DL]CIS\b)|\bnon-?\s?invasive\b|非浸润性|lentigo maligna"
    r"|恶性雀斑",
    re.IGNORECASE,
)
_IN_SITU_NODES = frozenset({"carcinoma_in_situ", "breast_carcinoma_in_situ"})


def _beside_in_situ(table: ConceptTable, text: str, row: TableRow | None) -> TableRow | None:
    """DX-PLACE: an in situ row read first takes its entry whole; where another clause of the
    entry names an invasive cancer of another organ ("1.鼻咽癌IVB期 2.膀胱原位癌术后", "NPC;
    DCIS left breast"), the entry is that cancer's — the in situ words are their own clause's.
    A breast cancer beside a breast carcinoma in situ ("乳腺癌，导管原位癌") is the in situ one
    named twice. Twenty-fifth session: before it, the NPC of such a line was lost."""
    if row is None or row.concept not in _IN_SITU_NODES:
        return row
    clauses = [clause for clause in _CLAUSE_BREAK.split(text) if clause.strip()]
    # The organs the in situ clauses name, their in situ words aside ("non-invasive papillary
    # urothelial carcinoma" is the bladder's): a cancer of that organ beside it is the in situ
    # one named twice ("Bladder cancer, non-invasive papillary urothelial carcinoma").
    own = {
        found.concept
        for clause in clauses
        if _IN_SITU_WORDS.search(clause)
        and (found := table.row_for_text(_IN_SITU_WORDS.sub(" ", clause))) is not None
    }
    for clause in clauses:
        if _IN_SITU_WORDS.search(clause) or not _MALIGNANT.search(clause):
            continue
        other = table.row_for_text(clause)
        if other is None or other.concept in _IN_SITU_NODES or other.concept in own:
            continue
        if row.concept == "breast_carcinoma_in_situ" and other.concept == "breast_cancer":
            continue
        return other
    return row


_tumour_memo: BoundedMemo[CodedText, tuple[str, ...]] = BoundedMemo(
    "fhir_mapping.terminology.tumour_concepts", MEMO_LIMIT
)


def tumour_concepts(concept: CodedText) -> tuple[str, ...]:
    """DX-PLACE (twenty-seventh session, cancers11): the cancers whose organ a tumour named with
    no malignant word names ("Nasopharyngeal tumor", 鼻咽肿瘤: nasopharyngeal carcinoma) — no
    cancer of its own (`cancer_concepts` reads none), but the one a chart that records no
    cancer may be staging and treating, its histology still to be confirmed
    (`diagnoses.read_diagnoses`). Only placed nodes; () where no tumour word stands."""
    if not any(_TUMOUR_NAMING_NO_MALIGNANCY.search(t) for t in concept.texts()):
        return ()
    found = _tumour_memo.get(concept)
    if found is None:
        taxonomy = default_taxonomy()
        read = _cancer_concepts(concept, tumour_words=True)
        found = _tumour_memo.put(concept, tuple(c for c in read if c in taxonomy))
    return found


# MAL-OTHER, DX-PLACE (twenty-eighth session, cancers13): an organ's tumour or mass named with no
# malignant or benign word as Chinese and English problem lists write it — 乳腺肿瘤, 甲状腺肿物,
# 右乳肿块, 肺占位(性病变), "Breast mass", "Renal mass" — is what "Breast tumor" is: no documented
# cancer and no benign one. Only organs whose mass a coordinator asks about; not a nodule (结节,
# "nodule": benign in the great majority, a cancer found in one is written as one), nor the head
# and neck's (a parotid mass beside an NPC is most likely its node: cancers10), nor the uterus's
# (mostly fibroids). The literal test (`_MASS_LITERALS`) runs first.
_MASS_LITERALS = (
    "肿瘤",
    "肿物",
    "肿块",
    "占位",
    "mass",
    "Mass",
    "MASS",
    "tumo",
    "Tumo",
    "neoplasm",
)
_MASS_ORGANS: dict[str, str] = {
    "乳腺": "breast_cancer",
    "乳房": "breast_cancer",
    "乳": "breast_cancer",
    "breast": "breast_cancer",
    "肺": "lung_cancer",
    "lung": "lung_cancer",
    "pulmonary": "lung_cancer",
    "肝": "hepatocellular_carcinoma",
    "liver": "hepatocellular_carcinoma",
    "hepatic": "hepatocellular_carcinoma",
    "肾": "renal_cell_carcinoma",
    "kidney": "renal_cell_carcinoma",
    "renal": "renal_cell_carcinoma",
    "甲状腺": "thyroid_cancer",
    "thyroid": "thyroid_cancer",
    "卵巢": "ovarian_cancer",
    "ovarian": "ovarian_cancer",
    "胰腺": "pancreatic_cancer",
    "胰": "pancreatic_cancer",
    "pancreatic": "pancreatic_cancer",
    "胃": "gastric_cancer",
    "gastric": "gastric_cancer",
    "膀胱": "bladder_cancer",
    "bladder": "bladder_cancer",
}
_MASS_OF_AN_ORGAN = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[左右双侧]))(乳腺|乳房|乳|肺|肝|肾|甲状腺|卵巢|胰腺|胰|胃|膀胱)"
    r"(?![门盂管])(?:[左右]?[上中下]?叶|[左右]侧|外上|外下|内上|内下|象限|头|体|尾|部|区|内|实质)*"
    r"(?:肿瘤|肿物|肿块|占位)"
    r"|\b(breast|lung|pulmonary|liver|hepatic|kidney|renal|thyroid|ovarian|pancreatic|gastric"
    r"|bladder)\s+(?:(?:solid|cystic|complex|enhancing|left|right)\s+)?(?:mass(?:es)?|tumou?rs?"
    r"|neoplasms?)\b",
    re.IGNORECASE,
)
# ... unless its words deny it ("未见肺占位", "No breast mass"), in the clause before it.
_MASS_DENIED = re.compile(
    r"(?:未见|未发现|未查见|无|排除|除外|没有)[^，,；;。]*$"
    r"|\b(?:no|without|negative for)\b[^,;.]*$",
    re.IGNORECASE,
)
_mass_memo: BoundedMemo[CodedText, tuple[str, ...]] = BoundedMemo(
    "fhir_mapping.terminology.mass_concepts", MEMO_LIMIT
)


def mass_concepts(concept: CodedText) -> tuple[str, ...]:
    """MAL-OTHER, DX-PLACE (twenty-eighth session, cancers13): the cancer whose organ a tumour or
    mass named with no malignant or benign word names (乳腺肿瘤, 甲状腺肿物, 肺占位, "Renal
    mass") — no cancer of its own: beside a cancer of another organ its histology is asked
    (`diagnoses.read_diagnoses`). () where no mass word stands."""
    texts = concept.texts()
    if not any(w in t for t in texts for w in _MASS_LITERALS):
        return ()
    found = _mass_memo.get(concept)
    if found is None:
        found = _mass_memo.put(concept, _mass_concepts(texts))
    return found


def _mass_concepts(texts: tuple[str, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for text in texts:
        rest = _NAMED_NOT_MALIGNANT.sub(" ", text)  # "乳腺良性肿瘤", "Benign breast mass"
        for mass in _MASS_OF_AN_ORGAN.finditer(rest):
            if _MASS_DENIED.search(rest[: mass.start()]) is not None:
                continue
            node = _MASS_ORGANS[(mass.group(1) or mass.group(2)).lower()]
            if node not in found:
                found.append(node)
    return tuple(found)


def _text_concepts(
    table: ConceptTable, text: str, read_already: bool, tumour_words: bool
) -> list[str]:
    """DX-PLACE: the cancer concepts one text names (`read_already`: a code or an earlier text
    of the concept named some)."""
    found: list[str] = []
    # STG-SPREAD-WORDS: a text's primary is named by what is left once its spread is read
    # ("鼻咽癌肝转移": a nasopharyngeal carcinoma, then a distant secondary).
    spread = read_spread(text)
    rest = _NO_CANCER_OF_ITS_OWN.sub(" ", spread.rest)  # 癌痛, 癌胚抗原: no cancer
    if read_already or _names_a_malignancy(rest, tumour_words):
        read = _metastasis_site_unread(_organ_in_brackets_read(rest, text))
        undenied = _DENIED_INVASION.sub("", read)
        row = _beside_in_situ(table, undenied, table.row_for_text(undenied))
        # DX-PLACE: a malignancy naming no organ that its words call a metastasis
        # ("鳞状细胞癌，符合转移") is a metastasis, no primary of its own.
        unsited = row is not None and row.concept.startswith((WITHIN, HISTOLOGY_CARCINOMA))
        if row is not None and not (unsited and _called_a_metastasis(text)):
            found.append(row.concept)
    found += spread.kinds
    if not (read_already or found) and spread.metastatic_doubted and not spread.metastatic:
        # STG-SUSPECTED: a metastasis held open with no site beside it ("liver lesion,
        # metastasis not excluded") is a suspected distant metastasis.
        found.append(SECONDARY)
    return found


# DX-PLACE, MAL-OTHER (twenty-seventh session, cancers11): a metastasis found in the parotid
# names no primary, however it is written ("Metastatic carcinoma to right parotid", "Metastatic
# carcinoma, right parotid", "右腮腺转移癌", "腮腺淋巴结转移性鳞癌"): the NPC reaches the
# parotid nodes in 1-3% of patients, while the parotid is where a skin cancer of the face and
# scalp most often spreads; and the parotid nodes are regional for the head and neck, so it is
# no distant metastasis either. Read as the carcinoma it names without the parotid (its
# histology, else a malignancy naming no site) and without its spread.
_PAROTID = re.compile(r"parotid|腮腺", re.IGNORECASE)
_IN_THE_PAROTID = re.compile(
    r"(?:\b(?:to|in|into|involving|within)\s+)?(?:the\s+)?(?:(?:right|left|bilateral|rt|lt)\.?\s+)?"
    r"(?:intra-?)?parotid(?:\s+(?:gland|region|area|(?:lymph\s+)?nodes?))?"
    r"|(?:[左右双]侧?)?腮腺(?:区|内|部)?(?:淋巴结)?",
    re.IGNORECASE,
)
_SPREAD_KINDS = frozenset({SECONDARY, SECONDARY_BRAIN, SECONDARY_NODES})


def _parotid_metastasis(text: str, found: list[str]) -> bool:
    """DX-PLACE: `text` (naming `found`) is a metastasis found in the parotid naming no primary
    — not one whose primary is named ("鼻咽癌右腮腺转移", a parotid carcinoma's "腮腺癌伴肺转移",
    "from NPC"), nor one held in doubt (STG-SUSPECTED: "右腮腺肿物，转移待排")."""
    if not found or not _PAROTID.search(text):
        return False
    taxonomy = default_taxonomy()
    spread = read_spread(text)
    return not (
        any(c in taxonomy for c in found)
        or _ITS_ORIGIN.search(text)
        or (spread.metastatic_doubted and not spread.metastatic)
        or (spread.doubted and not spread.affirmed)
        or not (spread.kinds or _METASTATIC_HISTOLOGY.search(text) or "转移" in text)
    )


def _parotid_metastasis_read(
    table: ConceptTable, text: str, found: list[str], tumour_words: bool
) -> list[str]:
    """DX-PLACE: `found` (what `text` names), or for a metastasis found in the parotid naming
    no primary (`_parotid_metastasis`) the carcinoma it names without the parotid and its
    spread."""
    if not _parotid_metastasis(text, found):
        return found
    rest = _IN_THE_PAROTID.sub(" ", text)
    kept = [c for c in _text_concepts(table, rest, False, tumour_words) if c not in _SPREAD_KINDS]
    return kept or [WITHIN]


def names_parotid_metastasis(text: str) -> bool:
    """DX-PLACE, STG-OWNER: whether `text` is a metastasis found in the parotid naming no
    primary — its spread words name no distant metastasis of the chart's cancer (the parotid
    nodes are regional for the head and neck)."""
    if not _PAROTID.search(text):
        return False
    read = _abbreviations_read(text)
    return _parotid_metastasis(read, _text_concepts(cancer_table(), read, False, False))


def _cancer_concepts(concept: CodedText, tumour_words: bool = False) -> tuple[str, ...]:
    table = cancer_table()
    code_rows = table.code_rows(concept)
    from_text: list[str] = []
    for written in concept.texts():
        text = _abbreviations_read(written)  # "SCC of tongue"; not the SCC antigen
        found = _text_concepts(table, text, bool(code_rows or from_text), tumour_words)
        if _PAROTID.search(text):
            found = _parotid_metastasis_read(table, text, found, tumour_words)
        from_text += found
    # DX-HISTOLOGY: a histology the words name outranks the site a code names.
    histologies = [c for c in from_text if _not_a_carcinoma(c)]
    ordered = (
        histologies
        + [r.concept for r in code_rows if r.verified]
        + from_text
        + [r.concept for r in code_rows if not r.verified]
    )
    return tuple(dict.fromkeys(ordered))


# DX-HISTOLOGY: the cancers whose histology, not their site, says what they are.
_NOT_CARCINOMA = ("melanoma", "sarcoma", "hematologic_malignancy", "salivary_gland_cancer")


def _not_a_carcinoma(node: str) -> bool:
    taxonomy = default_taxonomy()
    return node in taxonomy and any(
        root in taxonomy and taxonomy.is_a(node, root) for root in _NOT_CARCINOMA
    )


def names_leptomeningeal_disease(concept: CodedText) -> bool:
    """CNS-METASTASES: leptomeningeal spread in words (STG-SPREAD-WORDS: 脑膜转移, 脑膜癌病,
    "leptomeningeal disease"), or the code of the cerebral meninges (ICD-10-CM C79.32) where no
    word names the dura (硬脑膜, "dural": a dural metastasis is a brain metastasis, though coded
    and titled as the meninges'), unless another names the leptomeninges themselves."""
    texts = concept.texts()
    if any(_DURA.search(text) for text in texts):
        return any(names_the_leptomeninges(t) and names_leptomeningeal(t) for t in texts)
    if any(names_leptomeningeal(text) for text in texts):
        return True
    # The meninges' title without its code says what the code says: leptomeningeal disease
    # possible (`comorbidities._meninges_layer_unsaid`), not none.
    if any(names_meninges_title(text) for text in texts):
        return True
    return "leptomeningeal_disease" in comorbidity_table().concepts(concept)


_DURA = text_pattern(r"硬脑膜|\bdura(?:l|\b)")


def names_brain_metastases(concept: CodedText) -> bool:
    """CNS-METASTASES: the brain-metastases comorbidity's codes, or a brain or meningeal
    metastasis in words (STG-SPREAD-WORDS: "脑继发恶性肿瘤", "脑膜转移", "brain metastases")."""
    # ICD-10-CM C79.32's exact row (the meninges) falls under C79.3's too: the brain and meninges.
    coded = comorbidity_table().concepts(concept)
    return (
        "brain_metastases" in coded
        or "leptomeningeal_disease" in coded
        or (SECONDARY_BRAIN in cancer_concepts(concept))
        or any(leans_against_brain_metastases(text) for text in concept.texts())
    )


@cache
def body_site_table() -> ConceptTable:
    return _concept_table("body_sites.csv")


@cache
def observation_table() -> ConceptTable:
    return _concept_table("observation_concepts.csv")


CSF_CYTOLOGY = "csf:cytology"


def names_csf_cytology(text: str) -> bool:
    """CNS-METASTASES: whether words name a CSF cytology (`csf:cytology` in
    `observation_concepts.csv`: 脑脊液细胞学, "CSF cytology"), as a report's conclusion may."""
    # One pattern first: this reads every report's conclusion, and few speak of the CSF.
    if _CSF.search(text) is None:
        return False
    return CSF_CYTOLOGY in observation_table().concepts(CodedText(text=text))


# LOINC's long names write the fluid "Cerebral spinal fluid" (twenty-seventh session).
_CSF = re.compile(r"脑脊液|\bcsf\b|cerebro-?spinal fluid|cerebral spinal fluid", re.IGNORECASE)


@cache
def reference_range_table() -> ConceptTable:
    """VAL-LAB-ULN: what a reference range's `type` and `appliesTo` name (its meaning, the sex
    or the age group it is for)."""
    return _concept_table("reference_ranges.csv")


@cache
def answer_table() -> ConceptTable:
    return _concept_table("answer_codes.csv")


@cache
def comorbidity_table() -> ConceptTable:
    return _concept_table("comorbidity_concepts.csv")


@cache
def cardiac_sign_table() -> ConceptTable:
    """CMB-SIGNS: findings that make a cardiac disease possible without naming it."""
    return _concept_table("cardiac_signs.csv")


@cache
def checkbox_subtype_table() -> ConceptTable:
    """CMB-WORDS: the types a form's boxes after a disease choose among ("房颤 ☑阵发性
    ☐持续性")."""
    return _concept_table("checkbox_subtypes.csv")


@cache
def radiotherapy_table() -> ConceptTable:
    return _concept_table("radiotherapy_concepts.csv")


@cache
def chemotherapy_procedure_table() -> ConceptTable:
    """EXP-CHEMO-PROCEDURE: the Procedure codes and texts that record chemotherapy given."""
    return _concept_table("chemotherapy_procedures.csv")


@cache
def radiotherapy_site_table() -> ConceptTable:
    return _concept_table("radiotherapy_sites.csv")


@cache
def cancer_history_table() -> ConceptTable:
    """DX-WORDS: the codes of a personal history of a malignancy of a group of sites, and the
    cancers that group holds (several joined by ";")."""
    return _concept_table("cancer_histories.csv")


@cache
def histology_site_table() -> ConceptTable:
    """LOT-CANCER: the cancers a carcinoma named by its histology alone may be (several joined
    by ";"); a histology no row names may be any."""
    return _concept_table("histology_sites.csv")


def histology_sites(concept: CodedText) -> tuple[str, ...]:
    """LOT-CANCER, MAL-OTHER (DX-PLACE): the cancers a carcinoma named by its histology alone
    may be ("腺癌": never a nasopharyngeal carcinoma); none when its histology does not say.
    Its words are read as `cancer_concepts` reads them ("Metastatic SCC" is squamous)."""
    read = CodedText((), " ; ".join(map(_abbreviations_read, concept.texts())) or None)
    return tuple(
        dict.fromkeys(
            node for found in histology_site_table().concepts(read) for node in found.split(";")
        )
    )


@cache
def radiotherapy_diagnosis_table() -> ConceptTable:
    """RT-IN-DIAGNOSIS: the diagnoses that say radiotherapy was given, and of what field."""
    return _concept_table("radiotherapy_diagnoses.csv")


@cache
def drug_code_table() -> ConceptTable:
    return _concept_table("drug_codes.csv")


@dataclass(frozen=True, slots=True)
class Drug:
    agent: str
    classes: frozenset[str]
    antineoplastic: bool
    names: tuple[str, ...]
    source: str


class DrugTable:
    """Agents by name: ASCII names match as whole words, CJK names as substrings."""

    def __init__(self, drugs: Sequence[Drug]) -> None:
        self.drugs = {drug.agent: drug for drug in drugs}
        ascii_names: list[tuple[str, str]] = []
        self._cjk: list[tuple[str, str]] = []
        for drug in drugs:
            for name in drug.names:
                if name.isascii():
                    ascii_names.append((name, drug.agent))
                else:
                    self._cjk.append((name, drug.agent))
        # Longest names first so "nab-paclitaxel" wins over "paclitaxel" and the alternation is
        # unambiguous.
        ascii_names.sort(key=lambda pair: len(pair[0]), reverse=True)
        self._by_name = dict(ascii_names)
        alternation = "|".join(re.escape(name) for name, _ in ascii_names)
        # EXP-NAMES: a Latin name is a whole word of Latin letters, digits and hyphens, whatever
        # script is beside it ("Keytruda注射液" is pembrolizumab); \b would take the Chinese
        # characters for letters of the word.
        self._pattern = re.compile(
            rf"(?<!{LATIN_WORD_CHARACTER})({alternation})({FDA_SUFFIX})?(?!{LATIN_WORD_CHARACTER})",
            re.IGNORECASE,
        )
        self._cjk.sort(key=lambda pair: len(pair[0]), reverse=True)
        self._memo: BoundedMemo[str, tuple[str, ...]] = BoundedMemo(
            "fhir_mapping.terminology.agents", MEMO_LIMIT
        )

    def agents_in(self, text: str) -> tuple[str, ...]:
        """Agents named in the text, in the order they appear (memoised per text)."""
        known = self._memo.get(text)
        if known is not None:
            return known
        found: list[tuple[int, str]] = []
        for match in self._pattern.finditer(text):
            name = match.group(1).lower()
            # The FDA's suffix follows a biologic's core name only: "docetaxel-only" is no drug.
            if match.group(2) is None or name.endswith("mab"):
                found.append((match.start(), self._by_name[name]))
        taken: list[tuple[int, int]] = []
        # Longest names first, and a name inside an already matched one does not count:
        # 环磷酰胺 (cyclophosphamide) inside 异环磷酰胺 (ifosfamide).
        for name, agent in self._cjk:
            position = text.find(name)
            while position >= 0:
                end = position + len(name)
                if not any(start < end and position < stop for start, stop in taken):
                    taken.append((position, end))
                    found.append((position, agent))
                position = text.find(name, end)
        return self._memo.put(text, tuple(dict.fromkeys(agent for _, agent in sorted(found))))


@cache
def drug_table() -> DrugTable:
    drugs = []
    columns = ("agent", "classes", "antineoplastic", "names", "source")
    for number, raw in enumerate(_read_rows("drugs.csv", columns), 2):
        if raw["antineoplastic"] not in {"yes", "no"}:
            raise TerminologyTableError("drugs.csv", number, "antineoplastic must be yes or no")
        names = tuple(name.strip().lower() for name in raw["names"].split("|") if name.strip())
        if raw["agent"] not in names:
            raise TerminologyTableError("drugs.csv", number, "the agent must be one of its names")
        drugs.append(
            Drug(
                agent=raw["agent"],
                classes=frozenset(c for c in raw["classes"].split(";") if c),
                antineoplastic=raw["antineoplastic"] == "yes",
                names=names,
                source=raw["source"],
            )
        )
    return DrugTable(drugs)


@dataclass(frozen=True, slots=True)
class UnitFactor:
    analyte: str
    unit: str
    factor: float


# VAL-LAB-UNITS: the print forms of UCUM's symbols ("×10^9/L", "×10⁹/L" are 10*9/L; "mm³" is
# mm3): a superscript after 10 is its exponent.
_UNIT_FORMS = str.maketrans({"µ": "u", "μ": "u", "×": "x", "^": "*"})
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_POWER_OF_TEN = re.compile(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
# "10E9/L", "10e+09/L": the E notation of a power of ten, as analysers print it.
_E_POWER = re.compile(r"(?<![\d.])10e\+?0*(\d+)")


def normalise_unit(unit: str) -> str:
    unit = unit.strip().lower().replace(" ", "").translate(_UNIT_FORMS)
    if "10e" in unit:
        unit = _E_POWER.sub(r"10*\1", unit)
    if unit.isascii():
        return unit
    unit = _POWER_OF_TEN.sub(lambda power: "10*" + power.group(1), unit)
    return unit.translate(_SUPERSCRIPTS)


@cache
def lab_unit_factors() -> dict[tuple[str, str], float]:
    factors: dict[tuple[str, str], float] = {}
    for number, raw in enumerate(
        _read_rows("lab_units.csv", ("analyte", "unit", "factor", "source")), 2
    ):
        try:
            factors[(raw["analyte"], normalise_unit(raw["unit"]))] = float(raw["factor"])
        except ValueError:
            raise TerminologyTableError("lab_units.csv", number, "factor is not a number") from None
    return factors


@cache
def unclassed_drug_table() -> tuple[DrugTable, dict[str, str]]:
    """EXP-UNLISTED: anticancer agents known by name but placed in no class
    (`unclassed_drugs.csv`), matched as drugs.csv's names are; and what each agent is."""
    drugs: list[Drug] = []
    what: dict[str, str] = {}
    columns = ("agent", "names", "what", "source")
    for number, raw in enumerate(_read_rows("unclassed_drugs.csv", columns), 2):
        names = tuple(name.strip().lower() for name in raw["names"].split("|") if name.strip())
        if raw["agent"] not in names or not raw["what"] or not raw["source"]:
            raise TerminologyTableError(
                "unclassed_drugs.csv", number, "needs the agent among its names, what, source"
            )
        if raw["agent"] in drug_table().drugs:
            raise TerminologyTableError("unclassed_drugs.csv", number, "drugs.csv lists it")
        drugs.append(Drug(raw["agent"], frozenset(), True, names, raw["source"]))
        what[raw["agent"]] = raw["what"]
    return DrugTable(drugs), what


@cache
def antineoplastic_stems() -> re.Pattern[str]:
    """EXP-UNLISTED: the name endings (INN stems; the endings of Chinese generic names) that
    mark a drug as probably anticancer (`antineoplastic_stems.csv`). A Latin stem ends a word
    ("pucotenlimab"); a Chinese one is found anywhere in the name."""
    latin: list[str] = []
    chinese: list[str] = []
    for number, raw in enumerate(
        _read_rows("antineoplastic_stems.csv", ("stem", "script", "meaning", "source")), 2
    ):
        stem = raw["stem"]
        if raw["script"] == "latin" and stem.isascii() and stem.isalpha():
            latin.append(stem.lower())
        elif raw["script"] == "chinese" and stem and not stem.isascii():
            chinese.append(stem)
        else:
            raise TerminologyTableError(
                "antineoplastic_stems.csv", number, "a stem is latin letters or Chinese"
            )
    words = "|".join(sorted(map(re.escape, latin), key=len, reverse=True))
    characters = "|".join(sorted(map(re.escape, chinese), key=len, reverse=True))
    return re.compile(
        rf"(?<!{LATIN_WORD_CHARACTER})(?:[a-z]+(?:{words})|[a-z]+mab{FDA_SUFFIX})"
        rf"(?!{LATIN_WORD_CHARACTER})|{characters}",
        re.IGNORECASE,
    )


@cache
def comorbidity_drug_table() -> dict[str, tuple[str, ...]]:
    """Agent (a drugs.csv agent) -> the comorbidities that explain it (rule CMB-MEDS)."""
    table: dict[str, tuple[str, ...]] = {}
    filename = "comorbidity_drugs.csv"
    for number, raw in enumerate(_read_rows(filename, ("agent", "concepts", "source")), 2):
        concepts = tuple(c.strip() for c in raw["concepts"].split(";") if c.strip())
        if raw["agent"] not in drug_table().drugs or not concepts or not raw["source"]:
            raise TerminologyTableError(filename, number, "needs a known agent, concepts, source")
        table[raw["agent"]] = concepts
    return table


def names_comorbidity_drug(concept: CodedText) -> bool:
    """CMB-MEDS, CMB-WORDS: whether the concept's words name a drug of the comorbidity drug
    table ("心悸，口服胺碘酮"): such an entry may ask about the disease the drug is given for."""
    table = comorbidity_drug_table()
    return any(a in table for text in concept.texts() for a in drug_table().agents_in(text))


@cache
def brain_procedure_table() -> ConceptTable:
    return _concept_table("brain_procedures.csv")


@cache
def intrathecal_table() -> ConceptTable:
    """CNS-METASTASES: the codes and words of an intrathecal route or treatment."""
    return _concept_table("intrathecal_concepts.csv")


@cache
def other_route_table() -> ConceptTable:
    """LOT-SUPPORTIVE: the words of a route into the body (a vein, by mouth, under the skin, into
    a muscle) beside which an intrathecal dose does not make a record intrathecal only."""
    return _concept_table("other_routes.csv")


@cache
def given_beside_table() -> ConceptTable:
    """LOT-SUPPORTIVE: what a ward gives beside an intrathecal dose (hydration, saline,
    premedication, an antiemetic) and writes in the same dosage's words with its own route."""
    return _concept_table("given_beside.csv")


@cache
def node_region_table() -> ConceptTable:
    """STG-NODES: the lymph-node regions a nodal metastasis's codes and words name."""
    return _concept_table("node_regions.csv")


@cache
def spread_extent_table() -> ConceptTable:
    """STG-NODES, DX-PLACE: secondaries that name no site, malignancy recorded as disseminated."""
    return _concept_table("spread_extent.csv")


@cache
def spread_site_table() -> ConceptTable:
    """STG-SUSPECTED: the organ a metastasis's words name (肝, 肝脏 and "liver" are one)."""
    return _concept_table("spread_sites.csv")


@cache
def spread_whole_site_table() -> ConceptTable:
    """STG-SUSPECTED: the organ a refutation's site names whole (肝脏, not 肝左叶)."""
    return _concept_table("spread_whole_sites.csv")


DRUG_ROLES = frozenset({"corticosteroid", "hiv", "hepatitis_b", "hepatitis_c"})


@cache
def drug_role_table() -> dict[str, frozenset[str]]:
    """Agent (a drugs.csv agent) -> its roles for CNS-METASTASES and INF-*: `corticosteroid`
    (systemic), or the infections it treats (`hiv`, `hepatitis_b`, `hepatitis_c`)."""
    table: dict[str, frozenset[str]] = {}
    filename = "drug_roles.csv"
    for number, raw in enumerate(_read_rows(filename, ("agent", "roles", "source")), 2):
        roles = frozenset(r.strip() for r in raw["roles"].split(";") if r.strip())
        if raw["agent"] not in drug_table().drugs or not roles or not raw["source"]:
            raise TerminologyTableError(filename, number, "needs a known agent, roles, source")
        if not roles <= DRUG_ROLES:
            raise TerminologyTableError(
                filename, number, f"roles must be among {sorted(DRUG_ROLES)}"
            )
        table[raw["agent"]] = roles
    return table


def all_tables() -> tuple[ConceptTable, ...]:
    return (
        cancer_table(),
        body_site_table(),
        observation_table(),
        reference_range_table(),
        answer_table(),
        comorbidity_table(),
        cardiac_sign_table(),
        radiotherapy_table(),
        radiotherapy_site_table(),
        radiotherapy_diagnosis_table(),
        cancer_history_table(),
        histology_site_table(),
        drug_code_table(),
        brain_procedure_table(),
        node_region_table(),
        spread_extent_table(),
        spread_site_table(),
        spread_whole_site_table(),
    )


def observation_codes() -> frozenset[str]:
    """`system|code` tokens of every coded Observation concept the mapper reads.

    Observations recognised only by their text, or a QTc inside an ECG panel with another code,
    are not covered by these tokens.
    """
    # Another measurement named like an analyte (VAL-LAB-ANALYTE) is known only to be skipped.
    return frozenset(
        f"{row.system}|{row.code}"
        for row in observation_table().rows
        if row.match == "exact" and not row.concept.startswith("lab-other:")
    )
