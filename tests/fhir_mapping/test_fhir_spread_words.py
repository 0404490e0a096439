"""STG-SPREAD-WORDS: the words that say where a cancer spread, as problem lists write them."""

from __future__ import annotations

import pytest

from fhir_mapping.diagnosis_words import UNCONFIRMED
from fhir_mapping.spread_words import (
    SECONDARY,
    SECONDARY_BRAIN,
    SECONDARY_NODES,
    denies_spread,
    leaned_against_spread,
    names_leptomeningeal,
    names_spread_in_doubt_only,
    names_the_leptomeninges,
    read_spread,
)
from fhir_mapping.terminology import CodedText, Coding, cancer_concepts

NPC = "nasopharyngeal_carcinoma"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # A site, then 转移, anywhere in the entry.
        ("双肺多发转移", (SECONDARY,)),
        ("左肺转移", (SECONDARY,)),
        ("胸椎转移", (SECONDARY,)),
        ("右肝转移灶", (SECONDARY,)),
        ("全身多发骨转移", (SECONDARY,)),
        ("骨转移瘤", (SECONDARY,)),
        ("肝转移癌", (SECONDARY,)),
        ("远处转移", (SECONDARY,)),
        ("转移性肝癌", (SECONDARY,)),
        ("转移性骨肿瘤", (SECONDARY,)),
        # The Chinese clinical edition of ICD-10's names.
        ("骨继发恶性肿瘤", (SECONDARY,)),
        ("肺继发性恶性肿瘤", (SECONDARY,)),
        ("多发骨继发恶性肿瘤？", (SECONDARY,)),
        ("继发性肝癌", (SECONDARY,)),
        ("中脑继发恶性肿瘤", (SECONDARY_BRAIN,)),
        ("脑转移瘤", (SECONDARY_BRAIN,)),
        ("纵隔淋巴结继发恶性肿瘤", (SECONDARY_NODES,)),
        ("颈部淋巴结转移", (SECONDARY_NODES,)),
        ("颈部转移癌", (SECONDARY_NODES,)),
        # English.
        ("Lung metastases", (SECONDARY,)),
        ("Multiple osseous metastases", (SECONDARY,)),
        ("Liver mets", (SECONDARY,)),
        ("Metastasis to bone", (SECONDARY,)),
        ("Metastatic carcinoma to liver", (SECONDARY,)),
        ("Secondary malignant neoplasm of bone", (SECONDARY,)),
        ("Secondary malignant neoplastic disease (disorder)", (SECONDARY,)),
        ("Brain metastases", (SECONDARY_BRAIN,)),
        ("Metastatic disease to the brain", (SECONDARY_BRAIN,)),
        ("Cervical lymph node metastases", (SECONDARY_NODES,)),
        ("Secondary malignant neoplasm of lymph nodes of head, face and neck", (SECONDARY_NODES,)),
    ],
)
def test_stg_spread_words_a_metastasis_alone_names_no_primary(
    text: str, kinds: tuple[str, ...]
) -> None:
    reading = read_spread(text)
    assert reading.kinds == kinds
    concepts = cancer_concepts(CodedText(text=text))
    assert concepts[:1] == kinds, concepts


@pytest.mark.parametrize(
    ("text", "distant"),
    [
        ("鼻咽癌肝转移", True),
        ("鼻咽癌伴多发骨转移", True),
        ("鼻咽未分化癌肝转移", True),  # 未分化 (undifferentiated) is no negation
        ("鼻咽癌颈部淋巴结转移伴肝转移", True),
        ("转移性鼻咽癌", True),
        ("鼻咽癌放化疗后转移", True),
        ("NPC with liver metastases", True),
        ("Metastatic nasopharyngeal carcinoma", True),
        ("Nasopharyngeal carcinoma metastatic to bone", True),
        # Regional nodes only: N disease.
        ("鼻咽癌 颈部淋巴结转移", False),
        ("鼻咽癌颈部转移", False),
        ("Nasopharyngeal carcinoma with cervical lymph node metastases", False),
        # Denied.
        ("鼻咽癌 T3N2M0 III期 无远处转移", False),
        ("鼻咽癌（未见明确远处转移征象）", False),
        ("鼻咽癌，排除转移", False),
        ("Nasopharyngeal carcinoma, no distant metastasis", False),
        ("NPC without metastases", False),
        ("Non-metastatic nasopharyngeal carcinoma", False),
        ("鼻咽癌", False),
    ],
)
def test_stg_spread_words_a_primary_named_with_its_spread(text: str, distant: bool) -> None:
    assert read_spread(text).distant is distant
    assert cancer_concepts(CodedText(text=text))[0] == NPC


@pytest.mark.parametrize(
    "text",
    [
        "γ-谷氨酰转移酶升高",
        "转移因子口服液",
        "Metastatic calcification",
        "继发性高血压",
        "继发感染",
        "转移性右下腹痛",
    ],
)
def test_stg_spread_words_words_about_something_else(text: str) -> None:
    assert read_spread(text).kinds == ()
    assert cancer_concepts(CodedText(text=text)) == ()


def test_stg_spread_words_suspected_metastasis_still_names_the_spread() -> None:
    # DX-WORDS reads the doubt (STG-SUSPECTED); the spread is still the metastasis's kind.
    assert read_spread("肝继发恶性肿瘤？").kinds == (SECONDARY,)
    assert read_spread("不除外骨转移").kinds == (SECONDARY,)


def test_stg_spread_words_a_primary_code_outranks_the_words() -> None:
    coded = CodedText((Coding("http://hl7.org/fhir/sid/icd-10-cm", "C11.9"),), text="鼻咽癌肝转移")
    assert cancer_concepts(coded)[:2] == (NPC, SECONDARY)


@pytest.mark.parametrize(
    ("text", "brain"),
    [
        ("右额叶转移瘤", True),
        ("左颞叶转移瘤放疗后", True),
        ("左额顶叶多发转移", True),
        ("Right frontal lobe metastasis", True),
        ("Metastasis to the left temporal lobe", True),
        ("Left occipital lobe mets", True),
        # Not a lobe of the brain, or not a metastasis of it.
        ("Metastases to the temporal bone", False),
        ("右肺上叶转移", False),
        ("肝右叶转移瘤", False),
        ("鼻咽癌侵犯左颞叶伴肝转移", False),
        ("双侧颞叶放射性脑病", False),
    ],
)
def test_cns_metastases_a_metastasis_named_by_its_lobe_is_the_brains(
    text: str, brain: bool
) -> None:
    """CNS-METASTASES: 右额叶转移瘤, "Right frontal lobe metastasis" name the brain by its lobe;
    before 7 December 2026 (twenty-fourth session) they were metastases of no brain site."""
    assert (SECONDARY_BRAIN in read_spread(text).kinds) is brain


@pytest.mark.parametrize(
    ("text", "brain"),
    [
        # The brain named for a finding of its own after the metastases of another site.
        ("NPC with bone metastases and bilateral temporal lobe radiation necrosis", False),
        ("Bone metastases and temporal lobe injury after radiotherapy", False),
        ("Liver metastases and brain radiation necrosis", False),
        ("Bone metastases and left frontal lobe infarct", False),
        # The brain named as the metastases' site, a finding beside it or not.
        ("Metastatic NPC to bone and brain", True),
        ("Metastasis in the left temporal lobe with surrounding edema", True),
        ("Metastatic NPC to the brain, radiation necrosis", True),
        ("Metastases to the right frontal lobe", True),
    ],
)
def test_cns_metastases_a_brain_site_named_for_another_finding_is_no_brain_spread(
    text: str, brain: bool
) -> None:
    """CNS-METASTASES: a brain site followed by its own finding (radiation necrosis, injury,
    infarct) after another site's metastases names that finding, not where they spread. Before
    7 December 2026 (twenty-fourth session) "NPC with bone metastases and bilateral temporal lobe
    radiation necrosis" read as brain metastases: the necrosis's field then unknown and
    no-prior-locoregional-rt asked where the coordinator reads it not met (an unsafe card:
    `rw_bone_mets_and_temporal_lobe_necrosis_english`)."""
    assert (SECONDARY_BRAIN in read_spread(text).kinds) is brain


