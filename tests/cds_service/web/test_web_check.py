"""'Check if I qualify': the HTML form (no JavaScript), the JSON API and the answers -> facts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_testkit import (
    FIXED_NOW,
    RICH_CRITERIA,
    SEED,
    settings_for,
    trial_json,
    visible_text,
    web_app,
    write_catalog,
)

from cds_service.web.facts_form import (
    SELF_REPORTED_PATIENT,
    CheckInputError,
    facts_from_answers,
    form_for,
    parse_json,
)
from eligibility.catalog import load_curated_catalog
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import Trial
from eligibility.vocabulary import Analyte, DrugClass, PerformanceScale, Sex

ELIGIBLE: dict[str, Any] = {
    "cancer_type": "nasopharyngeal_carcinoma",
    "m_category": "M1",
    "stage_group": "IVB",
    "stage_edition": "9",
    "ecog": "1",
    "age": "52",
    "sex": "male",
    "prior_lines": "1",
    "line_1": ["platinum", "anti_pd1"],
    "qtc_ms": "430",
    "comorbidity_coronary_heart_disease": "none",
    "comorbidity_arrhythmia": "none",
    "comorbidity_heart_failure": "none",
    "radiotherapy_nasopharynx_neck": "no",
}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    catalog = write_catalog(
        tmp_path / "catalog", [trial_json("NCT00000061", criteria=RICH_CRITERIA)]
    )
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _statuses(page: str) -> dict[str, str]:
    """Checklist label -> status text, in page order."""
    found = re.findall(
        r'<li class="check check-[a-z_]+">.*?</span> ([A-Za-z ]+)</span>.*?'
        r'<p class="check-label">(.*?)(?: <span class="tag">.*?)?</p>',
        page,
        flags=re.S,
    )
    return {visible_text(label): status for status, label in found}


# --- the HTML form -------------------------------------------------------------------------------


def test_eligible_answers_give_an_all_met_checklist(client: TestClient) -> None:
    response = client.post(f"/trials/{SEED}/check", data=ELIGIBLE)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    text = visible_text(response.text)
    assert "Eligible on every structured criterion" in text
    assert "13 of 13 criteria met." in text
    statuses = _statuses(response.text)
    assert len(statuses) == 13
    assert set(statuses.values()) == {"Met"}
    assert "ECOG 1 on 2026-11-25; trial requires ECOG 0–1" in text


def test_answers_are_kept_in_the_form_after_the_check(client: TestClient) -> None:
    page = client.post(f"/trials/{SEED}/check", data=ELIGIBLE).text
    assert '<option value="M1" selected>' in page
    assert 'id="age" name="age" type="text" inputmode="numeric" value="52"' in page
    assert 'value="anti_pd1" checked' in page


def test_blank_answers_are_unknown_not_guessed(client: TestClient) -> None:
    response = client.post(f"/trials/{SEED}/check", data={})
    assert response.status_code == 200
    statuses = _statuses(response.text)
    assert statuses["Age ≤ 70"] == "Unknown"
    assert statuses["ECOG 0–1"] == "Unknown"
    # A condition the patient must NOT have, left blank, is not "not present": unknown.
    assert statuses["No grade ≥ 2 heart failure"] == "Unknown"
    assert "Possibly eligible" in visible_text(response.text)


def test_one_failing_answer_makes_the_verdict_not_eligible(client: TestClient) -> None:
    answers = {**ELIGIBLE, "line_1": ["platinum"], "comorbidity_heart_failure": "2"}
    response = client.post(f"/trials/{SEED}/check", data=answers)
    statuses = _statuses(response.text)
    # An unticked box is not "did not receive": unknown, never not met.
    assert statuses["Anti-PD-1 therapy in the first line"] == "Unknown"
    assert statuses["No grade ≥ 2 heart failure"] == "Not met"
    text = visible_text(response.text)
    assert "Not eligible" in text
    assert "11 of 13 criteria met, 1 not met" in text


def test_metastatic_status_follows_the_m_category_when_left_blank(client: TestClient) -> None:
    answers = {k: v for k, v in ELIGIBLE.items() if k != "metastatic"}
    statuses = _statuses(client.post(f"/trials/{SEED}/check", data=answers).text)
    assert statuses["Metastatic disease"] == "Met"
    answers["m_category"] = "M0"
    statuses = _statuses(client.post(f"/trials/{SEED}/check", data=answers).text)
    assert statuses["Metastatic disease"] == "Not met"


def test_bad_answers_re_render_the_form_with_the_error_at_the_field(client: TestClient) -> None:
    response = client.post(f"/trials/{SEED}/check", data={**ELIGIBLE, "age": "fifty"})
    assert response.status_code == 400
    page = response.text
    assert 'role="alert"' in page
    assert '<a href="#age">Age: &#39;fifty&#39; is not a number</a>' in page
    assert 'id="age" name="age" type="text" inputmode="numeric" value="fifty"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="age-error"' in page
    assert "Eligible on every" not in page  # no checklist from half-valid answers


def test_a_ticked_line_without_a_line_count_is_an_error(client: TestClient) -> None:
    answers = {k: v for k, v in ELIGIBLE.items() if k != "prior_lines"}
    response = client.post(f"/trials/{SEED}/check", data=answers)
    assert response.status_code == 400
    assert "enter the number of prior lines, which the first line answers need" in response.text


def test_out_of_range_and_unknown_options_are_rejected(client: TestClient) -> None:
    response = client.post(
        f"/trials/{SEED}/check",
        data={**ELIGIBLE, "age": "130", "ecog": "7", "cancer_type": "made_up"},
    )
    assert response.status_code == 400
    text = visible_text(response.text)
    assert "Age: must be at most 120" in text
    assert "ECOG performance status: '7' is not one of" in text
    assert "Primary cancer: 'made_up' is not one of" in text


def test_typed_input_is_escaped_when_echoed(client: TestClient) -> None:
    response = client.post(f"/trials/{SEED}/check", data={"age": '"><script>alert(1)</script>'})
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_get_on_the_check_url_goes_back_to_the_form(client: TestClient) -> None:
    response = client.get(f"/trials/{SEED}/check", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/trials/{SEED}#check"


def test_check_of_an_unknown_trial_is_a_404_page(client: TestClient) -> None:
    response = client.post("/trials/NCT00000000/check", data=ELIGIBLE)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


def test_a_trial_with_labs_biomarkers_and_exclusions(client: TestClient) -> None:
    answers = {
        "cancer_type": "breast_cancer",
        "sex": "female",
        "age": "45",
        "karnofsky": "80",
        "lab_anc": "2.1",
        "lab_alt": "50",
        "lab_alt_uln": "40",
        "biomarker_her2": "positive",
        "comorbidity_brain_metastases": "none",
    }
    response = client.post("/trials/NCT00000061/check", data=answers)
    assert response.status_code == 200, visible_text(response.text)
    statuses = _statuses(response.text)
    assert statuses == {
        "Breast cancer": "Met",
        "Female": "Met",
        "Age ≥ 18": "Met",
        "Karnofsky ≥ 70": "Met",
        "ANC ≥ 1.5": "Met",
        "ALT ≤ 3 × ULN": "Met",
        "HER2 positive": "Met",
        "No prior CDK4/6 inhibitor": "Met",
        "No brain metastases": "Met",
        "Informed consent": "Unknown",
    }
    assert "Manual review" in response.text


# --- the JSON API --------------------------------------------------------------------------------

JSON_ELIGIBLE: dict[str, Any] = {
    "cancer_type": "nasopharyngeal_carcinoma",
    "m_category": "M1",
    "metastatic": True,
    "ecog": 1,
    "age": 52,
    "sex": "male",
    "prior_lines": 1,
    "line_1": ["platinum", "anti_pd1"],
    "qtc_ms": 430.0,
    "comorbidity_coronary_heart_disease": "none",
    "comorbidity_arrhythmia": "none",
    "comorbidity_heart_failure": "none",
    "radiotherapy_nasopharynx_neck": False,
}


def test_json_check_returns_the_checklist_and_verdict(client: TestClient) -> None:
    response = client.post(f"/api/trials/{SEED}/check", json=JSON_ELIGIBLE)
    assert response.status_code == 200
    body = response.json()
    assert body["nctId"] == SEED
    assert body["verdict"] == "eligible"
    assert body["asOf"] == FIXED_NOW.date().isoformat()
    assert body["catalogAsOf"] == "2026-06-01"
    first = body["criteria"][0]
    assert first == {
        "id": "cancer-type",
        "label": "Nasopharyngeal carcinoma",
        "topic": "cancer-type",
        "status": "met",
        "reason": first["reason"],
    }
    topics = [c["topic"] for c in body["criteria"]]
    assert topics[-5:] == ["cardiac"] * 4 + ["prior-therapy"]
    assert all(c["status"] == "met" for c in body["criteria"])


def test_json_check_with_nothing_known_lists_what_to_record(client: TestClient) -> None:
    body = client.post(f"/api/trials/{SEED}/check", json={}).json()
    assert body["verdict"] == "possibly_eligible"
    ecog = next(c for c in body["criteria"] if c["id"] == "ecog")
    assert ecog["status"] == "unknown"
    assert "ECOG" in ecog["toSettle"]


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"age": "fifty"}, "age", "'fifty' is not a number"),
        ({"age": True}, "age", "expected a number"),
        ({"age": 52.5}, "age", "expected a whole number"),
        ({"ecog": 9}, "ecog", "'9' is not one of"),
        ({"line_1": "platinum"}, "line_1", "expected a list"),
        ({"line_1": ["taxane"]}, "line_1", "'taxane' is not one of"),
        ({"qtc_ms": 1e9}, "qtc_ms", "must be at most 800"),
        ({"stage_group": "IV B; drop"}, "stage_group", "letters and digits only"),
        ({"line_1": ["platinum"]}, "prior_lines", "enter the number of prior lines"),
        ({"biomarker_egfr": "positive"}, "biomarker_egfr", "not asked by this trial"),
    ],
)
def test_json_check_bad_input_is_a_400_naming_the_field(
    client: TestClient, answers: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(f"/api/trials/{SEED}/check", json=answers)
    assert response.status_code == 400
    body = response.json()
    assert field in body["error"]
    problem = next(p for p in body["problems"] if p["location"] == field)
    assert message in problem["message"]


def test_json_check_rejects_bodies_that_are_not_json_objects(client: TestClient) -> None:
    url = f"/api/trials/{SEED}/check"
    assert (
        client.post(url, content=b"[1]", headers={"content-type": "application/json"}).status_code
        == 400
    )
    assert (
        client.post(url, content=b"{", headers={"content-type": "application/json"}).status_code
        == 400
    )
    assert (
        client.post(url, content=b"age=5", headers={"content-type": "text/plain"}).status_code
        == 415
    )


def test_json_check_of_an_unknown_trial_is_a_json_404(client: TestClient) -> None:
    response = client.post("/api/trials/NCT00000000/check", json={})
    assert response.status_code == 404
    assert response.json() == {"error": "no trial 'NCT00000000' in the catalog"}


def test_json_questions_list_the_fields_the_check_accepts(client: TestClient) -> None:
    body = client.get(f"/api/trials/{SEED}/check").json()
    by_name = {f["name"]: f for f in body["fields"]}
    assert by_name["age"] == {
        "name": "age",
        "label": "Age",
        "kind": "number",
        "minimum": 0,
        "maximum": 120,
        "unit": "years",
        "integer": True,
    }
    assert by_name["line_1"]["options"] == ["platinum", "anti_pd1"]


# --- answers -> facts ----------------------------------------------------------------------------


def _seed() -> Trial:
    trial = load_curated_catalog().get(SEED)
    assert trial is not None
    return trial


def test_answers_become_self_reported_facts_without_evidence() -> None:
    taxonomy = default_taxonomy()
    form = form_for(_seed(), taxonomy)
    answers = parse_json(form, {**JSON_ELIGIBLE, "stage_group": "ivb", "stage_edition": "9"})
    facts = facts_from_answers(form, answers, as_of=date(2026, 11, 25), taxonomy=taxonomy)
    assert facts.patient == SELF_REPORTED_PATIENT
    assert facts.as_of == date(2026, 11, 25)
    assert facts.demographics.age_years == 52
    assert facts.demographics.sex is Sex.MALE
    assert facts.diagnoses[0].cancer_type == "nasopharyngeal_carcinoma"
    assert (facts.stages[0].m, facts.stages[0].group, facts.stages[0].edition) == ("M1", "IVB", "9")
    assert facts.metastatic.value is True
    assert facts.performance[0].ecog == 1
    assert [(line.number, line.classes) for line in facts.lines] == [
        (1, frozenset({DrugClass.PLATINUM, DrugClass.ANTI_PD1}))
    ]
    assert facts.qtc is not None
    assert facts.qtc.milliseconds == 430
    assert facts.comorbidities == ()
    assert all(not fact.evidence for fact in (facts.demographics, *facts.lines, facts.qtc))


def test_rich_trial_answers_become_labs_karnofsky_biomarkers() -> None:
    taxonomy = default_taxonomy()
    trial = Trial.model_validate(trial_json("NCT00000061", criteria=RICH_CRITERIA))
    form = form_for(trial, taxonomy)
    answers = parse_json(
        form,
        {
            "karnofsky": "60",
            "lab_alt": 50,
            "lab_alt_uln": 40,
            "biomarker_her2": "negative",
            "comorbidity_brain_metastases": "ungraded",
        },
    )
    facts = facts_from_answers(form, answers, as_of=date(2026, 11, 25), taxonomy=taxonomy)
    kps = facts.performance[0]
    assert (kps.scale, kps.score, kps.ecog) == (PerformanceScale.KARNOFSKY, 60, 2)
    alt = facts.lab(Analyte.ALT)
    assert alt is not None
    assert (alt.value, alt.upper_limit_normal, alt.unit) == (50, 40, "U/L")
    assert alt.date == date(2026, 11, 25)  # taken as current, so "within N days" can be judged
    assert facts.biomarkers[0].name == "HER2"
    assert facts.biomarkers[0].positive is False
    assert facts.comorbidities[0].grade is None


def test_a_line_beyond_the_line_count_is_an_error() -> None:
    form = form_for(_seed(), default_taxonomy())
    with pytest.raises(CheckInputError) as raised:
        parse_json(form, {"prior_lines": 0, "line_1": ["platinum"]})
    assert [p.location for p in raised.value.problems] == ["line_1"]


def test_ever_received_questions_for_a_class_and_a_named_agent() -> None:
    taxonomy = default_taxonomy()
    trial = Trial.model_validate(
        trial_json(
            "NCT00000063",
            criteria=[
                {
                    "type": "prior_therapy",
                    "id": "io",
                    "label": "Prior anti-PD-1",
                    "drug_class": "anti_pd1",
                },
                {
                    "type": "prior_therapy",
                    "id": "pem",
                    "label": "No pemetrexed",
                    "agent": "Pemetrexed",
                    "received": False,
                },
            ],
        )
    )
    form = form_for(trial, taxonomy)
    assert [(f.name, f.label) for f in form.fields] == [
        ("ever_anti_pd1", "Ever received anti-PD-1 therapy"),
        ("ever_agent_pemetrexed", "Ever received pemetrexed"),
    ]
    answers = parse_json(form, {"ever_anti_pd1": "yes", "ever_agent_pemetrexed": True})
    facts = facts_from_answers(form, answers, as_of=date(2026, 11, 25), taxonomy=taxonomy)
    assert [(e.agent, e.classes) for e in facts.exposures] == [
        ("anti-PD-1 therapy", frozenset({DrugClass.ANTI_PD1})),
        ("pemetrexed", frozenset()),
    ]


def test_measurements_are_taken_as_current_for_recency_windows(tmp_path: Path) -> None:
    criteria = [
        {
            "type": "performance_status",
            "id": "ps",
            "label": "ECOG 0–1 within 28 days",
            "ecog_max": 1,
            "within_days": 28,
        },
        {
            "type": "qtc",
            "id": "qtc",
            "label": "QTc ≤ 470 ms within 14 days",
            "max_ms_male": 470,
            "max_ms_female": 470,
            "within_days": 14,
        },
    ]
    catalog = write_catalog(tmp_path / "c", [trial_json("NCT00000064", criteria=criteria)])
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app) as client:
        page = client.get("/trials/NCT00000064").text
        assert (
            "Latest score, taken as current; the trial asks for one from the last 28 days" in page
        )
        body = client.post("/api/trials/NCT00000064/check", json={"ecog": 0, "qtc_ms": 440}).json()
    assert body["verdict"] == "eligible"
    assert [c["status"] for c in body["criteria"]] == ["met", "met"]


@pytest.mark.parametrize(("kps", "ecog"), [(80, 1), (70, None), (60, 2)])
def test_cnv_kps_ecog_the_form_and_the_ehr_read_karnofsky_alike(kps: int, ecog: int | None) -> None:
    """CNV-KPS-ECOG: a Karnofsky answer gets its ECOG equivalent from the one table, so KPS 70
    leaves "ECOG 0–1" as open from the form as from the EHR."""
    taxonomy = default_taxonomy()
    trial = Trial.model_validate(trial_json("NCT00000061", criteria=RICH_CRITERIA))
    form = form_for(trial, taxonomy)
    answers = parse_json(form, {"karnofsky": str(kps)})
    facts = facts_from_answers(form, answers, as_of=date(2026, 11, 25), taxonomy=taxonomy)
    assert (facts.performance[0].score, facts.performance[0].ecog) == (kps, ecog)


def test_radiotherapy_not_known_stays_unknown(client: TestClient) -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: "Not known" is not "no"."""
    answers = {k: v for k, v in JSON_ELIGIBLE.items() if k != "radiotherapy_nasopharynx_neck"}
    body = client.post(f"/api/trials/{SEED}/check", json=answers).json()
    statuses = {c["id"]: c["status"] for c in body["criteria"]}
    assert statuses["no-prior-locoregional-rt"] == "unknown"
    assert body["verdict"] == "possibly_eligible"


