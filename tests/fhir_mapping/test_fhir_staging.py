"""Stage assembly and the metastatic status, through build_facts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eligibility.vocabulary import StageKind
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.staging import parse_category, parse_group
from fhir_mapping.terminology import CodedText
from tests.fhir_mapping.conftest import AS_OF

LOINC = "http://loinc.org"
AJCC = "http://cancerstaging.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1970-01-01"}


def _condition(cid: str, code: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": cid,
        "code": {"coding": [{"system": ICD10CM, "code": code}], "text": text},
        "subject": {"reference": "Patient/p1"},
        **extra,
    }


def _stage_obs(oid: str, loinc: str, value: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2026-01-05",
        "valueCodeableConcept": {"coding": [{"system": AJCC, "code": value}]},
        **extra,
    }


def _facts(*resources: Any) -> Any:
    return build_facts(
        [PATIENT, *resources], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts


NPC = _condition("npc", "C11.9", "Nasopharyngeal carcinoma")


def test_tnm_panel_with_components() -> None:
    panel = _stage_obs(
        "panel",
        "21908-9",
        "4B",
        component=[
            {
                "code": {"coding": [{"system": LOINC, "code": code}]},
                "valueCodeableConcept": {"coding": [{"system": AJCC, "code": value}]},
            }
            for code, value in (("21905-5", "cT1"), ("21906-3", "cN3"), ("21907-1", "cM1"))
        ],
    )
    facts = _facts(NPC, panel)
    (stage,) = facts.stages
    assert (stage.t, stage.n, stage.m, stage.group, stage.kind) == (
        "T1",
        "N3",
        "M1",
        "IVB",
        StageKind.CLINICAL,
    )
    assert stage.evidence == ("Observation/panel",)
    assert facts.metastatic.value is True


def test_npc_ivb_without_m_category_implies_metastasis() -> None:
    facts = _facts(NPC, _stage_obs("g", "21908-9", "IVB"))
    assert facts.metastatic.value is True
    assert "IVB" in facts.metastatic.reason


def test_npc_iva_without_m_category_is_unknown() -> None:
    facts = _facts(NPC, _stage_obs("g", "21908-9", "4A"))
    assert facts.metastatic.value is None


def test_regional_nodes_only_are_not_distant_metastasis() -> None:
    nodes = _condition(
        "nodes", "C77.0", "Secondary malignant neoplasm of lymph nodes of head, face and neck"
    )
    facts = _facts(NPC, nodes)
    assert facts.metastatic.value is None
    assert facts.diagnoses[0].cancer_type == "nasopharyngeal_carcinoma"


def test_m0_then_secondary_liver_is_metastatic() -> None:
    liver = _condition("liver", "C78.7", "Secondary malignant neoplasm of liver")
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), liver)
    assert facts.metastatic.value is True
    assert facts.metastatic.evidence == ("Condition/liver",)


def test_m0_alone_is_not_metastatic() -> None:
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"))
    assert facts.metastatic.value is False


def test_refuted_and_inactive_secondaries() -> None:
    refuted = _condition(
        "bone",
        "C79.51",
        "Secondary malignant neoplasm of bone",
        verificationStatus={"coding": [{"code": "refuted"}]},
    )
    facts = _facts(NPC, refuted)
    assert facts.metastatic.value is None


def test_a_resolved_metastasis_was_one() -> None:
    """STG-METASTATIC: a complete response does not restage the cancer."""
    resolved = _condition(
        "bone",
        "C79.51",
        "Secondary malignant neoplasm of bone",
        clinicalStatus={"coding": [{"code": "resolved"}]},
        onsetDateTime="2026-03-25",
        abatementDateTime="2026-09-20",
    )
    facts = _facts(NPC, resolved)
    assert facts.metastatic.value is True
    assert facts.diagnoses[0].metastatic_since == date(2026, 3, 25)


def _held_open(status: str, onset: str) -> dict[str, Any]:
    return _condition(
        "liver",
        "C78.7",
        "Secondary malignant neoplasm of liver",
        verificationStatus={"coding": [{"code": status}]},
        onsetDateTime=onset,
    )


def test_stg_suspected_a_metastasis_held_open_is_unknown_not_metastatic() -> None:
    for status in ("provisional", "differential", "unconfirmed"):
        facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), _held_open(status, "2026-10-30"))
        assert facts.metastatic.value is None, status
        assert facts.metastatic.suspected
        assert facts.metastatic.evidence == ("Condition/liver",)
        # Never a date of spread: a line in progress is not split at a suspicion.
        assert facts.diagnoses[0].metastatic_since is None


def test_stg_suspected_an_m0_staged_after_the_suspicion_rules_it_out() -> None:
    # The stage is dated 2026-01-05: after a suspicion of 2025-12, before one of 2026-02.
    ruled_out = _facts(
        NPC, _stage_obs("m", "21907-1", "cM0"), _held_open("provisional", "2025-12-01")
    )
    assert ruled_out.metastatic.value is False
    still_open = _facts(
        NPC, _stage_obs("m", "21907-1", "cM0"), _held_open("provisional", "2026-02-01")
    )
    assert still_open.metastatic.value is None


def _entry(cid: str, text: str, onset: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": cid,
        "code": {"text": text},
        "subject": {"reference": "Patient/p1"},
        "onsetDateTime": onset,
        **extra,
    }


SUSPECTED_LIVER = _entry("suspected", "肝转移待排", "2026-02-01")


@pytest.mark.parametrize(
    ("suspicion", "refutation"),
    [
        (SUSPECTED_LIVER, _entry("mri", "肝脏MRI：血管瘤，排除转移", "2026-02-10")),
        (SUSPECTED_LIVER, _entry("mri", "排除肝转移", "2026-02-10")),
        (SUSPECTED_LIVER, _entry("mri", "肝转移已排除", "2026-02-01")),
        (
            _held_open("provisional", "2026-02-01"),
            _condition(
                "refuted",
                "C78.7",
                "Secondary malignant neoplasm of liver",
                verificationStatus={"coding": [{"code": "refuted"}]},
                onsetDateTime="2026-02-10",
            ),
        ),
    ],
)
def test_stg_suspected_a_metastasis_ruled_out_since_is_none(
    suspicion: dict[str, Any], refutation: dict[str, Any]
) -> None:
    """STG-SUSPECTED, DX-WORDS: a suspected metastasis a record of its day or later rules out
    (no site named, or the suspicion's) is none, and the M0 staged before it stands; before 7
    December 2026 it kept metastatic status unknown (chart
    `rw_liver_metastasis_suspected_after_m0_then_ruled_out`)."""
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), suspicion, refutation)
    assert (facts.metastatic.value, facts.metastatic.suspected) == (False, False)


@pytest.mark.parametrize(
    "refutation",
    [
        "肝脏MRI：血管瘤，不考虑转移",
        "不考虑肝转移",
        "肝脏MRI：考虑血管瘤，不支持转移",
        "Liver MRI: haemangioma; liver metastasis not favoured",
        "Liver MRI: haemangioma, liver metastases not considered",
    ],
)
def test_stg_suspected_a_metastasis_not_considered_since_is_none(refutation: str) -> None:
    """STG-SUSPECTED, DX-WORDS: 不考虑转移 (not considered), 不支持转移 (not supported) and
    "metastasis not favoured" are the radiologist's verdict against the metastasis: the work-up
    ended as with 排除转移, and the M0 staged before the suspicion stands (chart
    `rw_liver_metastasis_suspected_then_not_considered`)."""
    ruled_out = _entry("mri", refutation, "2026-02-10")
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), SUSPECTED_LIVER, ruled_out)
    assert (facts.metastatic.value, facts.metastatic.suspected) == (False, False)


@pytest.mark.parametrize(
    "refutation",
    [
        _entry("mri", "排除肺转移", "2026-02-10"),  # another site
        _entry("mri", "排除转移", "2026-01-20"),  # before the suspicion
        _entry("mri", "不排除转移", "2026-02-10"),  # not ruled out
        _entry("mri", "不考虑肺转移", "2026-02-10"),  # another site
        _entry("mri", "Liver metastasis not excluded", "2026-02-10"),  # not ruled out
        _entry("mri", "家族史：父亲鼻咽癌，排除转移", "2026-02-10"),  # a relative's
    ],
)
def test_stg_suspected_a_refutation_of_another_site_or_before_leaves_it(
    refutation: dict[str, Any],
) -> None:
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), SUSPECTED_LIVER, refutation)
    assert facts.metastatic.value is None
    assert facts.metastatic.suspected


@pytest.mark.parametrize(
    ("suspicion", "refutation"),
    [
        (SUSPECTED_LIVER, "排除肝脏转移"),
        (SUSPECTED_LIVER, "肝内转移已排除"),
        (_entry("suspected", "CT：肺结节，肝转移待排", "2026-02-01"), "排除肝脏转移"),
        (_entry("suspected", "胸椎转移待排", "2026-02-01"), "骨扫描：排除骨转移"),
        (_entry("suspected", "Suspected liver metastases", "2026-02-01"), "排除肝脏转移"),
        (_entry("suspected", "肝左叶转移待排", "2026-02-01"), "Liver metastases ruled out"),
        (_entry("suspected", "骨髓转移待排", "2026-02-01"), "排除骨髓转移"),
    ],
)
def test_stg_suspected_sites_are_compared_by_the_organ_they_name(
    suspicion: dict[str, Any], refutation: str
) -> None:
    """STG-SUSPECTED: 肝 and 肝脏 (and "liver"), 胸椎 and 骨 are one organ; before 7 December
    2026 sites were compared as written, and "排除肝脏转移" left "肝转移待排" open, so a
    locoregional patient staged cM0 read as possibly metastatic (chart
    `rw_liver_metastasis_suspected_then_ruled_out_other_word`)."""
    ruled_out = _entry("mri", refutation, "2026-02-10")
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), suspicion, ruled_out)
    assert (facts.metastatic.value, facts.metastatic.suspected) == (False, False)


SUSPECTED_BONE = _entry("suspected", "骨扫描：胸椎浓聚灶，骨转移待排", "2026-02-01")


@pytest.mark.parametrize(
    ("suspicion", "lean"),
    [
        # Charts `rw_bone_metastasis_suspected_then_unlikely_after_m0_chinese`,
        # `rw_bone_mets_suspected_then_unlikely_after_m0_english`.
        (SUSPECTED_BONE, "胸椎MRI：T8椎体血管瘤，骨转移可能性小"),
        (
            _entry("suspected", "Bone scan: focal uptake at T8, ?bone mets", "2026-02-01"),
            "MRI spine: T8 haemangioma; bone metastasis unlikely",
        ),
        (SUSPECTED_LIVER, "肝脏MRI：肝囊肿，肝转移可能性不大"),
        (SUSPECTED_LIVER, "Liver MRI: simple cyst; liver metastasis less likely"),
        # 不符合 (not consistent with), DX-WORDS' verdict before the metastasis.
        (SUSPECTED_BONE, "胸椎MRI：T8椎体异常信号，不符合转移瘤表现，考虑血管瘤"),
    ],
)
def test_stg_suspected_a_lean_against_the_metastasis_since_settles_it(
    suspicion: dict[str, Any], lean: str
) -> None:
    """STG-SUSPECTED, DX-WORDS (7 December 2026, twenty-seventh session, spread11): the work-up's
    later scan leaning against the suspected metastasis (可能性小, "unlikely") ends the
    work-up as a refutation does, and the M0 staged before the suspicion stands; before it only
    DX-WORDS' rule-out words did, and the M0 stayed in question."""
    later = _entry("mri", lean, "2026-02-10")
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), suspicion, later)
    assert (facts.metastatic.value, facts.metastatic.suspected) == (False, False)


