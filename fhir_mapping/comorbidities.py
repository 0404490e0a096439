"""Comorbidities the common exclusion criteria need, with a grade where one is recorded.

Which Conditions count, how grade and NYHA class are read, and what clinical and verification
status mean are rules CMB-CODES (docs/clinical-rules.md); the terms are in
`data/comorbidity_concepts.csv`. The words around a comorbidity's name may deny it, give it to a
relative, or leave it unconfirmed (CMB-WORDS). A personal history of another malignancy also
comes from the cancer diagnoses themselves (`_with_prior_malignancies`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from eligibility.facts import UNCONFIRMED_VERIFICATION, CancerDiagnosis, ComorbidityFact
from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Comorbidity, RadiotherapySite
from fhir_mapping.brain_imaging_words import diagnosis_rules_out_brain_metastases
from fhir_mapping.checkbox_answers import grade_answers
from fhir_mapping.coronary_findings import a_coronary_finding, without_possible_findings
from fhir_mapping.diagnoses import (
    DiagnosisReading,
    condition_active,
    condition_onset,
    usable_condition,
)
from fhir_mapping.diagnosis_words import (
    A_RELATIVES,
    CONSIDERED_RELATED,
    DENIED,
    NOT_SUPPORTED,
    UNCONFIRMED,
    WORKING_DIAGNOSIS,
    affirmed_words,
    before_relatives,
    confirmed_in_words,
    denied_phrases,
    doubted_cause_removed,
    unanswered_phrases,
)
from fhir_mapping.elements import coded, coded_all, get, items, status_code
from fhir_mapping.leptomeninges_shown import Shown
from fhir_mapping.parsing import Parsed
from fhir_mapping.spread_words import names_leptomeningeal, names_the_leptomeninges
from fhir_mapping.terminology import (
    CodedText,
    cancer_concepts,
    cardiac_sign_table,
    comorbidity_drug_table,
    comorbidity_table,
    drug_table,
    names_brain_metastases,
    names_leptomeningeal_disease,
    radiotherapy_site_table,
)
from fhir_mapping.text_patterns import text_pattern

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_GRADE = re.compile(
    r"(?:ctcae\s*)?(?:grade|gr\.?|\bg)\s*([1-5]|IV|V|III|II|I)\b|ctcae\s*([1-5])|([1-5]|IV|III|II|I)\s*级"
    # Canadian Cardiovascular Society angina classes (CMB-GRADE-OWNER).
    r"|\bccs\s*(?:class\s*)?([1-4]|IV|III|II|I)(?a:\b)",
    re.IGNORECASE,
)
# The numeral's end is an ASCII word boundary: "NYHA III级" puts a Chinese character, a Unicode
# word character, right after it. A template's label (分级) or a colon may come before the
# numeral: "心功能分级：III级", "NYHA分级 II级", "NYHA class: III".
_NYHA = re.compile(
    r"nyha\s*(?:class|functional class|心功能)?\s*(?:分级)?\s*[:：]?\s*([1-4]|IV|III|II|I)(?a:\b)"
    r"|心功能\s*(?:分级)?\s*[:：]?\s*(IV|III|II|I|[1-4])\s*级",
    re.IGNORECASE,
)
# CMB-GRADE-OWNER: classes and scores of other scales, never a CTCAE grade: Lown (ventricular
# ectopy on a Holter), EHRA (AF symptoms), Killip (an infarction's acute heart failure), TIMI
# (coronary flow, or a risk score), GRACE, CHA2DS2-VASc, CHADS2 and HAS-BLED (risk scores).
_OTHER_SCALE = re.compile(
    r"(?a:\b)(?:lown|ehra|killip|timi|grace|cha2ds2-?vasc|chads2|has-?bled)\s*"
    r"(?:(?:分级|分类|评分|class|grade|score|flow)\s*){0,2}[:：]?\s*(?:[0-9]+|IV|III|II|I)[ab]?"
    r"\s*[级分类]?",
    re.IGNORECASE,
)
# CMB-CODES: Condition.severity is "a subjective assessment ... by the clinician" (FHIR R4), no
# CTCAE grade: mild and moderate (255604002, 6736007; the form's default) leave the disease
# ungraded — a mild AF on rate control or a mild heart failure with symptoms is CTCAE grade 2 —
# while severe (24484000) is never the asymptomatic, untreated grade 1: read as severe's 3
# (7 December 2026, twenty-seventh session). A rating that names mild or moderate beside
# severe ("moderate to severe", "moderately severe", "非重度", and 中 joined to 重度: "中重度",
# "中-重度", "中到重度", twenty-eighth session) says no grade.
_SEVERITY_CODES = {"24484000": 3}
_SEVERE_WORDS = text_pattern(r"\bsevere\b|重度")
_NOT_ONLY_SEVERE = text_pattern(
    r"\b(?:mild|moderate|moderately|not|non)\b|轻|中度|中\s*[-–—~～至到]?\s*重|非|不"
)
# CMB-CODES, CMB-GRADE-OWNER: a heart failure or an arrhythmia its words call severe, the word
# right before its name or alone in brackets after it ("重度心衰", "Congestive heart failure
# (severe)", "Severe AF", "重度房颤"), is graded as a severity Severe is (twenty-seventh session;
# the arrhythmia's since cardiac10: before it "Severe AF" asked for a grade a coded Severe gave).
# Only the disease's: a stenosis's or a plaque's severity is its size (CMB-CORONARY-FINDINGS),
# and a rating naming a milder severity before it ("moderate to severe", "中重度") says no grade.
_FAILURE_NAME = r"(?:心力衰竭|心衰|心功能不全|heart failure|cardiac failure|\bchf\b|\bhf\b)"
_ARRHYTHMIA_NAME = (
    r"(?:心律失常|心房颤动|房颤|心房扑动|房扑|arrhythmias?\b|atrial fibrillation|atrial flutter"
    r"|\bp?af\b|\bafl\b|\ba(?:[- ]|\.\s?)?fib\b|\baflutter\b)"
)
# Not after a milder rating joined to it: "moderate to severe", "moderate-severe", "moderate–
# severe", "moderate/severe", "moderate or severe", "moderately severe", 中重度, 中到重度 (the
# dashes, slashes and 到 since the twenty-eighth session).
_ONLY_SEVERE = (
    r"(?<!非)(?<!not )(?<!non-)(?<!to )(?<!or )(?<!moderately )(?<![-–—/~～中轻至到])"
    r"(?<![-–—/] )(?:重度|severe)"
)


def _severe(name: str, kinds: str) -> re.Pattern[str]:
    return text_pattern(
        _ONLY_SEVERE
        + r"\s*(?:(?:"
        + kinds
        + r")\s*)?"
        + name
        + r"|"
        + name
        + r"\s*[（(]\s*(?:重度|severe)\s*[)）]"
    )


_SEVERE_NAMED = {
    Comorbidity.HEART_FAILURE: _severe(
        _FAILURE_NAME, r"慢性|急性|充血性|失代偿性?|chronic|acute|congestive|decompensated"
    ),
    Comorbidity.ARRHYTHMIA: _severe(
        _ARRHYTHMIA_NAME,
        r"阵发性|持续性|永久性|慢性|快速性|paroxysmal|persistent|permanent|chronic",
    ),
}


# CMB-CODES: an arrhythmia's rapid ventricular response ("AFib w/ RVR", "AF with rapid
# ventricular response", 房颤伴快速心室率, 快速房颤): rate control is indicated, so never CTCAE
# grade 1 (asymptomatic, intervention not indicated) — grade 2 at least (twenty-eighth session).
# Read only after a cheap literal test (`_RAPID_HINTS`).
_RAPID_HINTS = ("rvr", "ventricular", "心室率", "快速")
_RAPID_RESPONSE = text_pattern(
    r"\brvr\b|(?:rapid|fast|uncontrolled)\s+ventricular\s+(?:response|rate)"
    r"|快速(?:性)?心室率|心室率快|快速(?:性)?(?:心房颤动|房颤|心房扑动|房扑)"
)


def _rapid_response(texts: Iterable[str]) -> bool:
    return _any_says(texts, _RAPID_HINTS, _RAPID_RESPONSE)


# CMB-CODES: a heart failure its entry says recovered ("History of severe heart failure, fully
# recovered", 重度心衰已恢复, 心衰已纠正): the grade its words give is the past one, and the
# current class is not said (twenty-eighth session). Not "not (fully) recovered", 未恢复.
_RECOVERY_HINTS = ("recover", "resolved", "恢复", "痊愈", "治愈", "纠正")
_RECOVERED = text_pattern(
    r"(?<!not )(?<!not fully )(?<!never )(?<!\bun)(?:\b(?:fully |completely )?recovered\b"
    r"|\bresolved\b)|(?<![未不没无])(?:已(?:经)?(?:完全)?(?:恢复|痊愈|治愈|纠正)|恢复正常|痊愈|治愈)"
)


def _recovered(texts: Iterable[str]) -> bool:
    return _any_says(texts, _RECOVERY_HINTS, _RECOVERED)


def _any_says(texts: Iterable[str], hints: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """Whether a text holds one of `hints` (a literal test, lower case) and then `pattern`."""
    for text in texts:
        lowered = text.lower()
        if any(hint in lowered for hint in hints) and pattern.search(text):
            return True
    return False


def _number(token: str) -> int | None:
    token = token.upper()
    if token.isdigit():
        return int(token)
    return _ROMAN.get(token)


def _grading_words(text: str) -> str:
    """CMB-GRADE-OWNER: the words grades are read from. NFKC writes the Unicode Roman numerals a
    Chinese input method types (Ⅱ, U+2161) and full-width digits as ASCII; other scales'
    classes are taken out; a form's grade boxes are read as the grade ticked (`grade_answers`:
    "房颤 ☐1级 ☑2级" is grade 2, not the 1级 printed first)."""
    return _OTHER_SCALE.sub(" ", unicodedata.normalize("NFKC", grade_answers(text)))


def _grade_in(text: str, kind: Comorbidity | None = None) -> int | None:
    """The first NYHA class, else CTCAE grade, in `text`. A NYHA class grades the heart's function,
    never an arrhythmia (CMB-GRADE-OWNER): for one it is taken out before the grade is read."""
    functional = _NYHA.search(text)
    if functional is not None:
        if kind is not Comorbidity.ARRHYTHMIA:
            return _number(next(g for g in functional.groups() if g))
        text = _NYHA.sub(" ", text)
    match = _GRADE.search(text)
    if match:
        return _number(next(g for g in match.groups() if g))
    return None


# CMB-GRADE-OWNER: one entry may list several diagnoses ("冠心病，高血压3级（极高危）"); they are
# parted by punctuation, and by a space between two Chinese words ("冠心病 高血压病2级").
_DIAGNOSIS_BREAK = re.compile(r"[，,；;、/|]|(?<=[\u4e00-\u9fff)）])\s+(?=[\u4e00-\u9fff])")
# What a diagnosis that is only a grade holds besides it ("2级", "(CTCAE grade 2)").
_GRADE_ONLY = re.compile(r"[\s()（）\[\]:：.\-–级]|ctcae|v\d(?:\.\d)?|分级", re.IGNORECASE)
# CMB-GRADE-OWNER: the comorbidities a cardiac functional class (NYHA, 心功能) grades wherever
# it stands in their entry: the heart's failure, and its ischaemia (as the CCS angina class does).
_FUNCTIONALLY_GRADED = frozenset(
    {
        Comorbidity.CORONARY_HEART_DISEASE,
        Comorbidity.HEART_FAILURE,
    }
)


def _names(kind: Comorbidity, text: str) -> bool:
    return kind.value in comorbidity_table().every_concept(CodedText(text=text))


def _grade_only(diagnosis: str) -> bool:
    return not _GRADE_ONLY.sub("", _GRADE.sub("", diagnosis))


def _owned_grade(kind: Comorbidity, text: str) -> int | None:
    """CMB-GRADE-OWNER: the grade the entry gives `kind` — in a diagnosis naming it, or alone
    right after one; a cardiac functional class (NYHA, 心功能) grades heart failure and coronary
    disease anywhere in the entry. An entry that does not name `kind` in words (a coded one)
    keeps its grade."""
    if not (_GRADE.search(text) or _NYHA.search(text)):
        return None
    if not _names(kind, text):
        return _grade_in(text, kind)
    owner = False
    diagnoses = _DIAGNOSIS_BREAK.split(text)
    # A class standing on its own beside a heart failure the entry lists is the failure's, not
    # the coronary disease's ("冠心病 心衰 心功能III级"; twenty-eighth session).
    failure_listed = kind is Comorbidity.CORONARY_HEART_DISEASE and _failure_listed(diagnoses)
    for diagnosis in diagnoses:
        if _names(kind, diagnosis):
            owner = True
        elif not _grade_only(diagnosis):
            owner = False
        functional = _NYHA.search(diagnosis) if kind in _FUNCTIONALLY_GRADED else None
        if functional is not None and (
            owner or not (failure_listed or _names_another(kind, diagnosis))
        ):
            return _number(next(g for g in functional.groups() if g))
        if owner and (grade := _grade_in(diagnosis, kind)) is not None:
            return grade
    return None


def _failure_listed(diagnoses: list[str]) -> bool:
    """CMB-GRADE-OWNER: whether a list item names a heart failure that is not also the coronary
    disease (ischaemic cardiomyopathy is both: its class grades both), its class taken out."""
    for diagnosis in diagnoses:
        words = _NYHA.sub(" ", diagnosis)
        if _names(Comorbidity.HEART_FAILURE, words) and not _names(
            Comorbidity.CORONARY_HEART_DISEASE, words
        ):
            return True
    return False


def _names_another(kind: Comorbidity, diagnosis: str) -> bool:
    """CMB-GRADE-OWNER: whether a list item names a disease besides `kind` once its functional
    class is taken out ("心衰（NYHA III级）": the class is the failure's, not the coronary disease
    the list names after it; "心功能III级" alone names none and grades every disease it may)."""
    named = comorbidity_table().every_concept(CodedText(text=_NYHA.sub(" ", diagnosis)))
    return any(concept != kind.value for concept in named)


def parse_grade(
    texts: Iterable[str],
    severity: CodedText,
    names: Iterable[str] = (),
    kind: Comorbidity | None = None,
) -> int | None:
    """The comorbidity's grade: from the words of its name (`names`, for `kind`'s own grade:
    CMB-GRADE-OWNER), from other words about it (`texts`: a stage, a note), else its severity."""
    for name in names:
        words = _grading_words(name)
        grade = _grade_in(words) if kind is None else _owned_grade(kind, words)
        if grade is not None:
            return grade
    severe = _SEVERE_NAMED.get(kind) if kind is not None else None
    if severe is not None and any(severe.search(n) for n in names):
        return 3
    for text in [*texts, *severity.texts()]:
        grade = _grade_in(_grading_words(text), kind)
        if grade is not None:
            return grade
    for coding in severity.codings:
        if coding.code in _SEVERITY_CODES:
            return _SEVERITY_CODES[coding.code]
    for text in severity.texts():
        if _SEVERE_WORDS.search(text) and not _NOT_ONLY_SEVERE.search(text):
            return 3
    return None


def _functional_class_only(concept: CodedText) -> bool:
    """CMB-CODES: heart failure named by nothing but a functional class (心功能I级, "NYHA I"):
    no heart-failure code, no heart-failure word once the class is taken out."""
    table = comorbidity_table()
    failure = Comorbidity.HEART_FAILURE.value
    if any(row.concept == failure for row in table.code_rows(concept)):
        return False
    return not any(
        _names(Comorbidity.HEART_FAILURE, _NYHA.sub(" ", unicodedata.normalize("NFKC", text)))
        for text in concept.texts()
    )


def read_comorbidities(
    conditions: list[Parsed],
    reading: DiagnosisReading,
    as_of: date,
    leptomeninges_shown: Callable[[], Sequence[Shown]] | None = None,
) -> tuple[ComorbidityFact, ...]:
    """`leptomeninges_shown`: the chart's records showing leptomeningeal disease apart from its
    diagnoses (`leptomeninges_shown.read_leptomeninges_shown`), asked for only when an entry
    names the meninges with no layer (CNS-METASTASES)."""
    facts: list[ComorbidityFact] = []
    for condition in conditions:
        if not usable_condition(condition):
            continue
        model = condition.model
        verification = status_code(get(model, "verificationStatus"))
        written = coded(get(model, "code"))
        # CMB-WORDS: what the words inside the entry deny is not read ("不伴心力衰竭"), nor what
        # the words after it rule out ("房颤已排除", "HIV negative"): as if refuted.
        concept, denied = affirmed(written)
        kinds = comorbidity_kinds(concept)
        # CMB-WORDS: what the entry's code names and its own words deny ("I48.91" typed
        # "房颤已排除") is contradictory, with no status to settle it (refuted would): possible.
        # Not where the words still name it beside a denied sign ("冠心病 无心绞痛发作").
        doubted = {k for k in kinds if k in denied and not _names(k, concept.text or "")}
        # CMB-WORDS: a template's question left unanswered ("Atrial fibrillation: unknown").
        doubted |= {k for k in kinds if _unanswered(k, written)}
        # CMB-WORDS, CMB-MEDS: an answer that denies the disease, then a drug given for it ("AF,
        # none documented, on amiodarone"): the words and the drug disagree — possible; so is
        # every other disease the drug is given for that the entry does not name ("心衰：无，
        # 口服地高辛": digoxin for heart failure or an AF).
        treated = _treated(denied, concept, kinds)
        kinds += treated
        doubted.update(treated)
        # CMB-MEDS: a disease only the drug says may be there is the drug's, ungraded: the
        # grades of the entry are its diseases' ("高血压1级，口服胺碘酮": the blood pressure's).
        implied = {k: agent for k, agent in treated.items() if k not in denied}
        # CMB-SIGNS: a finding that only makes a disease possible (高血压性心脏病, LVEF 45%),
        # not where the entry denies that disease ("Hypertensive heart disease without heart
        # failure": the coder says the heart does not fail).
        signs = [k for k in _signs(concept) if k not in kinds and k not in denied]
        kinds += signs
        # CNS-METASTASES, CMB-WORDS: brain metastases in the words the entry affirms, as every
        # comorbidity is ("脑转移已排除", "Brain metastases ruled out" name none); a code the
        # words deny is doubted, as the table's are.
        if Comorbidity.BRAIN_METASTASES not in kinds and (
            names_brain_metastases(concept) or _secondary_in_brain(model, concept)
        ):
            kinds.append(Comorbidity.BRAIN_METASTASES)  # STG-SPREAD-WORDS, mCODE bodySite
        if Comorbidity.BRAIN_METASTASES in kinds and _brain_metastases_denied(written, concept):
            doubted.add(Comorbidity.BRAIN_METASTASES)
            doubted.add(Comorbidity.LEPTOMENINGEAL_DISEASE)
        kinds = _leptomeningeal(kinds, concept)
        if not kinds:
            continue
        whole = _whole_entry_denial(written)
        if whole is not None:
            kinds = _kept_kinds(whole, written, kinds, doubted, set(treated))
            if not kinds:
                continue
        texts = concept.texts()
        severity = coded(get(model, "severity"))
        stage_texts = coded_all(get(s, "summary") for s in items(model, "stage")).texts()
        notes = [
            n for n in (get(note, "text") for note in items(model, "note")) if isinstance(n, str)
        ]
        doubting = [t for t in texts if _doubts(t)]
        for kind in kinds:
            # CMB-CODES: a heart failure the entry says recovered keeps no grade of its words or
            # its severity — they were its grade then (twenty-eighth session).
            recovered = kind is Comorbidity.HEART_FAILURE and _recovered(texts)
            grade = (
                None
                if kind in implied
                else parse_grade(
                    [*stage_texts, *notes],
                    CodedText() if recovered else severity,
                    () if recovered else texts,
                    kind,
                )
            )
            # CMB-CODES: an AF with a rapid ventricular response needs rate control: grade 2 at
            # least, whatever else it is (twenty-eighth session).
            at_least = (
                grade is None
                and kind is Comorbidity.ARRHYTHMIA
                and kind not in implied
                and _rapid_response(texts)
            )
            if at_least:
                grade = 2
            # CMB-WORDS: words that doubt a diagnosis of the entry leave the disease it names
            # unconfirmed, not another diagnosis's ("持续性房颤（3级），考虑心衰": the AF stands),
            # but the one a later clause confirms ("Suspected CAD, confirmed by angiography").
            confirmed = verification not in UNCONFIRMED_VERIFICATION and all(
                _confirmed_in(kind, text) for text in doubting if _doubted_in(kind, text)
            )
            proof = (
                _layer_shown(concept, condition, leptomeninges_shown)
                if kind is Comorbidity.LEPTOMENINGEAL_DISEASE
                else ()
            )
            facts.append(
                ComorbidityFact(
                    evidence=(condition.reference, *proof),
                    kind=kind,
                    grade=grade,
                    grade_at_least=at_least,
                    active=condition_active(condition, as_of),
                    onset=condition_onset(condition),
                    text=written.text or next(iter(written.texts()), None),
                    implied_by=implied.get(kind),
                    confirmed=confirmed
                    and kind not in doubted
                    and (bool(proof) or not _doubtful(kind, grade, concept))
                    and not (kind in signs and grade is None),
                )
            )
    return tuple(_with_prior_malignancies(facts, reading))


# CMB-WORDS: an opening denial's list closes the entry ("否认高血压，糖尿病，冠心病病史", "No
# history of AF, CAD or HF"): every name in it is denied.
_DENIED_LIST_END = text_pattern(r"史\W*$|\b(?:or|nor)\b")


def _whole_entry_denial(written: CodedText) -> str | None:
    """CMB-WORDS: whether the entry's words give the disease to a relative ("relative") or deny
    it from the start ("denied": 否认, 已排除, "no history of") — or deny a first clause and name
    a disease after it that the denial's list may or may not reach ("runs on": "否认高血压、糖尿病，
    房颤病史5年")."""
    found: str | None = None
    for text in written.texts():
        if A_RELATIVES.search(text):
            return "relative"
        if DENIED.search(text):
            rest, _ = denied_phrases(text)
            runs_on = comorbidity_kinds(CodedText(text=rest)) and not _DENIED_LIST_END.search(text)
            found = "runs on" if runs_on else "denied"
    return found