def test_the_result_speaks_to_the_patient_not_eligible_first_then_what_to_ask(
    client: TestClient,
) -> None:
    answers = {**ELIGIBLE, "ecog": "2"}
    del answers["age"]
    page = client.post(f"/trials/{SEED}/check", data=answers).text
    text = visible_text(page)
    ruled_out = text.index("What rules this trial out")
    ask = text.index("What the trial needs to know: ask your doctor")
    checklist = text.index("Every criterion, as the study team would check it")
    assert ruled_out < ask < checklist
    patient_part = text[ruled_out:checklist]
    assert "ECOG" in patient_part[: ask - ruled_out]
    assert "70" in patient_part[ask - ruled_out :]  # the age limit, as the trial page says it
    # Not the EHR checklist's wording.
    assert "recorded" not in patient_part


def test_an_error_summary_is_where_the_page_lands(client: TestClient) -> None:
    response = client.post(f"/trials/{SEED}/check", data={**ELIGIBLE, "age": "-4"})
    assert response.status_code == 400
    summary = re.search(r'<div class="error-summary" id="result"[^>]*>', response.text)
    assert summary is not None
    assert 'href="#age"' in response.text


def test_extent_and_measurable_answers_become_facts_that_decide() -> None:
    """EXT-EXTENT, EXT-MEASURABLE: the form asks what the chart rarely holds."""
    taxonomy = default_taxonomy()
    criteria = [
        {
            "type": "disease_extent",
            "id": "extent",
            "label": "Locally advanced or metastatic",
            "allowed": ["locally_advanced", "metastatic"],
        },
        {"type": "measurable_disease", "id": "recist", "label": "RECIST", "standard": "RECIST 1.1"},
    ]
    trial = Trial.model_validate(trial_json("NCT00000062", criteria=criteria))
    form = form_for(trial, taxonomy)
    assert {"metastatic", "disease_locally_advanced", "measurable_disease"} <= {
        f.name for f in form.fields
    }
    answers = parse_json(
        form, {"metastatic": "no", "disease_locally_advanced": "yes", "measurable_disease": "yes"}
    )
    facts = facts_from_answers(form, answers, as_of=date(2026, 11, 25), taxonomy=taxonomy)
    assert facts.extent.locally_advanced is True
    assert facts.extent.unresectable is None
    assert facts.measurable_disease.measurable is True
    assert not facts.extent.evidence


