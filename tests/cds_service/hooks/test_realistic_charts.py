"""Every realistic chart over HTTP: the verdict and the undecided criteria a trial coordinator
wrote for NCT07188584 before the code was changed to meet them.

The expectations are read from the table in test_bundles/realistic/README.md, the table a
person reads, so the table and the service cannot silently disagree. A chart with a card is
checked on the card's own checklist (`extension["oncomatch.trial-match"]`); a not-eligible chart
gets no card, so its checklist comes from evaluating the same chart in process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cards import TRIAL_MATCH_KEY
from cds_service.service import create_app
from cds_service.settings import Settings
from eligibility.catalog import load_curated_catalog
from eligibility.facts import LineSetting
from eligibility.matching import Matcher
from eligibility.results import CriterionStatus
from eligibility.taxonomy import default_taxonomy
from eligibility.trial import Trial
from fhir_mapping import ValidationCache, build_facts, bundle_to_hook_request
from fhir_mapping.bundle_request import ingredient_references
from tests.cds_service.conftest import FIXED_NOW
from tests.cds_service.hooks.test_hook_end_to_end import counter

REPO = Path(__file__).resolve().parents[3]
CHARTS = REPO / "test_bundles" / "realistic"
RULES = REPO / "docs" / "clinical-rules.md"
URL = "/cds-services/oncomatch-trials"
SEED = "NCT07188584"
AS_OF = date(2026, 11, 25)
VERDICTS = {"eligible", "possibly_eligible", "not_eligible"}
STATUS_WORDS = {"not met": "not_met", "unknown": "unknown"}


@dataclass(frozen=True)
class Row:
    scenario: str
    verdict: str
    undecided: dict[str, str]  # criterion id -> "not_met" | "unknown"
    lines: str  # R/M lines a coordinator counts: a number or "unknown"
    rules: tuple[str, ...]


def _undecided(cell: str) -> dict[str, str]:
    if cell == "—":
        return {}
    statuses: dict[str, str] = {}
    for part in cell.split(";"):
        word, _, ids = part.strip().partition(":")
        for criterion in re.findall(r"`([a-z0-9-]+)`", ids):
            statuses[criterion] = STATUS_WORDS[word.strip()]
    return statuses


def _section(heading: str) -> list[str]:
    """The lines of one `## ` section of the charts' README."""
    text = (CHARTS / "README.md").read_text("utf-8")
    _, found, rest = text.partition(f"\n## {heading}\n")
    assert found, heading
    return rest.split("\n## ", 1)[0].splitlines()


def chart_table() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for line in _section("Charts"):
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        assert len(cells) == 7, line
        name, _how, verdict, undecided, lines, _why, rules = cells
        scenario = name.strip("`")
        rows[scenario] = Row(
            scenario,
            verdict,
            _undecided(undecided),
            lines,
            tuple(rule.strip() for rule in rules.split(",")),
        )
    return rows


TABLE = chart_table()


@pytest.fixture
def client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    app = create_app(
        make_settings(public_base_url="https://oncomatch.example.org"),
        clock=lambda: FIXED_NOW,
        new_id=counter("00000000-0000-4000-8000"),
        new_token=counter("token"),
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_curated_catalog())


def load(scenario: str) -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads((CHARTS / f"{scenario}.json").read_text("utf-8"))
    return bundle


def hook_request(bundle: dict[str, Any], scenario: str) -> dict[str, Any]:
    """The chart as a patient-view request; the Medications its records refer to ride along in
    the medication searchsets (search mode `include`), as bundle_to_hook_request puts them."""
    request = bundle_to_hook_request(bundle, hook_instance=f"hook-{scenario}")
    referred = {
        entry["resource"].get("medicationReference", {}).get("reference")
        for entry in bundle["entry"]
    }
    medications = {
        f"Medication/{entry['resource']['id']}": entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Medication"
    }
    # A regimen's ingredients given by reference, as `_include:iterate=Medication:ingredient`.
    referred |= {
        part
        for reference in list(referred)
        for part in ingredient_references(medications.get(str(reference)))
    }
    held = {
        f"Medication/{entry['resource']['id']}"
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Medication"
    }
    included = {
        entry["fullUrl"]
        for searchset in request["prefetch"].values()
        if searchset.get("resourceType") == "Bundle"
        for entry in searchset.get("entry", [])
        if entry.get("search", {}).get("mode") == "include"
    }
    assert included == referred & held, scenario
    return request