@pytest.mark.parametrize(
    ("suspicion", "lean", "onset"),
    [
        # Chart `rw_bone_metastasis_suspected_then_liver_unlikely_after_m0`: another organ.
        (SUSPECTED_BONE, "肝脏MRI：肝囊肿，肝转移可能性小", "2026-02-10"),
        # Before the suspicion: the suspicion is raised since.
        (SUSPECTED_BONE, "骨转移可能性小", "2026-01-20"),
        # No site named: which organ it leans on is the report's.
        (
            SUSPECTED_BONE,
            "CT abdomen: 8 mm lesion, likely a cyst; metastasis less likely",
            "2026-02-10",
        ),
        # Leaning to it, not against it.
        (SUSPECTED_BONE, "骨转移可能性大", "2026-02-10"),
    ],
)
def test_stg_suspected_a_lean_against_another_site_or_before_leaves_it(
    suspicion: dict[str, Any], lean: str, onset: str
) -> None:
    """STG-SUSPECTED (twenty-seventh session, spread11): a lean against another organ, one
    before the suspicion, one naming no site, or a lean towards it leaves the suspicion open."""
    later = _entry("mri", lean, onset)
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), suspicion, later)
    assert facts.metastatic.value is None
    assert facts.metastatic.suspected


def test_stg_suspected_a_lean_without_an_m0_decides_nothing() -> None:
    """STG-SUSPECTED (twenty-seventh session, spread11): a suspicion settled by a lean-no with no
    M0 staged leaves the M category unknown: a lean against a metastasis is no M0."""
    later = _entry("mri", "胸椎MRI：T8椎体血管瘤，骨转移可能性小", "2026-02-10")
    facts = _facts(NPC, SUSPECTED_BONE, later)
    assert facts.metastatic.value is None
    assert not facts.metastatic.suspected