_STEROID_AND_HBV_CRITERIA: list[dict[str, Any]] = [
    {
        "type": "brain_metastases",
        "id": "cns",
        "label": "Brain metastases only if treated and stable, steroid dose stable 14 days",
        "allowed": "treated_stable",
        "steroid_stable_days": 14,
    },
    {
        "type": "infection",
        "id": "hbv",
        "label": "No active hepatitis B",
        "infection": "hepatitis_b",
        "excluded": "uncontrolled",
    },
]


def test_the_form_asks_the_steroid_dose_days_and_hbsag_not_known_by_default() -> None:
    """CNS-METASTASES steroid_stable_days and INF-HEPATITIS HBsAg: asked, "Not known" first."""
    trial = Trial.model_validate(trial_json("NCT00000065", criteria=_STEROID_AND_HBV_CRITERIA))
    form = form_for(trial, default_taxonomy())
    steroids = form.field("brain_metastases_steroids")
    dose = form.field("brain_metastases_steroid_dose_days")
    hbsag = form.field("infection_hepatitis_b_hbsag")
    assert steroids is not None
    assert dose is not None
    assert hbsag is not None
    assert steroids.options[0] == ("", "Not known")
    assert hbsag.options == (("", "Not known"), ("positive", "Positive"), ("negative", "Negative"))
    assert (dose.kind, dose.integer, dose.minimum, dose.unit) == ("number", True, 0, "days")
    facts = facts_from_answers(
        form, parse_json(form, {}), as_of=date(2026, 11, 25), taxonomy=default_taxonomy()
    )
    assert facts.brain_metastasis_status.steroid_dose_since is None
    assert facts.infection_control == ()


