"""The words that make a diagnosis on a problem list not (yet) the patient's: one list for the
cancer diagnoses (DX-WORDS) and the comorbidities (CMB-WORDS).

`\\b` bounds Latin words only (`text_patterns`, TEXT-LATIN-BOUNDARY): "疑似房颤" and "suspected房颤"
both read."""

from __future__ import annotations

import re
from collections.abc import Callable

from eligibility.caches import BoundedMemo
from fhir_mapping.checkbox_answers import checkbox_answers
from fhir_mapping.coronary_findings import no_coronary_disease
from fhir_mapping.spread_words import NOT_OF_AN_OUTCOME, ZH_NOT_OF_AN_OUTCOME, read_spread
from fhir_mapping.terminology import MEMO_LIMIT, CodedText, Coding, names_malignancy
from fhir_mapping.text_patterns import text_pattern

# A work-up asked for, not done: "建议活检以排除鼻咽癌" (biopsy advised to rule out NPC), "需排除",
# "拟行活检排除", "为排除": what it would rule out is still suspected (DX-WORDS).
# A ruling-out already done between the two ("以上检查已排除鼻咽癌") is one.
_PLANNED_RULING_OUT = (
    r"(?:建议|需|须|拟|以|为|用于|进一步|请|计划|安排|应)[^，,；;。已]{0,10}?(?:排除|除外)"
)
# Suspected, or still to be ruled out (CMB-WORDS, DX-WORDS).
UNCONFIRMED = text_pattern(
    _PLANNED_RULING_OUT + "|"
    r"待排|待查|疑似|可疑|"
    + ZH_NOT_OF_AN_OUTCOME
    + r"可能|不(?:能|可)?除外|(?:无法|难以|未能)除外|[?？]|\bsuspect|\bsuspicio|\bpossibl[ey]\b"
    r"|\bprobabl[ey]\b|\brule[- ]out\b|\br/o\b|\bquery\b|\bcannot (?:be )?(?:exclude|rule)"
    # Judged improbable, not refuted: "CAD unlikely", "less likely AF" (可能性小 reads as 可能).
    # An outcome judged unlikely ("unlikely to be resectable", 手术切除可能性小) doubts nothing
    # (`spread_words.NOT_OF_AN_OUTCOME`; twenty-seventh session (red-team review)).
    r"|\b(?:unlikely|less likely)\b"
    + NOT_OF_AN_OUTCOME
    + r"|\blow (?:suspicion|probability|likelihood)\b"
    # Not (yet) excluded: 不排除, 不能排除, 未排除, 无法排除, "not ruled out".
    r"|不(?:能|可)?排除|(?:无法|难以|未能|尚未|未)排除"
    r"|\bnot (?:been |yet )?(?:ruled out|excluded)\b"
    # A suspected diagnosis (疑诊), or one awaiting its proof (待病理证实): as the spread's doubt
    # words read them (`spread_words._DOUBT_WORDS`; twenty-fifth session).
    r"|疑诊|待(?:病理|活检|穿刺)?(?:证实|确诊)"
)
# DX-WORDS (twenty-eighth session): a clause of a diagnosis's words that holds another finding
# in doubt ("骨转移，考虑病理性骨折可能": bone metastases, a pathological fracture considered;
# "NPC, possible pathological fracture") doubts that finding only. Such a clause names no
# malignancy or spread (`names_malignancy`) and nothing of the diagnosis's proof or nature
# (`_OF_THE_DIAGNOSIS`: "鼻咽癌，病理待查" still doubts the NPC), and holds a finding of its
# own once its doubt words are read (`_HEDGE_FILLER`); a clause of doubt words alone ("，待排")
# doubts what it follows.
_CLAUSE_BREAK = re.compile(r"[，,;；。]")
_OF_THE_DIAGNOSIS = text_pattern(
    r"病理(?!性)|活检|穿刺|细胞学|诊断|确诊|性质|[恶良]性|分期|来源|原发|复发|进展|病[灶变]|占位|结节"
    r"|肿[物块]|\bbenign|\bmalignan"
    r"|阴影|影|灶|\bbiops|\bpatholog(?!ic(?:al)? fracture)|\bcytolog|\bdiagnos|\bhistolog"
    r"|\bprimary\b|\borigin|\bstag(?:e|ing)\b|\brecurr|\bprogress|\blesions?\b|\bnodul"
    r"|\bmass(?:es)?\b|\bnature\b|\bfoc(?:us|i|al)\b|\bdisease\b|\bfindings?\b"
)
_HEDGE_FILLER = text_pattern(
    r"考虑为?|倾向于?|不除外|\bconsider(?:ed)?\b|\bof\b|\bwith\b|\band\b|\bto\b|\bbe\b"
    r"|[\s:：()（）、.\-]"
)
_FINDING_LEFT = re.compile(r"[\u4e00-\u9fff]{2}|[A-Za-z]{4}")


def _hedges_its_own_finding(clause: str) -> bool:
    if not UNCONFIRMED.search(clause) or names_malignancy(clause):
        return False
    if _OF_THE_DIAGNOSIS.search(clause):
        return False
    left = _HEDGE_FILLER.sub("", UNCONFIRMED.sub("", clause))
    return _FINDING_LEFT.search(left) is not None


_own_hedges_memo: BoundedMemo[str, str] = BoundedMemo(
    "fhir_mapping.diagnosis_words.own_hedges_aside", MEMO_LIMIT
)


def other_findings_hedges_aside(text: str) -> str:
    """DX-WORDS: `text` less its clauses that hold another finding in doubt (a hedge doubts
    only the finding it qualifies): what UNCONFIRMED reads for the diagnosis itself. Read only
    where UNCONFIRMED is found at all (the caller's cheap test first)."""
    found = _own_hedges_memo.get(text)
    if found is None:
        clauses = _CLAUSE_BREAK.split(text)
        kept = [c for c in clauses if not _hedges_its_own_finding(c)]
        found = _own_hedges_memo.put(text, text if len(kept) == len(clauses) else "，".join(kept))
    return found


