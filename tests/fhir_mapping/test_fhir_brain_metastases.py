"""CNS-EHR: treated, stable and on corticosteroids, read from the chart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from eligibility.facts import BrainMetastasisStatus, PatientFacts
from eligibility.vocabulary import Comorbidity
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.brain_metastases import stability_said
from fhir_mapping.intrathecal import into_the_csf
from fhir_mapping.terminology import CodedText
from tests.fhir_mapping.conftest import AS_OF
from tools.charts.chart import Chart, Resource, Why
from tools.charts.codes import ICD10CM, LOINC, SNOMED, concept

BRAIN_METS = concept(None, (ICD10CM, "C79.31", "Secondary malignant neoplasm of brain"))
MRI = concept(None, (LOINC, "24587-8", "MR Brain WO and W contrast IV"))
RT = (SNOMED, "53438000", "Radiation therapy procedure or service (procedure)")


def _chart() -> Chart:
    chart = Chart("p")
    chart.patient("female", "1970-02-01")
    return chart


def _facts(chart: Chart) -> PatientFacts:
    bundle = chart.bundle()
    return build_facts([bundle], patient_id="p", as_of=AS_OF, cache=ValidationCache()).facts


def _status(chart: Chart) -> BrainMetastasisStatus:
    return _facts(chart).brain_metastasis_status


def _report(chart: Chart, when: str, conclusion: str, code: dict[str, Any] = MRI) -> Resource:
    return chart.add(
        {
            "resourceType": "DiagnosticReport",
            "id": chart.ids("DiagnosticReport"),
            "status": "final",
            "code": code,
            "subject": chart.subject,
            "effectiveDateTime": when,
            "conclusion": conclusion,
        }
    )


@pytest.mark.parametrize(
    ("text", "stable"),
    [
        ("Stable treated right frontal metastasis. No new lesions.", True),
        ("No evidence of progression.", True),
        ("Decreased size of the left cerebellar lesion", True),
        ("颅内转移灶较前缩小，未见新发病灶", True),
        ("Progression of the left cerebellar metastasis", False),
        ("New enhancing lesion in the right occipital lobe", False),
        ("脑转移瘤较前增大", False),
        ("Stable frontal lesion; new right occipital metastasis", None),
        ("Post-operative changes", None),
    ],
)
def test_cns_ehr_imaging_words(text: str, stable: bool | None) -> None:
    assert stability_said([text]) is stable


def test_cns_ehr_nothing_is_read_without_brain_metastases() -> None:
    chart = _chart()
    chart.procedure(concept("Whole brain radiotherapy 30 Gy/10 fx", RT), date(2026, 8, 1))
    assert _status(chart) == BrainMetastasisStatus()


def test_cns_ehr_craniotomy_then_stable_report() -> None:
    """Surgery treats them; a DiagnosticReport conclusion after it says stable, and the days
    run from the surgery to that report."""
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 6, 1))
    surgery = chart.procedure(
        concept("Right frontal craniotomy and resection of metastasis"), date(2026, 6, 10)
    )
    report = _report(chart, "2026-09-08", "Resection cavity unchanged. No new lesions.")
    status = _status(chart)
    assert (status.treated, status.treated_on, status.stable, status.stable_days) == (
        True,
        date(2026, 6, 10),
        True,
        90,
    )
    assert f"Procedure/{surgery['id']}" in status.evidence
    assert f"DiagnosticReport/{report['id']}" in status.evidence


@pytest.mark.parametrize(
    ("status", "treated"),
    [
        ("completed", True),
        ("unknown", None),  # not known whether it took place
        ("preparation", None),
        ("not-done", None),
        ("entered-in-error", None),
    ],
)
def test_cns_ehr_brain_surgery_of_unknown_status_treated_nothing_known(
    status: str, treated: bool | None
) -> None:
    """CNS-EHR: brain surgery counts as treatment only when recorded as done; one of status
    `unknown` leaves whether the metastases were treated open (None), never treated."""
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 6, 1))
    chart.procedure(
        concept("Right frontal craniotomy and resection of metastasis"),
        date(2026, 6, 10),
        status=status,
    )
    assert _status(chart).treated is treated


def test_cns_ehr_imaging_before_treatment_and_other_reports_do_not_count() -> None:
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 10, 1))
    _report(chart, "2026-10-01", "Stable")  # before the treatment
    _report(chart, "2026-11-20", "Stable", code=concept("CT chest with contrast"))
    chart.procedure(concept("SRS 24 Gy", RT), date(2026, 10, 15), body_site=[concept("Brain")])
    status = _status(chart)
    assert (status.treated_on, status.stable, status.stable_days) == (
        date(2026, 10, 15),
        None,
        None,
    )


def test_cns_ehr_prophylactic_cranial_irradiation_is_not_a_treatment_of_them() -> None:
    """PCI a year before the metastases: no treatment of them is recorded."""
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 9, 1))
    chart.procedure(
        concept("Prophylactic cranial irradiation, whole brain 25 Gy", RT),
        (date(2025, 6, 2), date(2025, 6, 13)),
    )
    assert _status(chart).treated is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Stereotactic radiosurgery, brain metastasis", "unknown"),
        ("Stereotactic radiosurgery, brain metastasis", "preparation"),
        ("SRS planning (simulation), brain metastasis", "completed"),
    ],
)
def test_cns_ehr_a_course_not_known_to_be_given_does_not_treat_them(text: str, status: str) -> None:
    """RT-PLANNING: radiosurgery of unknown status, in preparation or only simulated is not
    known to have been given: the metastases are not known to be treated."""
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 9, 1))
    chart.procedure(concept(text, RT), date(2026, 9, 20), status=status)
    assert _status(chart).treated is None


def test_cns_ehr_stable_since_the_last_progression() -> None:
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 3, 1))
    chart.procedure(concept("Gamma knife radiosurgery"), date(2026, 3, 10))
    chart.observation(MRI, date(2026, 6, 1), value_string="Progression of the treated lesion")
    chart.observation(MRI, date(2026, 7, 1), value_string="Stable")
    status = _status(chart)
    assert (status.stable, status.stable_days) == (True, 30)


def test_cns_ehr_mcode_secondary_with_brain_body_site_is_brain_metastases() -> None:
    chart = _chart()
    secondary = (SNOMED, "128462008", "Secondary malignant neoplastic disease (disorder)")
    chart.condition(concept(None, secondary), date(2026, 9, 1), body_site=[concept("Brain")])
    chart.condition(concept(None, secondary), date(2026, 9, 1), body_site=[concept("Liver")])
    kinds = [f.kind.value for f in _facts(chart).comorbidities]
    assert kinds == ["brain_metastases"]


FOR_THE_METS = "the brain-metastasis Condition"  # the record's reasonReference


def _with_steroid(record: str, status: str, reason: str | None, when: Any) -> BrainMetastasisStatus:
    chart = _chart()
    mets = chart.condition(BRAIN_METS, date(2026, 9, 1))
    chart.procedure(concept("SRS"), date(2026, 9, 8), body_site=[concept("Brain")])
    drug = concept("Dexamethasone 4 mg")
    why = Why()
    if reason == FOR_THE_METS:
        why = Why(reason_reference=[mets])
    elif reason is not None:
        why = Why(reason_code=concept(reason))
    if record == "MedicationRequest":
        start, end = when if isinstance(when, tuple) else (when, None)
        chart.medication_request(drug, start, end, status=status, why=why)
    else:
        chart.medication_administration(drug, when, status=status, why=why)
    return _status(chart)


NONE: tuple[str, ...] = ()
DEX = ("dexamethasone",)


@pytest.mark.parametrize(
    ("record", "status", "reason", "when", "expected"),
    [
        # Ordered for the metastases, still active: on steroids; a reason naming the oedema
        # says the same.
        ("MedicationRequest", "active", FOR_THE_METS, date(2026, 9, 1), (True, NONE)),
        (
            "MedicationRequest",
            "active",
            "Vasogenic cerebral oedema",
            date(2026, 9, 1),
            (True, NONE),
        ),
        # Given for them and finished: off.
        (
            "MedicationRequest",
            "completed",
            FOR_THE_METS,
            (date(2026, 9, 1), date(2026, 9, 20)),
            (False, NONE),
        ),
        # A current one with no reason, or another reason: listed, not decided.
        ("MedicationRequest", "active", None, date(2026, 9, 1), (None, DEX)),
        ("MedicationRequest", "active", "Adrenal insufficiency", date(2026, 9, 1), (None, DEX)),
        # A premedication dose two days ago is still current; a month ago it is not.
        ("MedicationAdministration", "completed", None, date(2026, 11, 23), (None, DEX)),
        ("MedicationAdministration", "completed", None, date(2026, 10, 23), (None, NONE)),
    ],
)
def test_cns_ehr_corticosteroids(
    record: str,
    status: str,
    reason: str | None,
    when: Any,
    expected: tuple[bool | None, tuple[str, ...]],
) -> None:
    found = _with_steroid(record, status, reason, when)
    assert (found.on_steroids, found.steroids) == expected


@pytest.mark.parametrize(
    ("name", "brain"),
    [
        ("MRI brain with contrast", True),
        ("CT head without contrast", True),
        ("头颅MRI增强", True),
        ("MRI head and neck", False),  # the nasopharynx follow-up of every NPC patient
        ("MRI nasopharynx and neck", False),
    ],
)
def test_cns_ehr_which_imaging_is_brain_imaging(name: str, brain: bool) -> None:
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 6, 1))
    chart.observation(concept(name), date(2026, 9, 1), value_string="Stable")
    assert (_status(chart).stable is True) is brain


def test_cns_ehr_an_undated_treatment_treats_them() -> None:
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 6, 1))
    chart.add(
        {
            "resourceType": "Procedure",
            "id": chart.ids("Procedure"),
            "status": "completed",
            "code": concept("Stereotactic radiosurgery"),
            "subject": chart.subject,
        }
    )
    status = _status(chart)
    assert (status.treated, status.treated_on) == (True, None)


@pytest.mark.parametrize(
    ("text", "treated"),
    [
        ("脑转移瘤切除术后", True),
        ("脑转移瘤术后", True),
        ("右额叶脑转移瘤开颅切除术后", True),
        ("Brain metastasis s/p resection", True),
        ("Brain metastases, status post craniotomy", True),
        # Another organ's operation beside the brain metastases is not theirs.
        ("肺癌术后 脑转移瘤", None),
        ("肺癌术后脑转移", None),
        ("Breast cancer s/p resection; brain metastases", None),
        ("Brain metastases; breast cancer s/p resection", None),
        ("Brain metastases, breast cancer s/p resection", None),
        ("脑转移瘤", None),
    ],
)
def test_cns_ehr_a_diagnosis_that_says_the_metastasis_was_operated_on(
    text: str, treated: bool | None
) -> None:
    """CNS-EHR: "脑转移瘤切除术后" is a brain surgery, undated; a surgery of another organ
    named before the brain metastases, or in another phrase, is not theirs."""
    chart = _chart()
    chart.condition(concept(text), date(2026, 6, 1))
    status = _status(chart)
    assert (status.treated, status.treated_on) == (treated, None)


@pytest.mark.parametrize(
    ("icd", "confirmed"),
    [("C79.31", True), ("C79.9", True), ("C79.81", False), ("C78.7", False)],
)
def test_cns_ehr_codings_that_disagree_make_them_possible(icd: str, confirmed: bool) -> None:
    chart = _chart()
    code = concept(None, (SNOMED, "94225005"), (ICD10CM, icd))
    chart.condition(code, date(2026, 9, 1))
    brain = [f for f in _facts(chart).comorbidities if f.kind.value == "brain_metastases"]
    assert [f.confirmed for f in brain] == [confirmed]


def test_cns_ehr_steroid_dose_unchanged_since_the_newest_order() -> None:
    """A dose change is a new order: the newest current order dates the dose."""
    chart = _chart()
    mets = chart.condition(BRAIN_METS, date(2026, 7, 1))
    chart.procedure(concept("SRS"), date(2026, 7, 8), body_site=[concept("Brain")])
    why = Why(reason_reference=[mets])
    chart.medication_request(
        concept("Dexamethasone 4 mg bid"), date(2026, 7, 1), date(2026, 10, 31), why=why
    )
    chart.medication_request(
        concept("Dexamethasone 2 mg daily"), date(2026, 11, 1), status="active", why=why
    )
    status = _status(chart)
    assert (status.on_steroids, status.steroid_dose_since) == (True, date(2026, 11, 1))


@pytest.mark.parametrize(
    ("end", "stopped_on"),
    [(date(2026, 10, 31), date(2026, 10, 31)), (None, None)],
)
def test_cns_ehr_steroids_for_them_stopped_on_their_end(
    end: date | None, stopped_on: date | None
) -> None:
    """Corticosteroids given for the brain metastases and stopped date the steroid-free window;
    a record without an end dates nothing."""
    chart = _chart()
    mets = chart.condition(BRAIN_METS, date(2026, 7, 1))
    chart.procedure(concept("SRS"), date(2026, 7, 8), body_site=[concept("Brain")])
    chart.medication_request(
        concept("Dexamethasone 4 mg bid"),
        date(2026, 7, 1),
        end,
        status="completed",
        why=Why(reason_reference=[mets]),
    )
    status = _status(chart)
    assert (status.on_steroids, status.steroids_stopped_on) == (False, stopped_on)


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        # Another use named: not for them, and nothing to ask.
        ("止吐（预防化疗相关恶心呕吐）", (None, NONE)),
        ("Prevention of chemotherapy-induced nausea and vomiting", (None, NONE)),
        ("Antiemetic premedication", (None, NONE)),
        ("紫杉醇预处理（预防过敏）", (None, NONE)),
        # The brain named beside the vomiting: theirs.
        ("颅内压增高致恶心呕吐", (True, NONE)),
        ("脱水降颅压", (True, NONE)),
    ],
)
def test_cns_ehr_a_corticosteroid_given_for_another_use_is_not_for_them(
    reason: str, expected: tuple[bool | None, tuple[str, ...]]
) -> None:
    found = _with_steroid("MedicationRequest", "active", reason, date(2026, 11, 23))
    assert (found.on_steroids, found.steroids) == expected


def test_cns_ehr_an_antiemetic_corticosteroid_leaves_the_stopped_one_for_them_deciding() -> None:
    """Dexamethasone for the metastases stopped in September, and one for chemotherapy nausea
    now: off corticosteroids for them since September."""
    chart = _chart()
    mets = chart.condition(BRAIN_METS, date(2026, 7, 1))
    chart.procedure(concept("SRS"), date(2026, 7, 8), body_site=[concept("Brain")])
    drug = concept("Dexamethasone 4 mg")
    chart.medication_request(
        drug, date(2026, 7, 1), date(2026, 9, 10), why=Why(reason_reference=[mets])
    )
    chart.medication_request(
        drug, date(2026, 11, 23), status="active", why=Why(reason_code=concept("止吐"))
    )
    status = _status(chart)
    assert (status.on_steroids, status.steroids, status.steroids_stopped_on) == (
        False,
        NONE,
        date(2026, 9, 10),
    )


@pytest.mark.parametrize(
    ("text", "stable"),
    [
        # No obvious progression, about the same, better: stable or better.
        ("左额叶病灶较前相仿，未见明显进展。", True),
        ("无明显进展", True),
        ("未见明确新发病灶", True),
        ("未见新增病灶", True),
        ("颅内转移瘤大致同前", True),
        ("较前变化不大", True),
        ("颅内转移灶较前好转", True),
        ("脑转移瘤完全缓解", True),
        ("颅内病灶消失", True),
        # A lesion newly seen is a new lesion.
        ("颅内新出现多发强化结节", False),
        ("右顶叶新见结节样强化灶", False),
        # Beside a smaller one: not read (both said).
        ("左额叶转移灶较前缩小；右顶叶新见结节样强化灶。", None),
        ("部分病灶缩小，新增一枚转移灶", None),
    ],
)
def test_cns_ehr_chinese_report_words_for_stable_and_new_lesions(
    text: str, stable: bool | None
) -> None:
    assert stability_said([text]) is stable


@pytest.mark.parametrize(
    ("text", "treated"),
    [
        ("神经导航下右额叶转移瘤切除术", True),
        ("颅内转移瘤切除术", True),
        ("左顶叶病灶切除术", True),
        ("小脑转移瘤切除术", True),
        # The skull base and the nasopharynx are the NPC's own; a lung lobe is no brain.
        ("经鼻内镜颅底肿物切除术", None),
        ("鼻内镜下鼻咽肿物切除术", None),
        ("右肺上叶切除术", None),
        # The operation of a radiation necrosis of the temporal lobe is not named as theirs.
        ("右颞叶坏死灶切除术", None),
    ],
)
def test_cns_ehr_a_resection_named_by_the_intracranial_site_or_lobe(
    text: str, treated: bool | None
) -> None:
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 8, 10))
    chart.procedure(concept(text), date(2026, 8, 18))
    assert _status(chart).treated is treated


LEPTO = Comorbidity.LEPTOMENINGEAL_DISEASE


@pytest.mark.parametrize(
    ("older", "newest", "possible"),
    [
        (None, "Treated metastasis stable. Suspicious for leptomeningeal disease.", True),
        (None, "左额叶转移灶较前缩小；小脑沟裂内线样强化，脑膜转移不除外。", True),
        (None, "Treated metastasis stable. No leptomeningeal disease.", False),
        (None, "未见脑膜转移，左额叶转移灶较前缩小", False),
        (None, "Leptomeningeal enhancement, nonspecific.", False),
        # The newest decides: an older suspicion it does not repeat says nothing now.
        ("Possible leptomeningeal disease.", "Treated metastasis stable.", False),
        ("Treated metastasis stable.", "Leptomeningeal metastases.", True),
    ],
)
def test_cns_metastases_leptomeningeal_spread_on_the_newest_brain_imaging_is_possible(
    older: str | None, newest: str, possible: bool
) -> None:
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 6, 1))
    if older is not None:
        _report(chart, "2026-09-01", older)
    _report(chart, "2026-10-01", newest)
    found = [(f.kind, f.confirmed) for f in _facts(chart).comorbidities if f.kind is LEPTO]
    assert found == ([(LEPTO, False)] if possible else [])


BRAIN = Comorbidity.BRAIN_METASTASES


def _brain_and_lepto(chart: Chart) -> list[tuple[Comorbidity, bool]]:
    return [(f.kind, f.confirmed) for f in _facts(chart).comorbidities if f.kind in (BRAIN, LEPTO)]


def test_cns_ehr_leptomeningeal_imaging_without_a_diagnosis_makes_both_possible() -> None:
    """Leptomeningeal disease on imaging alone is possible (imaging does not establish it), and
    so are the brain metastases it is; before 7 December 2026 it was not read at all."""
    chart = _chart()
    _report(chart, "2026-10-01", "Suspicious for leptomeningeal disease.")
    assert _brain_and_lepto(chart) == [(BRAIN, False), (LEPTO, False)]


@pytest.mark.parametrize(
    ("scans", "found"),
    [
        # Concluded on the newest scan, or on an older one no scan since denies.
        ([("2026-10-01", "Multiple enhancing lesions, consistent with brain metastases.")], True),
        ([("2026-10-01", "脑内多发转移瘤。")], True),
        (
            [
                ("2026-08-01", "右额叶结节样强化灶，考虑转移瘤可能。"),
                ("2026-10-01", "右额叶转移瘤，较前增大。"),
            ],
            True,
        ),
        (
            [("2026-08-01", "Brain metastases."), ("2026-10-01", "Post-operative changes.")],
            True,
        ),
        (
            [("2026-08-01", "Brain metastases."), ("2026-10-01", "No new metastases.")],
            True,
        ),
        # Held open, or denied by a later scan: possible.
        ([("2026-10-01", "右额叶结节样强化灶，考虑转移瘤可能。")], False),
        (
            [("2026-08-01", "Brain metastases."), ("2026-10-01", "No intracranial metastasis.")],
            False,
        ),
        # Denied, outside the brain, or nothing said: none.
        ([("2026-10-01", "颅内未见明确转移征象。")], None),
        ([("2026-10-01", "Right parietal bone metastasis.")], None),
        ([("2026-10-01", "No acute intracranial abnormality.")], None),
        (
            [("2026-08-01", "No intracranial metastasis."), ("2026-10-01", "Stable.")],
            None,
        ),
    ],
)
def test_cns_ehr_brain_metastases_the_radiologist_concludes(
    scans: list[tuple[str, str]], found: bool | None
) -> None:
    chart = _chart()
    for when, conclusion in scans:
        _report(chart, when, conclusion)
    assert _brain_and_lepto(chart) == ([] if found is None else [(BRAIN, found)])


def test_cns_ehr_imaged_brain_metastases_are_dated_and_read_as_recorded_ones() -> None:
    """The earliest scan concluding them dates them; SRS after it treats them, and the newest
    scan reading them stable is their stability."""
    chart = _chart()
    first = _report(chart, "2026-07-20", "脑内多发转移瘤。")
    chart.procedure(concept("Stereotactic radiosurgery (SRS) 21 Gy x 1"), date(2026, 7, 28))
    last = _report(chart, "2026-10-30", "颅内转移瘤较前缩小，未见新发病灶。")
    facts = _facts(chart)
    (brain,) = [f for f in facts.comorbidities if f.kind is BRAIN]
    assert (brain.onset, brain.confirmed) == (date(2026, 7, 20), True)
    assert brain.evidence == (f"DiagnosticReport/{last['id']}",)
    assert first["id"] != last["id"]
    status = facts.brain_metastasis_status
    assert (status.treated, status.stable, status.stable_days) == (True, True, 94)


def test_cns_ehr_imaging_adds_nothing_to_brain_metastases_a_diagnosis_records() -> None:
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 6, 1))
    _report(chart, "2026-10-01", "Multiple enhancing lesions, consistent with metastases.")
    _report(chart, "2026-11-01", "No intracranial metastasis.")
    assert _brain_and_lepto(chart) == [(BRAIN, True)]


def test_cns_ehr_imaging_confirms_brain_metastases_a_diagnosis_doubts() -> None:
    chart = _chart()
    chart.condition(concept("脑转移待排"), date(2026, 9, 1))
    _report(chart, "2026-10-01", "脑内多发转移瘤。")
    assert sorted(_brain_and_lepto(chart), key=lambda f: f[1]) == [(BRAIN, False), (BRAIN, True)]


def test_cns_ehr_imaging_after_as_of_or_in_error_is_not_read() -> None:
    chart = _chart()
    report = _report(chart, "2026-10-01", "脑内多发转移瘤。")
    report["status"] = "entered-in-error"
    _report(chart, (AS_OF + timedelta(days=1)).isoformat(), "Brain metastases.")
    assert _brain_and_lepto(chart) == []


@pytest.mark.parametrize(
    ("diagnosis", "when", "found"),
    [
        # A diagnosis ruling them out after the scan leaves them to confirm or refute.
        ("颅内转移已排除（MRI）", "2026-11-01", [False]),
        ("Brain metastases ruled out", "2026-11-01", [False]),
        # One before the scan is answered by it.
        ("颅内转移已排除（MRI）", "2026-09-01", [True]),
        # Held open, it rules nothing out (and is possible itself).
        ("脑转移待排", "2026-11-01", [False, True]),
    ],
)
def test_cns_ehr_a_diagnosis_ruling_them_out_after_the_scan_leaves_them_possible(
    diagnosis: str, when: str, found: list[bool]
) -> None:
    chart = _chart()
    _report(chart, "2026-10-01", "脑内多发转移瘤。")
    chart.condition(concept(diagnosis), date.fromisoformat(when))
    brain = sorted(f.confirmed for f in _facts(chart).comorbidities if f.kind is BRAIN)
    assert brain == found


SPINE_MRI_ZH = concept("胸腰椎MRI平扫+增强")
SPINE_MRI_EN = concept("MRI lumbar spine with and without contrast")


@pytest.mark.parametrize(
    ("code", "conclusion", "found"),
    [
        (
            SPINE_MRI_ZH,
            "胸腰椎MRI：腰骶段脊膜增厚强化，考虑脊膜转移。",
            [(BRAIN, False), (LEPTO, False)],
        ),
        (
            SPINE_MRI_EN,
            "Nodular enhancement along the cauda equina, consistent with leptomeningeal "
            "metastases.",
            [(BRAIN, False), (LEPTO, False)],
        ),
        # A vertebral metastasis, or the spinal meninges denied: no CNS metastasis.
        (SPINE_MRI_ZH, "L3椎体转移瘤，较前相仿。", []),
        (SPINE_MRI_ZH, "腰骶段未见脊膜转移征象。", []),
        (SPINE_MRI_EN, "Epidural extension of an L2 vertebral metastasis.", []),
    ],
)
def test_cns_ehr_leptomeningeal_spread_on_a_spine_mri_makes_both_possible(
    code: dict[str, Any], conclusion: str, found: list[tuple[Comorbidity, bool]]
) -> None:
    """CNS-EHR: a spine MRI is read for leptomeningeal spread of the spinal meninges only;
    read on imaging alone it is possible, and so are the CNS metastases it is. Before 7
    December 2026 (twenty-fourth session) a spine MRI was not read at all."""
    chart = _chart()
    _report(chart, "2026-10-01", conclusion, code)
    assert _brain_and_lepto(chart) == found


def test_cns_ehr_brain_imaging_does_not_deny_what_a_spine_mri_shows() -> None:
    """A brain MRI free of metastases says nothing of the spinal meninges."""
    chart = _chart()
    _report(chart, "2026-10-01", "颅内未见转移征象。")
    _report(chart, "2026-10-02", "腰骶段脊膜增厚强化，考虑脊膜转移。", SPINE_MRI_ZH)
    assert _brain_and_lepto(chart) == [(BRAIN, False), (LEPTO, False)]


def test_cns_ehr_a_spine_mri_beside_recorded_brain_metastases_makes_lmd_possible() -> None:
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 6, 1))
    _report(chart, "2026-10-01", "Treated metastasis stable. No leptomeningeal disease.")
    _report(chart, "2026-10-02", "腰骶段脊膜增厚强化，考虑脊膜转移。", SPINE_MRI_ZH)
    assert _brain_and_lepto(chart) == [(BRAIN, True), (LEPTO, False)]


HEAD_CT_ZH = concept("头颅CT平扫")


@pytest.mark.parametrize(
    ("scans", "found"),
    [
        # Suspected on CT, denied on the MRI done to settle it: ruled out.
        (
            [
                ("2026-10-10", "左额叶结节，转移待排，建议MRI增强检查。", HEAD_CT_ZH),
                ("2026-11-10", "颅内未见转移征象，左额叶小片状钙化灶。", MRI),
            ],
            None,
        ),
        (
            [
                ("2026-10-10", "Right frontal nodule, possible metastasis.", MRI),
                ("2026-10-10", "No intracranial metastasis.", MRI),
            ],
            None,
        ),
        # Suspected again after the denial: possible.
        (
            [
                ("2026-09-01", "右额叶结节样强化灶，考虑转移瘤可能。", MRI),
                ("2026-10-01", "颅内未见转移征象。", MRI),
                ("2026-11-01", "左顶叶新见强化灶，转移瘤不除外。", MRI),
            ],
            False,
        ),
        # Leptomeningeal spread read on imaging, then a clean MRI: a response, or never
        # there — possible, as a diagnosis naming it stays.
        (
            [
                ("2026-09-01", "Diffuse leptomeningeal enhancement, consistent with LMD.", MRI),
                ("2026-11-01", "No intracranial metastasis.", MRI),
            ],
            False,
        ),
        # Stated before the denial: it may have responded to treatment — possible.
        (
            [
                ("2026-09-01", "脑内多发转移瘤。", MRI),
                ("2026-10-01", "右额叶结节样强化灶，考虑转移瘤可能。", MRI),
                ("2026-11-01", "颅内未见转移征象。", MRI),
            ],
            False,
        ),
    ],
)
def test_cns_ehr_a_suspicion_a_later_scan_denies_was_ruled_out(
    scans: list[tuple[str, str, dict[str, Any]]], found: bool | None
) -> None:
    """CNS-EHR: brain metastases only ever held open, then denied by a scan of the same day or
    later, were ruled out: none, not possible. Before 7 December 2026 (twenty-fourth session)
    they stayed possible, a needless unknown."""
    chart = _chart()
    for when, conclusion, code in scans:
        _report(chart, when, conclusion, code)
    assert _brain_and_lepto(chart) == ([] if found is None else [(BRAIN, found)])


def test_cns_ehr_a_suspicion_a_later_diagnosis_rules_out_was_ruled_out() -> None:
    chart = _chart()
    _report(chart, "2026-10-01", "右额叶结节样强化灶，考虑转移瘤可能。")
    chart.condition(concept("颅内转移已排除（MRI）"), date(2026, 11, 1))
    assert _brain_and_lepto(chart) == []


@pytest.mark.parametrize(
    ("code", "conclusion", "seen_on"),
    [
        (MRI, "Multiple enhancing lesions, consistent with brain metastases.", "brain MRI"),
        (concept("头颅MRI平扫+增强"), "脑内多发转移瘤。", "brain MRI"),
        (HEAD_CT_ZH, "右额叶转移瘤。", "brain CT"),
        (concept("Head imaging"), "Brain metastases.", "brain imaging"),
        (SPINE_MRI_ZH, "腰骶段脊膜增厚强化，考虑脊膜转移。", "spine MRI"),
    ],
)
def test_cns_ehr_imaged_brain_metastases_say_which_imaging_showed_them(
    code: dict[str, Any], conclusion: str, seen_on: str
) -> None:
    chart = _chart()
    _report(chart, "2026-10-01", conclusion, code)
    (brain,) = [f for f in _facts(chart).comorbidities if f.kind is BRAIN]
    assert brain.seen_on == f"{seen_on} of 2026-10-01"


def test_cns_ehr_a_diagnosis_of_brain_metastases_is_not_seen_on_imaging() -> None:
    chart = _chart()
    chart.condition(BRAIN_METS, date(2026, 6, 1))
    _report(chart, "2026-10-01", "Multiple enhancing lesions, consistent with brain metastases.")
    (brain,) = [f for f in _facts(chart).comorbidities if f.kind is BRAIN]
    assert brain.seen_on is None


@pytest.mark.parametrize(
    ("diagnosis", "scans", "found"),
    [
        # The brain MRI done since denies them: the work-up ended.
        ("脑转移待排", [("2026-11-10", "颅内未见转移征象。")], []),
        ("Possible brain metastases", [("2026-11-10", "No intracranial metastasis.")], []),
        (
            "脑转移待排",
            [("2026-11-10", "颅内未见转移征象。"), ("2026-11-20", "No acute abnormality.")],
            [],
        ),
        # The denial before the suspicion, or a later scan holding them open again: possible.
        ("脑转移待排", [("2026-09-01", "颅内未见转移征象。")], [(BRAIN, False)]),
        (
            "脑转移待排",
            [("2026-11-10", "颅内未见转移征象。"), ("2026-11-20", "右额叶强化灶，转移瘤不除外。")],
            [(BRAIN, False), (BRAIN, False)],
        ),
        # Leptomeningeal spread held open: a brain MRI may miss it (CSF cytology settles it).
        (
            "Meningeal enhancement, leptomeningeal disease not excluded",
            [("2026-11-10", "No intracranial metastasis.")],
            [(BRAIN, False), (LEPTO, False)],
        ),
        # Recorded, not suspected: a later negative scan may be a response to treatment.
        ("脑转移瘤", [("2026-11-10", "颅内未见转移征象。")], [(BRAIN, True)]),
    ],
)
def test_cns_ehr_a_suspected_diagnosis_the_brain_imaging_since_denies_was_ruled_out(
    diagnosis: str, scans: list[tuple[str, str]], found: list[tuple[Comorbidity, bool]]
) -> None:
    """CNS-EHR: brain metastases a diagnosis holds only possible, denied by the newest brain
    imaging since that says anything of them, are none. Before 7 December 2026
    (twenty-fourth session) they stayed possible, a needless unknown."""
    chart = _chart()
    chart.condition(concept(diagnosis), date(2026, 10, 10))
    for when, conclusion in scans:
        _report(chart, when, conclusion)
    assert sorted(_brain_and_lepto(chart), key=lambda f: (f[0].value, f[1])) == found


@pytest.mark.parametrize(
    ("diagnosis", "ct", "conclusion", "found"),
    [
        ("脑转移待排", HEAD_CT_ZH, "颅内未见转移征象。", []),
        (
            "Brain metastases?",
            concept("CT head without contrast"),
            "No intracranial metastasis. No acute intracranial abnormality.",
            [],
        ),
        # Leptomeningeal spread suspected: a CT (as an MRI) may miss it, possible still.
        ("脑膜转移待排", HEAD_CT_ZH, "颅内未见转移征象。", [(BRAIN, False), (LEPTO, False)]),
    ],
)
def test_cns_ehr_a_suspected_diagnosis_a_later_head_ct_denies_was_ruled_out(
    diagnosis: str, ct: dict[str, Any], conclusion: str, found: list[tuple[Comorbidity, bool]]
) -> None:
    """CNS-EHR: a problem-list suspicion of brain metastases ("脑转移待排", "Brain
    metastases?") that a later head CT denies was ruled out: the diagnosis does not say an MRI
    raised it, and only an MRI's suspicion outlives a CT's denial. Checked in the twenty-fifth
    session, 7 December 2026: read so already (charts
    `rw_brain_mets_suspected_diagnosis_then_ct_negative_chinese`,
    `rw_brain_mets_question_then_ct_negative_english`)."""
    chart = _chart()
    chart.condition(concept(diagnosis), date(2026, 10, 10))
    _report(chart, "2026-11-10", conclusion, ct)
    assert sorted(_brain_and_lepto(chart), key=lambda f: (f[0].value, f[1])) == found


@pytest.mark.parametrize(
    ("scans", "found"),
    [
        # Suspected on MRI, denied since by a plain CT alone: possible.
        (
            [
                ("2026-10-10", "右额叶结节样强化灶，考虑转移瘤可能，建议短期复查。", MRI),
                ("2026-11-10", "颅内未见明显转移征象。", HEAD_CT_ZH),
            ],
            False,
        ),
        # ... then denied by an MRI too: ruled out.
        (
            [
                ("2026-10-10", "右额叶结节样强化灶，考虑转移瘤可能。", MRI),
                ("2026-11-10", "颅内未见明显转移征象。", HEAD_CT_ZH),
                ("2026-11-20", "颅内未见转移征象。", MRI),
            ],
            None,
        ),
        # Suspected on CT, denied by a later CT: ruled out, as before.
        (
            [
                ("2026-10-10", "左额叶结节，转移待排。", HEAD_CT_ZH),
                ("2026-11-10", "颅内未见明显转移征象。", HEAD_CT_ZH),
            ],
            None,
        ),
    ],
)
def test_cns_ehr_a_ct_does_not_rule_out_an_mris_suspicion(
    scans: list[tuple[str, str, dict[str, Any]]], found: bool | None
) -> None:
    """CNS-EHR: a CT's denial does not end the work-up of a metastasis a brain MRI held open —
    CT misses the small metastases contrast MRI shows — so it stays possible until an MRI or a
    diagnosis rules it out. Before 7 December 2026 (twenty-fourth session) a plain CT's "颅内
    未见明显转移征象" ruled it out, an unsafe met (chart
    `rw_brain_mets_suspected_on_mri_then_plain_ct_negative_chinese`)."""
    chart = _chart()
    for when, conclusion, code in scans:
        _report(chart, when, conclusion, code)
    assert _brain_and_lepto(chart) == ([] if found is None else [(BRAIN, found)])


METHOTREXATE = concept("甲氨蝶呤注射液 (Methotrexate)")
INTRATHECAL_ROUTE = concept("Intrathecal route", (SNOMED, "72607000", "Intrathecal route"))
IV_ROUTE = concept("Intravenous route", (SNOMED, "47625008", "Intravenous route"))
CSF_CYTOLOGY_ZH = concept("脑脊液细胞学")
CSF_CYTOLOGY_EN = concept("CSF cytology")
DLBCL = concept(
    "弥漫大B细胞淋巴瘤", (ICD10CM, "C83.30", "Diffuse large B-cell lymphoma, unspecified site")
)


def _intrathecal(
    when: date, route: dict[str, Any] | None, text: str | None = None, drug: Any = METHOTREXATE
) -> Any:
    def add(chart: Chart) -> None:
        chart.medication_administration(drug, when, route=route, dosage_text=text)

    return add


def _procedure(text: str, when: date = date(2026, 10, 9)) -> Any:
    def add(chart: Chart) -> None:
        chart.procedure(concept(text), when)

    return add


def _cytology(code: dict[str, Any], value: str, when: date = date(2026, 10, 3)) -> Any:
    def add(chart: Chart) -> None:
        chart.observation(code, when, value_string=value)

    return add


def _cytology_report(conclusion: str, code: dict[str, Any] = CSF_CYTOLOGY_EN) -> Any:
    def add(chart: Chart) -> None:
        _report(chart, "2026-10-03", conclusion, code)

    return add


@pytest.mark.parametrize(
    ("diagnosis", "elsewhere", "lepto"),
    [
        # Intrathecal treatment given: by its route's code, its words, the dosage's words.
        ("脑膜转移", _intrathecal(date(2026, 10, 9), INTRATHECAL_ROUTE), True),
        ("脑膜转移", _intrathecal(date(2026, 10, 9), concept("鞘内注射")), True),
        (
            "Meningeal metastases",
            _intrathecal(date(2026, 10, 9), None, "12 mg IT, intrathecal"),
            True,
        ),
        ("脑膜转移", _intrathecal(date(2026, 10, 9), None, "10mg 鞘注"), True),
        ("脑膜转移", _procedure("腰椎穿刺+鞘内注射"), True),
        # Cytarabine and thiotepa, the other drugs given intrathecally, by their Chinese names.
        (
            "脑膜转移",
            _intrathecal(date(2026, 10, 9), concept("鞘注"), drug=concept("阿糖胞苷注射液")),
            True,
        ),
        (
            "Meningeal metastases",
            _intrathecal(date(2026, 10, 9), INTRATHECAL_ROUTE, drug=concept("Thiotepa 10 mg")),
            True,
        ),
        ("Meningeal metastases", _procedure("Lumbar puncture with intrathecal chemotherapy"), True),
        ("腰骶段脊膜转移", _procedure("腰椎穿刺+鞘内注射"), True),
        # Cancer cells in the CSF, a laboratory result or a cytology report.
        ("脑膜转移", _cytology(CSF_CYTOLOGY_ZH, "找到癌细胞"), True),
        ("Meningeal metastases", _cytology(CSF_CYTOLOGY_EN, "Malignant cells present"), True),
        (
            "Meningeal metastases",
            _cytology_report("CSF cytology: malignant cells present, consistent with carcinoma."),
            True,
        ),
        # A report of another name whose conclusion gives the CSF cytology.
        (
            "脑膜转移",
            _cytology_report("脑脊液细胞学：找到腺癌细胞。", concept("病理检查报告")),
            True,
        ),
        (
            "脑膜转移",
            _cytology_report("脑脊液细胞学：未找到癌细胞。", concept("病理检查报告")),
            False,
        ),
        # Nothing shown: another route, a diagnostic lumbar puncture, a negative cytology.
        ("脑膜转移", _intrathecal(date(2026, 10, 9), IV_ROUTE), False),
        ("脑膜转移", _procedure("腰椎穿刺术"), False),
        ("脑膜转移", _cytology(CSF_CYTOLOGY_ZH, "未找到癌细胞"), False),
        ("Meningeal metastases", _cytology(CSF_CYTOLOGY_EN, "Negative for malignant cells"), False),
        ("Meningeal metastases", _cytology_report("No malignant cells identified."), False),
        # Long before the entry (another illness's), or after the day: not the entry's proof.
        ("脑膜转移", _intrathecal(date(2025, 1, 10), INTRATHECAL_ROUTE), False),
        ("脑膜转移", _intrathecal(AS_OF + timedelta(days=3), INTRATHECAL_ROUTE), False),
        # A suspicion stays one: the entry doubts more than the layer.
        ("脑膜转移待排", _cytology(CSF_CYTOLOGY_ZH, "找到癌细胞"), False),
    ],
)
def test_cns_metastases_the_leptomeninges_shown_elsewhere_in_the_chart(
    diagnosis: str, elsewhere: Any, lepto: bool
) -> None:
    """CNS-METASTASES: meninges named with no layer ("脑膜转移", "Meningeal metastases",
    "脊膜转移") are leptomeningeal disease established when the chart shows what only it has
    elsewhere — intrathecal chemotherapy given (a drug by the intrathecal route, SNOMED CT
    72607000 or its words; a Procedure "腰椎穿刺+鞘内注射") or cancer cells in the CSF (a
    cytology result or report) — from 90 days before the entry to the day. Before 7 December
    2026 (twenty-fifth session) only the entry's own words were read, and the coordinator was
    asked what the chart already said (charts
    `rw_meningeal_metastases_intrathecal_procedure_english`,
    `rw_meningeal_metastases_csf_cytology_observation_chinese`,
    `rw_meningeal_metastases_csf_cytology_report_english`)."""
    chart = _chart()
    chart.condition(concept(diagnosis), date(2026, 10, 5))
    elsewhere(chart)
    found = dict(_brain_and_lepto(chart))
    assert found[LEPTO] is lepto


@pytest.mark.parametrize(
    ("elsewhere", "lepto"),
    [
        (_intrathecal(date(2026, 10, 9), INTRATHECAL_ROUTE), False),
        (_procedure("腰椎穿刺+鞘内注射"), False),
        # Cancer cells in the CSF are the meninges' disease whatever the cancer.
        (_cytology(CSF_CYTOLOGY_ZH, "找到癌细胞"), True),
    ],
)
def test_cns_metastases_intrathecal_therapy_beside_a_haematological_cancer_proves_nothing(
    elsewhere: Any, lepto: bool
) -> None:
    """CNS-METASTASES: intrathecal chemotherapy is also the CNS prophylaxis of lymphomas and
    acute lymphoblastic leukaemia: on a chart holding such a cancer it does not show that a
    "脑膜转移" is leptomeningeal; leptomeningeal disease stays possible (asked)."""
    chart = _chart()
    chart.condition(DLBCL, date(2026, 9, 1))
    chart.condition(concept("脑膜转移"), date(2026, 10, 5))
    elsewhere(chart)
    found = dict(_brain_and_lepto(chart))
    assert found[LEPTO] is lepto


def _intrathecal_order(
    when: date,
    route: dict[str, Any] | None,
    text: str | None = None,
    *,
    status: str = "completed",
    intent: str = "order",
) -> Any:
    def add(chart: Chart) -> None:
        chart.medication_request(
            METHOTREXATE, when, when, route=route, dosage_text=text, status=status, intent=intent
        )

    return add


def _intrathecal_history(
    when: date, route: dict[str, Any] | None, text: str | None = None, status: str = "completed"
) -> Any:
    def add(chart: Chart) -> None:
        chart.medication_statement(
            concept("Cytarabine"), when, route=route, dosage_text=text, status=status
        )

    return add


@pytest.mark.parametrize(
    ("elsewhere", "lepto"),
    [
        # An order of intrathecal methotrexate, by the route's code or by its words only.
        (_intrathecal_order(date(2026, 10, 9), INTRATHECAL_ROUTE), True),
        (_intrathecal_order(date(2026, 10, 9), None, "10mg 鞘内注射 d1"), True),
        (_intrathecal_order(date(2026, 10, 9), concept("鞘注")), True),
        (_intrathecal_order(date(2026, 10, 9), concept("IT"), status="active"), True),
        # An outside hospital's history of intrathecal cytarabine.
        (_intrathecal_history(date(2026, 10, 8), concept("Intrathecal")), True),
        (_intrathecal_history(date(2026, 10, 8), None, "50 mg IT at the outside hospital"), True),
        # The abbreviation on a dose given.
        (_intrathecal(date(2026, 10, 9), concept("IT")), True),
        (_intrathecal(date(2026, 10, 9), None, "12 mg IT"), True),
        (_intrathecal(date(2026, 10, 9), None, "IT MTX 12mg"), True),
        # EXP-GIVEN: an order cancelled, in error, on hold, a plan, a draft; a history not taken.
        (_intrathecal_order(date(2026, 10, 9), INTRATHECAL_ROUTE, status="cancelled"), False),
        (
            _intrathecal_order(date(2026, 10, 9), INTRATHECAL_ROUTE, status="entered-in-error"),
            False,
        ),
        (_intrathecal_order(date(2026, 10, 9), INTRATHECAL_ROUTE, status="on-hold"), False),
        (_intrathecal_order(date(2026, 10, 9), INTRATHECAL_ROUTE, status="draft"), False),
        (_intrathecal_order(date(2026, 10, 9), INTRATHECAL_ROUTE, intent="plan"), False),
        (_intrathecal_history(date(2026, 10, 8), concept("鞘注"), status="not-taken"), False),
        # Another route, or the word "it" that is no route.
        (_intrathecal_order(date(2026, 10, 9), IV_ROUTE), False),
        (_intrathecal_history(date(2026, 10, 8), None, "Take it with food"), False),
        # Dated after the day: not yet given.
        (_intrathecal_order(AS_OF + timedelta(days=3), INTRATHECAL_ROUTE), False),
    ],
)
def test_cns_metastases_an_intrathecal_order_or_history_shows_the_leptomeninges(
    elsewhere: Any, lepto: bool
) -> None:
    """CNS-METASTASES: intrathecal chemotherapy recorded as an order (MedicationRequest's
    `dosageInstruction.route` or its words) or as a history taken from another hospital
    (MedicationStatement's `dosage.route`) shows that "脑膜转移" is leptomeningeal disease, as a
    dose administered does — when EXP-GIVEN reads the record as given; the abbreviation "IT"
    (the route's whole text, after a dose, before an intrathecal drug) is the route. Before 7
    December 2026 (twenty-sixth session) only a MedicationAdministration's route was read, and
    not "IT": leptomeningeal disease asked where the chart shows it (charts
    `rw_meningeal_metastases_intrathecal_mtx_orders_chinese`,
    `rw_meningeal_metastases_intrathecal_cytarabine_outside_english`,
    `rw_meningeal_metastases_it_mtx_abbreviated_english`; guard
    `rw_meningeal_metastases_intrathecal_order_cancelled_chinese`)."""
    chart = _chart()
    chart.condition(concept("脑膜转移"), date(2026, 10, 5))
    elsewhere(chart)
    found = dict(_brain_and_lepto(chart))
    assert found[LEPTO] is lepto


@pytest.mark.parametrize(
    ("entry", "found"),
    [
        # No new ones: the focus already held open stays to be confirmed.
        ("Restaging: no new brain metastases; bone metastases stable", [(BRAIN, False)]),
        ("头颅MRI复查：颅内未见新发脑转移，骨转移灶稳定", [(BRAIN, False)]),
        ("No new or enlarging brain metastases, bone metastases stable", [(BRAIN, False)]),
        # A denial of them all still rules the suspicion out.
        ("Restaging: no brain metastases; bone metastases stable", []),
        ("头颅MRI复查：未见脑转移，骨转移灶稳定", []),
    ],
)
def test_cns_ehr_a_diagnosis_denying_only_new_brain_metastases_rules_none_out(
    entry: str, found: list[tuple[Comorbidity, bool]]
) -> None:
    """CNS-EHR (twenty-sixth session): a follow-up entry denying only new brain metastases is
    no denial of the ones already seen; before it, it ruled out a focus a brain MRI held open
    (an unsafe met under `treated_stable`, `not_active` and `asymptomatic`)."""
    chart = _chart()
    _report(chart, "2026-10-20", "右额叶结节样强化灶，考虑转移瘤可能，建议短期复查。")
    chart.condition(concept(entry), date(2026, 11, 10))
    assert _brain_and_lepto(chart) == found


def test_cns_ehr_treated_brain_metastases_stand_beside_an_entry_denying_new_ones() -> None:
    """CNS-EHR (twenty-sixth session): brain metastases stated on a brain MRI, treated, then
    "颅内未见新发脑转移": established still, not possible (before it, a needless unknown)."""
    chart = _chart()
    _report(chart, "2026-08-20", "脑内多发转移瘤，较大者位于右额叶。")
    chart.procedure(concept("脑转移瘤立体定向放射外科治疗"), date(2026, 8, 27))
    chart.condition(concept("头颅MRI复查：颅内未见新发脑转移，骨转移灶稳定"), date(2026, 11, 10))
    assert _brain_and_lepto(chart) == [(BRAIN, True)]
    assert _status(chart).treated is True


def _two_dosage_order(first: dict[str, Any], second: dict[str, Any]) -> Any:
    def add(chart: Chart) -> None:
        day = date(2026, 10, 9)
        order = chart.medication_request(METHOTREXATE, day, day)
        order["dosageInstruction"] = [first, second]

    return add


@pytest.mark.parametrize(
    ("elsewhere", "lepto"),
    [
        # A systemic dosage in words beside the intrathecal one: systemic, nothing shown.
        (_two_dosage_order({"text": "12mg 鞘注 d1"}, {"text": "MTX 3 g/m2 ivgtt d1"}), False),
        (_two_dosage_order({"text": "12 mg IT"}, {"text": "3 g/m2 IV over 4 h"}), False),
        (_two_dosage_order({"text": "12mg 鞘注 d1"}, {"text": "12mg d8"}), True),
        # The route in the drug's name, no dosage saying another.
        (
            _intrathecal(date(2026, 10, 9), None, drug=concept("Methotrexate intrathecal 12 mg")),
            True,
        ),
        (_intrathecal(date(2026, 10, 9), None, drug=concept("甲氨蝶呤（鞘注）12mg")), True),
        (
            _intrathecal(
                date(2026, 10, 9),
                None,
                "3 g/m2 over 4 h",
                drug=concept("Methotrexate injection preservative-free (for intrathecal use)"),
            ),
            False,
        ),
        # IT meaning intratumoral.
        (_intrathecal(date(2026, 10, 9), None, "4 mL IT injection into the lesion"), False),
    ],
)
def test_cns_metastases_intrathecal_by_words_of_routes_and_the_drugs_name(
    elsewhere: Any, lepto: bool
) -> None:
    """CNS-METASTASES, LOT-SUPPORTIVE (twenty-sixth session): the meninges' layer is shown by
    what LOT-SUPPORTIVE reads as given intrathecally — not a record whose other dosage names a
    route into the body in words, nor "IT" meaning intratumoral; and the drug's name saying the
    route, where no dosage says one (not a product's labelled use)."""
    chart = _chart()
    chart.condition(concept("脑膜转移"), date(2026, 10, 5))
    elsewhere(chart)
    found = dict(_brain_and_lepto(chart))
    assert found[LEPTO] is lepto


def _referenced(name: str) -> Any:
    """Two completed orders 2026-10-09 and 10-16 of the Medication `name`, by reference."""

    def add(chart: Chart) -> None:
        drug = chart.medication(concept(name))
        for day in (date(2026, 10, 9), date(2026, 10, 16)):
            chart.medication_request(drug, day, day)

    return add


@pytest.mark.parametrize(
    ("diagnosis", "elsewhere", "lepto"),
    [
        # MTX, the ward's methotrexate, "12 mg IT" or 鞘注MTX.
        (
            "Meningeal metastases",
            _intrathecal(date(2026, 10, 9), None, "12 mg IT", concept("MTX")),
            True,
        ),
        ("脑膜转移", _intrathecal(date(2026, 10, 9), None, None, concept("鞘注MTX 12mg")), True),
        # The route in the referenced Medication's name.
        ("Meningeal metastases", _referenced("Methotrexate 12 mg intrathecal injection"), True),
        ("Meningeal metastases", _referenced("Methotrexate injection 50 mg"), False),
        # Saline or an antiemetic by a vein beside the intrathecal dose, in its words.
        (
            "Meningeal metastases",
            _intrathecal(date(2026, 10, 9), None, "12 mg IT; IV hydration with normal saline"),
            True,
        ),
        ("脑膜转移", _intrathecal(date(2026, 10, 9), None, "10mg 鞘注；昂丹司琼 8mg 静推"), True),
        ("脑膜转移", _intrathecal(date(2026, 10, 9), None, "12mg 鞘注，MTX 3g/m2 静滴"), False),
        # Into the ventricles through an Ommaya reservoir.
        (
            "Meningeal metastases",
            _intrathecal(date(2026, 10, 9), concept("Intraventricular"), "2 mg via Ommaya"),
            True,
        ),
        ("脑膜转移", _intrathecal(date(2026, 10, 9), None, "30mg 经Ommaya囊脑室内注射"), True),
        # An Ommaya reservoir placed gives no drug: nothing shown.
        ("Meningeal metastases", _procedure("Ommaya reservoir placement"), False),
    ],
)
def test_cns_metastases_intrathecal_or_intraventricular_therapy_as_wards_write_it(
    diagnosis: str, elsewhere: Any, lepto: bool
) -> None:
    """CNS-METASTASES: what LOT-SUPPORTIVE reads as given into the CSF shows the leptomeninges
    beside meninges named with no layer — "MTX 12 mg IT", 鞘注MTX, a Medication resource named
    "Methotrexate 12 mg intrathecal injection", an intrathecal dose whose words give saline or
    an antiemetic by a vein, methotrexate "2 mg via Ommaya" (into the ventricles). Before 7
    December 2026 (twenty-seventh session) none of them did, and `cns-treated-stable`,
    `cns-not-active` of SYN-000417 and `cns-asymptomatic` of SYN-000419 stayed unknown where the
    coordinator reads them not met — a card for a patient the trials exclude (charts
    `rw_meningeal_metastases_mtx_abbreviated_it_english`,
    `rw_meningeal_metastases_mtx_in_drug_name_chinese`,
    `rw_meningeal_mets_it_in_medication_resource`,
    `rw_meningeal_metastases_it_mtx_with_iv_hydration_english`,
    `rw_meningeal_metastases_it_mtx_with_iv_antiemetic_chinese`,
    `rw_meningeal_metastases_mtx_via_ommaya_english`,
    `rw_meningeal_metastases_cytarabine_ommaya_chinese`)."""
    chart = _chart()
    chart.condition(concept(diagnosis), date(2026, 10, 5))
    elsewhere(chart)
    found = dict(_brain_and_lepto(chart))
    assert found[LEPTO] is lepto


@pytest.mark.parametrize(
    ("name", "value", "lepto"),
    [
        (
            "Microscopic observation [Identifier] in Cerebral spinal fluid by Cyto stain",
            "Malignant cells present (adenocarcinoma)",
            True,
        ),
        ("Cytology report of Cerebral spinal fluid", "Positive for malignant cells", True),
        ("Cytology of CSF", "Malignant cells present", True),
        ("Cerebrospinal fluid cytology", "Negative for malignant cells", False),
        # Another fluid's cytology, or another CSF test: no proof of the meninges.
        ("Cytology report of Pleural fluid Cyto stain", "Malignant cells present", False),
        ("Protein [Mass/volume] in Cerebral spinal fluid", "Malignant cells present", False),
    ],
)
def test_cns_metastases_a_csf_cytology_named_as_loinc_names_it(
    name: str, value: str, lepto: bool
) -> None:
    """CNS-METASTASES: a CSF cytology is read by its name, also as LOINC's long names write it —
    the fluid "Cerebral spinal fluid", the method "Cyto stain", the cytology before the fluid
    ("Cytology report of Cerebral spinal fluid"); no LOINC code is matched (none verified here).
    Before 7 December 2026 (twenty-seventh session) "Microscopic observation [Identifier] in
    Cerebral spinal fluid by Cyto stain" valued "Malignant cells present" was no CSF cytology,
    and "Meningeal metastases" beside it stayed possible leptomeningeal disease (chart
    `rw_meningeal_metastases_csf_cytology_loinc_name_english`)."""
    chart = _chart()
    chart.condition(concept("Meningeal metastases"), date(2026, 10, 5))
    _cytology(concept(name), value)(chart)
    found = dict(_brain_and_lepto(chart))
    assert found[LEPTO] is lepto


@pytest.mark.parametrize(
    ("name", "lepto"),
    [
        ("经Ommaya囊脑室内化疗", True),
        ("Intraventricular chemotherapy via Ommaya reservoir", True),
        ("Intraventricular methotrexate via Ommaya", True),
        ("腰椎穿刺+鞘内注射", True),
        # A reservoir placed, or a drain into the ventricles, gives no drug: nothing shown.
        ("Ommaya reservoir placement", False),
        ("Ommaya囊植入术", False),
        ("脑室内引流术", False),
    ],
)
def test_cns_metastases_chemotherapy_into_the_ventricles_recorded_as_a_procedure(
    name: str, lepto: bool
) -> None:
    """CNS-METASTASES: a Procedure recording chemotherapy into the ventricles through an Ommaya
    reservoir ("经Ommaya囊脑室内化疗": chemotherapy words or an anticancer drug beside the
    intraventricular words) shows the leptomeninges as "腰椎穿刺+鞘内注射" does; a reservoir's
    placement does not. Before 7 December 2026 (twenty-seventh session) it showed nothing, and
    "脑膜转移" beside it stayed possible leptomeningeal disease (chart
    `rw_meningeal_metastases_ommaya_chemo_procedure_chinese`)."""
    chart = _chart()
    chart.condition(concept("Meningeal metastases"), date(2026, 10, 5))
    _procedure(name)(chart)
    found = dict(_brain_and_lepto(chart))
    assert found[LEPTO] is lepto


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Intraventricular chemotherapy via Ommaya reservoir", True),
        ("经Ommaya囊注射甲氨蝶呤", True),
        ("Ommaya reservoir placement", False),
        ("Insertion of intraventricular catheter", False),
        ("EVD for intraventricular haemorrhage", False),
    ],
)
def test_cns_metastases_intraventricular_chemotherapy_is_intra_csf(text: str, shown: bool) -> None:
    """CNS-METASTASES (twenty-seventh session, red-team review): chemotherapy given through an
    Ommaya reservoir into the ventricles is intra-CSF treatment, read as intrathecal is; the
    reservoir's placement, a ventricular catheter or a haemorrhage is not."""
    assert into_the_csf(CodedText(text=text)) is shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Lumbar puncture", False),
        ("腰椎穿刺术", False),
        ("Diagnostic lumbar puncture; CSF cytology", False),
        ("Lumbar puncture with methotrexate", True),
        ("腰椎穿刺+鞘内注射", True),
        ("腰穿化疗", True),
    ],
)
def test_cns_metastases_a_lumbar_puncture_shows_intrathecal_therapy_only_with_a_drug(
    text: str, shown: bool
) -> None:
    """CNS-METASTASES (7 December 2026, twenty-seventh session): a lumbar puncture is mostly
    diagnostic, so a Procedure so named shows intrathecal therapy only naming chemotherapy or an
    anticancer drug beside it; a dose's "by lumbar puncture" is its route (LOT-SUPPORTIVE)."""
    assert into_the_csf(CodedText(text=text)) is shown
