"""What a single trial card says: summary, checklist Markdown, extension, referral, codes."""

from __future__ import annotations

from datetime import date

import pytest
from card_fixtures import (
    PATIENT_ID,
    SEED_ELIGIBLE_REASONS,
    SETTINGS,
    CountingUuids,
    make_trial,
    match_of,
    result,
    seed_match,
    seed_results_eligible,
    seed_trial,
    token_link,
)

from cards import (
    OVERRIDE_REASON_SYSTEM,
    TRIAL_MATCH_KEY,
    Card,
    OverrideReason,
    build_cards,
)
from cards.markdown_text import escape_inline, shorten
from eligibility.criteria import FreeTextCriterion
from eligibility.matching import TrialMatch
from eligibility.results import CriterionStatus
from eligibility.trial import Curation, Investigator, Location, TrialSource

MET, NOT_MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN


def card_for(match: TrialMatch) -> Card:
    deck = build_cards(
        [match],
        patient_id=PATIENT_ID,
        settings=SETTINGS,
        new_uuid=CountingUuids(),
        match_link=token_link,
    )
    assert len(deck.cards) == 1
    return deck.cards[0]


def detail_of(match: TrialMatch) -> str:
    detail = card_for(match).detail
    assert detail is not None
    return detail


# --- summary -------------------------------------------------------------------------------


def test_summary_names_nct_id_short_title_and_phase() -> None:
    trial = make_trial(
        "NCT00000007",
        title="A very long official title " * 3,
        short_title="Reduced-target IMRT in metastatic NPC",
        phase="Phase 3",
    )
    assert card_for(match_of(trial, [result("a", MET)])).summary == (
        "Trial match: NCT00000007 — Reduced-target IMRT in metastatic NPC (Phase 3)"
    )


def test_seed_summary_uses_the_short_title() -> None:
    assert card_for(seed_match()).summary == (
        "Trial match: NCT07188584 — Reduced- vs full-target IMRT in metastatic NPC after"
        " chemo-immunotherapy (Phase 3)"
    )


def test_possible_match_summary_says_possible() -> None:
    match = match_of(make_trial("NCT00000017", title="Drug X in NPC"), [result("a", UNKNOWN)])
    assert card_for(match).summary == "Possible trial: NCT00000017 — Drug X in NPC (Phase 2)"


@pytest.mark.parametrize("phase", ["Phase 1/Phase 2", None, "Phase 3 " * 30])
def test_very_long_title_is_shortened_with_ellipsis_keeping_id_and_phase(
    phase: str | None,
) -> None:
    title = "A Randomised Open-Label Multicentre Study " * 10
    match = match_of(make_trial("NCT00000027", title=title, phase=phase), [result("a", MET)])
    summary = card_for(match).summary
    assert len(summary) < 140
    assert summary.startswith("Trial match: NCT00000027 — A Randomised Open-Label")
    assert "…" in summary
    if phase == "Phase 1/Phase 2":
        assert summary.endswith("… (Phase 1/Phase 2)")


def test_summary_is_one_line_even_if_title_has_newlines() -> None:
    match = match_of(make_trial("NCT00000037", title="Line one\n\nline   two"), [result("a", MET)])
    assert card_for(match).summary == "Trial match: NCT00000037 — Line one line two (Phase 2)"


def test_shorten_cuts_at_word_boundary_or_hard_for_one_long_word() -> None:
    assert shorten("alpha beta gamma delta", 15) == "alpha beta…"
    assert shorten("x" * 50, 10) == "x" * 9 + "…"
    assert shorten("short", 10) == "short"


# --- detail ---------------------------------------------------------------------------------


def test_seed_results_cover_every_catalog_criterion() -> None:
    trial = seed_trial()
    assert [c.id for c in trial.criteria] == list(SEED_ELIGIBLE_REASONS)


def test_detail_lists_status_phase_data_date_location_investigator() -> None:
    detail = detail_of(seed_match())
    for line in (
        "- **Status:** Recruiting",
        "- **Phase:** Phase 3",
        "- **Data as of:** 2026-06-01",
        "- **Location:** China",
        "- **Investigator:** Ming-Yuan Chen",
    ):
        assert line in detail.splitlines()


