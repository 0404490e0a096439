"""STG-NODES: a lymph-node metastasis is regional or distant by its region and the cancer's;
one recorded well after the diagnosis is a recurrence (LOT-SETTING)."""

from __future__ import annotations

from datetime import date

import pytest

from eligibility.facts import LineSetting
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.node_spread import node_regions, nodes_distant
from fhir_mapping.terminology import CodedText, Coding
from tests.support.relapse_chart import relapse_facts
from tools.charts.chart import Chart

AS_OF = date(2026, 11, 25)
NPC = "nasopharyngeal_carcinoma"


def _c77(code: str) -> CodedText:
    return CodedText((Coding("http://hl7.org/fhir/sid/icd-10-cm", code),))


@pytest.mark.parametrize(
    ("concept_", "regions"),
    [
        (_c77("C77.0"), {"neck"}),
        (_c77("C77.1"), {"intrathoracic"}),
        (_c77("C77.2"), {"abdominal"}),
        (_c77("C77.3"), {"axillary"}),
        (_c77("C77.4"), {"inguinal"}),
        (_c77("C77.5"), {"pelvic"}),
        (_c77("C77.8"), {"multiple"}),
        (_c77("C77.9"), set()),
        (CodedText(text="右颈部淋巴结转移"), {"neck"}),
        (CodedText(text="锁骨上淋巴结转移"), {"neck"}),
        (CodedText(text="纵隔淋巴结继发恶性肿瘤"), {"mediastinal"}),
        (
            CodedText(text="淋巴结继发恶性肿瘤（右肺门、纵膈、右腋窝）"),
            {"hilar", "mediastinal", "axillary"},
        ),
        (CodedText(text="腹膜后淋巴结转移"), {"abdominal"}),
        (CodedText(text="Para-aortic lymph node metastases"), {"abdominal"}),
        (CodedText(text="宫颈癌盆腔淋巴结转移"), {"pelvic"}),  # 宫颈 is the cervix, no neck
        (CodedText(text="淋巴结转移"), set()),
    ],
)
def test_stg_nodes_regions_from_codes_and_words(concept_: CodedText, regions: set[str]) -> None:
    assert node_regions(concept_) == regions


@pytest.mark.parametrize(
    ("cancer", "regions", "distant"),
    [
        (NPC, {"neck"}, False),
        (NPC, {"abdominal"}, True),
        (NPC, {"axillary"}, True),
        (NPC, {"hilar"}, True),
        (NPC, {"mediastinal"}, None),  # level VII is regional, the other mediastinal nodes not
        (NPC, {"intrathoracic"}, None),
        (NPC, {"multiple"}, None),
        (NPC, {"neck", "axillary"}, True),
        (NPC, set(), False),
        ("oropharyngeal_cancer", {"inguinal"}, True),
        ("breast_cancer", {"axillary"}, False),  # regional for a breast cancer: no rows, no proof
        ("non_small_cell_lung_cancer", {"mediastinal"}, False),
        (None, {"abdominal"}, False),  # whose nodes, the chart does not say
    ],
)
def test_stg_nodes_distant_by_region_and_cancer(
    cancer: str | None, regions: set[str], distant: bool | None
) -> None:
    assert nodes_distant(cancer, frozenset(regions)) is distant


def test_stg_nodes_a_nodal_relapse_ends_the_curative_setting() -> None:
    facts = relapse_facts("右颈部淋巴结转移", date(2025, 10, 15))
    (npc,) = facts.diagnoses
    assert npc.relapsed_since == date(2025, 10, 15)
    assert npc.metastatic_since is None
    assert [line.setting for line in facts.lines] == [
        LineSetting.CURATIVE,
        LineSetting.RECURRENT_METASTATIC,
    ]
    assert facts.metastatic.value is None  # regional: no M1, and no M0 recorded here


def test_stg_nodes_nodes_found_with_the_cancer_are_its_extent_not_a_relapse() -> None:
    facts = relapse_facts("右颈部淋巴结转移", date(2023, 2, 20))
    (npc,) = facts.diagnoses
    assert npc.relapsed_since is None
    assert {line.setting for line in facts.lines} == {LineSetting.NOT_DETERMINED}


def test_stg_nodes_distant_nodes_are_a_documented_metastasis() -> None:
    facts = relapse_facts("腹膜后淋巴结转移", date(2025, 10, 15))
    (npc,) = facts.diagnoses
    assert npc.metastatic_since == date(2025, 10, 15)
    assert facts.metastatic.value is True


