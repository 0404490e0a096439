"""What rules work out once per patient (`eligibility.patient_index`, and the memos of
`eligibility.rules`), and the reasons of the rules that read it: unchanged from the
scans they replaced, edge cases included."""

from __future__ import annotations

import gc
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from eligibility_factories import AS_OF, FIRST_LINE, seed_patient
from pydantic import TypeAdapter

from eligibility.compilation import Evaluation, RuleBook, evaluate_criterion
from eligibility.criteria import Criterion
from eligibility.facts import (
    CancerDiagnosis,
    Measurement,
    PatientFacts,
    TherapyExposure,
    TherapyLine,
)
from eligibility.patient_index import ExposureIndex, PerFacts, Received, exposure_index
from eligibility.results import CriterionStatus
from eligibility.taxonomy import CancerTaxonomy, CancerType
from eligibility.vocabulary import Analyte, DrugClass

M = CriterionStatus.MET
N = CriterionStatus.NOT_MET
U = CriterionStatus.UNKNOWN

adapter: TypeAdapter[Criterion] = TypeAdapter(Criterion)


def exposure(agent: str, *classes: DrugClass, ref: str = "", **fields: Any) -> TherapyExposure:
    return TherapyExposure(
        agent=agent,
        classes=frozenset(classes),
        source="MedicationStatement",
        evidence=(f"MedicationStatement/{ref or agent}",),
        **fields,
    )


CISPLATIN_1 = exposure(
    "cisplatin", DrugClass.PLATINUM, DrugClass.CHEMOTHERAPY, ref="c1", start=date(2026, 3, 2)
)
CISPLATIN_2 = exposure(
    "cisplatin", DrugClass.PLATINUM, DrugClass.CHEMOTHERAPY, ref="c2", start=date(2026, 4, 2)
)
CARBOPLATIN_UNDATED = exposure("carboplatin", DrugClass.PLATINUM, ref="k1")
ONDANSETRON = exposure("ondansetron", ref="o1", antineoplastic=False)
# Mapped to a class, named by its brand only: a class-only exposure in effect.
UNNAMED_PD1 = exposure("unknown anti-pd-1", DrugClass.ANTI_PD1, ref="u1")


def test_groups_by_agent_and_class_in_record_order() -> None:
    index = ExposureIndex(
        (CISPLATIN_1, ONDANSETRON, CARBOPLATIN_UNDATED, CISPLATIN_2, UNNAMED_PD1), ()
    )
    platinum = index.drug_class(DrugClass.PLATINUM)
    assert platinum.exposures == (CISPLATIN_1, CARBOPLATIN_UNDATED, CISPLATIN_2)
    assert platinum.agents == "cisplatin, carboplatin"  # distinct, first seen first
    assert platinum.evidence == (
        "MedicationStatement/c1",
        "MedicationStatement/k1",
        "MedicationStatement/c2",
    )
    assert index.agent("cisplatin").exposures == (CISPLATIN_1, CISPLATIN_2)
    # Undated exposures count like dated ones: no rule here asks when.
    assert index.agent("carboplatin").exposures == (CARBOPLATIN_UNDATED,)
    assert index.drug_class(DrugClass.ANTI_PD1).agents == "unknown anti-pd-1"
    # Non-antineoplastic exposures are found by name, but are not anticancer history.
    assert index.agent("ondansetron").exposures == (ONDANSETRON,)
    assert ONDANSETRON not in index.antineoplastic.exposures
    assert index.antineoplastic.agents == "cisplatin, carboplatin, unknown anti-pd-1"


def test_views_are_made_once_from_a_single_pass() -> None:
    index = ExposureIndex(iter((CISPLATIN_1, ONDANSETRON, CISPLATIN_2)), iter(()))
    assert index.agent("cisplatin") is index.agent("cisplatin")
    assert index.drug_class(DrugClass.PLATINUM) is index.drug_class(DrugClass.PLATINUM)
    assert index.antineoplastic is index.antineoplastic
    assert index.antineoplastic.exposures == (CISPLATIN_1, CISPLATIN_2)