@pytest.mark.parametrize(
    ("suspicion", "refutation"),
    [
        (SUSPECTED_LIVER, "排除肺脏转移"),
        (_entry("suspected", "肝、肺转移待排", "2026-02-01"), "排除肝脏转移"),
        (_entry("suspected", "肾上腺转移待排", "2026-02-01"), "排除肝转移"),
        # A part of the organ, or the bone marrow, is not the organ the suspicion names.
        (_entry("suspected", "骨转移待排", "2026-02-01"), "排除骨髓转移"),
        (_entry("suspected", "骨转移待排", "2026-02-01"), "排除胸骨转移"),
        (
            _entry("suspected", "Suspected bone metastases", "2026-02-01"),
            "Bone marrow metastasis ruled out",
        ),
        (SUSPECTED_LIVER, "排除肝左叶转移"),
        (_entry("suspected", "骨髓转移待排", "2026-02-01"), "骨扫描：排除骨转移"),
    ],
)
def test_stg_suspected_an_organ_not_ruled_out_stays_open(
    suspicion: dict[str, Any], refutation: str
) -> None:
    """STG-SUSPECTED: a refutation rules out a suspicion only when it names every organ the
    suspicion names, each whole; the lung of "肝、肺转移待排" is still to be ruled out, and so is
    the skeleton when the sternum or the bone marrow was (chart
    `rw_bone_metastasis_suspected_marrow_ruled_out`)."""
    ruled_out = _entry("mri", refutation, "2026-02-10")
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), suspicion, ruled_out)
    assert facts.metastatic.value is None
    assert facts.metastatic.suspected


def test_stg_suspected_a_confirmed_metastasis_dates_the_spread() -> None:
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), _held_open("confirmed", "2026-10-30"))
    assert facts.metastatic.value is True
    assert facts.diagnoses[0].metastatic_since == date(2026, 10, 30)


def test_metastatic_in_the_diagnosis_text() -> None:
    facts = _facts(_condition("npc", "C11.9", "Metastatic nasopharyngeal carcinoma"))
    assert facts.diagnoses[0].cancer_type == "nasopharyngeal_carcinoma"
    assert facts.metastatic.value is True


def test_future_staging_is_ignored() -> None:
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM1", effectiveDateTime="2027-01-01"))
    assert facts.stages == ()


def test_pathological_stage_and_observation_focus() -> None:
    breast = _condition("breast", "C50.911", "Breast cancer")
    group = _stage_obs("g", "21902-2", "p4", focus=[{"reference": "Condition/breast"}])
    facts = _facts(NPC, breast, group)
    (stage,) = facts.stages
    assert (stage.group, stage.kind) == ("IV", StageKind.PATHOLOGICAL)
    # The stage belongs to the breast cancer (focus), where group IV means M1.
    assert facts.metastatic.value is True


def _string_obs(oid: str, text: str, value: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "code": {"text": text},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2026-01-05",
        "valueString": value,
        **extra,
    }


def test_stg_text_tnm_string_in_a_stage_observation() -> None:
    facts = _facts(NPC, _string_obs("s", "TNM分期", "cT3N1M1a"))
    (stage,) = facts.stages
    assert (stage.t, stage.n, stage.m) == ("T3", "N1", "M1a")
    assert facts.metastatic.value is True


def test_stg_text_chinese_group_with_roman_numeral_characters_and_tnm() -> None:
    npc = {**NPC, "stage": [{"summary": {"text": "Ⅳb期 (T2N3M1)"}}]}
    (stage,) = _facts(npc).stages
    assert (stage.group, stage.t, stage.n, stage.m) == ("IVB", "T2", "N3", "M1")


def test_stg_text_recurrent_and_post_therapy_prefixes() -> None:
    (stage,) = _facts(NPC, _string_obs("s", "TNM分期", "rT0N0M1 (IVB期)")).stages
    assert (stage.t, stage.n, stage.m, stage.group) == ("T0", "N0", "M1", "IVB")
    (stage,) = _facts(NPC, _string_obs("s", "TNM分期", "ypT2N0M0")).stages
    assert (stage.t, stage.m) == ("T2", "M0")