def test_a_trial_without_those_conditions_does_not_ask_them() -> None:
    criteria = [
        {"type": "brain_metastases", "id": "cns", "label": "Treated", "allowed": "treated_stable"},
        {"type": "infection", "id": "hcv", "label": "No HCV", "infection": "hepatitis_c"},
    ]
    form = form_for(
        Trial.model_validate(trial_json("NCT00000066", criteria=criteria)), default_taxonomy()
    )
    names = {f.name for f in form.fields}
    assert not names & {
        "brain_metastases_steroids",
        "brain_metastases_steroid_dose_days",
        "infection_hepatitis_b_hbsag",
    }


def test_steroid_dose_days_and_hbsag_answers_become_facts() -> None:
    trial = Trial.model_validate(trial_json("NCT00000065", criteria=_STEROID_AND_HBV_CRITERIA))
    form = form_for(trial, default_taxonomy())
    answers = parse_json(
        form,
        {
            "brain_metastases_steroids": "yes",
            "brain_metastases_steroid_dose_days": 20,
            "infection_hepatitis_b_hbsag": "negative",
        },
    )
    facts = facts_from_answers(form, answers, as_of=date(2026, 11, 25), taxonomy=default_taxonomy())
    assert facts.brain_metastasis_status.on_steroids is True
    assert facts.brain_metastasis_status.steroid_dose_since == date(2026, 11, 5)
    (control,) = facts.infection_control
    assert control.surface_antigen_positive is False


