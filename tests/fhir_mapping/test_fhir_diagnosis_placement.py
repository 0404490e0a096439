"""DX-PLACE: where a cancer Condition sits on the taxonomy, through build_facts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eligibility.compilation import evaluate_criterion
from eligibility.criteria import OtherMalignancyCriterion
from eligibility.facts import CancerDiagnosis
from eligibility.results import CriterionResult, CriterionStatus
from eligibility.taxonomy import default_taxonomy
from fhir_mapping import ValidationCache, build_facts
from fhir_mapping.diagnoses import entered_again_of
from fhir_mapping.terminology import CodedText, cancer_concepts
from tests.fhir_mapping.conftest import AS_OF

ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1970-01-01"}


def _diagnosis(code: dict[str, Any], *sites: dict[str, Any]) -> CancerDiagnosis:
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "id": "c1",
        "code": code,
        "subject": {"reference": "Patient/p1"},
    }
    if sites:
        condition["bodySite"] = list(sites)
    facts = build_facts(
        [PATIENT, condition], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    (diagnosis,) = facts.diagnoses
    return diagnosis


def _coded(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def test_dx_place_icdo3_nonkeratinizing_scc_in_the_nasopharynx_is_npc() -> None:
    diagnosis = _diagnosis(_coded(ICDO3, "8072/3"), _coded(ICDO3, "C11.9"))
    assert (diagnosis.cancer_type, diagnosis.within) == ("nasopharyngeal_carcinoma", None)


def test_dx_place_icdo3_undifferentiated_carcinoma_on_a_snomed_nasopharynx_is_npc() -> None:
    site = _coded(SNOMED, "71836000", "Nasopharyngeal structure (body structure)")
    diagnosis = _diagnosis(_coded(ICDO3, "8020/3"), site)
    assert diagnosis.cancer_type == "nasopharyngeal_carcinoma"


def test_dx_place_icdo3_morphology_without_site_is_an_unplaced_solid_tumour() -> None:
    diagnosis = _diagnosis(_coded(ICDO3, "8071/3"))
    assert (diagnosis.cancer_type, diagnosis.within) == (None, "solid_tumor")


def test_dx_place_icdo3_in_situ_morphology_is_not_a_cancer_diagnosis() -> None:
    condition = {
        "resourceType": "Condition",
        "id": "c1",
        "code": _coded(ICDO3, "8070/2"),
        "bodySite": [_coded(ICDO3, "C11.9")],
        "subject": {"reference": "Patient/p1"},
    }
    facts = build_facts([PATIENT, condition], patient_id="p1", as_of=AS_OF).facts
    assert facts.diagnoses == ()


def test_dx_place_generic_snomed_malignancy_with_nasopharynx_site_is_npc() -> None:
    code = _coded(SNOMED, "363346000", "Malignant neoplastic disease (disorder)")
    site = _coded(SNOMED, "71836000", "Nasopharyngeal structure (body structure)")
    assert _diagnosis(code, site).cancer_type == "nasopharyngeal_carcinoma"


def test_dx_place_malignancy_named_only_in_chinese_could_be_any_cancer() -> None:
    diagnosis = _diagnosis({"text": "恶性肿瘤"})
    assert (diagnosis.cancer_type, diagnosis.within, diagnosis.text) == (None, None, "恶性肿瘤")


def test_dx_place_c76_0_is_unplaced_within_head_and_neck() -> None:
    code = _coded(ICD10CM, "C76.0", "Malignant neoplasm of head, face and neck")
    code["text"] = "Malignant neoplasm of head and neck region, unspecified"
    diagnosis = _diagnosis(code)
    assert (diagnosis.cancer_type, diagnosis.within) == (None, "head_and_neck_cancer")


def test_dx_place_c80_1_is_unplaced_within_solid_tumour() -> None:
    diagnosis = _diagnosis(_coded(ICD10CM, "C80.1"))
    assert (diagnosis.cancer_type, diagnosis.within) == (None, "solid_tumor")


def test_dx_place_a_specific_text_beats_a_vague_code() -> None:
    code = _coded(ICD10CM, "C76.0")
    code["text"] = "鼻咽癌"
    assert _diagnosis(code).cancer_type == "nasopharyngeal_carcinoma"


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("肺腺癌", "non_small_cell_lung_cancer"),
        ("右肺鳞癌", "non_small_cell_lung_cancer"),
        ("右肺上叶浸润性腺癌", "non_small_cell_lung_cancer"),
        ("肺小细胞癌", "small_cell_lung_cancer"),
        ("乳腺浸润性导管癌", "breast_cancer"),
        ("右乳浸润性导管癌", "breast_cancer"),
        ("结肠腺癌", "colorectal_cancer"),
        ("乙状结肠中分化腺癌", "colorectal_cancer"),
        ("肝细胞癌", "hepatocellular_carcinoma"),
        ("肝内胆管细胞癌", "biliary_tract_cancer"),
        ("甲状腺乳头状癌", "thyroid_cancer"),
        ("胃印戒细胞癌", "gastric_cancer"),
        ("胃窦低分化腺癌", "gastric_cancer"),
        ("食管鳞癌", "esophageal_cancer"),
        ("胰腺导管腺癌", "pancreatic_cancer"),
        ("宫颈鳞癌", "cervical_cancer"),
        ("喉鳞癌", "laryngeal_cancer"),
        ("舌根鳞癌", "oropharyngeal_cancer"),
        ("肺腺癌脑转移", "non_small_cell_lung_cancer"),
        ("肺腺癌 EGFR阴性", "non_small_cell_lung_cancer"),
    ],
)
def test_dx_place_a_chinese_name_by_organ_and_histology_is_placed(text: str, node: str) -> None:
    """DX-PLACE: "肺腺癌" (lung adenocarcinoma) and its kin name the organ's cancer; before 7
    December 2026 they were no cancer at all, and a second cancer's chemotherapy was read as
    the NPC's line."""
    assert _diagnosis({"text": text}).cancer_type == node


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("（右肺上叶）浸润性腺癌", "non_small_cell_lung_cancer"),
        ("病理：(左肺下叶)腺癌", "non_small_cell_lung_cancer"),
        ("（左乳）浸润性导管癌", "breast_cancer"),
        ("（胃窦）低分化腺癌", "gastric_cancer"),
    ],
)
def test_dx_place_an_organ_in_brackets_before_the_histology_is_placed(text: str, node: str) -> None:
    """DX-PLACE: a pathology report's diagnosis line, the organ in brackets before the
    histology, names the organ's cancer; before 7 December 2026 "（右肺上叶）浸润性腺癌" was no
    cancer at all, and its chemotherapy a line of no cancer beside the NPC's (chart
    `rw_lung_adenocarcinoma_bracketed_organ`)."""
    assert _diagnosis({"text": text}).cancer_type == node


@pytest.mark.parametrize(
    "text",
    [
        "（右肺下叶）低分化鳞状细胞癌，结合病史，符合转移",
        "（右肺下叶）鳞状细胞癌，结合病史考虑转移",
        "（右肺）低分化癌，考虑为转移性",
        "（肝）低分化腺癌，符合转移性",
        "(Right lower lobe) squamous cell carcinoma, consistent with metastasis",
        # "in keeping with", the same firm read (7 December 2026, twenty-seventh session).
        "(Right lower lobe) squamous cell carcinoma, in keeping with metastasis",
    ],
)
def test_dx_place_a_bracketed_specimen_site_of_a_metastasis_is_no_primary(text: str) -> None:
    """DX-PLACE: a pathology line whose carcinoma the pathologist calls a metastasis (符合转移,
    考虑为转移性, "consistent with metastasis") names in its bracket where the specimen was
    taken, not the organ of a primary: no lung or liver cancer. Before 7 December 2026
    (twenty-fourth session) the bracket was read as the primary's organ, a second cancer beside
    the NPC (chart `rw_lung_biopsy_metastasis_bracketed_organ`)."""
    facts = build_facts(
        [
            PATIENT,
            {
                "resourceType": "Condition",
                "id": "c1",
                "code": {"text": text},
                "subject": {"reference": "Patient/p1"},
            },
        ],
        patient_id="p1",
        as_of=AS_OF,
        cache=ValidationCache(),
    ).facts
    assert [d.cancer_type for d in facts.diagnoses if d.cancer_type] == []


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("（右肺上叶）浸润性腺癌，伴纵隔淋巴结转移", "non_small_cell_lung_cancer"),
        ("（右肺上叶）浸润性腺癌，考虑脑转移", "non_small_cell_lung_cancer"),
        ("（右肺下叶）低分化鳞状细胞癌，符合鼻咽癌转移", "nasopharyngeal_carcinoma"),
        # A metastasis the pathologist does not consider leaves the organ the primary's.
        ("（右肺上叶）腺癌，不考虑转移", "non_small_cell_lung_cancer"),
        ("（右肺上叶）腺癌，不支持转移", "non_small_cell_lung_cancer"),
    ],
)
def test_dx_place_a_bracketed_organ_with_its_own_metastases_is_still_the_primary(
    text: str, node: str
) -> None:
    """DX-PLACE: metastases the line names elsewhere (纵隔淋巴结, 脑), the primary it names
    (鼻咽癌), or a metastasis it does not consider (不考虑转移), leave the bracket read as
    before."""
    assert _diagnosis({"text": text}).cancer_type == node


def test_mal_other_a_lung_biopsy_called_a_metastasis_is_no_other_malignancy() -> None:
    """MAL-OTHER, DX-PLACE: an NPC and its lung biopsy "（右肺下叶）低分化鳞状细胞癌，结合病史，
    符合转移": the NPC's metastasis, no other malignancy — met, where it was not met (a wrong
    exclusion) before 7 December 2026 (twenty-fourth session)."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    biopsy = _condition_on("lung", "（右肺下叶）低分化鳞状细胞癌，结合病史，符合转移", "2026-03-25")
    facts = build_facts(
        [PATIENT, npc, biopsy], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 5 years",
        section="exclusion",
        within_years=5,
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    assert evaluate_criterion(criterion, facts).status is CriterionStatus.MET


@pytest.mark.parametrize("text", ["肺转移瘤", "（右肺上叶）肺转移瘤"])
def test_dx_place_organ_and_histology_words_read_no_other_cancer(text: str) -> None:
    """DX-PLACE: a metastasis is no invasive carcinoma of the organ the histology rows name (a
    carcinoma in situ neither, though it is read: the in-situ test below)."""
    facts = build_facts(
        [
            PATIENT,
            {
                "resourceType": "Condition",
                "id": "c1",
                "code": {"text": text},
                "subject": {"reference": "Patient/p1"},
            },
        ],
        patient_id="p1",
        as_of=AS_OF,
        cache=ValidationCache(),
    ).facts
    assert [d.cancer_type for d in facts.diagnoses] == []


@pytest.mark.parametrize(
    "text",
    [
        "乳腺导管原位癌",
        "左乳导管原位癌",
        "（左乳）导管原位癌",
        "右乳外上象限导管原位癌",
        "Ductal carcinoma in situ of left breast",
        "DCIS, right breast",
    ],
)
def test_dx_place_a_breast_carcinoma_in_situ_is_no_invasive_cancer(text: str) -> None:
    """DX-PLACE: a ductal carcinoma in situ is read, held apart from the invasive cancers
    (`carcinoma_in_situ`): never a breast cancer for a cancer-type criterion, yet a cancer that
    owns its therapy (LOT-CANCER) and an in-situ one for MAL-OTHER. Before 7 December 2026
    (twenty-fourth session) it was no diagnosis at all, and its tamoxifen a line of no cancer
    beside the NPC's (chart `rw_dcis_tamoxifen_beside_npc`)."""
    assert (_diagnosis({"text": text}).cancer_type) == "breast_carcinoma_in_situ"


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("乳腺浸润性导管癌伴导管原位癌", "breast_cancer"),
        ("Invasive ductal carcinoma with DCIS, left breast", "breast_cancer"),
    ],
)
def test_dx_place_an_invasive_carcinoma_with_an_in_situ_part_is_invasive(
    text: str, node: str
) -> None:
    """DX-PLACE: an invasive carcinoma whose pathology also names its in-situ component is
    the invasive cancer."""
    assert _diagnosis({"text": text}).cancer_type == node


@pytest.mark.parametrize(
    "text",
    [
        "乳腺导管原位癌伴微浸润",
        "左乳导管原位癌伴局灶微浸润",
        "右乳导管内癌伴微小浸润",
        "DCIS with microinvasion, left breast",
        "Ductal carcinoma in situ with microinvasion",
        "Microinvasive ductal carcinoma of the right breast",
    ],
)
def test_dx_place_a_carcinoma_in_situ_with_microinvasion_is_an_invasive_breast_cancer(
    text: str,
) -> None:
    """DX-PLACE: a DCIS with microinvasion is a microinvasive carcinoma (T1mi, AJCC 8th): an
    invasive breast cancer. Before 7 December 2026 (twenty-fourth session) "乳腺导管原位癌伴
    微浸润" was no cancer at all, and its tamoxifen a line of no cancer beside the NPC's (chart
    `rw_dcis_microinvasion_tamoxifen_beside_npc`)."""
    assert _diagnosis({"text": text}).cancer_type == "breast_cancer"


@pytest.mark.parametrize(
    ("code", "text", "node"),
    [
        ("D05.12", None, "breast_carcinoma_in_situ"),
        ("D05.12", "左乳导管内癌", "breast_carcinoma_in_situ"),
        (None, "左乳导管内癌", "breast_carcinoma_in_situ"),
        (None, "Carcinoma in situ of left breast", "breast_carcinoma_in_situ"),
        ("D06.9", "Carcinoma in situ of cervix, unspecified", "carcinoma_in_situ"),
        (None, "宫颈原位癌", "carcinoma_in_situ"),
        (None, "Carcinoma in situ of cervix", "carcinoma_in_situ"),
        ("D04.9", None, "carcinoma_in_situ"),
        (None, "Squamous cell carcinoma in situ of skin", "carcinoma_in_situ"),
        ("D02.2", None, "carcinoma_in_situ"),
        (None, "肺原位腺癌", "carcinoma_in_situ"),
        ("D09.0", None, "carcinoma_in_situ"),
        (None, "膀胱原位癌", "carcinoma_in_situ"),
    ],
)
def test_dx_place_a_carcinoma_in_situ_is_filed_apart_from_the_cancers(
    code: str | None, text: str | None, node: str
) -> None:
    """DX-PLACE: ICD-10 D00-D09 and a carcinoma in situ named in words are no invasive cancer:
    filed under `carcinoma_in_situ` (the breast's at `breast_carcinoma_in_situ`). Before 7
    December 2026 (twenty-fourth session) the codes and "宫颈原位癌" were no cancer, and
    "Carcinoma in situ of cervix" was an invasive cervical cancer."""
    concept: dict[str, Any] = _coded(ICD10CM, code) if code else {}
    if text:
        concept["text"] = text
    assert _diagnosis(concept).cancer_type == node


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("微浸润性肺腺癌", "non_small_cell_lung_cancer"),
        ("Microinvasive carcinoma of cervix", "cervical_cancer"),
        ("乳腺浸润性导管癌伴导管原位癌", "breast_cancer"),
        # IDC and ILC are invasive ductal and lobular carcinomas, of the breast: with a DCIS
        # beside them they are still an invasive breast cancer.
        ("Breast cancer (IDC + DCIS)", "breast_cancer"),
        ("Left breast IDC with DCIS", "breast_cancer"),
        ("IDC with associated DCIS", "breast_cancer"),
        ("Left breast IDC", "breast_cancer"),
        ("Right breast ILC with LCIS", "breast_cancer"),
    ],
)
def test_dx_place_an_invasive_or_microinvasive_carcinoma_is_not_in_situ(
    text: str, node: str
) -> None:
    """DX-PLACE: words naming invasion are never read as a carcinoma in situ."""
    assert _diagnosis({"text": text}).cancer_type == node


