"""`/match/{token}`: the checklist behind a card's link — dated, with evidence, no identifiers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_testkit import FIXED_NOW, SEED, WebApp, settings_for, visible_text, web_app

from cds_service.runtime import Runtime
from eligibility.facts import (
    CancerDiagnosis,
    Demographics,
    MetastaticStatus,
    PatientFacts,
    PerformanceStatus,
    QTc,
    Stage,
    TherapyLine,
)
from eligibility.vocabulary import DrugClass, PerformanceScale, Sex
from fhir_mapping.bundle_request import bundle_to_hook_request

REPO = Path(__file__).resolve().parents[3]
PATIENT_ID = "pt-4711-secret"


def patient_facts(*, ecog: int = 1, qtc: QTc | None = None) -> PatientFacts:
    """A patient fit for the seed trial except where a test says otherwise (QTc unrecorded)."""
    return PatientFacts(
        as_of=date(2026, 11, 20),
        patient=f"Patient/{PATIENT_ID}",
        demographics=Demographics(
            birth_date=date(1974, 5, 2),
            birth_date_precision="day",
            age_years=52,
            sex=Sex.MALE,
            evidence=(f"Patient/{PATIENT_ID}",),
        ),
        diagnoses=(
            CancerDiagnosis(
                cancer_type="nasopharyngeal_carcinoma",
                text="Nasopharyngeal carcinoma",
                onset=date(2025, 9, 15),
                verification_status="confirmed",
                evidence=("Condition/c1",),
            ),
        ),
        stages=(
            Stage(t="T3", n="N2", m="M1", group="IVB", edition="9", evidence=("Observation/s1",)),
        ),
        metastatic=MetastaticStatus(value=True, reason="M1 recorded", evidence=("Observation/s1",)),
        performance=(
            PerformanceStatus(
                scale=PerformanceScale.ECOG,
                score=ecog,
                ecog=ecog,
                date=date(2026, 11, 10),
                evidence=("Observation/ecog1",),
            ),
        ),
        qtc=qtc,
        lines=(
            TherapyLine(
                number=1,
                agents=("cisplatin", "toripalimab"),
                classes=frozenset({DrugClass.PLATINUM, DrugClass.ANTI_PD1}),
                start=date(2025, 10, 1),
                end=date(2026, 8, 30),
                evidence=("MedicationStatement/m1", "MedicationStatement/m2"),
            ),
        ),
    )


@pytest.fixture
def web(tmp_path: Path) -> WebApp:
    return web_app(settings_for(tmp_path, match_token_ttl_hours=24))


@pytest.fixture
def client(web: WebApp) -> Iterator[TestClient]:
    with TestClient(web.app, raise_server_exceptions=False) as test_client:
        yield test_client


def _issue(web: WebApp, facts: PatientFacts, nct_id: str = SEED) -> str:
    runtime: Runtime = web.app.state.runtime
    return runtime.tokens.issue(facts, [nct_id], web.clock())[nct_id]


def test_the_checklist_shows_statuses_reasons_dates_and_evidence(
    web: WebApp, client: TestClient
) -> None:
    response = client.get(f"/match/{_issue(web, patient_facts())}")
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "Eligibility checklist" in text
    assert "Possibly eligible" in text
    assert "12 of 13 criteria met, 1 unknown" in text
    assert "Patient data as of 2026-11-20" in text
    assert "Trial data as of 2026-06-01" in text
    assert "Link created 2026-11-25 09:30 UTC" in text
    assert "Link expires 2026-11-26 09:30 UTC" in text
    assert "ECOG 1 on 2026-11-10, 10 days before; trial requires ECOG 0–1" in text
    assert "Evidence: Observation/ecog1" in text
    assert "Evidence: MedicationStatement/m1 , MedicationStatement/m2" in text
    assert "To settle: Record a 12-lead ECG with QTc" in text
    assert f'href="/trials/{SEED}"' in response.text


def test_the_page_shows_no_patient_identifiers(web: WebApp, client: TestClient) -> None:
    qtc = QTc(milliseconds=430, date=date(2026, 11, 12), evidence=("Observation/q1",))
    page = client.get(f"/match/{_issue(web, patient_facts(qtc=qtc))}").text
    assert PATIENT_ID not in page
    assert "1974" not in page  # the birth date
    # The demographics evidence is named as the record, not by the Patient resource id.
    assert "Evidence: Observation/q1 , Patient record" in visible_text(page)


def test_the_page_is_not_cached_indexed_or_leaked_by_referrer(
    web: WebApp, client: TestClient
) -> None:
    response = client.get(f"/match/{_issue(web, patient_facts())}")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "noindex" in response.headers["x-robots-tag"]
    assert '<meta name="referrer" content="no-referrer">' in response.text


def test_a_not_met_criterion_is_shown_as_such(web: WebApp, client: TestClient) -> None:
    text = visible_text(client.get(f"/match/{_issue(web, patient_facts(ecog=2))}").text)
    assert "Not eligible" in text
    assert "✗ Not met ECOG 0–1 ECOG 2 on 2026-11-10" in text


def test_an_unknown_token_is_a_clear_404_page(client: TestClient) -> None:
    response = client.get("/match/not-a-real-token")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    text = visible_text(response.text)
    assert "Checklist link expired or unknown" in text
    assert "valid for 24 hours" in text
    assert response.headers["cache-control"] == "no-store"


def test_an_expired_token_is_a_404_page(web: WebApp, client: TestClient) -> None:
    token = _issue(web, patient_facts())
    web.clock.advance(timedelta(hours=23, minutes=59))
    assert client.get(f"/match/{token}").status_code == 200
    web.clock.advance(timedelta(minutes=1))
    response = client.get(f"/match/{token}")
    assert response.status_code == 404
    assert "expired" in visible_text(response.text)


def test_an_overlong_token_is_a_404_page(client: TestClient) -> None:
    assert client.get("/match/" + "x" * 500).status_code == 404


def test_a_token_for_a_trial_no_longer_listed_is_a_404_page(
    web: WebApp, client: TestClient
) -> None:
    response = client.get(f"/match/{_issue(web, patient_facts(), 'NCT00000098')}")
    assert response.status_code == 404
    assert "NCT00000098 is no longer in the OncoMatch catalog" in visible_text(response.text)


def test_a_card_link_from_a_real_hook_call_opens_the_checklist(tmp_path: Path) -> None:
    bundle = json.loads((REPO / "test_bundles" / "npc_eligible.json").read_text())
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    web = web_app(settings_for(tmp_path, public_base_url="http://testserver"))
    with TestClient(web.app, raise_server_exceptions=False) as client:
        hook = client.post(
            "/cds-services/oncomatch-trials",
            json=bundle_to_hook_request(bundle, hook_instance="web-test-1"),
        )
        assert hook.status_code == 200
        links = [link["url"] for card in hook.json()["cards"] for link in card.get("links", [])]
        match_links = [url for url in links if url.startswith("http://testserver/match/")]
        assert len(match_links) == 1
        page = client.get(match_links[0].removeprefix("http://testserver"))
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Eligible on every structured criterion" in text
    assert "13 of 13 criteria met." in text
    assert f"Patient data as of {FIXED_NOW.date().isoformat()}" in text
    assert f"Patient/{patient['id']}" not in page.text
    for name in patient.get("name", []):
        assert " ".join(name.get("given", [])) not in text
    for identifier in patient.get("identifier", []):
        assert identifier["value"] not in page.text
    assert patient["birthDate"] not in page.text


def test_the_token_never_reaches_the_log(
    web: WebApp, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    token = _issue(web, patient_facts())
    web.clock.advance(timedelta(days=2))
    assert client.get(f"/match/{token}").status_code == 404
    assert client.get("/match/guessed-token-123").status_code == 404
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("oncomatch"))
    assert "/match/…" in ours
    assert token not in ours
    assert "guessed-token-123" not in ours