# DX-WORDS (twenty-eighth session): a differential between a spread and a primary cancer ("Lung
# metastasis or second primary lung cancer", "肺转移瘤或原发肺癌", "… vs …"): neither is
# established. The literal test (`_EITHER`) runs first.
_EITHER = text_pattern(r"\bor\b|\bvs\.?(?!\w)|\bversus\b|或(?!许)|还是|抑或")


def spread_or_primary(text: str) -> bool:
    """DX-WORDS: whether `text` holds a differential between a spread it names and a primary
    cancer the rest of its words name."""
    if _EITHER.search(text) is None:
        return False
    spread = read_spread(text)
    return bool(spread.kinds) and names_malignancy(_EITHER.sub(" ", spread.rest))


# DX-WORDS (twenty-eighth session): a differential between a cancer and a benign finding, as
# imaging writes one before the biopsy ("Breast cancer or fibroadenoma", "乳腺癌或纤维腺瘤",
# "鼻咽癌或鼻咽炎"): the cancer is not established. The benign findings are the lesions a
# differential sets against a cancer: benign tumours, cysts, polyps, hyperplasia, inflammation
# and infection. Not a nodule or a mass: those are what the differential is about.
_BENIGN_FINDING = text_pattern(
    r"\b(?:fibroadenomas?|adenomas?|cysts?|cystic|polyps?|hyperplasia|hamartomas?|lipomas?"
    r"|ha?emangiomas?|fibroids?|leiomyomas?|benign|inflammat\w*|infections?|abscess(?:es)?"
    r"|tuberculosis|granulomas?|granulomatous|\w{3,}itis)\b"
    r"|纤维腺瘤|腺瘤|囊肿|息肉|增生|错构瘤|脂肪瘤|血管瘤|肌瘤|良性|炎|结核|脓肿|肉芽肿"
)


def cancer_or_benign(text: str) -> bool:
    """DX-WORDS: whether `text` sets a cancer it names against a benign finding ("Breast cancer
    or fibroadenoma"): one alternative names a malignancy, another only a benign finding."""
    if _EITHER.search(text) is None:
        return False
    alternatives = _EITHER.split(text)
    # A benign tumour's name may end as a malignancy's does (纤维腺瘤): read without it.
    benign_only = [
        _BENIGN_FINDING.search(a) is not None and not names_malignancy(_BENIGN_FINDING.sub(" ", a))
        for a in alternatives
    ]
    return any(benign_only) and any(
        names_malignancy(a)
        for a, benign in zip(alternatives, benign_only, strict=True)
        if not benign
    )