def test_stg_edition_read_from_the_condition_stage_type() -> None:
    npc = {**NPC, "stage": [{"summary": {"text": "IVA期"}, "type": {"text": "临床分期 第9版"}}]}
    facts = _facts(npc)
    assert facts.stages[0].edition == "9"
    assert facts.metastatic.value is True  # 9th edition IVA is M1a


def test_stg_owner_a_stage_focused_on_another_cancer_stages_that_cancer() -> None:
    breast = _condition("breast", "C50.911", "Breast cancer")
    m0 = _stage_obs("b", "21907-1", "cM0", focus=[{"reference": "Condition/breast"}])
    m1 = _stage_obs(
        "n",
        "21907-1",
        "cM1",
        focus=[{"reference": "Condition/npc"}],
        effectiveDateTime="2025-01-01",
    )
    facts = _facts(NPC, breast, m0, m1)
    owners = {stage.m: stage.diagnosis for stage in facts.stages}
    assert owners == {"M0": "Condition/breast", "M1": "Condition/npc"}
    by_diagnosis = {s.diagnosis: s.value for s in facts.metastatic_by_diagnosis}
    assert by_diagnosis == {"Condition/npc": True, "Condition/breast": False}


def test_stg_owner_panel_members_belong_to_the_panels_cancer() -> None:
    breast = _condition("breast", "C50.911", "Breast cancer")
    panel = _stage_obs(
        "g",
        "21908-9",
        "4B",
        focus=[{"reference": "Condition/npc"}],
        hasMember=[{"reference": "Observation/m"}],
    )
    member = _stage_obs("m", "21907-1", "cM1", effectiveDateTime="2026-01-04")
    facts = _facts(NPC, breast, panel, member)
    assert {s.diagnosis for s in facts.stages} == {"Condition/npc"}


def test_stg_owner_unlinked_stage_with_two_cancers_belongs_to_none() -> None:
    breast = _condition("breast", "C50.911", "Breast cancer")
    facts = _facts(NPC, breast, _stage_obs("m", "21907-1", "cM1"))
    (stage,) = facts.stages
    assert stage.diagnosis is None
    assert [s.diagnosis for s in facts.metastatic_by_diagnosis if s.value] == [None]


def test_stg_owner_unlinked_stage_with_one_cancer_is_its_own() -> None:
    (stage,) = _facts(NPC, _stage_obs("m", "21907-1", "cM1")).stages
    assert stage.diagnosis == "Condition/npc"


def test_metastatic_since_is_the_earliest_m1_or_distant_metastasis() -> None:
    liver = _condition("liver", "C78.7", "Secondary malignant neoplasm of liver")
    liver["onsetDateTime"] = "2025-11-02"
    m0 = _stage_obs("a", "21907-1", "cM0", effectiveDateTime="2024-03-01")
    m1 = _stage_obs("b", "21907-1", "cM1", effectiveDateTime="2026-01-05")
    (diagnosis,) = _facts(NPC, liver, m0, m1).diagnoses
    assert diagnosis.metastatic_since == date(2025, 11, 2)
    (diagnosis,) = _facts(NPC, m0).diagnoses
    assert diagnosis.metastatic_since is None


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("IVB期", "IVB"),
        ("Ⅳ B期", "IVB"),
        ("IV-B期", "IVB"),
        ("Ⅳ-A期", "IVA"),
        ("III期", "III"),
        ("4B期", "IVB"),
    ],
)
def test_stg_text_chinese_group_with_a_space_or_hyphen_before_the_letter(
    text: str, group: str
) -> None:
    parsed = parse_group(CodedText(text=text))
    assert parsed is not None
    assert parsed[0] == group


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Stage IV-B", "IVB"),
        ("stage IV - A", "IVA"),
        ("Stage IV–C (AJCC 7th edition)", "IVC"),
        ("IV-B", "IVB"),
        ("Stage IVa", "IVA"),
        ("Stage IV", "IV"),
        ("Stage IV-Bone", "IV"),  # a word after the hyphen is no letter of the group
    ],
)
def test_stg_edition_a_group_with_a_hyphen_before_its_letter(text: str, group: str) -> None:
    """STG-EDITION (twenty-eighth session): "Stage IV-B" as a typed stage field writes it is
    IVB, M1 in the 8th edition (chart `rw_npc_stage_iv_b_hyphenated_8th`)."""
    parsed = parse_group(CodedText(text=text))
    assert parsed is not None
    assert parsed[0] == group


def test_stg_in_diagnosis_the_stage_in_a_cancer_diagnosis_name() -> None:
    """STG-IN-DIAGNOSIS: "… T3N2M1 ⅣB期（AJCC第8版）" in the cancer Condition's own name."""
    named = _condition(
        "npc",
        "C11.9",
        "鼻咽非角化性未分化型癌 T3N2M1 ⅣB期（AJCC第8版）",
        recordedDate="2026-03-20",
    )
    facts = _facts(named)
    (stage,) = facts.stages
    assert (stage.t, stage.n, stage.m, stage.group, stage.edition, stage.date) == (
        "T3",
        "N2",
        "M1",
        "IVB",
        "8",
        date(2026, 3, 20),
    )
    assert stage.diagnosis == "Condition/npc"
    assert facts.metastatic.value is True


def test_stg_in_diagnosis_not_a_metastasis_name_nor_a_name_without_a_stage() -> None:
    liver = _condition("liver", "C78.7", "肝继发恶性肿瘤 IV期", recordedDate="2026-03-20")
    assert _facts(NPC, liver).stages == ()


