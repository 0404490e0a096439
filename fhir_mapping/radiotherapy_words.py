"""The words of a diagnosis that say radiotherapy was given (RT-IN-DIAGNOSIS): the state after it
("鼻咽癌放化疗后", "s/p chemoradiation", "放疗结束后3年"), its history ("既往鼻咽癌放疗史", "Hx of
XRT to neck"), and the diagnoses that imply it (`data/radiotherapy_diagnoses.csv`: a late
toxicity, an encounter for radiotherapy, a history code). Selection keeps such a Condition,
and `radiotherapy` reads the course it records.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from eligibility.caches import BoundedMemo
from fhir_mapping.diagnosis_words import (
    DENIED,
    UNCONFIRMED,
    WORKING_DIAGNOSIS,
    affirmed_words,
)
from fhir_mapping.spread_words import without_denied_spread
from fhir_mapping.terminology import (
    MEMO_LIMIT,
    CodedText,
    radiotherapy_diagnosis_table,
    radiotherapy_site_table,
    radiotherapy_table,
)
from fhir_mapping.text_patterns import text_pattern

# RT-IN-DIAGNOSIS: "鼻咽癌放化疗后肝转移", "NPC s/p chemoradiation": the diagnosis says the site
# was irradiated, whoever gave it and whenever. English "s/p RT" and "s/p CRT" are left out:
# "RT" is also "right" ("s/p RT knee replacement") and CRT cardiac resynchronisation therapy.
AFTER_RADIOTHERAPY = re.compile(
    r"(?:放疗|放化疗|放射治疗|调强放疗|根治性放疗|IMRT|TOMO"
    # RT-NAMES: radiotherapy by its technique.
    r"|质子(?!泵)(?:重离子)?(?:治疗|放疗)|重离子(?:治疗|放疗)|碳离子(?:治疗|放疗)|后装(?:治疗|放疗)"
    r"|近距离(?:放射)?治疗|粒子植入"
    # Stereotactic radiotherapy by its machines and names ("脑转移瘤伽玛刀治疗后").
    r"|伽[玛马]刀|γ刀|射波刀|立体定向放疗|立体定向放射外科|SRS|SBRT|全脑放疗|WBRT)\s*(?:术|治疗)?"
    # Other treatments joined to it ("同步放化疗+辅助化疗后", "放疗、化疗后", "放化疗等综合治疗后").
    r"(?:\s*(?:[+＋、/]|及|和|与|联合|加|序贯)\s*[\u4e00-\u9fff]{0,6}?(?:化疗|治疗|放疗|手术|术)){0,3}"
    r"(?:等?综合治疗)?"
    # After it, after it ended ("放疗结束后3年"), during it ("鼻咽癌同步放化疗中", an admission
    # during the course; not 放疗中心, the radiotherapy centre), or its history ("放疗史").
    r"(?:(?:结束|完成)?后|史|中(?!心))|"
    # In English, after it and the treatments named with it ("s/p induction chemotherapy and
    # concurrent chemoradiotherapy", "s/p definitive radiation therapy", "after CCRT").
    r"(?<![A-Za-z])(?:s/p|status post|post|after|following)[- ]?"
    r"(?:(?:induction|concurrent|concomitant|definitive|radical|curative|adjuvant|neoadjuvant"
    r"|primary|palliative|post-?operative|chemotherapy|chemo|surgery|resection|and|plus|with"
    r"|[&+,])\s*){0,5}"
    r"(?:chemo-?)?(?:radiation|radiotherapy|irradiation|chemoradiation|chemoradiotherapy|CCRT"
    r"|re-?irradiation|re-?radiation"  # a second course ("s/p re-irradiation")
    r"|IMRT|proton(?: beam)? therapy|brachytherapy|SRS|SBRT|WBRT|stereotactic radiosurgery"
    r"|gamma knife|whole[- ]brain (?:radiotherapy|radiation|irradiation))(?![A-Za-z])"
    r"(?![- ]?(?:exposure|oncolog|safety|dos[ei]))",
    re.IGNORECASE,
)
# A history of radiotherapy in English: "Hx of XRT to neck", "History of radiation therapy to head
# and neck", "Personal history of irradiation", "prior radiotherapy" -- not "prior to radiation"
# (before it), nor a history of radiation exposure (occupational or environmental).
_HISTORY = text_pattern(
    r"\b(?:(?:personal )?history of|hx of|h/o|previous|prior(?!\s+to\b))\s+(?:\S+\s+){0,4}?"
    r"(?:radiation|radiotherapy|irradiation|chemoradiation|chemoradiotherapy|xrt|ebrt|imrt"
    r"|re-?irradiation|proton(?: beam)? therapy|brachytherapy|srs|sbrt|wbrt"
    r"|stereotactic radiosurgery|gamma knife)\b(?![- ]?(?:exposure|oncolog|safety|dos[ei]))"
)
# RT-IN-DIAGNOSIS: a course said to be performed -- "2019年外院行鼻咽+颈部放疗", "已接受放疗",
# "treated with IMRT to nasopharynx and neck", "underwent chemoradiation" -- was given; not when
# it is to come or advised ("拟行", "建议行", "需行", "scheduled to undergo", "will receive"),
# nor denied ("未行放疗", "never received radiotherapy"). 行 is not 进行性 (progressive).
_PERFORMED_CJK = re.compile(
    r"(?:已|曾)?(?:(?<!进)行(?!性)|进行(?!性)|接受(?:过|了)?|做过)[^，,；;。]{0,16}?"
    r"(?:放疗|放射治疗|放化疗|调强|质子|重离子|碳离子|后装|近距离|粒子植入|TOMO|IMRT|射波刀"
    r"|伽[玛马]刀|γ刀)",
    re.IGNORECASE,
)
_PERFORMED_LATIN = text_pattern(
    r"\b(?:treated with|underwent|received|had)\s+(?:\S+\s+){0,4}?"
    r"(?:radiation|radiotherapy|irradiation|chemoradiation|chemoradiotherapy|ccrt|xrt|ebrt|imrt"
    r"|re-?irradiation|proton(?: beam)? therapy|brachytherapy|sbrt|srs|stereotactic radiosurgery"
    r"|gamma knife)\b(?![- ]?(?:exposure|oncolog|safety|dos[ei]))"
)
# Words before a performed course that leave it to come, advised or denied.
_NOT_PERFORMED_CJK = re.compile(
    r"(?:拟|将|待|未|没有|无|建议|计划|准备|需|宜|考虑|可)[^，,；;。\s]{0,4}$"
)
_NOT_PERFORMED_LATIN = text_pattern(
    r"\b(?:to|will|would|should|may|plan(?:ned)?|scheduled|recommended|candidate)\b"
    r"(?:\s+(?:be|have))?\W*$"
)
# A history denied in its clause: "无放疗史", "否认手术、放疗史", "no prior radiotherapy". Read in
# the few words before it (`_CLAUSE`): a clause is short, and a long text must not be rescanned
# from every negation word in it.
_DENIED_CJK = re.compile(r"(?:无|否认|未|没有)[^，,；;。\s]*$")
_DENIED_LATIN = text_pattern(r"\b(?:no|not|never|without|denie[sd]|negative for)\b[^,;.]*$")
_CLAUSE = 40  # characters


# RT-PLANNING: the steps before a course -- simulation, positioning, plan design ("Radiation
# therapy planning (simulation)", "CT模拟定位", "放疗定位", "调强放疗计划设计", "IMRT planned"),
# or the course to be given ("拟行鼻咽+双颈调强放疗", a Procedure entered from its order) --
# irradiate nothing, and a chart may hold them without the course. Not "as planned" or "按计划"
# (a course given as planned), nor "Computer-planned IMRT" (a technique). Bare 计划 is left out:
# "调强放疗 (计划70Gy/33F)" is a course and its prescription.
_PLANNING = text_pattern(
    r"\bplanning\b|(?<![-\w])(?<!as )(?<!per )plan(?:ned)?\b|\bsimulat(?:ion|ed)\b|\bct[- ]?sim\b"
    r"|\bisodose\b|定位|模拟|拟(?:行|予|做)?[^，,；;。]{0,12}?(?:放疗|放射治疗|放化疗|调强|质子|后装)|(?<![按原])(?:(?:放疗|放射治疗|治疗)计划|计划(?:设计|制定|制作|评估|验证))"
    r"|靶区勾画|勾画靶区"
)
# Words that say fractions were delivered, whatever planning they name as well ("Radiation
# treatment delivery", CPT's wording for the fractions).
_DELIVERED = text_pattern(r"\btreatment deliver|\bdelivered\b|实际(?:完成|照射)|已照射")


# RT-PLANNING: a clause that says the course itself was given, beside a clause naming its
# simulation ("CT simulation completed; IMRT 70 Gy/33 fx to nasopharynx and neck given",
# "定位CT已完成，鼻咽+颈部IMRT 70Gy/33F已完成"): the record of the whole episode. The clause must
# name no planning step ("CT simulation completed" is the simulation's), name the course (its
# radiotherapy words, dose or field are read by `radiotherapy_table`; or "treatment", "course",
# 治疗, 疗程) and say it was given, undenied and not still to come ("to be given", 未完成, 待).
_CLAUSES = re.compile(r"[;；，,。]+")
_GIVEN = text_pattern(
    r"\b(?:given|completed|delivered|done|received|finished|administered)\b"
    r"|完成|结束|已行|已做|已予|已照射|实施"
)
_NOT_YET = text_pattern(
    r"\b(?:not|never|no|to be|will|would|pending|scheduled|awaiting|yet)\b|未|待|拟|将|尚"
)
_COURSE = text_pattern(r"\b(?:treatment|course|fractions?)\b|治疗|疗程|照射")


def _given_clause(text: str) -> bool:
    return any(
        _GIVEN.search(clause)
        and not _PLANNING.search(clause)
        and not _NOT_YET.search(clause)
        and (_COURSE.search(clause) or radiotherapy_table().concepts(CodedText(text=clause)))
        for clause in _CLAUSES.split(text)
    )


def planned_only(concept: CodedText) -> bool:
    """RT-PLANNING: whether a radiotherapy Procedure's words name a step before the course
    (simulation, planning) and no delivery: a course of which it is not known whether it was
    given. Words that say the course itself was given, in a clause of its own, name its
    delivery."""
    texts = concept.texts()
    return any(_PLANNING.search(t) for t in texts) and not any(
        _DELIVERED.search(t) or _given_clause(t) for t in texts
    )


# RT-IN-DIAGNOSIS: treated before with several modalities, which the words do not name --
# "鼻咽癌综合治疗后(复发)", "NPC s/p multimodality treatment", "after comprehensive treatment" (as
# Chinese records render 综合治疗). For a head and neck cancer that is, in practice,
# chemoradiotherapy: the rule asks whether its fields were irradiated, never excludes.
_MULTIMODAL_CJK = re.compile(r"综合(?:性)?治疗(?:(?:结束|完成)?后|史)")
_MULTIMODAL_LATIN = text_pattern(
    r"\b(?:s/p|status post|post|after|following|(?:personal )?history of|hx of|h/o|prior"
    r"|previous)[- ](?:\S+\s+){0,2}?(?:multi-?modal(?:ity)?|combined[- ]modality"
    r"|multidisciplinary|comprehensive)\s+(?:therapy|therapies|treatment|management)\b"
)


def after_multimodal_treatment(text: str) -> bool:
    """RT-IN-DIAGNOSIS: whether a diagnosis's words say it was treated before with several
    modalities without naming them; not when denied ("无综合治疗史", "no prior multimodal
    therapy")."""
    if DENIED.search(text):
        return False
    cjk = _MULTIMODAL_CJK.search(text)
    if cjk is not None and not _DENIED_CJK.search(_before(text, cjk.start())):
        return True
    latin = _MULTIMODAL_LATIN.search(text)
    return latin is not None and not _DENIED_LATIN.search(_before(text, latin.start()))


class RadiotherapyWords(NamedTuple):
    """Where a text says radiotherapy was given: `field` are the words that name what was
    irradiated, `said` the words that say it."""

    field: str
    said: str


def radiotherapy_in_words(text: str) -> RadiotherapyWords | None:
    """The words of RT-IN-DIAGNOSIS in `text`. After radiotherapy, the field is named before
    ("鼻咽癌放化疗后肝转移": 肝转移 came since); in an English history, anywhere ("Hx of XRT to
    neck"). A metastasis the words deny is no field: "No bone metastases seen on PET after
    radiotherapy" names none (STG-SPREAD-WORDS; twenty-sixth session)."""
    found = _radiotherapy_in_words(text)
    return found._replace(field=without_denied_spread(found.field)) if found else None


def _radiotherapy_in_words(text: str) -> RadiotherapyWords | None:
    if DENIED.search(text):
        return None
    after = AFTER_RADIOTHERAPY.search(text)
    if after is not None and not (
        after.group().endswith("史") and _DENIED_CJK.search(_before(text, after.start()))
    ):
        return RadiotherapyWords(text[: after.end()], after.group())
    history = _HISTORY.search(text)
    if history is not None and not _DENIED_LATIN.search(_before(text, history.start())):
        return RadiotherapyWords(text, history.group())
    return _performed(text)


# RT-IN-REPORT: a report's conclusion, read sentence by sentence (not at a decimal point).
_SENTENCES = re.compile(r"[。；;！？!?\n]+|\.(?!\d)")


def radiotherapy_in_report(text: str) -> list[RadiotherapyWords]:
    """RT-IN-REPORT: the sentences of a report's conclusion that say radiotherapy was given
    ("鼻咽癌放疗后改变", "Post-radiation changes of the nasopharynx and neck"), as
    RT-IN-DIAGNOSIS reads a diagnosis, unless the sentence denies it ("未见放疗后改变", "No
    post-radiation changes"). An English sentence names its field anywhere ("changes of the
    nasopharynx" follow the words), so its `field` is the whole sentence."""
    found = []
    for sentence in (s.strip() for s in _SENTENCES.split(text)):
        words = radiotherapy_in_words(sentence) if sentence else None
        if words is None:
            continue
        before = _before(sentence, max(sentence.find(words.said), 0))
        if _DENIED_CJK.search(before) or _DENIED_LATIN.search(before):
            continue
        found.append(words if _CJK_WORD.search(words.said) else words._replace(field=sentence))
    return found


_CJK_WORD = re.compile(r"[\u4e00-\u9fff]")

# RT-IN-REPORT: a radiologist's impression held open -- DX-WORDS' doubt (可能, 疑似, "possible"),
# the working diagnosis 考虑 (CMB-WORDS), a differential ("radiation necrosis versus recurrence",
# 鉴别), "likely" or "favour".
_HELD_OPEN = text_pattern(r"鉴别|\bv(?:ersus|s)\b|\bdifferential\b|\blikely\b|\bfavou?r")
# A sentence's clauses: "双侧颞叶异常信号，考虑放射性脑病可能" holds the injury in its second.
_REPORT_CLAUSES = re.compile(r"[，,：:]+")


class ReportInjury(NamedTuple):
    """A clause of a report's conclusion naming an injury of radiotherapy (RT-IN-REPORT):
    `implied` what `radiotherapy_diagnoses.csv` says of its field, `held_open` whether the
    radiologist holds it in doubt."""

    clause: str
    implied: tuple[str, ...]
    held_open: bool


def radiation_injury_in_report(text: str) -> list[ReportInjury]:
    """RT-IN-REPORT: the clauses of a report's conclusion that name an injury of radiotherapy,
    read by its words as RT-IN-DIAGNOSIS reads a diagnosis's ("双侧颞叶放射性脑病",
    "Radiation-induced temporal lobe necrosis"); not one its words deny ("未见放射性脑损伤", "No
    radiation necrosis"). A clause that doubts it ("考虑放射性脑病可能", "radiation necrosis
    versus recurrence") holds it open."""
    found = []
    for sentence in _SENTENCES.split(text):
        for clause in (c.strip() for c in _REPORT_CLAUSES.split(sentence)):
            implied = implied_by_diagnosis(CodedText(text=clause)) if clause else ()
            if not implied:
                continue
            doubted = any(p.search(clause) for p in (UNCONFIRMED, WORKING_DIAGNOSIS, _HELD_OPEN))
            found.append(ReportInjury(clause, implied, doubted))
    return found


def _performed(text: str) -> RadiotherapyWords | None:
    """RT-IN-DIAGNOSIS: a course the words say was performed ("外院行鼻咽+颈部放疗", "treated
    with IMRT to nasopharynx and neck"). In Chinese the field is named up to the radiotherapy's
    words (its object, or the cancer before it); in English anywhere in the entry."""
    cjk = _PERFORMED_CJK.search(text)
    if cjk is not None and not _NOT_PERFORMED_CJK.search(_before(text, cjk.start())):
        return RadiotherapyWords(text[: cjk.end()], cjk.group())
    latin = _PERFORMED_LATIN.search(text)
    if latin is None:
        return None
    before = _before(text, latin.start())
    if _DENIED_LATIN.search(before + latin.group()) or _NOT_PERFORMED_LATIN.search(before):
        return None  # "had no radiotherapy" denies within the words themselves
    # "…, treated with IMRT to nasopharynx and neck": the sites its object names are the field
    # (the cancer's name before it is the diagnosis); naming none, the whole entry's.
    done = text[latin.start() :]
    named = radiotherapy_site_table().every_concept(CodedText(text=done))
    return RadiotherapyWords(done if named else text, latin.group())


def _before(text: str, start: int) -> str:
    return text[max(0, start - _CLAUSE) : start]


def implied_by_diagnosis(concept: CodedText) -> tuple[str, ...]:
    """What a diagnosis that implies radiotherapy says of its field (`radiotherapy_diagnoses.csv`:
    a site, `radiotherapy` for the sites its words name, `unrecorded`); none when its entry opens
    by denying it, nor for a phrase its words deny or rule out ("无放射性肺炎", "未见放射性口腔
    黏膜炎": CMB-WORDS' reading)."""
    if any(DENIED.search(t) for t in concept.texts()):
        return ()
    return radiotherapy_diagnosis_table().concepts(affirmed_words(concept))


_names_memo: BoundedMemo[CodedText, bool] = BoundedMemo(
    "fhir_mapping.radiotherapy_words.names_radiotherapy", MEMO_LIMIT
)


def names_radiotherapy(concept: CodedText) -> bool:
    """Whether a Condition says radiotherapy was given (RT-IN-DIAGNOSIS): its words, or a
    diagnosis that implies it. Memoised: selection asks it of every Condition."""
    found = _names_memo.get(concept)
    if found is None:
        found = _names_memo.put(
            concept,
            any(radiotherapy_in_words(t) for t in concept.texts())
            or bool(implied_by_diagnosis(concept)),
        )
    return found