# CMB-WORDS: 考虑 ("considered") puts a working diagnosis, as Chinese notes and problem lists
# write one ("考虑房颤", "房颤，考虑阵发性"): probable, not confirmed, as 可能 is. Read for the
# comorbidities only: in a cancer's entry it often qualifies its subtype ("鼻咽癌（考虑非角化
# 型）"), the cancer itself established (DX-WORDS reads UNCONFIRMED alone).
# 考虑 before a treatment judges the treatment ("冠心病，不考虑手术", "房颤不考虑抗凝",
# "考虑介入治疗"): no working diagnosis (twenty-fifth session's review). So does 考虑 before a
# drug given (予, 给予, 加用: "考虑予抗血小板治疗") or an operation performed, words between
# ("考虑行冠脉搭桥术"); a test performed is no treatment ("冠心病？考虑行冠脉造影" still doubts;
# twenty-fifth session's red-team review).
_A_TREATMENT = (
    r"(?!(?:予|给予|加用)|(?:行[^，,；;。()（）]{0,8}?)?(?:手术|切除|放疗|化疗|治疗|PCI|介入"
    r"|消融|抗凝|抗血小板|溶栓|支架|搭桥|起搏))"
)
WORKING_DIAGNOSIS = text_pattern(r"考虑" + _A_TREATMENT)
# CMB-WORDS: 考虑 before a treatment-related or -induced disease's name ("考虑化疗相关房颤", "考虑
# 化疗相关性心肌病", "考虑与放疗有关的心衰", "考虑化疗所致房颤") judges no treatment: it puts the
# X-related disease as a working diagnosis, as "疑似化疗相关房颤" and "疑似与化疗有关的心衰"
# doubt it (twenty-seventh session, cardiac10: before it the AF was established, and with its
# CTCAE grade 2 excluded the patient).
# 相关, 有关 ending the words doubt the cause only ("房颤（考虑化疗相关）": `_DOUBTED_CAUSE`).
# Read for the comorbidities only: a report's "考虑放疗相关改变" keeps its radiotherapy reading.
CONSIDERED_RELATED = text_pattern(
    r"考虑(?=为?与?[^，,；;。()（）\s]{0,12}?(?:相关|有关|所致|引起|导致|诱发)[性的]?"
    r"[\u4e00-\u9fffA-Za-z])"
)
# CMB-WORDS: 不支持 (not supported) before a disease doubts it, as 不考虑 does: possible, never
# confirmed ("不支持冠心病诊断"); read for the comorbidities only — a pathology report's "不支持
# 淋巴瘤" excludes another diagnosis beside the one it makes. In English the verdict follows the
# disease or comes before it as a verb ("Heart failure not supported by echo", "echo does not
# support HF", "not supportive of"; twenty-sixth session): the test argues against it, which
# leaves it no established diagnosis, as 心超不支持心衰.
# English "not supported" of a treatment or test judges that, not the disease, as 不支持手术
# does ("Persistent AF, catheter ablation not supported by EP review", "EP does not support
# ablation"), and so does one of payment ("not supported by insurance"): the word before the
# verdict (past is/was) or after the verb names the treatment (twenty-sixth session's red-team
# review: before it, such an entry left its AF unconfirmed).
_EN_TREATMENTS = (
    *("ablation", "anticoagulation", "anticoagulant", "anticoagulants", "surgery", "resection"),
    *("PCI", "stenting", "stent", "stents", "CABG", "bypass", "ICD", "CRT", "pacemaker"),
    *("pacing", "cardioversion", "thrombolysis", "transplant", "transplantation"),
    *("intervention", "procedure", "treatment", "therapy", "control", "replacement", "repair"),
    *("angiography", "catheterization", "catheterisation"),
    *("insurance", "coverage", "reimbursement", "funding"),
)
_EN_TREATMENT = "(?:" + "|".join(_EN_TREATMENTS) + ")"
_NOT_OF_A_TREATMENT = "".join(
    f"(?<!{word} {copula})"
    for word in _EN_TREATMENTS
    for copula in ("", "is ", "was ", "are ", "were ", "has been ", "have been ")
)
_NOT_A_PAYMENT = r"(?! by (?:the )?(?:insurance|insurer|payer|coverage|funding|medicare|medicaid))"
NOT_SUPPORTED = text_pattern(
    r"不支持(?!(?:行|予|给予)?(?:手术|切除|放疗|化疗|治疗|PCI|介入|消融|抗凝))"
    r"|\b(?=not (?:been )?supported\b)"
    + _NOT_OF_A_TREATMENT
    + r"not (?:been )?supported\b"
    + _NOT_A_PAYMENT
    + r"|\bnot supportive\b(?! of (?:an? |the )?"
    + _EN_TREATMENT
    + r"\b)"
    r"|\bdo(?:es)?(?: not|n't) support\b(?! (?:an? |the )?(?:\w+ )?" + _EN_TREATMENT + r"\b)"
)
# CMB-WORDS: a doubt about the disease's cause, not the disease: "房颤，原因待查", "心衰（病因
# 待查）", "AF, etiology?", "AF, possible cause hyperthyroidism", "房颤，考虑甲亢所致", "可能原因
# 甲亢" — the disease is there, why is being found out. (twenty-sixth session's second red-team
# review) So is a doubt of what it is related to or of its kind by cause: "心衰，考虑与蒽环类药物
# 相关", "可能与化疗有关", "心衰（考虑缺血性）", "HF, possibly related to anthracycline" (before
# it each left an established NYHA III heart failure possible, an unsafe possibly eligible).
# (twenty-seventh session, red-team review) Only where 相关, 有关 end the words: "疑似…相关心肌病"
# doubts the cardiomyopathy.
_DOUBTED_CAUSE = text_pattern(
    r"(?:病因|原因|诱因)\s*[:：]?\s*(?:待查|待定|待排|待明确|未明|不明|不清|不详)"
    # 相关, 有关 close the cause ("考虑与化疗相关"); before the disease's name they make it an
    # "X-related disease" the doubt word doubts whole ("疑似蒽环类药物相关心肌病", "疑似与化疗
    # 有关的心衰": twenty-seventh session, red-team review; before it, established, a wrong
    # exclusion of a suspected heart failure).
    r"|(?:考虑|可能|疑似)[^，,；;。()（）]*?(?:所致|引起|导致|诱发"
    r"|(?:相关|有关)(?![性的]|[\u4e00-\u9fffA-Za-z]))"
    r"|(?:考虑|可能|疑似)为?(?:非缺血性|缺血性|扩张型|肥厚型|限制型|瓣膜性|高血压性|酒精性|药物性"
    r"|应激性|心动过速性|围产期)(?=\s*(?:[，,；;。()（）]|$))"
    r"|\b(?:possibly|probably|likely|presumably|presumed|query)\s+(?:related|secondary|due|"
    r"attributed|attributable)\s+to\b[^,;，；。()（）]*"
    r"|(?:可能|疑似|考虑)的?(?:原因|病因|诱因)[^，,；;。()（）]*"
    r"|\b(?:possible|probable|likely|suspected|presumed|query)\s+(?:causes?|etiology|aetiology"
    r"|trigger)\b[^,;，；。()（）]*"
    r"|\b(?:causes?|etiology|aetiology)\s*(?:[:：]\s*)?(?:unknown|unclear|uncertain|undetermined"
    r"|under investigation|to be determined|tbd|[?？])"
)


# CMB-WORDS: what an "X-induced" doubt (…所致, 引起, 导致, 诱发) runs on to, up to its clause's
# end: a disease named there is the one the doubt word puts ("考虑化疗所致房颤").
_INDUCED_END = re.compile(r"(?:所致|引起|导致|诱发)$")
_RUNS_ON = re.compile(r"[的性]?[^，,；;。()（）\s]+")


def doubted_cause_removed(text: str, names: Callable[[str], bool]) -> str:
    """CMB-WORDS: `text` without the words that doubt a disease's cause (`_DOUBTED_CAUSE`),
    unless the doubted cause is a disease `names` reads ("心悸，考虑房颤所致": the AF is the
    working diagnosis), or the X-induced disease the words run on to is ("考虑化疗所致房颤": a
    working diagnosis of the chemotherapy-induced AF, as "考虑化疗相关房颤" is; twenty-seventh
    session, cardiac10)."""

    def removed(found: re.Match[str]) -> str:
        if names(found.group()):
            return found.group()
        if _INDUCED_END.search(found.group()):
            after = _RUNS_ON.match(text, found.end())
            if after is not None and names(after.group()):
                return found.group()
        return " "

    return _DOUBTED_CAUSE.sub(removed, text)


