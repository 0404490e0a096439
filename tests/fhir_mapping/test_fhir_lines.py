"""Lines of therapy per cancer and setting (LOT-*) and what counts as a drug given (EXP-*), at the
level of the facts; the realistic charts hold the same rules end to end."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.codeableconcept import CodeableConcept

from eligibility.catalog import load_curated_catalog
from eligibility.facts import (
    CancerDiagnosis,
    DiseaseProgression,
    LineReason,
    LineSetting,
    RadiotherapyCourse,
    TherapyExposure,
    TherapyLine,
)
from eligibility.matching import Matcher
from eligibility.results import CriterionStatus
from eligibility.vocabulary import DrugClass, RadiotherapySite
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.blinding import is_blinded
from fhir_mapping.intrathecal import (
    _route_memo,
    by_an_intrathecal_dosage,
    by_an_intrathecal_name,
    by_the_intrathecal_route,
)
from fhir_mapping.line_tables import line_tables
from fhir_mapping.lines import Disease, _GivenBefore, _still_given, derive_lines
from fhir_mapping.nodal_disease import UnownedNodes
from fhir_mapping.terminology import CodedText, drug_table, histology_sites
from fhir_mapping.therapy import Recorded, agents_named, exposures_of
from tools.charts.chart import Chart, Why
from tools.charts.codes import CONDITION_VERIFICATION, ICD10CM, SNOMED, concept

AS_OF = date(2026, 11, 25)
D0 = date(2026, 4, 8)
NPC = CancerDiagnosis(
    evidence=("Condition/npc",),
    cancer_type="nasopharyngeal_carcinoma",
    onset=date(2026, 3, 18),
    clinical_status="active",
)
LUNG = CancerDiagnosis(
    evidence=("Condition/lung",),
    cancer_type="non_small_cell_lung_cancer",
    onset=date(2026, 2, 20),
    clinical_status="active",
)
BREAST = CancerDiagnosis(
    evidence=("Condition/breast",),
    cancer_type="breast_cancer",
    onset=date(2012, 5, 10),
    clinical_status="resolved",
)
CHARTS = Path(__file__).resolve().parents[2] / "test_bundles" / "realistic"


def given(agent: str, day: int, *, antineoplastic: bool = True, **fields: Any) -> TherapyExposure:
    classes = {
        "cisplatin": {DrugClass.PLATINUM},
        "carboplatin": {DrugClass.PLATINUM},
        "nedaplatin": {DrugClass.PLATINUM},
        "toripalimab": {DrugClass.ANTI_PD1},
        "camrelizumab": {DrugClass.ANTI_PD1},
        "paclitaxel": {DrugClass.TAXANE, DrugClass.CHEMOTHERAPY},
        "docetaxel": {DrugClass.TAXANE, DrugClass.CHEMOTHERAPY},
        "doxorubicin": {DrugClass.ANTHRACYCLINE, DrugClass.CHEMOTHERAPY},
        "epirubicin": {DrugClass.ANTHRACYCLINE, DrugClass.CHEMOTHERAPY},
        "oxaliplatin": {DrugClass.PLATINUM},
    }.get(agent, {DrugClass.CHEMOTHERAPY})
    return TherapyExposure(
        evidence=(f"MedicationAdministration/{agent}-{day}",),
        agent=agent,
        classes=frozenset(classes),
        antineoplastic=antineoplastic,
        start=D0 + timedelta(days=day),
        status="completed",
        source="MedicationAdministration",
        **fields,
    )


def cycles(*agents: str, count: int = 6, first: int = 0) -> list[TherapyExposure]:
    return [given(a, first + 21 * n) for n in range(count) for a in agents]


def lines_of(exposures: list[TherapyExposure], disease: Disease | None = None) -> list[TherapyLine]:
    return list(derive_lines(tuple(exposures), AS_OF, disease or Disease(diagnoses=(NPC,))))


def test_lot_regimen_agents_started_within_28_days_are_one_line() -> None:
    """LOT-REGIMEN: gemcitabine started on day 8 joins cisplatin + toripalimab of day 1."""
    (line,) = lines_of([given("cisplatin", 0), given("toripalimab", 0), given("gemcitabine", 7)])
    assert line.agents == ("cisplatin", "toripalimab", "gemcitabine")
    assert line.reason is LineReason.FIRST


def test_lot_drop_stopping_one_agent_is_the_same_line() -> None:
    """LOT-DROP: gemcitabine stops after cycle 4, the rest continues."""
    exposures = cycles("cisplatin", "toripalimab") + cycles("gemcitabine", count=4)
    assert len(lines_of(exposures)) == 1


def test_lot_substitution_cisplatin_to_carboplatin_is_the_same_line() -> None:
    """LOT-SUBSTITUTION: platinum for platinum from cycle 3 (toxicity)."""
    exposures = cycles("cisplatin", count=2) + cycles("carboplatin", count=4, first=42)
    (line,) = lines_of(exposures + cycles("gemcitabine"))
    assert set(line.agents) == {"cisplatin", "carboplatin", "gemcitabine"}


def test_lot_substitution_groups_come_from_the_table() -> None:
    """LOT-SUBSTITUTION: the groups are data (`line_substitutions.csv`)."""
    tables = line_tables()
    assert tables.substitutes("nedaplatin", ["cisplatin", "gemcitabine"])
    assert tables.substitutes("capecitabine", ["fluorouracil"])
    assert not tables.substitutes("docetaxel", ["cisplatin", "gemcitabine"])


def test_lot_maintenance_capecitabine_after_npc_chemotherapy_is_the_same_line() -> None:
    """LOT-MAINTENANCE: capecitabine is a recognised NPC maintenance agent; continuing
    toripalimab is always maintenance."""
    exposures = [
        *cycles("cisplatin", "gemcitabine", "toripalimab"),
        given("capecitabine", 130),
        given("toripalimab", 130),
        given("toripalimab", 151),
    ]
    assert len(lines_of(exposures)) == 1


def test_lot_maintenance_s1_after_npc_chemotherapy_is_the_same_line() -> None:
    """LOT-MAINTENANCE: S-1 (tegafur) is oral maintenance in metastatic NPC as capecitabine is
    (Guo 2020); after a progression it starts a line as any drug does."""
    assert line_tables().maintains("tegafur", ("nasopharyngeal_carcinoma",))
    exposures = [
        *cycles("cisplatin", "gemcitabine", "toripalimab"),
        given("tegafur", 126),
        given("toripalimab", 126),
        given("tegafur", 147),
    ]
    assert len(lines_of(exposures)) == 1
    assert len(lines_of(exposures, _progressed_on(120))) == 2


def test_lot_maintenance_is_per_cancer() -> None:
    """LOT-MAINTENANCE: pemetrexed is NSCLC maintenance, not NPC maintenance."""
    tables = line_tables()
    assert tables.maintains("pemetrexed", ("non_small_cell_lung_cancer",))
    assert not tables.maintains("pemetrexed", ("nasopharyngeal_carcinoma",))


def test_lot_progression_then_a_maintenance_type_drug_is_a_new_line() -> None:
    """LOT-PROGRESSION: after documented progression even capecitabine starts a line."""
    progression = DiseaseProgression(date=D0 + timedelta(days=139), condition="Condition/npc")
    exposures = [*cycles("cisplatin", "gemcitabine", "toripalimab"), given("capecitabine", 147)]
    disease = Disease(diagnoses=(NPC,), progressions=(progression,))
    _first, second = lines_of(exposures, disease)
    assert (second.number, second.reason, second.agents) == (
        2,
        LineReason.PROGRESSION,
        ("capecitabine",),
    )


def _progressed_on(day: int) -> Disease:
    progression = DiseaseProgression(date=D0 + timedelta(days=day), condition="Condition/npc")
    return Disease(diagnoses=(NPC,), progressions=(progression,))


def test_lot_progression_the_same_regimen_given_again_after_it_is_a_new_line() -> None:
    """LOT-PROGRESSION: GP + toripalimab x6 (days 0-105), progression on day 155, the same
    three drugs again from day 169: a re-challenge, the second line."""
    first = cycles("cisplatin", "gemcitabine", "toripalimab")
    again = cycles("cisplatin", "gemcitabine", "toripalimab", count=3, first=169)
    _first, second = lines_of(first + again, _progressed_on(155))
    assert (second.number, second.reason, second.start) == (
        2,
        LineReason.PROGRESSION,
        D0 + timedelta(days=169),
    )
    assert set(second.agents) == {"cisplatin", "gemcitabine", "toripalimab"}


def test_lot_progression_chemotherapy_brought_back_beside_the_running_pd1_is_a_new_line() -> None:
    """LOT-PROGRESSION: toripalimab given on every 21 days across the progression, cisplatin
    and gemcitabine brought back after it: the chemotherapy starts the second line."""
    first = cycles("cisplatin", "gemcitabine", "toripalimab", count=4)
    maintenance = [given("toripalimab", day) for day in (84, 105, 126, 147)]
    back = cycles("cisplatin", "gemcitabine", count=2, first=147)
    lines = lines_of(first + maintenance + back, _progressed_on(140))
    assert [line.reason for line in lines] == [LineReason.FIRST, LineReason.PROGRESSION]
    assert lines[1].start == D0 + timedelta(days=147)


def test_lot_progression_an_agent_given_on_across_it_stays_in_the_line() -> None:
    """LOT-PROGRESSION: treatment beyond progression — toripalimab every 21 days before and
    after a documented progression, nothing else — is the same line."""
    exposures = [
        *cycles("cisplatin", "gemcitabine", "toripalimab"),
        *(given("toripalimab", day) for day in range(126, 253, 21)),
    ]
    assert len(lines_of(exposures, _progressed_on(160))) == 1


def test_lot_progression_a_hold_after_treatment_beyond_it_is_not_a_new_line() -> None:
    """LOT-PROGRESSION: toripalimab given on across the progression (day 126 after day 120),
    then held six weeks for toxicity: the progression came before its last dose, so resuming it
    is no re-challenge."""
    exposures = [
        *cycles("cisplatin", "gemcitabine", "toripalimab"),
        given("toripalimab", 126),
        given("toripalimab", 168),
    ]
    assert len(lines_of(exposures, _progressed_on(120))) == 1


def test_lot_progression_of_another_cancer_does_not_advance_this_one() -> None:
    """LOT-PROGRESSION: the progression's `focus` names the cancer it is about."""
    progression = DiseaseProgression(date=D0 + timedelta(days=139), condition="Condition/lung")
    disease = Disease(diagnoses=(NPC, LUNG), progressions=(progression,))
    exposures = [
        e.model_copy(update={"reason_references": ("Condition/npc",)})
        for e in [*cycles("cisplatin", "gemcitabine", "toripalimab"), given("capecitabine", 147)]
    ]
    assert len(lines_of(exposures, disease)) == 1


def test_lot_new_agent_after_the_window_is_a_new_line() -> None:
    """LOT-NEW-AGENT: docetaxel added four months in, no progression recorded."""
    exposures = [*cycles("cisplatin", "gemcitabine", "toripalimab"), given("docetaxel", 126)]
    _first, second = lines_of(exposures)
    assert second.reason is LineReason.NEW_AGENT


def _switched(old: str, new: str, *rest: str, count: int = 4) -> list[TherapyExposure]:
    """`old` with `rest` in cycles 1-2, `new` in its place from cycle 3 (day 42), `rest` going
    on to cycle 6."""
    exposures = [*cycles(old, count=2), *cycles(new, count=count, first=42), *cycles(*rest)]
    return sorted(exposures, key=lambda e: (e.start, e.agent))


def test_lot_class_switch_taxane_for_taxane_mid_regimen_keeps_the_line_and_may_begin_one() -> None:
    """LOT-CLASS-SWITCH: TP + toripalimab, docetaxel in place of paclitaxel from cycle 3 with
    cisplatin and toripalimab going on, no progression: one line (docetaxel in it), and a
    possible line of docetaxel from the switch, every cycle of it."""
    first, possible = lines_of(_switched("paclitaxel", "docetaxel", "cisplatin", "toripalimab"))
    assert (first.number, first.possible) == (1, False)
    assert set(first.agents) == {"paclitaxel", "docetaxel", "cisplatin", "toripalimab"}
    assert DrugClass.TAXANE in first.classes
    assert possible.possible
    assert possible.agents == ("docetaxel",)
    assert (possible.start, possible.end) == (D0 + timedelta(days=42), D0 + timedelta(days=105))
    assert possible.class_switch == "paclitaxel to docetaxel"
    assert possible.setting is first.setting


def test_lot_class_switch_anthracycline_for_anthracycline() -> None:
    """LOT-CLASS-SWITCH: the classes come from `line_class_switches.csv` (epirubicin in place
    of doxorubicin, cyclophosphamide going on)."""
    assert DrugClass.ANTHRACYCLINE in line_tables().switch_classes
    _first, possible = lines_of(_switched("doxorubicin", "epirubicin", "cyclophosphamide"))
    assert possible.class_switch == "doxorubicin to epirubicin"


def test_lot_class_switch_after_progression_is_a_new_line() -> None:
    """LOT-PROGRESSION comes first: progression on day 35, docetaxel from day 42."""
    exposures = _switched("paclitaxel", "docetaxel", "cisplatin", "toripalimab")
    lines = lines_of(exposures, _progressed_on(35))
    assert [(li.reason, li.possible) for li in lines] == [
        (LineReason.FIRST, False),
        (LineReason.PROGRESSION, False),
    ]
    assert "docetaxel" in lines[1].agents


def test_lot_class_switch_not_for_another_class() -> None:
    """LOT-NEW-AGENT: gemcitabine in place of paclitaxel is a new regimen, not a switch within
    a class; nor is a platinum outside LOT-SUBSTITUTION's group (oxaliplatin for cisplatin)."""
    _first, second = lines_of(_switched("paclitaxel", "gemcitabine", "cisplatin", "toripalimab"))
    assert (second.reason, second.possible) == (LineReason.NEW_AGENT, False)
    _first, second = lines_of(_switched("cisplatin", "oxaliplatin", "paclitaxel", "toripalimab"))
    assert (second.reason, second.possible) == (LineReason.NEW_AGENT, False)


def test_lot_class_switch_not_once_the_rest_of_the_regimen_has_stopped() -> None:
    """LOT-NEW-AGENT: docetaxel months after TP + toripalimab ended, toripalimab maintenance
    alone going on: cisplatin no longer runs, so it is no switch mid-regimen."""
    exposures = [
        *cycles("paclitaxel", "cisplatin", "toripalimab"),
        *(given("toripalimab", day) for day in (126, 147, 168)),
        given("docetaxel", 168),
    ]
    lines = lines_of(sorted(exposures, key=lambda e: (e.start, e.agent)))
    assert [(li.reason, li.possible) for li in lines] == [
        (LineReason.FIRST, False),
        (LineReason.NEW_AGENT, False),
    ]


def test_lot_class_switch_not_when_the_taxane_goes_on_beside_it() -> None:
    """A second taxane given with the first is no switch: LOT-NEW-AGENT as before."""
    exposures = [*cycles("paclitaxel", "cisplatin", "toripalimab"), given("docetaxel", 42)]
    lines = lines_of(sorted(exposures, key=lambda e: (e.start, e.agent)))
    assert not any(li.class_switch for li in lines)


def test_lot_class_switch_after_a_doubtful_progression_is_asked_once() -> None:
    """LOT-NEW-LESION's doubt before the switch: one possible line, as that doubt."""
    doubt = DiseaseProgression(
        date=D0 + timedelta(days=35), condition="Condition/npc", text="转移待排", doubtful=True
    )
    exposures = _switched("paclitaxel", "docetaxel", "cisplatin", "toripalimab")
    _first, possible = lines_of(exposures, Disease(diagnoses=(NPC,), progressions=(doubt,)))
    assert possible.after_doubtful_progression
    assert not possible.class_switch


@pytest.mark.parametrize("cycle", [3, 5, 6])
def test_lot_augmentation_an_agent_joining_the_running_regimen_is_the_same_line(
    cycle: int,
) -> None:
    """LOT-AUGMENTATION: toripalimab from cycle 3, 5 or 6 of GP, given with it: one line."""
    first = 21 * (cycle - 1)
    exposures = [
        *cycles("cisplatin", "gemcitabine"),
        *cycles("toripalimab", count=7 - cycle, first=first),
    ]
    (line,) = lines_of(sorted(exposures, key=lambda e: (e.start, e.agent)))
    assert set(line.agents) == {"cisplatin", "gemcitabine", "toripalimab"}


def test_lot_augmentation_not_once_part_of_the_regimen_has_stopped() -> None:
    """LOT-NEW-AGENT still: docetaxel added at cycle 5 after gemcitabine stopped at cycle 4
    (the opening regimen no longer runs), or after the doublet ended."""
    dropped = [
        *cycles("cisplatin", "toripalimab"),
        *cycles("gemcitabine", count=4),
        *cycles("docetaxel", count=2, first=84),
    ]
    _first, second = lines_of(sorted(dropped, key=lambda e: (e.start, e.agent)))
    assert (second.reason, second.start) == (LineReason.NEW_AGENT, D0 + timedelta(days=84))
    # (An anti-PD-1 begun there is LOT-MAINTENANCE-ASKED's: twenty-sixth session.)
    after = [*cycles("cisplatin", "gemcitabine"), given("docetaxel", 126)]
    _first, second = lines_of(after)
    assert second.reason is LineReason.NEW_AGENT


def test_lot_augmentation_not_for_an_agent_restarted_with_it_after_a_break() -> None:
    """Cisplatin once, nothing for three months, then cisplatin with docetaxel: a new regimen,
    not docetaxel joining a running one. A supply spanning the day is running."""
    restarted = [given("cisplatin", 0), given("cisplatin", 90), given("docetaxel", 90)]
    _first, second = lines_of(restarted)
    assert second.reason is LineReason.NEW_AGENT
    assert "docetaxel" in second.agents
    oral = given("capecitabine", 0, end=D0 + timedelta(days=120))
    (line,) = lines_of([oral, given("docetaxel", 60)])
    assert line.agents == ("capecitabine", "docetaxel")


def test_lot_augmentation_not_after_progression() -> None:
    """LOT-PROGRESSION comes first: progression recorded, then an agent added to GP."""
    progression = DiseaseProgression(date=D0 + timedelta(days=35), condition="Condition/npc")
    exposures = [*cycles("cisplatin", "gemcitabine"), *cycles("toripalimab", count=4, first=42)]
    disease = Disease(diagnoses=(NPC,), progressions=(progression,))
    _first, second = lines_of(sorted(exposures, key=lambda e: (e.start, e.agent)), disease)
    assert second.reason is LineReason.PROGRESSION


def _gp_pd1_then(*after: TherapyExposure) -> list[TherapyExposure]:
    """GP + toripalimab x6 (days 0-105), then `after`, in order of start."""
    first = cycles("cisplatin", "gemcitabine", "toripalimab")
    return sorted([*first, *after], key=lambda e: (e.start, e.agent))


def test_lot_restart_chemotherapy_given_again_after_a_break_may_begin_a_line() -> None:
    """LOT-RESTART (twenty-sixth session): GP + toripalimab x6, nothing for 120 days, the same
    three drugs again from day 225, no progression recorded: the first line, and a possible line
    of every record from the restart (a re-challenge at a progression not recorded)."""
    again = cycles("cisplatin", "gemcitabine", "toripalimab", count=4, first=225)
    first, possible = lines_of(_gp_pd1_then(*again))
    assert (first.number, first.possible) == (1, False)
    assert possible.possible
    assert possible.reason is LineReason.PROGRESSION
    assert possible.start == D0 + timedelta(days=225)
    assert set(possible.agents) == {"cisplatin", "gemcitabine", "toripalimab"}
    assert possible.after_doubtful_progression == (
        f"a break in all therapy from {D0 + timedelta(days=105)} to {D0 + timedelta(days=225)}, "
        "no progression recorded"
    )
    assert possible.setting is first.setting