@pytest.mark.parametrize("text", ["CIN3", "宫颈上皮内瘤变III级", "CIN III"])
def test_dx_place_a_cervical_intraepithelial_neoplasia_in_words_is_not_read(text: str) -> None:
    """DX-PLACE: CIN3 is a precursor lesion (HSIL), no carcinoma: not read from its words (a
    D06 code is read as ICD-10 files it, a carcinoma in situ)."""
    condition = {
        "resourceType": "Condition",
        "id": "c1",
        "code": {"text": text},
        "subject": {"reference": "Patient/p1"},
    }
    facts = build_facts(
        [PATIENT, condition], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert facts.diagnoses == ()


def _diagnoses(text: str) -> list[tuple[str | None, str | None]]:
    condition = {
        "resourceType": "Condition",
        "id": "c1",
        "code": {"text": text},
        "subject": {"reference": "Patient/p1"},
    }
    facts = build_facts(
        [PATIENT, condition], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return [(d.cancer_type, d.verification_status) for d in facts.diagnoses]


NPC = "nasopharyngeal_carcinoma"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("鼻咽癌", [(NPC, None)]),
        ("鼻咽癌IVB期 二线治疗后", [(NPC, None)]),
        # Ca: carcinoma as clinicians abbreviate it, not a tumour marker nor calcium.
        ("鼻咽Ca", [(NPC, None)]),
        ("鼻咽Ca 2期", [(NPC, None)]),
        ("Ca nasopharynx", [(NPC, None)]),
        ("鼻咽CA放化疗后", [(NPC, None)]),
        ("鼻咽部CA125升高", []),
        ("鼻咽部CA 19-9 elevated", []),
        ("鼻咽炎 血Ca2+偏低", []),
        # DX-WORDS: suspected or to be ruled out: read, unconfirmed.
        ("鼻咽癌待排（病理待回报）", [(NPC, "unconfirmed")]),
        ("鼻咽癌待查", [(NPC, "unconfirmed")]),
        ("疑似鼻咽癌", [(NPC, "unconfirmed")]),
        # 疑诊 (a suspected diagnosis) and awaiting proof doubt the cancer as 疑似 does (chart
        # `rw_npc_suspected_diagnosis_yizhen`).
        ("疑诊鼻咽癌", [(NPC, "unconfirmed")]),
        ("鼻咽癌（疑诊）", [(NPC, "unconfirmed")]),
        ("鼻咽癌（待病理证实）", [(NPC, "unconfirmed")]),
        ("鼻咽癌，病理证实", [(NPC, None)]),
        # 不可除外 (cannot be excluded) as 不能除外.
        ("鼻咽癌不可除外", [(NPC, "unconfirmed")]),
        ("鼻咽癌？", [(NPC, "unconfirmed")]),
        ("鼻咽癌可能", [(NPC, "unconfirmed")]),
        ("鼻咽癌不除外", [(NPC, "unconfirmed")]),
        ("Suspected nasopharyngeal carcinoma", [(NPC, "unconfirmed")]),
        ("Nasopharyngeal carcinoma, rule out", [(NPC, "unconfirmed")]),
        ("r/o NPC", [(NPC, "unconfirmed")]),
        # A relative's, or screening: not a diagnosis of the patient's cancer.
        ("鼻咽癌家族史", []),
        ("Family history of nasopharyngeal carcinoma", []),
        ("Nasopharyngeal cancer screening", []),
        # A relative named in the first clause; after the patient's own diagnosis, it stays.
        ("父亲鼻咽癌", []),
        ("家族史：父亲鼻咽癌", []),
        ("鼻咽癌（父亲亦患鼻咽癌）", [(NPC, None)]),
        # Denied at the entry's opening: no diagnosis at all.
        ("否认其他恶性肿瘤病史", []),
        ("既往史：否认肿瘤病史", []),
        ("Denies any history of cancer", []),
        # A denial later in the entry is about something else.
        ("鼻咽癌，否认其他恶性肿瘤病史", [(NPC, None)]),
        # An admission for treatment (ICD-10 Z51.x titles): an encounter, not a cancer.
        ("恶性肿瘤维持性化学治疗", []),
        ("恶性肿瘤放射治疗", []),
        ("恶性肿瘤免疫治疗", []),
        ("恶性肿瘤术后化疗", []),
        ("恶性肿瘤放射治疗后", []),
        ("Encounter for antineoplastic chemotherapy for malignant neoplasm", []),
        # Naming its cancer, it is that cancer's.
        ("鼻咽恶性肿瘤维持性化学治疗", [(NPC, None)]),
        ("恶性肿瘤", [(None, None)]),
    ],
)
def test_dx_words(text: str, read: list[tuple[str | None, str | None]]) -> None:
    assert _diagnoses(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("鼻咽癌已排除", []),
        ("鼻咽癌排除", []),
        ("Nasopharyngeal carcinoma - ruled out", []),
        ("Nasopharyngeal carcinoma excluded", []),
        # Only the cancer the words follow.
        ("鼻咽癌，肺癌已排除", [(NPC, None)]),
        # Not excluded, or still to be: suspected.
        ("鼻咽癌未排除", [(NPC, "unconfirmed")]),
        ("鼻咽癌不能排除", [(NPC, "unconfirmed")]),
        ("鼻咽癌待排除", [(NPC, "unconfirmed")]),
        ("Nasopharyngeal carcinoma not ruled out", [(NPC, "unconfirmed")]),
        # A test's result in a cancer's entry is its marker's, not the cancer's.
        ("鼻咽癌EBV-DNA阴性", [(NPC, None)]),
        ("鼻咽癌 EBV DNA (-)", [(NPC, None)]),
    ],
)
def test_dx_words_a_cancer_its_words_rule_out_is_none(
    text: str, read: list[tuple[str | None, str | None]]
) -> None:
    """DX-WORDS: a cancer the entry's own words rule out, written after it (已排除, 排除, 除外,
    "ruled out", "excluded"), is no diagnosis, as a refuted one is."""
    assert _diagnoses(text) == read


def test_dx_words_a_suspected_metastasis_is_unconfirmed() -> None:
    condition = {
        "resourceType": "Condition",
        "id": "c2",
        "code": {"text": "疑似骨转移"},
        "subject": {"reference": "Patient/p1"},
    }
    facts = build_facts(
        [PATIENT, condition], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert facts.metastatic.value is not True


def _condition(cid: str, code: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": cid,
        "code": code,
        "subject": {"reference": "Patient/p1"},
        "onsetDateTime": "2026-03-25",
    }


DISSEMINATED = _coded(ICD10CM, "C80.0", "Disseminated malignant neoplasm, unspecified")


@pytest.mark.parametrize("disseminated", [DISSEMINATED, {"text": "Disseminated malignancy"}])
def test_dx_place_disseminated_disease_beside_a_cancer_is_its_spread(
    disseminated: dict[str, Any],
) -> None:
    """C80.0 beside the NPC was a second, unplaced cancer: stage, metastatic status and lines
    could no longer be told to be the NPC's."""
    npc = _condition("npc", _coded(ICD10CM, "C11.9", "Nasopharyngeal carcinoma"))
    facts = build_facts(
        [PATIENT, npc, _condition("c80", disseminated)],
        patient_id="p1",
        as_of=AS_OF,
        cache=ValidationCache(),
    ).facts
    assert [d.cancer_type for d in facts.diagnoses] == ["nasopharyngeal_carcinoma"]
    assert facts.metastatic.value is True
    assert facts.diagnoses[0].metastatic_since is not None


def test_dx_place_disseminated_disease_alone_is_a_cancer_not_placed() -> None:
    diagnosis = _diagnosis(DISSEMINATED)
    assert (diagnosis.cancer_type, diagnosis.within) == (None, "solid_tumor")


def _history_beside(
    history: str | dict[str, Any], other: dict[str, Any] | None
) -> list[tuple[str | None, Any]]:
    old = _condition("old", {"text": history} if isinstance(history, str) else history)
    old["onsetDateTime"] = "2019-04-01"
    resources = [PATIENT, old] + ([other] if other else [])
    facts = build_facts(resources, patient_id="p1", as_of=AS_OF, cache=ValidationCache()).facts
    return [(d.cancer_type, d.diagnosed) for d in facts.diagnoses]


def test_dx_words_an_english_history_of_the_charts_cancer_is_its_earlier_record() -> None:
    """As "鼻咽癌病史" is read: "History of nasopharyngeal carcinoma" was dropped, and an NPC
    known since 2019 read as diagnosed when it spread (de novo, radiotherapy never asked)."""
    npc = _condition("npc", _coded(ICD10CM, "C11.9", "Nasopharyngeal carcinoma"))
    npc_type = "nasopharyngeal_carcinoma"
    read = _history_beside("History of nasopharyngeal carcinoma", npc)
    assert sorted(read, key=str) == sorted(
        [(npc_type, date(2026, 3, 25)), (npc_type, date(2019, 4, 1))], key=str
    )
    # Coded Z85.818, whose title names the oral cavity and pharynx: the words say which.
    z85 = _coded(ICD10CM, "Z85.818", "Personal history of malignant neoplasm of other sites of lip")
    z85["text"] = "History of nasopharyngeal carcinoma"
    assert (npc_type, date(2019, 4, 1)) in _history_beside(z85, npc)
    # A history of another cancer stays a prior malignancy (comorbidities); alone, nothing.
    assert _history_beside("History of breast cancer", npc) == [(npc_type, date(2026, 3, 25))]
    assert _history_beside("History of nasopharyngeal carcinoma", None) == []


@pytest.mark.parametrize(
    ("code", "display"),
    [
        ("Z85.818", None),
        (
            "Z85.818",
            "Personal history of malignant neoplasm of other sites of lip, oral cavity, and "
            "pharynx",
        ),
        (
            "Z85.819",
            "Personal history of malignant neoplasm of unspecified sites of lip, oral "
            "cavity, and pharynx",
        ),
    ],
)
def test_dx_words_a_coded_history_of_the_charts_cancers_sites_is_its_earlier_record(
    code: str, display: str | None
) -> None:
    """A history of a cancer of the lip, oral cavity or pharynx coded without words was dropped
    (or, by its title's "oral cavity", read as another cancer's): beside a metastatic NPC it may
    be that NPC's earlier record, and dates its first diagnosis."""
    npc = _condition("npc", _coded(ICD10CM, "C11.9", "Nasopharyngeal carcinoma"))
    npc_type = "nasopharyngeal_carcinoma"
    assert (npc_type, date(2019, 4, 1)) in _history_beside(_coded(ICD10CM, code, display), npc)
    # Of a cancer its sites do not hold, it stays a prior malignancy; alone, nothing.
    breast = _condition("breast", _coded(ICD10CM, "C50.911", "Breast cancer"))
    assert _history_beside(_coded(ICD10CM, code, display), breast) == [
        ("breast_cancer", date(2026, 3, 25))
    ]
    assert _history_beside(_coded(ICD10CM, code, display), None) == []


def _prior_malignancies(history: str | dict[str, Any], other: dict[str, Any] | None) -> Any:
    old = _condition("old", {"text": history} if isinstance(history, str) else history)
    old["onsetDateTime"] = "2015-03-10"
    resources = [PATIENT, old] + ([other] if other else [])
    facts = build_facts(resources, patient_id="p1", as_of=AS_OF, cache=ValidationCache()).facts
    return facts, [
        (c.cancer_type, c.evidence) for c in facts.comorbidities if c.kind.value.startswith("prior")
    ]


@pytest.mark.parametrize(
    ("history", "cancer_type"),
    [
        ("喉癌病史", "laryngeal_cancer"),
        ("既往喉癌", "laryngeal_cancer"),
        ("History of laryngeal cancer", "laryngeal_cancer"),
        (
            _coded(ICD10CM, "Z85.21", "Personal history of malignant neoplasm of larynx"),
            "laryngeal_cancer",
        ),
        (_coded(ICD10CM, "Z85.810"), "oral_cavity_cancer"),
    ],
)
def test_rt_other_head_and_neck_cancer_a_history_of_another_cancer_is_a_prior_malignancy(
    history: str | dict[str, Any], cancer_type: str
) -> None:
    """DX-WORDS for RT-OTHER-HEAD-AND-NECK-CANCER: a personal history of a cancer of another
    type than the chart's NPC, in Chinese words too ("喉癌病史", read before as a current second
    cancer), is a prior malignancy that names its cancer, and no diagnosis."""
    npc = _condition("npc", _coded(ICD10CM, "C11.9", "Nasopharyngeal carcinoma"))
    facts, priors = _prior_malignancies(history, npc)
    assert [d.cancer_type for d in facts.diagnoses] == ["nasopharyngeal_carcinoma"]
    assert priors == [(cancer_type, ("Condition/old",))]


def test_dx_words_a_chinese_history_alone_is_still_the_charts_cancer() -> None:
    """ "鼻咽癌病史" in a chart of no other cancer stays the chart's cancer, as before; beside the
    chart's NPC it is that NPC's earlier record."""
    assert _history_beside("鼻咽癌病史", None) == [("nasopharyngeal_carcinoma", date(2019, 4, 1))]
    npc = _condition("npc", _coded(ICD10CM, "C11.9", "Nasopharyngeal carcinoma"))
    assert ("nasopharyngeal_carcinoma", date(2019, 4, 1)) in _history_beside("鼻咽癌病史", npc)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # 考虑 qualifies the subtype: the cancer is established.
        ("鼻咽癌（考虑非角化型）", [(NPC, None)]),
        # The comorbidities' confirmation words leave the cancer's reading as it was.
        ("鼻咽癌待排，病理待回报", [(NPC, "unconfirmed")]),
        ("鼻咽癌，病理确诊", [(NPC, None)]),
    ],
)
def test_dx_words_the_comorbidities_confirmation_words_leave_cancers(
    text: str, read: list[tuple[str | None, str | None]]
) -> None:
    """DX-WORDS: 考虑 is read for the comorbidities only; a confirmation confirms a cancer only
    where the entry doubted it (`test_dx_words_a_later_clause_confirms_the_suspected_cancer`)."""
    assert _diagnoses(text) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("鼻咽癌待排，鼻咽活检病理证实非角化性未分化型癌", [(NPC, None)]),
        ("疑似鼻咽癌，鼻咽镜活检确诊", [(NPC, None)]),
        ("鼻咽癌待排，病理证实", [(NPC, None)]),
        ("Suspected nasopharyngeal carcinoma, biopsy-proven", [(NPC, None)]),
        ("Suspected NPC (confirmed by biopsy)", [(NPC, None)]),
        # Awaited, or not: still suspected.
        ("鼻咽癌待排，待病理证实", [(NPC, "unconfirmed")]),
        ("疑似鼻咽癌，未经活检证实", [(NPC, "unconfirmed")]),
        ("Suspected NPC, not yet confirmed", [(NPC, "unconfirmed")]),
        ("Suspected NPC, confirmation pending", [(NPC, "unconfirmed")]),
        # A confirmation of another malignancy, placed or not, confirms nothing of this one.
        ("鼻咽癌待排，病理证实肺腺癌", [(NPC, "unconfirmed")]),
        ("鼻咽癌待排，病理证实：非角化性未分化型癌", [(NPC, "unconfirmed")]),
    ],
)
def test_dx_words_a_later_clause_confirms_the_suspected_cancer(
    text: str, read: list[tuple[str | None, str | None]]
) -> None:
    """DX-WORDS: an entry brought up to date after the biopsy keeps the suspicion it opened with
    and adds the confirmation; a coordinator reads it confirmed. The bare histology after 证实
    names a malignancy of no site and is left to be confirmed (it might be another cancer's)."""
    assert _diagnoses(text) == read