# CMB-WORDS: a confirmation, not (yet) one: "Holter证实", "冠脉造影确诊", "confirmed by
# angiography"; not 未证实, 待证实, 有待证实, 未经证实, 未确诊, 待确诊, 未能证实, 无法证实,
# 不能确诊, "unconfirmed", "not (yet) confirmed", "to be confirmed" (`_NOT_CONFIRMING`).
_CONFIRMING = text_pattern(
    r"(?<!未)(?<!待)(?<!未经)(?<!未能)(?<!不能)(?<!无法)(?<!难以)"
    r"(?:证实|确诊|明确诊断|诊断明确|确定诊断)"
    r"|\bconfirm(?:ed|s|ing)?\b|\bproven\b|\bproved\b"
)
_NOT_CONFIRMING = text_pattern(
    r"\bnot\b|\bnever\b|\bto be\b|\bpending\b|\bawait\w*|\bif\b|\bwhether\b|待定|与否|是否"
    # Awaiting or without it, the test between: "待病理证实", "未经活检证实", "尚未病理确诊".
    r"|待|尚未|未经|未能"
)
# A clause a confirmation stands in: punctuation and brackets part them ("疑似冠心病（冠脉造影
# 确诊）", "Suspected CAD (confirmed by angiography)").
_CONFIRMATION_CLAUSE = re.compile(r"[，,；;。|()（）\[\]【】]|\.(?!\d)")


def confirmed_in_words(
    text: str, names: Callable[[str], bool], names_any: Callable[[str], bool]
) -> bool:
    """CMB-WORDS: whether a clause of `text` confirms the disease `names` reads, however the
    entry doubted it before: a clause with a confirming word that names it ("房颤待排，Holter证实
    阵发性房颤"), or names no disease (`names_any`) right after a clause naming it ("Suspected
    CAD, confirmed by angiography", "疑似冠心病，冠脉造影确诊"). A confirmation of another disease
    confirms that one only ("房颤待排，冠脉造影确诊冠心病" leaves the AF suspected)."""
    if not _CONFIRMING.search(text):
        return False
    clauses = [c for c in _CONFIRMATION_CLAUSE.split(text) if c.strip()]
    for index, clause in enumerate(clauses):
        if (
            not _CONFIRMING.search(clause)
            or _NOT_CONFIRMING.search(clause)
            or UNCONFIRMED.search(clause)
            or WORKING_DIAGNOSIS.search(clause)
        ):
            continue
        if names(clause):
            return True
        if index and not names_any(clause) and names(clauses[index - 1]):
            return True
    return False