def test_lot_restart_not_after_a_break_filled_by_locoregional_radiotherapy() -> None:
    """LOT-RESTART (twenty-sixth session's second red-team review): GP + toripalimab x6 (to day
    105), IMRT to the nasopharynx and neck from day 130 to 175, the same drugs again from day
    225: the break was radiotherapy, no treatment-free interval — one line. Radiotherapy of a
    bone metastasis, or one ended long before the restart, leaves the restart asked."""
    again = cycles("cisplatin", "gemcitabine", "toripalimab", count=2, first=225)

    def with_rt(start: int, end: int, *sites: RadiotherapySite) -> list[TherapyLine]:
        course = RadiotherapyCourse(
            start=D0 + timedelta(days=start), end=D0 + timedelta(days=end), sites=frozenset(sites)
        )
        disease = Disease(diagnoses=(NPC,), radiotherapy=(course,))
        return lines_of(_gp_pd1_then(*again), disease)

    neck = (RadiotherapySite.NASOPHARYNX, RadiotherapySite.NECK)
    assert [line.possible for line in with_rt(130, 175, *neck)] == [False]
    assert [line.possible for line in with_rt(130, 175, RadiotherapySite.BONE)] == [False, True]
    assert [line.possible for line in with_rt(110, 120, *neck)] == [False, True]


def test_lot_restart_not_for_an_anti_pd1_held_and_resumed() -> None:
    """LOT-RESTART: toripalimab maintenance held 100 days (an immune-related hepatitis) and
    resumed is the same line: only chemotherapy given again is a possible re-challenge."""
    resumed = [given("toripalimab", day) for day in (126, 226, 247)]
    assert [li.possible for li in lines_of(_gp_pd1_then(*resumed))] == [False]


@pytest.mark.parametrize(
    "after",
    [
        # a break of 90 days or less: a delayed cycle, a short holiday
        cycles("cisplatin", "gemcitabine", count=2, first=195),
        # something still given through the break (an order left open)
        [
            given("capecitabine", 126).model_copy(update={"status": "active"}),
            *cycles("gemcitabine", count=2, first=240),
        ],
        # a chemotherapy new to the line: LOT-NEW-AGENT's line, not a possible one
        cycles("docetaxel", count=2, first=240),
    ],
    ids=["short-break", "still-given", "new-agent"],
)
def test_lot_restart_not_without_a_break_in_the_lines_chemotherapy(
    after: list[TherapyExposure],
) -> None:
    assert not any(li.after_doubtful_progression for li in lines_of(_gp_pd1_then(*after)))


def test_lot_restart_after_a_documented_progression_is_its_line() -> None:
    """LOT-PROGRESSION comes first: progression on day 200, the regimen again from day 225: the
    second line, certain."""
    again = cycles("cisplatin", "gemcitabine", "toripalimab", count=4, first=225)
    lines = lines_of(_gp_pd1_then(*again), _progressed_on(200))
    assert [(li.reason, li.possible) for li in lines] == [
        (LineReason.FIRST, False),
        (LineReason.PROGRESSION, False),
    ]


def test_lot_maintenance_asked_an_anti_pd1_begun_after_npc_platinum_chemotherapy() -> None:
    """LOT-MAINTENANCE-ASKED (twenty-sixth session): GP x4 (days 0-63), toripalimab from day 84
    with no progression recorded: the first line keeps it (maintenance), and every record of it
    is also a possible line that, were it one, would leave the first line GP alone."""
    exposures = [*cycles("cisplatin", "gemcitabine", count=4)]
    exposures += [given("toripalimab", day) for day in (84, 105, 126)]
    first, possible = lines_of(exposures)
    assert (first.number, first.possible) == (1, False)
    assert DrugClass.ANTI_PD1 in first.classes
    assert possible.possible
    assert possible.agents == ("toripalimab",)
    assert possible.start == D0 + timedelta(days=84)
    assert possible.after_doubtful_progression == (
        "toripalimab begun after cisplatin, gemcitabine, no progression recorded"
    )
    assert possible.split_start == first.start
    assert possible.split_agents == ("cisplatin", "gemcitabine")
    assert DrugClass.ANTI_PD1 not in possible.split_classes
    assert DrugClass.PLATINUM in possible.split_classes


def test_lot_maintenance_asked_the_classes_come_from_the_table() -> None:
    tables = line_tables()
    pd1 = frozenset({DrugClass.ANTI_PD1, DrugClass.IMMUNE_CHECKPOINT_INHIBITOR})
    assert tables.maintenance_asked(pd1, ("nasopharyngeal_carcinoma",)) == {DrugClass.ANTI_PD1}
    assert not tables.maintenance_asked(pd1, ("non_small_cell_lung_cancer",))
    assert not tables.maintenance_asked(
        frozenset({DrugClass.TAXANE}), ("nasopharyngeal_carcinoma",)
    )


@pytest.mark.parametrize(
    ("before", "disease"),
    [
        # no platinum in the line: a new agent after docetaxel alone
        (cycles("docetaxel", count=4), None),
        # progression recorded before it: LOT-PROGRESSION's line
        (cycles("cisplatin", "gemcitabine", count=4), _progressed_on(70)),
        # another cancer, not listed in the table
        (cycles("cisplatin", "gemcitabine", count=4), Disease(diagnoses=(LUNG,))),
    ],
    ids=["no-platinum", "after-progression", "another-cancer"],
)
def test_lot_maintenance_asked_not_otherwise(
    before: list[TherapyExposure], disease: Disease | None
) -> None:
    exposures = [*before, *(given("toripalimab", day) for day in (84, 105, 126))]
    lines = lines_of(exposures, disease)
    assert [(li.reason, li.possible) for li in lines][1] == (
        LineReason.PROGRESSION
        if disease is not None and disease.progressions
        else LineReason.NEW_AGENT,
        False,
    )
    assert not any(li.after_doubtful_progression for li in lines)


@pytest.mark.parametrize(
    "scenario",
    ["rw_outside_gp_then_pd1_maintenance_here", "rw_outside_gp_then_pembrolizumab_english"],
)
def test_lot_maintenance_asked_leaves_line_one_s_anti_pd1_unknown(scenario: str) -> None:
    """LOT-MAINTENANCE-ASKED: line 1 holds the anti-PD-1 only if it was maintenance: the seed
    trial's count and its first-line anti-PD-1 are unknown, never not met."""
    bundle = json.loads((CHARTS / f"{scenario}.json").read_text("utf-8"))
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    seed = Matcher(load_curated_catalog()).catalog.get("NCT07188584")
    assert seed is not None
    statuses = {
        r.id: r.status
        for r in Matcher(load_curated_catalog()).evaluate(seed, facts).results
        if r.id in {"prior-lines", "first-line-platinum", "first-line-anti-pd1"}
    }
    assert statuses == {
        "prior-lines": CriterionStatus.UNKNOWN,
        "first-line-platinum": CriterionStatus.MET,
        "first-line-anti-pd1": CriterionStatus.UNKNOWN,
    }


def test_lot_restart_and_maintenance_asked_a_line_asks_both() -> None:
    """LOT-RESTART, LOT-MAINTENANCE-ASKED (twenty-seventh session): GP x4 (days 0-70), nothing
    for 120 days, GP x2 again from day 190, camrelizumab from day 250 with no progression
    recorded: the first line keeps everything, and each question is a possible line — the
    restart's (every record from day 190) and the anti-PD-1's (which, were it a line, leaves line
    1 GP alone). Before, the restart was the line's only question and camrelizumab a certain
    second line."""
    exposures = [
        *cycles("cisplatin", "gemcitabine", count=4),
        *cycles("cisplatin", "gemcitabine", count=2, first=190),
        *(given("camrelizumab", day) for day in (250, 271, 292)),
    ]
    first, restart, maintenance = lines_of(sorted(exposures, key=lambda e: (e.start, e.agent)))
    assert (first.possible, first.agents) == (False, ("cisplatin", "gemcitabine", "camrelizumab"))
    assert (restart.possible, restart.start) == (True, D0 + timedelta(days=190))
    assert restart.after_doubtful_progression.startswith("a break in all therapy from ")
    assert (maintenance.possible, maintenance.agents) == (True, ("camrelizumab",))
    assert maintenance.start == D0 + timedelta(days=250)
    assert maintenance.split_agents == ("cisplatin", "gemcitabine")
    # The other order: camrelizumab after GP, then GP again after 120 days without therapy.
    other = [
        *cycles("cisplatin", "gemcitabine", count=4),
        *(given("camrelizumab", day) for day in (84, 105)),
        *cycles("cisplatin", "gemcitabine", count=2, first=225),
    ]
    lines = lines_of(sorted(other, key=lambda e: (e.start, e.agent)))
    assert [(li.possible, li.start) for li in lines] == [
        (False, D0),
        (True, D0 + timedelta(days=84)),
        (True, D0 + timedelta(days=225)),
    ]


def test_lot_restart_and_maintenance_asked_the_card_asks_both_questions() -> None:
    """LOT-RESTART, LOT-MAINTENANCE-ASKED (twenty-seventh session): the seed trial's count and
    first-line anti-PD-1 are unknown, never not met, and what to record names both days."""
    bundle = json.loads(
        (CHARTS / "rw_gp_restarted_then_camrelizumab_begun.json").read_text("utf-8")
    )
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    matcher = Matcher(load_curated_catalog())
    seed = matcher.catalog.get("NCT07188584")
    assert seed is not None
    results = {r.id: r for r in matcher.evaluate(seed, facts).results}
    assert results["prior-lines"].status is CriterionStatus.UNKNOWN
    assert results["first-line-anti-pd1"].status is CriterionStatus.UNKNOWN
    settle = results["prior-lines"].to_settle or ""
    assert settle.startswith("Record whether the disease had progressed before ")
    assert "was started on 2026-03-18 (a break in all therapy from 2025-11-12" in settle
    assert ", and before camrelizumab was started on 2026-05-13 (camrelizumab begun" in settle


def test_lot_restart_one_question_a_day_and_line_one_holds_what_it_brings_only_if_same() -> None:
    """LOT-RESTART (twenty-seventh session): GP x4, nothing for 120 days, then GP with
    toripalimab from day 190: one question (the progression before day 190), not two, and line
    1 holds the anti-PD-1 only if the restart was the same line (`split_*`: GP alone)."""
    exposures = [
        *cycles("cisplatin", "gemcitabine", count=4),
        *cycles("cisplatin", "gemcitabine", "toripalimab", count=2, first=190),
    ]
    first, restart = lines_of(sorted(exposures, key=lambda e: (e.start, e.agent)))
    assert DrugClass.ANTI_PD1 in first.classes
    assert restart.split_start == first.start
    assert restart.split_agents == ("cisplatin", "gemcitabine")
    assert DrugClass.ANTI_PD1 not in restart.split_classes


def test_lot_restart_what_was_given_before_is_folded_once_and_answers_as_a_rescan() -> None:
    """LOT-RESTART (twenty-seventh session): `_GivenBefore` folds each record once as the line is
    walked (linear in a long line) and answers as reading every earlier record again did: the
    latest start or end before a day, and whether a record started before it is still given."""
    records = [
        given("cisplatin", day, end=D0 + timedelta(days=day + length)).model_copy(
            update={"status": status}
        )
        for day, length, status in (
            (0, 0, "completed"),
            (0, 40, "completed"),
            (21, 0, "active"),
            (130, 5, "completed"),
            (300, 0, "completed"),
        )
    ]
    before = _GivenBefore(records)
    for offset in (0, 1, 21, 22, 60, 131, 200, 301):
        day = D0 + timedelta(days=offset)
        earlier = [e for e in records if e.start is not None and e.start < day]
        folded = before.until(day)
        assert folded.last == max((e.end or e.start for e in earlier), default=None)
        assert folded.still_given(day) == any(_still_given(e, day) for e in earlier)
        assert folded.folded == len(earlier)


def test_exp_blinded_a_study_drug_begun_during_a_line_may_begin_one() -> None:
    """EXP-BLINDED, LOT-NEW-AGENT (twenty-seventh session): GP + toripalimab x6 and toripalimab
    on, a blinded study drug naming no drug from day 147 beside it, no progression recorded:
    the line keeps it (as a drug not known) and it is also a possible line. Begun with the
    line (day 0), it is part of the regimen: no possible line. Before, it was folded into the
    line and the count was certain."""

    def study_drug(day: int) -> TherapyExposure:
        return given("blinded study drug", day, resolved=False).model_copy(
            update={"classes": frozenset()}
        )

    first = cycles("cisplatin", "gemcitabine", "toripalimab")
    on = [given("toripalimab", day) for day in (126, 147, 168, 189)]
    begun = sorted(
        [*first, *on, *(study_drug(day) for day in (147, 168, 189))],
        key=lambda e: (e.start, e.agent),
    )
    line, possible = lines_of(begun)
    assert line.unresolved == ("blinded study drug",)
    assert (possible.possible, possible.start) == (True, D0 + timedelta(days=147))
    assert possible.after_doubtful_progression == (
        "blinded study drug begun after cisplatin, gemcitabine, toripalimab, no progression "
        "recorded"
    )
    with_it = sorted(
        [*first, *on, *(study_drug(day) for day in (0, 21, 42, 147))],
        key=lambda e: (e.start, e.agent),
    )
    assert [li.possible for li in lines_of(with_it)] == [False]


def test_exp_unresolved_a_drug_not_known_begun_during_a_line_may_begin_one() -> None:
    """EXP-UNRESOLVED, EXP-UNLISTED, LOT-NEW-AGENT (7 December 2026, twenty-seventh session): GP
    + toripalimab x6 and toripalimab on, and from day 147 beside it a Medication the chart does
    not hold, or a development code no table lists, no progression recorded: the line keeps it
    and it is also a possible line, as a blinded study drug begun there; both run on to its last
    dose. Before, it was folded into the line and the count was certain."""
    first = cycles("cisplatin", "gemcitabine", "toripalimab")
    on = [given("toripalimab", day) for day in (126, 147, 168, 189)]
    for drug in (
        "a medication the chart does not hold (Medication/pharmacy-item-51120)",
        "ZB-4127 注射液 200 mg",
    ):
        unknown = [
            given(drug, day, resolved=False).model_copy(update={"classes": frozenset()})
            for day in (147, 168, 189, 210, 231)
        ]
        begun = sorted([*first, *on, *unknown], key=lambda e: (e.start, e.agent))
        line, possible = lines_of(begun)
        assert line.unresolved == (drug,)
        # Given on past the toripalimab (day 189): a drug named as anticancer runs the line and
        # the possible line on to day 231; a Medication not held (perhaps supportive) does not.
        last = 189 if drug.startswith("a medication the chart does not hold") else 231
        assert line.end == possible.end == D0 + timedelta(days=last)
        assert (possible.possible, possible.start, possible.unresolved) == (
            True,
            D0 + timedelta(days=147),
            (drug,),
        )
        assert possible.after_doubtful_progression == (
            f"{drug} begun after cisplatin, gemcitabine, toripalimab, no progression recorded"
        )


def test_exp_unresolved_a_drug_not_known_begun_with_the_line_or_given_on_is_not_asked() -> None:
    """EXP-UNRESOLVED, LOT-REGIMEN (twenty-seventh session): a Medication the chart does not hold
    given from the first cycle (a premedication with every infusion) is part of the line, however
    long it is given; one given on from the line before a progression, into the next line, was
    not begun there; a curative line's is its course's. No possible line."""
    drug = "a medication the chart does not hold (Medication/pharmacy-item-30088)"

    def unknown(*days: int) -> list[TherapyExposure]:
        return [
            given(drug, day, resolved=False).model_copy(update={"classes": frozenset()})
            for day in days
        ]

    first = cycles("cisplatin", "gemcitabine", "toripalimab")
    with_it = sorted([*first, *unknown(0, 21, 42, 63, 84, 105, 126, 147)], key=lambda e: e.start)
    assert [li.possible for li in lines_of(with_it)] == [False]
    # Given with the line and on across a progression on day 139 into docetaxel from day 147:
    # not begun in the second line.
    second = [given("docetaxel", day) for day in (147, 168)]
    days = (0, 21, 42, 63, 84, 105, 126, 147, 168)
    across = sorted([*first, *second, *unknown(*days)], key=lambda e: e.start)
    assert [li.possible for li in lines_of(across, _progressed_on(139))] == [False, False]


def test_exp_blinded_a_study_drug_given_on_runs_its_line_on() -> None:
    """EXP-BLINDED, LOT-IN-PROGRESS (7 December 2026, twenty-seventh session): GP x6 (the last
    gemcitabine on day 105) with a blinded study drug naming no drug from day 0, given on q3w as
    maintenance to day 210: the line ends on day 210, not 105; with its last record still given
    (an order `active`), the line is ongoing. Before, the line ended with its last gemcitabine
    and a study drug still given read as therapy over. Records after a progression or in the next
    line's days are not carried on."""

    def study_drug(day: int, status: str = "completed") -> TherapyExposure:
        return given("blinded study drug", day, resolved=False).model_copy(
            update={"classes": frozenset(), "status": status}
        )

    first = cycles("cisplatin", "gemcitabine")
    drug = [study_drug(day) for day in range(0, 211, 21)]
    (line,) = lines_of(sorted([*first, *drug], key=lambda e: (e.start, e.agent)))
    assert (line.end, line.ongoing) == (D0 + timedelta(days=210), False)
    still = [*drug, study_drug(231, status="active")]
    (line,) = lines_of(sorted([*first, *still], key=lambda e: (e.start, e.agent)))
    assert (line.end, line.ongoing) == (None, True)
    (line,) = lines_of(sorted([*first, *drug], key=lambda e: e.start), _progressed_on(150))
    assert line.end == D0 + timedelta(days=147)