def _kept_kinds(
    whole: str,
    written: CodedText,
    kinds: list[Comorbidity],
    doubted: set[Comorbidity],
    treated: set[Comorbidity],
) -> list[Comorbidity]:
    """CMB-WORDS: of an entry given to a relative or denied from its start, what is read, those
    not the patient's for sure added to `doubted`: a disease named before the clause naming a
    relative is the patient's ("AF, FHx negative"); one its code names disagrees with its words;
    one a clause after an opening denial names may be the denial's list running on; one a drug
    after the denial is given for ("否认房颤，口服普罗帕酮"), not in a relative's entry."""
    by_code = _coded_kinds(written)
    own: set[Comorbidity] = set()
    if whole == "relative":
        for text in filter(A_RELATIVES.search, written.texts()):
            before = denied_phrases(before_relatives(text))[0]
            own.update(comorbidity_kinds(CodedText(text=before)))
    kept = [
        k
        for k in kinds
        if k in by_code or k in own or whole == "runs on" or (k in treated and whole != "relative")
    ]
    doubted.update(k for k in kept if k not in own)
    return kept


def _leptomeningeal(kinds: list[Comorbidity], concept: CodedText) -> list[Comorbidity]:
    """CNS-METASTASES: brain metastases that are leptomeningeal spread are that too — in the
    words the entry affirms, or by the meninges' code where no word names the dura."""
    lepto = Comorbidity.LEPTOMENINGEAL_DISEASE
    kinds = [k for k in kinds if k is not lepto]
    if Comorbidity.BRAIN_METASTASES in kinds and names_leptomeningeal_disease(concept):
        kinds.append(lepto)
    return kinds


