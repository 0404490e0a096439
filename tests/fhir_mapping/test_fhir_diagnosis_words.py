"""DX-WORDS: the words of a diagnosis that hold it open, and the clauses whose hedge is their own
finding's (`fhir_mapping/diagnosis_words.py`)."""

from __future__ import annotations

import pytest

from fhir_mapping.diagnosis_words import (
    UNCONFIRMED,
    cancer_or_benign,
    other_findings_hedges_aside,
    spread_or_primary,
)


@pytest.mark.parametrize(
    ("text", "doubted"),
    [
        # Charts `rw_npc_bone_mets_pathological_fracture_considered`,
        # `rw_bone_metastasis_pathological_fracture_considered`: the fracture is considered.
        ("骨转移，考虑病理性骨折可能", False),
        ("鼻咽癌骨转移，考虑病理性骨折可能", False),
        ("Bone metastasis, possible pathological fracture", False),
        ("鼻咽癌，非角化型可能", False),
        ("鼻咽癌，颈部淋巴结可疑", False),
        # The hedge is the diagnosis's: its own clause, a clause of doubt words alone, or one
        # about its proof, its nature or a lesion that may be it.
        ("鼻咽癌待排", True),
        ("鼻咽癌，待排", True),
        ("鼻咽癌？", True),
        ("Suspected NPC", True),
        ("鼻咽癌，病理待查", True),
        ("鼻咽癌，性质待定，考虑恶性可能", True),
        ("NPC, possible liver lesion", True),
        ("骨转移可能，病理性骨折", True),
        ("鼻咽癌，转移待排", True),
    ],
)
def test_dx_words_a_hedge_doubts_only_the_finding_it_qualifies(text: str, doubted: bool) -> None:
    """DX-WORDS (twenty-eighth session, cancers12): a hedge in a clause naming another finding
    ("考虑病理性骨折可能": a pathological fracture considered) doubts that finding only; before it
    the whole entry — the NPC, its bone metastases — read as suspected."""
    assert (UNCONFIRMED.search(other_findings_hedges_aside(text)) is not None) is doubted


@pytest.mark.parametrize(
    ("text", "differential"),
    [
        # Charts `rw_lung_metastasis_or_second_primary_beside_npc`,
        # `rw_lung_metastasis_or_primary_chinese_beside_npc`.
        ("Lung metastasis or second primary lung cancer", True),
        ("肺转移瘤或原发肺癌", True),
        ("Second primary lung cancer vs lung metastasis", True),
        ("右肺结节：转移瘤或原发肺癌", True),
        # Stated: one reading, or two sites of one spread.
        ("鼻咽癌肝转移", False),
        ("Lung metastasis", False),
        ("Liver or lung metastases", False),
        ("肝或肺转移", False),
        ("原发肺癌", False),
    ],
)
def test_dx_words_a_differential_between_spread_and_a_primary_establishes_neither(
    text: str, differential: bool
) -> None:
    """DX-WORDS (twenty-eighth session, cancers12): "A or B", a spread or a second primary,
    establishes neither; before it the entry read as a certain lung cancer with its spread."""
    assert spread_or_primary(text) is differential


@pytest.mark.parametrize(
    ("text", "differential"),
    [
        # Charts `rw_breast_cancer_or_fibroadenoma_beside_npc` and its Chinese twin.
        ("Breast cancer or fibroadenoma", True),
        ("乳腺癌或纤维腺瘤", True),
        ("鼻咽癌或鼻咽炎", True),
        ("Lung cancer vs. tuberculosis", True),
        ("Thyroid carcinoma or benign nodule", True),
        ("Colon adenoma or adenocarcinoma", True),
        # Two cancers, no benign finding, no cancer, or one stated reading: not this differential.
        ("Breast cancer or lung cancer primary", False),
        ("Carcinoma of the tongue or floor of mouth", False),
        ("Liver or lung metastases", False),
        ("Breast cyst or fibroadenoma", False),
        ("Inflammatory breast cancer", False),
        ("Nasopharyngeal carcinoma", False),
    ],
)
def test_dx_words_a_differential_between_a_cancer_and_a_benign_finding_establishes_neither(
    text: str, differential: bool
) -> None:
    """DX-WORDS (twenty-eighth session): "Breast cancer or fibroadenoma", before the biopsy,
    establishes no cancer; before it the entry read as a certain breast cancer."""
    assert cancer_or_benign(text) is differential