def test_exp_blinded_a_blinded_drug_begun_after_platinum_chemotherapy_is_asked() -> None:
    """EXP-BLINDED, LOT-MAINTENANCE-ASKED (twenty-seventh session): GP x4, then "toripalimab or
    placebo" (blinded) from day 91, no progression recorded: the first line keeps it (its class
    blinded) and it is also a possible line — whose classes are not known either. Before, it was
    a certain second line; a blinded docetaxel there is asked the same way."""
    for agent in ("toripalimab", "docetaxel"):
        study = [given(agent, day).model_copy(update={"blinded": True}) for day in (91, 112)]
        first, possible = lines_of([*cycles("cisplatin", "gemcitabine", count=4), *study])
        assert (first.possible, possible.possible) == (False, True)
        assert agent in first.blinded_agents
        assert possible.start == D0 + timedelta(days=91)
        assert possible.classes == frozenset()
        assert possible.blinded_agents == (agent,)
        assert possible.split_agents == ("cisplatin", "gemcitabine")
    # Received anti-PD-1 at all stays unknown, as the blinded record alone leaves it.
    bundle = json.loads(
        (CHARTS / "rw_blinded_pd1_or_placebo_begun_after_gp.json").read_text("utf-8")
    )
    facts = build_facts(
        [bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert not any(DrugClass.ANTI_PD1 in li.classes for li in facts.lines)


def test_exp_blinded_an_agent_also_given_open_label_is_known() -> None:
    """EXP-BLINDED (twenty-seventh session): toripalimab open-label from cycle 1 and recorded
    once as "toripalimab or placebo" later: the line gave it (not among its blinded agents);
    given only blinded, it is."""
    open_label = cycles("cisplatin", "gemcitabine", "toripalimab")
    blinded = given("toripalimab", 126).model_copy(update={"blinded": True})
    (line,) = lines_of([*open_label, blinded])
    assert line.blinded_agents == ()
    (line,) = lines_of([blinded.model_copy(update={"start": D0}), *cycles("cisplatin")])
    assert line.blinded_agents == ("toripalimab",)


def test_lot_supportive_drugs_never_make_or_change_lines() -> None:
    """LOT-SUPPORTIVE: denosumab and pegfilgrastim months later change nothing."""
    exposures = [
        *cycles("cisplatin", "toripalimab"),
        given("denosumab", 60, antineoplastic=False),
        given("pegfilgrastim", 90, antineoplastic=False),
    ]
    (line,) = lines_of(exposures)
    assert "denosumab" not in line.agents


def test_lot_cancer_by_reason_reference_reason_code_and_dates() -> None:
    """LOT-CANCER: reasonReference, else reasonCode, else the only cancer active then."""
    disease = Disease(diagnoses=(NPC, LUNG))
    by_reference = given("docetaxel", 0, reason_references=("Condition/lung",))
    by_code = given("cisplatin", 0, reason_cancer_type="nasopharyngeal_carcinoma")
    lines = lines_of([by_reference, by_code], disease)
    assert {(li.cancer_type, li.agents) for li in lines} == {
        ("non_small_cell_lung_cancer", ("docetaxel",)),
        ("nasopharyngeal_carcinoma", ("cisplatin",)),
    }
    assert all(li.number == 1 for li in lines)  # numbered within each cancer


def test_lot_cancer_dates_abated_cancer_and_diagnosis_lead() -> None:
    """LOT-CANCER: therapy after a cancer abated is not for it; therapy up to 30 days before a
    diagnosis date is for that cancer (a diagnosis recorded late)."""
    disease = Disease(diagnoses=(NPC, BREAST), abatement={"Condition/breast": date(2013, 1, 15)})
    early = TherapyExposure(
        agent="cisplatin", start=date(2026, 3, 1), source="MedicationAdministration"
    )
    (line,) = derive_lines((early,), AS_OF, disease)
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)


def test_lot_cancer_cycles_begun_before_the_only_cancer_was_entered_are_its_course() -> None:
    """LOT-CANCER: the NPC entered six weeks after the first cycle (2026-04-08), the cycles
    running on every three weeks past the entry: one course, the NPC's."""
    entered_late = NPC.model_copy(update={"onset": date(2026, 5, 20)})
    (line,) = lines_of(cycles("cisplatin", "toripalimab"), Disease(diagnoses=(entered_late,)))
    assert (line.cancer_type, line.unattributed, line.start) == (
        "nasopharyngeal_carcinoma",
        False,
        D0,
    )


def test_lot_cancer_therapy_stopped_before_every_cancer_was_entered_is_unattributed() -> None:
    """LOT-CANCER: a course that stopped months before the chart's only cancer was entered may
    have been that cancer's (diagnosed elsewhere) or a cancer the chart does not hold: it is
    unattributed among them (None: a cancer not recorded), never dropped."""
    outside = [e.model_copy(update={"start": date(2025, 9, 10)}) for e in cycles("docetaxel")[:1]]
    entered = NPC.model_copy(update={"onset": date(2026, 6, 20)})
    here = cycles("cisplatin", "toripalimab", first=(date(2026, 7, 1) - D0).days)
    first, second = lines_of([*outside, *here], Disease(diagnoses=(entered,)))
    assert (first.unattributed, first.candidate_cancer_types) == (
        True,
        ("nasopharyngeal_carcinoma", None),
    )
    assert (second.cancer_type, second.unattributed) == ("nasopharyngeal_carcinoma", False)
    (line,) = lines_of(outside, Disease(diagnoses=(entered, LUNG)))
    assert set(line.candidate_cancer_types) == {
        "nasopharyngeal_carcinoma",
        "non_small_cell_lung_cancer",
        None,
    }


def test_lot_cancer_therapy_after_every_cancer_abated_is_theirs() -> None:
    """LOT-CANCER: with every cancer then known abated, therapy after it treats one of them (a
    relapse, or an abatement never undone): the only one's, else unattributed among them."""
    docetaxel = TherapyExposure(
        agent="docetaxel", start=date(2026, 10, 1), source="MedicationAdministration"
    )
    npc_only = Disease(diagnoses=(NPC,), abatement={"Condition/npc": date(2026, 8, 1)})
    (line,) = derive_lines((docetaxel,), AS_OF, npc_only)
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)
    both = Disease(
        diagnoses=(NPC, LUNG),
        abatement={"Condition/npc": date(2026, 8, 1), "Condition/lung": date(2026, 9, 1)},
    )
    (line,) = derive_lines((docetaxel,), AS_OF, both)
    assert line.unattributed
    # One still active: the abated one is not a candidate.
    one_active = Disease(diagnoses=(NPC, LUNG), abatement={"Condition/lung": date(2026, 9, 1)})
    (line,) = derive_lines((docetaxel,), AS_OF, one_active)
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)


# LOT-CANCER: a breast cancer of 2015 resolved since January 2016 beside the reference NPC.
RESOLVED_BREAST = CancerDiagnosis(
    evidence=("Condition/breast",),
    cancer_type="breast_cancer",
    onset=date(2015, 3, 10),
    clinical_status="resolved",
)
BREAST_ABATED = {"Condition/breast": date(2016, 1, 20)}


def _resolved_breast_and_npc(**disease: Any) -> Disease:
    return Disease(
        diagnoses=(NPC.model_copy(update={"metastatic_since": date(2026, 3, 25)}), RESOLVED_BREAST),
        abatement=BREAST_ABATED,
        metastasis=date(2026, 3, 25),
        **disease,
    )


def test_lot_cancer_a_resolved_cancer_nothing_since_leaves_the_line_to_the_new_one() -> None:
    """LOT-CANCER: a cancer resolved ten years ago with nothing recorded since is not what GP +
    toripalimab begun three weeks after the NPC's diagnosis treats."""
    (line,) = lines_of(
        cycles("cisplatin", "gemcitabine", "toripalimab"), _resolved_breast_and_npc()
    )
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)


def test_lot_cancer_a_resolved_cancer_that_progressed_since_stays_a_candidate() -> None:
    """LOT-CANCER: a progression about the resolved breast cancer a month before the NPC was
    diagnosed undoes its abatement: the line with no reason may treat either cancer."""
    came_back = DiseaseProgression(date=date(2026, 2, 20), condition="Condition/breast")
    disease = _resolved_breast_and_npc(progressions=(came_back,))
    (line,) = lines_of(cycles("cisplatin", "gemcitabine", "toripalimab"), disease)
    assert line.unattributed
    assert set(line.candidate_cancer_types) == {"nasopharyngeal_carcinoma", "breast_cancer"}
    # A progression before the abatement was the cancer's first course, long over.
    before = DiseaseProgression(date=date(2015, 9, 1), condition="Condition/breast")
    (line,) = lines_of(
        cycles("cisplatin", "gemcitabine", "toripalimab"),
        _resolved_breast_and_npc(progressions=(before,)),
    )
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)


def test_lot_cancer_therapy_after_a_resolved_cancer_before_the_new_one_is_unattributed() -> None:
    """LOT-CANCER: capecitabine with no reason from 2026-01-05, ten years after the breast
    cancer resolved and weeks before the NPC was diagnosed (2026-03-18), then GP + toripalimab:
    the capecitabine treated either the breast cancer come back or the NPC before it was
    entered, as one course; neither line is known to be the NPC's."""
    capecitabine = cycles("capecitabine", count=3, first=(date(2026, 1, 5) - D0).days)
    first_line = cycles("cisplatin", "gemcitabine", "toripalimab")
    found = lines_of([*capecitabine, *first_line], _resolved_breast_and_npc())
    assert [(line.start, line.unattributed) for line in found] == [
        (date(2026, 1, 5), True),
        (D0, True),
    ]
    assert all(
        set(line.candidate_cancer_types) == {"nasopharyngeal_carcinoma", "breast_cancer"}
        for line in found
    )
    # Named the breast cancer's by its reason, the capecitabine says it came back all the same.
    named = [
        e.model_copy(update={"reason_references": ("Condition/breast",)}) for e in capecitabine
    ]
    capecitabine_line, line = lines_of([*named, *first_line], _resolved_breast_and_npc())
    assert (capecitabine_line.cancer_type, line.unattributed) == ("breast_cancer", True)
    # Named the NPC's, it says nothing of the breast cancer.
    npc = [e.model_copy(update={"reason_references": ("Condition/npc",)}) for e in capecitabine]
    assert {
        line.cancer_type for line in lines_of([*npc, *first_line], _resolved_breast_and_npc())
    } == {"nasopharyngeal_carcinoma"}


# LOT-CANCER-NEW-DIAGNOSIS: the reference NPC (de novo metastatic, its own M1 dated
# 2026-03-25), a laryngeal cancer of 2015 left active on the problem list, and GP +
# toripalimab from 2026-04-08 with its maintenance (past the 90-day window: the course's).
STAGED_NPC = NPC.model_copy(update={"metastatic_since": date(2026, 3, 25)})
OLD_LARYNX = CancerDiagnosis(
    evidence=("Condition/larynx",),
    cancer_type="laryngeal_cancer",
    onset=date(2015, 3, 10),
    clinical_status="active",
)
FIRST_LINE = [
    *cycles("cisplatin", "gemcitabine", "toripalimab"),
    *cycles("toripalimab", count=5, first=126),
]


def _new_and_old(*old: CancerDiagnosis, **disease: Any) -> Disease:
    fields: dict[str, Any] = {"metastasis": date(2026, 3, 25), **disease}
    return Disease(diagnoses=(STAGED_NPC, *old), **fields)


def test_lot_cancer_new_diagnosis_old_quiet_cancer_leaves_the_line_to_the_new_one() -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: therapy begun three weeks after the NPC's diagnosis, with the
    other cancer diagnosed in 2015 and nothing of it recorded since, is the NPC's; its
    maintenance, given more than 90 days after the diagnosis, goes with the course."""
    (line,) = lines_of(FIRST_LINE, _new_and_old(OLD_LARYNX))
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)
    assert line.setting is LineSetting.RECURRENT_METASTATIC
    assert line.end == D0 + timedelta(days=126 + 84)
    # Therapy of the old cancer long before (its own first course) does not speak against it.
    course_2015 = given("cisplatin", 0, reason_references=("Condition/larynx",))
    course_2015 = course_2015.model_copy(update={"start": date(2015, 4, 2)})
    lines = lines_of([course_2015, *FIRST_LINE], _new_and_old(OLD_LARYNX))
    assert {(li.cancer_type, li.unattributed) for li in lines} == {
        ("laryngeal_cancer", False),
        ("nasopharyngeal_carcinoma", False),
    }


@pytest.mark.parametrize(
    "old",
    [
        # Diagnosed less than a year before: it may still be under treatment.
        OLD_LARYNX.model_copy(update={"onset": date(2025, 8, 1)}),
        OLD_LARYNX.model_copy(update={"relapsed_since": date(2026, 2, 10)}),
        OLD_LARYNX.model_copy(update={"metastatic_since": date(2026, 3, 1)}),
        OLD_LARYNX.model_copy(update={"recurred_undated": True}),
        OLD_LARYNX.model_copy(update={"clinical_status": "recurrence"}),
        OLD_LARYNX.model_copy(update={"onset": None, "recorded": None}),
        OLD_LARYNX.model_copy(update={"recurrence_written": True}),
    ],
    ids=[
        "diagnosed-2025",
        "relapsed",
        "metastatic",
        "recurred-undated",
        "recurrence",
        "undated",
        "recurrence-written",
    ],
)
def test_lot_cancer_new_diagnosis_not_when_the_old_cancer_may_have_come_back(
    old: CancerDiagnosis,
) -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: an old cancer recorded as recurred or metastatic, diagnosed
    within the year, or undated leaves the line unattributed (LOT-UNATTRIBUTED)."""
    (line,) = lines_of(FIRST_LINE, _new_and_old(old))
    assert line.unattributed


def test_lot_cancer_new_diagnosis_not_when_the_old_cancer_was_recorded_again() -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: "喉癌术后复发" entered two weeks before the NPC's diagnosis is
    a Condition of the old cancer dated now: its recurrence, whatever its status says."""
    recurred = OLD_LARYNX.model_copy(
        update={"evidence": ("Condition/larynx-2",), "onset": date(2026, 3, 2)}
    )
    (line,) = lines_of(FIRST_LINE, _new_and_old(OLD_LARYNX, recurred))
    assert line.unattributed


def _old_cancer_entry(name: str, note: str | None = None) -> CancerDiagnosis:
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "id": "larynx",
        "code": {"text": name, "coding": [{"system": ICD10CM, "code": "C32.9"}]},
        "subject": {"reference": "Patient/p1"},
        "onsetDateTime": "2015-03-10",
    }
    if note is not None:
        condition["note"] = [{"text": note}]
    patient = {"resourceType": "Patient", "id": "p1", "gender": "male"}
    facts = build_facts([patient, condition], patient_id="p1", as_of=AS_OF, cache=ValidationCache())
    (diagnosis,) = facts.facts.diagnoses
    return diagnosis


@pytest.mark.parametrize(
    ("name", "note", "written"),
    [
        ("喉癌术后复发", None, True),
        ("Recurrent laryngeal carcinoma", None, True),
        ("喉癌术后", "2026-02 喉癌术后颈部复发", True),
        ("喉癌术后", "术后定期复查，未见复发", False),
        ("喉癌术后", "复发风险分层：中危", False),
        ("Carcinoma of larynx", "low risk of recurrence", False),
        ("喉癌术后", None, False),
    ],
)
def test_lot_cancer_new_diagnosis_an_old_cancer_written_as_recurred_is_not_quiet(
    name: str, note: str | None, written: bool
) -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: an old cancer's entry whose name or note says it recurred,
    its onset the first diagnosis's (2015), is not left quiet: the 2026 line beside the new
    NPC stays unattributed. Denied recurrence and a recurrence risk say nothing."""
    old = _old_cancer_entry(name, note)
    assert old.recurrence_written is written
    (line,) = lines_of(FIRST_LINE, _new_and_old(old))
    assert line.unattributed is written


def test_lot_cancer_new_diagnosis_not_when_progression_may_be_the_old_cancers() -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: a progression about the old cancer (any time), or about no
    cancer in the year before, may be the old cancer's relapse."""
    about_larynx = DiseaseProgression(date=date(2019, 5, 1), condition="Condition/larynx")
    about_none = DiseaseProgression(date=date(2026, 2, 1))
    for progression in (about_larynx, about_none):
        (line,) = lines_of(FIRST_LINE, _new_and_old(OLD_LARYNX, progressions=(progression,)))
        assert line.unattributed
    years_ago = DiseaseProgression(date=date(2017, 5, 1))
    (line,) = lines_of(FIRST_LINE, _new_and_old(OLD_LARYNX, progressions=(years_ago,)))
    assert not line.unattributed


def test_lot_cancer_new_diagnosis_not_when_metastasis_may_be_the_old_cancers() -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: a distant metastasis no cancer owns (STG-OWNER) is the new
    cancer's only when the new cancer is itself documented metastatic and the metastasis was
    not found before its diagnosis."""
    unstaged = Disease(diagnoses=(NPC, OLD_LARYNX), metastasis=date(2026, 3, 20))
    (line,) = lines_of(FIRST_LINE, unstaged)
    assert line.unattributed
    (line,) = lines_of(FIRST_LINE, _new_and_old(OLD_LARYNX, metastasis=date(2025, 11, 1)))
    assert line.unattributed
    no_metastasis = Disease(diagnoses=(NPC, OLD_LARYNX))  # setting not determined, but the NPC's
    (line,) = lines_of(FIRST_LINE, no_metastasis)
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)


def _neck_nodes(found: date | None, regions: frozenset[str] = frozenset({"neck"})) -> Any:
    return UnownedNodes("Condition/nodes", found, regions)


@pytest.mark.parametrize(
    ("found", "positive", "unattributed"),
    [
        (date(2026, 3, 20), True, False),  # at the NPC's work-up, the NPC staged N2: its nodes
        (date(2026, 3, 20), False, True),  # the NPC staged N0: maybe the larynx's recurrence
        (date(2025, 9, 10), True, True),  # months before the NPC: maybe the larynx's recurrence
        (None, True, False),  # not dated: the NPC's own nodes explain it
        (None, False, True),
        (date(2015, 4, 1), False, False),  # with the larynx's diagnosis: its extent then
        (date(2019, 6, 1), True, True),  # years after it: its regional recurrence
        (date(2026, 9, 1), False, False),  # after the course began: not what it began for
    ],
)
def test_lot_cancer_new_diagnosis_not_when_nodes_may_be_the_old_cancers(
    found: date | None, positive: bool, unattributed: bool
) -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: a lymph-node metastasis no cancer owns leaves the line to the
    new cancer only when the new cancer's own record shows nodes (N1–N3) and they were not
    found before its diagnosis, or when they were found with the old cancer's diagnosis or
    after the course began."""
    node_positive = frozenset({"Condition/npc"}) if positive else frozenset()
    disease = _new_and_old(OLD_LARYNX, nodes=(_neck_nodes(found),), node_positive=node_positive)
    (line,) = lines_of(FIRST_LINE, disease)
    assert line.unattributed is unattributed


def test_lot_cancer_new_diagnosis_distant_nodes_of_a_metastatic_new_cancer_are_its_own() -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: retroperitoneal nodes found at the NPC's work-up are distant
    for it (STG-NODES); the NPC staged N0 but documented metastatic explains them."""
    nodes = _neck_nodes(date(2026, 3, 20), frozenset({"abdominal"}))
    (line,) = lines_of(FIRST_LINE, _new_and_old(OLD_LARYNX, nodes=(nodes,)))
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)


def test_lot_cancer_new_diagnosis_not_when_the_old_cancer_was_treated_in_the_year() -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: therapy naming the old cancer in the year before (or with no
    date), or therapy given before the new cancer was known, says the old cancer was being
    treated: the line stays unattributed."""

    def on(day: date, **fields: Any) -> TherapyExposure:
        return given("cetuximab", 0, **fields).model_copy(update={"start": day})

    named = {"reason_references": ("Condition/larynx",)}
    for other in (
        on(date(2025, 12, 3), **named),
        on(date(2025, 12, 3)).model_copy(update={"reason_cancer_type": "laryngeal_cancer"}),
        on(date(2025, 1, 5), **named).model_copy(update={"end": None, "status": "active"}),
        given("cetuximab", 0, **named).model_copy(update={"start": None}),
        on(date(2025, 12, 3)),  # no reason: before the NPC was known, so the larynx's
    ):
        lines = lines_of([other, *FIRST_LINE], _new_and_old(OLD_LARYNX))
        gp = next(li for li in lines if "cisplatin" in li.agents)
        assert gp.unattributed, other


OLD_BREAST = CancerDiagnosis(
    evidence=("Condition/breast-2023",),
    cancer_type="breast_cancer",
    onset=date(2023, 3, 14),
    clinical_status="active",
)
OLD_GIST = CancerDiagnosis(
    evidence=("Condition/gist",),
    cancer_type="sarcoma",
    onset=date(2024, 1, 15),
    clinical_status="active",
)


def _taken(agent: str, began: date, **fields: Any) -> TherapyExposure:
    """A MedicationStatement of a daily oral agent from `began`, still taken (no end)."""
    update = {"start": began, "end": None, "status": "active", **fields}
    return given(agent, 0).model_copy(update=update)


@pytest.mark.parametrize(
    ("old", "agent"),
    [
        (OLD_BREAST, "tamoxifen"),
        (OLD_BREAST, "letrozole"),
        (OLD_BREAST, "anastrozole"),
        (OLD_GIST, "imatinib"),
    ],
)
def test_lot_cancer_new_diagnosis_an_old_cancers_own_agent_running_on_leaves_it_quiet(
    old: CancerDiagnosis, agent: str
) -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: tamoxifen, an aromatase inhibitor or imatinib, given only for
    other cancers than the NPC (`line_confined_agents.csv`), still taken when GP + toripalimab
    began — also with an end planned years on — is the old cancer's therapy running on beside
    the course, not part of it: the course is the NPC's."""
    planned = {"end": date(2028, 2, 19)}
    for extra in ({}, {"reason_references": old.evidence}, planned):
        own = _taken(agent, date(2024, 2, 20), **extra)
        lines = lines_of([own, *FIRST_LINE], _new_and_old(old))
        gp = next(li for li in lines if "cisplatin" in li.agents)
        assert (gp.cancer_type, gp.unattributed) == ("nasopharyngeal_carcinoma", False), extra
        (mine,) = [li for li in lines if agent in li.agents]
        assert mine.cancer_type == old.cancer_type