def test_absent_agents_and_classes_hold_nothing() -> None:
    index = ExposureIndex((), ())
    assert index.agent("cisplatin") == Received((), (), "", ())
    assert index.drug_class(DrugClass.TAXANE).agents == ""
    assert index.antineoplastic.evidence == ()
    assert index.line(1) is None


def test_lines_by_agent_class_and_number() -> None:
    doubled = TherapyLine(
        number=2,
        agents=("docetaxel", "docetaxel"),
        classes=frozenset({DrugClass.TAXANE}),
        evidence=("MedicationStatement/d1",),
    )
    repeated_number = doubled.model_copy(
        update={"agents": ("paclitaxel",), "evidence": ("MedicationStatement/p1",)}
    )
    index = ExposureIndex((), (FIRST_LINE, doubled, repeated_number))
    assert index.agent("docetaxel").lines == (doubled,)  # listed twice, one hit
    assert index.drug_class(DrugClass.PLATINUM).lines == (FIRST_LINE,)
    taxane = index.drug_class(DrugClass.TAXANE)
    assert taxane.lines == (doubled, repeated_number)
    assert taxane.exposures == ()
    assert taxane.evidence == ("MedicationStatement/d1", "MedicationStatement/p1")
    assert index.line(1) == (FIRST_LINE, FIRST_LINE.evidence)
    assert index.line(2) == (doubled, doubled.evidence)  # the first line numbered 2
    assert index.line(2) is index.line(2)
    assert index.line(3) is None
    repeated = FIRST_LINE.model_copy(update={"evidence": ("Other/a", "Other/b", "Other/a")})
    assert ExposureIndex((), (repeated,)).line(1) == (repeated, ("Other/a", "Other/b"))


def test_evidence_of_exposures_then_lines_without_repeats() -> None:
    index = ExposureIndex((CISPLATIN_1,), (FIRST_LINE,))
    shared = FIRST_LINE.model_copy(update={"evidence": ("MedicationStatement/c1", "Other/x")})
    assert index.agent("cisplatin").evidence == ("MedicationStatement/c1", *FIRST_LINE.evidence)
    index = ExposureIndex((CISPLATIN_1,), (shared,))
    assert index.agent("cisplatin").evidence == ("MedicationStatement/c1", "Other/x")


def test_built_once_per_facts_object_and_never_stale() -> None:
    facts = seed_patient()
    assert exposure_index(facts) is exposure_index(facts)
    # A copy with other exposures is another object: its own index, not the original's.
    copy = facts.model_copy(update={"exposures": (CARBOPLATIN_UNDATED,)})
    assert exposure_index(copy).agent("cisplatin").exposures == ()
    assert exposure_index(facts).agent("cisplatin").exposures != ()


def test_entries_do_not_outlive_their_facts() -> None:
    memo: PerFacts[int] = PerFacts(lambda facts: len(facts.exposures))
    facts: PatientFacts | None = seed_patient()
    assert facts is not None
    assert memo(facts) == 2
    assert len(memo) == 1
    del facts
    gc.collect()
    assert len(memo) == 0


def decide(
    criterion: dict[str, Any], **update: Any
) -> tuple[CriterionStatus, str, tuple[str, ...]]:
    full = {"id": "c", "label": "c", "type": "prior_therapy", **criterion}
    result = evaluate_criterion(adapter.validate_python(full), seed_patient(**update))
    return result.status, result.reason, tuple(result.evidence)


