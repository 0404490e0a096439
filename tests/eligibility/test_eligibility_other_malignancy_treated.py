"""Rule MAL-TREATED: "Known additional malignancy that is progressing or has required active
treatment within the past 3 years" — the other-malignancy exclusion of the KEYNOTE protocols,
read from registry text and decided on charts recorded the way hospitals record a second
cancer.

The verdicts are a trial coordinator's, written before the code was changed to meet them. The
window is counted from the cancer's last treatment, not from its diagnosis: a breast cancer
diagnosed eight years ago and still on letrozole excludes; a colon cancer diagnosed three and a
half years ago whose chemotherapy ended before the window does not. A chart rarely records
every treatment (surgery, radiotherapy elsewhere), so only a dated drug line decides "treated";
everything else the chart cannot settle is unknown, with what to record.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import TypeAdapter

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import Criterion, OtherMalignancyCriterion
from eligibility.ctgov import EligibilityItem, extract_item
from eligibility.facts import PatientFacts
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from fhir_mapping import ValidationCache, build_facts
from tools.charts.chart import Chart, Resource, Why
from tools.charts.codes import CONDITION_CLINICAL, ICD10CM, concept

AS_OF = date(2026, 11, 25)
M, N, U = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN
adapter: TypeAdapter[Criterion] = TypeAdapter(Criterion)

# NCT06780137, exclusion, the template's first sentence alone.
KEYNOTE = "Known additional malignancy that is progressing or has required active treatment within the past 3 years"  # noqa: E501
# NCT03746431, exclusion, with the template's second sentence of exceptions.
KEYNOTE_WITH_EXCEPTIONS = (
    "Has known additional malignancy that is progressing or has required active treatment within "
    "the past 3 years. Patients with basal cell carcinoma of the skin, squamous cell carcinoma of "
    "the skin or carcinoma in situ (e.g., breast cancer, cervical cancer, prostate) that have "
    "undergone potentially curative therapy are not excluded."
)
# NCT06795412, exclusion: the same with a 2-year window.
KEYNOTE_TWO_YEARS = (
    "Known additional malignancy that is progressing or has required active treatment within "
    "the past 2 years."
)
# NCT05836324, exclusion: a second condition joined by "or" (a diagnosis window) — two
# criteria in one item, left for review.
KEYNOTE_OR_HISTORY = (
    "Any known additional malignancy that is progressing or requires active treatment, or "
    "history of other malignancy within 2 years."
)


def _read(text: str) -> list[Criterion]:
    item = EligibilityItem(section="exclusion", text=text, number=1)
    return [c for c in extract_item(item, "x").criteria if c.type == "other_malignancy"]


def test_mal_treated_the_template_is_read_as_a_window_from_the_last_treatment() -> None:
    (criterion,) = _read(KEYNOTE)
    assert isinstance(criterion, OtherMalignancyCriterion)
    assert (criterion.within_years, criterion.counted_from, criterion.excepted) == (
        3,
        "treatment",
        (),
    )
    assert criterion.label == "No other malignancy progressing or treated within 3 years"


def test_mal_treated_the_templates_second_sentence_gives_its_exceptions() -> None:
    (criterion,) = _read(KEYNOTE_WITH_EXCEPTIONS)
    assert isinstance(criterion, OtherMalignancyCriterion)
    assert (criterion.within_years, criterion.counted_from) == (3, "treatment")
    assert criterion.excepted == ("non_melanoma_skin", "in_situ")


def test_mal_treated_a_two_year_window_is_read() -> None:
    (criterion,) = _read(KEYNOTE_TWO_YEARS)
    assert isinstance(criterion, OtherMalignancyCriterion)
    assert (criterion.within_years, criterion.counted_from) == (2, "treatment")


def test_mal_treated_a_second_condition_joined_by_or_stays_for_review() -> None:
    assert _read(KEYNOTE_OR_HISTORY) == []


def test_mal_treated_a_treatment_window_needs_a_window() -> None:
    with pytest.raises(ValueError, match="counted_from"):
        OtherMalignancyCriterion(id="c", label="c", counted_from="treatment")


# --- charts ---------------------------------------------------------------------------------------

NPC = (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx, unspecified")
BREAST = (ICD10CM, "C50.911", "Malignant neoplasm of unspecified site of right female breast")
COLON = (ICD10CM, "C18.9", "Malignant neoplasm of colon, unspecified")
PROSTATE = (ICD10CM, "C61", "Malignant neoplasm of prostate")
THYROID = (ICD10CM, "C73", "Malignant neoplasm of thyroid gland")
BASAL_CELL = (ICD10CM, "C44.91", "Basal cell carcinoma of skin, unspecified")
RESOLVED = concept(None, (CONDITION_CLINICAL, "resolved", "Resolved"))
REMISSION = concept(None, (CONDITION_CLINICAL, "remission", "Remission"))


class _Patient:
    """Metastatic NPC (the trial's cancer) under its first line, and another cancer."""

    def __init__(self) -> None:
        self.chart = Chart("p")
        self.chart.patient("female", "1968-04-02")
        npc = self.chart.condition(concept("鼻咽癌", NPC), date(2026, 3, 18))
        self.given(npc, "Cisplatin", date(2026, 4, 8), cycles=4)

    def cancer(
        self,
        code: tuple[str, str, str],
        diagnosed: date,
        *,
        status: dict[str, object] | None = None,
        abated: date | None = None,
    ) -> Resource:
        if status is None:
            return self.chart.condition(concept(None, code), diagnosed)
        return self.chart.condition(
            concept(None, code), diagnosed, clinical_status=status, abatement=abated
        )

    def given(self, cancer: Resource, drug: str, first: date, *, cycles: int) -> None:
        for cycle in range(cycles):
            self.chart.medication_administration(
                concept(drug),
                first + timedelta(days=21 * cycle),
                why=Why(reason_reference=(cancer,)),
            )

    def facts(self) -> PatientFacts:
        return build_facts(
            self.chart.resources, patient_id="p", as_of=AS_OF, cache=ValidationCache()
        ).facts


def _decide(
    patient: _Patient, text: str = KEYNOTE_WITH_EXCEPTIONS
) -> tuple[CriterionStatus, str, str | None]:
    (read,) = _read(text)
    criterion = read.model_copy(update={"cancer_types": ("nasopharyngeal_carcinoma",)})
    result = evaluate_criterion(criterion, patient.facts(), default_taxonomy())
    return result.status, result.reason, result.to_settle


def test_mal_treated_a_cancer_treated_and_resolved_before_the_window_is_no_exclusion() -> None:
    """Breast cancer 2018, four cycles of docetaxel, resolved 2019-03."""
    patient = _Patient()
    breast = patient.cancer(BREAST, date(2018, 5, 2), status=RESOLVED, abated=date(2019, 3, 1))
    patient.given(breast, "Docetaxel", date(2018, 6, 1), cycles=4)
    assert _decide(patient)[0] is M


def test_mal_treated_a_cancer_still_on_adjuvant_endocrine_therapy_excludes() -> None:
    """Breast cancer 2018, in remission since 2019, letrozole every day since: treated within
    the window, however long ago it was diagnosed."""
    patient = _Patient()
    breast = patient.cancer(BREAST, date(2018, 5, 2), status=REMISSION, abated=date(2019, 3, 1))
    patient.chart.medication_statement(
        concept("Letrozole 2.5 mg"),
        (date(2019, 4, 1), None),
        status="active",
        why=Why(reason_reference=(breast,)),
    )
    status, reason, _ = _decide(patient)
    assert status is N
    assert "letrozole" in reason


def test_mal_treated_chemotherapy_ending_inside_the_window_excludes() -> None:
    """Colon cancer diagnosed 2024-01, CAPOX to 2024-06, resolved 2024-07."""
    patient = _Patient()
    colon = patient.cancer(COLON, date(2024, 1, 10), status=RESOLVED, abated=date(2024, 7, 1))
    patient.given(colon, "Oxaliplatin", date(2024, 2, 1), cycles=6)
    status, reason, _ = _decide(patient)
    assert status is N
    assert "treated within 3 years" in reason


def test_mal_treated_a_cancer_diagnosed_and_treated_before_the_window_is_no_exclusion() -> None:
    """Colon cancer diagnosed 2022-02, capecitabine to 2022-08, resolved 2022-09: the
    diagnosis-window reading would say the same; the treatment window agrees."""
    patient = _Patient()
    colon = patient.cancer(COLON, date(2022, 2, 10), status=RESOLVED, abated=date(2022, 9, 1))
    patient.given(colon, "Capecitabine", date(2022, 3, 1), cycles=8)
    assert _decide(patient)[0] is M


def test_mal_treated_a_cancer_resolved_after_a_diagnosis_inside_the_window_was_treated_in_it() -> (
    None
):
    """Thyroid cancer diagnosed 2025-02, resolved (no date): whatever cured it came after the
    diagnosis, inside the window."""
    patient = _Patient()
    patient.cancer(THYROID, date(2025, 2, 1), status=RESOLVED)
    assert _decide(patient)[0] is N


def test_mal_treated_an_active_cancer_with_no_treatment_recorded_is_unknown() -> None:
    """Prostate cancer diagnosed 2024-06, active, nothing recorded of its care: on active
    surveillance it would not exclude; treated, it would."""
    patient = _Patient()
    patient.cancer(PROSTATE, date(2024, 6, 1))
    status, _, settle = _decide(patient)
    assert status is U
    assert settle == (
        "Record whether the Prostate cancer (2024-06-01) is progressing, and when it was last "
        "treated"
    )


def test_mal_treated_remission_inside_the_window_without_a_treatment_date_is_unknown() -> None:
    """Thyroid cancer diagnosed 2015, in remission since 2024-05: the treatment that brought it
    there may have ended before the window or inside it."""
    patient = _Patient()
    patient.cancer(THYROID, date(2015, 3, 1), status=REMISSION, abated=date(2024, 5, 1))
    status, _, settle = _decide(patient)
    assert status is U
    assert settle == "Record when the Thyroid cancer (2015-03-01) was last treated"


def test_mal_treated_a_cancer_resolved_long_ago_with_no_date_is_unknown() -> None:
    patient = _Patient()
    patient.cancer(THYROID, date(2015, 3, 1), status=RESOLVED)
    assert _decide(patient)[0] is U


def test_mal_treated_an_excepted_skin_cancer_is_no_exclusion() -> None:
    patient = _Patient()
    skin = patient.cancer(BASAL_CELL, date(2026, 1, 5))
    patient.chart.procedure(concept("Excision of basal cell carcinoma"), date(2026, 1, 20))
    del skin
    assert _decide(patient)[0] is M
    # Without the second sentence, the template excepts nothing.
    status, _, _ = _decide(patient, KEYNOTE)
    assert status is U


def test_mal_treated_the_trials_own_cancer_under_treatment_is_not_another() -> None:
    assert _decide(_Patient())[0] is M


def test_mal_treated_requiring_treatment_now_with_no_window_is_an_active_malignancy() -> None:
    (criterion,) = _read(
        "Known additional malignancy that is progressing or requires active treatment"
    )
    assert isinstance(criterion, OtherMalignancyCriterion)
    assert (criterion.active_only, criterion.within_years, criterion.counted_from) == (
        True,
        None,
        "diagnosis",
    )


def test_mal_treated_requiring_treatment_now_within_a_window_stays_for_review() -> None:
    assert (
        _read(
            "Known additional malignancy that is progressing or requires active treatment within "
            "the past 3 years"
        )
        == []
    )