def _brain_metastases_denied(written: CodedText, concept: CodedText) -> bool:
    """CNS-METASTASES, CMB-WORDS: whether the entry's code names brain metastases its words
    deny or rule out ("C79.31" typed "脑转移已排除"), its affirmed text not naming them (their
    words are the cancer table's, which `affirmed` does not read)."""
    if concept.text and names_brain_metastases(CodedText(text=concept.text)):
        return False
    # Not only new ones, nor only of a kind ("C79.31" typed "No new brain metastases": the
    # known ones stand; twenty-sixth session).
    return any(
        diagnosis_rules_out_brain_metastases(
            text, lambda phrase: names_brain_metastases(CodedText(text=phrase))
        )
        for text in written.texts()
    )


def _names_kind(kind: Comorbidity, text: str) -> bool:
    if kind is Comorbidity.BRAIN_METASTASES:
        return names_brain_metastases(CodedText(text=text))
    if kind is Comorbidity.LEPTOMENINGEAL_DISEASE:
        return names_leptomeningeal_disease(CodedText(text=text))
    return _names(kind, text)


def _names_any(text: str) -> bool:
    concept = CodedText(text=text)
    return bool(comorbidity_kinds(concept)) or names_brain_metastases(concept)


# CMB-WORDS: the words that doubt a comorbidity: suspected or not yet ruled out (UNCONFIRMED),
# a working diagnosis (考虑), a test's verdict against it (不支持, "not supported by echo").
_DOUBT_WORDS = (UNCONFIRMED, WORKING_DIAGNOSIS, CONSIDERED_RELATED, NOT_SUPPORTED)


