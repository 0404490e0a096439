"""The terminology tables: well-formed, sourced, and never relying on an unverified code alone."""

from __future__ import annotations

import re

import pytest

from eligibility.taxonomy import default_taxonomy
from eligibility.vocabulary import Analyte, Comorbidity, DrugClass
from fhir_mapping import observation_codes
from fhir_mapping.terminology import (
    TEXT,
    CodedText,
    Coding,
    ConceptTable,
    all_tables,
    body_site_table,
    cancer_concepts,
    cancer_table,
    comorbidity_table,
    drug_code_table,
    drug_table,
    histology_site_table,
    histology_sites,
    lab_unit_factors,
    observation_table,
)

SECONDARY = {"secondary", "secondary_regional_nodes", "secondary_brain"}


@pytest.mark.parametrize("table", all_tables(), ids=lambda t: t.name)
def test_every_row_has_a_source_and_compiles(table: ConceptTable) -> None:
    for row in table.rows:
        assert row.source
        if row.system == TEXT:
            re.compile(row.code)


@pytest.mark.parametrize("table", all_tables(), ids=lambda t: t.name)
def test_an_unverified_code_is_never_the_only_way_in(table: ConceptTable) -> None:
    other_ways = {row.concept for row in table.rows if row.verified and row.system != TEXT}
    other_ways |= {row.concept for row in table.rows if row.system == TEXT}
    for row in table.rows:
        if not row.verified and row.system != TEXT and not row.concept.startswith("class:"):
            if table is drug_code_table():
                assert row.concept in drug_table().drugs  # and so recognised by its names
            else:
                assert row.concept in other_ways, (
                    f"{table.name}: {row.code} is the only way to {row.concept}"
                )


def test_concepts_name_known_vocabulary() -> None:
    taxonomy = default_taxonomy()
    for row in cancer_table().rows:
        # DX-PLACE: within:<node> (within: alone = any cancer), morphology:carcinoma and
        # histology:carcinoma.
        within = row.concept.removeprefix("within:")
        assert (
            row.concept in taxonomy
            or row.concept in SECONDARY
            or row.concept in {"morphology:carcinoma", "histology:carcinoma"}
            or (row.concept.startswith("within:") and (within == "" or within in taxonomy))
        ), row
    for row in body_site_table().rows:
        assert row.concept in taxonomy, row
    for row in comorbidity_table().rows:
        Comorbidity(row.concept)
    for row in observation_table().rows:
        if row.concept.startswith("lab:"):
            Analyte(row.concept.removeprefix("lab:"))
    for drug in drug_table().drugs.values():
        for drug_class in drug.classes:
            DrugClass(drug_class)
    for row in drug_code_table().rows:
        if row.concept.startswith("class:"):
            for drug_class in row.concept.removeprefix("class:").split(";"):
                DrugClass(drug_class)
        else:
            assert row.concept in drug_table().drugs
    assert {analyte for analyte, _ in lab_unit_factors()} == {a.value for a in Analyte}