@pytest.mark.parametrize(
    ("dose_days", "hbsag", "statuses"),
    [
        (20, "negative", ["met", "met"]),
        (5, "positive", ["not_met", "unknown"]),
        (None, None, ["unknown", "unknown"]),
    ],
)
def test_the_check_decides_on_the_steroid_dose_days_and_hbsag(
    tmp_path: Path, dose_days: int | None, hbsag: str | None, statuses: list[str]
) -> None:
    catalog = write_catalog(
        tmp_path / "c", [trial_json("NCT00000065", criteria=_STEROID_AND_HBV_CRITERIA)]
    )
    answers: dict[str, Any] = {
        "comorbidity_brain_metastases": "ungraded",
        "comorbidity_leptomeningeal_disease": "none",
        "brain_metastases_treated": "yes",
        "brain_metastases_stable": "yes",
        "brain_metastases_steroids": "yes",
        "comorbidity_hepatitis_b": "ungraded",
    }
    if dose_days is not None:
        answers["brain_metastases_steroid_dose_days"] = dose_days
    if hbsag is not None:
        answers["infection_hepatitis_b_hbsag"] = hbsag
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app) as client:
        body = client.post("/api/trials/NCT00000065/check", json=answers).json()
    assert [c["status"] for c in body["criteria"]] == statuses