# A relative's disease: a family history (家族中, "FHx", "FH of", "FH:"; not FH alone, familial
# hypercholesterolaemia), or the relative named ("父亲冠心病", "mother: AF").
# Not 母 alone (神经母细胞瘤, neuroblastoma), nor "maternal" (ICD-10 O34 "Maternal care for").
A_RELATIVES = text_pattern(
    r"家族史|家族中|\bfamily history\b|\bfhx\b|\bfam(?:ily)?\.? hx\b|\bfh(?: of\b|\s*:)"
    r"|父亲|母亲|父母|其父|其母|祖父|祖母|外公|外婆|爷爷|奶奶"
    r"|兄弟|姐妹|哥哥|姐姐|弟弟|妹妹|儿子|女儿|子女"
    r"|\b(?:father|mother|brother|sibling|son|daughter|grandfather|grandmother)s?\b"
    # A Sister Mary Joseph nodule is an umbilical metastasis, no relative.
    r"|\bsisters?\b(?!\s+mary\s+joseph)"
)
# Opening the entry, and denying it ("否认冠心病史"); later in the entry a denial is about
# something else ("脑转移，否认头痛").
DENIED = text_pattern(
    r"^\W*(?:既往史\W*)?(?:否认|已排除|(?:patient )?den(?:y|ies|ied)\b"
    r"|no (?:known |prior |past )?history of\b)"
)
# An admission for treatment of a malignancy, as Chinese discharge diagnoses title it (ICD-10
# Z51.x: "恶性肿瘤维持性化学治疗", "恶性肿瘤放射治疗", "恶性肿瘤免疫治疗") or ICD-10-CM names it
# ("Encounter for antineoplastic chemotherapy"): an encounter, not a cancer of its own. The whole
# entry is the title: "鼻咽恶性肿瘤化疗" names the NPC.
TREATMENT_ENCOUNTER = text_pattern(
    r"^\W*恶性肿瘤(?:维持性|姑息性?|辅助|新辅助|术后)?"
    r"(?:化学治疗|化疗|放射治疗|放疗|放化疗|免疫治疗|靶向治疗|内分泌治疗|生物治疗)后?\W*$"
    r"|\bencounter for (?:antineoplastic )?(?:chemotherapy|immunotherapy|radiation therapy)\b"
    r"|\b(?:chemotherapy|radiotherapy) session\b"
)
# CMB-WORDS: words inside an entry that deny what follows them, to the end of its clause
# ("高血压性心脏病（不伴心力衰竭）", "未见心包积液，房颤", "Hypertensive heart disease without heart
# failure"). 无 never denies where it begins a name: 无症状性心肌缺血
# (silent ischaemia), 无痛性 (painless), 无脉性 (pulseless), 无Q波 (non-Q-wave), 无法除外
# (cannot be excluded), 无创 (non-invasive), 无复流 (no-reflow), 无菌性 (aseptic), 无结石性
# (acalculous), 无功能 (non-functioning). Inside a run of words it denies what follows too
# ("高血压性心脏病无心衰"), except after 有 (有无: whether or not, a question).
_DENYING_WORD = (
    # The coronary arteries or a coronary test named right before a negative result are no
    # disease: "冠脉CTA排除冠心病", "冠脉未见明显狭窄", "Coronary CTA: no CAD" (冠脉 and
    # "coronary" alone name the disease); the test and then the arteries too ("冠脉CTA：冠脉未见
    # 斑块").
    r"(?:(?:经|by\s+)?(?:冠脉|冠状动脉|\bcoronary\s*(?:arter(?:y|ies)\s*)?)"
    r"(?:CTA|CT血管成像|CT|造影|angiograph\w*|CT angiograph\w*|catheteri[sz]ation)?"
    # ... the report's verb between the test and its result ("冠脉CTA示：未见明显狭窄").
    r"\s*(?:检查)?\s*(?:示|提示|显示|\bshow(?:s|ed)?\b|\brevealed\b)?\s*[:：]?\s*)*"
    r"(?:不伴有?|否认|未见|未发现|未提示|未闻及|未查见"
    # Ruled out, the verb before the disease ("排除冠心病", "CTA除外心梗"); not where it is not
    # (yet): 不排除, 未排除, 待排除, 无法除外 (UNCONFIRMED).
    r"|(?<!不)(?<!待)(?<!未)(?<!不能)(?<!不可)(?<!无法)(?<!难以)(?<!未能)(?:已|可|均)?(?:排除|除外)"
    r"|(?<!有)无(?!症状|痛|脉|q波|法|创|复流|效|力|菌|结石|功能|精)"
    r"|\bwithout\b|\bw/o\b|\bwith no\b|\bno evidence of\b|\bnegative for\b|\bden(?:y|ies|ied)\b"
    r"|\bno\b)"
)
# A clause ends at punctuation, at a space between two Chinese words (as CMB-GRADE-OWNER parts
# diagnoses), or where the entry turns to what is present: 但 / 伴 / 合并 / "but" / "with".
_CLAUSE_END = (
    r"[，,；;。:：|()（）\[\]【】]|\.(?!\d)|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
    r"|但|(?<!不)伴|合并|\bbut\b|\bwith\b"
)
# A coronary test or the coronary arteries found normal: no coronary disease ("冠脉造影正常",
# "冠状动脉CTA未见异常", "Normal coronary angiogram"), the test named before its normal result
# too, with an aside and the report's verb between ("Coronary angiography (2024): normal
# coronary arteries", "冠脉造影（外院）示：正常").
_TEST_ASIDE = r"\s*(?:[(（][^()（）]*[)）])?\s*(?:示|提示|显示|\bshow(?:s|ed)?\b|\brevealed\b)?"
_NORMAL_CORONARIES = text_pattern(
    rf"(?:冠脉|冠状动脉)(?:CTA|CT血管成像|CT|造影)?(?:检查)?{_TEST_ASIDE}\s*[:：]?\s*(?:正常|未见异常)"
    r"|(?:\bcoronary (?:CTA|angiogra\w*|catheteri[sz]ation)"
    rf"{_TEST_ASIDE}\s*[:：]?\s*)?"
    r"\bnormal coronar(?:y|ies)(?:\s+(?:arter(?:y|ies)|angiogra\w*|CTA))?"
    rf"|\bcoronary (?:arteries|CTA|angiogra\w*){_TEST_ASIDE}\s*[:：]?\s*normal\b"
)
# CMB-CORONARY-FINDINGS: a coronary angiography done, then its normal result after a comma,
# closing its clause ("冠脉造影术后，未见异常", "s/p coronary angiography, no abnormality found"):
# the test and its result. A normal finding of something else ("冠脉造影术后，穿刺点未见血肿")
# is not its result.
_CLOSING_CLAUSE = r"(?=\s*(?:[，,；;。|]|\.(?!\d)|$))"
_NORMAL_AFTER_COMMA = text_pattern(
    rf"(?:冠脉|冠状动脉)(?:CTA|CT血管成像|造影)(?:检查)?(?:术)?后?{_TEST_ASIDE}\s*[,，]\s*"
    r"(?:未见(?:明显)?(?:异常|狭窄|病变)|(?:无|未见)明显异常|正常|无异常|无狭窄)"
    rf"{_CLOSING_CLAUSE}"
    r"|(?:\b(?:s/p|status post|post)\s+)?\bcoronary (?:CTA|CT angiogra\w*|angiogra\w*"
    rf"|catheteri[sz]ation){_TEST_ASIDE}\s*[,，]\s*"
    r"(?:normal|unremarkable|no (?:significant |obstructive )?(?:abnormalit(?:y|ies)|stenosis"
    r"|CAD|coronary artery disease)(?:\s+(?:found|seen|detected|noted))?)\b"
    rf"{_CLOSING_CLAUSE}"
)
_DENIED_PHRASE = text_pattern(rf"(?:{_DENYING_WORD})(?P<phrase>(?:(?!{_CLAUSE_END}).)*)")


# Every Condition's words pass through these readings (comorbidities, cancer diagnoses,
# radiotherapy in diagnoses), and problem lists repeat the same entries from patient to patient:
# each distinct text is read once per reading.
_PhraseReading = tuple[str, tuple[str, ...]]
_phrases_memo: BoundedMemo[tuple[str, str], _PhraseReading] = BoundedMemo(
    "fhir_mapping.diagnosis_words.phrases", MEMO_LIMIT
)


def _memoised(kind: str, text: str, read: Callable[[], _PhraseReading]) -> _PhraseReading:
    found = _phrases_memo.get((kind, text))
    if found is None:
        found = _phrases_memo.put((kind, text), read())
    return found


def denied_phrases(text: str) -> tuple[str, tuple[str, ...]]:
    """CMB-WORDS: `text` with every phrase a word inside it denies, or a word after it rules out
    (`ruled_out_phrases`), taken out, and those phrases. What stays is what the entry affirms:
    "未见心包积液，房颤" and "房颤，冠心病已排除" keep the AF."""
    return _memoised("denied", text, lambda: _denied_phrases(text))