@pytest.mark.parametrize(
    ("text", "agents"),
    [
        ("特瑞普利单抗 240mg", ["toripalimab"]),
        ("卡瑞利珠单抗", ["camrelizumab"]),
        ("替雷利珠单抗", ["tislelizumab"]),
        ("信迪利单抗", ["sintilimab"]),
        ("派安普利单抗", ["penpulimab"]),
        ("顺铂 + 吉西他滨", ["cisplatin", "gemcitabine"]),
        ("卡铂", ["carboplatin"]),
        ("异环磷酰胺", ["ifosfamide"]),
        ("奈达铂", ["nedaplatin"]),
        ("洛铂", ["lobaplatin"]),
        ("PACLitaxel 100 MG Injection", ["paclitaxel"]),
        ("Keytruda 200 mg", ["pembrolizumab"]),
        # Chinese trade names (EXP-NAMES): a ward writes them as often as the generic.
        ("可瑞达 200mg ivgtt d1", ["pembrolizumab"]),
        ("欧狄沃 240mg", ["nivolumab"]),
        ("汉斯状 300mg", ["serplulimab"]),
        ("拓益 240mg", ["toripalimab"]),
        ("泰索帝 120mg ivgtt d1", ["docetaxel"]),
        ("力扑素 240mg", ["paclitaxel"]),
        ("捷佰舒 + 健择", ["nedaplatin", "gemcitabine"]),
        ("恩度 15mg", ["endostatin"]),
        ("克艾力 400mg", ["paclitaxel"]),
        ("艾越 200mg", ["paclitaxel"]),
        ("奥先达 + 泽菲", ["nedaplatin", "gemcitabine"]),
        ("安维汀 400mg", ["bevacizumab"]),
        ("达攸同 500mg", ["bevacizumab"]),
        ("赫赛汀 440mg", ["trastuzumab"]),
        ("誉妥 240mg", ["zimberelimab"]),
        ("普佑恒 200mg", ["pucotenlimab"]),
        ("泰圣奇 1200mg", ["atezolizumab"]),
        ("英飞凡 1500mg", ["durvalumab"]),
        ("逸沃 1mg/kg", ["ipilimumab"]),
        # Chemotherapy orders' abbreviations; CTX stays out (also cefotaxime on the same wards).
        ("GEM 1000mg/m2 d1,8 + DDP 80mg/m2 d1", ["gemcitabine", "cisplatin"]),
        ("L-OHP 130mg/m2 d1", ["oxaliplatin"]),
        ("NDP 80mg/m2", ["nedaplatin"]),
        ("CTX 2g ivgtt bid", []),
        ("carboplatin/paclitaxel", ["carboplatin", "paclitaxel"]),
        ("cisplatinum-free", []),
        ("Paracetamol", []),
    ],
)
def test_drug_names(text: str, agents: list[str]) -> None:
    assert list(drug_table().agents_in(text)) == agents


@pytest.mark.parametrize(
    ("text", "agents"),
    [
        ("toripalimab-tpzi 240 mg in NS 100 mL IVPB", ["toripalimab"]),
        ("Tislelizumab-JSGR 200 mg IV", ["tislelizumab"]),
        ("pembrolizumab-xxxx", ["pembrolizumab"]),
        # Not a biologic's suffix: a word after a hyphen, as before.
        ("docetaxel-only arm", []),
        ("cisplatin-free interval", []),
        ("toripalimab-tpzix", []),
    ],
)
def test_exp_names_the_fda_suffix_after_an_antibodys_name(text: str, agents: list[str]) -> None:
    """EXP-NAMES: "<name>-abcd" is the antibody <name> under its US nonproprietary name."""
    assert list(drug_table().agents_in(text)) == agents


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("特瑞普利 240mg ivgtt d1", "toripalimab"),
        ("PD-1(卡瑞利珠) 200mg", "camrelizumab"),
        ("替雷利珠 200mg", "tislelizumab"),
        ("信迪利 200mg", "sintilimab"),
        ("派安普利 200mg", "penpulimab"),
        ("斯鲁利 300mg", "serplulimab"),
        ("普特利 200mg", "pucotenlimab"),
        ("赛帕利 240mg", "zimberelimab"),
    ],
)
def test_exp_names_an_anti_pd1_s_chinese_name_without_its_ending(text: str, agent: str) -> None:
    """EXP-NAMES: the generic name without 单抗, as wards shorten it."""
    assert list(drug_table().agents_in(text)) == [agent]


@pytest.mark.parametrize(
    "text",
    ["甲磺酸伊马替尼片 (Imatinib mesylate)", "格列卫 400mg qd", "Gleevec 400 mg", "STI571"],
)
def test_exp_names_imatinib_is_a_listed_targeted_agent(text: str) -> None:
    """EXP-NAMES: imatinib (a GIST's or a CML's) is a known drug, not an unlisted one."""
    assert list(drug_table().agents_in(text)) == ["imatinib"]
    drug = drug_table().drugs["imatinib"]
    assert drug.antineoplastic
    assert drug.classes == {"targeted_therapy"}