@pytest.mark.parametrize(
    "text",
    [
        "Leptomeningeal carcinomatosis",
        "Leptomeningeal disease",
        "leptomeningeal metastases",
        "Meningeal carcinomatosis",
        "Carcinomatous meningitis",
        "Secondary malignant neoplasm of meninges",
        "脑膜癌病",
        "软脑膜癌病",
        "癌性脑膜炎",
        "Cerebellar metastasis",
        "Metastasis to the cerebellum",
        "Brainstem metastasis",
        "脑、骨多发转移",
        "颅内、肝、骨转移",
        "脑及骨转移",
    ],
)
def test_cns_metastases_leptomeningeal_cerebellar_and_listed_sites_are_brain_spread(
    text: str,
) -> None:
    assert SECONDARY_BRAIN in read_spread(text).kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # The primary growing into the skull (T4), beside distant spread elsewhere.
        ("鼻咽癌侵犯颅内伴肝转移", (SECONDARY,)),
        ("鼻咽癌颅内侵犯伴骨转移", (SECONDARY,)),
        ("鼻咽癌累及脑膜伴骨转移", (SECONDARY,)),
        ("鼻咽癌颅底骨质破坏伴脑转移", (SECONDARY_BRAIN,)),
        # A finding listed before another site's metastases is not the brain's.
        ("脑梗死、肝转移", (SECONDARY,)),
        # Denied, or no cancer word: nothing.
        ("No leptomeningeal disease", ()),
        ("No evidence of leptomeningeal carcinomatosis", ()),
        ("未见脑膜癌病", ()),
        ("Leptomeningeal enhancement", ()),
        ("Bacterial meningitis", ()),
        ("脑膜瘤", ()),
    ],
)
def test_cns_metastases_intracranial_extension_of_the_primary_is_no_brain_spread(
    text: str, kinds: tuple[str, ...]
) -> None:
    assert read_spread(text).kinds == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # The primary through the skull base, in English: T4, metastatic elsewhere.
        (
            "Metastatic nasopharyngeal carcinoma with skull base invasion and intracranial "
            "extension (T4)",
            (),
        ),
        ("NPC with bone metastases and intracranial extension", (SECONDARY,)),
        ("Metastatic NPC invading the brain", ()),
        # A metastasis in the brain or on the dura is the brain's.
        ("Metastases to the brain", (SECONDARY_BRAIN,)),
        ("Metastatic disease involving the brain and bone", (SECONDARY_BRAIN,)),
        ("Right parietal dural-based metastasis", (SECONDARY_BRAIN,)),
        ("Dural metastases", (SECONDARY_BRAIN,)),
        ("Metastasis to the dura", (SECONDARY_BRAIN,)),
    ],
)
def test_cns_metastases_the_primary_through_the_skull_base_and_dural_metastases(
    text: str, kinds: tuple[str, ...]
) -> None:
    assert read_spread(text).kinds == kinds


@pytest.mark.parametrize(
    ("text", "leptomeningeal"),
    [
        ("脑膜转移", True),
        ("软脑膜转移", True),
        ("脑实质及脑膜多发转移", True),
        ("脑膜癌病", True),
        ("Leptomeningeal disease, CSF cytology positive", True),
        ("Meningeal metastases", True),
        ("Carcinomatous meningitis", True),
        # The meninges' ICD-10-CM title: dura or leptomeninges, it does not say.
        ("Secondary malignant neoplasm of cerebral meninges", False),
        ("Secondary malignant neoplasm of meninges", False),
        ("Secondary malignant neoplasm of cerebral meninges; leptomeningeal disease", True),
        ("硬脑膜转移", False),
        ("Right parietal dural-based metastasis", False),
        ("脑转移瘤", False),
        ("未见脑膜转移", False),
        ("No leptomeningeal disease", False),
        ("鼻咽癌累及脑膜伴骨转移", False),
        ("Leptomeningeal enhancement", False),
    ],
)
def test_cns_metastases_leptomeningeal_spread_in_words(text: str, leptomeningeal: bool) -> None:
    assert names_leptomeningeal(text) is leptomeningeal


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("脑膜转移", False),
        ("Meningeal metastases", False),
        ("脑实质及脑膜多发转移", False),
        ("脑膜转移（脑脊液未找到癌细胞）", False),
        ("Meningeal metastases, CSF cytology negative", False),
        ("软脑膜转移", True),
        ("软脊膜转移", True),
        # The spinal meninges named with no layer, as 脑膜 (twenty-fifth session).
        ("腰骶段脊膜转移", False),
        ("硬脊膜转移", False),
        ("脑膜癌病", True),
        ("Leptomeningeal disease", True),
        ("LMD", True),
        ("Carcinomatous meningitis", True),
        ("Meningeal carcinomatosis", True),
        ("脑膜转移（脑脊液找到癌细胞）", True),
        ("脑膜转移，脑脊液细胞学阳性", True),
        ("Meningeal metastases, CSF cytology positive", True),
        ("Meningeal metastases, positive CSF cytology", True),
        ("脑膜转移 全脑放疗+鞘注MTX后", True),
        ("Meningeal metastases on intrathecal methotrexate", True),
    ],
)
def test_cns_metastases_the_leptomeninges_named_or_shown(text: str, named: bool) -> None:
    """CNS-METASTASES: whether the words name the leptomeninges themselves (软脑膜,
    软脊膜, "leptomeningeal", 脑膜癌病) or what only leptomeningeal disease has (cancer cells in
    the CSF, an intrathecal treatment) — "脑膜转移", "脊膜转移" and "meningeal metastases" alone
    do not: dural or leptomeningeal, they do not say (脊膜转移 named them before 7 December
    2026, twenty-fifth session, chart `rw_spinal_leptomeningeal_mets_chinese`)."""
    assert names_the_leptomeninges(text) is named