def test_met_criteria_are_one_paragraph_with_their_short_deciding_values() -> None:
    detail = detail_of(seed_match())
    (met,) = [line for line in detail.splitlines() if line.startswith("**Met (13):** ")]
    assert "ECOG 0–1 (ECOG 1 on 2026-10-30)" in met
    assert met.count(" · ") == 12
    assert "### To settle" not in detail  # nothing to do for an eligible patient


def test_detail_uses_words_and_characters_every_font_has() -> None:
    detail = detail_of(seed_match())
    # No emoji or other astral-plane or dingbat symbols: they show as empty boxes on clinical
    # desktops without an emoji font.
    assert all(ord(ch) < 0x2600 or 0x2E80 <= ord(ch) < 0xE000 for ch in detail), detail


def test_the_verdict_and_what_to_settle_come_first_then_met_then_manual_review() -> None:
    match = match_of(
        make_trial("NCT00000047"),
        [
            result("ecog", MET, label="ECOG 0–1", reason="ECOG 0 on 2026-10-01"),
            result(
                "anc",
                UNKNOWN,
                label="ANC ≥ 1.5 × 10⁹/L",
                reason="No ANC recorded in the last 28 days",
                to_settle="Record an absolute neutrophil count",
            ),
            result(
                "consent",
                UNKNOWN,
                label="Able to give informed consent",
                reason="Free-text criterion; not evaluated automatically",
                manual_review=True,
                source_text="Patients must be able to understand\nand sign the informed consent.",
            ),
        ],
    )
    lines = detail_of(match).splitlines()
    assert lines[2].startswith("**Possibly eligible:** 1 of 3 criteria met, 1 unknown")
    assert (
        "- **Unknown** — **ANC ≥ 1.5 × 10⁹/L**: No ANC recorded in the last 28 days"
        " — _To settle:_ Record an absolute neutrophil count"
    ) in lines
    to_settle = lines.index("### To settle")
    met = next(i for i, line in enumerate(lines) if line.startswith("**Met (1):**"))
    manual = lines.index("### Needs manual review (1)")
    assert 2 < to_settle < met < manual
    consent = next(i for i, line in enumerate(lines) if "Able to give informed consent" in line)
    assert consent > manual
    assert lines[consent + 1] == (
        "  Protocol text: “Patients must be able to understand and sign the informed consent.”"
    )


def test_manual_review_shows_the_first_few_and_counts_the_rest() -> None:
    items = [
        result(
            f"free{n}", UNKNOWN, label=f"Protocol item {n}", reason="Free text", manual_review=True
        )
        for n in range(5)
    ]
    lines = detail_of(match_of(make_trial("NCT00000048"), items)).splitlines()
    assert "### Needs manual review (5)" in lines
    assert "- **Other conditions (5):** Protocol item 0 · Protocol item 1 · _and 3 more_" in lines


def test_manual_review_is_grouped_by_topic_and_the_rest_is_on_the_checklist_page() -> None:
    texts = [
        "Known HIV infection with CD4 < 200",
        "Active hepatitis B per protocol",
        "Untreated brain metastases larger than 2 cm",
        "Pregnant or breastfeeding women",
        "Prior anti-PD-1 therapy within 4 weeks",
        "Able to swallow tablets",
    ]
    items = [
        result(
            f"free{n}",
            UNKNOWN,
            label=f"Exclusion (review): {text}",
            reason="Free text",
            manual_review=True,
            source_text=text,
        )
        for n, text in enumerate(texts)
    ]
    lines = detail_of(match_of(make_trial("NCT00000049"), items)).splitlines()
    assert "### Needs manual review (6)" in lines
    grouped = next(line for line in lines if line.startswith("- **Infections (2):**"))
    assert "Known HIV infection" in grouped
    assert "Active hepatitis B" in grouped
    assert any("Untreated brain metastases larger than 2 cm" in line for line in lines)
    assert any("Pregnant or breastfeeding" in line for line in lines)
    assert not any("swallow" in line for line in lines)  # the fourth topic onwards: on the page
    assert "- _and 2 more on the eligibility checklist page_" in lines