def test_lot_cancer_an_agent_given_only_for_other_cancers_is_never_the_new_cancers() -> None:
    """LOT-CANCER, LOT-CANCER-NEW-DIAGNOSIS: letrozole begun during the NPC's maintenance, after
    the breast cancer's tamoxifen (the switch to an aromatase inhibitor), treats the breast
    cancer, not the NPC newly diagnosed beside it: no new agent of the NPC's line. Before 7
    December 2026 (twenty-fourth session) it was the NPC's, and its line 2 (chart
    `rw_breast_cancer_tamoxifen_switched_to_letrozole_beside_npc`). An agent the table does
    not hold (capecitabine) is still the new cancer's."""
    tamoxifen = _taken("tamoxifen", date(2023, 4, 20), end=date(2026, 10, 14))
    for agent, owner in (("letrozole", "breast_cancer"), ("capecitabine", None)):
        later = _taken(agent, date(2026, 10, 15))
        lines = lines_of([tamoxifen, later, *FIRST_LINE], _new_and_old(OLD_BREAST))
        npc = [li for li in lines if li.cancer_type == "nasopharyngeal_carcinoma"]
        (mine,) = [li for li in lines if agent in li.agents]
        if owner is not None:
            assert mine.cancer_type == owner
            assert [li.agents for li in npc] == [("cisplatin", "gemcitabine", "toripalimab")]
        else:
            assert mine.cancer_type == "nasopharyngeal_carcinoma"


def test_lot_cancer_an_agent_given_on_since_before_a_cancer_was_known_is_not_its() -> None:
    """LOT-CANCER: toripalimab maintenance given every three weeks since the NPC's first cycle
    goes on treating the NPC after a lymphoma is diagnosed (2026-09-10): one NPC line. Before 7
    December 2026 (twenty-fifth session) the maintenance from 2026-08-12, within the lead of
    the lymphoma's diagnosis, was unattributed (chart `rw_dlbcl_after_npc_untreated`). A new
    agent begun after the lymphoma was known, or toripalimab given again after a break longer
    than LOT-REGIMEN's window, may be either cancer's."""
    lymphoma = CancerDiagnosis(
        evidence=("Condition/dlbcl",),
        cancer_type="non_hodgkin_lymphoma",
        onset=date(2026, 9, 10),
        clinical_status="active",
    )
    (line,) = lines_of(FIRST_LINE, _new_and_old(lymphoma))
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)
    assert line.agents == ("cisplatin", "gemcitabine", "toripalimab")
    assert line.end == D0 + timedelta(days=210)
    docetaxel = lines_of([*FIRST_LINE, given("docetaxel", 161)], _new_and_old(lymphoma))
    assert [li.unattributed for li in docetaxel if "docetaxel" in li.agents] == [True]
    resumed = [*FIRST_LINE[:-3], given("toripalimab", 190)]
    again = lines_of(resumed, _new_and_old(lymphoma))
    assert [li.unattributed for li in again if li.start == D0 + timedelta(days=190)] == [True]


def test_lot_cancer_agents_begun_with_a_confined_agent_are_its_regimen() -> None:
    """LOT-CANCER: R-CHOP begun six days after a lymphoma's diagnosis, beside the NPC's
    toripalimab maintenance: rituximab treats only haematologic malignancies, and the
    cyclophosphamide, doxorubicin and vincristine begun with it are one regimen with it, the
    lymphoma's; the NPC keeps one line. Before 7 December 2026 (twenty-fifth session) the
    regimen was a line of no cancer (chart `rw_dlbcl_after_npc_r_chop`). The same chemotherapy
    without rituximab may be either cancer's."""
    lymphoma = CancerDiagnosis(
        evidence=("Condition/dlbcl",),
        cancer_type="non_hodgkin_lymphoma",
        onset=date(2026, 9, 10),
        clinical_status="active",
    )
    chop = ("cyclophosphamide", "doxorubicin", "vincristine")
    r_chop = cycles("rituximab", *chop, count=4, first=161)
    lines = lines_of([*FIRST_LINE, *r_chop], _new_and_old(lymphoma))
    assert [(li.cancer_type, li.unattributed) for li in lines] == [
        ("nasopharyngeal_carcinoma", False),
        ("non_hodgkin_lymphoma", False),
    ]
    assert lines[0].agents == ("cisplatin", "gemcitabine", "toripalimab")
    without = lines_of([*FIRST_LINE, *cycles(*chop, count=4, first=161)], _new_and_old(lymphoma))
    assert [li.unattributed for li in without if "doxorubicin" in li.agents] == [True]


def test_lot_cancer_a_gnrh_agonist_begun_with_chemotherapy_draws_nothing() -> None:
    """LOT-CANCER (twenty-sixth session): goserelin first given on the NPC's first cycle day
    beside an old breast cancer (ovarian suppression, or ovarian protection during the
    chemotherapy) treats only the breast cancer among the two, but is no regimen with the GP +
    toripalimab begun that day: the NPC keeps its line. Before it, the chemotherapy followed
    goserelin to the breast cancer and the NPC had no therapy recorded (chart
    `rw_goserelin_begun_with_npc_chemotherapy_beside_breast_cancer`). Only the table's agents
    begun with chemotherapy as one regimen (rituximab, imatinib) draw the agents begun with
    them."""
    assert line_tables().with_chemotherapy == {"rituximab", "imatinib"}
    breast = CancerDiagnosis(
        evidence=("Condition/breast",),
        cancer_type="breast_cancer",
        onset=date(2023, 3, 14),
        clinical_status="active",
    )
    goserelin = [given("goserelin", day) for day in range(0, 226, 28)]
    lines = lines_of(
        sorted([*FIRST_LINE, *goserelin], key=lambda e: (e.start, e.agent)),
        _new_and_old(breast),
    )
    npc = [li for li in lines if li.cancer_type == "nasopharyngeal_carcinoma"]
    assert [(li.agents, li.unattributed) for li in npc] == [
        (("cisplatin", "gemcitabine", "toripalimab"), False)
    ]


def test_lot_cancer_new_diagnosis_not_when_the_old_cancers_agent_may_treat_the_new_one() -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: the old cancer's agent keeps the line unattributed when it may
    treat the new cancer (capecitabine; cetuximab: head and neck cancers), when the agent is not
    known, blinded or given by class only, when it stopped before the course began (a switch
    from it to the course is what a progression of the old cancer looks like), or when the new
    cancer is not placed or may be the old one's kind ("solid tumour")."""
    began = date(2024, 2, 20)
    for other in (
        _taken("capecitabine", began),
        _taken("cetuximab", began),
        _taken("tamoxifen", began, resolved=False),
        _taken("tamoxifen", began, blinded=True),
        _taken("tamoxifen", began, may_be=("tamoxifen", "toremifene")),
        _taken("tamoxifen", began, end=date(2026, 3, 1), status="completed"),
    ):
        lines = lines_of([other, *FIRST_LINE], _new_and_old(OLD_BREAST))
        gp = next(li for li in lines if "cisplatin" in li.agents)
        assert gp.unattributed, other
    for vague in (None, "solid_tumor"):
        npc = STAGED_NPC.model_copy(update={"cancer_type": vague})
        disease = Disease(diagnoses=(npc, OLD_BREAST), metastasis=date(2026, 3, 25))
        lines = lines_of([_taken("tamoxifen", began), *FIRST_LINE], disease)
        gp = next(li for li in lines if "cisplatin" in li.agents)
        assert gp.unattributed, vague


@pytest.mark.parametrize(("status", "npc_s"), [("on-hold", True), ("stopped", False)])
def test_lot_cancer_new_diagnosis_an_old_cancers_agent_paused_is_not_stopped(
    status: str, npc_s: bool
) -> None:
    """LOT-CANCER-NEW-DIAGNOSIS, LOT-IN-PROGRESS: the breast cancer's tamoxifen put on hold a
    week before GP + toripalimab (its period ending then, status `on-hold`: paused, to go on)
    is not a switch from it to the course: the breast cancer stays quiet and the course is the
    NPC's. Stopped then, it still counts against the quiet. Before 7 December 2026
    (twenty-fifth session) the paused tamoxifen left the course unattributed (chart
    `rw_breast_cancer_tamoxifen_paused_before_npc_course`)."""
    paused = _taken("tamoxifen", date(2023, 4, 20), end=date(2026, 3, 31), status=status)
    lines = lines_of([paused, *FIRST_LINE], _new_and_old(OLD_BREAST))
    gp = next(li for li in lines if "cisplatin" in li.agents)
    assert (gp.cancer_type == "nasopharyngeal_carcinoma" and not gp.unattributed) is npc_s
    assert gp.unattributed is not npc_s
    (mine,) = [li for li in lines if "tamoxifen" in li.agents]
    assert mine.cancer_type == "breast_cancer"


def test_lot_cancer_new_diagnosis_the_table_never_holds_a_platinum_or_a_checkpoint_inhibitor() -> (
    None
):
    """LOT-CANCER-NEW-DIAGNOSIS: a platinum or a PD-1 antibody treats both cancers; no row of
    `line_confined_agents.csv` may hold one, and an agent the table does not hold may treat
    any cancer."""
    tables = line_tables()
    assert {"tamoxifen", "imatinib"} <= set(tables.confined)
    for agent in ("cisplatin", "carboplatin", "toripalimab", "pembrolizumab", "gemcitabine"):
        assert agent not in tables.confined
        assert not tables.cannot_treat(agent, "nasopharyngeal_carcinoma")
    assert tables.cannot_treat("tamoxifen", "nasopharyngeal_carcinoma")
    assert not tables.cannot_treat("tamoxifen", "breast_cancer")
    assert not tables.cannot_treat("tamoxifen", "breast_carcinoma_in_situ")
    assert not tables.cannot_treat("imatinib", "leukemia")
    assert not tables.cannot_treat("tamoxifen", None)


def test_lot_cancer_new_diagnosis_needs_one_new_cancer_and_a_course_begun_near_it() -> None:
    """LOT-CANCER-NEW-DIAGNOSIS: two cancers newly diagnosed, or a course begun more than 90
    days after the diagnosis, leave the line unattributed."""
    (line,) = lines_of(FIRST_LINE, _new_and_old(OLD_LARYNX, LUNG))
    assert line.unattributed
    late = [
        e.model_copy(update={"start": (e.start or D0) + timedelta(days=120)}) for e in FIRST_LINE
    ]
    (line,) = lines_of(late, _new_and_old(OLD_LARYNX))
    assert line.unattributed


def test_lot_unattributed_two_active_cancers() -> None:
    """LOT-UNATTRIBUTED: two cancers active, no reason recorded: the line is unattributed."""
    (line,) = lines_of(cycles("cisplatin", "toripalimab"), Disease(diagnoses=(NPC, LUNG)))
    assert line.unattributed
    assert set(line.candidate_cancer_types) == {
        "nasopharyngeal_carcinoma",
        "non_small_cell_lung_cancer",
    }


def test_lot_setting_curative_course_before_metastasis_is_not_rm() -> None:
    """LOT-SETTING: induction in 2023 for M0 disease, metastasis in 2025, then the first R/M
    line; a de novo M1 cancer's first therapy is R/M."""
    npc_2023 = NPC.model_copy(update={"onset": date(2023, 2, 14)})
    disease = Disease(diagnoses=(npc_2023,), metastasis=date(2025, 10, 15))
    induction = TherapyExposure(
        agent="cisplatin", start=date(2023, 3, 1), source="MedicationAdministration"
    )
    first_rm = TherapyExposure(
        agent="cisplatin", start=date(2025, 11, 5), source="MedicationAdministration"
    )
    curative, rm = derive_lines((induction, first_rm), AS_OF, disease)
    assert (curative.setting, rm.setting) == (
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
    )
    de_novo = Disease(diagnoses=(NPC,), metastasis=date(2026, 3, 25))
    (line,) = lines_of(cycles("cisplatin"), de_novo)
    assert line.setting is LineSetting.RECURRENT_METASTATIC
    (unknown,) = lines_of(cycles("cisplatin"))
    assert unknown.setting is LineSetting.NOT_DETERMINED  # no metastasis date: not curative


def test_lot_setting_date_is_the_cancers_own_metastasis_stg_owner() -> None:
    """LOT-SETTING with STG-OWNER: another cancer that metastasised earlier does not make this
    cancer's curative course recurrent/metastatic; with several cancers and no date of its own,
    the setting is not determined (never curative on another cancer's date)."""
    npc = NPC.model_copy(
        update={"onset": date(2023, 2, 14), "metastatic_since": date(2025, 10, 15)}
    )
    breast = NPC.model_copy(
        update={
            "cancer_type": "breast_cancer",
            "evidence": ("Condition/breast",),
            "metastatic_since": date(2022, 5, 1),
        }
    )
    disease = Disease(diagnoses=(npc, breast), metastasis=date(2022, 5, 1))
    reason = {"reason_references": npc.evidence}
    induction = TherapyExposure(
        agent="cisplatin", start=date(2023, 3, 1), source="MedicationAdministration", **reason
    )
    first_rm = TherapyExposure(
        agent="cisplatin", start=date(2025, 11, 5), source="MedicationAdministration", **reason
    )
    curative, rm = derive_lines((induction, first_rm), AS_OF, disease)
    assert (curative.setting, rm.setting) == (
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
    )
    undated = npc.model_copy(update={"metastatic_since": None})
    other = Disease(diagnoses=(undated, breast), metastasis=date(2022, 5, 1))
    (line, *_) = derive_lines((induction,), AS_OF, other)
    assert line.setting is LineSetting.NOT_DETERMINED


NPC_M0_2024 = NPC.model_copy(update={"onset": date(2024, 1, 10)})
NASOPHARYNX_AND_NECK = frozenset({RadiotherapySite.NASOPHARYNX, RadiotherapySite.NECK})


def _ccrt_2024(*, restart: bool = True, **disease: Any) -> list[TherapyLine]:
    """Induction GP ×2 from 2024-01-22, concurrent cisplatin on 2024-03-05 and 2024-03-26, GP +
    toripalimab from 2026-04-08 (not with `restart` False); an NPC diagnosed 2024-01-10, staged
    M0 at diagnosis and given IMRT to the nasopharynx and neck from 2024-03-05 to 2024-04-22
    unless `disease` says otherwise."""
    fields: dict[str, Any] = {
        "diagnoses": (NPC_M0_2024,),
        "m0_at_diagnosis": frozenset(NPC_M0_2024.evidence),
        "radiotherapy": (
            RadiotherapyCourse(
                start=date(2024, 3, 5), end=date(2024, 4, 22), sites=NASOPHARYNX_AND_NECK
            ),
        ),
    } | disease
    days = [date(2024, 1, 22), date(2024, 2, 12), date(2024, 3, 5), date(2024, 3, 26)]
    course = [
        TherapyExposure(
            evidence=(f"MedicationAdministration/{agent}-{day}",),
            agent=agent,
            classes=frozenset(
                {DrugClass.PLATINUM if agent == "cisplatin" else DrugClass.CHEMOTHERAPY}
            ),
            start=day,
            source="MedicationAdministration",
        )
        for number, day in enumerate(days)
        for agent in (("cisplatin", "gemcitabine") if number < 2 else ("cisplatin",))
    ]
    first_rm = cycles("cisplatin", "gemcitabine", "toripalimab") if restart else []
    return list(derive_lines(tuple(course + first_rm), AS_OF, Disease(**fields)))


def test_lot_setting_chemoradiotherapy_of_an_m0_cancer_is_curative_without_a_metastasis_date() -> (
    None
):
    """LOT-SETTING: the first course of an NPC staged M0 at diagnosis that gives cisplatin
    during radiotherapy to the nasopharynx and neck is curative (NCCN, CSCO), though no
    metastasis date decides its setting. (The GP + toripalimab begun after two years off is the
    recurrence's, LOT-RECURRENCE-UNDATED.)"""
    (curative,) = _ccrt_2024(restart=False)
    assert curative.setting is LineSetting.CURATIVE
    assert curative.agents == ("cisplatin", "gemcitabine")
    assert [line.setting for line in _ccrt_2024()] == [
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
    ]


@pytest.mark.parametrize(
    ("onset", "m0", "node", "setting"),
    [
        (date(2022, 5, 10), True, "nasopharyngeal_carcinoma", LineSetting.RECURRENT_METASTATIC),
        (date(2025, 12, 1), True, "nasopharyngeal_carcinoma", LineSetting.CURATIVE),
        (date(2022, 5, 10), False, "nasopharyngeal_carcinoma", LineSetting.CURATIVE),
        (date(2022, 5, 10), True, "breast_cancer", LineSetting.CURATIVE),
    ],
    ids=["four years after an M0", "within a year", "not staged M0", "not head and neck"],
)
def test_lot_setting_a_first_course_begun_years_after_an_m0_diagnosis_treats_a_recurrence(
    onset: date, m0: bool, node: str, setting: LineSetting
) -> None:
    """LOT-SETTING: GP + toripalimab begun in April 2026, the first therapy recorded for an NPC
    staged M0 at its diagnosis in 2022, treats the disease come back (no curative course
    begins four years after the diagnosis), though the bone metastases were documented only in
    June: an R/M line. Before 7 December 2026 (twenty-fifth session) it was curative and, run on
    past the metastases, a possible line: `prior-lines` and both first-line criteria unknown
    (chart `rw_m0_2022_chemoimmunotherapy_before_bone_metastases`). Begun within a year of the
    diagnosis, without the M0, or for a cancer other than head and neck (adjuvant endocrine
    therapy starts years after a breast cancer's diagnosis), the course stays curative."""
    cancer = NPC.model_copy(
        update={"onset": onset, "cancer_type": node, "metastatic_since": date(2026, 6, 10)}
    )
    disease = Disease(
        diagnoses=(cancer,),
        metastasis=date(2026, 6, 10),
        m0_at_diagnosis=frozenset(cancer.evidence[:1] if m0 else ()),
    )
    lines = lines_of(cycles("cisplatin", "gemcitabine", "toripalimab"), disease)
    assert lines[0].setting is setting


@pytest.mark.parametrize(
    "disease",
    [
        pytest.param({"m0_at_diagnosis": frozenset()}, id="not staged M0 at diagnosis"),
        pytest.param({"radiotherapy": ()}, id="no radiotherapy recorded"),
        pytest.param(
            {
                "radiotherapy": (
                    RadiotherapyCourse(
                        start=date(2024, 5, 6), end=date(2024, 6, 20), sites=NASOPHARYNX_AND_NECK
                    ),
                )
            },
            id="radiotherapy after the cisplatin",
        ),
        pytest.param(
            {
                "radiotherapy": (
                    RadiotherapyCourse(
                        start=date(2024, 3, 5),
                        end=date(2024, 4, 22),
                        sites=frozenset({RadiotherapySite.BONE}),
                    ),
                )
            },
            id="radiotherapy to a bone",
        ),
        pytest.param(
            {
                "radiotherapy": (
                    RadiotherapyCourse(
                        start=date(2024, 3, 5),
                        end=date(2024, 4, 22),
                        sites=NASOPHARYNX_AND_NECK,
                        given=None,
                    ),
                )
            },
            id="radiotherapy planned, not known given",
        ),
        pytest.param(
            {"diagnoses": (NPC_M0_2024.model_copy(update={"onset": date(2023, 6, 1)}),)},
            id="begun more than 90 days after the diagnosis",
        ),
    ],
)
def test_lot_setting_chemoradiotherapy_needs_m0_and_concurrent_locoregional_radiotherapy(
    disease: dict[str, Any],
) -> None:
    """LOT-SETTING: short of any part — M0 at diagnosis, radiotherapy to the head and neck
    given while the platinum was, the first course — the setting stays not determined (the
    chemotherapy may have treated metastatic disease: it counts). With nothing after it: therapy
    given again after a long break places the recurrence (LOT-RECURRENCE-UNDATED)."""
    (first,) = _ccrt_2024(restart=False, **disease)
    assert first.setting is LineSetting.NOT_DETERMINED


def test_lot_recurrence_undated_therapy_begun_again_after_an_m0_places_the_recurrence() -> None:
    """LOT-RECURRENCE-UNDATED: an NPC staged M0 at diagnosis, its induction recorded (the
    concurrent course given elsewhere), GP + toripalimab two years later: the first course is
    curative, the restart the recurrence's first line, with no recurrence recorded (chart
    `rw_m0_induction_only_then_chemoimmunotherapy`). Not when a distant metastasis is
    documented (it may have been there from the start), nor without the M0."""
    lines = _facts("rw_m0_induction_only_then_chemoimmunotherapy").facts.lines
    assert [line.setting for line in lines] == [
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
    ]
    assert {line.setting for line in _ccrt_2024(radiotherapy=(), spread_documented=True)} == {
        LineSetting.NOT_DETERMINED
    }
    assert {line.setting for line in _ccrt_2024(radiotherapy=(), m0_at_diagnosis=frozenset())} == {
        LineSetting.NOT_DETERMINED
    }