def _condition_on(
    cid: str, text: str, day: str, verification: str | None = None, code: str | None = None
) -> dict[str, Any]:
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "id": cid,
        "code": {"text": text},
        "subject": {"reference": "Patient/p1"},
        "onsetDateTime": day,
    }
    if code is not None:
        condition["code"]["coding"] = [{"system": ICD10CM, "code": code}]
    if verification is not None:
        status = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
        condition["verificationStatus"] = {"coding": [{"system": status, "code": verification}]}
    return condition


def _other_malignancy_beside_npc(text: str, day: str) -> CriterionResult:
    """The criterion "No other malignancy within 3 years" (skin and in situ excepted) for a
    chart of an NPC of 2026-03-18 and a Condition `text` recorded on `day`."""
    own = _condition_on("own", "鼻咽癌", "2026-03-18", code="C11.9")
    other = _condition_on("other", text, day)
    facts = build_facts(
        [PATIENT, own, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 3 years",
        section="exclusion",
        within_years=3,
        excepted=("non_melanoma_skin", "in_situ"),
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    return evaluate_criterion(criterion, facts)


def _read(*conditions: dict[str, Any]) -> list[tuple[str | None, str | None, str]]:
    facts = build_facts(
        [PATIENT, *conditions], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return [(d.cancer_type, d.verification_status, d.evidence[0]) for d in facts.diagnoses]


SUSPECTED = _condition_on("suspected", "Suspected nasopharyngeal carcinoma", "2026-03-02")
LYMPHOMA = _condition_on("lymphoma", "鼻咽弥漫大B细胞淋巴瘤", "2026-03-18")


@pytest.mark.parametrize(
    "refutation",
    [
        _condition_on("refutation", "鼻咽癌已排除", "2026-03-18"),
        _condition_on("refutation", "Nasopharyngeal carcinoma", "2026-03-18", "refuted", "C11.9"),
        _condition_on("refutation", "Nasopharyngeal carcinoma - ruled out", "2026-03-02"),
    ],
)
def test_dx_words_a_suspected_cancer_refuted_since_is_none(refutation: dict[str, Any]) -> None:
    """DX-WORDS: a suspected NPC that a record of the same day or later refutes (its words, or
    the status `refuted`) is no diagnosis: the work-up ended in the lymphoma."""
    assert _read(SUSPECTED, refutation, LYMPHOMA) == [("lymphoma", None, "Condition/lymphoma")]


def test_dx_words_a_refutation_leaves_a_confirmed_cancer_and_a_later_suspicion() -> None:
    """DX-WORDS: a refutation before the suspicion (the NPC suspected again since), one entered
    in error (the record a mistake, not the cancer), one of a cancer the suspicion is not a
    kind of, or a relative's, leaves it suspected; a confirmed NPC stays whatever a later record
    says."""
    earlier = _condition_on("refutation", "鼻咽癌已排除", "2024-03-01")
    in_error = _condition_on(
        "refutation", "Nasopharyngeal carcinoma", "2026-03-18", "entered-in-error", "C11.9"
    )
    lung = _condition_on("refutation", "肺癌已排除", "2026-03-18")
    relatives = _condition_on("refutation", "家族史：父亲鼻咽癌已排除", "2026-03-18")
    for refutation in (earlier, in_error, lung, relatives):
        assert _read(SUSPECTED, refutation) == [(NPC, "unconfirmed", "Condition/suspected")]
    confirmed = _condition_on("npc", "鼻咽癌", "2026-03-02", code="C11.9")
    later = _condition_on("refutation", "鼻咽癌已排除", "2026-03-18")
    assert _read(confirmed, later) == [(NPC, None, "Condition/npc")]


@pytest.mark.parametrize(
    "text",
    [
        "已排除鼻咽癌",
        "排除鼻咽癌",
        "活检排除鼻咽癌",
        "以上检查已排除鼻咽癌",
        "Ruled out NPC",
        "Excluded: NPC",
        "鼻咽活检：慢性炎症，不考虑鼻咽癌",
        "不支持鼻咽癌",
        # 不符合 (not consistent with): twenty-seventh session, spread11.
        "鼻咽活检：慢性炎症，不符合鼻咽癌",
    ],
)
def test_dx_words_ruled_out_before_the_cancer_refutes_the_suspicion(text: str) -> None:
    """DX-WORDS: words that rule the cancer out written before its name refute the suspected
    NPC as those after it do; before 7 December 2026 "已排除鼻咽癌" refuted nothing (an entry
    opening with a denial was skipped) and "排除鼻咽癌" or "Ruled out NPC" read as an NPC."""
    refutation = _condition_on("refutation", text, "2026-03-18")
    assert _read(SUSPECTED, refutation, LYMPHOMA) == [("lymphoma", None, "Condition/lymphoma")]
    assert _read(refutation) == []


@pytest.mark.parametrize(
    "text",
    [
        "不排除鼻咽癌",
        "未排除鼻咽癌",
        "待排除鼻咽癌",
        "排除鼻咽癌？",
        "Not ruled out NPC",
        # A work-up asked for: biopsy advised (needed, planned) to rule NPC out.
        "鼻咽肿物，建议活检以排除鼻咽癌",
        "需排除鼻咽癌",
        "为排除鼻咽癌行鼻咽活检",
    ],
)
def test_dx_words_not_ruled_out_before_the_cancer_stays_suspected(text: str) -> None:
    """DX-WORDS: not (yet) ruled out, asked, or a work-up to rule it out asked for, is
    suspected: no refutation (before 7 December 2026's review "建议活检以排除鼻咽癌" refuted the
    suspected NPC, and alone read as a confirmed one)."""
    entry = _condition_on("entry", text, "2026-03-18")
    assert _read(SUSPECTED, entry) == [
        (NPC, "unconfirmed", "Condition/suspected"),
        (NPC, "unconfirmed", "Condition/entry"),
    ]


def test_dx_words_a_denied_history_refutes_no_suspicion() -> None:
    """DX-WORDS: "否认鼻咽癌病史" is the patient's word on the past, no work-up's result."""
    denied = _condition_on("denied", "否认鼻咽癌病史", "2026-03-18")
    assert _read(SUSPECTED, denied) == [(NPC, "unconfirmed", "Condition/suspected")]


def test_dx_place_a_second_cancer_by_organ_and_histology_is_another_malignancy() -> None:
    """DX-PLACE, MAL-OTHER: an NPC and "右肺腺癌" diagnosed in 2025: another malignancy within
    five years, not met (before 7 December 2026 the lung cancer was no cancer, and met)."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    lung = _condition_on("lung", "右肺腺癌", "2025-06-02")
    facts = build_facts(
        [PATIENT, npc, lung], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 5 years",
        section="exclusion",
        within_years=5,
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    assert evaluate_criterion(criterion, facts).status is CriterionStatus.NOT_MET


@pytest.mark.parametrize(
    ("excepted", "status"),
    [(("in_situ",), CriterionStatus.MET), ((), CriterionStatus.NOT_MET)],
)
def test_mal_other_a_chinese_dcis_is_an_in_situ_malignancy(
    excepted: tuple[Any, ...], status: CriterionStatus
) -> None:
    """MAL-OTHER, DX-PLACE: an NPC and "左乳导管原位癌" of 2025: a carcinoma in situ, excepted
    where the trial excepts in situ carcinomas and another malignancy where it does not
    (before 7 December 2026, twenty-fourth session, the DCIS was no cancer, and met either way)."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    dcis = _condition_on("dcis", "左乳导管原位癌", "2025-06-02")
    facts = build_facts(
        [PATIENT, npc, dcis], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 5 years",
        section="exclusion",
        within_years=5,
        excepted=excepted,
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    assert evaluate_criterion(criterion, facts).status is status


@pytest.mark.parametrize(
    ("text", "code", "excepted", "status"),
    [
        ("宫颈原位癌", None, ("in_situ",), CriterionStatus.MET),
        ("宫颈原位癌", None, (), CriterionStatus.NOT_MET),
        ("Intraductal carcinoma in situ", "D05.11", ("in_situ",), CriterionStatus.MET),
        ("乳腺导管原位癌伴微浸润", None, ("in_situ",), CriterionStatus.NOT_MET),
        (
            "Invasive ductal carcinoma with DCIS, left breast",
            None,
            ("in_situ",),
            CriterionStatus.NOT_MET,
        ),
        ("Breast cancer (IDC + DCIS)", None, ("in_situ",), CriterionStatus.NOT_MET),
    ],
)
def test_mal_other_a_carcinoma_in_situ_is_excepted_and_a_microinvasive_one_is_not(
    text: str, code: str | None, excepted: tuple[Any, ...], status: CriterionStatus
) -> None:
    """MAL-OTHER, DX-PLACE: an NPC and a carcinoma in situ of 2025, excepted where the trial
    excepts in situ carcinomas and another malignancy where it does not; a DCIS with
    microinvasion is an invasive breast cancer, never excepted as in situ (before 7 December
    2026, twenty-fourth session, "宫颈原位癌" and the microinvasive DCIS were no cancer, and met
    either way)."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    other = _condition_on("other", text, "2025-06-02", code=code)
    facts = build_facts(
        [PATIENT, npc, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 5 years",
        section="exclusion",
        within_years=5,
        excepted=excepted,
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    assert evaluate_criterion(criterion, facts).status is status


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("Invasive ductal carcinoma", "breast_cancer"),
        ("Infiltrating ductal carcinoma", "breast_cancer"),
        ("Invasive lobular carcinoma", "breast_cancer"),
        ("Invasive ductal carcinoma, grade 2", "breast_cancer"),
        # An organ named is that organ's cancer, never the breast's.
        ("Invasive ductal carcinoma of the pancreas", "pancreatic_cancer"),
        ("Invasive ductal adenocarcinoma of pancreas", "pancreatic_cancer"),
        # The same in Chinese (twenty-fifth session, cancers6): 浸润性导管癌 naming no organ is
        # the breast's; an organ named is that organ's cancer.
        ("浸润性导管癌", "breast_cancer"),
        ("浸润性小叶癌", "breast_cancer"),
        ("浸润性导管癌（II级）", "breast_cancer"),
        ("胰腺浸润性导管癌", "pancreatic_cancer"),
        ("胰头浸润性导管腺癌", "pancreatic_cancer"),
        # The abbreviations with an organ named: the organ's (IDC is not the breast's there).
        ("Pancreatic IDC", "pancreatic_cancer"),
        ("IDC of pancreas", "pancreatic_cancer"),
    ],
)
def test_dx_place_invasive_ductal_carcinoma_naming_no_organ_is_breast(text: str, node: str) -> None:
    """DX-PLACE: "invasive ductal carcinoma" (IDC) and "invasive lobular carcinoma" naming no
    organ are an invasive breast cancer, as the abbreviations are: the breast's histologies as
    notes write them (coordinator's reading). Before 7 December 2026 (twenty-fifth session)
    "Invasive ductal carcinoma" alone was no cancer at all (found by a previous session)."""
    assert _diagnosis({"text": text}).cancer_type == node


@pytest.mark.parametrize(
    "text", ["Ductal adenocarcinoma", "Invasive ductal adenocarcinoma", "Ductal carcinoma"]
)
def test_dx_place_a_ductal_adenocarcinoma_naming_no_organ_is_no_breast_cancer(text: str) -> None:
    """DX-PLACE: a ductal adenocarcinoma is the pancreas's commonest cancer as much as anyone's,
    and "ductal carcinoma" alone may be in situ: neither is read as an invasive breast cancer."""
    facts = build_facts(
        [
            PATIENT,
            {
                "resourceType": "Condition",
                "id": "c1",
                "code": {"text": text},
                "subject": {"reference": "Patient/p1"},
            },
        ],
        patient_id="p1",
        as_of=AS_OF,
        cache=ValidationCache(),
    ).facts
    assert all(d.cancer_type != "breast_cancer" for d in facts.diagnoses)


@pytest.mark.parametrize(
    ("text", "node"),
    [
        # The bracket says which breast cancer: a ductal carcinoma in situ.
        ("Breast cancer (DCIS)", "breast_carcinoma_in_situ"),
        ("Left breast cancer (DCIS)", "breast_carcinoma_in_situ"),
        ("乳腺癌（导管原位癌）", "breast_carcinoma_in_situ"),
        # Melanoma in situ (ICD-10 D03) is no invasive melanoma.
        ("Melanoma in situ", "carcinoma_in_situ"),
        ("Melanoma in situ of left cheek", "carcinoma_in_situ"),
        ("原位黑色素瘤", "carcinoma_in_situ"),
        ("左面颊黑色素瘤（原位）", "carcinoma_in_situ"),
        # Invasion denied is no invasion.
        ("原位癌，未见浸润", "carcinoma_in_situ"),
        ("宫颈原位癌，未见间质浸润", "carcinoma_in_situ"),
        ("Carcinoma in situ, no invasion identified", "carcinoma_in_situ"),
        ("左乳导管原位癌，未见浸润", "breast_carcinoma_in_situ"),
        ("DCIS, no evidence of invasion", "breast_carcinoma_in_situ"),
        # An invasive carcinoma or component denied (twenty-fifth session's red-team review:
        # read as an invasive breast cancer, or a carcinoma not placed; charts
        # `rw_dcis_no_invasive_component_english_beside_npc`,
        # `rw_dcis_no_invasive_carcinoma_identified_english_beside_npc`).
        ("DCIS left breast, no invasive component", "breast_carcinoma_in_situ"),
        ("Ductal carcinoma in situ, no invasive carcinoma identified", "breast_carcinoma_in_situ"),
        ("Carcinoma in situ of cervix, negative for invasive carcinoma", "carcinoma_in_situ"),
        # Lentigo maligna is a melanoma in situ (ICD-10 D03; ICD-O-3 8742/2), in both languages
        # (twenty-fifth session, cancers6).
        ("Lentigo maligna", "carcinoma_in_situ"),
        ("Lentigo maligna of left cheek", "carcinoma_in_situ"),
        ("左颊恶性雀斑样痣", "carcinoma_in_situ"),
        # Non-invasive papillary urothelial carcinoma (pTa; ICD-O-3 8130/2, ICD-10 D09.0) is
        # no invasive bladder cancer: "non-invasive" names no invasion.
        ("Non-invasive papillary urothelial carcinoma", "carcinoma_in_situ"),
        ("Noninvasive papillary urothelial carcinoma, high grade (pTa)", "carcinoma_in_situ"),
        ("Bladder cancer, non-invasive papillary urothelial carcinoma", "carcinoma_in_situ"),
        ("膀胱非浸润性乳头状尿路上皮癌", "carcinoma_in_situ"),
        ("DCIS, non-invasive", "breast_carcinoma_in_situ"),
    ],
)
def test_dx_place_an_in_situ_cancer_its_words_say_is_in_situ(text: str, node: str) -> None:
    """DX-PLACE: a cancer its own words call in situ — a bracket naming a DCIS, a melanoma in
    situ, a carcinoma in situ whose invasion is denied — is filed at `carcinoma_in_situ`. Before
    7 December 2026 (twenty-fifth session) "Breast cancer (DCIS)" and "Melanoma in situ" were
    read as invasive cancers and "原位癌，未见浸润" as none (found by a previous session)."""
    assert _diagnosis({"text": text}).cancer_type == node


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("Invasive melanoma arising in melanoma in situ", "melanoma"),
        ("Melanoma in situ with invasive component", "melanoma"),
        # Lentigo maligna melanoma is the invasive melanoma (ICD-O-3 8742/3).
        ("Lentigo maligna melanoma", "melanoma"),
        ("恶性雀斑样痣黑色素瘤", "melanoma"),
        # Invasive urothelial carcinoma, and one invading the muscle, are invasive.
        ("Invasive papillary urothelial carcinoma", "bladder_cancer"),
        ("膀胱浸润性尿路上皮癌", "bladder_cancer"),
        ("原位癌伴浸润", None),
        ("宫颈鳞癌，未见宫旁浸润", "cervical_cancer"),
        ("乳腺浸润性导管癌，未见脉管浸润", "breast_cancer"),
        ("Breast cancer (IDC)", "breast_cancer"),
        # A DCIS left after neoadjuvant therapy (ypTis) is what is left of an invasive cancer.
        ("乳腺癌新辅助化疗后，导管原位癌残留", "breast_cancer"),
        ("Breast cancer after neoadjuvant chemotherapy, residual DCIS", "breast_cancer"),
        # In situ hybridization is a test, no carcinoma in situ.
        (
            "Nasopharyngeal carcinoma in situ hybridization for EBER positive",
            "nasopharyngeal_carcinoma",
        ),
    ],
)
def test_dx_place_an_invasive_cancer_stays_invasive_whatever_invasion_it_denies(
    text: str, node: str | None
) -> None:
    """DX-PLACE: invasion named and not denied is invasive; a denial of one kind of invasion (of
    the parametrium, of vessels) in an invasive cancer's words leaves it the invasive cancer."""
    read = [cancer_type for cancer_type, _ in _diagnoses(text)]
    assert "carcinoma_in_situ" not in read
    assert "breast_carcinoma_in_situ" not in read
    if node is not None:
        assert read == [node]


@pytest.mark.parametrize(
    ("text", "excepted", "status"),
    [
        ("Breast cancer (DCIS)", ("in_situ",), CriterionStatus.MET),
        ("Breast cancer (DCIS)", (), CriterionStatus.NOT_MET),
        ("Melanoma in situ", ("in_situ",), CriterionStatus.MET),
        ("Melanoma in situ", (), CriterionStatus.NOT_MET),
        ("原位癌，未见浸润", ("in_situ",), CriterionStatus.MET),
        ("原位癌，未见浸润", (), CriterionStatus.NOT_MET),
        ("Invasive ductal carcinoma", ("in_situ",), CriterionStatus.NOT_MET),
        ("Invasive ductal carcinoma", (), CriterionStatus.NOT_MET),
        # What is left of an invasive cancer after neoadjuvant therapy is not excepted.
        ("乳腺癌新辅助化疗后，导管原位癌残留", ("in_situ",), CriterionStatus.NOT_MET),
        # In situ hybridization is a test, no carcinoma in situ.
        (
            "Diffuse large B-cell lymphoma, EBER in situ hybridization positive",
            ("in_situ",),
            CriterionStatus.NOT_MET,
        ),
    ],
)
def test_mal_other_an_in_situ_cancer_its_words_say_is_excepted_and_an_idc_is_not(
    text: str, excepted: tuple[Any, ...], status: CriterionStatus
) -> None:
    """MAL-OTHER, DX-PLACE: an NPC and, in 2025, a cancer its words call in situ (excepted where
    the trial excepts carcinoma in situ, another malignancy where it does not), or an invasive
    ductal carcinoma naming no organ (another malignancy either way: before 7 December 2026,
    twenty-fifth session, it was no cancer, and met)."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    other = _condition_on("other", text, "2025-06-02")
    facts = build_facts(
        [PATIENT, npc, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 5 years",
        section="exclusion",
        within_years=5,
        excepted=excepted,
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    assert evaluate_criterion(criterion, facts).status is status


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("1.鼻咽癌IVB期 2.膀胱原位癌术后", NPC),
        ("鼻咽癌；乳腺导管原位癌", NPC),
        ("Nasopharyngeal carcinoma; history of cervical carcinoma in situ", NPC),
        ("NPC; DCIS left breast 2019", NPC),
        ("宫颈原位癌术后，鼻咽癌", NPC),
        ("Melanoma in situ; NPC", NPC),
        # One cancer named, its in situ words its own: in situ as before.
        ("乳腺癌（导管原位癌）", "breast_carcinoma_in_situ"),
        ("乳腺癌，导管原位癌", "breast_carcinoma_in_situ"),
        ("Breast cancer, DCIS", "breast_carcinoma_in_situ"),
        ("Carcinoma in situ, cervix", "carcinoma_in_situ"),
        ("Melanoma in situ, left cheek", "carcinoma_in_situ"),
        ("宫颈原位癌，宫颈锥切术后", "carcinoma_in_situ"),
    ],
)
def test_dx_place_an_in_situ_cancer_beside_another_cancer_leaves_it(text: str, node: str) -> None:
    """DX-PLACE: an entry naming two diagnoses (a clinic's numbered line, a list after a
    semicolon or comma) — an invasive cancer and a carcinoma in situ of another organ — is the
    invasive cancer's: the in situ words belong to their own clause (chart
    `rw_npc_and_in_situ_cancer_in_one_diagnosis_text`; before the twenty-fifth session's review
    the in situ rows, read first, swallowed the NPC)."""
    assert cancer_concepts(CodedText(text=text))[0] == node


@pytest.mark.parametrize(
    ("text", "node"),
    [
        # Left at a margin after surgery: still in situ.
        ("乳腺导管原位癌，术后切缘残留", "breast_carcinoma_in_situ"),
        ("Residual DCIS after lumpectomy, re-excision", "breast_carcinoma_in_situ"),
        ("宫颈原位癌锥切术后残留", "carcinoma_in_situ"),
        # Left after neoadjuvant therapy: what is left of an invasive cancer.
        ("乳腺癌新辅助化疗后，导管原位癌残留", "breast_cancer"),
        ("Breast cancer s/p neoadjuvant chemotherapy, residual DCIS (ypTis)", "breast_cancer"),
    ],
)
def test_dx_place_a_carcinoma_in_situ_left_at_a_margin_is_in_situ(text: str, node: str) -> None:
    """DX-PLACE: only a carcinoma in situ left after neoadjuvant therapy (ypTis) is an invasive
    cancer's remnant; one left at a lumpectomy's or a cone's margin (切缘残留, "residual DCIS")
    is still in situ (chart `rw_residual_dcis_reexcised_tamoxifen_beside_npc`; before the
    twenty-fifth session's review 残留 or "residual" alone made it no cancer at all)."""
    assert cancer_concepts(CodedText(text=text))[:1] == (node,)


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("浸润性导管癌（非特殊类型），ER(+)", "breast_cancer"),
        ("浸润性小叶癌", "breast_cancer"),
    ],
)
def test_dx_place_invasive_ductal_or_lobular_carcinoma_in_chinese_is_the_breasts(
    text: str, node: str
) -> None:
    """DX-PLACE: 浸润性导管癌 / 浸润性小叶癌 naming no organ is the breast's invasive carcinoma, as
    "Invasive ductal carcinoma" is (chart
    `rw_idc_no_organ_chinese_tamoxifen_beside_npc`; the English row merged
    today read no Chinese). Another organ named before it is not the breast's."""
    assert cancer_concepts(CodedText(text=text))[:1] == (node,)
    assert "breast_cancer" not in cancer_concepts(CodedText(text="胰腺浸润性导管癌"))


@pytest.mark.parametrize(
    "text",
    [
        "Squamous cell carcinoma",
        "Keratinizing squamous cell carcinoma",
        "Non-keratinizing squamous cell carcinoma",
        "Adenocarcinoma",
        "Poorly differentiated adenocarcinoma",
        "Ductal adenocarcinoma",
        "Ductal carcinoma",
        "Undifferentiated carcinoma",
        "腺癌",
        "低分化腺癌",
        "鳞状细胞癌",
        "鳞癌",
        "非角化性鳞状细胞癌",
        "角化性鳞状细胞癌",
        "非角化性未分化型癌",
    ],
)
def test_dx_place_a_carcinoma_named_by_its_histology_alone_is_a_solid_tumour(text: str) -> None:
    """DX-PLACE: a carcinoma its words name by histology alone, with no organ, is a cancer not
    placed that is certainly a solid tumour (as an ICD-O-3 carcinoma morphology without a site):
    never no cancer. Before 7 December 2026 (twenty-fifth session, cancers6) these were no
    cancer at all, and an other-malignancy exclusion met, an unsafe met (found by a previous
    session)."""
    diagnosis = _diagnosis({"text": text})
    assert (diagnosis.cancer_type, diagnosis.within) == (None, "solid_tumor")


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("Squamous cell carcinoma of the lung", "lung_cancer"),
        ("Adenocarcinoma of prostate", "prostate_cancer"),
        ("Squamous cell carcinoma of skin", "non_melanoma_skin_cancer"),
        ("Cutaneous squamous cell carcinoma", "non_melanoma_skin_cancer"),
        ("Nasopharyngeal non-keratinizing squamous cell carcinoma", "nasopharyngeal_carcinoma"),
        ("鼻咽非角化性鳞状细胞癌", "nasopharyngeal_carcinoma"),
        ("肺腺癌", "non_small_cell_lung_cancer"),
        ("食管鳞癌", "esophageal_cancer"),
        ("Hepatocellular carcinoma", "hepatocellular_carcinoma"),
        ("Urothelial carcinoma", "bladder_cancer"),
    ],
)
def test_dx_place_a_histology_with_its_organ_is_the_organs_cancer(text: str, node: str) -> None:
    """DX-PLACE: the histology row naming no organ comes after every organ row: an organ named
    places the cancer as before."""
    assert _diagnosis({"text": text}).cancer_type == node


def test_dx_place_a_bare_histology_called_a_metastasis_is_no_primary() -> None:
    """DX-PLACE: a pathology line that calls its carcinoma a metastasis names no primary,
    whether or not it brackets the specimen's site."""
    conditions = [
        _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9"),
        _condition_on("lung", "（右肺下叶）低分化鳞状细胞癌，结合病史，符合转移", "2026-03-25"),
        _condition_on("bone", "鳞状细胞癌，符合转移", "2026-03-25"),
    ]
    facts = build_facts(
        [PATIENT, *conditions], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [d.cancer_type for d in facts.diagnoses] == ["nasopharyngeal_carcinoma"]


@pytest.mark.parametrize(
    ("text", "cancer_types", "status"),
    [
        # Beside an NPC a squamous cell carcinoma naming no organ may be the NPC's histology
        # entered again, or another cancer: asked.
        ("Squamous cell carcinoma", ("nasopharyngeal_carcinoma",), CriterionStatus.UNKNOWN),
        ("非角化性鳞状细胞癌", ("nasopharyngeal_carcinoma",), CriterionStatus.UNKNOWN),
        # An adenocarcinoma is never an NPC (a squamous or undifferentiated carcinoma): another
        # cancer, within the window.
        ("腺癌", ("nasopharyngeal_carcinoma",), CriterionStatus.NOT_MET),
        ("Adenocarcinoma", ("nasopharyngeal_carcinoma",), CriterionStatus.NOT_MET),
        # Beside a lymphoma, a carcinoma of any organ is another cancer: within the window it
        # excludes.
        ("Adenocarcinoma", ("non_hodgkin_lymphoma",), CriterionStatus.NOT_MET),
        ("鳞状细胞癌", ("non_hodgkin_lymphoma",), CriterionStatus.NOT_MET),
        # 浸润性导管癌 naming no organ is an invasive breast cancer: another cancer.
        ("浸润性导管癌", ("nasopharyngeal_carcinoma",), CriterionStatus.NOT_MET),
    ],
)
def test_mal_other_a_carcinoma_named_by_its_histology_alone_is_a_cancer(
    text: str, cancer_types: tuple[str, ...], status: CriterionStatus
) -> None:
    """MAL-OTHER, DX-PLACE: a carcinoma of 2025 named by its histology alone, beside the
    trial's cancer of 2026: never no cancer (before 7 December 2026, twenty-fifth session,
    cancers6, each of these met the criterion, an unsafe met)."""
    trial_cancer = {
        "nasopharyngeal_carcinoma": _condition_on("own", "鼻咽癌", "2026-03-18", code="C11.9"),
        "non_hodgkin_lymphoma": _condition_on(
            "own", "Diffuse large B-cell lymphoma", "2026-03-18", code="C83.3"
        ),
    }[cancer_types[0]]
    other = _condition_on("other", text, "2025-06-02")
    facts = build_facts(
        [PATIENT, trial_cancer, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 5 years",
        section="exclusion",
        within_years=5,
        excepted=("non_melanoma_skin", "in_situ"),
        cancer_types=cancer_types,
    )
    result = evaluate_criterion(criterion, facts)
    assert result.status is status
    if status is CriterionStatus.UNKNOWN:
        assert result.to_settle is not None
        assert "another cancer" in result.to_settle


@pytest.mark.parametrize(
    ("text", "excepted", "status"),
    [
        ("Lentigo maligna of left cheek", (), CriterionStatus.NOT_MET),
        ("Lentigo maligna of left cheek", ("in_situ",), CriterionStatus.MET),
        ("Non-invasive papillary urothelial carcinoma", (), CriterionStatus.NOT_MET),
        ("Non-invasive papillary urothelial carcinoma", ("in_situ",), CriterionStatus.MET),
        ("膀胱非浸润性乳头状尿路上皮癌", ("in_situ",), CriterionStatus.MET),
        ("Invasive papillary urothelial carcinoma", ("in_situ",), CriterionStatus.NOT_MET),
    ],
)
def test_mal_other_a_lentigo_maligna_or_non_invasive_papillary_carcinoma_is_in_situ(
    text: str, excepted: tuple[Any, ...], status: CriterionStatus
) -> None:
    """MAL-OTHER, DX-PLACE: a lentigo maligna (melanoma in situ) or a non-invasive papillary
    urothelial carcinoma (pTa) of 2025 beside the NPC: excepted where the trial excepts in situ
    carcinomas, another malignancy where it does not. Before 7 December 2026 (twenty-fifth
    session, cancers6) the lentigo maligna was no cancer (met either way) and the papillary
    carcinoma an invasive bladder cancer ("non-invasive" read as invasion: never excepted)."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    other = _condition_on("other", text, "2025-06-02")
    facts = build_facts(
        [PATIENT, npc, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 5 years",
        section="exclusion",
        within_years=5,
        excepted=excepted,
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    assert evaluate_criterion(criterion, facts).status is status


@pytest.mark.parametrize(
    ("text", "beside_npc", "alone"),
    [
        # Named metastatic, with no organ of a primary: the NPC's spread beside it (an SCC may
        # be the NPC), a cancer not placed alone.
        ("颈部淋巴结转移性鳞癌", [NPC], [(None, "solid_tumor")]),
        ("左颈淋巴结转移性鳞状细胞癌", [NPC], [(None, "solid_tumor")]),
        ("骨转移性鳞癌", [NPC], [(None, "solid_tumor")]),
        # An adenocarcinoma is never the NPC: another cancer's metastasis, so another cancer.
        ("肝转移性腺癌", [NPC, None], [(None, "solid_tumor")]),
    ],
)
def test_dx_place_a_histology_named_metastatic_is_the_spread_of_a_cancer_it_may_be(
    text: str, beside_npc: list[str | None], alone: list[tuple[str | None, str | None]]
) -> None:
    """DX-PLACE, STG-NODES: a carcinoma named by its histology alone whose words name its
    spread ("颈部淋巴结转移性鳞癌") is, beside a primary its histology may be, that cancer's
    spread (read as a secondary, as before 7 December 2026); alone, a cancer not placed
    (twenty-fifth session, cancers6)."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    other = _condition_on("other", text, "2026-03-20")
    facts = build_facts(
        [PATIENT, npc, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [d.cancer_type for d in facts.diagnoses] == beside_npc
    alone_facts = build_facts(
        [PATIENT, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [(d.cancer_type, d.within) for d in alone_facts.diagnoses] == alone


@pytest.mark.parametrize(
    "text",
    [
        "涎腺癌",
        "唾液腺癌",
        "涎腺导管癌",
        "腮腺癌",
        "左腮腺黏液表皮样癌",
        "腮腺腺泡细胞癌",
        "腮腺多形性腺瘤癌变",
        "腮腺恶性肿瘤",
        "颌下腺癌",
        "右下颌下腺腺样囊性癌",
        "颌下腺恶性肿瘤",
        "舌下腺癌",
        "Salivary gland carcinoma",
        "Parotid carcinoma",
        "Submandibular gland carcinoma",
        "Carcinoma of submandibular gland",
        "Sublingual gland cancer",
    ],
)
def test_dx_place_a_salivary_gland_carcinoma_named_by_its_gland_is_placed(text: str) -> None:
    """DX-PLACE: a carcinoma of a salivary gland named by its gland (涎腺, 唾液腺, 腮腺, 颌下腺,
    舌下腺; the parotid, submandibular and sublingual glands, ICD-10 C07-C08) is a salivary
    gland cancer, another head and neck cancer beside an NPC. Before 7 December 2026
    (twenty-sixth session, cancers7) only 腮腺癌 and the English salivary and parotid words were
    read: 涎腺癌 and 颌下腺癌 were an adenocarcinoma of no organ (腺癌), 腮腺腺泡细胞癌 and
    "Submandibular gland carcinoma" no cancer at all, 腮腺恶性肿瘤 a malignancy of any kind."""
    assert _diagnosis({"text": text}).cancer_type == "salivary_gland_cancer"


@pytest.mark.parametrize(
    "text", ["腮腺多形性腺瘤", "腮腺炎", "腮腺淋巴结转移性鳞癌", "鼻咽癌腮腺转移", "胰腺腺泡细胞癌"]
)
def test_dx_place_salivary_gland_words_that_name_no_salivary_cancer(text: str) -> None:
    """DX-PLACE: a benign tumour or inflammation of a salivary gland is no cancer, a metastasis
    to the parotid nodes or the parotid is no salivary gland cancer, and the pancreas's acinar
    cell carcinoma is the pancreas's (twenty-sixth session, cancers7)."""
    facts = build_facts(
        [PATIENT, _condition_on("c1", text, "2026-03-20")],
        patient_id="p1",
        as_of=AS_OF,
        cache=ValidationCache(),
    ).facts
    assert "salivary_gland_cancer" not in [d.cancer_type for d in facts.diagnoses]


@pytest.mark.parametrize(
    ("text", "placed"),
    [
        ("SCC of tongue", ("oral_cavity_cancer", None)),
        ("Tongue SCC", ("oral_cavity_cancer", None)),
        ("Lung SCC", ("lung_cancer", None)),
        ("cSCC of scalp", ("non_melanoma_skin_cancer", None)),
        ("鼻咽SCC", ("nasopharyngeal_carcinoma", None)),
        ("Metastatic SCC", (None, "solid_tumor")),
        ("Metastatic SCC of unknown primary", (None, "solid_tumor")),
    ],
)
def test_dx_place_scc_written_with_other_words_is_a_squamous_cell_carcinoma(
    text: str, placed: tuple[str | None, str | None]
) -> None:
    """DX-PLACE: "SCC" with an organ or "metastatic" beside it is a squamous cell carcinoma as
    clinicians abbreviate it: the organ's cancer, or, naming none, a carcinoma named by its
    histology alone. Before 7 December 2026 (twenty-sixth session, cancers7) none of these was
    a cancer: "SCC of tongue" of 2015 never asked whether the neck was irradiated, and "Metastatic
    SCC" met an exclusion of other cancers."""
    diagnosis = _diagnosis({"text": text})
    assert (diagnosis.cancer_type, diagnosis.within) == placed


@pytest.mark.parametrize(
    "text",
    [
        "SCC",
        "SCC升高",
        "SCC 升高",
        "SCC: 5.2",
        "SCC-Ag 3.2 ng/mL",
        "SCC antigen elevated",
        "SCCA elevated",
        "Squamous cell carcinoma antigen elevated",
        "鳞状细胞癌相关抗原升高",
        "鳞癌抗原升高",
    ],
)
def test_dx_place_the_scc_antigen_is_no_cancer(text: str) -> None:
    """DX-PLACE: the squamous cell carcinoma antigen (SCC-Ag), a tumour marker, is no cancer,
    and "SCC" alone may be its test: a lab's name is never read as a cancer. Before 7 December
    2026 (twenty-sixth session, cancers7) "Squamous cell carcinoma antigen elevated" and
    鳞状细胞癌相关抗原升高 were a carcinoma of no organ, asked about as another cancer."""
    facts = build_facts(
        [PATIENT, _condition_on("c1", text, "2026-09-20")],
        patient_id="p1",
        as_of=AS_OF,
        cache=ValidationCache(),
    ).facts
    assert facts.diagnoses == ()


def test_dx_place_the_scc_antigen_beside_a_cancer_leaves_the_cancer() -> None:
    """DX-PLACE: a marker named beside a cancer takes nothing from it."""
    assert _diagnosis({"text": "肺鳞癌，SCC升高"}).cancer_type == "non_small_cell_lung_cancer"


@pytest.mark.parametrize(
    "text",
    ["Metastatic SCC", "Metastatic squamous cell carcinoma", "转移性鳞癌", "转移性鳞状细胞癌"],
)
def test_mal_other_a_metastatic_scc_naming_no_site_beside_an_npc_is_asked(text: str) -> None:
    """MAL-OTHER, DX-PLACE: a metastatic squamous cell carcinoma naming no site, entered two
    days after the NPC, is most likely the NPC's (a keratinizing or non-keratinizing squamous
    cell carcinoma, WHO) but may be another primary's metastasis (lung, oesophagus): asked,
    never met and never not met (twenty-sixth session, cancers7: "Metastatic SCC" met before)."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    facts = build_facts(
        [PATIENT, npc, _condition_on("other", text, "2026-03-20")],
        patient_id="p1",
        as_of=AS_OF,
        cache=ValidationCache(),
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 3 years",
        section="exclusion",
        within_years=3,
        excepted=("non_melanoma_skin", "in_situ"),
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    result = evaluate_criterion(criterion, facts)
    assert result.status is CriterionStatus.UNKNOWN
    assert result.to_settle is not None
    assert "another cancer" in result.to_settle


@pytest.mark.parametrize("text", ["转移性鳞癌", "转移性低分化鳞状细胞癌"])
def test_dx_place_a_histology_called_metastatic_with_no_site_is_a_cancer_not_placed(
    text: str,
) -> None:
    """DX-PLACE: a squamous cell carcinoma called metastatic with no site ("转移性鳞癌") is, beside
    an NPC, a cancer not placed — the NPC's spread or another primary's metastasis — as
    "Metastatic squamous cell carcinoma" is; with its `bodySite` naming the neck nodes it is the
    NPC's nodal spread. Before 7 December 2026 (twenty-sixth session, cancers7) it was always
    the NPC's spread, and met an exclusion of other cancers where the coordinator asks."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    other = _condition_on("other", text, "2026-03-20")
    facts = build_facts(
        [PATIENT, npc, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [(d.cancer_type, d.within) for d in facts.diagnoses] == [
        (NPC, None),
        (None, "solid_tumor"),
    ]
    other["bodySite"] = [{"text": "颈部淋巴结"}]
    sited = build_facts(
        [PATIENT, npc, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [d.cancer_type for d in sited.diagnoses] == [NPC]


@pytest.mark.parametrize(
    ("text", "may_be", "cannot_be"),
    [
        ("小细胞癌", "small_cell_lung_cancer", NPC),
        ("Small cell carcinoma", "neuroendocrine_tumor", NPC),
        ("Squamous cell carcinoma", NPC, "hepatocellular_carcinoma"),
        ("鳞癌", NPC, "renal_cell_carcinoma"),
        ("Metastatic SCC", NPC, "small_cell_lung_cancer"),
    ],
)
def test_dx_place_a_histology_alone_may_be_only_the_cancers_that_have_it(
    text: str, may_be: str, cannot_be: str
) -> None:
    """DX-PLACE (`histology_sites.csv`): a small cell carcinoma naming no organ is never an NPC
    (keratinizing, non-keratinizing or basaloid squamous cell carcinoma, WHO), and a squamous
    cell carcinoma never a cancer its own morphology defines (hepatocellular, renal cell, small
    cell lung carcinoma). Before 7 December 2026 (twenty-sixth session, cancers7) both might be
    any cancer: 小细胞癌 beside an NPC was read as the NPC entered again."""
    groups = _diagnosis({"text": text}).histology_may_be
    taxonomy = default_taxonomy()
    assert any(taxonomy.related(may_be, group) for group in groups)
    assert not any(taxonomy.related(cannot_be, group) for group in groups)


@pytest.mark.parametrize(
    ("primary", "text", "entered_again"),
    [
        (_condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9"), "小细胞癌", None),
        (
            _condition_on("hcc", "Hepatocellular carcinoma", "2026-03-18", code="C22.0"),
            "Squamous cell carcinoma",
            None,
        ),
        (_condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9"), "鳞状细胞癌", NPC),
    ],
)
def test_lot_cancer_a_histology_the_placed_cancer_cannot_have_is_not_it_entered_again(
    primary: dict[str, Any], text: str, entered_again: str | None
) -> None:
    """LOT-CANCER, DX-PLACE: beside an NPC, 小细胞癌 entered two days after is a cancer of its
    own, not the NPC entered again, and beside a hepatocellular carcinoma so is a squamous cell
    carcinoma; a squamous cell carcinoma beside an NPC is still the NPC entered again
    (twenty-sixth session, cancers7)."""
    facts = build_facts(
        [PATIENT, primary, _condition_on("other", text, "2026-03-20")],
        patient_id="p1",
        as_of=AS_OF,
        cache=ValidationCache(),
    ).facts
    placed, unplaced = facts.diagnoses
    assert placed.cancer_type is not None
    assert entered_again_of(unplaced, [placed.cancer_type], facts.diagnoses) == entered_again


@pytest.mark.parametrize(
    ("code", "placed"),
    [
        ({"text": "Appendiceal carcinoma"}, (None, "gastrointestinal_cancer")),
        ({"text": "Adenocarcinoma of the appendix"}, (None, "gastrointestinal_cancer")),
        ({"text": "阑尾癌"}, (None, "gastrointestinal_cancer")),
        ({"text": "阑尾黏液腺癌"}, (None, "gastrointestinal_cancer")),
        ({"text": "Carcinoma of penis"}, (None, "genitourinary_cancer")),
        ({"text": "阴茎鳞状细胞癌"}, (None, "genitourinary_cancer")),
        ({"text": "Vulvar cancer"}, (None, "gynecologic_cancer")),
        ({"text": "外阴鳞癌"}, (None, "gynecologic_cancer")),
        ({"text": "Vaginal cancer"}, (None, "gynecologic_cancer")),
        ({"text": "Thymic carcinoma"}, (None, "solid_tumor")),
        ({"text": "胸腺癌"}, (None, "solid_tumor")),
        ({"text": "Acinic cell carcinoma"}, ("salivary_gland_cancer", None)),
        ({"text": "Carcinoma ex pleomorphic adenoma"}, ("salivary_gland_cancer", None)),
        (
            {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C51.9"}]},
            (None, "gynecologic_cancer"),
        ),
        (
            {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C60.9"}]},
            (None, "genitourinary_cancer"),
        ),
        (
            {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C37"}]},
            (None, "solid_tumor"),
        ),
        # An organ no row names: a malignancy naming no site, never no cancer.
        ({"text": "Carcinoma of unknown primary"}, (None, None)),
        ({"text": "肾盂癌"}, (None, None)),
    ],
)
def test_dx_place_a_carcinoma_of_an_organ_no_row_names_is_a_cancer(
    code: dict[str, Any], placed: tuple[str | None, str | None]
) -> None:
    """DX-PLACE (twenty-sixth session, cancers8): a carcinoma of an organ the taxonomy has no
    node for is placed at the node that holds it — the appendix a gastrointestinal cancer, the
    penis a genitourinary one, the vulva and vagina gynaecologic, the thymus some solid tumour;
    acinic cell carcinoma and carcinoma ex pleomorphic adenoma are salivary gland carcinomas;
    any other carcinoma or cancer word is a malignancy naming no site. Before it each was no
    cancer at all (an other-malignancy exclusion met, an unsafe met), and 胸腺癌 a glandular
    adenocarcinoma of no organ."""
    diagnosis = _diagnosis(code)
    assert (diagnosis.cancer_type, diagnosis.within) == placed
    # 胸腺癌 is a thymic carcinoma, not a glandular 腺癌 that may be a lung cancer.
    assert _diagnosis({"text": "胸腺癌"}).histology_may_be == ()


@pytest.mark.parametrize(
    "text",
    [
        "癌痛",
        "癌性疼痛",
        "癌症疼痛（中度）",
        "Cancer pain",
        "癌胚抗原升高",
        "Carcinoembryonic antigen elevated",
        "慢性萎缩性胃炎伴肠化（癌前病变）",
        "Precancerous lesion of stomach",
        "宫颈癌筛查",
        "癌症筛查",
        "Family history of cancer",
        "Colon polyp, no evidence of carcinoma",
        "胃镜活检：慢性炎，未见癌",
        "Benign breast tumor",
        "乳腺良性肿瘤",
        "Appendicitis",
        "Thymic hyperplasia",
        "Increased cancer risk",
        "癌症高危人群",
    ],
)
def test_dx_place_words_naming_no_cancer_of_their_own_are_no_cancer(text: str) -> None:
    """DX-PLACE, MAL-OTHER (twenty-sixth session, cancers8): the catch-all that reads any
    carcinoma or cancer word turns no non-cancer into a cancer — the known cancer's pain, a
    tumour marker, a precancerous lesion, a screening, a relative's cancer, a malignancy
    denied, a benign tumour (before it "Colon polyp, no evidence of carcinoma" and "Benign
    breast tumor" were a colorectal and a breast cancer, a wrong exclusion, and 癌症疼痛 a
    cancer naming no site). (twenty-sixth session, cancers9) A carcinoid (类癌) is now read, a
    neuroendocrine tumour: `test_dx_place_a_carcinoid_is_a_neuroendocrine_tumour`."""
    assert _diagnoses(text) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("癌因性疲乏", ()),
        ("癌症相关性贫血", ()),
        ("癌相关性贫血", ()),
        ("Cancer cachexia", ()),
        ("cancer fatigue", ()),
        ("Cancer anaemia", ()),
        # an organ named before the cancer is still that organ's cancer
        ("肺癌相关性贫血", ("lung_cancer",)),
        ("胃癌因性疲乏", ("gastric_cancer",)),
        ("Lung cancer cachexia", ("lung_cancer",)),
    ],
)
def test_mal_other_a_cancers_symptom_names_no_cancer_of_its_own(
    text: str, read: tuple[str, ...]
) -> None:
    """MAL-OTHER, DX-PLACE (twenty-sixth session's second red-team review): the known
    cancer's fatigue, anaemia or cachexia written with 癌 or "cancer" and no organ (癌因性疲乏,
    癌症相关性贫血, "Cancer cachexia") names no cancer — before it each was a cancer naming no
    site, asked about as another cancer; one whose organ is named stays that organ's."""
    assert cancer_concepts(CodedText(text=text)) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Breast cancer-related lymphedema, left arm", ("breast_cancer",)),
        ("Breast cancer related lymphoedema", ("breast_cancer",)),
        ("Lung cancer-associated thrombosis", ("lung_cancer",)),
        ("Cancer-related pain", ()),
        ("Chronic cancer-related pain", ()),
        ("Severe cancer pain", ()),
        ("Fatigue, cancer-related", ()),
    ],
)
def test_mal_other_an_organs_cancer_related_words_keep_its_cancer(
    text: str, read: tuple[str, ...]
) -> None:
    """MAL-OTHER, DX-PLACE (twenty-sixth session's second red-team review): "cancer-related"
    after an organ's word is that organ's cancer — "Breast cancer-related lymphedema" names a
    breast cancer (before it the words were taken out with the organ, no cancer was read and an
    exclusion of other cancers was met, an unsafe met); with no word but a grade before it, it
    names no cancer of its own."""
    assert cancer_concepts(CodedText(text=text)) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("鼻咽癌，癌痛", [(NPC, None)]),
        ("鼻咽癌骨转移，癌性疼痛", [(NPC, None)]),
        ("Benign prostatic hyperplasia; prostate cancer", [("prostate_cancer", None)]),
        (
            "Breast cancer s/p neoadjuvant chemotherapy, no residual carcinoma",
            [("breast_cancer", None)],
        ),
    ],
)
def test_dx_place_a_cancer_named_beside_words_naming_none_stays(
    text: str, read: list[tuple[str | None, str | None]]
) -> None:
    """DX-PLACE (twenty-sixth session, cancers8): the words taken out are only those naming no
    cancer; a cancer named beside them is read as before."""
    assert _diagnoses(text) == read


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Appendiceal carcinoma", CriterionStatus.NOT_MET),
        ("阑尾癌", CriterionStatus.NOT_MET),
        ("Carcinoma of penis", CriterionStatus.NOT_MET),
        ("Vulvar cancer", CriterionStatus.NOT_MET),
        ("Acinic cell carcinoma", CriterionStatus.NOT_MET),
        ("Carcinoma ex pleomorphic adenoma", CriterionStatus.NOT_MET),
        # No node holds the thymus: some solid tumour, which may be the NPC recorded vaguely
        # for all the table knows: asked, never met.
        ("Thymic carcinoma", CriterionStatus.UNKNOWN),
        ("胸腺癌", CriterionStatus.UNKNOWN),
        ("Carcinoma of unknown primary", CriterionStatus.UNKNOWN),
        ("癌痛", CriterionStatus.MET),
        ("癌胚抗原升高", CriterionStatus.MET),
        ("Colon polyp, no evidence of carcinoma", CriterionStatus.MET),
        ("Benign breast tumor", CriterionStatus.MET),
    ],
)
def test_mal_other_a_carcinoma_of_an_organ_no_row_names_is_never_met(
    text: str, status: CriterionStatus
) -> None:
    """MAL-OTHER, DX-PLACE (twenty-sixth session, cancers8): a carcinoma of 2025 whose organ
    no row named, beside an NPC of 2026, excludes or is asked about — never met, as each was
    before (an unsafe met) — and words naming no cancer still meet the criterion."""
    result = _other_malignancy_beside_npc(text, "2025-06-02")
    assert result.status is status
    if status is CriterionStatus.UNKNOWN:
        assert result.to_settle is not None
        assert "another cancer" in result.to_settle


@pytest.mark.parametrize(
    "text",
    [
        # Charts `rw_parotid_fna_metastatic_scc_beside_npc`,
        # `rw_metastatic_scc_to_right_parotid_beside_npc`.
        "Right parotid, FNA: metastatic SCC",
        "Metastatic SCC to right parotid",
        "Metastatic squamous cell carcinoma, right parotid",
        "Metastatic squamous cell carcinoma to the right parotid gland",
        "Metastatic poorly differentiated squamous cell carcinoma, right submandibular gland",
        "Metastatic squamous cell carcinoma, lung",
        "Liver, biopsy: metastatic adenocarcinoma",
    ],
)
def test_dx_place_a_histology_called_metastatic_is_not_placed_where_it_was_found(
    text: str,
) -> None:
    """DX-PLACE (twenty-sixth session's red-team review): a carcinoma called metastatic by its
    histology alone is not placed at the organ it was found in — the parotid, the lung, the
    liver — which is the metastasis's site: a carcinoma naming no organ (before it, an NPC's
    parotid node read as a salivary gland primary, excluded as another cancer)."""
    diagnosis = _diagnosis({"text": text})
    assert (diagnosis.cancer_type, diagnosis.within) == (None, "solid_tumor")


@pytest.mark.parametrize(
    ("text", "placed"),
    [
        ("Metastatic nasopharyngeal carcinoma", "nasopharyngeal_carcinoma"),
        ("Metastatic NPC to right parotid", "nasopharyngeal_carcinoma"),
        ("Metastatic lung adenocarcinoma", "lung_cancer"),
        ("Metastatic adenocarcinoma of lung", "lung_cancer"),
        ("Metastatic SCC, right parotid (from NPC)", "nasopharyngeal_carcinoma"),
        ("Parotid gland adenoid cystic carcinoma", "salivary_gland_cancer"),
    ],
)
def test_dx_place_a_metastatic_cancer_named_by_its_organ_or_origin_stays_placed(
    text: str, placed: str
) -> None:
    """DX-PLACE: an organ in the metastatic cancer's own name, or its origin ("of", "from"),
    still places it (twenty-sixth session's red-team review)."""
    assert _diagnosis({"text": text}).cancer_type == placed


@pytest.mark.parametrize(
    "text",
    [
        # Charts `rw_high_risk_for_breast_cancer`, `rw_brca1_carrier_high_risk_of_breast_cancer`.
        "High risk for breast cancer",
        "BRCA1 carrier, high risk of breast cancer",
        "Increased risk of developing ovarian cancer",
        "At risk for colorectal cancer",
        "乳腺癌高危",
        "Family history of breast cancer",
    ],
)
def test_dx_place_a_risk_of_a_cancer_named_by_its_organ_is_no_cancer(text: str) -> None:
    """DX-PLACE (twenty-sixth session, cancers9): a risk of a cancer, its organ named, is no
    cancer. Before it "High risk for breast cancer" was read by the breast row as a breast
    cancer: an exclusion of other cancers not met, a wrong exclusion, and the NPC's line
    unattributed beside it."""
    assert _diagnoses(text) == []


@pytest.mark.parametrize(
    ("text", "placed"),
    [
        ("Risk of breast cancer recurrence", "breast_cancer"),
        ("High-risk breast cancer", "breast_cancer"),
        ("Breast cancer, high risk", "breast_cancer"),
        ("乳腺癌（高危）", "breast_cancer"),
        ("At risk for breast cancer metastasis", "breast_cancer"),
    ],
)
def test_dx_place_a_cancer_of_high_risk_or_its_recurrence_risk_stays(
    text: str, placed: str
) -> None:
    """DX-PLACE (twenty-sixth session, cancers9): a cancer graded high risk, or the risk of its
    recurrence or spread, says the patient has or had it: still that cancer."""
    assert _diagnosis({"text": text}).cancer_type == placed


def test_dx_place_a_risk_beside_a_cancer_leaves_the_cancer() -> None:
    """DX-PLACE (twenty-sixth session, cancers9): the risk words take nothing from a cancer
    named beside them."""
    assert _diagnoses("鼻咽癌；High risk of ovarian cancer") == [(NPC, None)]


@pytest.mark.parametrize(
    "text",
    # Chart `rw_scc_marker_positive_chinese`.
    ["肿瘤标志物：SCC(+)", "SCC（+）", "SCC(-)", "SCC (+)", "Tumor markers: SCC +", "SCC-positive"],
)
def test_dx_place_the_scc_antigen_result_written_as_a_sign_is_no_cancer(text: str) -> None:
    """DX-PLACE (twenty-sixth session, cancers9): "SCC" followed by its result written as a
    sign, (+) or (-), is the squamous cell carcinoma antigen's test, no cancer. Before it
    "肿瘤标志物：SCC(+)" was a carcinoma naming no organ, asked about as another cancer."""
    assert _diagnoses(text) == []


@pytest.mark.parametrize(
    ("text", "placed"),
    [
        # Chart `rw_lung_scc_dash_lobectomy_beside_npc`.
        ("Lung SCC - RUL lobectomy 2024", "lung_cancer"),
        ("SCC - right lung, lobectomy 2024", "lung_cancer"),
        ("Oesophageal SCC – ESD 2025", "esophageal_cancer"),
    ],
)
def test_dx_place_scc_before_a_dash_separator_is_a_carcinoma(text: str, placed: str) -> None:
    """DX-PLACE (twenty-seventh session, red-team review): a problem list's dash after "SCC"
    parts the diagnosis from its site or surgery; only a minus ending the words or its bracket
    ("SCC(-)", "SCC -，CEA -") is the antigen's negative result. Before it "Lung SCC - RUL
    lobectomy 2024" was no cancer at all, a lung cancer lost to a trial excluding others."""
    assert _diagnosis({"text": text}).cancer_type == placed


@pytest.mark.parametrize("text", ["SCC -", "SCC -，CEA -", "SCC: -", "SCC（－）", "SCC −"])
def test_dx_place_the_scc_antigen_minus_ending_the_words_is_no_cancer(text: str) -> None:
    """DX-PLACE (twenty-seventh session, red-team review): the antigen's negative result stays
    no cancer where the minus ends the words or its bracket."""
    assert _diagnoses(text) == []


def test_dx_place_metastatic_scc_before_a_dash_and_a_site_is_placed_nowhere() -> None:
    """DX-PLACE (twenty-seventh session, red-team review): "Metastatic SCC - right parotid" is
    a squamous carcinoma called metastatic, found in the parotid (chart
    `rw_metastatic_scc_dash_right_parotid_beside_npc`); before it the SCC was read as the
    antigen and "Metastatic - right parotid" a salivary gland primary."""
    assert _diagnosis({"text": "Metastatic SCC - right parotid"}).cancer_type != (
        "salivary_gland_cancer"
    )


@pytest.mark.parametrize(
    ("text", "placed"),
    [("SCC of tongue (+)", "oral_cavity_cancer"), ("SCC-like carcinoma, lung", "lung_cancer")],
)
def test_dx_place_scc_beside_a_sign_and_an_organ_stays_a_carcinoma(text: str, placed: str) -> None:
    """DX-PLACE (twenty-sixth session, cancers9): only a sign right after "SCC" is the
    antigen's result."""
    assert _diagnosis({"text": text}).cancer_type == placed


@pytest.mark.parametrize(
    "text",
    [
        # Chart `rw_metastatic_carcinoma_right_parotid_beside_npc`.
        "Metastatic carcinoma, right parotid",
        "Metastatic cancer, right parotid",
        "Metastatic malignant tumor, right parotid",
        # Chart `rw_metastatic_tumour_right_parotid_beside_npc`.
        "Metastatic tumor, right parotid",
        "Metastatic tumour",
        # Chart `rw_metastatic_carcinoma_no_site_beside_npc`.
        "Metastatic carcinoma",
    ],
)
def test_dx_place_a_malignancy_called_metastatic_naming_no_histology_is_not_placed_where_found(
    text: str,
) -> None:
    """DX-PLACE (twenty-sixth session, cancers9): a malignancy called metastatic that names no
    histology is, as one named by its histology alone, not placed at the organ it was found in:
    a malignancy naming no site. Before it "Metastatic cancer, right parotid" and "Metastatic
    malignant tumor, right parotid" were a salivary gland primary (a wrong exclusion)."""
    assert _diagnoses(text) == [(None, None)]
    assert _diagnosis({"text": text}).cancer_type is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Metastatic carcinoma", CriterionStatus.UNKNOWN),
        ("Metastatic carcinoma, right parotid", CriterionStatus.UNKNOWN),
        ("Metastatic cancer, right parotid", CriterionStatus.UNKNOWN),
        ("Metastatic tumor, right parotid", CriterionStatus.UNKNOWN),
        ("High risk for breast cancer", CriterionStatus.MET),
        ("肿瘤标志物：SCC(+)", CriterionStatus.MET),
    ],
)
def test_mal_other_a_metastatic_carcinoma_naming_no_primary_beside_an_npc_is_asked(
    text: str, status: CriterionStatus
) -> None:
    """MAL-OTHER, DX-PLACE (twenty-sixth session, cancers9): a malignancy called metastatic
    naming neither its primary nor its histology, entered two days after the NPC, is most
    likely the NPC's spread but may be another primary's: asked, never excluded on nor passed;
    a risk of a cancer and the SCC antigen's result are no cancer."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    facts = build_facts(
        [PATIENT, npc, _condition_on("other", text, "2026-03-20")],
        patient_id="p1",
        as_of=AS_OF,
        cache=ValidationCache(),
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 3 years",
        section="exclusion",
        within_years=3,
        excepted=("non_melanoma_skin", "in_situ"),
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    result = evaluate_criterion(criterion, facts)
    assert result.status is status
    if status is CriterionStatus.UNKNOWN:
        assert result.to_settle is not None
        assert "another cancer" in result.to_settle


@pytest.mark.parametrize(
    "text",
    [
        # Charts `rw_appendiceal_carcinoid_chinese_beside_npc`,
        # `rw_carcinoid_tumor_english_beside_npc`.
        "阑尾类癌",
        "Carcinoid tumor",
        "Carcinoid tumor of appendix",
        "类癌",
    ],
)
def test_dx_place_a_carcinoid_is_a_neuroendocrine_tumour(text: str) -> None:
    """DX-PLACE (twenty-sixth session, cancers9): a carcinoid is a well-differentiated
    neuroendocrine tumour (WHO; ICD-O behaviour /3). Before it "阑尾类癌" and "Carcinoid tumor"
    were no cancer at all: an exclusion of other cancers met, an unsafe met."""
    assert _diagnosis({"text": text}).cancer_type == "neuroendocrine_tumor"


@pytest.mark.parametrize(
    # Chart `rw_thymoma_chinese_beside_npc`.
    "text",
    ["胸腺瘤（B2型）术后", "胸腺瘤", "Thymoma", "Thymoma type AB, resected"],
)
def test_dx_place_a_thymoma_is_a_tumour_of_the_thymus(text: str) -> None:
    """DX-PLACE (twenty-sixth session, cancers9): a thymoma is placed as a thymic carcinoma is,
    some solid tumour (no node holds the thymus): malignant by the WHO classification since
    2015, though ICD-10-CM indexes thymoma NOS as benign. Before it, no cancer at all."""
    diagnosis = _diagnosis({"text": text})
    assert (diagnosis.cancer_type, diagnosis.within) == (None, "solid_tumor")


@pytest.mark.parametrize("text", ["Thymic cyst", "胸腺增生", "良性胸腺瘤"])
def test_dx_place_the_thymus_named_without_a_thymoma_is_no_cancer(text: str) -> None:
    """DX-PLACE (twenty-sixth session, cancers9): a thymic cyst or hyperplasia, or a thymoma
    the words call benign in Chinese, is no cancer."""
    assert _diagnoses(text) == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("胸腺瘤（B2型）术后", CriterionStatus.UNKNOWN),
        ("Thymoma", CriterionStatus.UNKNOWN),
        ("阑尾类癌", CriterionStatus.NOT_MET),
        ("Carcinoid tumor", CriterionStatus.NOT_MET),
    ],
)
def test_mal_other_a_thymoma_is_asked_and_a_carcinoid_excludes(
    text: str, status: CriterionStatus
) -> None:
    """MAL-OTHER (twenty-sixth session, cancers9): a thymoma of 2025 beside an NPC of 2026 is
    asked about (its malignancy is settled by WHO, not by ICD-10-CM's index), a carcinoid of
    2025 excludes as any neuroendocrine tumour; before it both met the criterion (unsafe mets)."""
    assert _other_malignancy_beside_npc(text, "2025-01-15").status is status


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Charts `rw_malignancy_related_anaemia_chinese`, `rw_hypercalcaemia_of_malignancy_english`.
        ("恶性肿瘤相关性贫血", ()),
        ("恶性肿瘤相关高钙血症", ()),
        ("Hypercalcemia of malignancy", ()),
        ("Malignancy-related anemia", ()),
        ("Anaemia of cancer", ()),
        ("Metastatic cancer-related pain", ()),
        # an organ named stays that organ's cancer
        ("鼻咽恶性肿瘤相关性贫血", ("nasopharyngeal_carcinoma",)),
        ("Lung malignancy-related anemia", ("lung_cancer",)),
        ("Pain of cancer of the breast", ("breast_cancer",)),
        ("Hypercalcemia of malignancy (breast cancer)", ("breast_cancer",)),
    ],
)
def test_mal_other_a_malignancys_complication_names_no_cancer_of_its_own(
    text: str, read: tuple[str, ...]
) -> None:
    """MAL-OTHER, DX-PLACE (7 December 2026, twenty-seventh session, red-team review): the known
    cancer's anaemia or hypercalcaemia named by "malignancy" (恶性肿瘤相关性贫血, "Hypercalcemia
    of malignancy", "Malignancy-related anemia") names no cancer, as 癌症相关性贫血 does not —
    before it each was a malignancy naming no site, asked about as another cancer, a needless
    unknown where a trial excludes other cancers."""
    assert cancer_concepts(CodedText(text=text)) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Charts `rw_parotid_tumour_english_beside_npc`, `rw_warthin_tumour_of_parotid_beside_npc`,
        # `rw_parotid_mass_chinese_beside_npc`.
        ("Parotid tumor", ()),
        ("Warthin tumor of left parotid", ()),
        ("Salivary gland tumor", ()),
        ("Parotid gland neoplasm", ()),
        ("右腮腺肿物", ()),
        ("腮腺占位", ()),
        ("腮腺肿瘤", ()),
        ("腮腺多形性腺瘤", ()),
        # A malignant word in the entry names the gland's cancer, as before.
        ("Parotid carcinoma", ("salivary_gland_cancer",)),
        ("Malignant neoplasm of parotid gland", ("salivary_gland_cancer",)),
        ("Malignant parotid tumor", ("salivary_gland_cancer",)),
        ("Ca parotid", ("salivary_gland_cancer",)),
        ("Submandibular gland carcinoma", ("salivary_gland_cancer",)),
        ("腮腺恶性肿瘤", ("salivary_gland_cancer",)),
    ],
)
def test_dx_place_a_salivary_gland_tumour_naming_no_malignancy_is_no_cancer(
    text: str, read: tuple[str, ...]
) -> None:
    """DX-PLACE (twenty-seventh session, cancers10): a parotid or salivary gland tumour named
    with "tumor" or "neoplasm" alone, or a benign one (Warthin tumour), is no documented cancer —
    most parotid tumours are benign; before it "Parotid tumor" and "Warthin tumor of left
    parotid" were salivary gland cancers, a wrong exclusion on another-malignancy criteria."""
    assert cancer_concepts(CodedText(text=text)) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Charts `rw_cancer_follow_up_on_problem_list`,
        # `rw_portal_vein_tumour_thrombus_with_liver_metastases`.
        ("Cancer follow-up", ()),
        ("Cancer followup", ()),
        ("Cancer surveillance", ()),
        ("Follow-up after cancer", ()),
        ("癌症随访", ()),
        ("门静脉癌栓", ()),
        ("下腔静脉癌栓", ()),
        # An organ named before the cancer keeps its cancer.
        ("Breast cancer follow-up", ("breast_cancer",)),
        ("鼻咽癌随访", (NPC,)),
        ("肝癌伴门静脉癌栓", ("hepatocellular_carcinoma",)),
        ("乳腺浸润性导管癌，脉管内见癌栓", ("breast_cancer",)),
    ],
)
def test_mal_other_the_known_cancers_follow_up_or_tumour_thrombus_names_no_cancer(
    text: str, read: tuple[str, ...]
) -> None:
    """MAL-OTHER, DX-PLACE (twenty-seventh session, cancers10): the known cancer's follow-up (a
    visit's reason) and a tumour thrombus (its spread into a vein) name no cancer of their own;
    before it each was a cancer of no known site, asked about as another cancer."""
    assert cancer_concepts(CodedText(text=text)) == read


@pytest.mark.parametrize(
    ("text", "cancer_type"),
    [
        # Chart `rw_cancer_survivor_since_2019`.
        ("Cancer survivor", None),
        ("Breast cancer survivor", "breast_cancer"),
        ("Survivorship care: breast cancer", "breast_cancer"),
    ],
)
def test_dx_words_a_cancer_survivor_is_a_personal_history(
    text: str, cancer_type: str | None
) -> None:
    """DX-WORDS (twenty-seventh session, cancers10): a survivor of a cancer has a personal
    history of it — a prior malignancy (its cancer named or not), no current diagnosis beside
    the chart's NPC; before it "Cancer survivor" was a current cancer of no known site."""
    npc = _condition("npc", _coded(ICD10CM, "C11.9", "Nasopharyngeal carcinoma"))
    facts, priors = _prior_malignancies(text, npc)
    assert [d.cancer_type for d in facts.diagnoses] == [NPC]
    assert priors == [(cancer_type, ("Condition/old",))]


@pytest.mark.parametrize(
    ("text", "day", "status"),
    [
        ("Parotid tumor", "2025-01-15", CriterionStatus.MET),
        ("右腮腺肿物", "2026-03-20", CriterionStatus.MET),
        # A metastasis found in the parotid names no primary: asked (twenty-seventh session,
        # cancers11; cancers10 had read it as the NPC's, met).
        ("右腮腺转移癌", "2026-03-20", CriterionStatus.UNKNOWN),
        ("Metastatic carcinoma to liver", "2026-03-20", CriterionStatus.MET),
        ("Cancer follow-up", "2026-10-20", CriterionStatus.MET),
        ("门静脉癌栓", "2026-03-20", CriterionStatus.MET),
        ("双肺癌性淋巴管炎", "2026-03-20", CriterionStatus.MET),
        ("Cancer survivor", "2019-05-10", CriterionStatus.UNKNOWN),
        ("Carcinoid syndrome", "2025-01-15", CriterionStatus.NOT_MET),
        ("类癌综合征", "2025-01-15", CriterionStatus.NOT_MET),
    ],
)
def test_mal_other_other_cancers_words_beside_an_npc(
    text: str, day: str, status: CriterionStatus
) -> None:
    """MAL-OTHER (twenty-seventh session, cancers10): beside an NPC of 2026, a parotid tumour or
    mass naming no malignancy, a metastasis named by where it went, the known cancer's
    follow-up, tumour thrombus or lymphangitic spread is no other cancer; a "Cancer survivor"
    entry of 2019 is a history of a cancer it does not name, asked; a carcinoid syndrome of
    2025 is made by a neuroendocrine tumour present then, and excludes."""
    assert _other_malignancy_beside_npc(text, day).status is status


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Chart `rw_uterine_fibroid_tumour_beside_npc`.
        ("Uterine fibroid tumor", ()),
        ("Fibroid uterus", ()),
        ("Uterine fibroids", ()),
        # A cancer named beside the fibroid is still read.
        ("Endometrial carcinoma, uterine fibroids", ("endometrial_cancer",)),
        ("Uterine leiomyosarcoma", ("sarcoma",)),
    ],
)
def test_dx_place_a_fibroid_is_no_cancer(text: str, read: tuple[str, ...]) -> None:
    """DX-PLACE (twenty-seventh session, cancers10): a fibroid is a leiomyoma, benign; before
    it "Uterine fibroid tumor" was an endometrial cancer (its "uterine" and "tumor"), a wrong
    exclusion on another-malignancy criteria."""
    assert cancer_concepts(CodedText(text=text)) == read


# --- twenty-seventh session, cancers11 ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # Charts `rw_breast_tumour_english_beside_npc`, `rw_kidney_tumour_english_beside_npc`.
        "Breast tumor",
        "Thyroid tumor",
        "Lung tumor",
        "Bladder tumor",
        "Kidney tumor",
        "Ovarian tumor",
        "Lung neoplasm",
        "Tumor of uncertain behavior of breast",
        "膀胱肿瘤",
        "肺肿瘤",
        "鼻咽肿瘤",
        "Nasopharyngeal tumor",
    ],
)
def test_dx_place_a_tumour_named_with_no_malignant_word_is_no_cancer(text: str) -> None:
    """DX-PLACE (twenty-seventh session, cancers11): "tumour", "neoplasm" or 肿瘤 alone names
    no malignancy — most such entries are benign or not yet known. Before it "tumor" made most
    organs' cancers certain ("Breast tumor" a breast cancer) and 肿瘤 only the nasopharynx's
    ("鼻咽肿瘤" an NPC, "肺肿瘤" nothing)."""
    assert cancer_concepts(CodedText(text=text)) == ()


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Gastrointestinal stromal tumor", ("sarcoma",)),
        ("Neuroendocrine tumor of pancreas", ("pancreatic_cancer",)),
        ("神经内分泌肿瘤", ("neuroendocrine_tumor",)),
        ("Germ cell tumor", ("testicular_cancer",)),
        ("Malignant tumor of breast", ("breast_cancer",)),
        ("Breast tumor, malignant", ("breast_cancer",)),
        ("鼻咽恶性肿瘤", (NPC,)),
        ("Carcinoid tumor", ("neuroendocrine_tumor",)),
    ],
)
def test_dx_place_a_tumour_whose_own_name_is_a_malignancy_is_read(
    text: str, read: tuple[str, ...]
) -> None:
    """DX-PLACE (twenty-seventh session, cancers11): a tumour named as a malignancy — by
    "malignant" or 恶性, or by a name that is one (a GIST, a neuroendocrine or germ cell
    tumour) — is still read."""
    assert cancer_concepts(CodedText(text=text)) == read