@pytest.mark.parametrize(
    ("criterion", "update", "expected"),
    [
        (  # a class received through several exposures: every agent named once
            {"drug_class": "platinum"},
            {"exposures": (CISPLATIN_1, CARBOPLATIN_UNDATED, CISPLATIN_2), "lines": ()},
            (
                M,
                "Received cisplatin, carboplatin; trial requires platinum-based chemotherapy",
                ("MedicationStatement/c1", "MedicationStatement/k1", "MedicationStatement/c2"),
            ),
        ),
        (  # only a line holds the class: the line is named
            {"drug_class": "anti_pd1", "received": False},
            {"exposures": ()},
            (
                N,
                "Received line 1: cisplatin, gemcitabine, toripalimab from 2026-03-02 to "
                "2026-07-20; trial excludes anti-PD-1 therapy",
                FIRST_LINE.evidence,
            ),
        ),
        (  # supportive drugs only, no lines: no anticancer history at all
            {"agent": "docetaxel"},
            {"exposures": (ONDANSETRON,), "lines": ()},
            (U, "No anticancer therapy recorded; trial requires docetaxel", ()),
        ),
        (  # lines without agent-level exposures
            {"agent": "docetaxel"},
            {"exposures": (ONDANSETRON,)},
            (N, "No docetaxel among recorded lines; trial requires docetaxel", ()),
        ),
        (
            {"agent": "docetaxel"},
            {"exposures": (ONDANSETRON, CISPLATIN_1)},
            (
                N,
                "No docetaxel among cisplatin; trial requires docetaxel",
                ("MedicationStatement/c1",),
            ),
        ),
        (
            {"agent": "docetaxel", "received": False},
            {},
            (M, "No docetaxel recorded; trial excludes docetaxel", ()),
        ),
        (
            {"drug_class": "platinum", "line": 2},
            {},
            (N, "No line 2 recorded; trial requires platinum-based chemotherapy in line 2", ()),
        ),
        (
            {"drug_class": "platinum", "line": 2, "received": False},
            {"lines": ()},
            (M, "No line 2 recorded; trial excludes platinum-based chemotherapy in line 2", ()),
        ),
        (
            {"agent": "cisplatin", "line": 1},
            {"lines": ()},
            (U, "No systemic therapy recorded; trial requires cisplatin in line 1", ()),
        ),
        (
            {"agent": "gemcitabine", "line": 1, "received": False},
            {},
            (
                N,
                "Gemcitabine in line 1: cisplatin, gemcitabine, toripalimab from 2026-03-02 to "
                "2026-07-20; trial excludes gemcitabine in line 1",
                FIRST_LINE.evidence,
            ),
        ),
        (
            {"drug_class": "anti_vegf", "line": 1},
            {},
            (
                N,
                "No anti-VEGF therapy in line 1: cisplatin, gemcitabine, toripalimab from "
                "2026-03-02 to 2026-07-20; trial requires anti-VEGF therapy in line 1",
                FIRST_LINE.evidence,
            ),
        ),
    ],
)
def test_prior_therapy_reasons(
    criterion: dict[str, Any],
    update: dict[str, Any],
    expected: tuple[CriterionStatus, str, tuple[str, ...]],
) -> None:
    assert decide(criterion, **update) == expected


# --- cancer type: diagnoses placed once per patient and taxonomy ---------------------------------


def test_each_taxonomy_places_the_same_facts_its_own_way() -> None:
    facts = seed_patient()
    npc = adapter.validate_python(
        {"id": "c", "label": "c", "type": "cancer_type", "allowed": ["solid_tumor"]}
    )
    tiny = CancerTaxonomy(
        [
            CancerType("solid_tumor", None, "Solid tumour"),
            CancerType("nasopharyngeal_carcinoma", "solid_tumor", "NPC"),
        ]
    )
    assert evaluate_criterion(npc, facts).reason.startswith("Nasopharyngeal carcinoma recorded")
    assert evaluate_criterion(npc, facts, tiny).reason.startswith("NPC recorded")
    assert evaluate_criterion(npc, facts).reason.startswith("Nasopharyngeal carcinoma recorded")


def test_rejected_and_unplaced_diagnoses_are_both_named() -> None:
    breast = CancerDiagnosis(cancer_type="breast_cancer", text="Breast", evidence=("Condition/b",))
    unplaced = CancerDiagnosis(cancer_type=None, text=None, evidence=("Condition/u",))
    refuted = CancerDiagnosis(
        cancer_type="nasopharyngeal_carcinoma",
        verification_status="refuted",
        evidence=("Condition/r",),
    )
    criterion = adapter.validate_python(
        {"id": "c", "label": "c", "type": "cancer_type", "allowed": ["nasopharyngeal_carcinoma"]}
    )
    result = evaluate_criterion(criterion, seed_patient(diagnoses=(refuted, breast, unplaced)))
    assert result.status is U
    assert result.reason == (
        "Breast cancer recorded, and cancer diagnosis not recognised (unnamed cancer); "
        "trial requires Nasopharyngeal carcinoma"
    )
    assert tuple(result.evidence) == ("Condition/u",)