def test_lot_setting_chemoradiotherapy_leaves_a_dated_setting_as_it_is() -> None:
    """LOT-SETTING: a metastasis dated within 90 days of the diagnosis (de novo M1) makes the
    chemoradiotherapy recurrent/metastatic, whatever the M0 said."""
    de_novo = NPC_M0_2024.model_copy(update={"metastatic_since": date(2024, 2, 1)})
    first, later = _ccrt_2024(diagnoses=(de_novo,), spread_documented=True)
    assert (first.setting, later.setting) == (
        LineSetting.RECURRENT_METASTATIC,
        LineSetting.RECURRENT_METASTATIC,
    )


def test_lot_setting_chemoradiotherapy_read_from_the_chart() -> None:
    """LOT-SETTING end to end: the staging Observations (cM0 at diagnosis) and the IMRT
    Procedure of `rw_ccrt_in_follow_up` make its induction and concurrent cisplatin one
    curative line."""
    (line,) = _facts("rw_ccrt_in_follow_up").facts.lines
    assert (line.setting, line.agents) == (LineSetting.CURATIVE, ("cisplatin", "gemcitabine"))


def _adjuvant(agent: str, start: date, days: int = 27, **fields: Any) -> TherapyExposure:
    return TherapyExposure(
        evidence=(f"MedicationRequest/{agent}-{start}",),
        agent=agent,
        classes=frozenset({DrugClass.CHEMOTHERAPY}),
        start=start,
        end=start + timedelta(days=days),
        source="MedicationRequest",
        **fields,
    )


# Locoregional NPC treated in 2024: cisplatin with radiotherapy, then capecitabine supplies of
# 28 days; distant metastasis documented on 2025-02-10.
NPC_2024 = Disease(
    diagnoses=(NPC.model_copy(update={"onset": date(2024, 1, 10)}),),
    metastasis=date(2025, 2, 10),
)
CCRT = [
    TherapyExposure(agent="cisplatin", start=day, source="MedicationAdministration")
    for day in (date(2024, 4, 1), date(2024, 4, 22))
]


def _supplies(first: date, count: int) -> list[TherapyExposure]:
    return [_adjuvant("capecitabine", first + timedelta(days=28 * n)) for n in range(count)]


def test_lot_continued_past_metastasis_renewal_may_be_a_line_of_its_own() -> None:
    """LOT-CONTINUED-PAST-METASTASIS: capecitabine renewed twice after the metastasis stays in
    the curative line, and is also a possible R/M line; the regimen after it is an R/M line."""
    exposures = [*CCRT, *_supplies(date(2024, 6, 5), 11)]
    first_rm = [
        TherapyExposure(agent=agent, start=date(2025, 4, 16), source="MedicationAdministration")
        for agent in ("cisplatin", "gemcitabine")
    ]
    curative, given_on, rm = derive_lines((*exposures, *first_rm), AS_OF, NPC_2024)
    assert (curative.setting, curative.agents, curative.end) == (
        LineSetting.CURATIVE,
        ("cisplatin", "capecitabine"),
        date(2025, 4, 8),
    )
    assert given_on.possible
    assert given_on.continued_past_metastasis
    assert (given_on.agents, given_on.start, given_on.end, given_on.setting) == (
        ("capecitabine",),
        date(2025, 2, 12),
        date(2025, 4, 8),
        LineSetting.RECURRENT_METASTATIC,
    )
    assert given_on.evidence == (
        "MedicationRequest/capecitabine-2025-02-12",
        "MedicationRequest/capecitabine-2025-03-12",
    )
    assert (rm.setting, rm.agents, rm.reason, rm.possible) == (
        LineSetting.RECURRENT_METASTATIC,
        ("cisplatin", "gemcitabine"),
        LineReason.PROGRESSION,
        False,
    )


def test_lot_continued_past_metastasis_ongoing_with_nothing_after() -> None:
    """Still on capecitabine: the possible line is ongoing, and no R/M line is certain."""
    exposures = [*CCRT, *_supplies(date(2024, 6, 5), 10)]
    renewed = _adjuvant("capecitabine", date(2025, 3, 12), status="active")
    lines = derive_lines((*exposures, renewed), date(2025, 3, 20), NPC_2024)
    assert [(li.setting, li.possible, li.ongoing) for li in lines] == [
        (LineSetting.CURATIVE, False, True),
        (LineSetting.RECURRENT_METASTATIC, True, True),
    ]


def test_lot_continued_past_metastasis_not_for_a_supply_running_when_found() -> None:
    """An order started before the metastasis and running past it ends the course: no line."""
    exposures = [*CCRT, *_supplies(date(2024, 6, 5), 9)]  # the last: 2025-01-15 to 2025-02-11
    first_rm = TherapyExposure(
        agent="cisplatin", start=date(2025, 3, 5), source="MedicationAdministration"
    )
    curative, rm = derive_lines((*exposures, first_rm), AS_OF, NPC_2024)
    assert (curative.setting, curative.end, rm.setting, rm.possible) == (
        LineSetting.CURATIVE,
        date(2025, 2, 11),
        LineSetting.RECURRENT_METASTATIC,
        False,
    )


@pytest.mark.parametrize(
    ("restart", "why"),
    [
        (date(2025, 3, 12), "capecitabine again 29 days after the last supply ran out"),
        (date(2025, 6, 1), "capecitabine again after a break of months"),
    ],
)
def test_lot_continued_past_metastasis_a_restart_after_a_break_is_a_new_line(
    restart: date, why: str
) -> None:
    """The same agent given again after more than the regimen window is a decision to treat the
    metastatic disease: an R/M line (LOT-PROGRESSION), not a possible one."""
    exposures = [*CCRT, *_supplies(date(2024, 6, 5), 9)]  # supplied to 2025-02-11
    curative, rm = derive_lines((*exposures, _adjuvant("capecitabine", restart)), AS_OF, NPC_2024)
    assert (curative.setting, rm.setting, rm.possible, rm.reason) == (
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
        False,
        LineReason.PROGRESSION,
    ), why


def test_lot_continued_past_metastasis_a_new_agent_with_it_starts_the_rm_line() -> None:
    """Capecitabine renewed and toripalimab added three weeks later: the renewal may be a line;
    toripalimab starts the R/M line, and capecitabine given with it belongs to that line."""
    exposures = [*CCRT, *_supplies(date(2024, 6, 5), 10)]  # renewed on 2025-02-12
    pd1 = TherapyExposure(
        agent="toripalimab",
        classes=frozenset({DrugClass.ANTI_PD1}),
        start=date(2025, 3, 5),
        source="MedicationAdministration",
    )
    later = _adjuvant("capecitabine", date(2025, 3, 12))
    curative, given_on, rm = derive_lines((*exposures, pd1, later), AS_OF, NPC_2024)
    assert curative.setting is LineSetting.CURATIVE
    assert given_on.possible
    assert given_on.agents == ("capecitabine",)
    assert given_on.end == date(2025, 3, 11)
    assert (rm.agents, rm.possible) == (("toripalimab", "capecitabine"), False)


@pytest.mark.parametrize(
    ("status", "unconfirmed", "ongoing"),
    [("active", False, True), ("completed", False, False), ("active", True, False)],
)
def test_exp_unlisted_an_unknown_drug_still_taken_outside_every_line_is_ongoing(
    status: str, unconfirmed: bool, ongoing: bool
) -> None:
    """EXP-UNLISTED, EXP-UNRESOLVED: a statement of a drug not known, from 2024-02-20 and still
    taken (`active`, no end), is a possible line that is ongoing, with no end — not one given
    "from 2024-02-20 to 2024-02-20". A record not known to have been given is not ongoing."""
    unknown = given("某某替尼", 0, resolved=False, unconfirmed=unconfirmed).model_copy(
        update={"start": date(2024, 2, 20), "status": status, "source": "MedicationStatement"}
    )
    lines = lines_of([unknown, *FIRST_LINE])
    (possible,) = [li for li in lines if li.possible]
    assert possible.ongoing is ongoing
    assert possible.end == (None if ongoing else date(2024, 2, 20))


def test_exp_unresolved_and_blinded_drugs_are_marked_on_the_line() -> None:
    """EXP-UNRESOLVED, EXP-BLINDED: the line says which of its drugs cannot be known."""
    unknown = given("a medication the chart does not hold (Medication/x)", 0, resolved=False)
    blinded = given("toripalimab", 0, blinded=True)
    (line,) = lines_of([given("gemcitabine", 0), unknown, blinded])
    assert line.unresolved == ("a medication the chart does not hold (Medication/x)",)
    assert (line.blinded_agents, line.blinded_classes) == (
        ("toripalimab",),
        frozenset({DrugClass.ANTI_PD1}),
    )
    assert DrugClass.ANTI_PD1 not in line.classes


def _facts(scenario: str) -> Any:
    bundle = json.loads((CHARTS / f"{scenario}.json").read_text("utf-8"))
    return build_facts([bundle], patient_id=bundle["id"], as_of=AS_OF, cache=ValidationCache())


@pytest.mark.parametrize(
    "scenario",
    [
        "rw_pd1_statement_not_taken",
        "rw_second_line_order_cancelled",
        "rw_docetaxel_entered_in_error",
        "rw_second_line_planned",
        "rw_docetaxel_do_not_perform",
        "rw_second_line_order_set_option",
    ],
)
def test_exp_given_records_that_do_not_show_a_drug_given_make_no_exposure(scenario: str) -> None:
    """EXP-GIVEN: not-taken, cancelled, entered-in-error, a plan, doNotPerform, an option."""
    facts = _facts(scenario).facts
    agents = {e.agent for e in facts.exposures}
    assert "docetaxel" not in agents
    if scenario == "rw_pd1_statement_not_taken":
        assert "toripalimab" not in agents


def test_exp_given_an_order_on_hold_is_an_unconfirmed_drug_that_builds_no_line() -> None:
    """EXP-GIVEN: docetaxel ordered and held before any dose recorded: maybe never given."""
    facts = _facts("rw_second_line_order_on_hold").facts
    (held,) = [e for e in facts.exposures if e.agent.startswith("docetaxel")]
    assert held.agent == "docetaxel (order on hold)"
    assert (held.unconfirmed, held.resolved) == (True, False)
    assert [line.agents for line in facts.lines if not line.possible and not line.unresolved] == [
        ("cisplatin", "gemcitabine", "toripalimab")
    ]


def test_exp_unresolved_dangling_medication_reference_is_an_unresolved_exposure() -> None:
    """EXP-UNRESOLVED: `Medication/pharmacy-item-88231` is not in the data."""
    facts = _facts("rw_unresolved_medication_reference").facts
    assert any(not e.resolved for e in facts.exposures)
    (line,) = facts.lines
    assert line.unresolved


@pytest.mark.parametrize(
    ("text", "blinded"),
    [
        ("特瑞普利单抗注射液（研究药物，开放标签）", False),
        ("Toripalimab (study drug, open-label)", False),
        ("Study drug: toripalimab, open label", False),
        ("研究药物 特瑞普利单抗", True),
        ("Investigational product (blinded)", True),
        ("Toripalimab or placebo, open-label extension", True),  # a placebo is never known
    ],
)
def test_exp_blinded_an_open_label_study_drug_is_not_blinded(text: str, blinded: bool) -> None:
    """EXP-BLINDED: an open-label study drug is the drug its record names."""
    assert is_blinded(text) is blinded


def test_exp_blinded_study_drug_is_blinded() -> None:
    """EXP-BLINDED: "toripalimab or placebo (blinded)"."""
    facts = _facts("rw_blinded_pd1_or_placebo").facts
    (line,) = facts.lines
    assert DrugClass.ANTI_PD1 in line.blinded_classes
    assert DrugClass.ANTI_PD1 not in line.classes


def test_exp_stopped_early_reason_is_on_the_exposure_and_line() -> None:
    """EXP-STOPPED-EARLY: toripalimab stopped for grade 2 pneumonitis."""
    facts = _facts("rw_pd1_stopped_early_toxicity").facts
    (line,) = facts.lines
    assert any("toripalimab" in s and "肺炎" in s for s in line.stopped_early)
    # As a card reads it, beside the line's own dates: which drug stopped, then why.
    assert line.stopped_early == (
        "toripalimab stopped early: 免疫相关性肺炎 2级 (immune-related pneumonitis, grade 2)",
    )


def test_lot_progression_read_from_loinc_and_chinese_text() -> None:
    """LOT-PROGRESSION: LOINC 97509-4 with SNOMED 271299001, and 疗效评价 "疾病进展 (PD)"."""
    loinc = _facts("rw_progression_then_docetaxel").facts.progressions
    chinese = _facts("rw_progression_chinese_capecitabine").facts.progressions
    assert [p.date for p in loinc] == [date(2026, 9, 20)]
    assert [p.date for p in chinese] == [date(2026, 8, 25)]
    assert loinc[0].condition is not None
    assert loinc[0].condition.startswith("Condition/")


def _with_condition(text: str, **options: Any) -> Any:
    chart = Chart("progressed")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Nasopharynx")), D0)
    chart.condition({"text": text}, date(2026, 8, 25), **options)
    return build_facts(
        chart.resources, patient_id="progressed", as_of=AS_OF, cache=ValidationCache()
    ).facts.progressions


@pytest.mark.parametrize(
    ("text", "about_the_cancer"),
    [("鼻咽癌疾病进展（肝转移灶增大）", True), ("Disease progression", False), ("病情进展", False)],
)
def test_lot_progression_read_from_a_problem_list_entry(text: str, about_the_cancer: bool) -> None:
    """LOT-PROGRESSION: a Condition saying the cancer progressed, dated by its onset."""
    (progression,) = _with_condition(text)
    assert progression.date == date(2026, 8, 25)
    assert (progression.condition is not None) is about_the_cancer


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("Progressive supranuclear palsy", {}),
        ("Chronic kidney disease, worsening", {}),
        ("鼻咽癌 治疗后未见进展", {}),
    ],
)
def test_lot_progression_not_from_other_entries(text: str, options: dict[str, Any]) -> None:
    """Another disease's progress, or a negation, is not the cancer progressing."""
    assert _with_condition(text, **options) == ()


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("鼻咽癌疾病进展?", "provisional"),
        ("鼻咽癌疾病进展", "provisional"),
        ("鼻咽癌进展待排", None),
    ],
)
def test_lot_progression_a_suspicion_is_a_doubtful_progression(
    text: str, status: str | None
) -> None:
    """A suspicion is not documented progression (LOT-PROGRESSION), but a drug new to the line
    after it may have begun one (LOT-NEW-LESION)."""
    options = (
        {"verification_status": concept(None, (CONDITION_VERIFICATION, status, status.title()))}
        if status
        else {}
    )
    (progression,) = _with_condition(text, **options)
    assert progression.doubtful


@pytest.mark.parametrize(
    "text",
    [
        "进展期胃癌",  # advanced gastric cancer: a stage, not an event
        "鼻咽癌 PD-1单抗治疗后",  # the target, not the RECIST category
        "鼻咽癌 PD-L1阳性",
    ],
)
def test_lot_progression_not_from_words_that_only_look_like_it(text: str) -> None:
    assert _with_condition(text) == ()


def _with_report(conclusion: str, status: str = "final") -> Any:
    chart = Chart("reported")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Nasopharynx")), D0)
    chart.diagnostic_report(
        concept("胸部+上腹部CT增强扫描"), date(2026, 8, 25), conclusion=conclusion, status=status
    )
    return build_facts(
        chart.resources, patient_id="reported", as_of=AS_OF, cache=ValidationCache()
    ).facts.progressions


@pytest.mark.parametrize(
    ("conclusion", "sentence"),
    [
        ("1. 肝内多发转移灶较前增大、增多。2. 疗效评价：PD。", "疗效评价：PD"),
        ("肺部病灶较前增大，考虑疾病进展", "肺部病灶较前增大，考虑疾病进展"),
        (
            "Liver metastases increased in size. Impression: progressive disease (RECIST 1.1).",
            "Impression: progressive disease (RECIST 1.1)",
        ),
    ],
)
def test_lot_progression_read_from_an_imaging_conclusion(conclusion: str, sentence: str) -> None:
    """LOT-PROGRESSION: the sentence of a report's conclusion that says the cancer progressed,
    dated by the report, about no particular cancer."""
    (progression,) = _with_report(conclusion)
    assert (progression.date, progression.condition, progression.text) == (
        date(2026, 8, 25),
        None,
        sentence,
    )
    (reference,) = progression.evidence
    assert reference.startswith("DiagnosticReport/")


@pytest.mark.parametrize(
    ("conclusion", "sentence"),
    [
        ("鼻咽癌治疗后复查：肝内新发多发转移灶。", "鼻咽癌治疗后复查：肝内新发多发转移灶"),
        ("新见多发骨转移", "新见多发骨转移"),
        ("与前片比较：肝S6新发结节，考虑转移。", "与前片比较：肝S6新发结节，考虑转移"),
        ("肝内多发转移灶较前增大、增多。", "肝内多发转移灶较前增大、增多"),
        (
            "IMPRESSION: 1. New hepatic metastases. 2. Stable bone disease.",
            "New hepatic metastases",
        ),
        (
            "Newly developed osseous lesions, metastatic.",
            "Newly developed osseous lesions, metastatic",
        ),
        # A sentence saying progression in words is the one quoted, wherever it stands.
        ("1. 肝内新发转移灶。2. 疗效评价：PD。", "疗效评价：PD"),
    ],
)
def test_lot_new_lesion_read_from_an_imaging_conclusion(conclusion: str, sentence: str) -> None:
    """LOT-NEW-LESION: a new lesion is progression (RECIST 1.1), stated without doubt."""
    (progression,) = _with_report(conclusion)
    assert (progression.date, progression.text) == (date(2026, 8, 25), sentence)


@pytest.mark.parametrize(
    "conclusion",
    [
        "鼻咽癌治疗后复查：原肝内转移灶较前缩小，未见新发病灶。",
        "未见明确新发转移灶",
        "右肺新发结节，未见明显转移征象",
        "右肺新发炎性病灶",  # inflammation
        "No new lesions. Liver metastases decreased in size.",
        "New nodule, not metastatic.",
        "新发结节",  # a nodule, not called a metastasis
    ],
)
def test_lot_new_lesion_not_when_denied_or_not_the_cancer(conclusion: str) -> None:
    assert _with_report(conclusion) == ()


@pytest.mark.parametrize(
    "conclusion",
    [
        "双肺新增多发结节，转移瘤可能性大。",
        "右肺新发小结节，转移待排。",
        "New small pulmonary nodule, possibly metastatic.",
        "疗效评价：PD？",
        "考虑疾病进展可能",
        "Possible progression of disease.",
        # The doubt a semicolon joins to the new lesion before it is about that lesion.
        "IMPRESSION: New liver lesion; metastasis cannot be excluded.",
        "肝S6新发病灶；转移不除外，建议MRI进一步检查。",
    ],
)
def test_lot_new_lesion_in_doubt_is_a_doubtful_progression(conclusion: str) -> None:
    """Not documented progression; the lines read it as a possible start of one."""
    (progression,) = _with_report(conclusion)
    assert progression.doubtful


@pytest.mark.parametrize(
    ("conclusion", "clause"),
    [
        # A doubt about an infection is not about the lesion.
        ("肝内新发转移灶；右肺感染可能。", "肝内新发转移灶"),
        # A doubtful new lesion of its own does not make a certain one doubtful.
        ("肝内新发转移灶；右肺新发小结节，转移待排。", "肝内新发转移灶"),
        # Progression in words is a conclusion of its own, doubted only in its own clause.
        ("疗效评价：PD；右肺小结节，转移待排。", "疗效评价：PD"),
        # A doubt in another sentence stays there.
        ("New liver lesions. Lung nodule, metastasis cannot be excluded.", "New liver lesions"),
    ],
)
def test_lot_new_lesion_a_doubt_beside_it_about_something_else(
    conclusion: str, clause: str
) -> None:
    (progression,) = _with_report(conclusion)
    assert (progression.text, progression.doubtful) == (clause, False)