@pytest.mark.parametrize(
    "text",
    [
        "鼻咽癌（骨转移待排）",
        "鼻咽癌 IVB期（骨转移待排）",
        "鼻咽癌骨转移？",
        "鼻咽癌，疑似肝转移",
        "鼻咽癌 肺转移可能",
        "NPC, bone mets to be ruled out",
        "NPC with ?bone metastases",
        "Nasopharyngeal carcinoma with possible liver metastases",
        "Nasopharyngeal carcinoma, liver metastases not excluded",
        "NPC with ?metastases",
    ],
)
def test_stg_suspected_a_primary_named_with_a_doubted_spread(text: str) -> None:
    """The doubt is the spread's: the metastasis is suspected, not affirmed, and the words left
    to name the primary carry no doubt (the NPC stays confirmed)."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, True)
    assert not UNCONFIRMED.search(reading.rest)
    assert cancer_concepts(CodedText(text=text))[0] == NPC


@pytest.mark.parametrize(
    ("text", "primary_doubted"),
    [
        # One spread doubted, another affirmed: the affirmed one decides.
        ("鼻咽癌肝转移 骨转移待排", False),
        # The doubt is the primary's, not the spread's: the spread stands as written.
        ("鼻咽癌待排 肝转移", True),
        ("鼻咽癌？肝转移", True),
        ("Suspected NPC with liver metastases", True),
    ],
)
def test_stg_suspected_a_doubt_belongs_to_what_it_names(text: str, primary_doubted: bool) -> None:
    reading = read_spread(text)
    assert reading.distant is True
    assert bool(UNCONFIRMED.search(reading.rest)) is primary_doubted


@pytest.mark.parametrize(
    ("text", "kinds", "leptomeningeal"),
    [
        # The spinal meninges are leptomeninges too; the spinal epidural space is the spine's.
        ("腰骶段脊膜转移", (SECONDARY_BRAIN,), True),
        ("软脊膜多发转移", (SECONDARY_BRAIN,), True),
        ("硬脊膜外转移", (SECONDARY,), False),
        ("未见脊膜转移", (), False),
        ("胸8椎体转移伴脊髓压迫", (SECONDARY,), False),
        # LMD, leptomeningeal disease as notes and impressions abbreviate it.
        ("Leptomeningeal enhancement, consistent with LMD", (SECONDARY_BRAIN,), True),
        ("No evidence of LMD", (), False),
    ],
)
def test_cns_metastases_spinal_leptomeningeal_metastases_and_lmd(
    text: str, kinds: tuple[str, ...], leptomeningeal: bool
) -> None:
    assert (read_spread(text).kinds, names_leptomeningeal(text)) == (kinds, leptomeningeal)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("非转移性病变", ()),
        ("非转移性鼻咽癌", ()),
        # 非 before a subtype is no denial of the spread named after the cancer.
        ("鼻咽非角化性未分化型癌肝转移", (SECONDARY,)),
        ("非小细胞肺癌脑转移", (SECONDARY_BRAIN,)),
    ],
)
def test_stg_spread_words_non_metastatic_in_chinese_denies(
    text: str, kinds: tuple[str, ...]
) -> None:
    assert read_spread(text).kinds == kinds


@pytest.mark.parametrize(
    "text",
    [
        "不考虑转移",
        "肝脏小结节，不考虑转移",
        "骨扫描：不考虑骨转移",
        "肺内小结节，考虑炎性结节，不考虑转移瘤",
        "肝S6低密度灶，考虑血管瘤，不考虑转移",
        "Liver lesion, likely haemangioma; metastasis not favoured",
        "Pulmonary nodule, metastasis not favored",
        "Bone scan: metastases not considered",
        "Metastatic disease not favoured",
    ],
)
def test_stg_spread_words_not_considered_denies(text: str) -> None:
    """不考虑转移 ("metastasis not considered"), "metastasis not favoured": the radiologist
    reads the finding as no metastasis — a denial, not a doubt."""
    reading = read_spread(text)
    assert (reading.kinds, reading.distant, reading.distant_doubted) == ((), False, False)
    assert denies_spread(text)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # A spread affirmed beside the denied one stands.
        ("鼻咽癌肝转移，骨扫描不考虑骨转移", (SECONDARY,)),
        ("Liver metastases; bone metastasis not favoured", (SECONDARY,)),
    ],
)
def test_stg_spread_words_not_considered_leaves_other_spread(
    text: str, kinds: tuple[str, ...]
) -> None:
    reading = read_spread(text)
    assert (reading.kinds, reading.distant) == (kinds, True)


@pytest.mark.parametrize(
    "text",
    [
        "鼻咽癌 T3N2M0 III期（不考虑骨转移）",
        "鼻咽癌（骨转移已排除）",
        "鼻咽癌，肝内小结节不支持转移",
        "Nasopharyngeal carcinoma, distant metastases excluded",
        "Nasopharyngeal carcinoma, bone metastases ruled out",
        "NPC, metastasis not favoured",
    ],
)
def test_stg_spread_words_a_primary_named_with_its_spread_ruled_out(text: str) -> None:
    """The spread the words rule out after it (已排除, "ruled out", "excluded") or before it
    (不考虑, 不支持) is neither affirmed nor doubted: the NPC is not metastatic by its name."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, False)
    assert cancer_concepts(CodedText(text=text))[0] == NPC


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        # Doubted: neither shown nor ruled out.
        ("骨转移不明确", False),
        ("骨扫描：胸椎浓聚灶，骨转移不明确，建议MRI", False),
        ("胸椎MRI：T8椎体异常信号，骨转移依据不足", False),
        ("肝转移证据不足", False),
        # A negative result: none.
        ("骨转移(-)", True),
        ("骨转移（-）", True),
        ("骨转移：阴性", True),
        ("鼻咽癌 T3N2M0 III期 骨转移(-)", True),
    ],
)
def test_stg_spread_words_unclear_or_negative_after_the_spread(text: str, denied: bool) -> None:
    """不明确 (unclear) and 依据不足 (insufficient evidence) after a metastasis doubt it
    (STG-SUSPECTED); (-) or 阴性 after it is a negative result and denies it."""
    reading = read_spread(text)
    assert reading.distant is False
    assert (reading.distant_doubted, denies_spread(text)) == (not denied, denied)


@pytest.mark.parametrize(
    ("text", "doubted"),
    [
        # Not (yet) ruled out, or a work-up asked for to rule it out: suspected.
        ("不排除骨转移", True),
        ("骨扫描：胸椎浓聚灶，不排除骨转移", True),
        ("无法排除骨转移", True),
        ("尚未排除肝转移", True),
        ("未能排除肝转移", True),
        ("未除外骨转移", True),
        ("待除外骨转移", True),
        ("骨转移待除外", True),
        ("需排除骨转移", True),
        ("骨扫描：胸椎浓聚灶，建议MRI以排除转移", True),
        ("疑诊骨转移（胸椎）", True),
        # Ruled out.
        ("排除骨转移", False),
        ("已排除骨转移", False),
        ("除外骨转移", False),
    ],
)
def test_stg_spread_words_not_yet_ruled_out_is_doubted(text: str, doubted: bool) -> None:
    """STG-SUSPECTED: 不排除, 未除外, 待除外, a work-up to rule it out (需排除, 以排除) and 疑诊
    doubt the metastasis; 排除 and 除外 alone rule it out."""
    reading = read_spread(text)
    assert reading.distant is False
    assert (reading.distant_doubted, denies_spread(text)) == (doubted, not doubted)


@pytest.mark.parametrize(
    ("text", "doubted"),
    [
        # Awaiting proof, or equivocal: suspected.
        ("胸椎骨转移（待病理证实）", True),
        ("骨转移待证实", True),
        ("Equivocal for bone metastasis", True),
        # No evidence, or a negative result: none.
        ("Bone scan: no convincing evidence of bone metastasis", False),
        ("No definite evidence of liver metastases", False),
        ("Bone metastases: negative", False),
    ],
)
def test_stg_spread_words_awaiting_proof_or_no_evidence_in_english(
    text: str, doubted: bool
) -> None:
    """STG-SUSPECTED: a metastasis awaiting its proof (待病理证实) or equivocal is doubted;
    "no convincing evidence of" or ": negative" denies it."""
    reading = read_spread(text)
    assert reading.distant is False
    assert (reading.distant_doubted, denies_spread(text)) == (doubted, not doubted)


