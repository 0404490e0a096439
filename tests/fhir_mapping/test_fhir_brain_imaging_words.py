"""CNS-EHR: what a brain imaging conclusion says of brain metastases."""

from __future__ import annotations

import pytest

from fhir_mapping.brain_imaging_words import (
    BrainImagingSays,
    brain_imaging_says,
    diagnosis_rules_out_brain_metastases,
    names_meningeal_spread,
)
from fhir_mapping.terminology import CodedText, names_brain_metastases

STATED = BrainImagingSays.STATED
HELD_OPEN = BrainImagingSays.HELD_OPEN
DENIED = BrainImagingSays.DENIED


@pytest.mark.parametrize(
    ("text", "says"),
    [
        # Concluded: the patient's.
        (
            "Multiple enhancing lesions in both cerebral hemispheres, consistent with brain "
            "metastases.",
            STATED,
        ),
        ("脑内多发转移瘤，较大者位于右额叶，约1.2cm×1.0cm。", STATED),
        ("Multiple enhancing lesions, consistent with metastases.", STATED),
        ("Enhancing lesion in the left occipital lobe, consistent with metastasis.", STATED),
        ("右额叶转移瘤，颅骨未见异常。", STATED),
        # Another clause's doubt is not theirs.
        ("Multiple brain metastases, likely hemorrhagic.", STATED),
        # Held open by the radiologist.
        ("右额叶结节样强化灶，考虑转移瘤可能，建议短期复查。", HELD_OPEN),
        ("小脑结节样强化，考虑转移瘤", HELD_OPEN),
        ("Findings suspicious for metastatic disease.", HELD_OPEN),
        ("Brain metastases cannot be excluded.", HELD_OPEN),
        ("Right frontal lesion, metastasis vs abscess.", HELD_OPEN),
        ("脑转移?", HELD_OPEN),
        # Leptomeningeal disease on imaging alone is possible, however plainly written.
        ("Diffuse leptomeningeal enhancement, consistent with LMD.", HELD_OPEN),
        ("软脑膜转移", HELD_OPEN),
        # Denied.
        ("颅内未见明确转移征象；左侧基底节区腔隙性脑梗死。", DENIED),
        ("No radiation necrosis. No intracranial metastasis.", DENIED),
        ("No evidence of LMD.", DENIED),
        ("右额叶非转移性病变", DENIED),
        # Outside the brain, or no metastasis named.
        ("Right parietal bone metastasis.", None),
        ("颅骨多发转移", None),
        ("斜坡骨质破坏，考虑转移", None),
        ("颈部淋巴结未见转移", None),
        ("Leptomeningeal enhancement, nonspecific.", None),
        ("术区未见复发，颅内未见新发病灶。", None),
        # Only new ones denied: the treated ones may remain.
        ("Post-treatment changes. No new metastases.", None),
        ("颅内未见新发转移灶。", None),
        ("双侧颞叶放射性脑病，较前相仿；鼻咽部未见明确复发征象。", None),
        # Why the scan was done, or what the patient has elsewhere, is no finding in the brain.
        ("Indication: metastatic NPC. Impression: no acute intracranial abnormality.", None),
        ("Known metastatic carcinoma. Brain MRI unremarkable.", None),
        ("Stage IV NPC with metastases. No brain lesion.", None),
        ("Restaging for metastatic disease; no enhancing intracranial lesions.", None),
        ("History of metastatic breast cancer. No intracranial metastasis.", DENIED),
        ("Metastatic disease, restaging. No intracranial metastasis.", DENIED),
        ("鼻咽癌多发转移治疗后复查，颅内未见异常强化。", None),
        ("转移性鼻咽癌治疗后复查。", None),
        ("Findings: metastatic NPC, restaging.", None),
        # A metastatic carcinoma named bare is the finding; the cancer named beside a brain
        # finding does not hide it.
        ("左顶叶结节，考虑转移癌", HELD_OPEN),
        (
            "Enhancing lesion in the left occipital lobe, consistent with metastatic carcinoma.",
            STATED,
        ),
        (
            "Metastatic NPC with multiple enhancing lesions in both cerebral hemispheres, "
            "consistent with metastases.",
            STATED,
        ),
    ],
)
def test_cns_ehr_what_a_brain_imaging_conclusion_says(
    text: str, says: BrainImagingSays | None
) -> None:
    found = brain_imaging_says(text)
    assert (found[0] if found else None) is says


@pytest.mark.parametrize(
    "text",
    [
        "左额叶小结节样强化灶，不考虑转移，建议随访。",
        "右侧小脑半球强化灶，考虑血管瘤，不支持转移瘤。",
        "Left frontal enhancing focus, likely capillary telangiectasia; metastasis not favoured.",
    ],
)
def test_cns_ehr_a_brain_metastasis_not_considered_is_denied(text: str) -> None:
    """STG-SPREAD-WORDS: 不考虑转移, 不支持转移, "metastasis not favoured": the radiologist
    reads the lesion as no metastasis, a denial, not a metastasis held open."""
    said = brain_imaging_says(text)
    assert said is not None
    assert said[0] is DENIED