def test_dx_place_a_charts_only_tumour_is_its_cancer_held_open() -> None:
    """DX-PLACE, DX-WORDS (twenty-seventh session, cancers11): a chart that records no cancer
    but "Nasopharyngeal tumor" (staged and treated, chart
    `rw_nasopharyngeal_tumour_text_only_staged_treated`) has an NPC whose histology is to be
    confirmed — unconfirmed, never no cancer (no card) nor a certain NPC; beside a cancer
    ("Breast tumor" beside the NPC) the tumour is no cancer of its own."""
    alone = _condition_on("t", "Nasopharyngeal tumor", "2026-03-18")
    assert _read(alone) == [(NPC, "unconfirmed", "Condition/t")]
    assert _read(_condition_on("t", "鼻咽肿瘤", "2026-03-18")) == [
        (NPC, "unconfirmed", "Condition/t")
    ]
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    breast = _condition_on("b", "Breast tumor", "2025-01-15")
    assert [cancer for cancer, _, _ in _read(npc, breast)] == [NPC]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Charts `rw_breast_malignant_neoplasm_chinese_icd_title_beside_npc`,
        # `rw_lung_malignant_neoplasm_chinese_icd_title_beside_npc`.
        ("乳房恶性肿瘤", ("breast_cancer",)),
        ("右乳恶性肿瘤", ("breast_cancer",)),
        ("胃恶性肿瘤", ("gastric_cancer",)),
        ("支气管和肺恶性肿瘤", ("lung_cancer",)),
        ("右肺上叶恶性肿瘤", ("lung_cancer",)),
        ("食管恶性肿瘤", ("esophageal_cancer",)),
        ("直肠恶性肿瘤", ("colorectal_cancer",)),
        ("甲状腺恶性肿瘤", ("thyroid_cancer",)),
        ("膀胱恶性肿瘤", ("bladder_cancer",)),
        ("卵巢恶性肿瘤", ("ovarian_cancer",)),
        ("肾恶性肿瘤", ("renal_cell_carcinoma",)),
        # The liver's title does not say primary or secondary (ICD-10-CM C22.9): no site.
        ("肝恶性肿瘤", ("within:",)),
        ("肾盂恶性肿瘤", ("within:",)),
        # A secondary stays a secondary; the NPC's own title stays the NPC's.
        ("肺继发恶性肿瘤", ("secondary",)),
        ("鼻咽恶性肿瘤伴肺继发恶性肿瘤", (NPC, "secondary")),
    ],
)
def test_dx_place_an_organs_chinese_icd10_title_is_its_cancer(
    text: str, read: tuple[str, ...]
) -> None:
    """DX-PLACE (twenty-seventh session, cancers11): an organ's ICD-10 title as Chinese problem
    lists write it (器官 + 恶性肿瘤, "malignant neoplasm of …") is that organ's cancer; before
    it "乳房恶性肿瘤", "胃恶性肿瘤" and "支气管和肺恶性肿瘤" were a malignancy naming no site."""
    assert cancer_concepts(CodedText(text=text)) == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Charts `rw_metastatic_carcinoma_to_right_parotid_beside_npc`,
        # `rw_parotid_metastatic_carcinoma_chinese_beside_npc`,
        # `rw_metastatic_carcinoma_right_parotid_beside_npc`,
        # `rw_metastatic_scc_to_right_parotid_beside_npc`,
        # `rw_parotid_fna_metastatic_scc_beside_npc`.
        ("Metastatic carcinoma to right parotid", ("within:",)),
        ("右腮腺转移癌", ("within:",)),
        ("Parotid metastasis", ("within:",)),
        ("Metastatic carcinoma, right parotid", ("within:",)),
        ("Metastatic SCC to right parotid", ("histology:carcinoma",)),
        ("Right parotid, FNA: metastatic SCC", ("histology:carcinoma",)),
        ("腮腺淋巴结转移性鳞癌", ("histology:carcinoma",)),
        ("右腮腺转移性腺癌", ("histology:carcinoma",)),
        # A primary named stays; a parotid carcinoma is the parotid's; a doubt stays a doubt.
        # Twenty-eighth session (STG-NODES): its parotid metastasis is nodes, not a distant site.
        ("鼻咽癌右腮腺转移", (NPC, "secondary_regional_nodes")),
        ("Metastatic NPC to right parotid", (NPC,)),
        ("Metastatic carcinoma from NPC to parotid", (NPC,)),
        ("腮腺癌伴肺转移", ("salivary_gland_cancer", "secondary")),
        ("Parotid carcinoma", ("salivary_gland_cancer",)),
        ("右腮腺肿物，转移待排", ("secondary",)),
        ("Parotid tumor", ()),
    ],
)
def test_dx_place_a_metastasis_found_in_the_parotid_names_no_primary(
    text: str, read: tuple[str, ...]
) -> None:
    """DX-PLACE (twenty-seventh session, cancers11): a metastasis found in the parotid names no
    primary, however it is written — the NPC reaches the parotid nodes in 1-3% of patients,
    while the parotid is where a skin cancer of the face and scalp most often spreads — and no
    distant metastasis (the parotid nodes are regional for the head and neck). Before it "…to
    right parotid" and "右腮腺转移癌" were a distant secondary of the NPC, the comma and "SCC"
    forms a carcinoma asked about."""
    assert cancer_concepts(CodedText(text=text)) == read