def test_a_negative_steroid_dose_days_is_a_400_naming_the_field(tmp_path: Path) -> None:
    catalog = write_catalog(
        tmp_path / "c", [trial_json("NCT00000065", criteria=_STEROID_AND_HBV_CRITERIA)]
    )
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app) as client:
        response = client.post(
            "/api/trials/NCT00000065/check", json={"brain_metastases_steroid_dose_days": -3}
        )
    assert response.status_code == 400
    assert "brain_metastases_steroid_dose_days" in response.text


_STEROID_FREE_CRITERIA: list[dict[str, Any]] = [
    {
        "type": "brain_metastases",
        "id": "cns",
        "label": "Treated, stable, off steroids 14 days",
        "allowed": "treated_stable",
        "steroids_allowed": False,
        "steroid_free_days": 14,
    }
]


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        ({"brain_metastases_steroid_free_days": 20}, "met"),
        ({"brain_metastases_steroid_free_days": 3}, "not_met"),  # stopped 3 days ago
        ({"brain_metastases_steroids": "no"}, "unknown"),  # off, since when not said
        ({"brain_metastases_steroids": "yes"}, "not_met"),
        # On them contradicts days off: the answer "on" stands, days off are not a stop date.
        ({"brain_metastases_steroids": "yes", "brain_metastases_steroid_free_days": 20}, "not_met"),
    ],
)
def test_the_check_decides_on_the_days_off_corticosteroids(
    tmp_path: Path, answers: dict[str, Any], status: str
) -> None:
    """CNS-METASTASES steroid_free_days: asked as days off, read back as the stop date."""
    catalog = write_catalog(
        tmp_path / "c", [trial_json("NCT00000067", criteria=_STEROID_FREE_CRITERIA)]
    )
    form = form_for(
        Trial.model_validate(trial_json("NCT00000067", criteria=_STEROID_FREE_CRITERIA)),
        default_taxonomy(),
    )
    free = form.field("brain_metastases_steroid_free_days")
    assert free is not None
    assert (free.kind, free.integer, free.minimum, free.unit) == ("number", True, 0, "days")
    body = {
        "comorbidity_brain_metastases": "ungraded",
        "comorbidity_leptomeningeal_disease": "none",
        "brain_metastases_treated": "yes",
        "brain_metastases_stable": "yes",
        **answers,
    }
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app) as client:
        found = client.post("/api/trials/NCT00000067/check", json=body).json()
    assert [c["status"] for c in found["criteria"]] == [status]