@pytest.mark.parametrize(
    ("words", "metastatic"),
    [
        ("鼻咽癌腹膜后淋巴结转移", True),
        ("鼻咽癌纵隔淋巴结转移", None),
        ("鼻咽癌颈部淋巴结转移", None),  # regional, and no stage recorded: undecided
    ],
)
def test_stg_nodes_a_primary_naming_its_nodes(words: str, metastatic: bool | None) -> None:
    chart = Chart("primary-nodes")
    chart.patient("male", "1971-06-14")
    chart.condition({"text": words}, date(2026, 3, 18))
    facts = build_facts(
        chart.resources, patient_id=chart.pid, as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [d.cancer_type for d in facts.diagnoses] == [NPC]
    assert facts.metastatic.value is metastatic
    assert facts.metastatic.suspected is (words == "鼻咽癌纵隔淋巴结转移")


SNOMED = "http://snomed.info/sct"
SECONDARY_DISEASE = CodedText(
    (Coding(SNOMED, "128462008", "Secondary malignant neoplastic disease (disorder)"),)
)


def _site(code: str | None, text: str | None = None) -> dict[str, object]:
    site: dict[str, object] = {"text": text} if text else {}
    if code:
        site["coding"] = [{"system": SNOMED, "code": code}]
    return site


def _secondary_on_site(code: CodedText, site: dict[str, object], *, m0: bool) -> bool | None:
    chart = Chart("p1")
    chart.patient("male", "1971-06-14")
    npc = chart.condition(
        {
            "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C11.9"}],
            "text": "Nasopharyngeal carcinoma",
        },
        date(2026, 3, 18),
    )
    if m0:
        chart.observation(
            {"coding": [{"system": "http://loinc.org", "code": "21907-1"}]},
            date(2026, 3, 20),
            value_concept={"coding": [{"system": "http://cancerstaging.org", "code": "cM0"}]},
            focus=[npc],
        )
    coding = [{"system": c.system, "code": c.code} for c in code.codings]
    chart.condition(
        {"coding": coding, **({"text": code.text} if code.text else {})},
        date(2026, 3, 25),
        body_site=[site],
    )
    facts = build_facts(
        chart.resources, patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return facts.metastatic.value


@pytest.mark.parametrize(
    ("code", "site", "m0", "metastatic"),
    [
        # Neck nodes named only by bodySite are N disease: read as distant before, an unsafe
        # eligible over the M0.
        (SECONDARY_DISEASE, _site("81105003"), True, False),
        (SECONDARY_DISEASE, _site(None, "右颈部淋巴结"), True, False),
        # Axillary nodes are distant for NPC: C77.9 read as nodes of no region before.
        (_c77("C77.9"), _site("68171009"), False, True),
        (_c77("C77.9"), _site(None, "左腋窝"), False, True),
        # An organ in bodySite stays a distant metastasis; the spine is no neck node.
        (SECONDARY_DISEASE, _site("10200004"), True, True),
        (CodedText(text="转移瘤"), _site(None, "颈4椎体"), False, True),
    ],
)
def test_stg_nodes_a_secondary_naming_no_site_takes_its_nodes_from_body_site(
    code: CodedText, site: dict[str, object], m0: bool, metastatic: bool
) -> None:
    assert _secondary_on_site(code, site, m0=m0) is metastatic


def _npc_and_entry(words: str, *, m0: bool, in_name: bool) -> bool | None:
    """An NPC (C11.9) of 2026-03-18, staged cM0 on 2026-03-20 or not; `words` its own name
    (`in_name`) or an entry of 2026-03-25 beside it. The metastatic fact's value."""
    chart = Chart("p1")
    chart.patient("male", "1971-06-14")
    npc = chart.condition(
        {
            "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C11.9"}],
            "text": words if in_name else "Nasopharyngeal carcinoma",
        },
        date(2026, 3, 18),
    )
    if m0:
        chart.observation(
            {"coding": [{"system": "http://loinc.org", "code": "21907-1"}]},
            date(2026, 3, 20),
            value_concept={"coding": [{"system": "http://cancerstaging.org", "code": "cM0"}]},
            focus=[npc],
        )
    if not in_name:
        chart.condition({"text": words}, date(2026, 3, 25))
    facts = build_facts(
        chart.resources, patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return facts.metastatic.value


@pytest.mark.parametrize(
    ("words", "in_name"),
    [
        ("鼻咽癌右腮腺转移", True),
        ("鼻咽癌颈淋巴结转移", True),
        ("Metastatic carcinoma to right neck", False),
        ("颈部淋巴结转移", False),
        ("Neck MRI: 2.5 cm left supraclavicular metastasis", False),
        ("NPC with bilateral retropharyngeal metastases", True),
        ("NPC with bilateral metastatic cervical lymphadenopathy", True),
        # spread13: "nodes" without "lymph", "LN" (twenty-eighth session).
        ("Metastatic NPC to neck nodes", True),
        ("Metastatic NPC to neck nodes", False),
        ("NPC, metastatic to cervical nodes", True),
        ("NPC with LN mets", True),
    ],
)
def test_stg_nodes_a_nodal_region_named_without_lymph_node_is_regional(
    words: str, in_name: bool
) -> None:
    """Twenty-eighth session: the parotid, the neck, the supraclavicular fossa and the
    retropharyngeal space named without "lymph node" are an NPC's nodes (AJCC N), not M1:
    unknown with no M category, not metastatic beside an M0. Before it, M1."""
    assert _npc_and_entry(words, m0=False, in_name=in_name) is None
    assert _npc_and_entry(words, m0=True, in_name=in_name) is False
