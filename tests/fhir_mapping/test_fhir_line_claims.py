"""LOT-CLAIMED: a cancer's diagnosis that says how many lines were given ("二线治疗后") over a
chart that records fewer. The lines it lacks are possible lines: whatever they could change is
unknown, never met and never not met.

The verdicts are a trial coordinator's, written before the code: a chart is held to what its
own diagnosis says of the treatment history.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import PatientFacts
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.line_claims import lines_said
from tools.charts.chart import Chart, Resource, Why
from tools.charts.codes import ICD10CM, concept

AS_OF = date(2026, 11, 25)
M, N, U = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN
NPC_CODE = (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx, unspecified")
BREAST_CODE = (ICD10CM, "C50.911", "Malignant neoplasm of unspecified site of right female breast")
BONE_METS = (ICD10CM, "C79.51", "Secondary malignant neoplasm of bone")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("鼻咽癌IVB期 二线治疗后", (2, "二线治疗后")),
        ("鼻咽癌 三线化疗中", (3, "三线化疗中")),
        ("鼻咽癌2线治疗后", (2, "2线治疗后")),
        ("鼻咽癌 多线治疗后进展", (2, "多线治疗后进展")),
        ("鼻咽癌 后线治疗", (2, "后线治疗")),
        ("鼻咽癌二线及以上治疗失败", (2, "二线及以上治疗失败")),
        ("鼻咽癌IVB期（二线）", (2, "二线")),
        # A line planned or not given is one fewer; the most any clause says is the claim.
        ("鼻咽癌IVB期 一线治疗后，拟行二线治疗", (1, "一线治疗后")),
        ("鼻咽癌 拟行二线治疗", (1, "拟行二线治疗")),
        ("未行二线治疗", (1, "未行二线治疗")),
        ("二线治疗失败后，拟行三线治疗", (2, "二线治疗失败后")),
        ("鼻咽癌 二线治疗前评估", (1, "二线治疗前评估")),  # before it began
        ("鼻咽癌 拒绝三线治疗", (2, "拒绝三线治疗")),
        ("NPC, assessed before second-line therapy", (1, "before second-line therapy")),
        ("NPC, declined third-line chemotherapy", (2, "declined third-line chemotherapy")),
        (
            "Nasopharyngeal carcinoma, s/p 2 lines of systemic therapy",
            (2, "2 lines of systemic therapy"),
        ),
        ("NPC, failed two prior lines", (2, "two prior lines")),
        ("NPC after three lines", (3, "three lines")),
        ("NPC progressed on second-line docetaxel", (2, "second-line docetaxel")),
        ("NPC, 3rd line", (3, "3rd line")),
        ("NPC after multiple lines of chemotherapy", (2, "multiple lines of chemotherapy")),
        ("NPC, candidate for second-line therapy", (1, "candidate for second-line therapy")),
        # Not a count of lines of cancer therapy.
        ("中线结构居中", None),
        ("胸部X线", None),
        ("耐多药结核 二线抗结核治疗", None),
        ("未行一线治疗", None),
        ("2 lines", None),
        ("O2 2L", None),
        ("heavily pretreated", None),
        ("no prior lines of therapy", None),
        ("planned for 2 lines of therapy", None),
    ],
)
def test_lot_claimed_the_words_that_count_lines(text: str, said: tuple[int, str] | None) -> None:
    assert lines_said(text) == said


# --- charts --------------------------------------------------------------------------------------

FIRST_LINE = date(2026, 4, 8)


class _Npc:
    """De novo metastatic NPC diagnosed 2026-03-18 whose Condition says `words`."""

    def __init__(self, words: str, *, diagnosed: date = date(2026, 3, 18)) -> None:
        self.chart = Chart("claimed")
        self.chart.patient("male", "1971-06-14")
        self.npc = self.chart.condition(concept(words, NPC_CODE), diagnosed)

    def metastasis(self, found: date = date(2026, 3, 25), words: str | None = None) -> _Npc:
        self.chart.condition(concept(words, BONE_METS), found)
        return self

    def line(self, first: date, *drugs: str, why: Resource | None = None) -> _Npc:
        reason = Why(reason_reference=(why,)) if why is not None else Why()
        for cycle in range(3):
            for drug in drugs:
                self.chart.medication_administration(
                    concept(drug), first + timedelta(days=21 * cycle), why=reason
                )
        return self

    def undated(self, drug: str) -> _Npc:
        record = self.chart.medication_statement(concept(drug), AS_OF, status="completed")
        record.pop("effectiveDateTime", None)
        record.pop("effectivePeriod", None)
        return self

    def facts(self) -> PatientFacts:
        return build_facts(
            self.chart.resources, patient_id="claimed", as_of=AS_OF, cache=ValidationCache()
        ).facts


def _first_line(words: str) -> _Npc:
    return _Npc(words).metastasis().line(FIRST_LINE, "Cisplatin 顺铂", "Gemcitabine 吉西他滨")


def _decide(facts: PatientFacts, **criterion: Any) -> tuple[CriterionStatus, str, str | None]:
    parsed = TypeAdapter(Criterion).validate_python({"id": "c", "label": "c", **criterion})
    result = evaluate_criterion(parsed, facts, default_taxonomy())
    return result.status, result.reason, result.to_settle


def test_lot_claimed_each_line_the_chart_lacks_is_a_possible_line_citing_the_diagnosis() -> None:
    facts = _first_line("鼻咽癌IVB期 三线治疗后").facts()
    recorded, *claimed = facts.lines
    assert recorded.agents == ("cisplatin", "gemcitabine")
    assert len(claimed) == 2
    for line in claimed:
        assert (line.possible, line.claimed, line.start, line.agents) == (
            True,
            "三线治疗后",
            None,
            (),
        )
        assert line.cancer_type == "nasopharyngeal_carcinoma"
        assert line.evidence == ("Condition/claimed-condition-1",)


def test_lot_claimed_a_count_the_missing_lines_could_change_is_unknown_never_not_met() -> None:
    facts = _first_line("鼻咽癌IVB期 三线治疗后").facts()
    status, reason, settle = _decide(facts, type="prior_lines", min_lines=1, max_lines=1)
    assert status is U
    assert 'the diagnosis says "三线治疗后": 2 lines more than the chart records' in reason
    assert settle == (
        'Record every line of therapy the diagnosis counts ("三线治疗后"), with its drugs and '
        "dates, including treatment given elsewhere"
    )
    # A trial for patients after three lines: one recorded, three said — not "too few".
    assert _decide(facts, type="prior_lines", min_lines=3)[0] is U
    assert _decide(facts, type="prior_lines", min_lines=1)[0] is M
    assert _decide(facts, type="prior_lines", max_lines=3)[0] is M


def test_lot_claimed_line_one_may_be_the_line_not_recorded() -> None:
    facts = _first_line("鼻咽癌IVB期 二线治疗后").facts()
    status, reason, _ = _decide(
        facts, type="prior_therapy", drug_class="platinum", line=1, received=True
    )
    assert status is U
    assert reason.startswith("Line 1 cannot be identified: the diagnosis says")


def test_lot_claimed_a_drug_not_found_may_have_been_given_in_the_line_not_recorded() -> None:
    facts = _first_line("鼻咽癌IVB期 二线治疗后").facts()
    excluded = _decide(facts, type="prior_therapy", agent="docetaxel", received=False)
    assert excluded[0] is U
    assert excluded[1].startswith('No docetaxel recorded, but the diagnosis says "二线治疗后"')
    assert _decide(facts, type="prior_therapy", agent="docetaxel", received=True)[0] is U
    # What the chart does record still decides.
    assert _decide(facts, type="prior_therapy", agent="cisplatin", received=True)[0] is M
    assert _decide(facts, type="prior_therapy", agent="cisplatin", received=False)[0] is N


def test_lot_claimed_a_claim_the_chart_meets_decides_nothing() -> None:
    two = _first_line("鼻咽癌IVB期 二线治疗后").line(date(2026, 9, 2), "Docetaxel").facts()
    assert not [line for line in two.lines if line.claimed]
    assert _decide(two, type="prior_lines", max_lines=1)[0] is N
    assert _decide(two, type="prior_therapy", agent="paclitaxel", received=False)[0] is M


def test_lot_claimed_a_planned_line_is_not_a_line_received() -> None:
    facts = _first_line("鼻咽癌IVB期 一线治疗后，拟行二线治疗").facts()
    assert [line.number for line in facts.lines] == [1]
    assert _decide(facts, type="prior_lines", min_lines=1, max_lines=1)[0] is M


def test_lot_claimed_a_claim_of_fewer_lines_than_recorded_is_not_read() -> None:
    facts = _first_line("鼻咽癌 一线治疗后").line(date(2026, 9, 2), "Docetaxel").facts()
    assert [line.number for line in facts.lines] == [1, 2]
    assert _decide(facts, type="prior_lines", max_lines=1)[0] is N


def test_lot_claimed_the_curative_course_may_be_the_line_the_words_count() -> None:
    """Chemoradiotherapy in 2023, liver metastases in 2026, one palliative line: a clinician
    writing "二线治疗后" may have counted the curative course; the chart holds two lines."""
    chart = _Npc("鼻咽癌 二线治疗后", diagnosed=date(2023, 2, 1))
    chart.line(date(2023, 3, 1), "Cisplatin 顺铂")
    chart.metastasis(date(2026, 3, 25)).line(FIRST_LINE, "Gemcitabine 吉西他滨", "Carboplatin")
    facts = chart.facts()
    assert not [line for line in facts.lines if line.claimed]
    status, _, _ = _decide(
        facts, type="prior_lines", min_lines=1, max_lines=1, setting="recurrent_metastatic"
    )
    assert status is M


def test_lot_claimed_an_undated_line_may_be_the_line_the_words_count() -> None:
    facts = _first_line("鼻咽癌IVB期 二线治疗后").undated("多西他赛 (外院)").facts()
    assert not [line for line in facts.lines if line.claimed]
    assert [line.undated for line in facts.lines] == [False, True]


def test_lot_claimed_a_secondary_malignancys_words_count_the_chart_cancers_lines() -> None:
    chart = _Npc("鼻咽癌").metastasis(words="骨转移 二线治疗后")
    facts = chart.line(FIRST_LINE, "Cisplatin 顺铂").facts()
    (claimed,) = [line for line in facts.lines if line.claimed]
    assert claimed.cancer_type == "nasopharyngeal_carcinoma"
    assert _decide(facts, type="prior_lines", max_lines=1)[0] is U


def test_lot_claimed_another_cancers_claim_is_not_a_line_of_the_trials_cancer() -> None:
    """Breast cancer treated years ago ("二线治疗后" on its diagnosis) and NPC with one line
    given for it: the NPC trial's count is the NPC's."""
    chart = _Npc("鼻咽癌IVB期").metastasis()
    breast = chart.chart.condition(concept("乳腺癌 二线治疗后", BREAST_CODE), date(2015, 5, 1))
    chart.line(FIRST_LINE, "Cisplatin 顺铂", "Gemcitabine 吉西他滨", why=chart.npc)
    facts = chart.facts()
    claimed = [line for line in facts.lines if line.claimed]
    assert [(li.cancer_type, li.evidence) for li in claimed] == 2 * [
        ("breast_cancer", (f"Condition/{breast['id']}",))
    ]
    npc_trial = {"cancer_types": ["nasopharyngeal_carcinoma"]}
    assert _decide(facts, type="prior_lines", max_lines=1, **npc_trial)[0] is M
    assert _decide(facts, type="prior_lines", max_lines=1)[0] is U  # a trial naming no cancer