def _doubts(text: str) -> bool:
    """CMB-WORDS: whether the words leave the diseases they name unconfirmed (待排, 考虑, 不支持,
    "possible") — not where they doubt only a cause ("房颤，原因待查": the AF stands)."""
    if not any(words.search(text) for words in _DOUBT_WORDS):
        return False
    rest = doubted_cause_removed(text, _names_any)
    return any(words.search(rest) for words in _DOUBT_WORDS)


# CMB-WORDS: a doubt heading the entry, a colon after it ("考虑：房颤，心衰", "疑似诊断：…",
# "Possible diagnoses: AF, HF"), is every diagnosis's after it.
_HEADING = re.compile(r"\s*(?:诊断|diagnos[ie]s)?\s*[:：]", re.IGNORECASE)


def _doubt_heads_the_entry(text: str) -> bool:
    return any(
        _HEADING.match(text, found.end())
        for words in _DOUBT_WORDS
        for found in words.finditer(text)
    )


def _doubt_scopes(text: str) -> list[str]:
    """CMB-WORDS, CMB-GRADE-OWNER: the stretches of the entry a doubt word reaches — its
    diagnoses (`_DIAGNOSIS_BREAK`), those a list joins (、, a slash, a space between two Chinese
    words: "考虑冠心病、房颤", "r/o AF") read as one: whether a doubt after them ("冠心病、房颤
    待排") closes the list or its last item is not told apart, so it reaches the whole list
    (possible, never established). A doubt word opening a later item of the list ("持续性房颤
    （3级）、考虑心衰") stands before what it doubts: it reaches that item and those after it,
    not the items before (twenty-sixth session's red-team review); so does one after a space typed
    for a comma ("房颤（3级） 考虑心衰", twenty-sixth session), while "考虑冠心病 房颤" and "冠心病
    房颤待排" stay one reach."""
    scopes: list[str] = []
    begin = 0
    for found in _DIAGNOSIS_BREAK.finditer(text):
        joined = found.group() in "、/" or found.group().isspace()
        if joined and not _opens_with_doubt(text, found.end()):
            continue
        scopes.append(text[begin : found.start()])
        begin = found.end()
    scopes.append(text[begin:])
    return [scope for scope in scopes if scope.strip()]