# --- prior lines: one history per patient, read by every bound ----------------------------------


def test_every_prior_lines_rule_reads_the_same_history() -> None:
    book = RuleBook()
    facts = seed_patient(
        lines=(FIRST_LINE, FIRST_LINE.model_copy(update={"number": 2, "evidence": ("X/2",)}))
    )
    evaluation = Evaluation(facts)

    def lines_rule(**bounds: int) -> tuple[CriterionStatus, str, tuple[str, ...]]:
        criterion = adapter.validate_python(
            {"id": "c", "label": "c", "type": "prior_lines", **bounds}
        )
        decision = evaluation.decide(book.compile(criterion).rule)
        return decision.status, decision.reason, decision.evidence

    described = "2 lines recorded (line 1: cisplatin, gemcitabine, toripalimab from 2026-03-02 "
    at_most_one = lines_rule(max_lines=1)
    at_least_two = lines_rule(min_lines=2)
    assert at_most_one[0] is N
    assert at_least_two[0] is M
    for _, reason, evidence in (at_most_one, at_least_two):
        assert reason.startswith(described)
        assert evidence == (*FIRST_LINE.evidence, "X/2")


# --- labs: the factory's prepared rule, within-days windows at the boundary ---------------------


@pytest.mark.parametrize(
    ("drawn", "expected_status", "reason"),
    [
        (
            AS_OF - timedelta(days=14),
            M,
            "ANC 2 10*9/L on 2026-10-18, 14 days before; trial requires ANC ≥ 1.5",
        ),
        (
            AS_OF - timedelta(days=15),
            U,
            "ANC 2 10*9/L on 2026-10-17, 15 days before: older than the 14-day window; "
            "trial requires ANC ≥ 1.5",
        ),
        (
            None,
            U,
            "ANC 2 10*9/L (undated): its age cannot be shown to be within the 14-day window; "
            "trial requires ANC ≥ 1.5",
        ),
        (AS_OF, M, "ANC 2 10*9/L on 2026-11-01; trial requires ANC ≥ 1.5"),
    ],
)
def test_lab_window_boundary(
    drawn: date | None, expected_status: CriterionStatus, reason: str
) -> None:
    criterion = adapter.validate_python(
        {
            "id": "c",
            "label": "c",
            "type": "lab",
            "analyte": "anc",
            "comparator": ">=",
            "value": 1.5,
            "within_days": 14,
        }
    )
    anc = Measurement(
        analyte=Analyte.ANC, value=2.0, unit="10*9/L", date=drawn, evidence=("Observation/a",)
    )
    result = evaluate_criterion(criterion, seed_patient(labs=(anc,)))
    assert result.status is expected_status
    assert result.reason.startswith(reason)
    assert tuple(result.evidence) == ("Observation/a",)


def test_threads_deciding_one_patient_at_once_agree() -> None:
    facts = seed_patient(exposures=(CISPLATIN_1, CARBOPLATIN_UNDATED, CISPLATIN_2, ONDANSETRON))
    book = RuleBook()
    rules = [
        book.compile(
            adapter.validate_python({"id": "c", "label": "c", "type": "prior_therapy", **fields})
        ).rule
        for fields in (
            {"drug_class": "platinum"},
            {"agent": "docetaxel"},
            {"drug_class": "anti_pd1", "line": 1},
        )
    ]
    start = threading.Barrier(8)

    def decide_all(_: int) -> list[tuple[str, tuple[str, ...]]]:
        start.wait()
        evaluation = Evaluation(facts)
        return [(d.reason, d.evidence) for d in map(evaluation.decide, rules)]

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(decide_all, range(8)))
    assert all(outcome == outcomes[0] for outcome in outcomes)
    assert outcomes[0][0][0].startswith("Received cisplatin, carboplatin;")