@pytest.mark.parametrize(
    ("conclusion", "clause"),
    [
        (
            "鼻咽癌治疗后复查：肝内多发转移灶较前增大，余大致同前。",
            "鼻咽癌治疗后复查：肝内多发转移灶较前增大，余大致同前",
        ),
        (
            "肝S6转移灶较前略增大（约3.2cm×2.8cm，原2.1cm×1.8cm）。",
            "肝S6转移灶较前略增大（约3.2cm×2.8cm，原2.1cm×1.8cm）",
        ),
        ("鼻咽部病灶范围较前扩大；肝转移灶较前缩小。", "鼻咽部病灶范围较前扩大"),
        ("肝转移灶SUVmax较前升高（5.2→8.1）。", "肝转移灶SUVmax较前升高（5.2→8.1）"),
        ("肝转移灶较前增大，骨转移灶未见增大。", "肝转移灶较前增大，骨转移灶未见增大"),
        (
            "IMPRESSION: 1. Interval enlargement of the hepatic metastases.",
            "Interval enlargement of the hepatic metastases",
        ),
        ("Liver metastases increased in size.", "Liver metastases increased in size"),
        (
            "The nodal metastasis is larger than on the prior study.",
            "The nodal metastasis is larger than on the prior study",
        ),
    ],
)
def test_lot_growth_is_a_doubtful_progression(conclusion: str, clause: str) -> None:
    """LOT-GROWTH: larger is not yet progression by RECIST 1.1 (a measured 20 %), but may be."""
    (progression,) = _with_report(conclusion)
    assert (progression.text, progression.doubtful) == (clause, True)


@pytest.mark.parametrize(
    "conclusion",
    [
        "肝内转移灶较前略增大。疗效评价：SD。",  # measured and judged stable
        "Hepatic metastases slightly larger than before. Stable disease per RECIST 1.1.",
        "肝内转移灶较前未见明显增大。",
        "No interval enlargement of the liver metastases.",
        "颈部增大淋巴结较前缩小。",  # an enlarged node, now smaller
        "颈部淋巴结增大。",  # enlarged nodes, compared with nothing: a size
        "Enlarged mediastinal lymph nodes, unchanged.",  # a size, not a change
        "右下肺炎性病灶较前增大。",  # inflammation
        "Interval enlargement of the spleen, hepatic metastases unchanged.",
        "脾脏代谢较前增高。",
        "肝转移灶大小同前，见代谢增高灶。",  # avid, not more avid than before
    ],
)
def test_lot_growth_not_when_denied_judged_or_not_a_lesion(conclusion: str) -> None:
    assert _with_report(conclusion) == ()


def test_lot_growth_with_progression_in_words_is_documented() -> None:
    (progression,) = _with_report("肝内转移灶较前增大。疗效评价：PD。")
    assert (progression.text, progression.doubtful) == ("疗效评价：PD", False)


@pytest.mark.parametrize(
    ("value", "doubtful"), [("肝转移灶较前增大", True), ("SD（肝转移灶较前略增大）", None)]
)
def test_lot_growth_in_a_response_evaluation(value: str, doubtful: bool | None) -> None:
    """A 疗效评价 value naming growth is a doubtful progression; one giving SD is none."""
    chart = Chart("evaluated")
    chart.patient("male", "1971-06-14")
    cancer = chart.condition(
        concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Nasopharynx")), D0
    )
    chart.observation({"text": "疗效评价"}, date(2026, 8, 25), value_string=value, focus=[cancer])
    progressions = build_facts(
        chart.resources, patient_id="evaluated", as_of=AS_OF, cache=ValidationCache()
    ).facts.progressions
    assert [p.doubtful for p in progressions] == ([doubtful] if doubtful else [])


def test_lot_growth_on_the_problem_list() -> None:
    (progression,) = _with_condition("鼻咽癌 肝转移灶较前增大")
    assert progression.doubtful
    assert _with_condition("鼻咽癌 颈部淋巴结增大") == ()  # the nodes at diagnosis: a size


def test_lot_new_lesion_on_the_problem_list() -> None:
    (progression,) = _with_condition("新发脑转移")
    assert progression.text == "新发脑转移"


@pytest.mark.parametrize(
    ("conclusion", "status"),
    [
        ("肝内转移灶较前缩小。疗效评价：PR。", "final"),
        ("右下肺炎症较前进展，建议抗感染治疗后复查；肝内转移灶大致同前。", "final"),
        ("右肺炎性病灶较前进展", "final"),  # an inflammatory lesion, not the cancer's
        ("Right lower lobe lesion progressed, consistent with pneumonia.", "final"),
        ("未见明确肿瘤进展征象", "final"),
        ("No evidence of disease progression.", "final"),
        ("PD-1单抗治疗后复查：肝转移灶较前缩小", "final"),
        ("疗效评价：PD。", "entered-in-error"),
        ("疗效评价：PD。", "registered"),
    ],
)
def test_lot_progression_not_from_other_conclusions(conclusion: str, status: str) -> None:
    assert _with_report(conclusion, status) == ()


def _therapy_reason(**why: Any) -> Any:
    """Toripalimab from D0 to 2026-09-02 as one statement, `stopped` unless said, with `why`."""
    chart = Chart("reasoned")
    chart.patient("male", "1971-06-14")
    cancer = chart.condition(
        concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Nasopharynx")), D0
    )
    reasons = {k: concept(v) for k, v in why.items()}
    chart.medication_statement(
        concept("Toripalimab 240 mg"),
        (D0, date(2026, 9, 2)),
        status="stopped",
        why=Why(reason_reference=[cancer], **reasons),
    )
    return build_facts(
        chart.resources, patient_id="reasoned", as_of=AS_OF, cache=ValidationCache()
    ).facts.progressions


@pytest.mark.parametrize(
    ("why", "when", "doubtful"),
    [
        ({"status_reason": "疾病进展 (disease progression)"}, date(2026, 9, 2), False),
        ({"status_reason": "Progressive disease"}, date(2026, 9, 2), False),
        ({"status_reason": "疑似疾病进展"}, date(2026, 9, 2), True),
        ({"reason_code": "鼻咽癌肝转移进展"}, D0, False),  # given for it: dated by its start
    ],
)
def test_lot_therapy_reason_a_record_says_the_disease_progressed(
    why: dict[str, str], when: date, doubtful: bool
) -> None:
    (progression,) = _therapy_reason(**why)
    assert (progression.date, progression.doubtful) == (when, doubtful)
    assert progression.condition is not None  # the cancer its reasonReference names
    (reference,) = progression.evidence
    assert reference.startswith("MedicationStatement/")


@pytest.mark.parametrize(
    "why",
    [
        {"status_reason": "免疫相关性肺炎 2级"},  # a toxicity
        {"status_reason": "PD-1相关甲状腺炎"},  # the target, not the RECIST category
        {"reason_code": "鼻咽癌"},
        {"status_reason": "疗效评价SD，按计划停药"},
    ],
)
def test_lot_therapy_reason_other_reasons_are_no_progression(why: dict[str, str]) -> None:
    assert _therapy_reason(**why) == ()


def _withheld(record: str, status: str, reason: str = "疾病进展 (PD)") -> Any:
    """A toripalimab dose of 2026-09-23 recorded as `record` with `status` and `reason`."""
    chart = Chart("withheld")
    chart.patient("male", "1971-06-14")
    cancer = chart.condition(
        concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Nasopharynx")), D0
    )
    why = Why(reason_reference=[cancer], status_reason=concept(reason))
    drug, day = concept("Toripalimab 240 mg"), date(2026, 9, 23)
    if record == "MedicationAdministration":
        chart.medication_administration(drug, day, status=status, why=why)
    elif record == "MedicationRequest":
        chart.medication_request(drug, day, None, status=status, why=why)
    else:
        chart.medication_statement(drug, (day, None), status=status, why=why)
    return build_facts(
        chart.resources, patient_id="withheld", as_of=AS_OF, cache=ValidationCache()
    ).facts


@pytest.mark.parametrize(
    ("record", "status"),
    [
        ("MedicationAdministration", "not-done"),
        ("MedicationRequest", "cancelled"),
        ("MedicationStatement", "not-taken"),
    ],
)
def test_lot_therapy_reason_a_dose_not_given_for_progression_documents_it(
    record: str, status: str
) -> None:
    """LOT-THERAPY-REASON: a dose withheld because the disease progressed is no exposure, but
    its reason is a dated record of the progression, about the cancer it names."""
    facts = _withheld(record, status)
    assert facts.exposures == ()
    (progression,) = facts.progressions
    assert (progression.date, progression.doubtful) == (date(2026, 9, 23), False)
    assert progression.condition is not None
    assert progression.evidence[0].startswith(f"{record}/")


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("entered-in-error", "疾病进展 (PD)"),  # never happened, nor did its reason
        ("not-done", "中性粒细胞减少 3级"),  # withheld for a toxicity
    ],
)
def test_lot_therapy_reason_not_from_an_error_or_another_reason(status: str, reason: str) -> None:
    assert _withheld("MedicationAdministration", status, reason).progressions == ()


def _first_line_chart(pid: str, diagnosis: str) -> Chart:
    """NPC (C11.9, in `diagnosis`'s words) from D0: GP + toripalimab x4 every 21 days, then
    toripalimab x4."""
    chart = Chart(pid)
    chart.patient("male", "1971-06-14")
    chart.condition(concept(diagnosis, (ICD10CM, "C11.9", "Nasopharynx")), D0)
    for cycle in range(8):
        day = D0 + timedelta(days=21 * cycle)
        chart.medication_administration(concept("Toripalimab 240 mg"), day)
        if cycle < 4:
            chart.medication_administration(concept("Cisplatin 顺铂"), day)
            chart.medication_administration(concept("Gemcitabine 吉西他滨"), day)
    return chart


def _progressed_in_diagnosis_then(day: date) -> Any:
    """NPC begun D0 as "鼻咽癌IVB期 一线治疗后进展"; GP + toripalimab from D0 and toripalimab on;
    capecitabine from `day`."""
    chart = _first_line_chart("undated", "鼻咽癌IVB期 一线治疗后进展")
    chart.medication_administration(concept("Capecitabine 卡培他滨"), day)
    return build_facts(
        chart.resources, patient_id="undated", as_of=AS_OF, cache=ValidationCache()
    ).facts.lines


def test_lot_progression_undated_a_drug_added_later_may_begin_a_line() -> None:
    """LOT-PROGRESSION-UNDATED: the words say it progressed; their date is the diagnosis's."""
    first, possible = _progressed_in_diagnosis_then(date(2026, 9, 2))
    assert "capecitabine" in first.agents
    assert possible.possible
    assert possible.after_doubtful_progression == '"鼻咽癌IVB期 一线治疗后进展" (undated)'


def test_lot_progression_undated_not_within_the_regimen_window() -> None:
    (line,) = _progressed_in_diagnosis_then(D0 + timedelta(days=7))
    assert not line.possible


def _doubt_then(drug: str) -> Any:
    """GP + toripalimab from D0, a CT report in doubt on 2026-08-25, then `drug`."""
    chart = _first_line_chart("doubt", "Nasopharyngeal carcinoma")
    chart.diagnostic_report(
        concept("胸部CT增强扫描"), date(2026, 8, 25), conclusion="右肺新发小结节，转移待排。"
    )
    chart.medication_administration(concept(drug), date(2026, 9, 2))
    return build_facts(
        chart.resources, patient_id="doubt", as_of=AS_OF, cache=ValidationCache()
    ).facts.lines


def test_lot_new_lesion_a_new_drug_after_a_doubt_may_begin_a_line() -> None:
    first, possible = _doubt_then("Capecitabine 卡培他滨")
    assert first.number == 1
    assert "capecitabine" in first.agents  # read as maintenance still
    assert possible.possible
    assert possible.agents == ("capecitabine",)
    assert possible.after_doubtful_progression == '"右肺新发小结节，转移待排" (2026-08-25)'


def test_lot_new_lesion_an_agent_given_on_after_a_doubt_is_the_line() -> None:
    (line,) = _doubt_then("Toripalimab 240 mg")
    assert not line.possible


def test_exp_given_a_drug_not_known_started_after_progression_is_a_possible_line() -> None:
    """EXP-GIVEN, LOT-PROGRESSION: toripalimab maintenance runs on past a progression on day
    139; capecitabine of status `unknown` from day 147 is not held by the first line (a known
    new drug there would start the second): it is a possible line, unconfirmed."""
    unknown = given(
        'capecitabine (record status "unknown")',
        147,
        resolved=False,
        unconfirmed=True,
    )
    maintenance = [given("toripalimab", day) for day in (126, 147, 168)]
    first = cycles("cisplatin", "gemcitabine", "toripalimab")
    line, possible = lines_of([*first, *maintenance, unknown], _progressed_on(139))
    assert (line.agents, line.unresolved) == (("cisplatin", "gemcitabine", "toripalimab"), ())
    assert (possible.possible, possible.unconfirmed, possible.start) == (
        True,
        True,
        D0 + timedelta(days=147),
    )
    # Before the progression, the same record is the first line's drug not known.
    (line,) = lines_of([*first, *maintenance, unknown], _progressed_on(150))
    assert line.unresolved == ('capecitabine (record status "unknown")',)


@pytest.mark.parametrize(
    ("scenario", "owners"),
    [
        (
            "rw_npc_resolved_then_lung_adenocarcinoma_chemo",
            [(date(2026, 4, 8), "non_small_cell_lung_cancer")],
        ),
        (
            "rw_lung_squamous_chemo_before_untreated_npc",
            [(date(2024, 2, 27), "non_small_cell_lung_cancer")],
        ),
        (
            "rw_lung_adenocarcinoma_chinese_treated_2023",
            [(date(2023, 6, 1), "non_small_cell_lung_cancer"), (D0, "nasopharyngeal_carcinoma")],
        ),
    ],
)
def test_lot_cancer_a_second_cancer_named_by_organ_and_histology_owns_its_therapy(
    scenario: str, owners: list[tuple[date, str]]
) -> None:
    """LOT-CANCER, DX-PLACE: a lung cancer written "右肺腺癌" or "右肺鳞癌" is a cancer of its
    own, and the chemotherapy given after its diagnosis is its line, not the NPC's (before 7
    December 2026 the words named no cancer, and pemetrexed + carboplatin, or platinum +
    PD-1, was read as an NPC line)."""
    lines = _facts(scenario).facts.lines
    assert [(line.start, line.cancer_type) for line in lines] == owners
    assert not any(line.unattributed for line in lines)


INTRATHECAL_ROUTE = concept("鞘内注射", ("http://snomed.info/sct", "72607000", "Intrathecal route"))
IV_ROUTE = concept("静脉滴注", ("http://snomed.info/sct", "47625008", "Intravenous route"))


@pytest.mark.parametrize(
    ("route", "dosage_text", "lines"),
    [
        (INTRATHECAL_ROUTE, None, 1),
        (None, "10mg 鞘注", 1),
        (None, "12 mg intrathecal via lumbar puncture", 1),
        # Given into a vein, methotrexate is systemic therapy: a new agent, a new line.
        (IV_ROUTE, None, 2),
        (None, None, 2),
    ],
)
def test_lot_supportive_intrathecal_chemotherapy_makes_no_line(
    route: dict[str, Any] | None, dosage_text: str | None, lines: int
) -> None:
    """LOT-SUPPORTIVE: an anticancer drug given into the CSF (the intrathecal route, SNOMED CT
    72607000, or its words 鞘内 / 鞘注 / intrathecal in the dosage) treats the leptomeninges,
    not the body: no line of systemic therapy (Saini & Twelves 2021 count systemic anti-cancer
    therapy). Before 7 December 2026 (twenty-fifth session) intrathecal methotrexate months after
    the first line was a second line, `prior-lines` of NCT07188584 not met — a wrong exclusion
    (chart `rw_meningeal_metastases_intrathecal_mtx_chinese`)."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("鼻咽癌", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx")))
    first = date(2026, 4, 8)
    for cycle in range(4):
        day = first + timedelta(days=21 * cycle)
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept("特瑞普利单抗注射液 (Toripalimab)"), day)
    for week in range(3):
        chart.medication_administration(
            concept("甲氨蝶呤注射液 (Methotrexate)"),
            date(2026, 10, 9) + timedelta(days=7 * week),
            route=route,
            dosage_text=dosage_text,
        )
    bundle = chart.bundle()
    facts = build_facts([bundle], patient_id="p", as_of=AS_OF, cache=ValidationCache()).facts
    assert len(facts.lines) == lines


def _vague(onset: date, within: str | None = "solid_tumor") -> CancerDiagnosis:
    """A carcinoma named by its histology alone ("Squamous cell carcinoma"): not placed."""
    return CancerDiagnosis(
        evidence=("Condition/scc",),
        cancer_type=None,
        within=within,
        text="Squamous cell carcinoma",
        onset=onset,
        clinical_status="active",
    )


@pytest.mark.parametrize("onset", [date(2026, 3, 18), date(2026, 3, 20), date(2026, 4, 10)])
def test_lot_cancer_a_cancer_not_placed_entered_with_a_placed_one_it_may_be_is_that_one(
    onset: date,
) -> None:
    """LOT-CANCER: "Squamous cell carcinoma" (no organ: some solid tumour) entered within 30
    days of the NPC's diagnosis is most likely the NPC's histology entered again: it does not
    take the GP + toripalimab from the NPC. Before 7 December 2026 (twenty-fifth session,
    cancers6) such an entry, once read, left every line unattributed."""
    (line,) = lines_of(FIRST_LINE, _new_and_old(_vague(onset)))
    assert (line.cancer_type, line.unattributed) == ("nasopharyngeal_carcinoma", False)


@pytest.mark.parametrize(
    ("vague", "others"),
    [
        # Entered five months before the NPC, and not quiet: it may be another cancer treated.
        (_vague(date(2025, 10, 20)), ()),
        # Its node cannot hold the NPC (some gastrointestinal cancer).
        (_vague(date(2026, 3, 20), within="gastrointestinal_cancer"), ()),
        # Two placed cancers it may be: which one is not known.
        (_vague(date(2026, 3, 20)), (LUNG,)),
    ],
)
def test_lot_cancer_a_cancer_not_placed_stays_a_cancer_of_its_own(
    vague: CancerDiagnosis, others: tuple[CancerDiagnosis, ...]
) -> None:
    """LOT-CANCER: an entry not placed is that placed cancer only when entered with it (within
    the 30 days' lead either way), its node holds it, and it is the only placed candidate it
    may be; otherwise the line stays unattributed among them."""
    (line,) = [
        li for li in lines_of(FIRST_LINE, _new_and_old(vague, *others)) if "cisplatin" in li.agents
    ]
    assert line.unattributed


@pytest.mark.parametrize("text", ["腺癌", "Adenocarcinoma", "Signet ring cell carcinoma"])
def test_lot_cancer_a_histology_the_placed_cancer_cannot_have_is_a_cancer_of_its_own(
    text: str,
) -> None:
    """LOT-CANCER: an adenocarcinoma naming no organ, entered two days after the NPC's diagnosis,
    is no NPC (NPC is a squamous or undifferentiated carcinoma): a second cancer found with it,
    so the GP + toripalimab stays unattributed."""
    kinds = histology_sites(CodedText((), text))  # as DX-PLACE reads the entry's words
    vague = _vague(date(2026, 3, 20)).model_copy(update={"text": text, "histology_may_be": kinds})
    (line,) = [li for li in lines_of(FIRST_LINE, _new_and_old(vague)) if "cisplatin" in li.agents]
    assert line.unattributed


def _first_line_then(add: Any, drug: str = "甲氨蝶呤注射液 (Methotrexate)") -> int:
    """The number of lines of a chart given cisplatin + toripalimab ×4 from 2026-04-08,
    then what `add` records of methotrexate (or `drug`) from 2026-10-09."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("鼻咽癌", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx")))
    first = date(2026, 4, 8)
    for cycle in range(4):
        day = first + timedelta(days=21 * cycle)
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept("特瑞普利单抗注射液 (Toripalimab)"), day)
    add(chart, concept(drug), date(2026, 10, 9))
    bundle = chart.bundle()
    facts = build_facts([bundle], patient_id="p", as_of=AS_OF, cache=ValidationCache()).facts
    return len(facts.lines)


def _order(route: Any = None, text: str | None = None, status: str = "completed") -> Any:
    def add(chart: Chart, drug: Any, day: date) -> None:
        chart.medication_request(drug, day, day, route=route, dosage_text=text, status=status)

    return add