@pytest.mark.parametrize(
    "text",
    [
        # A judgement of the metastasis's treatment, not of whether it is there.
        "Liver metastases not considered resectable",
        "Bone metastases not considered for surgery",
        "Liver metastasis not considered amenable to resection",
        "Liver metastases excluded from the radiation field",
        "不考虑手术切除肝转移灶",
        "不支持手术切除肝转移灶",
        # The course of known metastases: unchanged, not progressing, without symptoms.
        "No change in bone metastases",
        "No significant change in known liver metastases",
        "No evidence of progression of bone metastases",
        "No progression of liver metastases",
        "无症状骨转移",
        "较前无明显变化的骨转移灶",
        "未处理的骨转移",
        "No radiotherapy to bone metastases",
        "No biopsy of liver metastases",
    ],
)
def test_stg_spread_words_a_judgement_of_treatment_or_course_denies_nothing(text: str) -> None:
    """STG-SPREAD-WORDS: "not considered resectable", 不考虑手术切除 or "no change in" judge
    the metastasis's surgery or course, and affirm it (chart
    `rw_m0_years_ago_then_liver_mets_not_resectable_english`; before the twenty-fifth session's
    review they read as a denial, and an old M0 excluded the patient)."""
    reading = read_spread(text)
    assert reading.distant, reading
    assert not denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bone scan: metastases not considered",
        "Liver lesion, likely haemangioma; metastasis not favoured",
        "No new metastases",
        "No new or enlarging metastases",
        "no new or progressive metastases",
        "未见新发或增大的转移灶",
        # A symptom review denying the metastasis's symptoms and it.
        "无头痛、呕吐等颅内转移症状",
        # ... in English, however many symptoms it lists first (twenty-fifth session: read as
        # brain metastases affirmed, five words being more than the negation reached).
        "No headache or other symptoms of brain metastases",
        "Denies headache; no neurological symptoms suggestive of brain metastases",
        "No nausea, vomiting, seizures or other symptoms concerning for brain metastasis",
        "无骨痛及骨转移",
        "No evidence of liver metastases",
        "不考虑转移",
        "肝脏小结节，不考虑转移",
    ],
)
def test_stg_spread_words_a_verdict_on_the_metastasis_still_denies(text: str) -> None:
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, False)
    assert denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "CT abdomen: indeterminate liver lesion, metastasis not excluded",
        "Liver lesion, metastasis not ruled out",
        "Indeterminate liver lesion; metastases cannot be excluded",
    ],
)
def test_stg_suspected_a_metastasis_of_no_site_held_open(text: str) -> None:
    """STG-SUSPECTED: a metastasis the words hold open without naming its site beside it ("liver
    lesion, metastasis not excluded") is a suspected distant metastasis (chart
    `rw_indeterminate_liver_lesion_metastasis_not_excluded_after_m0`; before the twenty-fifth
    session's review it named no spread, and the M0 staged before it excluded the patient)."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, True)
    assert cancer_concepts(CodedText(text=text))[:1] == (SECONDARY,)


@pytest.mark.parametrize(
    "text",
    [
        # Another organ's carcinomatosis, an infection's meningitis, a CSF protein test.
        "Meningeal metastases; peritoneal carcinomatosis",
        "Meningeal metastases, pleural carcinomatosis",
        "Meningeal metastases, history of bacterial meningitis 2015",
        "脑膜转移，脑脊液潘氏试验阳性",
        "脑膜转移，脑脊液蛋白阳性",
    ],
)
def test_cns_metastases_other_carcinomatosis_meningitis_or_csf_test_shows_no_leptomeninges(
    text: str,
) -> None:
    """CNS-METASTASES: a peritoneal or pleural carcinomatosis, a bacterial meningitis or a CSF
    protein test (潘氏试验, Pandy's) that is positive says nothing of the leptomeninges' cancer:
    the meningeal metastases stay dural or leptomeningeal, possible (twenty-fifth session's
    review: each made the leptomeningeal disease established)."""
    assert not names_the_leptomeninges(text)


@pytest.mark.parametrize(
    ("text", "doubted"),
    [
        # 不可除外 is 不能除外: held open.
        ("骨转移不可除外", True),
        ("骨扫描：胸椎浓聚灶，骨转移尚不可除外", True),
        ("不可除外骨转移", True),
        # The verdict after the spread: 不考虑, 暂不考虑, 不支持 deny it.
        ("骨转移暂不考虑", False),
        ("肝转移不考虑", False),
        ("肝脏小结节，转移不考虑", False),
        ("骨转移不支持", False),
    ],
)
def test_stg_spread_words_cannot_be_excluded_or_not_considered_after_it(
    text: str, doubted: bool
) -> None:
    """STG-SUSPECTED, STG-SPREAD-WORDS: 不可除外 after or before a metastasis holds it open; 不考虑
    or 不支持 after it is the radiologist's verdict against it, as before it (charts
    `rw_bone_metastasis_cannot_be_excluded_after_m0`,
    `rw_bone_metastasis_not_considered_after_it_m0`; before the twenty-fifth session's review
    both read as a metastasis affirmed, an unsafe eligible)."""
    reading = read_spread(text)
    assert reading.distant is False
    assert (reading.distant_doubted, denies_spread(text)) == (doubted, not doubted)


def test_stg_spread_words_a_symptom_review_reaches_no_further_than_its_clause() -> None:
    """STG-SPREAD-WORDS: the English symptom review's negation stops at "but": symptoms that
    worsened affirm the metastases they are of."""
    text = "No new lesions, but symptoms of brain metastases worsened"
    assert read_spread(text).distant
    assert not denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bone metastases: negative on PET after radiotherapy",
        "Bone metastases: negative on PET-CT following SBRT",
        "Liver metastases - negative after 6 cycles of GP",
        "骨转移：阴性（放疗后）",
        "骨转移(-)（放疗后）",
        "骨转移放疗后，PET-CT未见代谢活性",
        "Bone metastases: negative, after radiotherapy",
        "骨转移：阴性，放疗后",
    ],
)
def test_stg_spread_words_a_metastasis_negative_after_its_treatment_was_there(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-sixth session): a metastasis negative on imaging after its
    treatment responded; it was there, and a response does not restage the cancer (chart
    `rw_bone_mets_negative_on_pet_after_rt_english`; before it, read as no metastasis)."""
    reading = read_spread(text)
    assert reading.affirmed == (SECONDARY,)
    assert not denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bone metastases: negative",
        "Bone metastases: negative on bone scan.",
        "骨转移：阴性",
        "骨转移(-)",
    ],
)
def test_stg_spread_words_a_negative_result_with_no_treatment_still_denies(text: str) -> None:
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, False)
    assert denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_bone_metastasis_negative_then_biopsy_changes_after_m0`.
        "PET-CT：骨转移（-），右颈部淋巴结活检术后改变",
        "骨转移（-），鼻咽部放疗后改变",
        "骨转移：阴性 鼻咽放疗后改变",
        "Bone metastases: negative, post-treatment changes in the nasopharynx",
        "Bone metastases: negative, right neck with post-surgical changes after neck dissection",
        "Bone metastases - negative on PET, post-radiation fibrosis in the neck",
    ],
)
def test_stg_spread_words_treatment_words_of_another_finding_leave_the_denial(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-sixth session's red-team review): the treatment words after a
    negative metastasis are its own only in its clause or opening the next, never where they
    describe another finding's change (a biopsy's, the primary's): the denial stands (before
    it, a bone metastasis affirmed over an M0)."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, False)
    assert denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "No measurable metastases",
        "CT chest, abdomen and pelvis: no measurable metastases",
        "No residual metastases",
        "no FDG-avid bone metastases",
        "无可测量转移灶",
        "未见残留转移灶",
        "未见明显活性转移灶",
    ],
)
def test_stg_spread_words_no_metastasis_of_a_kind_neither_denies_nor_affirms(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-sixth session): no measurable (RECIST), residual, active or
    avid metastasis says nothing of the others: neither a denial nor a metastasis (before it,
    a denial, and a brain MRI "No measurable metastases." ruled out a suspected brain
    metastasis: chart `rw_brain_mets_question_then_mri_no_measurable_metastases_english`)."""
    reading = read_spread(text)
    assert (reading.kinds, reading.metastatic, reading.metastatic_doubted) == ((), False, False)
    assert not denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "Osseous metastases, no measurable metastases (RECIST 1.1)",
        "多发骨转移，无可测量转移灶",
        "Bone metastases, no FDG-avid bone metastases after radiotherapy",
    ],
)
def test_stg_spread_words_no_metastasis_of_a_kind_leaves_the_named_one(text: str) -> None:
    assert read_spread(text).affirmed == (SECONDARY,)


@pytest.mark.parametrize(
    "text", ["no measurable disease, no bone metastases", "No distant metastases", "无远处转移"]
)
def test_stg_spread_words_a_plain_denial_beside_a_qualified_one_still_denies(text: str) -> None:
    assert denies_spread(text)
    assert not read_spread(text).distant


@pytest.mark.parametrize(
    ("text", "doubted"),
    [
        # 考虑 before the metastasis: a working diagnosis, to be confirmed.
        ("考虑骨转移", True),
        ("骨扫描：多发骨质代谢增高灶，考虑骨转移", True),
        ("考虑为骨转移", True),
        ("鼻咽癌，考虑骨转移", True),
        # 考虑 of its treatment, in its clause: the metastasis is there.
        ("考虑行骨转移灶放疗", False),
        ("骨转移，考虑放疗", False),
        ("骨转移考虑手术切除", False),
        # Of the primary's subtype, not of the spread.
        ("鼻咽癌（考虑非角化型）骨转移", False),
    ],
)
def test_stg_spread_words_considered_is_a_working_diagnosis(text: str, doubted: bool) -> None:
    """STG-SPREAD-WORDS, STG-SUSPECTED (twenty-sixth session): 考虑 before a metastasis holds it
    in doubt, as CMB-WORDS and a brain imaging conclusion read it; before it, "考虑骨转移" on a
    problem list affirmed the metastasis, `stage-m1` and `metastatic` met where the coordinator
    asks for it to be confirmed, an unsafe eligible for a trial requiring M1."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (not doubted, doubted)
    assert names_spread_in_doubt_only(text) is doubted


@pytest.mark.parametrize(
    "text",
    [
        "骨扫描：多发骨质代谢增高灶，倾向骨转移",
        "倾向转移",
        "倾向于骨转移",
        "骨转移倾向",
        "likely bone metastases",
        "Bone scan: multiple foci of increased uptake. Findings likely represent osseous "
        "metastases.",
        "Bone metastases likely",
        "Bone scan: multiple foci of increased uptake, suggestive of bone metastases",
        "Findings suggest osseous metastases",
        "probable bone metastases",
    ],
)
def test_stg_spread_words_a_radiologists_leaning_holds_the_metastasis_open(text: str) -> None:
    """STG-SPREAD-WORDS, STG-SUSPECTED (twenty-sixth session): 倾向, "likely", "suggestive of"
    lean towards a metastasis without concluding it: doubted, never affirmed (charts
    `rw_bone_metastasis_leaning_entry_no_m_chinese`, `rw_bone_metastasis_likely_entry_no_m_english`,
    `rw_bone_metastasis_suggestive_entry_no_m_english`; before it, M1 documented, an unsafe
    eligible)."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, True)
    assert names_spread_in_doubt_only(text)
    assert not denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bone scan: multiple foci of increased uptake, consistent with osseous metastases",
        "compatible with bone metastases",
    ],
)
def test_stg_spread_words_consistent_with_is_a_metastasis_stated(text: str) -> None:
    """STG-SPREAD-WORDS: "consistent with", "compatible with" are the radiologist's firm read,
    as CNS-EHR reads a brain scan (chart
    `rw_bone_metastasis_consistent_with_entry_no_m_english`)."""
    assert read_spread(text).affirmed == (SECONDARY,)


@pytest.mark.parametrize(
    "text", ["不倾向转移", "不倾向骨转移", "not suggestive of bone metastases"]
)
def test_stg_spread_words_a_leaning_against_denies(text: str) -> None:
    assert not read_spread(text).distant
    assert denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "鼻咽癌肝转移 倾向骨转移",
        "鼻咽癌肝转移 疑似骨转移",
        "liver metastases likely bone metastases",
    ],
)
def test_stg_spread_words_a_leaning_opening_the_next_phrase_is_its_own(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-sixth session): a doubt word past a space that opens the next
    spread phrase doubts that one; the metastasis before it stands."""
    reading = read_spread(text)
    assert reading.affirmed == (SECONDARY,)
    assert reading.doubted == (SECONDARY,)
    assert not names_spread_in_doubt_only(text)


@pytest.mark.parametrize(
    "text",
    [
        # Charts `rw_bone_metastasis_negative_after_npc_rt_chinese`,
        # `rw_bone_metastasis_negative_after_nasopharynx_ccrt_english`.
        "骨转移（-）（鼻咽癌放疗后3月复查）",
        "Bone metastases: negative on PET (3 months after chemoradiotherapy to the nasopharynx)",
        "骨转移：阴性（鼻咽+颈部放疗后）",
        "Bone metastases: negative on PET after NPC treatment",
        "Bone metastases: negative after radiotherapy to the primary",
        "Bone metastases: negative after nasopharyngeal radiotherapy",
    ],
)
def test_stg_spread_words_a_negative_result_after_the_primarys_treatment_denies(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-sixth session): treatment named with another site — the primary,
    the nasopharynx, the neck — is not the metastasis's: the result is the primary's
    post-treatment check, and denies the metastasis (before it, a treated metastasis, M1 over
    an M0)."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, False)
    assert denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "骨转移（-）（颈椎放疗后）",
        "Bone metastases: negative on PET after radiotherapy to the spine",
    ],
)
def test_stg_spread_words_a_negative_result_after_the_metastasis_site_treated_stands(
    text: str,
) -> None:
    """STG-SPREAD-WORDS: the cervical spine (颈椎) or the spine treated is the bone metastasis's
    own site: a response, M1 stands."""
    assert read_spread(text).affirmed == (SECONDARY,)


@pytest.mark.parametrize(
    ("text", "doubted", "rest"),
    [
        ("骨扫描：多发骨质代谢增高灶，考虑鼻咽癌骨转移", ("secondary",), "考虑鼻咽癌"),
        ("考虑鼻咽癌骨转移", ("secondary",), "考虑鼻咽癌"),
        ("疑似肺癌脑转移", ("secondary_brain",), "疑似肺癌"),
    ],
)
def test_stg_suspected_a_doubt_before_the_primarys_name_reaches_its_metastasis(
    text: str, doubted: tuple[str, ...], rest: str
) -> None:
    """STG-SUSPECTED, STG-SPREAD-WORDS (twenty-sixth session's second red-team review): 考虑 or
    疑似 before the primary's name and its metastasis doubts the metastasis, as before it alone
    ("考虑骨转移"); the primary keeps its words, doubt and all. Before it the metastasis was
    documented: M1 for a chart staged cT3 cN2 only, an unsafe eligible."""
    reading = read_spread(text)
    assert (reading.affirmed, reading.doubted) == ((), doubted)
    assert reading.rest.strip() == rest or reading.rest.strip().endswith(rest)


@pytest.mark.parametrize("text", ["鼻咽癌骨转移", "考虑鼻咽癌，骨转移", "鼻咽癌骨转移，考虑予放疗"])
def test_stg_suspected_a_doubt_of_the_primary_alone_leaves_its_metastasis(text: str) -> None:
    """STG-SUSPECTED (twenty-sixth session's second red-team review): a doubt the comma parts
    from the metastasis, or one of its treatment, leaves it documented."""
    assert read_spread(text).affirmed == ("secondary",)


@pytest.mark.parametrize(
    ("text", "leaned"),
    [
        (
            "Bone scan: uptake in the lower lumbar spine, likely degenerative; "
            "bone metastases unlikely",
            (SECONDARY,),
        ),
        ("Bone metastases are unlikely", (SECONDARY,)),
        ("bone metastases less likely", (SECONDARY,)),
        (
            "CT abdomen: 8 mm hypodense liver lesion, likely a cyst; metastasis less likely",
            (SECONDARY,),
        ),
        ("metastasis is felt to be less likely", (SECONDARY,)),
        ("MRI spine: T8 signal change, unlikely to represent metastasis", (SECONDARY,)),
        ("Unlikely bone metastases", (SECONDARY,)),
        ("less likely bone metastases", (SECONDARY,)),
        ("low suspicion for bone metastases", (SECONDARY,)),
        ("骨扫描：腰椎浓聚灶，考虑退行性变，骨转移可能性小", (SECONDARY,)),
        ("骨转移可能性较小", (SECONDARY,)),
        ("肝脏MRI：肝右叶小结节，考虑血管瘤，转移可能性不大", (SECONDARY,)),
        ("不太可能为骨转移", (SECONDARY,)),
        ("脑转移可能性小", (SECONDARY_BRAIN,)),
        ("Brain metastases unlikely", (SECONDARY_BRAIN,)),
    ],
)
def test_stg_spread_words_a_lean_against_the_metastasis_neither_affirms_nor_doubts(
    text: str, leaned: tuple[str, ...]
) -> None:
    """STG-SPREAD-WORDS, STG-SUSPECTED (twenty-seventh session): a radiologist leaning against a
    metastasis ("unlikely", "less likely", 可能性小, 可能性不大) documents none and holds none in
    question over an M0, and is no denial either (`denies_spread`: not proof there is none).
    Before it, "Bone metastases are unlikely" and "unlikely to represent metastasis" affirmed
    the metastasis (an unsafe M1) and "骨转移可能性小" was a suspicion holding a cM0 open (charts
    `rw_bone_metastases_unlikely_after_m0_english`,
    `rw_bone_metastasis_possibility_small_after_m0_chinese`)."""
    reading = read_spread(text)
    assert (reading.kinds, reading.distant, reading.distant_doubted) == ((), False, False)
    assert reading.leaned_against == leaned
    assert not names_spread_in_doubt_only(text)
    assert not denies_spread(text)
    assert cancer_concepts(CodedText((), text)) == ()


@pytest.mark.parametrize(
    "text",
    [
        "鼻咽癌肝转移，骨转移可能性小",
        "NPC with liver metastases; bone metastases unlikely",
        "骨转移可能性小，肝转移",
    ],
)
def test_stg_spread_words_a_lean_against_one_metastasis_leaves_another(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session): the lean takes out only the spread it names;
    liver metastases documented beside it stand."""
    assert read_spread(text).affirmed == (SECONDARY,)


@pytest.mark.parametrize(
    "text",
    ["骨转移可能性大", "骨转移可能", "Bone metastases not unlikely", "bone metastases likely"],
)
def test_stg_spread_words_a_lean_towards_the_metastasis_still_doubts_it(text: str) -> None:
    """STG-SPREAD-WORDS, STG-SUSPECTED (twenty-seventh session): 可能性大 and "not unlikely" lean
    towards it: held in doubt, as before (before it "not unlikely" affirmed it)."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, True)
    assert reading.leaned_against == ()


@pytest.mark.parametrize(
    "text",
    [
        "Bone scan: multiple foci of increased uptake in keeping with osseous metastases",
        "in keeping with liver metastases",
    ],
)
def test_stg_spread_words_in_keeping_with_is_a_metastasis_stated(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session): "in keeping with" is the radiologist's firm
    read, as "consistent with" (chart `rw_bone_metastases_in_keeping_with_entry_no_m_english`);
    "not in keeping with" denies."""
    assert read_spread(text).affirmed == (SECONDARY,)
    assert denies_spread(text.replace("in keeping", "not in keeping"))


@pytest.mark.parametrize(
    "text",
    [
        "Bone scan: multiple foci of increased uptake not in keeping with osseous metastases",
        "not compatible with multiple bone metastases",
        "Findings are not consistent with bone metastases",
    ],
)
def test_stg_spread_words_a_firm_read_negated_denies_with_its_site_words(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session): "not in keeping with", "not compatible with"
    deny the metastasis however it is sited; before it, more words than the negation's three
    stood between, and "not in keeping with osseous metastases" affirmed it, an unsafe M1."""
    assert not read_spread(text).distant
    assert denies_spread(text)


@pytest.mark.parametrize(
    ("text", "doubted"),
    [
        ("考虑 骨转移放疗", False),
        ("考虑 胸椎转移灶姑息放疗", False),
        ("考虑 鼻咽癌骨转移放疗", False),
        ("考虑 骨转移", True),
        ("考虑 骨转移，建议MRI", True),
        ("考虑骨转移，放疗后复查", True),
    ],
)
def test_stg_spread_words_considered_across_a_space_before_its_treatment(
    text: str, doubted: bool
) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session): 考虑 before a metastasis's treatment is read
    where it stands in the whole entry, a typed space between or not: the treatment is what is
    considered, and the metastasis is there (chart
    `rw_bone_metastasis_rt_considered_spaced_entry_chinese`; before it, "考虑 骨转移放疗" held
    the metastasis in doubt, a needless unknown); 考虑 before the metastasis alone still doubts."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (not doubted, doubted)


@pytest.mark.parametrize(
    ("text", "treated"),
    [
        ("Liver metastasis: negative on MRI after SBRT to the tumour", True),
        ("Liver metastases: negative on PET after tumour ablation", True),
        ("Bone metastases: negative on PET after radiotherapy to the primary tumour", False),
        ("Bone metastases: negative on PET after radiotherapy to the nasopharyngeal tumour", False),
    ],
)
def test_stg_spread_words_a_tumour_treated_is_the_metastasis_unless_the_primary_is_named(
    text: str, treated: bool
) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session): "the tumour" alone is the metastasis the entry
    names, so a negative result after its treatment is its response (chart
    `rw_liver_metastasis_negative_after_sbrt_to_the_tumour_english`; before it, a denial, a
    needless unknown); "the primary tumour" or "the nasopharyngeal tumour" is the primary's
    post-treatment check, a denial."""
    assert read_spread(text).distant is treated
    assert denies_spread(text) is not treated


@pytest.mark.parametrize(
    "text",
    [
        "Bone scan: multiple foci of increased uptake, concerning for bone metastases",
        "Bone scan: multiple foci, worrisome for osseous metastases",
        "Bone scan: multiple foci of increased uptake, which may represent osseous metastases",
        "Lesions could be bone metastases",
        "Bone metastases may be present",
        "Bone scan: multiple foci, in favour of bone metastases",
        "Bone scan: multiple foci, favour bone metastases",
        "Bone scan: multiple foci of increased uptake; bone metastases favoured over degenerative "
        "change",
    ],
)
def test_stg_spread_words_radiologys_other_hedges_hold_the_metastasis_open(text: str) -> None:
    """STG-SPREAD-WORDS, STG-SUSPECTED (twenty-seventh session): "concerning for", "worrisome
    for", "may represent", "could be", "favour(ed)", "in favour of" hold a metastasis open, as
    CNS-EHR holds a brain scan open on them (charts
    `rw_bone_metastasis_concerning_for_entry_no_m_english`,
    `rw_bone_metastasis_may_represent_entry_no_m_english`,
    `rw_bone_metastasis_favoured_entry_no_m_english`; before it, M1 documented, an unsafe
    eligible)."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, True)
    assert names_spread_in_doubt_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bone metastases may be treated with radiotherapy",
        "Bone metastases: favourable response",
        "NPC with liver metastases, concerning for bone metastases",
        "PET-CT 12 May bone metastases",
    ],
)
def test_stg_spread_words_a_hedge_of_another_thing_leaves_the_metastasis(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session): "may be treated" judges the treatment,
    "favourable" is no "favour", and "May" without its verb is a month; a hedge reaches only the
    metastasis it stands before."""
    assert SECONDARY in read_spread(text).affirmed
    assert denies_spread("liver metastasis not favoured")


@pytest.mark.parametrize(
    ("text", "affirmed", "doubted"),
    [
        # The leaning word leans on the origin or the course: the metastasis is stated.
        (
            "Bone scan: multiple osseous metastases likely from the known nasopharyngeal carcinoma",
            (SECONDARY,),
            (),
        ),
        ("Liver metastases likely secondary to nasopharyngeal carcinoma", (SECONDARY,), ()),
        ("PET-CT：多发骨转移 倾向鼻咽癌来源", (SECONDARY,), ()),
        ("New liver metastases suggesting progression", (SECONDARY,), ()),
        # Closing the clause, it doubts the metastasis before it.
        ("Bone metastases likely.", (), (SECONDARY,)),
        ("Bone metastases (likely)", (), (SECONDARY,)),
        ("骨转移（倾向）", (), (SECONDARY,)),
        ("骨转移 倾向", (), (SECONDARY,)),
        # Before the next phrase, it doubts that one.
        ("鼻咽癌肝转移 倾向骨转移", (SECONDARY,), (SECONDARY,)),
    ],
)
def test_stg_suspected_a_leaning_word_after_a_metastasis_only_where_it_closes_the_clause(
    text: str, affirmed: tuple[str, ...], doubted: tuple[str, ...]
) -> None:
    """STG-SUSPECTED, STG-SPREAD-WORDS (twenty-seventh session, red-team review): "likely", 倾向
    or "suggesting" after a metastasis doubts it only where it ends the clause; followed by what
    it leans to ("likely from the known NPC", 倾向鼻咽癌来源) it leans on the origin or course,
    and the metastasis is stated. Before it each was a suspicion: M unknown for a chart staged
    cT3 cN2 only, a needless unknown (charts `rw_bone_metastases_likely_from_npc_entry_no_m_
    english`, `rw_bone_metastases_leaning_npc_origin_entry_no_m_chinese`)."""
    reading = read_spread(text)
    assert (reading.affirmed, reading.doubted) == (affirmed, doubted)


@pytest.mark.parametrize(
    "text",
    [
        "Bone scan: no scintigraphic findings to suggest osseous metastases",
        "No evidence to suggest metastatic disease",
        "CT: no features suspicious for liver metastases",
        "Bone scan: focal uptake in T8, likely degenerative rather than metastasis",
        "Bone scan: focal uptake at L4, more likely degenerative than metastatic",
        "Sclerotic focus, likely bone island rather than a metastatic deposit",
    ],
)
def test_stg_spread_words_no_findings_to_suggest_and_rather_than_deny(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session, red-team review): "no findings to suggest",
    "no features suspicious for" and a metastasis set aside ("rather than metastasis", "more
    likely degenerative than metastatic") deny it. Before it a suspicion or an affirmed
    metastasis held an M0 open, a card for a locoregional patient (charts
    `rw_no_findings_to_suggest_bone_metastasis_after_m0`,
    `rw_uptake_degenerative_rather_than_metastasis_after_m0`)."""
    reading = read_spread(text)
    assert (reading.affirmed, reading.doubted, reading.metastatic) == ((), (), False)
    assert not reading.metastatic_doubted
    assert denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "Findings favour metastasis rather than degenerative change",
        "More likely metastatic than degenerative",
        "No evidence of progression of bone metastases",
    ],
)
def test_stg_spread_words_a_metastasis_preferred_is_not_set_aside(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session, red-team review): the metastasis before
    "rather than" or after "more likely" is the verdict, not what it sets aside: stated, or
    held open where its words lean ("favour", a doubt since the twenty-seventh session)."""
    reading = read_spread(text)
    assert reading.affirmed or reading.doubted or reading.metastatic or reading.metastatic_doubted
    assert not denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_lymphangitic_carcinomatosis_chinese_beside_npc`.
        "双肺癌性淋巴管炎",
        "癌性淋巴管炎",
        "Pulmonary lymphangitic carcinomatosis",
        "Lymphangitic spread, both lungs",
        "Lymphangitis carcinomatosa",
    ],
)
def test_stg_spread_words_lymphangitic_carcinomatosis_is_distant_spread(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session, cancers10): lymphangitic carcinomatosis, a
    cancer's spread through the lungs' lymphatics, is distant spread, no primary; before it
    "双肺癌性淋巴管炎" was a second cancer of no known site beside the NPC (its line left
    unattributed). A lymphangitis of a limb is no cancer."""
    assert read_spread(text).kinds == (SECONDARY,)
    assert cancer_concepts(CodedText(text=text)) == (SECONDARY,)
    assert cancer_concepts(CodedText(text="Lymphangitis of left arm")) == ()


@pytest.mark.parametrize(
    "text",
    [
        "MDT: liver metastases are unlikely to be resectable",
        "CT abdomen: multiple liver metastases, unlikely to be resectable",
        "Bone metastases unlikely to benefit from surgery",
        "Liver metastases less likely to respond to ablation",
    ],
)
def test_stg_spread_words_an_outcome_judged_unlikely_leaves_the_metastasis(text: str) -> None:
    """STG-SPREAD-WORDS, DX-WORDS (7 December 2026, twenty-seventh session (red-team review)):
    "unlikely to be resectable" judges the resection, not the metastasis: stated, neither leaned
    against nor doubted (before it, after a cM0 the M0 stood, a wrong exclusion)."""
    reading = read_spread(text)
    assert reading.affirmed
    assert not reading.leaned_against
    assert not reading.doubted
    assert not UNCONFIRMED.search(text)


def test_stg_spread_words_an_outcome_judged_unlikely_in_chinese() -> None:
    """DX-WORDS (twenty-seventh session (red-team review)): 手术切除可能性小 judges the operation;
    骨转移可能性小 still leans against the metastasis, 骨转移可能 still doubts it."""
    assert not UNCONFIRMED.search("多发骨转移，手术切除可能性小")
    assert read_spread("多发骨转移，手术切除可能性小").affirmed
    assert UNCONFIRMED.search("骨转移可能")
    assert read_spread("骨转移可能性小").leaned_against
    assert read_spread("bone metastases unlikely").leaned_against
    assert UNCONFIRMED.search("CAD unlikely")


@pytest.mark.parametrize(
    ("text", "affirmed", "doubted", "leaned", "denied"),
    [
        ("CT chest: no evidence of lymphangitic carcinomatosis", False, False, False, True),
        ("胸部CT：双肺纹理增多，未见癌性淋巴管炎", False, False, False, True),
        (
            "CT chest: interstitial pneumonitis; lymphangitic spread less likely",
            False,
            False,
            True,
            False,
        ),
        ("Lymphangitic carcinomatosis cannot be excluded", False, True, False, False),
        ("双肺间质改变，癌性淋巴管炎待排", False, True, False, False),
        # Stated: distant spread, as cancers10 read it.
        ("双肺癌性淋巴管炎", True, False, False, False),
        ("Pulmonary lymphangitic carcinomatosis", True, False, False, False),
    ],
)
def test_stg_spread_words_lymphangitic_carcinomatosis_is_read_as_a_metastasis_is(
    text: str, affirmed: bool, doubted: bool, leaned: bool, denied: bool
) -> None:
    """STG-SPREAD-WORDS (7 December 2026, twenty-seventh session (red-team review)):
    lymphangitic carcinomatosis is a lung metastasis for the negations, doubts and leanings too;
    before it "no evidence of lymphangitic carcinomatosis" and 未见癌性淋巴管炎 affirmed it (charts
    `rw_lymphangitic_carcinomatosis_denied_after_m0_english`,
    `rw_lymphangitic_carcinomatosis_not_seen_after_m0_chinese`,
    `rw_lymphangitic_spread_less_likely_after_m0_english`)."""
    reading = read_spread(text)
    assert bool(reading.affirmed) is affirmed
    assert bool(reading.doubted) is doubted
    assert bool(reading.leaned_against) is leaned
    assert denies_spread(text) is denied


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_bone_lesions_likely_to_be_metastases_entry_no_m_english`.
        "Bone scan: multiple foci of increased uptake, likely to be metastases",
        "Lesions suspected to be metastases",
        "Lesions suspected to represent bone metastases",
        "Bone lesions likely to represent metastatic disease",
        "Lesions which may well be metastases",
    ],
)
def test_stg_spread_words_a_hedge_before_to_be_or_represent_doubts(text: str) -> None:
    """STG-SPREAD-WORDS, STG-SUSPECTED (twenty-seventh session, spread11): a hedge whose verb
    comes after "to" ("likely to be", "suspected to represent") doubts the metastasis it names;
    before it the phrase was read from the verb on, a site of "be" or "represent", and the
    metastasis stood, an unsafe M1."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, True)