def _opens_with_doubt(text: str, at: int) -> bool:
    """Whether the list item starting at `at` opens with a doubt word (考虑, 疑似, 可能,
    "possible", "?")."""
    start = len(text) - len(text[at:].lstrip())
    return any(words.match(text, start) for words in _DOUBT_WORDS)


# CMB-WORDS: a test or procedure considered ("冠心病，考虑行冠脉造影"): the work-up of a disease
# in doubt, not another diagnosis beside it.
_A_TEST_CONSIDERED = re.compile(r"\s*(?:考虑|拟|建议|计划)行")


def _doubted_in(kind: Comorbidity, text: str) -> bool:
    """CMB-WORDS: whether the doubt words of `text` doubt `kind`: those of a diagnosis naming
    it, or of one naming no disease ("房颤（3级），待排": the doubt of what is before it, or of
    the whole entry; "房颤，考虑阵发性"), never those of a diagnosis naming another disease only
    ("持续性房颤（3级），考虑心衰", "考虑房颤，心衰（NYHA III级）"). An entry that names `kind`
    in no diagnosis (coded only) or that a doubt heads ("考虑：房颤，心衰") is doubted whole."""
    if not _doubts(text):
        return False
    scopes = _doubt_scopes(text)
    naming = [scope for scope in scopes if _names_kind(kind, scope)]
    if not naming or _doubt_heads_the_entry(text):
        return True
    # A doubt of a diagnosis naming no disease reaches the entry; a doubt word opening a later
    # diagnosis naming `kind` doubts that one, not `kind` a diagnosis before it names undoubted
    # ("持续性房颤（3级）/?房扑": the AF is an established arrhythmia; twenty-sixth session's
    # second red-team review).
    if any(_doubts(scope) and not _names_any(scope) for scope in scopes):
        return True
    return any(
        _doubts(scope)
        and not (
            _opens_with_doubt(scope, 0)
            and not _A_TEST_CONSIDERED.match(scope)
            and any(s in naming and not _doubts(s) for s in scopes[:index])
        )
        for index, scope in enumerate(scopes)
        if scope in naming
    )