@pytest.mark.parametrize(
    ("name", "metastatic"),
    [
        # The stage at diagnosis, beside the recurrence in the same words: undecided.
        ("鼻咽癌 T3N1M0 III期 放化疗后复发", None),
        # A recurrence restaged (rTNM), or placed short of distant spread: the M0 stands.
        ("复发性鼻咽癌 rT2N0M0", False),
        ("鼻咽癌III期放化疗后局部复发", False),
    ],
)
def test_stg_recurred_a_diagnosis_name_with_stage_and_recurrence(
    name: str, metastatic: bool | None
) -> None:
    facts = _facts(_condition("npc", "C11.9", name, recordedDate="2025-10-15"))
    assert facts.metastatic.value is metastatic


@pytest.mark.parametrize(
    ("value", "method", "edition", "metastatic"),
    [
        # The 7th edition's IVB is N3 M0: read as M1 before, an unsafe eligible.
        ("Stage IVB (AJCC 7th edition)", None, "7", False),
        ("IVB", "AJCC 7th", "7", False),
        ("IVB", "AJCC7", "7", False),
        ("IVB", "AJCC v7", "7", False),
        ("IVB", "AJCC 2010", "7", False),
        ("IVb期 (7th AJCC/UICC)", None, "7", False),
        ("IVB期", "UICC 2010 (7版)", "7", False),
        # The 8th's IVA is M0: unknown before, the edition unread.
        ("Stage IVA (AJCC 8th edition)", None, "8", False),
        ("IVA期（AJCC第8版）", None, "8", False),
        ("IVA", "AJCC 8th", "8", False),
        ("IVA", "AJCC/UICC 8", "8", False),
        ("IVA", "AJCC 2017", "8", False),
        # A year that is no manual's names no edition; IVA then decides nothing.
        ("IVA", "AJCC 2018", None, None),
        ("IVB", "AJCC 8th", "8", True),
    ],
)
def test_stg_edition_in_the_value_text_and_as_software_abbreviates_it(
    value: str, method: str | None, edition: str | None, metastatic: bool | None
) -> None:
    group = _stage_obs("g", "21908-9", "", focus=[{"reference": "Condition/npc"}])
    group["valueCodeableConcept"] = {"text": value}
    if method is not None:
        group["method"] = {"text": method}
    facts = _facts(NPC, group)
    (stage,) = facts.stages
    assert stage.edition == edition
    assert facts.metastatic.value is metastatic


@pytest.mark.parametrize(
    ("value", "method", "edition", "metastatic"),
    [
        ("IVA", "AJCC 8.0版", "8", False),
        ("IVA", "AJCC 8.0", "8", False),
        ("IVA", "UICC 8.0", "8", False),
        ("IVA", "AJCC/UICC v8.0", "8", False),
        ("IVA期（AJCC 8.0版）", None, "8", False),
        ("IVA期（第8.0版）", None, "8", False),
        # No manual is numbered so: no edition, and no decimal read as one of its own.
        ("IVA", "AJCC 8.5", None, None),
        ("IVA期 7.5版", None, None, None),
        ("IVA", "AJCC 8.01", None, None),
        # A number beside no staging system is no edition.
        ("IVA期 EBV-DNA 8.0×10^3 copies/mL", None, None, None),
    ],
)
def test_stg_edition_numbered_as_a_version(
    value: str, method: str | None, edition: str | None, metastatic: bool | None
) -> None:
    """Staging software numbering the edition "AJCC 8.0版" read its ".0" as a 0th edition:
    IVA was unknown where the 8th edition makes it M0."""
    group = _stage_obs("g", "21908-9", "", focus=[{"reference": "Condition/npc"}])
    group["valueCodeableConcept"] = {"text": value}
    if method is not None:
        group["method"] = {"text": method}
    facts = _facts(NPC, group)
    (stage,) = facts.stages
    assert stage.edition == edition
    assert facts.metastatic.value is metastatic


def _group_stage(value: str, method: str | None) -> Any:
    group = _stage_obs("g", "21908-9", "", focus=[{"reference": "Condition/npc"}])
    group["valueCodeableConcept"] = {"text": value}
    if method is not None:
        group["method"] = {"text": method}
    return _facts(NPC, group)


def _check_edition(
    value: str, method: str | None, edition: str | None, metastatic: bool | None
) -> None:
    """STG-EDITION: the stage group `value` with its `method` text has `edition`, and says
    whether the disease is metastatic as `metastatic` (None: it does not say)."""
    facts = _group_stage(value, method)
    (stage,) = facts.stages
    assert stage.edition == edition
    assert facts.metastatic.value is metastatic


@pytest.mark.parametrize(
    ("value", "method", "edition", "metastatic"),
    [
        # The Chinese 2008 system's groups are not verified: IVb decides nothing (read as M1,
        # the edition not recorded, before), nor III.
        ("IVb期", "中国鼻咽癌2008分期", "CN2008", None),
        ("IVb期（2008中国分期）", None, "CN2008", None),
        ("IVB", "Chinese 2008 staging system", "CN2008", None),
        ("III期", "鼻咽癌2008分期", "CN2008", None),
        ("IVb期", "福州分期", "CN1992", None),
        # The Chinese 2017 edition is the AJCC/UICC 8th.
        ("IVA期", "中国2017分期", "8", False),
    ],
)
def test_stg_edition_chinese_staging_systems(
    value: str, method: str | None, edition: str | None, metastatic: bool | None
) -> None:
    _check_edition(value, method, edition, metastatic)