def test_stg_owner_a_parotid_metastasis_is_no_distant_spread_of_the_npc() -> None:
    """DX-PLACE, STG-OWNER (twenty-seventh session, cancers11): "右腮腺转移癌" beside an NPC
    staged cM0 makes no distant metastasis (chart `rw_parotid_metastasis_chinese_npc_stage_iii`):
    before it the entry read as the NPC recorded as metastatic, M1 whatever the stage, an unsafe
    met of the seed trial's `stage-m1`."""
    npc = _condition_on("npc", "鼻咽癌", "2026-03-18", code="C11.9")
    parotid = _condition_on("p", "右腮腺转移癌", "2026-03-20")
    facts = build_facts(
        [PATIENT, npc, parotid], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert facts.metastatic.value is not True
    assert not any(d.metastatic_since for d in facts.diagnoses)


@pytest.mark.parametrize(
    "text",
    [
        "Metastatic carcinoma to right parotid",
        "Metastatic carcinoma, right parotid",
        "Metastatic SCC to right parotid",
        "右腮腺转移癌",
        "腮腺淋巴结转移性鳞癌",
    ],
)
def test_mal_other_a_parotid_metastasis_beside_an_npc_is_asked(text: str) -> None:
    """MAL-OTHER (twenty-seventh session, cancers11): every wording of a metastasis found in
    the parotid beside an NPC is asked about — most likely the NPC's spread, perhaps a skin
    cancer's; before it "…to right parotid" and "右腮腺转移癌" passed as the NPC's."""
    own = _condition_on("own", "鼻咽癌", "2026-03-18", code="C11.9")
    other = _condition_on("other", text, "2026-03-20")
    facts = build_facts(
        [PATIENT, own, other], patient_id="p1", as_of=AS_OF, cache=ValidationCache()
    ).facts
    criterion = OtherMalignancyCriterion(
        id="o",
        label="No other malignancy within 3 years",
        section="exclusion",
        within_years=3,
        excepted=("non_melanoma_skin", "in_situ"),
        cancer_types=("nasopharyngeal_carcinoma",),
    )
    assert evaluate_criterion(criterion, facts).status is CriterionStatus.UNKNOWN


# --- twenty-eighth session, cancers12 -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Krukenberg tumour of left ovary",
        "Krukenberg tumor",
        "左卵巢Krukenberg瘤",
        "双侧卵巢库肯勃瘤",
    ],
)
def test_dx_place_a_krukenberg_tumour_is_a_cancer_of_another_primary(text: str) -> None:
    """DX-PLACE, MAL-OTHER (twenty-eighth session, cancers12): a Krukenberg tumour is a
    metastatic adenocarcinoma in the ovary from another primary (stomach, colon): a cancer whose
    organ is not recorded, never an ovarian primary and never the NPC (an adenocarcinoma) —
    another malignancy within the window, beside the NPC or two days after it (chart
    `rw_krukenberg_tumour_beside_npc`). Before it the
    words named no malignancy and the chart read as no other cancer, an unsafe eligible."""
    assert cancer_concepts(CodedText(text=text)) == ("histology:carcinoma",)
    assert _other_malignancy_beside_npc(text, "2025-06-10").status is CriterionStatus.NOT_MET
    assert _other_malignancy_beside_npc(text, "2026-03-20").status is CriterionStatus.NOT_MET
    # Listed `active` since 2015: whether it is still active is asked, as for any cancer.
    assert _other_malignancy_beside_npc(text, "2015-06-10").status is CriterionStatus.UNKNOWN


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # Charts `rw_breast_tumour_english_beside_npc`, `rw_kidney_tumour_english_beside_npc`.
        ("Breast tumor", CriterionStatus.UNKNOWN),
        ("Kidney tumor", CriterionStatus.UNKNOWN),
        ("Lung neoplasm", CriterionStatus.UNKNOWN),
        # Benign in its own words: no cancer (chart `rw_benign_breast_tumour_beside_npc`).
        ("Benign breast tumor", CriterionStatus.MET),
        ("Breast fibroadenoma", CriterionStatus.MET),
        ("乳腺良性肿瘤", CriterionStatus.MET),
        ("Uterine fibroid tumor", CriterionStatus.MET),
        # The NPC's own organ: the NPC named again.
        ("鼻咽肿瘤", CriterionStatus.MET),
        ("Nasopharyngeal tumor", CriterionStatus.MET),
    ],
)
def test_mal_other_a_tumour_named_with_no_malignant_or_benign_word_asks_its_histology(
    text: str, status: CriterionStatus
) -> None:
    """MAL-OTHER (twenty-eighth session, cancers12; the lead's decision): an organ's tumour
    named with neither a malignant nor a benign word beside an NPC is ambiguous for the
    other-malignancy exclusion — its histology is asked, never silently eligible (before it,
    met); a benign one, and one of the NPC's own organ, stay no other cancer."""
    result = _other_malignancy_beside_npc(text, "2025-01-15")
    assert result.status is status
    if status is CriterionStatus.UNKNOWN:
        assert result.to_settle == f"Record the histology of the {text}"