def _confirmed_in(kind: Comorbidity, text: str) -> bool:
    """CMB-WORDS: whether a clause of `text` confirms `kind` (`confirmed_in_words`)."""
    return confirmed_in_words(text, lambda clause: _names_kind(kind, clause), _names_any)


def _coded_kinds(concept: CodedText) -> set[Comorbidity]:
    """CMB-CODES: the comorbidities the concept's codes name (every row a code falls under),
    its words aside."""
    table = comorbidity_table()
    return {Comorbidity(row.concept) for c in concept.codings for row in table.nested_code_rows(c)}


def affirmed(concept: CodedText) -> tuple[CodedText, frozenset[Comorbidity]]:
    """CMB-WORDS: the concept with the phrases its words deny taken out of its texts
    (`affirmed_words`), and the comorbidities those phrases name. Its codes stay: a code is what
    the coder chose, and one the words deny is doubted by `read_comorbidities`."""
    denied: set[str] = set()

    def reading(text: str) -> tuple[str, tuple[str, ...]]:
        rest, phrases = denied_phrases(text)
        for phrase in phrases:
            denied.update(comorbidity_table().every_concept(CodedText(text=phrase)))
            if a_coronary_finding(phrase):
                denied.add(Comorbidity.CORONARY_HEART_DISEASE.value)
        return rest, phrases

    return affirmed_words(concept, reading), frozenset(Comorbidity(c) for c in denied)


def comorbidity_kinds(concept: CodedText) -> list[Comorbidity]:
    """CMB-WORDS, CMB-CODES: every comorbidity the concept names — a text naming a disease of
    the table is every disease its words name (缺血性心肌病: coronary disease and a
    cardiomyopathy), a code every row it falls under. The memoised first reading keeps the full
    scan to the few concepts that are comorbidities."""
    table = comorbidity_table()
    if not table.concepts(concept):
        return []
    return [Comorbidity(c) for c in table.every_concept(concept, nested=True)]


def _signs(concept: CodedText) -> list[Comorbidity]:
    """CMB-SIGNS: the diseases a finding in the Condition makes possible without naming them."""
    signs = cardiac_sign_table()
    if not signs.concepts(concept):
        return []
    return [Comorbidity(c) for c in signs.every_concept(concept)]


