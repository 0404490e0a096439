"""The other-malignancy rule: no cancer besides the trial's, within a window, save the kinds
the trial excepts (rule MAL-OTHER in docs/clinical-rules.md).

Read as every exclusion: none recorded is met. A problem list keeps old cancers "active" long
after they were treated, and leaves out when they resolved: a status or date that cannot place
a cancer inside or outside the window makes the criterion unknown, with what to record — never
an exclusion on a stale entry, never a pass on a missing date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from eligibility.codes import ICD10, ICD10CM, ICDO3
from eligibility.criteria import OtherMalignancyCriterion
from eligibility.facts import (
    UNCONFIRMED_VERIFICATION,
    CancerDiagnosis,
    PatientFacts,
    ReportedOtherMalignancy,
    TherapyLine,
)
from eligibility.phrasing import join, other_malignancy
from eligibility.results import CriterionStatus
from eligibility.rules.decision import (
    MET,
    NOT_MET,
    UNKNOWN,
    Decision,
    LeafRule,
    alike_or_ask,
    distinct,
)
from eligibility.taxonomy import CancerTaxonomy
from eligibility.vocabulary import Comorbidity

_INACTIVE = frozenset({"inactive", "remission", "resolved"})
_SKIN = "non_melanoma_skin_cancer"
# DX-PLACE: the taxonomy holds carcinomas in situ apart from the invasive cancers.
_IN_SITU_NODE = "carcinoma_in_situ"
# ICD-10 D00–D09 are the carcinomas in situ; ICD-O-3 behaviour code /2 is in situ.
_IN_SITU_ICD = re.compile(r"^D0\d")
# "in situ hybridization" (EBER ISH) is a test, not a carcinoma in situ.
_IN_SITU_TEXT = re.compile(r"\bin[- ]situ\b(?![- ]hybridi)|原位癌|\bD?CIS\b", re.IGNORECASE)
# DX-PLACE: a carcinoma in situ with (micro)invasion is an invasive cancer ("导管原位癌伴微浸润":
# T1mi), whatever "in situ" its words also say.
# IDC and ILC are invasive ductal and lobular carcinoma ("Breast cancer (IDC + DCIS)").
# "Non-invasive" (非浸润性: a papillary urothelial carcinoma, pTa) names no invasion.
_INVASION_TEXT = re.compile(
    r"(?<!non-)(?<!non )\binvasi|micro-?invasi|(?<!非)浸润|(?-i:\bIDC\b|\bILC\b)", re.IGNORECASE
)
# DX-PLACE: a carcinoma in situ left after neoadjuvant therapy (ypTis, "乳腺癌新辅助化疗后，导管原位
# 癌残留") is what is left of an invasive cancer, never excepted as in situ.
# Left at a margin after surgery ("导管原位癌，术后切缘残留", "residual DCIS after lumpectomy") it
# is still in situ: only neoadjuvant therapy or ypTis says so (twenty-fifth session's review).
_RESIDUAL_TEXT = re.compile(r"新辅助|neoadjuvant|\byp\s*T?\s*is\b", re.IGNORECASE)
# MAL-OTHER: a GIST of very low or low risk (NIH consensus as modified by Joensuu 2008): whether a
# trial counts it as another malignancy is not settled (ICD-O-3.2 codes every GIST 8936/3; US
# registries took only GISTs stated malignant before 2021; a resected one is followed, not
# treated): asked about, never an exclusion.
_GIST_TEXT = re.compile(r"gastrointestinal stromal|(?-i:\bGISTs?\b)|间质瘤", re.IGNORECASE)
_LOW_RISK_TEXT = re.compile(
    r"(?<!not )(?<!non-)(?<!non )\b(?:very[- ]low|low)[- ]risk\b"
    r"|(?<![中高非])低危|极低危|(?<![中高非])低风险|极低风险|(?<!非)低度危险",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Judged:
    """One other cancer against the criterion: excluded, passed, or open and what to record."""

    status: CriterionStatus
    said: str
    to_settle: str | None = None


def _in_situ(diagnosis: CancerDiagnosis) -> bool:
    for code in diagnosis.codes:
        if code.system in (ICD10, ICD10CM) and _IN_SITU_ICD.match(code.code):
            return True
        if code.system == ICDO3 and code.code.endswith("/2"):
            return True
    text = diagnosis.text or ""
    return (
        bool(_IN_SITU_TEXT.search(text))
        and not _INVASION_TEXT.search(text)
        and not _RESIDUAL_TEXT.search(text)
    )


# MAL-OTHER: a GIST that has metastasized or recurred is malignant whatever the risk its primary
# was graded (the NIH-Joensuu risk grades the chance of recurrence): never asked about
# (twenty-fifth session's review).
_SPREAD_OR_RECURRED_TEXT = re.compile(
    r"转移|复发|播散|metasta|\bmets\b|recurr\w*|relapse\w*|dissemina\w*", re.IGNORECASE
)
# ... unless denied: "术后无复发无转移", "未见复发转移", "no recurrence", "recurrence-free".
_DENIED_BEFORE = re.compile(
    r"(?:无|未见?|没有|否认|\bno\b|\bwithout\b|\bnegative for\b|\bfree of\b)"
    r"[^，,；;。.]{0,16}$",
    re.IGNORECASE,
)
_FREE_AFTER = re.compile(r"\s*-?\s*free\b", re.IGNORECASE)


def _spread_or_recurred(text: str) -> bool:
    return any(
        not _DENIED_BEFORE.search(text, 0, found.start())
        and not _FREE_AFTER.match(text, found.end())
        for found in _SPREAD_OR_RECURRED_TEXT.finditer(text)
    )


def _low_risk_gist(diagnosis: CancerDiagnosis) -> bool:
    text = diagnosis.text or ""
    if diagnosis.metastatic_since or diagnosis.relapsed_since or diagnosis.recurrence_written:
        return False
    return (
        bool(_GIST_TEXT.search(text))
        and bool(_LOW_RISK_TEXT.search(text))
        and not _spread_or_recurred(text)
    )


def _low_risk_asked(d: CancerDiagnosis, named: str, judged: _Judged) -> _Judged:
    """MAL-OTHER: a GIST of very low or low risk that would exclude is asked about instead."""
    if judged.status is not NOT_MET or not _low_risk_gist(d):
        return judged
    return _Judged(
        UNKNOWN,
        f"{judged.said}; a GIST of very low or low risk, which not every trial counts as a "
        "malignancy",
        f"Ask the study team whether the {d.text or 'GIST'} (a GIST of low risk) counts as "
        "another malignancy",
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def compile_other_malignancy(c: OtherMalignancyCriterion, taxonomy: CancerTaxonomy) -> LeafRule:
    return _OtherMalignancy(c, taxonomy).evaluate


class _OtherMalignancy:
    """One criterion, phrased once per catalog; `evaluate` is its rule."""

    def __init__(self, c: OtherMalignancyCriterion, taxonomy: CancerTaxonomy) -> None:
        described = other_malignancy(c.within_years, c.excepted, c.active_only, c.counted_from)
        self.requirement = f"trial excludes any {described}"
        self.c = c
        self.taxonomy = taxonomy
        self.excepts = frozenset(c.excepted)

    def name(self, d: CancerDiagnosis) -> str:
        node = d.cancer_type
        label = self.taxonomy.label(node) if node is not None and node in self.taxonomy else None
        first = d.diagnosed
        return f"{label or d.text or 'a cancer not named'}" + (f" ({first})" if first else "")

    def excepted(self, d: CancerDiagnosis) -> str | None:
        """Why an exception of the criterion covers it, if one does."""
        skin = d.cancer_type in self.taxonomy and self.taxonomy.is_a(str(d.cancer_type), _SKIN)
        if "non_melanoma_skin" in self.excepts and skin:
            return "excepted"
        in_situ = d.cancer_type in self.taxonomy and self.taxonomy.is_a(
            str(d.cancer_type), _IN_SITU_NODE
        )
        if "in_situ" in self.excepts and (in_situ or _in_situ(d)):
            return "in situ, excepted"
        if "curatively_treated" in self.excepts and d.clinical_status in _INACTIVE:
            return f"{d.clinical_status}, excepted"
        return None

    def judge(
        self, d: CancerDiagnosis, as_of: date, lines: tuple[TherapyLine, ...] = ()
    ) -> _Judged:
        named = self.name(d)
        if d.verification_status in UNCONFIRMED_VERIFICATION:
            return _Judged(UNKNOWN, f"{named} possible, not established", "Confirm or refute it")
        why = self.excepted(d)
        if why is not None:
            return _Judged(MET, f"{named}: {why}")
        if self.c.active_only:
            if d.clinical_status in _INACTIVE:
                return _Judged(MET, f"{named}: {d.clinical_status}")
            treating = _treating(d, lines)
            if treating is not None:
                # The chart shows it under treatment: a line of that cancer still going on.
                return _Judged(
                    NOT_MET, f"{named}: under treatment ({join(treating.agents)} ongoing)"
                )
            return _Judged(
                UNKNOWN,
                f"{named}: recorded as {d.clinical_status or 'without a status'}",
                f"Record whether the {named} is progressing or under treatment",
            )
        if self.c.within_years is None:
            return _low_risk_asked(d, named, _Judged(NOT_MET, f"{named} recorded"))
        since = _years_before(as_of, self.c.within_years)
        if self.c.counted_from == "treatment":
            return self.treated_in_window(d, named, since, lines)
        return _low_risk_asked(d, named, self.in_window(d, named, since))

    def treated_in_window(
        self, d: CancerDiagnosis, named: str, since: date, lines: tuple[TherapyLine, ...]
    ) -> _Judged:
        """MAL-TREATED: progressing, or treated within the window. Only a dated drug line
        attributed to the cancer shows when it was treated (LOT-CANCER); surgery and
        radiotherapy are rarely recorded as that cancer's, so a cancer without one is decided
        by its dates where they settle it, and is otherwise unknown."""
        years = self.c.within_years
        treating = _treating(d, lines)
        if treating is not None:
            return _Judged(NOT_MET, f"{named}: under treatment ({join(treating.agents)} ongoing)")
        treated = _treated_since(d, lines, since)
        if treated is not None:
            return _Judged(
                NOT_MET,
                f"{named}: treated within {years} years ({join(treated.agents)} to "
                f"{treated.end or treated.start})",
            )
        may_be = _may_have_treated(d, lines, since)
        if may_be is not None:
            return _Judged(
                UNKNOWN,
                f"{named}: {join(may_be.agents) or 'therapy'} "
                f"{'not dated' if may_be.start is None else f'from {may_be.start}'} may have "
                "treated it",
                f"Record which cancer {join(may_be.agents) or 'the therapy'} treated, and when",
            )
        last_treated = f"Record when the {named} was last treated"
        status = d.clinical_status
        if status in _INACTIVE:
            if d.abated is not None:
                if d.abated >= since:
                    return _Judged(
                        UNKNOWN, f"{named}: {status} only since {d.abated}", last_treated
                    )
                return _Judged(MET, f"{named}: {status} since {d.abated}, no treatment since")
            # Whatever brought it into remission came after its diagnosis (its onset: a
            # recorded date may be when an old cancer was entered, not when it was found).
            if d.onset is not None and d.onset >= since:
                return _Judged(
                    NOT_MET,
                    f"{named}: diagnosed within {years} years and {status} since: treated "
                    f"within {years} years",
                )
            return _Judged(
                UNKNOWN, f"{named}: {status}, when last treated not recorded", last_treated
            )
        return _Judged(
            UNKNOWN,
            f"{named}: recorded as {status or 'without a status'}, no treatment recorded",
            f"Record whether the {named} is progressing, and when it was last treated",
        )

    def in_window(self, d: CancerDiagnosis, named: str, since: date) -> _Judged:
        first = d.diagnosed
        if first is not None and first >= since:
            return _Judged(NOT_MET, f"{named}: diagnosed within {self.c.within_years} years")
        if d.abated is not None:
            if d.abated >= since:
                return _Judged(NOT_MET, f"{named}: {d.clinical_status} only since {d.abated}")
            return _Judged(MET, f"{named}: {d.clinical_status} since {d.abated}")
        if first is None:
            return _Judged(UNKNOWN, f"{named}: not dated", f"Record when the {named} was diagnosed")
        if d.clinical_status in _INACTIVE:
            return _Judged(
                UNKNOWN,
                f"{named}: {d.clinical_status}, since when not recorded",
                f"Record when the {named} went into remission or resolved",
            )
        # Diagnosed before the window and still listed as active: an old entry never closed,
        # or a cancer that never went away. Either is possible; ask.
        return _Judged(
            UNKNOWN,
            f"{named}: diagnosed before the window, still recorded as "
            f"{d.clinical_status or 'without a status'}",
            f"Record whether the {named} is still active, and when it resolved",
        )

    def against(
        self,
        trial: CancerDiagnosis | None,
        diagnoses: tuple[CancerDiagnosis, ...],
        as_of: date,
        lines: tuple[TherapyLine, ...] = (),
    ) -> Decision:
        """The patient's other cancers if `trial` is the trial's (None: none of them is)."""
        taxonomy = self.taxonomy
        others = [d for d in diagnoses if trial is None or not _same(d, trial, taxonomy)]
        if not others:
            return Decision(MET, f"No malignancy besides the trial's recorded; {self.requirement}")
        judged = [(d, self.either(d, trial, as_of, lines)) for d in others]
        worst = next((s for s in (NOT_MET, UNKNOWN) if any(j.status is s for _, j in judged)), MET)
        said = "; ".join(j.said for _, j in judged if worst is MET or j.status is worst)
        settle = next((j.to_settle for _, j in judged if j.status is UNKNOWN), None)
        evidence = distinct(
            ref for d, j in judged if worst is MET or j.status is worst for ref in d.evidence
        )
        return Decision(worst, f"{said}; {self.requirement}", evidence, settle)

    def either(
        self,
        d: CancerDiagnosis,
        trial: CancerDiagnosis | None,
        as_of: date,
        lines: tuple[TherapyLine, ...],
    ) -> _Judged:
        """One other cancer judged; one not placed that may be the trial's recorded vaguely
        passes when it would pass as another cancer too (the trial's own never excludes), and
        is otherwise asked about."""
        judged = self.judge(d, as_of, lines)
        if judged.status is MET or not _unsure_same(d, trial, self.taxonomy):
            return judged
        return self.may_be(d, trial)

    def may_be(self, d: CancerDiagnosis, trial: CancerDiagnosis | None) -> _Judged:
        assert trial is not None
        return _Judged(
            UNKNOWN,
            f"{self.name(d)}: may be the {self.name(trial)} recorded again, or another cancer",
            f"Confirm whether the {self.name(d)} is another cancer",
        )

    def trials(self, node: str | None) -> bool:
        """Whether a cancer could be the trial's: any, when the criterion names none."""
        taxonomy, named = self.taxonomy, self.c.cancer_types
        if not named or node is None or node not in taxonomy:
            return True
        return any(taxonomy.related(node, a) for a in named)

    def reported(self, report: ReportedOtherMalignancy, as_of: date) -> Decision:
        """The check form's answer, in place of a chart's diagnoses."""
        if report.present is None or (report.present and report.diagnosis is None):
            return Decision(
                UNKNOWN,
                f"Not known whether the patient has had another cancer; {self.requirement}",
                (),
                "Record whether the patient has had another cancer, and when",
            )
        if not report.present or report.diagnosis is None:
            return Decision(MET, f"No other malignancy reported; {self.requirement}")
        judged = self.judge(report.diagnosis, as_of)
        return Decision(judged.status, f"{judged.said}; {self.requirement}", (), judged.to_settle)

    def evaluate(self, facts: PatientFacts) -> Decision:
        if facts.reported_other_malignancy is not None:
            return self.reported(facts.reported_other_malignancy, facts.as_of)
        decided = self.of_diagnoses(facts)
        if decided.status is NOT_MET or self.c.active_only:
            return decided  # a history entry is past: it is no active malignancy
        # "Personal history of malignant neoplasm" (CMB-CODES' prior malignancy, not derived from
        # the diagnoses read above): another cancer or the trial's own, at a date it does not
        # give.
        read = {ref for d in facts.diagnoses for ref in d.evidence}
        histories = [
            f
            for f in facts.comorbidities
            if f.kind is Comorbidity.PRIOR_OTHER_MALIGNANCY and not read.intersection(f.evidence)
        ]
        if not histories:
            return decided
        named = histories[0].text or "a history of malignancy"
        evidence = distinct([*decided.evidence, *(r for f in histories for r in f.evidence)])
        if not histories[0].confirmed:
            # Twenty-eighth session: an organ's tumour named with no malignant or benign word
            # ("Breast tumor") — its histology says whether it is another malignancy.
            return Decision(
                UNKNOWN,
                f"{named} recorded, not said to be malignant or benign; {self.requirement}",
                evidence,
                f"Record the histology of the {named}",
            )
        return Decision(
            UNKNOWN,
            f"{named} recorded, the cancer and its dates not said; {self.requirement}",
            evidence,
            f"Record which cancer the {named} is, and when it was treated",
        )

    def of_diagnoses(self, facts: PatientFacts) -> Decision:
        diagnoses = facts.diagnoses
        # The cancers that could be the trial's: placed ones first; a cancer not placed is
        # one only when no placed one is (else it may be that one recorded vaguely).
        placed = [d for d in diagnoses if d.cancer_type is not None and self.trials(d.cancer_type)]
        candidates = placed or [d for d in diagnoses if self.trials(d.cancer_type or d.within)]
        choices = list({_key(d): d for d in candidates}.values())
        if not choices:
            # None of the patient's cancers is the trial's (the cancer-type rule says so):
            # every cancer recorded is another one.
            return self.against(None, diagnoses, facts.as_of, facts.lines)
        return alike_or_ask(
            [self.against(choice, diagnoses, facts.as_of, facts.lines) for choice in choices],
            f"The patient has more than one cancer the trial could be for, and which one it is "
            f"changes the answer; {self.requirement}",
            "Confirm which of the patient's cancers the trial is for",
        )


def _treating(d: CancerDiagnosis, lines: tuple[TherapyLine, ...]) -> TherapyLine | None:
    """An ongoing line attributed to this cancer (LOT-CANCER), if the chart shows one."""
    if d.cancer_type is None:
        return None
    return next(
        (
            li
            for li in lines
            if li.ongoing
            and not li.possible
            and not li.unattributed
            and li.cancer_type == d.cancer_type
        ),
        None,
    )


def _of_cancer(line: TherapyLine, d: CancerDiagnosis) -> bool:
    return (
        d.cancer_type is not None
        and not line.possible
        and not line.unattributed
        and line.cancer_type == d.cancer_type
    )


def _treated_since(
    d: CancerDiagnosis, lines: tuple[TherapyLine, ...], since: date
) -> TherapyLine | None:
    """MAL-TREATED: a line of this cancer given on or after `since` (the latest)."""
    treated = [
        li
        for li in lines
        if _of_cancer(li, d) and (last := li.end or li.start) is not None and last >= since
    ]
    return max(treated, key=lambda li: li.end or li.start or since, default=None)


def _may_have_treated(
    d: CancerDiagnosis, lines: tuple[TherapyLine, ...], since: date
) -> TherapyLine | None:
    """A line that may be this cancer's (LOT-UNATTRIBUTED) given within the window, or one of
    its lines, or one that may be, with no date (EXP-UNDATED)."""
    for line in lines:
        may_be_its = line.unattributed and d.cancer_type in line.candidate_cancer_types
        if not (may_be_its or (line.undated and line.cancer_type == d.cancer_type)):
            continue
        last = line.end or line.start
        if line.ongoing or last is None or last >= since:
            return line
    return None


def _key(d: CancerDiagnosis) -> str:
    """One cancer, however many Conditions record it (LOT-CANCER's key)."""
    return d.cancer_type or (d.evidence[0] if d.evidence else "")


def _same(d: CancerDiagnosis, trial: CancerDiagnosis, taxonomy: CancerTaxonomy) -> bool:
    """The trial's cancer recorded again: the same key, or a node above or below it ("head and
    neck cancer" beside its nasopharyngeal carcinoma)."""
    if _key(d) == _key(trial):
        return True
    a, b = d.cancer_type, trial.cancer_type
    return a is not None and b is not None and taxonomy.related(a, b)


def _unsure_same(
    d: CancerDiagnosis, trial: CancerDiagnosis | None, taxonomy: CancerTaxonomy
) -> bool:
    """A cancer not placed that may be the trial's recorded vaguely (DX-PLACE's `within`), and
    whose histology it may be ("腺癌" is never a nasopharyngeal carcinoma: another cancer)."""
    if trial is None or d.cancer_type is not None or trial.cancer_type not in taxonomy:
        return False
    node = str(trial.cancer_type)
    groups = [g for g in d.histology_may_be if g in taxonomy]
    if d.histology_may_be and not any(taxonomy.related(node, g) for g in groups):
        return False
    return d.within is None or taxonomy.related(node, d.within)