@pytest.mark.parametrize(
    ("value", "method", "edition", "metastatic"),
    [
        # A protocol's version is no staging edition: "第1版" was edition 1, so IVB decided
        # nothing, and it hid the AJCC edition written after it.
        ("IVB", "鼻咽癌临床分期规范（第1版）", None, True),
        ("IVA期", "鼻咽癌诊疗规范（第1版）；AJCC第8版", "8", False),
        ("IVB期", "诊疗方案（2023年第1版）", None, True),
        ("IVB期", "鼻咽癌诊疗指南（第5版）", None, True),
        ("IVB期", "第十版", None, True),
        # Beside a staging system's name, or one of the editions that staged NPC: an edition.
        ("IVA", "AJCC第8版", "8", False),
        ("IVA", "UICC/AJCC 第八版", "8", False),
        ("IVA", "8th ed.", "8", False),
        ("IVA", "第9版(2024)", "9", True),
        ("IVB", "第7版", "7", False),
        # A year alone names no edition.
        ("IVA", "2017", None, None),
    ],
)
def test_stg_edition_a_protocol_version_is_no_edition(
    value: str, method: str | None, edition: str | None, metastatic: bool | None
) -> None:
    _check_edition(value, method, edition, metastatic)


@pytest.mark.parametrize(
    ("method", "edition"),
    [
        # Read as no edition before: IVB then meant M1, an unsafe eligible under the 7th.
        ("AJCC Cancer Staging Manual seventh edition", "7"),
        ("AJCC seventh", "7"),
        ("UICC TNM 7", "7"),
        ("TNM7", "7"),
        ("eighth edition", "8"),
        ("9th version", "9"),
    ],
)
def test_stg_edition_spelled_out_and_as_uicc_tnm(method: str, edition: str) -> None:
    facts = _group_stage("IVB", method)
    (stage,) = facts.stages
    assert stage.edition == edition
    assert facts.metastatic.value is (edition != "7")


@pytest.mark.parametrize(
    ("value", "m", "group", "dated"),
    [
        # Read from the first segment before: M0, a wrong exclusion.
        ("cT3N2M0→cT3N2M1", "M1", None, True),
        ("M0→M1", "M1", None, True),
        ("IVA期→IVB期（AJCC第8版）", None, "IVB", True),
        ("T3N2M0 III期 -> T3N2M1 IVB期", "M1", "IVB", True),
        # A stage after treatment does not undo the metastasis; the M1 was found before the
        # record's date, so it carries none of its own.
        ("cT3N2M1 IVB期→ycT1N0M0", "M1", "IVB", False),
        ("IVB期→I期", None, "IVB", False),
        # No change written: as before.
        ("T3N2M1 IVB期", "M1", "IVB", True),
    ],
)
def test_stg_text_a_change_is_read_at_its_most_advanced_point(
    value: str, m: str | None, group: str | None, dated: bool
) -> None:
    tnm = _stage_obs("tnm", "21908-9", "", focus=[{"reference": "Condition/npc"}])
    del tnm["valueCodeableConcept"]
    tnm["valueString"] = value
    facts = _facts(NPC, tnm)
    (stage,) = facts.stages
    assert (stage.m, stage.group) == (m, group)
    assert (stage.date is not None) is dated
    assert facts.metastatic.value is True


@pytest.mark.parametrize(
    ("value", "tnm"),
    [
        # The category after one ending in a letter was missed: M unknown before.
        ("T2N3bM1", ("T2", "N3b", "M1")),
        ("TXNXM1", ("TX", "NX", "M1")),
        ("cTxN2M1", ("TX", "N2", "M1")),
        ("T4bN3M1", ("T4b", "N3", "M1")),
        ("cT2aN2bM1c", ("T2a", "N2b", "M1c")),
        ("cTisN0M0", ("Tis", "N0", "M0")),
        ("pT2N1aM0", ("T2", "N1a", "M0")),
    ],
)
def test_stg_text_categories_run_on_after_a_letter(value: str, tnm: tuple[str, ...]) -> None:
    concept = CodedText(text=value)
    found = tuple(parse_category(axis, concept) for axis in ("t", "n", "m"))
    assert tuple(f[0] if f else None for f in found) == tnm


@pytest.mark.parametrize(
    "value",
    [
        # Read as M1 before, an unsafe eligible: the record doubts the M1 it writes.
        "T3N2M1？",
        "cT3N2M1（待排）",
        "T3N2M1可能",
        "IVB期（骨转移待排）",
        "IVB期?",
        # Read as M0 before, a wrong exclusion: M is left between two values.
        "T3N2M0-1",
        "T3N2M0/M1",
    ],
)
def test_stg_text_a_doubted_m_records_no_m(value: str) -> None:
    tnm = _stage_obs("tnm", "21908-9", "", focus=[{"reference": "Condition/npc"}])
    del tnm["valueCodeableConcept"]
    tnm["valueString"] = value
    facts = _facts(NPC, tnm)
    assert all(stage.m is None and stage.group is None for stage in facts.stages)
    assert facts.metastatic.value is None


def test_stg_text_a_doubted_m_is_kept_for_the_card() -> None:
    """The doubted stage gives no M, but its words are what the card names and asks to settle:
    from a staging Observation, and from a diagnosis's own name (STG-IN-DIAGNOSIS), shortened."""
    tnm = _stage_obs("tnm", "21908-9", "", focus=[{"reference": "Condition/npc"}])
    del tnm["valueCodeableConcept"]
    tnm["valueString"] = "T3N2M1？"
    (status,) = _facts(NPC, tnm).metastatic_by_diagnosis
    assert (status.value, status.m_doubted) == (None, '"T3N2M1？" on 2026-01-05')
    assert status.evidence == ("Observation/tnm",)
    named = _condition("npc", "C11.9", "鼻咽癌 T3N2M0-1" + "，" * 90, recordedDate="2026-02-01")
    (status,) = _facts(named).metastatic_by_diagnosis
    assert status.m_doubted.startswith('"鼻咽癌 T3N2M0-1，')
    assert status.m_doubted.endswith('…" on 2026-02-01')
    assert len(status.m_doubted) == len('"" on 2026-02-01') + 80


def _tnm_string(oid: str, value: str, when: str) -> dict[str, Any]:
    tnm = _stage_obs(oid, "21908-9", "", focus=[{"reference": "Condition/npc"}])
    del tnm["valueCodeableConcept"]
    return {**tnm, "valueString": value, "effectiveDateTime": when}