def _history(route: Any = None, text: str | None = None) -> Any:
    def add(chart: Chart, drug: Any, day: date) -> None:
        chart.medication_statement(drug, day, route=route, dosage_text=text)

    return add


def _mixed_order(chart: Chart, drug: Any, day: date) -> None:
    """One order with two dosages: 12 mg intrathecally and 3 g/m² into a vein."""
    order = chart.medication_request(drug, day, day, route=INTRATHECAL_ROUTE, dosage_text="12mg")
    order["dosageInstruction"].append({"text": "3 g/m2", "route": IV_ROUTE})


def _given(route: Any = None, text: str | None = None) -> Any:
    def add(chart: Chart, drug: Any, day: date) -> None:
        chart.medication_administration(drug, day, route=route, dosage_text=text)

    return add


@pytest.mark.parametrize(
    ("add", "lines"),
    [
        # An order of intrathecal methotrexate: by the route's code, its words, the dosage's.
        (_order(INTRATHECAL_ROUTE), 1),
        (_order(concept("鞘注")), 1),
        (_order(None, "10mg 鞘内注射 d1"), 1),
        (_order(concept("IT")), 1),
        # An outside hospital's history of it.
        (_history(concept("Intrathecal")), 1),
        (_history(None, "12 mg IT, given at the outside hospital"), 1),
        # A cancelled order gave nothing: no line either way.
        (_order(INTRATHECAL_ROUTE, status="cancelled"), 1),
        # Into a vein, or with no route: systemic therapy, a new agent, a new line.
        (_order(IV_ROUTE), 2),
        (_order(None, "3 g/m2 ivgtt"), 2),
        (_history(None, "given at the outside hospital"), 2),
        # An order whose other dosage goes into a vein is systemic too.
        (_mixed_order, 2),
    ],
)
def test_lot_supportive_an_intrathecal_order_or_history_makes_no_line(add: Any, lines: int) -> None:
    """LOT-SUPPORTIVE: an intrathecal drug recorded as an order (MedicationRequest's
    `dosageInstruction.route` or its words) or as another hospital's history (MedicationStatement's
    `dosage.route`) is no line of systemic therapy, as one administered is. Before 7 December 2026
    (twenty-sixth session) only a MedicationAdministration's route was read: an order of
    intrathecal methotrexate was a second line, `prior-lines` of NCT07188584 not met — a wrong
    exclusion (charts `rw_meningeal_metastases_intrathecal_mtx_orders_chinese`,
    `rw_meningeal_metastases_intrathecal_cytarabine_outside_english`)."""
    assert _first_line_then(add) == lines


@pytest.mark.parametrize(
    ("route", "text", "lines"),
    [
        (concept("IT"), None, 1),
        (concept("IT"), "12 mg", 1),
        (None, "IT", 1),
        (None, "12 mg IT", 1),
        (None, "Methotrexate 12mg IT via lumbar puncture", 1),
        (None, "IT MTX 12 mg", 1),
        (None, "鞘注 12mg", 1),
        # "it" the pronoun, in capitals too, is no route.
        (None, "12 mg, flush it afterwards", 2),
        (None, "1 G/M2 IN NS. INFUSE IT OVER 4 HOURS", 2),
        (concept("Intratumoral"), None, 2),
    ],
)
def test_lot_supportive_the_intrathecal_route_abbreviated_it(
    route: Any, text: str | None, lines: int
) -> None:
    """LOT-SUPPORTIVE: "IT", the abbreviation order sheets write for the intrathecal route, is
    read as the route — in capitals, as the route's or the dosage's whole text, after a dose or
    before an intrathecal drug — never as the pronoun. Before 7 December 2026 (twenty-sixth
    session) "12 mg IT" was no route, and intrathecal methotrexate was a second line (chart
    `rw_meningeal_metastases_it_mtx_abbreviated_english`)."""
    assert _first_line_then(_given(route, text)) == lines


def _two_dosages(first: dict[str, Any], second: dict[str, Any]) -> Any:
    """One order whose two dosages are `first` and `second`."""

    def add(chart: Chart, drug: Any, day: date) -> None:
        order = chart.medication_request(drug, day, day)
        order["dosageInstruction"] = [first, second]

    return add


@pytest.mark.parametrize(
    ("first", "second", "lines"),
    [
        # A systemic dosage in words only: the record is systemic too.
        ({"text": "12mg 鞘注 d1", "route": INTRATHECAL_ROUTE}, {"text": "MTX 3 g/m2 ivgtt d1"}, 2),
        ({"text": "12 mg IT"}, {"text": "3 g/m2 IV over 4 h"}, 2),
        ({"text": "12mg 鞘注"}, {"text": "3g/m2 静滴"}, 2),
        ({"text": "12mg 鞘注"}, {"text": "3g/m2 静脉滴注 4小时"}, 2),
        ({"text": "12mg 鞘注"}, {"text": "5mg 静推"}, 2),
        ({"text": "12 mg IT"}, {"text": "2.5 mg po weekly"}, 2),
        ({"text": "12mg 鞘注"}, {"text": "2.5mg 口服 qw"}, 2),
        ({"text": "12mg 鞘注"}, {"text": "15mg 皮下注射"}, 2),
        ({"text": "12 mg IT"}, {"text": "15 mg SC"}, 2),
        ({"text": "12 mg IT"}, {"text": "15 mg IM"}, 2),
        # One dosage's words naming both routes.
        ({"text": "MTX 3 g/m2 ivgtt d1，12mg 鞘注 d2"}, {"text": "d1"}, 2),
        # The other dosage names no route (its timing only, or "d8"): intrathecal only.
        ({"text": "12mg 鞘注 d1"}, {"text": "12mg d8"}, 1),
        ({"text": "12 mg IT"}, {"timing": {"repeat": {"frequency": 1}}}, 1),
        # 鞘内注射 is an injection: 注射 alone names no other route.
        ({"text": "10mg 鞘内注射 d1"}, {"text": "10mg 鞘内注射 d8"}, 1),
    ],
)
def test_lot_supportive_a_dosage_naming_another_route_in_words_is_systemic(
    first: dict[str, Any], second: dict[str, Any], lines: int
) -> None:
    """LOT-SUPPORTIVE: a dosage whose words name a route into the body (ivgtt, "IV", 静滴, 静推,
    口服, "po", 皮下, "SC", "IM"; `other_routes.csv`) is another route beside an intrathecal one,
    as a coded route is: the record is systemic therapy. Before 7 December 2026 (twenty-sixth
    session) only a route element counted, and methotrexate ordered "12mg 鞘注" with "MTX 3 g/m2
    ivgtt d1" (high-dose methotrexate) after progression read as intrathecal only, its line dropped,
    `prior-lines` of NCT07188584 met where the coordinator counts two — an unsafe eligible
    (charts `rw_meningeal_metastases_hd_mtx_ivgtt_and_it_dose_chinese`,
    `rw_meningeal_metastases_hd_mtx_iv_and_it_dose_english`)."""
    assert _first_line_then(_two_dosages(first, second)) == lines


@pytest.mark.parametrize(
    "text",
    [
        "intratumoral (IT) injection",
        "IT injection of T-VEC into the lesion",
        "4 mL IT injection of T-VEC into the lesion",
        "up to 4 mL IT into each lesion",
        "T-VEC 4 mL IT",
        "10 mg intratumoural",
        "10mg 瘤内注射",
    ],
)
def test_lot_supportive_it_meaning_intratumoral_is_not_intrathecal(text: str) -> None:
    """LOT-SUPPORTIVE: "IT" also abbreviates intratumoral (ISMP's error-prone abbreviations):
    a dosage naming an injection into the tumour or lesion (or talimogene, T-VEC, given only so)
    is not intrathecal — the drug stays a systemic line's. Before 7 December 2026 (twenty-sixth
    session) "4 mL IT injection of T-VEC into the lesion" read as intrathecal after a dose."""
    assert _first_line_then(_given(None, text)) == 2
    assert not by_the_intrathecal_route({"text": text})
    assert not by_an_intrathecal_dosage([{"text": "12 mg IT"}, {"text": text}])


@pytest.mark.parametrize(
    "medication",
    [{"text": "Talimogene laherparepvec 10^6 PFU/mL"}, {"text": "T-VEC"}, {"text": "瘤内注射用"}],
)
def test_lot_supportive_it_of_a_drug_given_only_into_the_tumour_is_not_intrathecal(
    medication: dict[str, Any],
) -> None:
    """LOT-SUPPORTIVE: "IT" as the whole route, or after a dose, of a drug given only into the
    tumour (talimogene laherparepvec, T-VEC) is intratumoral: the record is not intrathecal
    (twenty-sixth session). The same dosage of methotrexate stays intrathecal."""
    for dosages in ([{"route": {"text": "IT"}}], [{"text": "4 mL IT"}], {"text": "12 mg IT"}):
        assert not by_an_intrathecal_dosage(dosages, medication)
        assert by_an_intrathecal_dosage(dosages, {"text": "Methotrexate"})


def _named_then(name: str, dosage_text: str | None = None, route: Any = None) -> int:
    """The number of lines of the first line, then methotrexate given 2026-10-09 as `name`."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("鼻咽癌", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx")))
    first = date(2026, 4, 8)
    for cycle in range(4):
        day = first + timedelta(days=21 * cycle)
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept("特瑞普利单抗注射液 (Toripalimab)"), day)
    chart.medication_administration(
        concept(name), date(2026, 10, 9), route=route, dosage_text=dosage_text
    )
    facts = build_facts([chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache())
    return len(facts.facts.lines)


@pytest.mark.parametrize(
    ("name", "dosage_text", "route", "lines"),
    [
        # The ward typed the route into the drug's name, no dosage saying another.
        ("Methotrexate intrathecal 12 mg", None, None, 1),
        ("甲氨蝶呤（鞘注）12mg", None, None, 1),
        ("甲氨蝶呤 鞘内注射 10mg", "d1", None, 1),
        ("IT methotrexate 12 mg", None, None, 1),
        # A dosage naming another route outweighs the name: systemic.
        ("Methotrexate intrathecal 12 mg", "3 g/m2 IV over 4 h", None, 2),
        ("甲氨蝶呤（鞘注）", None, concept("静脉滴注"), 2),
        # A product's labelled use is no route given; nor a name listing routes.
        ("Methotrexate injection 25 mg/mL preservative-free (for intrathecal use)", None, None, 2),
        ("Methotrexate injection (for intrathecal use)", "3 g/m2 over 4 h", None, 2),
        ("Cytarabine injection for intravenous or intrathecal use", None, None, 2),
        ("注射用甲氨蝶呤（可供鞘内注射用）", None, None, 2),
        ("Methotrexate injection", None, None, 2),
    ],
)
def test_lot_supportive_the_intrathecal_route_in_the_drugs_name(
    name: str, dosage_text: str | None, route: Any, lines: int
) -> None:
    """LOT-SUPPORTIVE: with no dosage saying a route, the drug's name naming the intrathecal
    route and no other ("Methotrexate intrathecal", 甲氨蝶呤（鞘注）) is read as the route; a
    product's labelled use ("for intrathecal use": preservative-free methotrexate also goes into
    a vein) is not. Before 7 December 2026 (twenty-sixth session) the name was not read, and
    methotrexate given as "Methotrexate intrathecal 12 mg" was a second line — a wrong
    exclusion (charts `rw_meningeal_metastases_mtx_intrathecal_in_drug_name_english`,
    `rw_meningeal_metastases_mtx_intrathecal_in_drug_name_chinese`; guard
    `rw_hd_mtx_product_for_intrathecal_use_english`)."""
    assert _named_then(name, dosage_text, route) == lines


def test_lot_supportive_the_route_reading_is_memoised_by_content() -> None:
    """LOT-SUPPORTIVE: a dosage's route reading is memoised by its words and route, and a
    dosage of the same content reads the same whether it says intrathecal, another route or
    none (selection asks of every administration)."""
    for dosage, intrathecally in (
        ({"text": "12 mg IT"}, True),
        ({"text": "3 g/m2 IV over 4 h"}, False),
        ({"text": "d1"}, False),
    ):
        assert by_the_intrathecal_route(dosage) is intrathecally
        assert by_the_intrathecal_route(dict(dosage)) is intrathecally
    assert _route_memo.get(("3 g/m2 IV over 4 h", ())) == "another route"


@pytest.mark.parametrize(
    ("name", "intrathecally"),
    [
        ({"text": "Methotrexate intrathecal 12 mg"}, True),
        ({"text": "Methotrexate 3 g/m2 IV"}, False),
        ({"coding": [{"system": "urn:local", "code": "mtx", "display": "甲氨蝶呤（鞘注）"}]}, True),
        ({"coding": [{"system": "urn:local", "code": "mtx", "display": "甲氨蝶呤"}]}, False),
    ],
)
def test_lot_supportive_a_drug_names_reading_is_the_same_validated_or_not(
    name: dict[str, Any], intrathecally: bool
) -> None:
    """LOT-SUPPORTIVE: the drug's name is read once per content (memoised for received JSON and
    for a validated CodeableConcept alike): names that differ only in their words or display
    read apart, and the validated name as the received one (twenty-sixth session)."""
    assert by_an_intrathecal_name(name) is intrathecally
    assert by_an_intrathecal_name(CodeableConcept.model_validate(name)) is intrathecally
    assert by_an_intrathecal_name(dict(name)) is intrathecally


@pytest.mark.parametrize(
    "dosage",
    [
        # Chart `rw_leptomeningeal_mtx_via_subcutaneous_ommaya_english`.
        {"text": "12 mg intrathecally via subcutaneous Ommaya reservoir"},
        {"text": "经皮下Ommaya储液囊鞘内注射 12mg"},
        # Chart `rw_leptomeningeal_mtx_intraventricular_route_english`.
        {"route": {"text": "Intraventricular"}, "text": "2 mg via Ommaya reservoir"},
        {"text": "2 mg intraventricularly"},
        {"text": "甲氨蝶呤 12mg 经Ommaya囊注射"},
        {"text": "12mg 脑室内注射"},
        # Chart `rw_leptomeningeal_mtx_intrathecal_never_iv_chinese`.
        {"text": "12mg 鞘内注射（严禁静脉注射）"},
        {"text": "12 mg IT; not for IV use"},
    ],
)
def test_lot_supportive_intra_csf_through_a_reservoir_or_a_route_forbidden_is_intrathecal(
    dosage: dict[str, Any],
) -> None:
    """LOT-SUPPORTIVE, CNS-METASTASES (7 December 2026, twenty-seventh session, red-team
    review): chemotherapy into the ventricles through an Ommaya reservoir is intra-CSF therapy as
    intrathecal is; the reservoir's "subcutaneous" (皮下) names where it sits, and a route
    forbidden ("严禁静脉注射", "not for IV use") no route given. Before it each was a systemic
    line: methotrexate for leptomeningeal disease after progression a second line, `prior-lines`
    not met, a wrong exclusion."""
    assert by_an_intrathecal_dosage([dosage])


@pytest.mark.parametrize(
    "dosage",
    [
        {"text": "5 mg subcutaneously"},
        {"text": "皮下注射 d1"},
        {"text": "MTX 3 g/m2 ivgtt d1，12mg 鞘注 d2"},
        {"text": "IV, not for intrathecal use"},
        {"route": {"text": "Intravenous"}, "text": "after intraventricular haemorrhage work-up"},
    ],
)
def test_lot_supportive_another_route_given_stays_systemic(dosage: dict[str, Any]) -> None:
    """LOT-SUPPORTIVE (twenty-seventh session, red-team review): a route into the body that is
    given, not forbidden nor a reservoir's place, keeps the record systemic."""
    assert not by_an_intrathecal_dosage([dosage])


# --- 7 December 2026, twenty-seventh session: LOT-SUPPORTIVE, EXP-NAMES ----------------------


@pytest.mark.parametrize(
    ("route", "text", "lines"),
    [
        # Hydration, saline, an antiemetic or a supportive drug by a vein beside the dose.
        (concept("IT"), "12 mg IT via lumbar puncture; IV hydration with normal saline 500 mL", 1),
        (INTRATHECAL_ROUTE, "10mg 鞘内注射 d1；昂丹司琼 8mg 静推 预防呕吐", 1),
        (None, "12 mg IT; ondansetron 8 mg IV before", 1),
        (None, "12mg 鞘注，水化 静滴", 1),
        (None, "12 mg IT; dexamethasone 4 mg IV premedication", 1),
        # The drug's own clause names the vein: systemic, whatever is given beside it.
        (None, "12 mg IT, MTX 3 g/m2 IV with hydration", 2),
        (None, "MTX 3 g/m2 ivgtt d1，12mg 鞘注 d2", 2),
        (None, "12 mg IT then 3 g/m2 IV over 4 h", 2),
        # Another route in words with no intrathecal dose beside it: systemic as before.
        (None, "IV hydration; 3 g/m2 over 4 h", 2),
    ],
)
def test_lot_supportive_another_routes_words_for_what_is_given_beside(
    route: Any, text: str, lines: int
) -> None:
    """LOT-SUPPORTIVE: beside an intrathecal dose, a clause of the dosage's words naming another
    route and what is given beside the drug — hydration, saline, premedication, an antiemetic
    (`given_beside.csv`) or a supportive drug of `drugs.csv` — and no anticancer drug is that
    item's route, not the drug's. Before 7 December 2026 (twenty-seventh session) "12 mg IT via
    lumbar puncture; IV hydration with normal saline 500 mL" and "10mg 鞘内注射 d1；昂丹司琼 8mg
    静推 预防呕吐" made the methotrexate systemic, a second line: `prior-lines` of NCT07188584 not
    met where the coordinator counts one — a wrong exclusion (charts
    `rw_meningeal_metastases_it_mtx_with_iv_hydration_english`,
    `rw_meningeal_metastases_it_mtx_with_iv_antiemetic_chinese`)."""
    assert _first_line_then(_given(route, text)) == lines
    dosage = {"text": text} | ({} if route is None else {"route": route})
    assert by_the_intrathecal_route(dosage) is (lines == 1)


@pytest.mark.parametrize(
    ("route", "text", "lines"),
    [
        (concept("Intraventricular"), "2 mg via Ommaya reservoir", 1),
        (None, "30mg 经Ommaya囊脑室内注射", 1),
        (None, "2 mg intraventricularly via Ommaya", 1),
        (concept("Intracerebroventricular route", (SNOMED, "420719007", "ICV route")), None, 1),
        (concept("脑室内注射"), None, 1),
        # The heart's ventricle is no way into the CSF: another route, systemic.
        (concept("Intraventricular route - cardiac", (SNOMED, "420287000", "cardiac")), None, 2),
        # Through the reservoir, and by a vein in the drug's own clause: systemic.
        (None, "2 mg via Ommaya; 3 g/m2 IV over 4 h", 2),
    ],
)
def test_lot_supportive_into_the_ventricles_through_an_ommaya_reservoir(
    route: Any, text: str | None, lines: int
) -> None:
    """LOT-SUPPORTIVE: a drug given into the cerebral ventricles (an Ommaya reservoir,
    "Intraventricular", 脑室内注射, SNOMED CT 420719007 Intracerebroventricular route) goes into
    the CSF as an intrathecal dose does: no systemic line. Before 7 December 2026
    (twenty-seventh session) the route "Intraventricular" was a route that is not intrathecal,
    and methotrexate "2 mg via Ommaya reservoir" a second line — a wrong exclusion (charts
    `rw_meningeal_metastases_mtx_via_ommaya_english`,
    `rw_meningeal_metastases_cytarabine_ommaya_chinese`)."""
    assert _first_line_then(_given(route, text)) == lines