# CMB-WORDS: words that say a drug is not taken deny what follows them to the end of its clause
# (a comma, semicolon, bracket or full stop): "not on amiodarone", "未服用胺碘酮", "没有服用",
# "拒绝服用" — not a drug named before them ("胺碘酮治疗后未再发作": given, and the AF has not
# come back). A drug stopped ("amiodarone stopped", 停用) is not denied: when is not said, and
# CMB-MEDS reads a course stopped within 90 days as current.
_NOT_TAKEN = text_pattern(
    r"(?:\b(?:not|never)\b|未|没|拒)(?:(?![，,；;。|()（）\[\]【】]|\.(?!\d)).)*"
)


# CMB-MEDS: a drug the patient cannot take is not given: an allergy or intolerance in the drug's
# clause ("胺碘酮过敏", "allergic to amiodarone", "flecainide intolerance").
_NOT_GIVEN = text_pattern(
    r"[^，,；;。|()（）\[\]【】]*(?:过敏|不耐受|\ballerg|\bintoleran)[^，,；;。|()（）\[\]【】]*"
)


def _treated(
    denied: frozenset[Comorbidity], concept: CodedText, kinds: list[Comorbidity]
) -> dict[Comorbidity, str]:
    """CMB-WORDS, CMB-MEDS: the diseases a drug the entry's affirmed words name is given for,
    by the drug table CMB-MEDS reads a current MedicationStatement with — a drug that proves
    nothing there (a beta-blocker, an anticoagulant) proves nothing here — each with the drug.
    Each is asked as the drug alone asks it: the one the entry denies (an antiarrhythmic after
    "AF: none": the words and the drug disagree), the others it is given for ("心衰：无，口服
    地高辛": digoxin is for heart failure or an AF's rate; "Heart failure: none, on amiodarone":
    an arrhythmia), and, in an entry that denies nothing, the one it is given for that the entry
    does not name ("心悸，口服胺碘酮", "高血压，口服胺碘酮": twenty-sixth session). A disease the
    entry affirms that the drug is given for explains it, as a MedicationStatement's reason does
    ("房颤（2级），心衰：无，口服地高辛": the AF's digoxin; the no stands)."""
    drugs = comorbidity_drug_table()
    given: dict[Comorbidity, str] = {}
    for text in concept.texts():
        taken = _NOT_GIVEN.sub(" ", _NOT_TAKEN.sub(" ", text))
        for agent in drug_table().agents_in(taken):
            treats = {k for k in Comorbidity if k.value in drugs.get(agent, ())}
            if not treats & set(kinds):
                for kind in treats:
                    given.setdefault(kind, agent)
    return {k: given[k] for k in Comorbidity if k in given and k not in kinds}


def _unanswered(kind: Comorbidity, written: CodedText) -> bool:
    return any(
        _names(kind, phrase) for text in written.texts() for phrase in unanswered_phrases(text)
    )


# CMB-WORDS: CHD is coronary heart disease as Chinese hospitals abbreviate 冠心病 in English, and
# congenital heart disease in Western cardiology.
_CHD_ABBREVIATION = text_pattern(r"\bchd\b")


def _chd_alone(concept: CodedText) -> bool:
    """CMB-WORDS: whether the abbreviation CHD is all that names coronary heart disease in the
    Condition (no code, no other words: "h/o CHD"): coronary or congenital, not told."""
    texts = concept.texts()
    if Comorbidity.CORONARY_HEART_DISEASE in _coded_kinds(concept) or not any(
        _CHD_ABBREVIATION.search(t) for t in texts
    ):
        return False
    kind = Comorbidity.CORONARY_HEART_DISEASE
    return not any(_names(kind, _CHD_ABBREVIATION.sub(" ", t)) for t in texts)


def _possible_coronary_finding_alone(concept: CodedText) -> bool:
    """CMB-CORONARY-FINDINGS: whether a finding that makes coronary disease possible — a
    calcium score given as a range from zero ("CAC 0-10": zero or minimal plaque), a congenital
    coronary anomaly (ischaemic or not), an invasive coronary angiography without its result
    ("冠脉造影术后") — is all that names coronary heart disease in the Condition (no code, no
    other words)."""
    kind = Comorbidity.CORONARY_HEART_DISEASE
    if kind in _coded_kinds(concept):
        return False
    rests = [without_possible_findings(t) for t in concept.texts()]
    if all(rest is None for rest in rests):
        return False
    return not any(
        _names(kind, t if rest is None else rest)
        for t, rest in zip(concept.texts(), rests, strict=True)
    )


def _doubtful(kind: Comorbidity, grade: int | None, concept: CodedText) -> bool:
    """Whether the Condition leaves `kind` possible rather than established: brain metastases
    (or leptomeningeal disease) whose codings name another site too, leptomeningeal disease
    named by the meninges' code alone (CNS-METASTASES); NYHA class I with nothing else naming
    heart failure, a heart that limits no activity, failing or not (CMB-CODES); coronary heart
    disease named by CHD alone (CMB-WORDS) or by a finding that makes it possible only (a
    calcium score's range from zero, a coronary anomaly, an angiography without its result:
    CMB-CORONARY-FINDINGS)."""
    if kind is Comorbidity.BRAIN_METASTASES:
        return _other_site(concept)
    if kind is Comorbidity.LEPTOMENINGEAL_DISEASE:
        return _other_site(concept) or _meninges_layer_unsaid(concept)
    if kind is Comorbidity.CORONARY_HEART_DISEASE:
        return _chd_alone(concept) or _possible_coronary_finding_alone(concept)
    if kind is Comorbidity.HEART_FAILURE and grade == 1:
        return _functional_class_only(concept)
    return False