@pytest.mark.parametrize(
    ("text", "meningeal"),
    [
        ("Meningeal enhancement, metastases not excluded.", True),
        ("脑膜强化，转移不除外。", True),
        ("Leptomeningeal enhancement, metastatic disease not excluded.", True),
        ("Dural enhancement, metastases not excluded.", False),
        ("Right frontal enhancing lesion, metastasis not excluded.", False),
    ],
)
def test_stg_spread_words_a_metastasis_of_no_site_held_open_on_brain_imaging(
    text: str, meningeal: bool
) -> None:
    """STG-SPREAD-WORDS, CNS-EHR (twenty-sixth session): a metastasis held open with no site of
    its own, after a finding in the head ("Meningeal enhancement, metastases not excluded") is a
    brain metastasis held open, and leptomeningeal spread possible when the finding is the
    meninges' (chart `rw_meningeal_enhancement_metastases_not_excluded_mri_english`; before it,
    no finding at all)."""
    found = brain_imaging_says(text)
    assert found is not None
    assert found[0] is BrainImagingSays.HELD_OPEN
    assert names_meningeal_spread(text) is meningeal


@pytest.mark.parametrize(
    "text",
    [
        "Punctate enhancing foci in the right frontal lobe, too small to characterise. "
        "No measurable metastases.",
        "No residual intracranial metastases.",
    ],
)
def test_stg_spread_words_no_measurable_metastases_on_brain_imaging_denies_nothing(
    text: str,
) -> None:
    """STG-SPREAD-WORDS, CNS-EHR (twenty-sixth session): "No measurable metastases" rules no
    suspected brain metastasis out (chart
    `rw_brain_mets_question_then_mri_no_measurable_metastases_english`)."""
    assert brain_imaging_says(text) is None


@pytest.mark.parametrize(
    ("text", "rules_out"),
    [
        ("No brain metastases", True),
        ("颅内转移已排除（MRI）", True),
        ("未见脑转移，骨转移灶稳定", True),
        ("疑似脑转移，已排除", True),
        # Only new ones, or only those of a kind: the ones already there may remain.
        ("No new brain metastases", False),
        ("头颅MRI复查：颅内未见新发脑转移", False),
        ("No new or enlarging brain metastases", False),
        ("Follow-up brain MRI: no measurable brain metastases", False),
        ("no measurable brain metastases; no bone metastases", False),
        # Another site's denial is not theirs.
        ("未见骨转移", False),
    ],
)
def test_cns_ehr_a_diagnosis_rules_out_brain_metastases_not_only_new_ones(
    text: str, rules_out: bool
) -> None:
    """CNS-EHR (twenty-sixth session): a diagnosis's words rule brain metastases out as a brain
    scan's conclusion denies them: not when they deny only new ones or only those of a kind."""
    assert (
        diagnosis_rules_out_brain_metastases(
            text, lambda phrase: names_brain_metastases(CodedText(text=phrase))
        )
        is rules_out
    )


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_meningioma_metastasis_not_excluded_on_mri_chinese`.
        "左额部脑膜瘤可能，转移瘤不除外，建议增强复查。",
        "Left frontal meningioma, metastasis not excluded.",
        "右顶部脑膜瘤，转移不除外。",
    ],
)
def test_cns_ehr_a_meningioma_beside_a_metastasis_held_open_names_no_meninges(text: str) -> None:
    """CNS-EHR, CNS-METASTASES (twenty-sixth session): a meningioma (脑膜瘤) is a benign dural
    tumour, not the meninges' spread: the metastasis held open beside it is a brain metastasis
    held open, no leptomeningeal disease (before it, 脑膜瘤 and "meningioma" were the meninges,
    and leptomeningeal disease was asked about too)."""
    found = brain_imaging_says(text)
    assert found is not None
    assert found[0] is HELD_OPEN
    assert not names_meningeal_spread(text)


@pytest.mark.parametrize(
    "text",
    [
        "右额叶小结节样强化灶，转移可能性小。",
        "Small enhancing focus in the right frontal lobe, metastasis unlikely.",
        "脑转移可能性小",
        "Brain metastases unlikely.",
    ],
)
def test_stg_spread_words_a_lean_against_brain_metastases_stays_held_open(text: str) -> None:
    """STG-SPREAD-WORDS, CNS-EHR (twenty-seventh session): a lean against a metastasis is no
    denial (not proof there is none), so a brain scan or an entry so worded holds brain
    metastases open as it did before the distant-spread reading took the lean out of the text."""
    assert brain_imaging_says(text) == (HELD_OPEN, text.rstrip("。."))
    # An entry naming the brain keeps brain metastases for CMB-WORDS' doubt words to hold open.
    assert names_brain_metastases(CodedText((), text)) is ("脑" in text or "Brain" in text)
