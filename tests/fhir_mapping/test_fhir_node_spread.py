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