def _denied_phrases(text: str) -> tuple[str, tuple[str, ...]]:
    text, ruled_out = ruled_out_phrases(text)
    for pattern in (_NORMAL_AFTER_COMMA, _NORMAL_CORONARIES):
        normal = tuple(m.group() for m in pattern.finditer(text))
        if normal:
            text, ruled_out = pattern.sub(" ", text), (*ruled_out, *normal)
    phrases = tuple(m.group("phrase") for m in _DENIED_PHRASE.finditer(text))
    if phrases:
        text = _DENIED_PHRASE.sub(" ", text)
    # CMB-CORONARY-FINDINGS: a calcium score of zero, a myocardial bridge: no coronary disease.
    # Read after the denials: a lesion they deny ("钙化积分0分，未见斑块") is none beside them.
    text, findings = no_coronary_disease(text)
    return text, (*ruled_out, *phrases, *findings)


# CMB-WORDS, DX-WORDS: words after a disease that say it was ruled out ("房颤已排除", "Atrial
# fibrillation - ruled out", "心衰：无"), closing its clause. Not where they say it was not (yet):
# 不除外, 不能排除, 无法除外, 待排除, 未排除 (still suspected: UNCONFIRMED), "not ruled out", "to be
# excluded". The results of a test (阴性, "negative", "(-)") say the analyte was not found:
# "HIV negative", "乙肝表面抗原阴性", "AF: negative".
# CMB-WORDS: a history review's "none documented", and the test that looked ("AF, none
# documented on Holter", "AF - none found on ECG"): the test found none. Only a test named: "none
# documented on amiodarone" tells of an AF treated.
_NONE_SEEN = (
    r"none\s+(?:known|documented|recorded|reported|noted|found|seen|detected)"
    r"(?:\s+(?:on|by|per)\s+(?:the\s+|a\s+)?(?:24[- ]?h(?:ou)?r?\s+|ambulatory\s+|12[- ]lead\s+)?"
    r"(?:holter|ecg|ekg|electrocardiogra\w*|echo\w*|telemetry|event monitor\w*|monitor\w*)"
    r"(?:\s+monitor\w*)?)?"
)
# ... and a Chinese form's answer after a colon, the test that found none ("房颤：动态心电图未发现",
# "房颤：Holter未见"); not after a comma ("阵发性房颤，心电图未见": a paroxysmal AF the resting
# ECG missed).
_NOT_FOUND_ON_TEST = (
    r"(?:24小时)?(?:动态心电图|心电图|心电监护|holter|ecg|ekg|心超|超声心动图)(?:检查|监测)?"
    r"(?:未见|未发现|未检出|未查见|未捕捉到|未记录到)"
)
_RULED_OUT = text_pattern(
    r"\s*[-–—:：]?\s*(?:"
    r"(?P<verb>(?<!不)(?<!待)(?<!未)(?<!不能)(?<!不可)(?<!无法)(?<!难以)(?<!未能)"
    r"(?:已|可|均)?(?:排除|除外)"
    # ... or judged against ("liver metastasis not favoured", "AF not considered"),
    # not a judgement of its treatment ("Liver metastases not considered resectable", "CAD not
    # considered for PCI": there, and judged for surgery; twenty-fifth session),
    r"|\bnot (?:favou?red|considered)\b(?!\s+(?:for|to|as|amenable|resectable|unresectable"
    r"|operable|inoperable|suitable|candidates?|eligible|appropriate|treatable|curable)\b)"
    r"|(?<!not )(?<!be )(?<!n't )\b(?:ruled out|excluded)\b"
    # ... and the test that ruled it out: "CAD ruled out by CTA", "HF excluded on echo".
    r"(?:\s+(?:by|on|via|per|after)\b[^,;，；。|()（）\[\]【】]*)?)"
    # A template's answer after a colon, a dash, an equals sign or its question, or alone in
    # brackets ("冠心病：否认", "Afib: denies", "HF - None", "冠心病（无）", "房颤：没有",
    # "Atrial fibrillation? No", "AF = no", "AF: N" of a Y/N column, "AF: No history", "AF:
    # none documented").
    r"|(?P<none>(?<=[:：\-–—(（=?？])\s*(?:无|否认|否|没有"
    rf"|{_NOT_FOUND_ON_TEST}|{_NONE_SEEN}\b|none\b|nil\b|never\b"
    r"|no(?:\s+(?:known|prior|past))?\s+history\b|no\b|n\b|absent\b|denie[sd]\b))"
    # ... or right after the name (or its bracketed qualifier), or after a comma, closing the
    # entry's clause ("AF no", "AF, no", "AF N" of a Y/N column, "房颤 否", "房颤 无", "房颤，无",
    # "Atrial fibrillation, none documented", "AF (paroxysmal), no", "房颤（阵发性），无"): not
    # where it begins what follows ("AF no longer on anticoagulation", "AF, no
    # RVR", "房颤 无抗凝治疗"), nor a question's options ("AF yes/no", 是否, 有无, 与否) or a
    # number ("ECG no. 12").
    r"|(?P<bare>(?:(?:(?<=[^\W_])|(?<=[)）]))(?:\s+|\s*[,，]\s*)"
    rf"(?:{_NONE_SEEN}|no|none|nil|n)\b(?!\.\s*\d)"
    r"|(?:(?<=[\u4e00-\u9fff])|(?<=[)）]))(?:\s*(?<![有是与能可])|\s*[,，]\s*)(?:无|否认?|没有))"
    r"(?=\s*(?:[，,；;。|)）\]】]|\.(?!\d)|$)))"
    r"|(?P<result>(?<!not )\b(?:negative|neg)\b\.?|阴性|[(（]\s*(?:[-－−—]|阴性|neg)\s*[)）]))"
    r"(?=\s*(?:[，,；;。|()（）\[\]【】]|\.(?!\d)|$|但|伴|合并|\bbut\b|\bwith\b)"
    r"|\s+[\u4e00-\u9fff])"
)
# CMB-WORDS: a template's question left unanswered ("Atrial fibrillation: unknown", "房颤：不详",
# "AF - N/A", "AF: not documented", "房颤：未记录"): whether the disease is there is not known,
# so it is possible, never established (a form's default severity is no grade of it). The
# answer closes its clause.
_UNANSWERED = text_pattern(
    # The question may end in its qualifier in brackets ("房颤（2级）: unknown").
    r"(?P<phrase>[^，,；;。|()（）\[\]【】]*?(?:[(（\[【][^，,；;。|()（）\[\]【】]*[)）\]】])?)"
    # ... the answer after a separator or a comma ("AF, N/A", "房颤，不适用"); N/A (not
    # applicable, 不适用) after a space too, a form's column ("AF N/A").
    r"(?:(?:\s*[-–—:：=?？,，]\s*|\s+(?=n/a\b|不适用))"
    r"(?:不详|未知|不明|不清|未记录|未填写?|不适用|\bunknown\b|\bunk\b|\bn/a\b"
    r"|\bnot known\b|\bnot applicable\b|\bnot (?:assessed|answered|documented|recorded)\b)"
    # ... or the question's options printed and none chosen ("AF yes/no", "房颤 是/否",
    # "房颤有无", "AF: Y/N").
    r"|\s*[-–—:：=?？]?\s*(?:\byes\s*/\s*no\b|\by\s*/\s*n\b|是\s*/\s*否|有\s*/\s*无|有无|是否))"
    r"(?=\s*(?:[，,；;。|()（）\[\]【】]|\.(?!\d)|$))"
)