@pytest.mark.parametrize(
    ("leptomeningeal", "status"),
    [
        (None, "unknown"),  # not answered is not "none"
        ("none", "met"),
        ("ungraded", "not_met"),  # treated and stable, and still excluded
    ],
)
def test_cns_metastases_the_form_asks_about_leptomeningeal_disease(
    tmp_path: Path, leptomeningeal: str | None, status: str
) -> None:
    """CNS-METASTASES: treated, stable brain metastases on the form, and leptomeningeal
    disease answered or not."""
    criteria = [
        {"type": "brain_metastases", "id": "cns", "label": "Treated", "allowed": "not_active"}
    ]
    catalog = write_catalog(tmp_path / "c", [trial_json("NCT00000068", criteria=criteria)])
    body: dict[str, Any] = {
        "comorbidity_brain_metastases": "ungraded",
        "brain_metastases_treated": "yes",
        "brain_metastases_stable": "yes",
    }
    if leptomeningeal is not None:
        body["comorbidity_leptomeningeal_disease"] = leptomeningeal
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app) as client:
        found = client.post("/api/trials/NCT00000068/check", json=body).json()
    assert [c["status"] for c in found["criteria"]] == [status]


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        ({"comorbidity_brain_metastases": "none"}, "met"),
        # treated and stable, and still asked: a treated metastasis may cause symptoms
        (
            {
                "comorbidity_brain_metastases": "ungraded",
                "comorbidity_leptomeningeal_disease": "none",
            },
            "unknown",
        ),
        (
            {
                "comorbidity_brain_metastases": "ungraded",
                "comorbidity_leptomeningeal_disease": "ungraded",
            },
            "not_met",
        ),
    ],
)
def test_cns_metastases_asymptomatic_from_the_check_form(
    tmp_path: Path, answers: dict[str, Any], status: str
) -> None:
    """CT-CNS-QUALIFIER `asymptomatic` ("Known symptomatic brain metastases") from the form."""
    criteria = [
        {
            "type": "brain_metastases",
            "id": "cns",
            "label": "No symptomatic brain metastases",
            "allowed": "asymptomatic",
        }
    ]
    catalog = write_catalog(tmp_path / "c", [trial_json("NCT00000069", criteria=criteria)])
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app) as client:
        found = client.post("/api/trials/NCT00000069/check", json=answers).json()
    assert [c["status"] for c in found["criteria"]] == [status]


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        ({}, "unknown"),  # not answered is not "none"
        ({"other_malignancy": "none"}, "met"),
        (
            {
                "other_malignancy": "yes",
                "other_malignancy_kind": "invasive",
                "other_malignancy_status": "resolved",
                "other_malignancy_diagnosed_years": 12,
                "other_malignancy_resolved_years": 11,
            },
            "met",
        ),
        (
            {
                "other_malignancy": "yes",
                "other_malignancy_kind": "invasive",
                "other_malignancy_status": "resolved",
                "other_malignancy_diagnosed_years": 3,
            },
            "not_met",
        ),
        (
            {
                "other_malignancy": "yes",
                "other_malignancy_kind": "skin",
                "other_malignancy_diagnosed_years": 1,
            },
            "met",
        ),
        ({"other_malignancy": "yes", "other_malignancy_kind": "invasive"}, "unknown"),
    ],
)
def test_mal_other_the_forms_answers(tmp_path: Path, answers: dict[str, Any], status: str) -> None:
    """MAL-OTHER from the check form: "another cancer", what it was and when."""
    criteria = [
        {
            "type": "other_malignancy",
            "id": "other",
            "label": "No other malignancy within 5 years except skin or in situ",
            "section": "exclusion",
            "within_years": 5,
            "excepted": ["non_melanoma_skin", "in_situ"],
        }
    ]
    catalog = write_catalog(tmp_path / "c", [trial_json("NCT00000065", criteria=criteria)])
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app) as client:
        page = client.get("/trials/NCT00000065").text
        assert "Another cancer besides this one" in page
        body = client.post("/api/trials/NCT00000065/check", json=answers).json()
    assert [c["status"] for c in body["criteria"]] == [status]