@pytest.mark.parametrize(
    ("m0_on", "doubt_on", "value"),
    [
        ("2026-01-05", "2026-06-01", None),  # the doubt is newer: the M0 no longer decides
        ("2026-01-05", "2026-01-05", None),  # the same day: which came first is not recorded
        ("2026-06-01", "2026-01-05", False),  # an M0 staged after it settled the doubt
    ],
)
def test_stg_text_a_newer_doubted_m_leaves_an_older_m0_undecided(
    m0_on: str, doubt_on: str, value: bool | None
) -> None:
    m0 = _stage_obs(
        "m", "21907-1", "cM0", effectiveDateTime=m0_on, focus=[{"reference": "Condition/npc"}]
    )
    facts = _facts(NPC, m0, _tnm_string("tnm", "T3N2M1？", doubt_on))
    assert facts.metastatic.value is value
    (status,) = facts.metastatic_by_diagnosis
    assert status.value is value
    assert bool(status.m_doubted) is (value is None)


@pytest.mark.parametrize(
    "name",
    ["鼻咽癌（骨转移待排）", "鼻咽癌 IVB期（骨转移待排）", "NPC with ?bone mets"],
)
def test_stg_suspected_a_doubted_spread_in_the_primarys_name(name: str) -> None:
    """The NPC is confirmed; its metastasis is suspected, so not metastatic evidence: metastatic
    status unknown, also over an older M0 (STG-SUSPECTED)."""
    npc = _condition("npc", "C11.9", name, onsetDateTime="2026-03-01")
    facts = _facts(npc)
    (diagnosis,) = facts.diagnoses
    assert diagnosis.verification_status is None
    assert (facts.metastatic.value, facts.metastatic.suspected) == (None, True)
    m0 = _stage_obs("m", "21907-1", "cM0", focus=[{"reference": "Condition/npc"}])
    assert _facts(npc, m0).metastatic.value is None


@pytest.mark.parametrize(
    "value",
    [
        # Read as IVA (M0 in the 8th edition) before, a wrong exclusion.
        "IVA/B",
        "Stage IVA/B",
        "IVa-b期",
        "IVA-IVB",
        "Stage IVA - IVB (AJCC 8th edition)",
        "IVA或IVB期",
        "IVA/IVB期",
        "T4N3 IVA～B期",
        "stage IVA or IVB",
        "III-IVA期",
        "IVB/C",
    ],
)
def test_stg_text_a_group_between_two_records_no_group_and_doubts_m(value: str) -> None:
    """STG-TEXT (twenty-eighth session): a group written between two with a stage IV end
    records no group, and its M is in doubt (NPC 8th: IVA is M0, IVB M1): metastatic status
    unknown, the card naming the stage (chart `rw_npc_stage_iva_or_ivb_8th`)."""
    group = _stage_obs("g", "21908-9", "", focus=[{"reference": "Condition/npc"}])
    del group["valueCodeableConcept"]
    group["valueString"] = value
    facts = _facts(NPC, group)
    assert all(stage.m is None and stage.group is None for stage in facts.stages)
    (status,) = facts.metastatic_by_diagnosis
    assert (status.value, status.m_doubted) == (None, f'"{value}" on 2026-01-05')


@pytest.mark.parametrize(
    ("value", "m", "metastatic"),
    [("IVA/B (T4N3M1)", "M1", True), ("cT4N3M0 IVA/B期", "M0", False)],
)
def test_stg_text_a_group_between_two_leaves_a_written_m(
    value: str, m: str, metastatic: bool
) -> None:
    """STG-TEXT: the M category the text writes beside a group range decides; the group
    records none."""
    tnm = _stage_obs("tnm", "21908-9", "", focus=[{"reference": "Condition/npc"}])
    del tnm["valueCodeableConcept"]
    tnm["valueString"] = value
    facts = _facts(NPC, tnm)
    assert [(stage.m, stage.group) for stage in facts.stages] == [(m, None)]
    assert facts.metastatic.value is metastatic


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Stage IV-B", "IVB"),
        ("IV-A期", "IVA"),
        ("IIIA/B", None),
        ("Stage II-III", None),
        # Read as III before (the group the text ends on), a group the record does not give.
        ("II-III期", None),
    ],
)
def test_stg_text_one_group_and_a_range_below_stage_iv(text: str, group: str | None) -> None:
    """STG-TEXT: "IV-B" is one group, not a range; a range below stage IV records no group
    and doubts no M (no M1 group among its ends)."""
    concept = CodedText(text=text)
    parsed = parse_group(concept)
    assert (parsed[0] if parsed else None) == group
    assert parse_category("m", concept) is None


def test_stg_text_a_doubted_m_leaves_t_and_n() -> None:
    concept = CodedText(text="T3N2M1？")
    assert parse_category("t", concept) == ("T3", None)
    assert parse_category("m", concept) is None


def test_stg_owner_a_cancers_stage_assessment_names_its_stage() -> None:
    """Stage Observations without `focus`, named by the NPC's `stage.assessment`: with another
    cancer on the chart they were no one's before, and the NPC's M1 asked for an owner."""
    breast = _condition("breast", "C50.911", "Breast cancer")
    npc = {
        **NPC,
        "stage": [{"assessment": [{"reference": "Observation/m"}, {"reference": "Observation/g"}]}],
    }
    facts = _facts(npc, breast, _stage_obs("m", "21907-1", "cM1"), _stage_obs("g", "21908-9", "4B"))
    (stage,) = facts.stages
    assert stage.diagnosis == "Condition/npc"
    assert [s.diagnosis for s in facts.metastatic_by_diagnosis if s.value] == ["Condition/npc"]


