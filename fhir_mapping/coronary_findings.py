"""CMB-CORONARY-FINDINGS: coronary findings whose words name the coronary arteries without
naming coronary artery disease — a calcium score of zero, a myocardial bridge, a coronary CT
angiography named with no finding — taken out of a Condition's words before the comorbidity
table reads them (`diagnosis_words.denied_phrases`).

A calcium score above zero is calcified coronary plaque: the comorbidity table reads it
(`data/comorbidity_concepts.csv`), as it reads a plaque. A score given as a range from zero, a
congenital coronary anomaly and an invasive coronary angiography whose result is not given make
coronary disease possible only: the table reads them, and `without_possible_findings` tells the
comorbidity reading whether anything else names it.
"""

from __future__ import annotations

import re

from fhir_mapping.text_patterns import text_pattern

# A coronary test named right before a finding found it ("冠脉CTA示：前降支心肌桥", "Coronary
# CTA: CAC 0"): with nothing else found it goes with the finding, since 冠脉 and "coronary"
# alone name the disease; a lesion named after it keeps it ("Coronary CTA: CAC 0,
# non-calcified plaque" is coronary plaque).
_CORONARY_TEST = (
    r"(?:(?:冠脉|冠状动脉)(?:CTA|CT血管成像|CT|造影)\s*(?:检查)?\s*(?:示|提示|显示)?\s*[:：]?\s*"
    r"|(?:coronary\s+(?:CTA|CT\s+angiograph\w*|angiograph\w*|angiogram)|\bccta\b)\s*[:：]?\s*"
    r"(?:(?:shows?|showed|revealed|demonstrated)\s+)?(?:an?\s+|the\s+)?)"
)
_LESION = text_pattern(r"斑块|狭窄|闭塞|支架|钙化|\bplaques?\b|stenos|narrow|occlu|\bstent|calcif")
# A coronary artery calcium (Agatston) score of zero: no calcified plaque. The score's names:
# "coronary artery calcium (CAC) score", "calcium score", CAC, CACS, Agatston, 冠脉钙化积分,
# 钙化积分. Not zero: 0.5, "0-10" (a range).
_CALCIUM_SCORE = (
    r"(?:(?:冠脉|冠状动脉)?(?:CT)?钙化(?:积分|评分)"
    r"|(?:coronary\s+(?:artery\s+)?)?calcium(?:\s*\(\s*cacs?\s*\))?(?:\s+scor(?:e|ing))?"
    r"|\bcacs?\b(?:\s+scor(?:e|ing))?|\bagatston\b(?:\s+(?:calcium\s+)?score)?)"
)
_ZERO_CALCIUM = text_pattern(
    rf"(?P<test>{_CORONARY_TEST})?{_CALCIUM_SCORE}\s*(?:[:：=]|\bof\b|\bis\b|\bwas\b|为|是)?\s*"
    r"(?:0+(?:\.0+)?(?![\d.])(?!\s*[-–~～至到]\s*\d)|\bzero\b|零)"
    r"(?:\s*(?:分|\bau\b|\bagatston units?\b))?"
)
# A score given as a range from zero ("CAC 0-10", "钙化积分 0~10分"): zero, no calcified plaque,
# or above it, minimal plaque (Agatston 1-10; CAC-DRS 1 is 1-99) — which, the range does not say.
_ZERO_BASED_RANGE = text_pattern(
    rf"(?:{_CORONARY_TEST})?{_CALCIUM_SCORE}\s*(?:[:：=]|\bof\b|\bis\b|\bwas\b|为|是)?\s*"
    r"0+(?:\.0+)?\s*[-–~～至到]\s*0*[1-9]\d*(?:\.\d+)?"
    r"(?:\s*(?:分|\bau\b|\bagatston units?\b))?"
)
# Where a coronary test named with no finding after it ends: its clause's end, or a bracketed
# aside (where, when: "冠状动脉CTA（外院）：多发斑块") followed by nothing but the report's verb
# and the clause's end — else the test's findings follow the aside.
_CLAUSE_END = r"(?:[，,；;。|)）\]】]|\.(?!\d)|$)"
_ASIDE_ALONE = (
    r"[(（\[【][^()（）\[\]【】]*[)）\]】]\s*(?:示|提示|显示|\bshow(?:s|ed)?\b|\brevealed\b)?"
    r"\s*[:：]?\s*" + _CLAUSE_END
)
_NO_FINDING_AFTER = r"\s*[:：]?(?=\s*(?:" + _CLAUSE_END + "|" + _ASIDE_ALONE + "))"
# A coronary CT angiography named alone ("冠脉CTA", "Coronary CTA (2024)"): a test done, often a
# check-up's, no disease named (冠脉 and "coronary" alone would name one).
_LONE_TEST = text_pattern(
    r"(?:(?:冠脉|冠状动脉)(?:CTA|CT血管成像|CT)(?:检查)?"
    r"|\bcoronary\s+(?:CTA|CT\s+angiograph\w*)|\bccta\b)" + _NO_FINDING_AFTER
)
# An invasive coronary angiography named, or done (术后, 后; "s/p", "status post" before it), with
# no finding after it ("冠脉造影术后", "s/p coronary angiography"): a test done only for a
# suspicion of coronary disease, its answer — normal or stenosed — not given.
_LONE_ANGIOGRAPHY = text_pattern(
    r"(?:(?:冠脉|冠状动脉)造影(?:术|检查)?(?:术?后)?"
    r"|\bcoronary\s+(?:angiograph(?:y|ies)|angiograms?)(?!\w))" + _NO_FINDING_AFTER
)
# A congenital coronary anomaly — an anomalous origin (起源异常, 异常起源, 开口异常, 高位开口, from
# the opposite sinus or the pulmonary artery: AAOCA, ALCAPA), a malformation (畸形) or a fistula
# (瘘): not atherosclerosis, but some cause ischaemia (an interarterial course: angina,
# infarction, sudden death), which the words alone do not tell.
# The artery by its full name or by the short one clinicians write (右冠, 左主干, RCA, LAD); the
# sinus it arises from goes with it ("from the left coronary sinus" names no coronary disease).
_ANOMALY = text_pattern(
    r"(?:(?:[左右]\s*)?(?:冠状动脉|冠脉)(?:主干|前降支|回旋支)?|[左右]冠(?:状动)?脉?|左主干|前降支"
    r"|回旋支)\s*(?:(?:异常)?(?:起源|发自)于?[^，,；;。]{0,8}?(?:窦|肺动脉)|起源异常|异常起源"
    r"|开口异常|高位开口|畸形|瘘)"
    r"|(?:\banomalous\s+(?:aortic\s+)?origin\s+of\s+(?:the\s+)?(?:(?:left|right)\s+)?"
    r"(?:main\s+)?(?:coronary(?:\s+arter(?:y|ies))?|rca|lad|lcx|lmca)"
    r"|\banomalous\s+(?:(?:left|right)\s+)?(?:main\s+)?(?:coronary(?:\s+arter(?:y|ies))?|rca"
    r"|lad|lcx|lmca)(?:\s+(?:origin|course))?"
    r"|\bcoronary\s+(?:arter(?:y|ies)\s+)?(?:anomal(?:y|ies|ous\s+origin)|fistulae?)\b"
    r"|\baaoca\b|\balcapa\b)"
    r"(?:\s+(?:arising\s+)?from\s+(?:the\s+)?(?:left|right|opposite|non)[\s-]*(?:coronary\s+)?"
    r"(?:sinus|cusp)(?:\s+of\s+valsalva)?)?"
)
# A myocardial bridge (心肌桥, 肌桥; the mural coronary artery under it, 壁冠状动脉): a
# congenital course of the artery through the muscle, not atherosclerosis. The branch it
# bridges is kept, for a lesion named after it ("前降支心肌桥，近段混合斑块").
_BRANCH = (
    r"(?:前降支|回旋支|右冠(?:状动)?脉?|左主干|对角支|钝缘支|\blad\b|\blcx\b|\brca\b"
    r"|left anterior descending(?:\s+artery)?)"
    r"\s*(?:近段|中段|远段|近中段|中远段|近端|中部|远端)?\s*"
)
_BRIDGE = text_pattern(
    rf"(?P<test>{_CORONARY_TEST})?(?P<branch>(?:(?:mid|proximal|distal)\s+)?{_BRANCH})?"
    r"(?:(?:心肌桥|肌桥)(?:\s*[-—–/、及和与]?\s*壁冠(?:状动)?脉)?(?:形成)?"
    r"|壁冠(?:状动)?脉(?:形成)?"
    r"|\b(?:intra)?(?:myocardial|muscle|muscular)\s+bridg(?:e|es|ing)\b)"
)
# The narrowing the bridge makes in systole ("收缩期狭窄约50%", "50% systolic narrowing",
# "milking"), read only in an entry naming a bridge.
_SYSTOLIC_NARROWING = text_pattern(
    r"收缩期\s*(?:管腔)?\s*(?:狭窄|受压|压缩|变窄)\s*(?:约|达)?\s*(?:\d+(?:\.\d+)?\s*%)?"
    r"|(?:\d+(?:\.\d+)?\s*%\s*)?\bsystolic\s+(?:luminal\s+)?(?:narrowing|compression|stenosis)\b"
    r"(?:\s+of\s+\d+(?:\.\d+)?\s*%)?|\bmilking(?:\s+effect)?\b"
)
# A branch as the comorbidity table reads it: its short name ("右冠状动脉" names the coronary
# arteries, "右冠" the branch only).
_ARTERY = re.compile(r"冠(?:状动)?脉")