# ICD-10 secondary malignant neoplasm of a named site other than the brain (C79.3) or an
# unspecified one (C79.9).
_OTHER_SECONDARY = re.compile(r"^C(7[78]|79\.?[0-24-8]|7B)", re.IGNORECASE)


def _meninges_layer_unsaid(concept: CodedText) -> bool:
    """CNS-METASTASES: leptomeningeal disease named by nothing but the meninges — the cerebral
    meninges' code (ICD-10-CM C79.32, with or without its title), its title, English or Chinese
    (脑膜继发恶性肿瘤), or words naming no layer ("脑膜转移", "Meningeal metastases"): the
    meninges hold the dura too, so the leptomeningeal disease is possible unless the words name
    the leptomeninges or show them (cancer cells in the CSF, intrathecal treatment); the brain
    metastases it also is stay established."""
    return not any(
        names_leptomeningeal(text) and names_the_leptomeninges(text) for text in concept.texts()
    )


# CNS-METASTASES: how long before a meningeal metastasis's entry a CSF cytology or intrathecal
# treatment is still its work-up or its treatment (OncoMatch policy: a diagnosis is entered
# within weeks of the lumbar puncture that made it; an older one is another illness's).
SHOWN_BEFORE_ENTRY_DAYS = 90


def _layer_shown(
    concept: CodedText,
    condition: Parsed,
    leptomeninges_shown: Callable[[], Sequence[Shown]] | None,
) -> tuple[str, ...]:
    """CNS-METASTASES: the records that show an entry naming the meninges with no layer
    ("脑膜转移", "Meningeal metastases", "脊膜转移", C79.32) to be leptomeningeal disease — a
    CSF cytology finding cancer cells, intrathecal chemotherapy (`leptomeninges_shown`) —
    dated from `SHOWN_BEFORE_ENTRY_DAYS` before its onset on (any, when it has none); none
    where the entry's codings name another site too (its doubt is not the layer's)."""
    if leptomeninges_shown is None or _other_site(concept):
        return ()
    if not _meninges_layer_unsaid(concept):
        return ()
    onset = condition_onset(condition)
    earliest = None if onset is None else onset - timedelta(days=SHOWN_BEFORE_ENTRY_DAYS)
    return tuple(
        shown.reference
        for shown in leptomeninges_shown()
        if earliest is None or (shown.when is not None and shown.when >= earliest)
    )


def _other_site(concept: CodedText) -> bool:
    """CNS-METASTASES: the Condition's own codings disagree, brain in one and another site in an
    ICD-10 coding (SNOMED CT 94225005 beside C79.81 breast, as in the ICAREdata fixtures): the
    brain metastases are possible, not established."""
    return any(
        coding.system.rstrip("/").endswith(("icd-10-cm", "icd-10"))
        and _OTHER_SECONDARY.match(coding.code)
        for coding in concept.codings
    )


def _secondary_in_brain(model: Any, concept: CodedText) -> bool:
    """CNS-METASTASES: an mCODE secondary cancer Condition (a generic "secondary malignant
    neoplasm" code) whose `bodySite` is the brain."""
    if "secondary" not in cancer_concepts(concept):
        return False
    sites = coded_all(items(model, "bodySite"))
    return RadiotherapySite.BRAIN.value in radiotherapy_site_table().every_concept(sites)


def _with_prior_malignancies(
    facts: list[ComorbidityFact], reading: DiagnosisReading
) -> list[ComorbidityFact]:
    """The comorbidities with the prior malignancies the diagnoses show: an older cancer of
    another type, and a personal history of one (DX-WORDS), each with its cancer. A history the
    comorbidity table already read (a Z85 code) gains its cancer rather than a second fact."""
    taxonomy = default_taxonomy()
    placed = sorted(
        (d for d in reading.diagnoses if d.cancer_type), key=lambda d: d.diagnosed or date.min
    )
    older = [
        d
        for d in placed[:-1]
        if not taxonomy.related(d.cancer_type or "", placed[-1].cancer_type or "")
    ]
    by_evidence = {
        f.evidence: index
        for index, f in enumerate(facts)
        if f.kind is Comorbidity.PRIOR_OTHER_MALIGNANCY
    }
    result = list(facts)
    for diagnosis in (*older, *reading.other_histories):
        known = by_evidence.get(diagnosis.evidence)
        if known is not None:
            update = {"cancer_type": result[known].cancer_type or diagnosis.cancer_type}
            result[known] = result[known].model_copy(update=update)
            continue
        result.append(_prior_malignancy(diagnosis, cancer_type=diagnosis.cancer_type))
    # MAL-OTHER (twenty-eighth session): an organ's tumour named with no malignant or benign
    # word beside a cancer of another organ is a malignancy possible, not established: its
    # organ's cancer is not named (the tumour may be benign), so no other rule reads it as one.
    result += [_prior_malignancy(t, confirmed=False) for t in reading.uncertain_tumours]
    return result


def _prior_malignancy(
    diagnosis: CancerDiagnosis, *, cancer_type: str | None = None, confirmed: bool = True
) -> ComorbidityFact:
    """A prior other malignancy, as its diagnosis records it."""
    return ComorbidityFact(
        evidence=diagnosis.evidence,
        kind=Comorbidity.PRIOR_OTHER_MALIGNANCY,
        active=diagnosis.clinical_status not in {"inactive", "remission", "resolved"},
        onset=diagnosis.onset,
        text=diagnosis.text,
        cancer_type=cancer_type,
        confirmed=confirmed,
    )