def test_detail_says_where_the_criteria_come_from() -> None:
    assert "Criteria curated by hand (catalog file)." in detail_of(seed_match()).splitlines()
    curated = seed_trial().model_copy(
        update={"curation": Curation(by="Test *Cancer* Centre", on=date(2026, 12, 1), version=3)}
    )
    lines = detail_of(match_of(curated, seed_results_eligible(curated))).splitlines()
    # The site's name is data: escaped like any other.
    assert r"Criteria curated by Test \*Cancer\* Centre on 2026-12-01." in lines
    imported = make_trial("NCT00000049").model_copy(
        update={
            "source": TrialSource(kind="imported"),
            "criteria": (
                FreeTextCriterion(id="f1", label="Item 1", text="Consent."),
                FreeTextCriterion(id="f2", label="Item 2", text="Contraception."),
            ),
        }
    )
    manual = [
        result(c.id, UNKNOWN, label=c.label, reason="Free text", manual_review=True)
        for c in imported.criteria
    ]
    lines = detail_of(match_of(imported, manual)).splitlines()
    assert "Read automatically from the registry text; 2 items need a person." in lines


CURATED_NOTE = (
    "_Structured criteria were curated by a person and may still contain errors — verify them"
    " against the official protocol before referring._"
)
READ_NOTE = (
    "_Structured criteria were read automatically from the trial registry record and may contain"
    " errors — verify them against the official protocol before referring._"
)


def test_detail_ends_with_how_the_criteria_were_made_and_verify() -> None:
    # The seed trial's criteria are a curated catalog file.
    assert detail_of(seed_match()).endswith("\n\n---\n\n" + CURATED_NOTE)
    imported = make_trial("NCT00000049").model_copy(update={"source": TrialSource(kind="imported")})
    results = [result("c1", CriterionStatus.MET)]
    assert detail_of(match_of(imported, results)).endswith(READ_NOTE)
    # A site's curator published a version of the imported trial: a person stands behind it.
    curated = imported.model_copy(
        update={"curation": Curation(by="Test Cancer Centre", on=date(2026, 12, 1), version=1)}
    )
    assert detail_of(match_of(curated, results)).endswith(CURATED_NOTE)


def test_markdown_specials_in_data_are_escaped() -> None:
    hostile = "*bold* _it_ [link](http://x) <script>x</script> `code` a|b ~~s~~ \\ &amp;"
    match = match_of(
        make_trial(
            "NCT00000057",
            title=hostile,
            sponsor="Acme *Pharma*",
            investigators=(Investigator(name="Dr [Who]", affiliation="<Hospital>"),),
            locations=(Location(country="China", city="Guang_zhou"),),
        ),
        [result("a", UNKNOWN, label=hostile, reason="value\n# not a heading\n- not a list")],
    )
    detail = detail_of(match)
    escaped = escape_inline(hostile)
    assert escaped == (
        "\\*bold\\* \\_it\\_ \\[link\\](http://x) \\<script\\>x\\</script\\> \\`code\\` a\\|b"
        " \\~\\~s\\~\\~ \\\\ \\&amp;"
    )
    assert f"**NCT00000057** — {escaped}" in detail
    assert f"**{escaped}**: value # not a heading - not a list" in detail
    assert "- **Sponsor:** Acme \\*Pharma\\*" in detail
    assert "- **Investigator:** Dr \\[Who\\] (\\<Hospital\\>)" in detail
    assert "- **Location:** China (Guang\\_zhou)" in detail
    # Data never starts a line, so it cannot become a heading or a list item.
    assert not any(line.startswith(("# not", "- not")) for line in detail.splitlines())


def test_many_locations_are_summarised_not_listed() -> None:
    locations = tuple(
        Location(country=country, city=f"{country} City {i}")
        for country in ("China", "France", "Spain", "Italy", "Japan", "Korea", "Chile")
        for i in range(5)
    )
    detail = detail_of(match_of(make_trial("NCT00000067", locations=locations), [result("a", MET)]))
    line = next(line for line in detail.splitlines() if line.startswith("- **Locations:**"))
    assert line.startswith("- **Locations:** China (China City 0, China City 1, China City 2 and 2")
    assert line.endswith("; and 2 more countries")


# --- extension ------------------------------------------------------------------------------