# CMB-WORDS: a question about the disease, not whether it is there — its cause, type, grade,
# onset ("AF - etiology: unknown", "房颤 病因：不详", "AF grade: unknown"): the unknown answers
# that, and the disease stands, as "AF, unknown aetiology" and "AF, grade: unknown" read.
_ABOUT_THE_DISEASE = text_pattern(
    r"(?:\b(?:a?etiology|causes?|types?|grade|severity|onset|duration|class|subtype)"
    r"|病因|原因|诱因|类型|分型|分类|分级|级别|程度|发病时间|起病时间|病程)\s*$"
)


def unanswered_phrases(text: str) -> tuple[str, ...]:
    """CMB-WORDS: the phrases of `text` a template's question leaves unanswered ("Atrial
    fibrillation: unknown" → "Atrial fibrillation"), a form's boxes ticked both or neither
    among them (`checkbox_answers`); not a question about the disease (`_ABOUT_THE_DISEASE`:
    "AF - etiology: unknown" leaves the AF)."""
    answered = checkbox_answers(text)
    phrases = (m.group("phrase").strip() for m in _UNANSWERED.finditer(answered))
    return tuple(p for p in phrases if not _ABOUT_THE_DISEASE.search(p))


# Where the phrase a word after it rules out begins: a clause's start (as `_CLAUSE_END` ends
# one; not a colon, which parts the disease from its answer: "心衰：无").
_CLAUSE_START = text_pattern(
    r"[，,；;。|()（）\[\]【】]|\.(?!\d)|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])"
    r"|但|(?<!不)伴|合并|\bbut\b|\bwith\b"
)
# An opening bracket right before the words, and its closing one right after them.
_OPENING = re.compile(r"[(（\[【]\s*$")
_CLOSING = re.compile(r"\s*[)）\]】]")
# A question's qualifier in brackets right before its answer ("心衰（NYHA II级以上）：无").
_QUALIFIER = re.compile(r"[(（\[【][^，,；;。|()（）\[\]【】]*[)）\]】]\s*$")
# A test's result names only its analyte: after the name of a disease in the same run of words
# ("冠心病肌钙蛋白阴性"), the disease stands.
_DISEASE_END = re.compile(r"[病症癌瘤炎]")


# What closes the verdict's clause where it alone rules out the clause before it: punctuation or
# the entry's end ("疑似房颤，已排除"), not a next word ("冠心病，已排除 房颤": it is the AF's).
_CLOSES = re.compile(r"\s*(?:[，,；;。|]|$)")


def _previous_clause(text: str, start: int, spans: list[tuple[int, int]]) -> int:
    """Where the clause before the one starting at `start` starts (not inside a phrase already
    ruled out)."""
    breaks = [m for m in _CLAUSE_START.finditer(text, 0, start) if m.end() <= start]
    if not breaks:
        return start
    before = max((m.end() for m in breaks[:-1]), default=0)
    if spans and before < spans[-1][1]:
        before = spans[-1][1]
    return before


def before_relatives(text: str) -> str:
    """CMB-WORDS: the words of `text` before the clause that names a relative — the patient's
    own ("房颤，家族史阴性", "AF, FHx negative"); none where the first clause names one, all of
    it where none does."""
    relative = A_RELATIVES.search(text)
    if relative is None:
        return text
    starts = [m.end() for m in _CLAUSE_START.finditer(text) if m.end() <= relative.start()]
    return text[: max(starts, default=0)]


def a_relatives(text: str) -> bool:
    """DX-WORDS, CMB-WORDS: whether the entry is a relative's: a relative named in its first
    clause ("家族史：父亲鼻咽癌", "鼻咽癌家族史"); not an entry whose own diagnosis comes first
    ("鼻咽癌（父亲亦患鼻咽癌）")."""
    return A_RELATIVES.search(text) is not None and not before_relatives(text).strip(" ，,；;。(（")