def seed_cards(client: TestClient, scenario: str) -> list[dict[str, Any]]:
    response = client.post(URL, json=hook_request(load(scenario), scenario))
    assert response.status_code == 200, response.text
    return [
        card
        for card in response.json()["cards"]
        if card.get("extension", {}).get(TRIAL_MATCH_KEY, {}).get("nctId") == SEED
    ]


def in_process_undecided(matcher: Matcher, scenario: str) -> dict[str, str]:
    bundle = load(scenario)
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    seed = matcher.catalog.get(SEED)
    assert seed is not None
    match = matcher.evaluate(seed, facts)
    return {
        result.id: result.status.value
        for result in match.results
        if result.status is not CriterionStatus.MET
    }


def test_the_table_and_the_charts_agree() -> None:
    files = {path.stem for path in CHARTS.glob("*.json")}
    assert files == set(TABLE), "test_bundles/realistic/README.md and the chart files disagree"
    assert len(TABLE) >= 60
    known_rules = set(re.findall(r"^\| ([A-Z]+(?:-[A-Z0-9]+)+) \|", RULES.read_text(), re.M))
    for row in TABLE.values():
        assert row.verdict in VERDICTS, row
        assert row.lines == "unknown" or row.lines.isdigit(), row
        assert set(row.rules) <= known_rules, (row.scenario, set(row.rules) - known_rules)
        assert load(row.scenario)["id"] == row.scenario.replace("_", "-")
        statuses = set(row.undecided.values())
        if row.verdict == "eligible":
            assert not statuses, row
        if row.verdict == "possibly_eligible":
            assert statuses == {"unknown"}, row


@pytest.mark.parametrize("scenario", sorted(TABLE))
def test_realistic_chart_verdict_and_checklist(
    client: TestClient, matcher: Matcher, scenario: str
) -> None:
    row = TABLE[scenario]
    cards = seed_cards(client, scenario)
    if row.verdict == "not_eligible":
        assert cards == [], f"{scenario}: a not-eligible trial must get no card"
        assert in_process_undecided(matcher, scenario) == row.undecided
        return
    assert len(cards) == 1, f"{scenario}: expected a {row.verdict} card, got none"
    match = cards[0]["extension"][TRIAL_MATCH_KEY]
    undecided = {c["id"]: c["status"] for c in match["criteria"] if c["status"] != "met"}
    assert (match["verdict"], undecided) == (row.verdict, row.undecided)


@pytest.mark.parametrize("scenario", sorted(TABLE))
def test_realistic_chart_rm_line_count(scenario: str) -> None:
    """The `R/M lines` column: the facts' lines of the chart's NPC in the recurrent/metastatic
    setting (LOT-CANCER, LOT-SETTING), "unknown" where an unattributed line could be one
    (LOT-UNATTRIBUTED), or records of a drug not known outside every line (EXP-UNRESOLVED)."""
    bundle = load(scenario)
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    taxonomy = default_taxonomy()

    def npc(node: str | None) -> bool:  # a cancer that is, or may be, the NPC
        npc = "nasopharyngeal_carcinoma"
        return node is None or taxonomy.is_a(node, npc) or taxonomy.is_a(npc, node)

    rm = [line for line in facts.lines if line.setting is not LineSetting.CURATIVE]
    counted = [
        line for line in rm if not line.unattributed and not line.possible and npc(line.cancer_type)
    ]
    could_be = [
        line
        for line in rm
        if (line.unattributed and any(map(npc, line.candidate_cancer_types)))
        or (line.possible and npc(line.cancer_type))
    ]
    assert ("unknown" if could_be else str(len(counted))) == TABLE[scenario].lines