@pytest.mark.parametrize(
    ("answer", "m", "metastatic"),
    [("有（骨）", "M1", True), ("有", "M1", True), ("无", "M0", False), ("有无不详", None, None)],
)
def test_stg_text_a_distant_metastasis_item_answered_in_words(
    answer: str, m: str | None, metastatic: bool | None
) -> None:
    """A staging form's "远处转移(M)" answered "有（骨）" (present: bone) was no stage at all."""
    item = _string_obs("m", "远处转移(M)", answer, focus=[{"reference": "Condition/npc"}])
    facts = _facts(NPC, item)
    assert [s.m for s in facts.stages] == ([m] if m else [])
    assert facts.metastatic.value is metastatic


def test_stg_metastatic_metastatic_disease_in_words_alone_is_distant_spread() -> None:
    """ "Metastatic disease" beside the NPC read as nothing: metastatic status unknown."""
    words = {
        "resourceType": "Condition",
        "id": "mets",
        "code": {"text": "Metastatic disease"},
        "subject": {"reference": "Patient/p1"},
    }
    facts = _facts(NPC, words)
    assert [d.cancer_type for d in facts.diagnoses] == ["nasopharyngeal_carcinoma"]
    assert facts.metastatic.value is True


@pytest.mark.parametrize(
    ("resources", "restaged"),
    [
        # Coded categories with the retreatment prefix, as mCODE's shape sends them.
        ((_stage_obs("m", "21907-1", "rM1"),), True),
        ((_stage_obs("m", "21907-1", "cM1"),), False),
        # A panel whose components carry the prefix.
        (
            (
                _stage_obs(
                    "panel",
                    "21908-9",
                    "4B",
                    component=[
                        {
                            "code": {"coding": [{"system": LOINC, "code": "21907-1"}]},
                            "valueCodeableConcept": {"text": "rM1"},
                        }
                    ],
                ),
            ),
            True,
        ),
        # A stage summary written as text, and a diagnosis naming its restaged stage.
        (({**NPC, "stage": [{"summary": {"text": "rT0N0M1 IVB期（AJCC第8版）"}}]},), True),
        ((_condition("npc", "C11.9", "复发性鼻咽癌 rT2N0M0 II期"),), True),
        ((_condition("npc", "C11.9", "鼻咽癌 T3N1M0 III期"),), False),
        # "pT", "yT" and words holding an r are not retreatment.
        (({**NPC, "stage": [{"summary": {"text": "ypT2N0M0 (after treatment)"}}]},), False),
    ],
)
def test_stg_restaged_recurrence_an_rtnm_stage_is_marked_restaged(
    resources: tuple[dict[str, Any], ...], restaged: bool
) -> None:
    with_npc = resources if any(r["resourceType"] == "Condition" for r in resources) else (NPC,)
    facts = _facts(*with_npc, *(r for r in resources if r not in with_npc))
    assert facts.stages
    assert any(stage.restaged for stage in facts.stages) is restaged


@pytest.mark.parametrize(
    "text",
    ["骨扫描：胸椎浓聚灶，骨转移不明确，建议MRI", "胸椎MRI：T8椎体异常信号，骨转移依据不足"],
)
def test_stg_suspected_a_metastasis_written_unclear_is_a_suspicion(text: str) -> None:
    """STG-SUSPECTED: a metastasis its own entry calls unclear (不明确) or short of evidence
    (依据不足) is suspected, not documented: after an M0 the status is unknown (charts
    `rw_bone_metastasis_unclear_after_m0`, `rw_bone_metastasis_evidence_insufficient_after_m0`)."""
    entry = _entry("bone", text, "2026-02-01")
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), entry)
    assert facts.metastatic.value is None
    assert facts.metastatic.suspected


@pytest.mark.parametrize(
    "text",
    [
        "骨扫描：胸椎浓聚灶，不排除骨转移",
        "未除外骨转移",
        "骨扫描：胸椎浓聚灶，建议MRI以排除转移",
        "疑诊骨转移",
    ],
)
def test_stg_suspected_a_metastasis_not_yet_ruled_out_is_a_suspicion(text: str) -> None:
    """STG-SUSPECTED: a metastasis not (yet) ruled out after an M0 makes the status unknown,
    neither M0 (a denial) nor M1 (charts `rw_bone_metastasis_not_ruled_out_after_m0`,
    `rw_bone_metastasis_mri_advised_to_rule_out`,
    `rw_bone_metastasis_suspected_diagnosis_after_m0`)."""
    entry = _entry("bone", text, "2026-02-01")
    facts = _facts(NPC, _stage_obs("m", "21907-1", "cM0"), entry)
    assert facts.metastatic.value is None
    assert facts.metastatic.suspected


@pytest.mark.parametrize(
    ("text", "onset", "owner"),
    [
        # The histology entered with the NPC is the NPC entered again: one cancer.
        ("Squamous cell carcinoma", "2026-03-20", "Condition/npc"),
        ("非角化性鳞状细胞癌", "2026-03-16", "Condition/npc"),
        # Entered long before, or a histology the NPC never has: two cancers, the stage no one's.
        ("Squamous cell carcinoma", "2025-06-02", None),
        ("腺癌", "2026-03-20", None),
    ],
)
def test_stg_owner_a_histology_entered_with_the_only_cancer_is_that_cancer(
    text: str, onset: str, owner: str | None
) -> None:
    """STG-OWNER, DX-PLACE, LOT-CANCER: a carcinoma named by its histology alone, entered
    within 30 days of the chart's one placed cancer it may be, is that cancer entered again: an
    unlinked stage is the NPC's."""
    npc = {**NPC, "onsetDateTime": "2026-03-18"}
    vague = {
        "resourceType": "Condition",
        "id": "vague",
        "code": {"text": text},
        "subject": {"reference": "Patient/p1"},
        "onsetDateTime": onset,
    }
    (stage,) = _facts(npc, vague, _stage_obs("m", "21907-1", "cM1")).stages
    assert stage.diagnosis == owner