@pytest.mark.parametrize(
    ("concept", "expected"),
    [
        (
            CodedText((Coding("http://hl7.org/fhir/sid/icd-10-cm", "C11.9"),)),
            ["nasopharyngeal_carcinoma"],
        ),
        (
            CodedText((Coding("http://hl7.org/fhir/sid/icd-10-cm", "C119"),)),
            ["nasopharyngeal_carcinoma"],
        ),
        (
            CodedText((Coding("http://terminology.hl7.org/CodeSystem/icd-o-3", "C11.1"),)),
            ["nasopharyngeal_carcinoma"],
        ),
        (CodedText(text="鼻咽癌"), ["nasopharyngeal_carcinoma"]),
        (
            CodedText(text="Non-small cell carcinoma of lung, TNM stage 1"),
            ["non_small_cell_lung_cancer"],
        ),
        (CodedText(text="Small cell carcinoma of lung"), ["small_cell_lung_cancer"]),
        (CodedText(text="Gastro-oesophageal reflux disease"), []),
        (CodedText(text="Hypothyroidism"), []),
        (CodedText((Coding("http://hl7.org/fhir/sid/icd-10-cm", "C79.31"),)), ["secondary_brain"]),
        (
            CodedText((Coding("http://hl7.org/fhir/sid/icd-10-cm", "C77.0"),)),
            ["secondary_regional_nodes"],
        ),
        (CodedText(text="多发骨转移"), ["secondary"]),
    ],
)
def test_cancer_concepts(concept: CodedText, expected: list[str]) -> None:
    found = list(cancer_concepts(concept))
    assert found[: len(expected) or 1] == expected or found == expected


def test_observation_codes_for_the_prefetch() -> None:
    codes = observation_codes()
    assert "http://loinc.org|89247-1" in codes
    assert "http://loinc.org|8636-3" in codes
    assert "http://loinc.org|21908-9" in codes
    assert all("|" in token for token in codes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HIV感染", ["hiv"]),
        ("HBV携带者", ["hepatitis_b"]),
        ("慢性乙型病毒性肝炎", ["hepatitis_b"]),
        ("慢性丙型病毒性肝炎", ["hepatitis_c"]),
        ("人类免疫缺陷病毒感染", ["hiv"]),
        ("NYHA心功能III级", ["heart_failure"]),
        ("HBsAg携带者", ["hepatitis_b"]),
        ("HBsAg (+)", ["hepatitis_b"]),
        ("HBsAg阴性", []),
        # A Latin boundary is still a boundary: letters or digits beside the name keep it out.
        ("SHIV challenge model", []),
        ("HBVX", []),
    ],
)
def test_text_latin_boundary_holds_beside_chinese(text: str, expected: list[str]) -> None:
    """TEXT-LATIN-BOUNDARY: a table pattern's word boundary bounds Latin words only."""
    assert list(comorbidity_table().concepts(CodedText(text=text))) == expected


def test_histology_sites_name_taxonomy_nodes() -> None:
    """LOT-CANCER, MAL-OTHER: every cancer a histology may be (`histology_sites.csv`) is a
    taxonomy node, and an adenocarcinoma is never a nasopharyngeal carcinoma."""
    taxonomy = default_taxonomy()
    for row in histology_site_table().rows:
        assert all(node in taxonomy for node in row.concept.split(";")), row.code
    adenocarcinoma = histology_sites(CodedText((), "腺癌"))
    assert "lung_cancer" in adenocarcinoma
    assert not any(taxonomy.is_a("nasopharyngeal_carcinoma", g) for g in adenocarcinoma)
    # Twenty-sixth session: a squamous cell carcinoma may be an NPC (head and neck), never a
    # hepatocellular carcinoma; a histology no row names may be any cancer.
    squamous = histology_sites(CodedText((), "Squamous cell carcinoma"))
    assert any(taxonomy.related("nasopharyngeal_carcinoma", g) for g in squamous)
    assert not any(taxonomy.related("hepatocellular_carcinoma", g) for g in squamous)
    assert histology_sites(CodedText((), "Undifferentiated carcinoma")) == ()