def _synthetic_trial(nct_id: str, title: str, criteria: list[dict[str, Any]]) -> Trial:
    """A synthetic test trial of the README's tables: recruiting, its data as of 2026-11-01."""
    return Trial.model_validate(
        {
            "nct_id": nct_id,
            "title": title,
            "overall_status": "RECRUITING",
            "data_as_of": "2026-11-01",
            "source": {"kind": "synthetic"},
            "criteria": criteria,
        }
    )


# --- Brain metastases and infections: the README's synthetic trial ------------------------------

SYNTHETIC = _synthetic_trial(
    "SYN-000417",
    "Synthetic test trial: brain metastases and chronic viral infections",
    [
        {
            "id": "cns-treated-stable",
            "label": "Brain metastases only if treated, stable 4 weeks, off steroids 2 weeks",
            "section": "exclusion",
            "type": "brain_metastases",
            "allowed": "treated_stable",
            "stable_days": 28,
            "steroids_allowed": False,
            "steroid_free_days": 14,
        },
        {
            "id": "cns-not-active",
            "label": "No active brain metastases",
            "section": "exclusion",
            "type": "brain_metastases",
            "allowed": "not_active",
        },
        *(
            {
                "id": criterion,
                "label": criterion,
                "section": "exclusion",
                "type": "infection",
                "infection": infection,
                "excluded": "uncontrolled",
            }
            for criterion, infection in (
                ("no-uncontrolled-hiv", "hiv"),
                ("no-active-hbv", "hepatitis_b"),
                ("no-active-hcv", "hepatitis_c"),
            )
        ),
    ],
)
STATUS_CELLS = {"met": "met", "not met": "not_met", "unknown": "unknown"}


def synthetic_table(
    heading: str = "Brain metastases and infections (synthetic test trial)",
) -> dict[str, tuple[dict[str, str], str]]:
    """Scenario -> (criterion id -> status, verdict), from one of the README's synthetic-trial
    tables."""
    lines = [line for line in _section(heading) if line.startswith("|")]
    header = [cell.strip().strip("`") for cell in lines[0].strip().strip("|").split("|")]
    rows: dict[str, tuple[dict[str, str], str]] = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        statuses = {header[i]: STATUS_CELLS[cells[i]] for i in range(1, len(cells) - 1)}
        rows[cells[0].strip("`")] = (statuses, cells[-1])
    return rows


SYNTHETIC_TABLE = synthetic_table()


SyntheticTable = dict[str, tuple[dict[str, str], str]]


def _check_synthetic_table(trial: Trial, table: SyntheticTable, at_least: int) -> None:
    """Each row of a synthetic trial's table names every criterion of the trial, a chart of the
    main table, and a verdict."""
    ids = {criterion.id for criterion in trial.criteria}
    assert len(table) >= at_least
    for scenario, (statuses, verdict) in table.items():
        assert set(statuses) == ids, scenario
        assert scenario in TABLE, scenario
        assert verdict in VERDICTS, scenario


def _check_against(matcher: Matcher, trial: Trial, table: SyntheticTable, scenario: str) -> None:
    """The chart's statuses and verdict for `trial` are its row's, and every unknown says what
    would settle it."""
    statuses, verdict = table[scenario]
    bundle = load(scenario)
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    match = matcher.evaluate(trial, facts)
    found = {result.id: result.status.value for result in match.results}
    assert (found, match.verdict.value) == (statuses, verdict)
    for result in match.results:
        if result.status is CriterionStatus.UNKNOWN:
            assert result.to_settle, (scenario, result.id)


def test_the_synthetic_table_names_the_trials_criteria_and_charts() -> None:
    _check_synthetic_table(SYNTHETIC, SYNTHETIC_TABLE, 15)