def test_stg_spread_words_a_hedge_before_consistent_with_doubts() -> None:
    """STG-SPREAD-WORDS (twenty-seventh session, spread11): "could be consistent with" is a
    possibility, not the firm read "consistent with" is."""
    reading = read_spread("Findings could be consistent with metastases")
    assert (reading.distant, reading.distant_doubted) == (False, True)
    assert read_spread("Findings consistent with metastases").distant


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_bone_metastasis_shown_on_pet_entry_no_m_chinese`.
        "PET-CT提示多发骨转移",
        # Chart `rw_bone_metastasis_consistent_with_entry_no_m_chinese`.
        "骨扫描：胸腰椎多发浓聚灶，符合骨转移",
        "Findings that represent metastases",
    ],
)
def test_stg_spread_words_shown_or_consistent_with_states_the_metastasis(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session, spread11): 提示 is how a Chinese report states
    what the study shows, 符合 is "consistent with": a metastasis stated."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (True, False)


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_liver_metastasis_possible_shown_entry_no_m_chinese`.
        "CT：肝内多发低密度灶，影像提示肝转移可能",
        "提示骨转移？",
        "考虑为骨转移",
    ],
)
def test_stg_spread_words_shown_with_a_doubt_is_doubted(text: str) -> None:
    """STG-SPREAD-WORDS, STG-SUSPECTED: 提示…可能, a question, 考虑为 hold it open."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, True)


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_not_consistent_with_metastasis_after_m0_chinese`.
        "胸椎MRI：T8椎体异常信号，不符合转移瘤表现，考虑血管瘤",
        "骨扫描：不符合骨转移",
    ],
)
def test_stg_spread_words_not_consistent_with_in_chinese_denies(text: str) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session, spread11): 不符合 is the radiologist's verdict
    against the metastasis, as "not consistent with"; before it, the metastasis was affirmed,
    M1 over an M0."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, False)
    assert denies_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_bone_mets_negative_on_pet_after_chemotherapy_for_npc_english`.
        "Bone metastases: negative on PET after chemotherapy for NPC",
        "Bone metastases: negative after induction chemotherapy for nasopharyngeal carcinoma",
        "Bone metastases: negative on PET after immunotherapy for NPC",
        "Bone metastases: negative after chemo for NPC",
    ],
)
def test_stg_spread_words_a_negative_result_after_systemic_therapy_for_the_cancer_stands(
    text: str,
) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session, spread11): chemotherapy for the cancer is
    systemic and treats its metastases: a response, M1 stands; before it, read as the primary's
    post-treatment check, a denial."""
    assert read_spread(text).affirmed == (SECONDARY,)


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_bone_mets_negative_after_chemoradiotherapy_for_npc_english`.
        "Bone metastases: negative on PET after chemoradiotherapy for NPC",
        "Bone metastases: negative on PET after chemo-radiotherapy for NPC",
        "Bone metastases: negative on PET after chemotherapy and radiotherapy for NPC",
    ],
)
def test_stg_spread_words_a_negative_result_after_chemoradiotherapy_for_the_cancer_denies(
    text: str,
) -> None:
    """STG-SPREAD-WORDS (twenty-seventh session, spread11): chemoradiotherapy for the cancer is
    the primary's locoregional course: the result is its check, a denial ("chemo-radiotherapy"
    and chemotherapy with radiotherapy read as an affirmed metastasis before it)."""
    reading = read_spread(text)
    assert (reading.distant, reading.distant_doubted) == (False, False)
    assert denies_spread(text)


@pytest.mark.parametrize(
    ("text", "leaned"),
    [
        ("胸椎MRI：T8椎体血管瘤，骨转移可能性小", (("secondary", "骨转移"),)),
        (
            "MRI spine: T8 haemangioma; bone metastasis unlikely",
            (("secondary", "bone metastasis"),),
        ),
        (
            "MRI spine: T8 signal change, unlikely to represent metastasis",
            (("secondary", "metastasis"),),
        ),
        ("骨转移待排", ()),
    ],
)
def test_stg_suspected_the_spread_leaned_against_is_named(
    text: str, leaned: tuple[tuple[str, str], ...]
) -> None:
    """STG-SUSPECTED (twenty-seventh session, spread11): the spread a lean-no names, with its
    words, so that a suspicion of it raised before is settled."""
    assert leaned_against_spread(text) == leaned


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # STG-NODES (twenty-eighth session): a head and neck nodal region named without "lymph
        # node" is its nodes; before it, each of the English ones and 腮腺 / 颌下 read as distant.
        ("鼻咽癌右腮腺转移", (SECONDARY_NODES,)),
        ("颌下转移", (SECONDARY_NODES,)),
        ("颈部淋巴结转移", (SECONDARY_NODES,)),
        ("颈淋巴结转移", (SECONDARY_NODES,)),
        ("咽后淋巴结转移", (SECONDARY_NODES,)),
        ("左锁骨上转移", (SECONDARY_NODES,)),
        ("Metastatic carcinoma to right neck", (SECONDARY_NODES,)),
        ("Metastatic carcinoma to right supraclavicular fossa", (SECONDARY_NODES,)),
        ("neck metastases", (SECONDARY_NODES,)),
        ("cervical metastases", (SECONDARY_NODES,)),
        ("Neck MRI: 2.5 cm left supraclavicular metastasis", (SECONDARY_NODES,)),
        ("NPC with bilateral retropharyngeal metastases", (SECONDARY_NODES,)),
        ("NPC with neck metastases and liver metastases", (SECONDARY_NODES, SECONDARY)),
        ("NPC with bilateral metastatic cervical lymphadenopathy", (SECONDARY_NODES,)),
        ("metastatic lymphadenopathy", (SECONDARY_NODES,)),
        # Not nodes: the cervical spine is a bone, a parotid cancer's lung metastasis a lung.
        ("metastasis to the cervical spine", (SECONDARY,)),
        ("Metastatic carcinoma to cervical spine", (SECONDARY,)),
        ("cervical vertebra metastasis", (SECONDARY,)),
        ("腮腺癌伴肺转移", (SECONDARY,)),
        # Denied as ever.
        ("no neck metastases", ()),
    ],
)
def test_stg_spread_words_a_head_and_neck_nodal_region_named_alone_is_nodes(
    text: str, kinds: tuple[str, ...]
) -> None:
    assert read_spread(text).affirmed == kinds


@pytest.mark.parametrize(
    ("text", "kinds", "metastatic"),
    [
        # STG-NODES (twenty-eighth session, spread13): "nodes" without "lymph", and "LN", are
        # lymph nodes; "metastatic" whose spread named is to nodes is theirs, not the cancer's
        # distant spread. Before it, the first four and "LN mets" read as a metastatic NPC or a
        # distant site.
        ("Metastatic NPC to neck nodes", (SECONDARY_NODES,), False),
        ("NPC, metastatic to cervical nodes", (SECONDARY_NODES,), False),
        ("NPC metastatic to the right neck nodes", (SECONDARY_NODES,), False),
        ("NPC with metastatic neck nodes", (SECONDARY_NODES,), False),
        ("NPC with LN mets", (SECONDARY_NODES,), False),
        ("NPC with cervical LN mets", (SECONDARY_NODES,), False),
        # Already nodes.
        ("NPC with nodal metastases", (SECONDARY_NODES,), False),
        ("NPC with nodal mets", (SECONDARY_NODES,), False),
        ("鼻咽癌淋巴结转移", (SECONDARY_NODES,), False),
        ("Metastatic NPC to lymph nodes", (SECONDARY_NODES,), False),
        # Another site shares the "to" or the list: the cancer stays called metastatic (M1).
        ("Metastatic NPC to bone and neck nodes", (), True),
        ("Metastatic NPC to neck nodes and bone", (), True),
        ("Metastatic NPC to liver and neck nodes", (), True),
        ("NPC with metastatic neck nodes and bone lesions", (), True),
        ("Metastatic NPC to liver", (), True),
        ("cervical LN mets; liver mets", (SECONDARY_NODES, SECONDARY), False),
    ],
)
def test_stg_spread_words_metastatic_to_nodes_without_lymph_is_nodes(
    text: str, kinds: tuple[str, ...], metastatic: bool
) -> None:
    reading = read_spread(text)
    assert (reading.affirmed, reading.metastatic) == (kinds, metastatic)