def _without_findings(text: str, tests: bool) -> str:
    """`text` without its findings, the tests named before them kept or not."""

    def kept(match: re.Match[str]) -> str:
        test = match.group("test") if tests else None
        branch = match.groupdict().get("branch")
        words = [test or "", _ARTERY.sub("冠", branch) if branch else ""]
        return f" {''.join(words)} "

    text = _ZERO_CALCIUM.sub(kept, text)
    if _BRIDGE.search(text):
        text = _SYSTOLIC_NARROWING.sub(" ", _BRIDGE.sub(kept, text))
    return text


def no_coronary_disease(text: str) -> tuple[str, tuple[str, ...]]:
    """CMB-CORONARY-FINDINGS: `text` without the coronary findings that are no coronary
    disease (a calcium score of zero; a myocardial bridge and its systolic narrowing; a
    coronary CT angiography named with no finding), and those findings."""
    # Read in the words as written: a test whose findings are taken out below is not alone
    # ("Coronary CTA: CAC 0, non-calcified plaque" stays coronary plaque).
    lone = [m.group() for m in _LONE_TEST.finditer(text)]
    if lone:
        text = _LONE_TEST.sub(" ", text)
    findings = [m.group() for m in _ZERO_CALCIUM.finditer(text)]
    bridges = [m.group() for m in _BRIDGE.finditer(text)]
    if bridges:
        findings += [*bridges, *(m.group() for m in _SYSTOLIC_NARROWING.finditer(text))]
    rest = text
    if findings:
        rest = _without_findings(text, tests=False)
        if _LESION.search(rest):
            rest = _without_findings(text, tests=True)
        else:
            # A test parted from its findings by an aside ("冠脉CTA（2024）：钙化积分0") is
            # alone once they are taken out.
            lone += [m.group() for m in _LONE_TEST.finditer(rest)]
            rest = _LONE_TEST.sub(" ", rest)
    return rest, (*lone, *findings)


def a_coronary_finding(phrase: str) -> bool:
    """CMB-CORONARY-FINDINGS: whether `phrase` is a finding that says the coronary arteries are
    free of disease, though it may not name them ("CAC 0"): it denies coronary disease, so a
    coronary code beside it is contradicted (CMB-WORDS)."""
    return bool(_ZERO_CALCIUM.search(phrase) or _BRIDGE.search(phrase))


def without_possible_findings(text: str) -> str | None:
    """CMB-CORONARY-FINDINGS: `text` without the findings that make coronary disease possible,
    never established — a calcium score given as a range from zero ("CAC 0-10", the coronary
    test named before it with it), a congenital coronary anomaly ("右冠状动脉起源异常"), an
    invasive coronary angiography with no result ("冠脉造影术后"); None where it gives none. The
    comorbidity table reads them as coronary disease, and what is left says whether anything
    else does."""
    possible = (_ZERO_BASED_RANGE, _ANOMALY, _LONE_ANGIOGRAPHY)
    if not any(pattern.search(text) for pattern in possible):
        return None
    for pattern in possible:
        text = pattern.sub(" ", text)
    return text