@pytest.mark.parametrize("scenario", sorted(SYNTHETIC_TABLE))
def test_realistic_chart_against_the_synthetic_trial(matcher: Matcher, scenario: str) -> None:
    _check_against(matcher, SYNTHETIC, SYNTHETIC_TABLE, scenario)


def test_days_off_corticosteroids_count_from_the_end_of_their_record(matcher: Matcher) -> None:
    """CNS-METASTASES steroid_free_days: dexamethasone for the metastases, 2026-08-20 to 09-10,
    is 76 days off on 2026-11-25 — past the synthetic trial's 14."""
    bundle = load("rw_brain_mets_srs_stable_off_steroids")
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert facts.brain_metastasis_status.steroids_stopped_on == date(2026, 9, 10)
    (result,) = [
        r for r in matcher.evaluate(SYNTHETIC, facts).results if r.id == "cns-treated-stable"
    ]
    assert result.status is CriterionStatus.MET
    assert "off corticosteroids for 76 days" in result.reason


@pytest.mark.parametrize(
    ("scenario", "reason"),
    [
        (
            "rw_brain_mets_on_mri_report_only_english",
            "Brain metastases reported on brain MRI of 2026-11-10, treatment not recorded",
        ),
        ("rw_brain_mets_chinese_icd_name", "Brain metastases recorded, treatment not recorded"),
    ],
)
def test_cns_ehr_the_reason_says_where_brain_metastases_were_seen(
    matcher: Matcher, scenario: str, reason: str
) -> None:
    """CNS-EHR: brain metastases only a brain MRI report concludes are said to be reported
    there, the verdict unchanged; a diagnosis's are recorded."""
    bundle = load(scenario)
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    (result,) = [
        r for r in matcher.evaluate(SYNTHETIC, facts).results if r.id == "cns-treated-stable"
    ]
    assert result.status is CriterionStatus.UNKNOWN
    assert result.reason.startswith(reason)


# --- Asymptomatic brain metastases: the README's fourth synthetic trial ------------------------


ASYMPTOMATIC_TRIAL = _synthetic_trial(
    "SYN-000419",
    "Synthetic test trial: brain metastases allowed when asymptomatic",
    [
        {
            "id": "cns-asymptomatic",
            "label": "Brain metastases allowed when asymptomatic",
            "section": "exclusion",
            "type": "brain_metastases",
            "allowed": "asymptomatic",
            "source_text": "Known symptomatic brain metastases",
        }
    ],
)


ASYMPTOMATIC_TABLE = synthetic_table("Asymptomatic brain metastases (synthetic test trial)")


def test_the_asymptomatic_table_names_the_trials_criteria_and_charts() -> None:
    _check_synthetic_table(ASYMPTOMATIC_TRIAL, ASYMPTOMATIC_TABLE, 10)


@pytest.mark.parametrize("scenario", sorted(ASYMPTOMATIC_TABLE))
def test_realistic_chart_against_the_asymptomatic_trial(matcher: Matcher, scenario: str) -> None:
    """CNS-METASTASES `asymptomatic`, CT-CNS-QUALIFIER."""
    _check_against(matcher, ASYMPTOMATIC_TRIAL, ASYMPTOMATIC_TABLE, scenario)


# --- Laboratory values: the README's second synthetic trial -------------------------------------


def _lab(criterion: str, analyte: str, comparator: str, **threshold: float) -> dict[str, Any]:
    return {
        "id": criterion,
        "label": criterion,
        "type": "lab",
        "analyte": analyte,
        "comparator": comparator,
        "within_days": 28,
        **threshold,
    }