@pytest.mark.parametrize(
    "text", ["Lung metastasis or second primary lung cancer", "肺转移瘤或原发肺癌"]
)
def test_mal_other_a_differential_with_a_second_primary_is_asked(text: str) -> None:
    """MAL-OTHER, DX-WORDS (twenty-eighth session, cancers12): a lung metastasis or a second
    primary lung cancer beside an NPC is asked about — each reading decides the criterion
    otherwise; before it the entry was read as stated."""
    result = _other_malignancy_beside_npc(text, "2026-10-05")
    assert result.status is CriterionStatus.UNKNOWN


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # Charts `rw_breast_tumour_chinese_beside_npc`, `rw_thyroid_mass_chinese_beside_npc`,
        # `rw_lung_space_occupying_lesion_beside_metastatic_npc`,
        # `rw_renal_mass_english_beside_npc`.
        ("乳腺肿瘤", CriterionStatus.UNKNOWN),
        ("肾肿瘤", CriterionStatus.UNKNOWN),
        ("甲状腺肿物", CriterionStatus.UNKNOWN),
        ("肺占位", CriterionStatus.UNKNOWN),
        ("肝占位性病变", CriterionStatus.UNKNOWN),
        ("右乳外上象限肿块", CriterionStatus.UNKNOWN),
        ("Breast mass", CriterionStatus.UNKNOWN),
        ("Renal mass", CriterionStatus.UNKNOWN),
        ("Right lung mass", CriterionStatus.UNKNOWN),
        # Benign or denied in its own words, a nodule, the head and neck's, the uterus's: no
        # question (chart `rw_thyroid_nodule_english_beside_npc`).
        ("乳腺良性肿瘤", CriterionStatus.MET),
        ("甲状腺结节（良性）", CriterionStatus.MET),
        ("子宫肌瘤", CriterionStatus.MET),
        ("Benign breast mass", CriterionStatus.MET),
        ("未见肺占位", CriterionStatus.MET),
        ("No renal mass", CriterionStatus.MET),
        ("Thyroid nodule", CriterionStatus.MET),
        ("甲状腺结节", CriterionStatus.MET),
        ("肺结节", CriterionStatus.MET),
        ("肾上腺肿物", CriterionStatus.MET),
        ("肺门肿物", CriterionStatus.MET),
        ("右腮腺肿物", CriterionStatus.MET),
        ("鼻咽肿物", CriterionStatus.MET),
    ],
)
def test_mal_other_an_organs_mass_named_with_no_malignant_or_benign_word_asks_its_histology(
    text: str, status: CriterionStatus
) -> None:
    """MAL-OTHER, DX-PLACE (twenty-eighth session, cancers13): an organ's tumour or mass in
    Chinese or English (肿瘤, 肿物, 肿块, 占位, "mass") beside an NPC is asked about as "Breast
    tumor" is — before it, met; a benign or denied one, a nodule, and the head and neck's
    (cancers10: a parotid mass) or an adrenal or hilar one stay no other cancer."""
    result = _other_malignancy_beside_npc(text, "2025-01-15")
    assert result.status is status
    if status is CriterionStatus.UNKNOWN:
        assert result.to_settle == f"Record the histology of the {text}"


def test_mal_other_a_mass_alone_is_no_charts_cancer() -> None:
    """DX-PLACE (twenty-eighth session, cancers13): a mass in a chart that records no cancer is
    a finding, not that chart's cancer held open (as a tumour is)."""
    assert _read(_condition_on("m", "肺占位", "2026-03-20")) == []