def ruled_out_phrases(text: str, results: bool = True) -> tuple[str, tuple[str, ...]]:
    """CMB-WORDS, DX-WORDS: `text` with every phrase the words after it rule out taken out, and
    those phrases: "阵发性房颤，冠心病已排除" keeps the AF. Without `results`, a test's result
    words are not read (a cancer's entry: "肺腺癌 EGFR阴性" is the cancer's marker)."""
    kind = "ruled out" if results else "ruled out, no results"
    return _memoised(kind, text, lambda: _ruled_out_phrases(text, results))


def _ruled_out_phrases(text: str, results: bool) -> tuple[str, tuple[str, ...]]:
    # A form's ticked box is its answer, read as a template's: "[ ] yes [x] no" is ": no".
    text = checkbox_answers(text)
    spans: list[tuple[int, int]] = []
    phrases: list[str] = []
    for match in _RULED_OUT.finditer(text):
        if match.group("result") and not results:
            continue
        end = match.end()
        opening = _OPENING.search(text, 0, match.start())
        if opening is not None and (closing := _CLOSING.match(text, end)) is not None:
            # "冠心病（已排除）": the words in brackets rule out the phrase before them.
            before, end = opening.start(), closing.end()
        else:
            before = match.start()
        # A template's answer after a qualified question answers the question, qualifier and
        # all: its clause starts before the bracket.
        answer = match.group("none") or match.group("bare")
        qualifier = _QUALIFIER.search(text, 0, before) if answer else None
        clause_end = qualifier.start() if qualifier is not None else before
        start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, clause_end)), default=0)
        if spans and start < spans[-1][1]:
            start = spans[-1][1]
        if match.group("result"):
            ends = [m.end() for m in _DISEASE_END.finditer(text, start, before - 1)]
            start = max(ends, default=start)
        phrase = text[start:before].strip()
        if not phrase and not answer and _CLOSES.match(text, end):
            # "疑似房颤，已排除": the verdict alone in its clause rules out the clause before it.
            start = _previous_clause(text, start, spans)
            phrase = text[start:before].strip(" ，,；;。|")
        if phrase:
            spans.append((start, end))
            phrases.append(phrase)
    if not spans:
        return text, ()
    kept, last = [], 0
    for start, end in spans:
        kept.append(text[last:start])
        last = end
    kept.append(text[last:])
    return " ".join(kept), tuple(phrases)


def affirmed_words(
    concept: CodedText,
    reading: Callable[[str], tuple[str, tuple[str, ...]]] = denied_phrases,
) -> CodedText:
    """The concept with the phrases `reading` takes out of its texts (DX-WORDS, RT-IN-DIAGNOSIS:
    "鼻咽癌已排除", "无放射性肺炎" name nothing); its codes stay, a code being what the coder
    chose. A text left blank is none."""

    def kept(text: str | None) -> str | None:
        if not text:
            return text
        rest, phrases = reading(text)
        if not phrases:
            return text
        return rest if rest.strip(" ，,；;。、") else None

    codings = tuple(Coding(c.system, c.code, kept(c.display)) for c in concept.codings)
    return CodedText(codings, kept(concept.text))


# DX-WORDS: the words that rule out what follows them to the end of its clause, as a work-up's
# conclusion writes it verb first ("已排除鼻咽癌", "活检排除鼻咽癌", "Ruled out NPC"); not where
# they say it is not (yet) ruled out (不排除, 未排除, 待排除, 无法除外, "not ruled out": suspected).
_RULED_OUT_BEFORE = text_pattern(
    r"(?:(?<!不)(?<!待)(?<!未)(?<!不能)(?<!不可)(?<!无法)(?<!难以)(?<!未能)(?:已|可|均)?(?:排除|除外)"
    # A radiologist's or pathologist's verdict against it: "不考虑转移", "不支持鼻咽癌" (not
    # considered, not supported), not where it is doubted ("不能不考虑"), nor a treatment judged
    # against ("不考虑手术切除肝转移灶": surgery not considered; twenty-fifth session).
    # 不符合 (not consistent with) is the same verdict: "不符合转移瘤表现" (twenty-seventh session,
    # spread11).
    r"|(?<!不能)(?<!无法)不(?:考虑|支持|符合)(?!手术|切除|放疗|化疗|治疗|消融|介入)"
    r"|(?<!not )(?<!be )(?<!been )(?<!n't )\b(?:ruled out|excluded)\b(?:\s+for\b)?)"
    r"\s*[:：]?\s*(?P<phrase>[^，,；;。|()（）\[\]【】:：]+)"
)


def cancer_not_ruled_out(text: str) -> tuple[str, tuple[str, ...]]:
    """DX-WORDS: `text` without the cancers its words rule out, after them ("鼻咽癌已排除") or
    before them ("已排除鼻咽癌", "Ruled out NPC"). Test results are not read: in a cancer's
    entry they are its markers ("肺腺癌 EGFR阴性")."""
    return _memoised("cancer ruled out", text, lambda: _cancer_not_ruled_out(text))


_PLANNED = text_pattern(_PLANNED_RULING_OUT)
_BEFORE_THE_CLAUSE = re.compile(r".*[，,；;。|（(【:：]")


def _ruled_out_before(match: re.Match[str], text: str) -> bool:
    """Whether a verb-first ruling-out is one: not doubted, and not a work-up planned."""
    if UNCONFIRMED.search(match.group()) or not match.group("phrase").strip():
        return False
    clause = _BEFORE_THE_CLAUSE.sub("", text[: match.start()])
    return not _PLANNED.search(clause + match.group())


def _cancer_not_ruled_out(text: str) -> tuple[str, tuple[str, ...]]:
    rest, after = ruled_out_phrases(text, results=False)
    found = [m for m in _RULED_OUT_BEFORE.finditer(rest) if _ruled_out_before(m, rest)]
    before = tuple(m.group("phrase").strip() for m in found)
    for m in reversed(found):
        rest = rest[: m.start()] + " " + rest[m.end() :]
    return rest, (*after, *before)