LAB_TRIAL = _synthetic_trial(
    "SYN-000418",
    "Synthetic test trial: adequate organ function",
    [
        _lab("anc", "anc", ">=", value=1.5),
        _lab("platelets", "platelets", ">=", value=100),
        _lab("hemoglobin", "hemoglobin", ">=", value=9),
        _lab("creatinine", "creatinine", "<=", times_uln=1.5),
        _lab("bilirubin", "total_bilirubin", "<=", times_uln=1.5),
        _lab("alt", "alt", "<=", times_uln=2.5),
        _lab("ast", "ast", "<=", times_uln=2.5),
    ],
)
LAB_TABLE = synthetic_table("Laboratory values (synthetic test trial)")


def test_the_lab_table_names_the_trials_criteria_and_charts() -> None:
    _check_synthetic_table(LAB_TRIAL, LAB_TABLE, 5)


@pytest.mark.parametrize("scenario", sorted(LAB_TABLE))
def test_realistic_chart_against_the_lab_trial(matcher: Matcher, scenario: str) -> None:
    _check_against(matcher, LAB_TRIAL, LAB_TABLE, scenario)


# --- QTc limits on several ECGs: the README's third synthetic trial -----------------------------


def _qtc(criterion: str, ecgs: str, wording: str) -> dict[str, Any]:
    return {
        "id": criterion,
        "label": criterion,
        "section": "exclusion",
        "type": "qtc",
        "max_ms_male": 470,
        "max_ms_female": 470,
        "ecgs": ecgs,
        # VAL-QTC-FORMULAS: both limits name QTcF.
        "formula": "Fridericia",
        "source_text": wording,
    }


QTC_TRIAL = _synthetic_trial(
    "SYN-000470",
    "Synthetic test trial: QTc limits on several ECGs",
    [
        _qtc("qtc-mean", "mean", "Mean resting QTcF > 470 msec"),
        _qtc(
            "qtc-repeated",
            "repeated",
            "QTcF > 470 msec on 2 or more time points within a 24-hour period",
        ),
    ],
)
QTC_TABLE = synthetic_table("QTc limits on several ECGs (synthetic test trial)")


def test_the_qtc_table_names_the_trials_criteria_and_charts() -> None:
    _check_synthetic_table(QTC_TRIAL, QTC_TABLE, 8)


@pytest.mark.parametrize("scenario", sorted(QTC_TABLE))
def test_realistic_chart_against_the_qtc_trial(matcher: Matcher, scenario: str) -> None:
    """VAL-QTC-ECGS."""
    _check_against(matcher, QTC_TRIAL, QTC_TABLE, scenario)


# --- Another malignancy: the README's fifth synthetic trial -------------------------------------


OTHER_MALIGNANCY_TRIAL = _synthetic_trial(
    "SYN-000472",
    "Synthetic test trial: no other malignancy within 3 years",
    [
        {
            "id": "no-other-malignancy",
            "label": "No other malignancy within 3 years",
            "section": "exclusion",
            "type": "other_malignancy",
            "within_years": 3,
            "excepted": ["non_melanoma_skin", "in_situ"],
            "cancer_types": ["nasopharyngeal_carcinoma"],
            "source_text": (
                "Other malignancy within 3 years, except adequately treated basal or squamous "
                "cell carcinoma of the skin or carcinoma in situ"
            ),
        }
    ],
)
OTHER_MALIGNANCY_TABLE = synthetic_table("Another malignancy (synthetic test trial)")


def test_the_other_malignancy_table_names_the_trials_criteria_and_charts() -> None:
    _check_synthetic_table(OTHER_MALIGNANCY_TRIAL, OTHER_MALIGNANCY_TABLE, 4)


@pytest.mark.parametrize("scenario", sorted(OTHER_MALIGNANCY_TABLE))
def test_realistic_chart_against_the_other_malignancy_trial(
    matcher: Matcher, scenario: str
) -> None:
    """MAL-OTHER, DX-PLACE: a carcinoma named by its histology alone is a cancer."""
    _check_against(matcher, OTHER_MALIGNANCY_TRIAL, OTHER_MALIGNANCY_TABLE, scenario)