def test_extension_is_exactly_the_design_contract() -> None:
    match = match_of(
        make_trial("NCT00000077", data_as_of=date(2026, 5, 15)),
        [
            result(
                "ecog",
                MET,
                label="ECOG 0–1",
                reason="ECOG 1 on 2026-10-30",
                evidence=("Observation/e1",),
            ),
            result("anc", UNKNOWN, label="ANC", reason="No ANC recorded", to_settle="Record ANC"),
        ],
    )
    extension = card_for(match).to_wire()["extension"]
    assert extension == {
        TRIAL_MATCH_KEY: {
            "nctId": "NCT00000077",
            "verdict": "possibly_eligible",
            "catalogAsOf": "2026-05-15",
            "criteria": [
                {
                    "id": "ecog",
                    "label": "ECOG 0–1",
                    "status": "met",
                    "reason": "ECOG 1 on 2026-10-30",
                    "evidence": ["Observation/e1"],
                },
                {"id": "anc", "label": "ANC", "status": "unknown", "reason": "No ANC recorded"},
            ],
        }
    }
    payload = extension[TRIAL_MATCH_KEY]
    assert list(payload) == ["nctId", "verdict", "catalogAsOf", "criteria"]
    assert [list(c) for c in payload["criteria"]] == [
        ["id", "label", "status", "reason", "evidence"],
        ["id", "label", "status", "reason"],
    ]


def test_source_label_carries_catalog_date_and_topic_is_ours() -> None:
    source = card_for(seed_match()).to_wire()["source"]
    assert source == {
        "label": "OncoMatch (catalog as of 2026-06-01)",
        "url": "http://127.0.0.1:8080",
        "topic": {
            "system": "https://oncomatch.example/fhir/CodeSystem/card-topic",
            "code": "trial-match",
            "display": "Clinical trial match",
        },
    }


# --- suggestion and override reasons ---------------------------------------------------------


def test_referral_is_a_draft_proposal_for_this_patient_naming_trial_and_verdict() -> None:
    card = card_for(match_of(make_trial("NCT00000087", title="Drug X"), [result("a", UNKNOWN)]))
    wire = card.to_wire()
    assert wire["selectionBehavior"] == "at-most-one"
    (suggestion,) = wire["suggestions"]
    assert suggestion["label"] == "Refer to the trial team"
    assert suggestion["isRecommended"] is False
    assert suggestion["uuid"] == "00000000-0000-4000-8000-000000000002"
    (action,) = suggestion["actions"]
    assert action["type"] == "create"
    resource = action["resource"]
    assert resource["resourceType"] == "ServiceRequest"
    assert (resource["status"], resource["intent"]) == ("draft", "proposal")
    assert resource["subject"] == {"reference": f"Patient/{PATIENT_ID}"}
    assert resource["code"] == {"text": "Referral to clinical trial team"}
    assert resource["reasonCode"] == [{"text": "Screening for clinical trial NCT00000087 — Drug X"}]
    (note,) = resource["note"]
    assert "possibly eligible for NCT00000087" in note["text"]
    assert "1 criterion still unknown" in note["text"]


def test_override_reasons_are_ours_and_all_displayed() -> None:
    reasons = card_for(seed_match()).to_wire()["overrideReasons"]
    assert [r["code"] for r in reasons] == [reason.value for reason in OverrideReason]
    assert [r["code"] for r in reasons] == [
        "not-interested",
        "already-screened",
        "clinically-inappropriate",
        "site-too-far",
        "other",
    ]
    assert all(r["system"] == OVERRIDE_REASON_SYSTEM and r["display"] for r in reasons)


def test_no_url_carries_patient_data() -> None:
    wire = card_for(seed_match()).to_wire()
    urls = [wire["source"]["url"], *(link["url"] for link in wire["links"])]
    assert all(PATIENT_ID not in url for url in urls)


def test_extracted_criteria_to_settle_quote_their_protocol_sentence() -> None:
    sentence = "ECOG performance status 0-1."
    extracted = result("inc2-1", UNKNOWN, label="ECOG 0–1", source_text=sentence)
    imported = make_trial("NCT00000001").model_copy(update={"source": TrialSource(kind="imported")})
    assert (
        f"Protocol text: “{escape_inline(sentence)}”"
        in card_for(match_of(imported, [extracted])).detail
    )
    # A curated criterion was read by a person; its card stays compact.
    curated = card_for(match_of(make_trial("NCT00000001"), [extracted]))
    assert "Protocol text" not in (curated.detail or "")
    # A met criterion stays one item of the compact paragraph; its sentence is on the page.
    met = result("inc2-2", MET, label="ECOG 0–1", source_text=sentence)
    assert "Protocol text" not in (card_for(match_of(imported, [met])).detail or "")