def _referenced_then(name: str, kind: str, dosage_text: str | None = None) -> int:
    """The number of lines of the first line, then an order (`kind` "request") or an
    administration of the Medication `name` (referenced, not contained) from 2026-10-09."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("鼻咽癌", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx")))
    first = date(2026, 4, 8)
    for cycle in range(4):
        day = first + timedelta(days=21 * cycle)
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept("特瑞普利单抗注射液 (Toripalimab)"), day)
    drug = chart.medication(concept(name))
    for day in (date(2026, 10, 9), date(2026, 10, 16)):
        if kind == "request":
            chart.medication_request(drug, day, day, dosage_text=dosage_text)
        else:
            chart.medication_administration(drug, day, dosage_text=dosage_text)
    facts = build_facts([chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache())
    return len(facts.facts.lines)


@pytest.mark.parametrize(
    ("name", "kind", "dosage_text", "lines"),
    [
        ("Methotrexate 12 mg intrathecal injection", "request", None, 1),
        ("Methotrexate 12 mg intrathecal injection", "administration", None, 1),
        ("甲氨蝶呤注射液（鞘注）", "administration", "12mg d1", 1),
        # A dosage naming another route outweighs the name, kept by selection to be read.
        ("Methotrexate 12 mg intrathecal injection", "request", "3 g/m2 IV over 4 h", 2),
        ("Methotrexate 12 mg intrathecal injection", "administration", "3 g/m2 IV over 4 h", 2),
        # A product's labelled use is no route given.
        ("Methotrexate injection preservative-free (for intrathecal use)", "request", None, 2),
        ("Methotrexate injection", "administration", None, 2),
    ],
)
def test_lot_supportive_the_intrathecal_route_in_a_referenced_medications_name(
    name: str, kind: str, dosage_text: str | None, lines: int
) -> None:
    """LOT-SUPPORTIVE: a record naming its drug by a Medication resource (`medicationReference`)
    whose name says intrathecal ("Methotrexate 12 mg intrathecal injection", the pharmacy item)
    is read as a record whose own name says so. Before 7 December 2026 (twenty-seventh session)
    the Medication's name was not read for the route, and two orders of it were a second line —
    a wrong exclusion (chart `rw_meningeal_mets_it_in_medication_resource`)."""
    assert _referenced_then(name, kind, dosage_text) == lines


@pytest.mark.parametrize(
    ("name", "text", "lines"),
    [
        # MTX is methotrexate: intrathecal, no line; into a vein, a new agent, a new line.
        ("MTX", "12 mg IT", 1),
        ("鞘注MTX 12mg", None, 1),
        ("MTX", "40 mg/m2 IV push weekly", 2),
        ("HD-MTX", "3 g/m2 ivgtt d1", 2),
    ],
)
def test_exp_names_mtx_is_methotrexate(name: str, text: str | None, lines: int) -> None:
    """EXP-NAMES, LOT-SUPPORTIVE: "MTX" (and "HD-MTX") is methotrexate, as oncology and Chinese
    wards write it (甲氨蝶呤(MTX)); misread for mitoxantrone it would still be chemotherapy, so
    no line changes. Before 7 December 2026 (twenty-seventh session) a record of "MTX" named no
    drug the tables know: weekly "MTX 40 mg/m2 IV" after progression made no line, an unsafe
    eligible (chart `rw_weekly_mtx_after_progression_english`), and "MTX 12 mg IT" no exposure
    to show the leptomeninges (`rw_meningeal_metastases_mtx_abbreviated_it_english`)."""
    assert _named_then(name, text) == lines
    assert drug_table().agents_in(name) == ("methotrexate",)


@pytest.mark.parametrize(
    ("effective", "start", "end"),
    [
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31)),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-03-18", date(2026, 3, 18), None),
        ("2026", date(2026, 1, 1), None),
    ],
)
def test_lot_regimen_a_cycle_dated_by_its_month_was_given_some_day_of_it(
    effective: str, start: date, end: date | None
) -> None:
    """LOT-REGIMEN, LOT-AUGMENTATION (7 December 2026, twenty-seventh session): a
    MedicationStatement dated only "2026-03" (an outside cycle entered as history) was given some
    day of March: its exposure spans the month, so GP + toripalimab here from 2026-04-08 runs on
    from it as one line (toripalimab joins the running doublet). Before, it was given on
    2026-03-01, 38 days before, and toripalimab read as begun after the chemotherapy: a possible
    second line. A full date or a year alone is read as before."""
    chart = Chart("by-month")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Nasopharynx")), D0)
    record = chart.medication_statement(concept("Cisplatin"), date(2026, 3, 1))
    record["effectiveDateTime"] = effective
    facts = build_facts(
        chart.resources, patient_id="by-month", as_of=AS_OF, cache=ValidationCache()
    ).facts
    (exposure,) = [e for e in facts.exposures if e.agent == "cisplatin"]
    assert (exposure.start, exposure.end) == (start, end)
    if effective == "2026-03":
        for drug in ("Cisplatin", "Gemcitabine", "Toripalimab"):
            chart.medication_administration(concept(drug), D0)
        facts = build_facts(
            chart.resources, patient_id="by-month", as_of=AS_OF, cache=ValidationCache()
        ).facts
        assert [(li.possible, li.agents) for li in facts.lines] == [
            (False, ("cisplatin", "gemcitabine", "toripalimab"))
        ]


@pytest.mark.parametrize(
    ("status", "ongoing"), [("completed", False), ("active", True), ("intended", None)]
)
def test_gen_as_of_a_cycle_dated_by_the_current_month_ends_by_the_day(
    status: str, ongoing: bool | None
) -> None:
    """GEN-AS-OF, LOT-IN-PROGRESS (7 December 2026, twenty-eighth session): a MedicationStatement
    dated only by the month of `as_of` ("2026-11" on 2026-11-25) was given some day of it up to
    that day: its exposure ends on `as_of`, so a `completed` one does not keep its line running
    (before, it ended on the month's last day, after `as_of`: the line read as still in its first
    cycles and `prior-lines` unknown). One `active` still runs; one `intended` was not given."""
    chart = Chart("this-month")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("Nasopharyngeal carcinoma", (ICD10CM, "C11.9", "Nasopharynx")), D0)
    record = chart.medication_statement(concept("Cisplatin"), date(2026, 11, 1), status=status)
    record["effectiveDateTime"] = "2026-11"
    facts = build_facts(
        chart.resources, patient_id="this-month", as_of=AS_OF, cache=ValidationCache()
    ).facts
    if ongoing is None:
        assert facts.lines == ()
        return
    (exposure,) = [e for e in facts.exposures if e.agent == "cisplatin"]
    assert (exposure.start, exposure.end) == (date(2026, 11, 1), AS_OF)
    (line,) = facts.lines
    assert line.ongoing is ongoing


@pytest.mark.parametrize(
    ("text", "supportive"),
    [
        ("奥氮平/安慰剂 5mg（盲法）", True),
        ("Olanzapine 5 mg or placebo", True),
        ("Ondansetron or placebo", True),
        ("研究药物（盲法）漱口液", True),
        ("Study drug (blinded) mouthwash", True),
        # An anticancer drug against placebo, or a study drug naming nothing: not supportive.
        ("Toripalimab or placebo", False),
        ("研究药物（盲法）", False),
        ("Docetaxel or placebo", False),
    ],
)
def test_exp_blinded_a_supportive_care_study_gives_no_anticancer_drug(
    text: str, supportive: bool
) -> None:
    """EXP-BLINDED, LOT-SUPPORTIVE (7 December 2026, twenty-seventh session (red-team review)):
    a supportive drug against placebo, or a blinded mouthwash or cream, gives no anticancer
    exposure (charts `rw_olanzapine_or_placebo_study_during_maintenance_chinese`,
    `rw_blinded_study_mouthwash_during_maintenance_english`); before it each was a blinded
    study drug, and begun mid-line a possible second line."""
    concept = CodedText(text=text)
    recorded = Recorded(("MedicationAdministration/x",), D0, D0, "completed", "x", None, (), None)
    given_drugs = exposures_of(recorded, concept, None, agents_named(concept))
    assert (not any(e.antineoplastic for e in given_drugs)) is supportive


@pytest.mark.parametrize(
    ("words", "supportive"),
    [
        ("2粒 口服 tid 保肝", True),
        ("1 capsule po bid for nausea (antiemetic study)", True),
        ("8mg 口服 止吐 d1-3", True),
        ("1 tab po bid, hepatoprotective study", True),
        ("10 mL 含漱 qid", True),
        # Words of what is given beside the drug, or none of a purpose: may be anticancer.
        ("200mg 静滴 d1，止吐预处理后给药", False),
        ("200 mg IV after antiemetic premedication", False),
        ("200 mg IV q3w", False),
        ("2粒 口服 tid", False),
    ],
)
def test_exp_blinded_a_supportive_purpose_in_the_dosage_words(words: str, supportive: bool) -> None:
    """EXP-BLINDED, LOT-SUPPORTIVE (7 December 2026, twenty-eighth session): a blinded study
    drug naming no drug whose dosage's words say what it is for — an antiemetic, the liver's
    protection (保肝), a mouth rinse — is a supportive-care study: no anticancer exposure, no
    possible line; words of an antiemetic given beside it ("止吐预处理后") are not its purpose.
    Before it the dosage's words were not read (and selection dropped an administration's), and
    such a drug begun beside the maintenance was a possible second line, prior lines unknown
    (charts `rw_blinded_study_drug_liver_protection_chinese`,
    `rw_blinded_study_drug_for_nausea_during_maintenance_english`)."""
    concept = CodedText(text="研究药物（盲法）")
    recorded = Recorded(
        ("MedicationAdministration/x",),
        D0,
        D0,
        "completed",
        "MedicationAdministration",
        None,
        (),
        None,
    )
    record = {"dosage": {"text": words}}
    given_drugs = exposures_of(recorded, concept, None, agents_named(concept), record)
    assert (given_drugs == []) is supportive


@pytest.mark.parametrize("add", [_given, _history, _order])
def test_exp_blinded_selection_keeps_a_blinded_drugs_dosage_words(add: Any) -> None:
    """EXP-BLINDED (twenty-eighth session): selection keeps the dosage's words of a blinded
    study drug given, taken or ordered, so a supportive purpose written there is read through
    the whole pipeline: "保肝" is no possible line; the same drug with words of no purpose is."""
    study = "研究药物（盲法）"
    assert _first_line_then(add(None, "2粒 口服 tid 保肝"), study) == 1
    assert _first_line_then(add(None, "2粒 口服 tid"), study) == 2


# --- 7 December 2026, twenty-eighth session: LOT-SUPPORTIVE, "IT injection" of a drug given into
# the CSF --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "route", "text", "lines"),
    [
        ("甲氨蝶呤注射液 (Methotrexate)", None, "IT injection 12 mg", 1),
        ("甲氨蝶呤注射液 (Methotrexate)", None, "IT inj. 12mg", 1),
        ("阿糖胞苷 (Cytarabine)", None, "IT inj. 50mg", 1),
        ("Thiotepa", None, "IT injection 10 mg", 1),
        ("甲氨蝶呤注射液 (Methotrexate)", concept("IT injection"), "12 mg", 1),
        ("甲氨蝶呤注射液 (Methotrexate)", None, "IT injection 12 mg; NS 5 mL IV flush", 1),
        ("Methotrexate IT injection 12 mg", None, None, 1),
        # The drug's own clause by a vein: systemic.
        ("甲氨蝶呤注射液 (Methotrexate)", None, "IT injection 12 mg; 3 g/m2 IV over 4 h", 2),
        # A drug not given into the CSF: no route read, as before.
        ("Docetaxel", None, "IT injection 20 mg", 2),
        # The pronoun, and IT into the tumour, are not intrathecal.
        ("甲氨蝶呤注射液 (Methotrexate)", None, "12 MG IN NS. GIVE IT INJ SLOWLY IV", 2),
        ("甲氨蝶呤注射液 (Methotrexate)", None, "IT injection into the lesion 10 mg", 2),
    ],
)
def test_lot_supportive_it_injection_of_a_drug_given_into_the_csf(
    drug: str, route: Any, text: str | None, lines: int
) -> None:
    """LOT-SUPPORTIVE: "IT injection" with no dose before it ("IT injection 12 mg", "IT inj.
    50mg") is intrathecal or intratumoral — neither a vein — and, of a drug given into the CSF
    (methotrexate, cytarabine, thiotepa), intrathecal: no systemic line. Before 7 December 2026
    (twenty-eighth session) it was no route, the drug a second line: `prior-lines` of NCT07188584
    not met where the coordinator counts one — a wrong exclusion (charts
    `rw_meningeal_metastases_mtx_it_injection_english`,
    `rw_meningeal_metastases_cytarabine_it_inj_chinese`)."""
    assert _first_line_then(_given(route, text), drug) == lines


# --- 7 December 2026, twenty-seventh session: LOT-SUPPORTIVE, a bare volume, a lumbar puncture,
# a reference's display ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        # A bag's volume by a vein and no dose beside an intrathecal dose: the fluids.
        ("12 mg IT, IV 500 mL", 1),
        ("12mg 鞘注，静滴 1000ml", 1),
        ("12 mg IT; IV at 100 mL/h", 1),
        ("12 mg IT, IV 1 L", 1),
        # A dose beside the volume is the drug's: high-dose methotrexate, systemic.
        ("12 mg IT, 3 g/m2 IV in 500 mL over 4 h", 2),
        ("12 mg IT, IV 25 mg/mL 200 mL", 2),
        # A small volume and no dose is a flush or a diluent, not the drug (twenty-eighth
        # session: before it the drug's, systemic).
        ("12 mg IT, IV 5 mL", 1),
        ("MTX 12 mg IT; IV 5 mL", 1),
        ("12mg 鞘注，静推 10ml", 1),
        # A dose in the small volume's clause is the drug's: systemic.
        ("12 mg IT, IV 50 mg in 5 mL", 2),
        # No intrathecal dose beside it: another route, systemic as before.
        ("IV 500 mL", 2),
    ],
)
def test_lot_supportive_a_bare_volume_beside_an_intrathecal_dose_is_fluids(
    text: str, lines: int
) -> None:
    """LOT-SUPPORTIVE: beside an intrathecal dose, a clause naming another route and only a
    bag's volume (50 mL or more, or litres; no mass, no units, no per m²) is the fluids given
    beside it, not the drug: no methotrexate dose is written in millilitres alone. Before
    7 December 2026 (twenty-seventh session) "12 mg IT, IV 500 mL" made the record systemic, a
    second line, `prior-lines` of NCT07188584 not met where the coordinator counts one — a wrong
    exclusion (chart `rw_meningeal_metastases_it_mtx_iv_bare_volume_english`; guard
    `rw_meningeal_metastases_it_mtx_iv_dose_and_volume_english`)."""
    assert _first_line_then(_given(None, text)) == lines
    assert by_the_intrathecal_route({"text": text}) is (lines == 1)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("MTX 12 mg IT; IV 5 mL", 1),
        ("MTX 12 mg IT; NS 5 mL IV flush", 1),
        ("12 mg IT, IV 2 mL", 1),
        ("12 mg IT, IV 5 mL over 1 min", 1),
        # The drug's own clause by a vein: systemic.
        ("12 mg IT, 50 mg IV in 5 mL", 2),
        ("MTX 12 mg IV; 5 mL", 2),
    ],
)
def test_lot_supportive_a_flush_volume_beside_an_intrathecal_dose_is_not_the_drugs_route(
    text: str, lines: int
) -> None:
    """LOT-SUPPORTIVE: beside an intrathecal dose, a clause naming a vein and a volume with no
    dose of its own — however small: the line's 5 mL flush, a diluent — is not the drug's route;
    the drug's own route (its dose's) governs. Before 7 December 2026 (twenty-eighth session)
    only a bag of 50 mL or more was so read, and "MTX 12 mg IT; IV 5 mL" was a second line,
    `prior-lines` of NCT07188584 not met where the coordinator counts one — a wrong exclusion
    (chart `rw_meningeal_metastases_it_mtx_iv_flush_volume_english`)."""
    assert _first_line_then(_given(None, text)) == lines
    assert by_the_intrathecal_route({"text": text}) is (lines == 1)


@pytest.mark.parametrize(
    ("route", "text", "lines"),
    [
        (None, "12 mg by lumbar puncture, IT", 1),
        (concept("腰椎穿刺"), "IT injection 10mg", 1),
        (concept("Lumbar puncture"), None, 1),
        (None, "12mg 腰穿注射", 1),
        (None, "12 mg via LP", 1),
        # By a vein in the drug's own clause, a lumbar puncture beside it: systemic.
        (None, "3 g/m2 IV; lumbar puncture for CSF cytology before", 2),
        # "IT injection" of methotrexate: into the CSF (twenty-eighth session; a limit before).
        (None, "IT injection 10mg", 1),
    ],
)
def test_lot_supportive_a_dose_by_lumbar_puncture_is_into_the_csf(
    route: Any, text: str | None, lines: int
) -> None:
    """LOT-SUPPORTIVE, CNS-METASTASES: a dose given by lumbar puncture ("12 mg by lumbar
    puncture", "via LP", a route 腰椎穿刺) goes into the CSF as an intrathecal dose does: no
    systemic line, and an "IT" beside it can mean nothing else. Before 7 December 2026
    (twenty-seventh session) the route "腰椎穿刺" was a route not intrathecal and "12 mg by lumbar
    puncture, IT" no route at all: methotrexate so given a second line, `prior-lines` of
    NCT07188584 not met — wrong exclusions (charts
    `rw_meningeal_metastases_mtx_by_lumbar_puncture_english`,
    `rw_meningeal_metastases_mtx_it_injection_lumbar_puncture_chinese`)."""
    assert _first_line_then(_given(route, text)) == lines


def _displayed_then(
    name: str | None, display: str, kind: str, dosage_text: str | None = None
) -> int:
    """The number of lines of the first line, then two orders (`kind` "request") or
    administrations from 2026-10-09 referencing the Medication `name` (None: one the data does
    not hold) with the reference's display `display`."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("鼻咽癌", (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx")))
    first = date(2026, 4, 8)
    for cycle in range(4):
        day = first + timedelta(days=21 * cycle)
        chart.medication_administration(concept("Cisplatin 顺铂"), day)
        chart.medication_administration(concept("特瑞普利单抗注射液 (Toripalimab)"), day)
    drug = chart.medication(concept(name or "placeholder"))
    for day in (date(2026, 10, 9), date(2026, 10, 16)):
        if kind == "request":
            record = chart.medication_request(drug, day, day, dosage_text=dosage_text)
        else:
            record = chart.medication_administration(drug, day, dosage_text=dosage_text)
        record["medicationReference"]["display"] = display
    bundle = chart.bundle()
    if name is None:
        bundle["entry"] = [
            e for e in bundle["entry"] if e["resource"]["resourceType"] != "Medication"
        ]
    facts = build_facts([bundle], patient_id="p", as_of=AS_OF, cache=ValidationCache())
    return len(facts.facts.lines)


@pytest.mark.parametrize(
    ("name", "display", "kind", "dosage_text", "lines"),
    [
        ("Methotrexate 50 mg/2 mL injection", "Methotrexate 12 mg intrathecal", "adm", None, 1),
        ("Methotrexate 50 mg/2 mL injection", "Methotrexate 12 mg intrathecal", "request", None, 1),
        ("甲氨蝶呤注射液", "甲氨蝶呤 12mg 鞘注", "adm", "d1", 1),
        # A Medication the data does not hold: the display names the drug and its route.
        (None, "Methotrexate 12 mg intrathecal", "adm", None, 1),
        # A dosage naming another route outweighs the display.
        ("Methotrexate 50 mg/2 mL injection", "Methotrexate intrathecal", "adm", "3 g/m2 IV", 2),
        # A name naming another route: no route read from the names.
        ("Methotrexate 1 g IV infusion", "Methotrexate intrathecal", "adm", None, 2),
        # A display naming no route: systemic as before.
        ("Methotrexate 50 mg/2 mL injection", "Methotrexate 50 mg", "adm", None, 2),
    ],
)
def test_lot_supportive_the_intrathecal_route_in_a_references_display(
    name: str | None, display: str, kind: str, dosage_text: str | None, lines: int
) -> None:
    """LOT-SUPPORTIVE, CNS-METASTASES: the `display` of a record's `medicationReference` (the
    EHR's name of the item given: "Methotrexate 12 mg intrathecal") is read for the route as
    the referenced Medication's name is. Before 7 December 2026 (twenty-seventh session) it was
    read for the drug only: methotrexate so given a second line, `prior-lines` of NCT07188584
    not met where the coordinator counts one — a wrong exclusion (chart
    `rw_meningeal_mets_it_in_reference_display`)."""
    assert _displayed_then(name, display, kind, dosage_text) == lines