_HISTORY_AND_CURRENT_HCV: list[dict[str, Any]] = [
    {
        "type": "infection",
        "id": "hcv-ever",
        "label": "No history of hepatitis C infection",
        "infection": "hepatitis_c",
        "excluded": "ever",
    },
    {
        "type": "infection",
        "id": "hcv-any",
        "label": "No hepatitis C infection",
        "infection": "hepatitis_c",
    },
]


@pytest.mark.parametrize(
    ("said", "statuses"),
    [
        ("past", ["not_met", "met"]),  # cured: a history, no current infection
        ("none", ["met", "met"]),
        ("ungraded", ["not_met", "not_met"]),
        (None, ["unknown", "unknown"]),
    ],
)
def test_inf_ever_the_form_asks_whether_the_infection_was_had_in_the_past(
    tmp_path: Path, said: str | None, statuses: list[str]
) -> None:
    trial = Trial.model_validate(trial_json("NCT00000066", criteria=_HISTORY_AND_CURRENT_HCV))
    field = form_for(trial, default_taxonomy()).field("comorbidity_hepatitis_c")
    assert field is not None
    assert ("none", "Never") in field.options
    assert ("past", "In the past, resolved or cured") in field.options
    catalog = write_catalog(
        tmp_path / "c", [trial_json("NCT00000066", criteria=_HISTORY_AND_CURRENT_HCV)]
    )
    answers = {} if said is None else {"comorbidity_hepatitis_c": said}
    app = web_app(settings_for(tmp_path, catalog_dir=catalog)).app
    with TestClient(app) as client:
        body = client.post("/api/trials/NCT00000066/check", json=answers).json()
    assert [c["status"] for c in body["criteria"]] == statuses
