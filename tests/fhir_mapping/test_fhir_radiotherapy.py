"""Where radiotherapy was given, from bodySite codes and texts (TRIAL-NO-PRIOR-LOCOREGIONAL-RT)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eligibility.vocabulary import RadiotherapySite
from fhir_mapping import ValidationCache, build_facts
from tests.fhir_mapping.conftest import AS_OF
from tools.charts.chart import Chart
from tools.charts.codes import ICD10CM, SNOMED, concept

SITE = RadiotherapySite
RT = (SNOMED, "53438000", "Radiation therapy procedure or service (procedure)")


def _sites(code: dict[str, Any], body_site: list[dict[str, Any]]) -> list[set[RadiotherapySite]]:
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.procedure(code, (date(2026, 8, 24), date(2026, 10, 9)), body_site=body_site)
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return [set(course.sites) for course in facts.radiotherapy]


@pytest.mark.parametrize(
    ("code", "body_site", "sites"),
    [
        (concept(None, RT), [concept(None, (SNOMED, "71836000"))], {SITE.NASOPHARYNX}),
        (concept(None, RT), [concept(None, (SNOMED, "45048000"))], {SITE.NECK}),
        ({"text": "鼻咽+双颈调强放疗 70Gy/33F"}, [], {SITE.NASOPHARYNX, SITE.NECK}),
        ({"text": "颈部淋巴结放疗"}, [], {SITE.NECK}),
        ({"text": "IMRT nasopharynx and bilateral neck"}, [], {SITE.NASOPHARYNX, SITE.NECK}),
        (concept("Palliative RT", RT), [{"text": "胸10椎体"}], {SITE.BONE}),
        ({"text": "颈椎转移灶姑息放疗"}, [], {SITE.BONE}),
        (concept("Palliative RT", RT), [{"text": "颈5椎体"}], {SITE.BONE}),
        ({"text": "颈4-6椎体转移瘤姑息放疗"}, [], {SITE.BONE}),
        ({"text": "颈胸段椎体转移放疗"}, [], {SITE.BONE}),  # cervicothoracic spine
        ({"text": "颈5椎体及右颈部淋巴结放疗"}, [], {SITE.BONE, SITE.NECK}),
        ({"text": "宫颈癌根治性放疗"}, [], {SITE.PELVIS}),
        # The cancer's name names the disease; the field is what the other words name.
        ({"text": "鼻咽癌骨转移姑息放疗 30Gy/10F"}, [], {SITE.BONE}),
        ({"text": "鼻咽癌腹膜后淋巴结转移放疗"}, [], {SITE.ABDOMEN}),
        ({"text": "鼻咽癌肝转移灶SBRT"}, [], {SITE.ABDOMEN}),
        ({"text": "鼻咽癌寡转移灶立体定向放疗"}, [], set()),  # a metastasis, site not named
        ({"text": "Nasopharyngeal carcinoma: radiotherapy to L3 metastasis"}, [], {SITE.BONE}),
        ({"text": "鼻咽癌颈部淋巴结转移灶放疗"}, [], {SITE.NECK}),
        ({"text": "鼻咽癌调强放疗 70Gy/33F"}, [], {SITE.NASOPHARYNX}),  # the cancer's own
        ({"text": "鼻咽癌原发灶+颈部调强放疗"}, [], {SITE.NASOPHARYNX, SITE.NECK}),
        (
            concept("鼻咽癌骨转移放疗", RT),
            [concept(None, (SNOMED, "71836000"))],
            {SITE.NASOPHARYNX, SITE.BONE},
        ),
        ({"text": "Head and neck radiotherapy"}, [], {SITE.HEAD_AND_NECK}),
        ({"text": "Whole-breast radiotherapy, left"}, [], {SITE.BREAST}),
        (concept(None, RT), [], set()),
    ],
)
def test_trial_no_prior_locoregional_rt_sites(
    code: dict[str, Any], body_site: list[dict[str, Any]], sites: set[RadiotherapySite]
) -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: cervical spine and cervix are not the neck, and "head
    and neck" is the region, not proof of the neck."""
    assert _sites(code, body_site) == [sites]


def _noted_sites(note: str, code: dict[str, Any] | None = None) -> list[set[RadiotherapySite]]:
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.procedure(
        code or concept("Radiotherapy", RT), (date(2026, 8, 24), date(2026, 10, 9)), note=note
    )
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return [set(course.sites) for course in facts.radiotherapy]


@pytest.mark.parametrize(
    ("note", "sites"),
    [
        ("鼻咽+颈部 70Gy/33F", {SITE.NASOPHARYNX, SITE.NECK}),
        (
            "IMRT to nasopharynx and bilateral neck, 70 Gy in 33 fractions",
            {SITE.NASOPHARYNX, SITE.NECK},
        ),
        ("照射野：鼻咽+双颈", {SITE.NASOPHARYNX, SITE.NECK}),
        ("外院放疗，部位：鼻咽+颈部，剂量不详", {SITE.NASOPHARYNX, SITE.NECK}),
        ("Field: head and neck", {SITE.HEAD_AND_NECK}),
        ("鼻咽+颈部 70Gy/33F，未照射锁骨上", {SITE.NASOPHARYNX, SITE.NECK}),
        # Another site, none, or words that do not speak of the course: not recorded.
        ("T10椎体转移瘤 30Gy/10F", set()),
        ("Palliative course, 30 Gy/10 fx, tolerated well", set()),
        ("患者诉颈部疼痛", set()),
        ("颈部未照射 30Gy/10F", set()),
        ("Neck spared, 30 Gy/10 fx", set()),
    ],
)
def test_trial_no_prior_locoregional_rt_a_field_written_only_in_the_note(
    note: str, sites: set[RadiotherapySite]
) -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: a course whose record names no field is at the head and
    neck sites a clause of its note names while speaking of the course ("鼻咽+颈部 70Gy/33F");
    a note naming another site, or none, leaves the site not recorded."""
    assert _noted_sites(note) == [sites]


def test_trial_no_prior_locoregional_rt_the_record_s_own_field_wins_over_its_note() -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: the note is read only when the record names no field."""
    bone = {"text": "胸10椎体姑息放疗 30Gy/10F"}
    assert _noted_sites("鼻咽+颈部 70Gy/33F", bone) == [{SITE.BONE}]


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        # A site's stem inside another word names no site.
        ("Radiation treatment delivery, IMRT", set()),  # deLIVERy
        ("Computer-planned IMRT", set()),  # compUTER
        ("电脑计划调强放疗", set()),  # 电脑: a computer
        ("IMRT, trombone-shaped boost", set()),
        ("Radiotherapy, Manchester technique", set()),
        ("IMRT, directed by the ribbon applicator", set()),
        # The words themselves still name their sites.
        ("Liver SBRT 50 Gy/5 fx", {SITE.ABDOMEN}),
        ("Intrahepatic lesion SBRT", {SITE.ABDOMEN}),
        ("Uterine cervix brachytherapy", {SITE.PELVIS}),
        ("Intrauterine brachytherapy", {SITE.PELVIS}),
        ("Anorectal IMRT", {SITE.PELVIS}),
        ("Hemithorax radiotherapy", {SITE.THORAX}),
        ("Chest wall radiotherapy", {SITE.THORAX}),
        ("Paravertebral mass radiotherapy", {SITE.BONE}),
        ("Ribs radiotherapy 8 Gy", {SITE.BONE}),
    ],
)
def test_trial_no_prior_locoregional_rt_site_words_are_whole_words(
    text: str, sites: set[RadiotherapySite]
) -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: a Latin site stem counts at a word's start only, so an
    IMRT course named as CPT names the service ("Radiation treatment delivery") is of
    unrecorded site, not the liver's."""
    assert _sites({"text": text}, []) == [sites]


def test_rt_names_icd10pcs_code_only() -> None:
    """RT-NAMES: ICD-10-PCS D90 is beam radiation (ear, nose, mouth and throat), and its body
    part D the nasopharynx: radiotherapy of the nasopharynx by its code alone."""
    code = concept(None, ("http://www.cms.gov/Medicare/Coding/ICD10", "D90D1ZZ"))
    assert _sites(code, []) == [{SITE.NASOPHARYNX}]


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("鼻咽质子治疗 70 GyE/33F", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌质子重离子治疗", [{SITE.NASOPHARYNX}]),
        ("Proton beam therapy, nasopharynx", [{SITE.NASOPHARYNX}]),
        ("Carbon-ion radiotherapy nasopharynx", [{SITE.NASOPHARYNX}]),
        ("鼻咽碳离子照射", [{SITE.NASOPHARYNX}]),
        ("鼻咽腔内后装治疗 DT 10Gy/2F", [{SITE.NASOPHARYNX}]),
        ("鼻咽近距离治疗", [{SITE.NASOPHARYNX}]),
        ("颈部淋巴结125I粒子植入", [{SITE.NECK}]),
        ("TOMO 鼻咽+颈部", [{SITE.NASOPHARYNX, SITE.NECK}]),
        ("鼻咽射波刀", [{SITE.NASOPHARYNX}]),
        ("脑转移瘤γ刀治疗", [{SITE.BRAIN}]),
        # By its dose, as irradiation, by abbreviation, or as 调强.
        ("鼻咽+双颈 70Gy/33F", [{SITE.NASOPHARYNX, SITE.NECK}]),
        ("Radiation to nasopharynx, 7000 cGy", [{SITE.NASOPHARYNX}]),
        ("Neck irradiation 50 Gy/25 fx", [{SITE.NECK}]),
        ("XRT to nasopharynx and neck", [{SITE.NASOPHARYNX, SITE.NECK}]),
        ("EBRT nasopharynx", [{SITE.NASOPHARYNX}]),
        ("鼻咽调强", [{SITE.NASOPHARYNX}]),
        ("CT neck with contrast, DLP 350 mGy", []),  # a CT's dose
        ("Transfusion of irradiated red cells", []),
        # Not radiotherapy: a proton pump inhibitor, endovascular treatment, a tomogram.
        ("质子泵抑制剂治疗", []),
        ("proton pump inhibitor therapy", []),
        ("主动脉腔内治疗", []),
        ("鼻咽部CT tomography", []),
        # Radiation given to a site, as English records and ICD-10-PCS titles name it.
        ("Radiation to nasopharynx and bilateral neck (2015)", [{SITE.NASOPHARYNX, SITE.NECK}]),
        ("Radiation, nasopharynx", [{SITE.NASOPHARYNX}]),
        ("Beam Radiation of Nasopharynx using Photons 1 - 10 MeV", [{SITE.NASOPHARYNX}]),
        ("Radiation boost to neck nodes", [{SITE.NECK}]),
        # Not radiation given: the specialty, a consult, exposure, safety, a dose, ultraviolet
        # light, a radiation injury's treatment (planning: RT-PLANNING).
        ("Radiation oncology consultation, nasopharyngeal carcinoma", []),
        ("Radiation exposure assessment", []),
        ("Radiation safety briefing", []),
        ("CT neck, radiation dose report", []),
        ("Ultraviolet radiation phototherapy", []),
        ("UVB radiation, neck", []),
        ("Argon plasma coagulation for radiation proctitis", []),
    ],
)
def test_rt_names(text: str, sites: list[set[RadiotherapySite]]) -> None:
    """RT-NAMES: radiotherapy recorded by its technique is radiotherapy."""
    assert _sites({"text": text}, []) == sites


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("IMRT: PGTVnx 70Gy/33F, PGTVnd 66Gy/33F, PTV1 60Gy/33F", [{SITE.NASOPHARYNX, SITE.NECK}]),
        ("调强放疗GTVnx69.96Gy/33F GTVrn 69.96Gy", [{SITE.NASOPHARYNX, SITE.NECK}]),
        ("P-GTV_nd 66Gy/33F", [{SITE.NECK}]),
        ("GTV-rpn 66Gy/33F", [{SITE.NECK}]),
        ("CTVnx 60Gy/33F", [{SITE.NASOPHARYNX}]),
        # Volumes without a site suffix name no site.
        ("PTV1 60Gy/33F, PGTV 70Gy", [set()]),
        ("GTVtb 60Gy/30F", [set()]),
    ],
)
def test_rt_target_volumes(text: str, sites: list[set[RadiotherapySite]]) -> None:
    """RT-TARGET-VOLUMES: an NPC plan's volumes name their sites (nx: nasopharynx; nd, rn,
    rpn: the neck's nodes)."""
    assert _sites({"text": text}, []) == sites


REFUTED = concept(
    None, ("http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted", "Refuted")
)


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("鼻咽癌放化疗后肝转移", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌调强放疗后复发", [{SITE.NASOPHARYNX}]),
        # The nearest phrase naming a field: the cancer's name is the diagnosis.
        ("鼻咽癌IVB期 骨转移放疗后", [{SITE.BONE}]),
        ("鼻咽癌 肝转移 SBRT放疗后", [{SITE.ABDOMEN}]),
        ("鼻咽癌 颈部淋巴结转移 放化疗后", [{SITE.NECK}]),
        ("鼻咽癌 放疗后", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌IMRT后 骨转移", [{SITE.NASOPHARYNX}]),
        # English phrases are not told apart: the cancer and another target, site unknown.
        ("NPC with bone metastases s/p radiotherapy", [set()]),
        ("Nasopharyngeal carcinoma with bone metastases s/p radiotherapy", [set()]),
        ("Nasopharyngeal carcinoma s/p chemoradiation", [{SITE.NASOPHARYNX}]),
        ("Breast cancer, status post radiotherapy", [{SITE.BREAST}]),
        ("Malignant neoplasm of lung after radiotherapy", [{SITE.THORAX}]),
        ("Hypothyroidism, post radiotherapy", [set()]),  # no site named: where is not known
        ("Osteoarthritis, s/p RT knee replacement", []),  # RT: right
        ("Heart failure s/p CRT-D", []),  # cardiac resynchronisation therapy
        ("鼻咽癌 拟行放疗", []),  # planned, not given
        # During it: an admission during the course.
        ("鼻咽癌同步放化疗中", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌调强放疗中 放射性口腔黏膜炎", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌 放疗中心随访", []),  # the radiotherapy centre
        # Other treatments joined to it, in Chinese and in English.
        ("鼻咽癌同步放化疗+辅助化疗后 肝转移", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌放疗、化疗后", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌放化疗及免疫治疗后复发", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌放化疗等综合治疗后", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌放疗前化疗后", []),  # chemotherapy after, radiotherapy not said to be given
        ("Nasopharyngeal carcinoma s/p concurrent chemoradiotherapy", [{SITE.NASOPHARYNX}]),
        (
            "Nasopharyngeal carcinoma s/p induction chemotherapy and concurrent chemoradiotherapy",
            [{SITE.NASOPHARYNX}],
        ),
        ("Nasopharyngeal carcinoma s/p CCRT, liver metastases", [{SITE.NASOPHARYNX}]),
        ("Nasopharyngeal carcinoma status post definitive radiation therapy", [{SITE.NASOPHARYNX}]),
        ("Nasopharyngeal carcinoma following chemoradiation", [{SITE.NASOPHARYNX}]),
        ("NPC s/p chemotherapy without radiation", []),
        ("NPC s/p chemotherapy, no radiotherapy", []),
        ("Thyroid cancer following radiation exposure in childhood", []),
        ("鼻咽癌", []),
        # RT-NAMES: radiotherapy by its technique.
        ("鼻咽癌质子治疗后复发", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌质子重离子治疗后", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌腔内后装治疗后", [{SITE.NASOPHARYNX}]),
        ("Nasopharyngeal carcinoma s/p proton beam therapy", [{SITE.NASOPHARYNX}]),
        ("反流性食管炎 质子泵抑制剂治疗后", []),  # a proton pump inhibitor
        # Stereotactic radiotherapy by its machines and names.
        ("脑转移瘤伽玛刀治疗后", [{SITE.BRAIN}]),
        ("脑转移瘤射波刀后", [{SITE.BRAIN}]),
        ("鼻咽癌 肺转移 SBRT后", [{SITE.THORAX}]),
        ("Brain metastasis s/p SRS", [{SITE.BRAIN}]),
        ("Brain metastases status post whole-brain radiotherapy", [{SITE.BRAIN}]),
    ],
)
def test_rt_in_diagnosis_a_diagnosis_after_radiotherapy_is_a_course(
    text: str, sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-DIAGNOSIS: undated, at the sites its own words name."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept(text, ("http://hl7.org/fhir/sid/icd-10-cm", "C11.9")), date(2026, 3, 1))
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [set(course.sites) for course in facts.radiotherapy] == sites
    assert all(course.start is None for course in facts.radiotherapy)


@pytest.mark.parametrize(
    ("code", "sites"),
    [
        # Its history, or the state after it ended.
        (concept("既往鼻咽癌放疗史 (2015年外院)"), [{SITE.NASOPHARYNX}]),
        (concept("鼻咽癌放疗结束后3年"), [{SITE.NASOPHARYNX}]),
        (concept("鼻咽癌同步放化疗完成后"), [{SITE.NASOPHARYNX}]),
        (concept("Hx of XRT to neck"), [{SITE.NECK}]),
        (concept("History of radiation therapy to head and neck"), [{SITE.HEAD_AND_NECK}]),
        (concept("Personal history of irradiation"), [set()]),
        (concept("Prior radiotherapy to nasopharynx (2015)"), [{SITE.NASOPHARYNX}]),
        # Denied, before it, or exposure: no course.
        (concept("否认放疗史"), []),
        (concept("既往史：无手术、放疗史"), []),
        (concept("No prior radiotherapy"), []),
        (concept("Dental extraction prior to radiation"), []),
        (concept("History of radiation exposure (occupational)"), []),
        # A diagnosis that implies it: the field it implies, else unrecorded.
        (concept("放射性颞叶坏死 (双侧)"), [{SITE.NASOPHARYNX}]),
        (concept("Radiation-induced temporal lobe necrosis"), [{SITE.NASOPHARYNX}]),
        (concept("Osteoradionecrosis of mandible"), [{SITE.HEAD_AND_NECK}]),
        (concept("下颌骨放射性骨坏死"), [{SITE.HEAD_AND_NECK}]),
        (concept("放射性龋齿"), [{SITE.HEAD_AND_NECK}]),
        (concept("Radiation-induced hypothyroidism"), [set()]),
        (concept("放射性脑病"), [set()]),  # not a brain field: NPC's fields injure the brain too
        (concept("Osteoradionecrosis of femoral head"), [set()]),
        (concept(None, (ICD10CM, "Z92.3", "Personal history of irradiation")), [set()]),
        (concept(None, (ICD10CM, "Z92.3")), [set()]),
        (concept("恶性肿瘤放射治疗"), [set()]),
        (concept(None, ("http://hl7.org/fhir/sid/icd-10", "Z51.0")), [set()]),
        (concept("鼻咽恶性肿瘤放射治疗"), [{SITE.NASOPHARYNX}]),
        # Not radiotherapy.
        (concept("恶性肿瘤维持性化学治疗"), []),
        (concept("Hypothyroidism"), []),
        (concept("Avascular necrosis of femoral head"), []),
    ],
)
def test_rt_in_diagnosis_history_and_what_implies_it(
    code: dict[str, Any], sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-DIAGNOSIS: a history of radiotherapy and a diagnosis that implies it are a course,
    undated, recorded on a problem list whatever else it holds (selection keeps them)."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(code, None)
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [set(course.sites) for course in facts.radiotherapy] == sites


def test_rt_in_diagnosis_a_refuted_diagnosis_says_nothing() -> None:
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept("鼻咽癌放疗后"), date(2026, 3, 1), verification_status=REFUTED)
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert facts.radiotherapy == ()


def _courses(*procedures: tuple[str, date | tuple[date, date]]) -> list[tuple[Any, ...]]:
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    for text, when in procedures:
        chart.procedure({"text": text}, when)
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return [(set(c.sites), c.given, c.start) for c in facts.radiotherapy]


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("Radiation therapy planning (simulation), nasopharynx", {SITE.NASOPHARYNX}),
        ("Radiation simulation, head and neck", {SITE.HEAD_AND_NECK}),
        ("CT simulation, nasopharynx and neck", {SITE.NASOPHARYNX, SITE.NECK}),
        ("IMRT planned: nasopharynx + bilateral neck", {SITE.NASOPHARYNX, SITE.NECK}),
        ("IMRT plan, PGTVnx 70Gy/33F", {SITE.NASOPHARYNX}),  # a plan's prescription
        ("Isodose plan, complex", set()),
        ("鼻咽癌放疗定位", {SITE.NASOPHARYNX}),
        ("CT模拟定位 (鼻咽+颈部)", {SITE.NASOPHARYNX, SITE.NECK}),
        ("模拟定位", set()),
        ("调强放疗计划设计 (鼻咽+双颈)", {SITE.NASOPHARYNX, SITE.NECK}),
        ("鼻咽癌放疗计划", {SITE.NASOPHARYNX}),
        ("鼻咽癌靶区勾画", {SITE.NASOPHARYNX}),
        ("拟行鼻咽+双颈调强放疗", {SITE.NASOPHARYNX, SITE.NECK}),  # to be given
        ("鼻咽+颈部 拟放疗", {SITE.NASOPHARYNX, SITE.NECK}),
    ],
)
def test_rt_planning_a_simulation_or_plan_is_not_known_to_be_given(
    text: str, sites: set[RadiotherapySite]
) -> None:
    """RT-PLANNING: the steps before a course irradiate nothing: a course whose delivery is not
    recorded, at the sites they name."""
    assert _courses((text, date(2026, 8, 10))) == [(sites, None, date(2026, 8, 10))]


@pytest.mark.parametrize(
    "text",
    [
        "鼻咽+双颈 调强放疗 70Gy/33F",
        "鼻咽+双颈 调强放疗 (计划70Gy/33F)",  # its prescription
        "鼻咽+双颈 调强放疗 按计划完成 70Gy/33F",  # given as planned
        "IMRT nasopharynx and neck, completed as planned",
        "Computer-planned IMRT, nasopharynx",  # a technique
        "Radiation treatment delivery, IMRT, nasopharynx",  # CPT's words for the fractions
        "鼻咽调强放疗 原计划70Gy/33F 实际完成50Gy/25F",
        "鼻咽+双颈调强放疗 70Gy/33F，拟行辅助化疗",  # what is to follow is chemotherapy
    ],
)
def test_rt_planning_a_course_given_is_given(text: str) -> None:
    """RT-PLANNING: a course's words that name its plan, or delivery, are the course given."""
    assert [given for _, given, _ in _courses((text, date(2026, 8, 10)))] == [True]


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("CT simulation completed; IMRT 70 Gy/33 fx to nasopharynx and neck given", True),
        ("定位CT已完成，鼻咽+颈部IMRT 70Gy/33F已完成", True),
        ("CT simulation 2026-08-17; treatment completed 2026-10-09, nasopharynx", True),
        # The simulation's own clause, or a course still to come, denied or not named.
        ("CT simulation completed; IMRT 70 Gy/33 fx to nasopharynx and neck to be given", None),
        ("CT simulation completed, IMRT nasopharynx not yet given", None),
        ("定位CT已完成，鼻咽+颈部IMRT 70Gy/33F未完成", None),
        ("定位CT已完成，鼻咽+颈部IMRT 70Gy/33F待实施", None),
        ("放疗定位完成，计划设计完成 (鼻咽)", None),
        ("IMRT plan completed, nasopharynx", None),
        ("CT simulation done, contouring done, nasopharynx", None),
    ],
)
def test_rt_planning_a_course_stated_as_given_beside_its_simulation_is_given(
    text: str, given: bool | None
) -> None:
    """RT-PLANNING: the record of a whole episode names the simulation and says, in a clause
    of its own, that the course was given: the course was given. A clause that only completes
    a planning step, or leaves the course to come, keeps it not known."""
    assert [g for _, g, _ in _courses((text, date(2026, 8, 17)))] == [given]


def test_rt_planning_the_course_after_its_simulation_is_its_own() -> None:
    """RT-PLANNING: a simulation a week before its course is not one of its fractions: the
    course stays given, the simulation not known to be."""
    courses = _courses(
        ("放疗定位 (CT模拟定位)", date(2026, 8, 17)),
        ("鼻咽+双颈 调强放疗 70Gy/33F", (date(2026, 8, 24), date(2026, 10, 9))),
    )
    assert courses == [
        (set(), None, date(2026, 8, 17)),
        ({SITE.NASOPHARYNX, SITE.NECK}, True, date(2026, 8, 24)),
    ]


def test_rt_planning_ct_guided_positioning_is_no_radiotherapy() -> None:
    """RT-PLANNING: 定位 alone is also the localisation of a biopsy, not radiotherapy's."""
    assert _courses(("CT定位下肺穿刺活检", date(2026, 8, 10))) == []


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("鼻咽癌综合治疗后", True),
        ("鼻咽癌综合治疗后复发 肺转移", True),
        ("鼻咽癌综合治疗结束后5年 骨转移", True),
        ("鼻咽癌综合性治疗后", True),
        ("Nasopharyngeal carcinoma, s/p multimodality treatment", True),
        ("NPC after multimodal therapy, liver metastases", True),
        ("Nasopharyngeal carcinoma after comprehensive treatment", True),  # 综合治疗 in English
        ("NPC, status post combined modality therapy", True),
        ("Nasopharyngeal carcinoma, prior multimodal treatment (2019)", True),
        # Planned, denied, or no treatment named as done.
        ("鼻咽癌 拟行综合治疗", False),
        ("鼻咽癌 无综合治疗史", False),
        ("NPC, no prior multimodal therapy", False),
        ("Nasopharyngeal carcinoma, multimodality treatment planned", False),
        ("鼻咽癌", False),
    ],
)
def test_rt_in_diagnosis_after_multimodal_treatment(text: str, after: bool) -> None:
    """RT-IN-DIAGNOSIS: a cancer's words that say it was treated with several modalities mark
    the diagnosis (the rule asks, for a head and neck cancer); they are no radiotherapy course."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept(text, (ICD10CM, "C11.9")), date(2026, 3, 1))
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [d.after_multimodal for d in facts.diagnoses] == [after]
    assert facts.radiotherapy == ()


@pytest.mark.parametrize(
    ("code", "sites"),
    [
        # The mouth, pharynx, middle ear or salivary glands: a head and neck field, which of its
        # fields not recorded.
        (concept("放射性口腔黏膜炎 2级"), [{SITE.HEAD_AND_NECK}]),
        (concept("放射性口腔粘膜炎"), [{SITE.HEAD_AND_NECK}]),
        (concept("放射性口干"), [{SITE.HEAD_AND_NECK}]),
        (concept("放射性口腔干燥症"), [{SITE.HEAD_AND_NECK}]),
        (concept("放射性咽炎"), [{SITE.HEAD_AND_NECK}]),
        (concept("放射性中耳炎"), [{SITE.HEAD_AND_NECK}]),
        (concept("Radiation-induced xerostomia"), [{SITE.HEAD_AND_NECK}]),
        (concept("Radiation oral mucositis"), [{SITE.HEAD_AND_NECK}]),
        (
            concept(None, (ICD10CM, "K12.33", "Oral mucositis (ulcerative) due to radiation")),
            [{SITE.HEAD_AND_NECK}],
        ),
        # The skin the beam crossed: the site named, else not recorded.
        (concept("放射性皮炎（颈部）"), [{SITE.NECK}]),
        (concept("Radiation dermatitis of neck"), [{SITE.NECK}]),
        (concept("Radiation dermatitis of chest wall"), [{SITE.THORAX}]),
        (concept("头颈部放射性皮炎"), [{SITE.HEAD_AND_NECK}]),
        (concept("放射性皮炎"), [set()]),
        (concept(None, (ICD10CM, "L58.0", "Acute radiodermatitis")), [set()]),
        (concept("Radiation mucositis"), [set()]),  # oral, oesophageal or rectal
        # The oesophagus: a neck field (its cervical part) or a chest field, not recorded.
        (concept("放射性食管炎"), [set()]),
        (concept("Radiation esophagitis"), [set()]),
        (concept("Radiation oesophagitis, grade 2"), [set()]),
        # A brain injury of another lobe: brain radiotherapy's or an NPC field's, not recorded.
        (concept("Radiation necrosis in the right frontal lobe"), [set()]),
        # The lung: another site.
        (concept("Radiation pneumonitis"), [{SITE.THORAX}]),
        (concept("放射性肺炎"), [{SITE.THORAX}]),
        (
            concept(None, (ICD10CM, "J70.0", "Acute pulmonary manifestations due to radiation")),
            [{SITE.THORAX}],
        ),
        # Not a radiation injury.
        (concept("口腔黏膜炎"), []),
        (concept("Oral mucositis due to chemotherapy"), []),
        (
            concept(
                None,
                (ICD10CM, "K12.31", "Oral mucositis (ulcerative) due to antineoplastic therapy"),
            ),
            [],
        ),
        (concept("Xerostomia"), []),
        (concept("Drug-induced interstitial lung disease"), []),
    ],
)
def test_rt_in_diagnosis_a_radiation_injury_names_its_field(
    code: dict[str, Any], sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-DIAGNOSIS: an acute or late injury of radiotherapy says where it was given: the
    site the injury proves (the neck's skin), the head and neck region (the mouth: which of its
    fields is not recorded), or another site (the lung)."""
    test_rt_in_diagnosis_history_and_what_implies_it(code, sites)


@pytest.mark.parametrize(
    ("code", "sites"),
    [
        # The bladder or the rectum: a pelvic field.
        (concept("放射性膀胱炎"), [{SITE.PELVIS}]),
        (concept("放射性直肠炎"), [{SITE.PELVIS}]),
        (concept("放射性直肠损伤"), [{SITE.PELVIS}]),
        (concept("Radiation-induced proctitis"), [{SITE.PELVIS}]),
        (concept("Radiation cystitis"), [{SITE.PELVIS}]),
        (concept("Irradiation cystitis with hematuria"), [{SITE.PELVIS}]),
        (concept("Proctitis due to radiation"), [{SITE.PELVIS}]),
        (concept(None, (ICD10CM, "K62.7", "Radiation proctitis")), [{SITE.PELVIS}]),
        (
            concept(None, (ICD10CM, "N30.41", "Irradiation cystitis with hematuria")),
            [{SITE.PELVIS}],
        ),
        # The bowel: an abdominal or a pelvic field, which not told apart: no course read, never
        # a field not recorded that asks about the neck.
        (concept("Radiation-induced enteritis"), []),
        (concept("放射性肠炎"), []),
        (concept("Radiation-induced colitis"), []),
        (concept("Radiation enteritis"), []),
        (
            concept(None, (ICD10CM, "K52.0", "Gastroenteritis and colitis due to radiation")),
            [],
        ),
        # Denied, or not of radiation.
        (concept("无放射性直肠炎"), []),
        (concept("Interstitial cystitis"), []),
        (concept("Proctitis"), []),
    ],
)
def test_rt_in_diagnosis_a_pelvic_radiation_injury_names_the_pelvis(
    code: dict[str, Any], sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-DIAGNOSIS: radiation cystitis or proctitis says a pelvic field was irradiated
    (radiotherapy given, not to the nasopharynx or neck); radiation enteritis is read as
    nothing."""
    test_rt_in_diagnosis_history_and_what_implies_it(code, sites)


def test_rt_in_diagnosis_a_radiodermatitis_at_its_body_site() -> None:
    """RT-IN-DIAGNOSIS: ICD-10-CM L58.0 recorded with its site in `bodySite` (the neck)."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(
        concept(None, (ICD10CM, "L58.0", "Acute radiodermatitis")),
        date(2026, 9, 20),
        body_site=[concept(None, (SNOMED, "45048000", "Neck structure (body structure)"))],
    )
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [set(course.sites) for course in facts.radiotherapy] == [{SITE.NECK}]


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("IMRT for NPC 70 Gy/33 fx", {SITE.NASOPHARYNX}),
        ("NPC 调强放疗 70Gy/33F", {SITE.NASOPHARYNX}),
        ("NPC: palliative RT to T10 metastasis 30 Gy/10 fx", {SITE.BONE}),
        ("WBRT for NPC brain metastases", {SITE.BRAIN}),
        ("IMRT for NPCA", set()),  # not the word NPC
    ],
)
def test_trial_no_prior_locoregional_rt_npc_abbreviation_names_the_cancer(
    text: str, sites: set[RadiotherapySite]
) -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: NPC, the cancer's abbreviation as a whole word, is its
    name as 鼻咽癌 is: the course's field when its words name no other target."""
    assert _sites({"text": text}, []) == [sites]


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("NPC s/p chemoradiation", [{SITE.NASOPHARYNX}]),
        ("NPC放化疗后肝转移", [{SITE.NASOPHARYNX}]),
        ("Hx of XRT for NPC", [{SITE.NASOPHARYNX}]),
        ("NPC with bone metastases, s/p radiotherapy", [set()]),  # which of the two: not said
        ("s/p chemoradiation", [set()]),
    ],
)
def test_rt_in_diagnosis_npc_abbreviation_names_the_nasopharynx(
    text: str, sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-DIAGNOSIS: "NPC s/p chemoradiation" is the cancer's own radiotherapy, to the
    nasopharynx, as "鼻咽癌放化疗后" is."""
    test_rt_in_diagnosis_history_and_what_implies_it(concept(text), sites)


def _course_of_status(status: str, when: date) -> list[tuple[Any, ...]]:
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.procedure({"text": "鼻咽+双颈 调强放疗 70Gy/33F"}, when, status=status)
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return [(set(c.sites), c.given) for c in facts.radiotherapy]


@pytest.mark.parametrize(
    ("status", "when", "given"),
    [
        ("unknown", date(2026, 8, 24), [None]),
        ("preparation", date(2026, 11, 20), [None]),
        ("preparation", date(2026, 12, 1), []),  # after as_of: not yet
        ("completed", date(2026, 8, 24), [True]),
        ("stopped", date(2026, 8, 24), [True]),
        ("in-progress", date(2026, 11, 20), [True]),
        ("not-done", date(2026, 8, 24), []),
        ("entered-in-error", date(2026, 8, 24), []),
    ],
)
def test_rt_planning_a_course_of_unknown_status_or_in_preparation_is_not_known_to_be_given(
    status: str, when: date, given: list[bool | None]
) -> None:
    """RT-PLANNING: FHIR R4 Procedure.status `unknown` (the system does not know which status
    applies) and `preparation` (staging begun, the course not started): whether the course
    was given is not known (`given` None), at the sites it names."""
    courses = _course_of_status(status, when)
    assert [g for _, g in courses] == given
    assert all(sites == {SITE.NASOPHARYNX, SITE.NECK} for sites, _ in courses)


@pytest.mark.parametrize(
    "text",
    [
        "无放射性肺炎",
        "未见放射性口腔黏膜炎",
        "放射性口腔黏膜炎已排除",
        "Radiation pneumonitis - ruled out",
        "CT: no radiation pneumonitis",
    ],
)
def test_rt_in_diagnosis_a_denied_radiation_injury_is_no_course(text: str) -> None:
    """RT-IN-DIAGNOSIS: an injury of radiotherapy the entry's words deny or rule out (CMB-WORDS'
    reading, before or after its name) proves no course."""
    test_rt_in_diagnosis_history_and_what_implies_it(concept(text), [])


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        # A second course: re-irradiation.
        ("Recurrent NPC s/p re-irradiation", [{SITE.NASOPHARYNX}]),
        ("History of reirradiation to the neck", [{SITE.NECK}]),
        # A course said to be performed, wherever.
        ("2019年外院行鼻咽+颈部放疗", [{SITE.NASOPHARYNX, SITE.NECK}]),
        ("鼻咽癌 已接受调强放疗", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌骨转移 行胸椎姑息放疗", [{SITE.BONE}]),
        (
            "Nasopharyngeal carcinoma, treated with IMRT to nasopharynx and neck (2019)",
            [{SITE.NASOPHARYNX, SITE.NECK}],
        ),
        ("NPC, underwent chemoradiation in 2019", [{SITE.NASOPHARYNX}]),
        ("Patient had radiotherapy to neck 2015", [{SITE.NECK}]),
        # To come, advised, denied, or not radiotherapy.
        ("拟行鼻咽+颈部放疗", []),
        ("鼻咽癌 建议行放疗", []),
        ("鼻咽癌 未行放疗", []),
        ("进行性吞咽困难", []),
        ("鼻咽癌 行GP方案化疗", []),
        ("NPC, to be treated with IMRT", []),
        ("NPC, scheduled to receive radiotherapy", []),
        ("Never received radiotherapy", []),
        ("Had no radiotherapy", []),
        ("Received radiation oncology consultation", []),
    ],
)
def test_rt_in_diagnosis_a_course_performed_or_given_again(
    text: str, sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-DIAGNOSIS: an entry that says a course was performed ("外院行鼻咽+颈部放疗",
    "treated with IMRT to nasopharynx and neck") or given again (re-irradiation) is a course,
    undated, at the sites its words name; not one to come, advised or denied."""
    test_rt_in_diagnosis_history_and_what_implies_it(concept(text), sites)


def _report_courses(conclusion: str, when: date = date(2026, 11, 10)) -> list[set[SITE]]:
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.diagnostic_report(concept("MRI nasopharynx and neck"), when, conclusion=conclusion)
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert all(course.given and course.start is None for course in facts.radiotherapy)
    return [set(course.sites) for course in facts.radiotherapy]


@pytest.mark.parametrize(
    ("conclusion", "sites"),
    [
        ("鼻咽癌放疗后改变，未见复发征象；双颈部未见肿大淋巴结。", [{SITE.NASOPHARYNX}]),
        ("鼻咽癌放化疗后，鼻咽部未见明确复发；双肺多发转移。", [{SITE.NASOPHARYNX}]),
        (
            "Post-radiation changes of the nasopharynx and neck. No evidence of recurrence.",
            [{SITE.NASOPHARYNX, SITE.NECK}],
        ),
        ("Post-treatment changes after chemoradiation for NPC.", [{SITE.NASOPHARYNX}]),
        ("L3椎体转移瘤放疗后改变。", [{SITE.BONE}]),
        ("Post-radiation changes in the T10 vertebral body.", [{SITE.BONE}]),
        ("放疗后改变", [set()]),  # no field named: the site is not recorded
        # Denied, or no radiotherapy.
        ("鼻咽部未见放疗后改变。", []),
        ("No post-radiation changes.", []),
        ("肝内多发转移瘤，较前增大。", []),
    ],
)
def test_rt_in_report_a_conclusion_saying_a_site_was_irradiated_is_a_course(
    conclusion: str, sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-REPORT: a report's conclusion that sees a site after radiotherapy says it was
    irradiated: a course, undated, given, at the sites its sentence names; a denied one none."""
    assert _report_courses(conclusion) == sites


def _report_injuries(conclusion: str) -> list[tuple[set[SITE], bool | None]]:
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.diagnostic_report(concept("MRI brain"), date(2026, 11, 10), conclusion=conclusion)
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return [(set(course.sites), course.given) for course in facts.radiotherapy]


@pytest.mark.parametrize(
    ("conclusion", "courses"),
    [
        ("双侧颞叶放射性脑病，较前相仿；鼻咽部未见明确复发征象。", [({SITE.NASOPHARYNX}, True)]),
        (
            "Radiation-induced temporal lobe necrosis, bilateral, stable.",
            [({SITE.NASOPHARYNX}, True)],
        ),
        ("放射性脑病。", [(set(), True)]),  # brain or NPC fields: the site is not recorded
        ("右肺放射性肺炎。", [({SITE.THORAX}, True)]),
        # Held open by the radiologist: not known to be given.
        ("双侧颞叶异常信号，考虑放射性脑病可能。", [(set(), None)]),
        ("左侧颞叶放射性坏死可能。", [({SITE.NASOPHARYNX}, None)]),
        (
            "Left temporal lobe lesion: radiation necrosis versus tumour recurrence.",
            [(set(), None)],
        ),
        ("放射性脑损伤与肿瘤复发鉴别。", [(set(), None)]),
        # The doubt of another clause is not the injury's.
        ("Radiation necrosis, less likely recurrence.", [(set(), True)]),
        # Denied: none.
        ("No radiation necrosis. No intracranial metastasis.", []),
        ("未见放射性脑损伤征象。", []),
        ("颅内未见转移瘤。", []),
    ],
)
def test_rt_in_report_an_injury_the_report_names_says_its_field_was_irradiated(
    conclusion: str, courses: list[tuple[set[RadiotherapySite], bool | None]]
) -> None:
    """RT-IN-REPORT: a report's conclusion naming an injury of radiotherapy ("双侧颞叶放射性脑病")
    says its field was irradiated, read as RT-IN-DIAGNOSIS reads it; held open ("考虑…可能",
    "versus"), it is a course not known to be given; denied, none."""
    assert _report_injuries(conclusion) == courses


def test_rt_in_report_a_report_after_as_of_is_not_read() -> None:
    """RT-IN-REPORT: a report dated after `as_of` is not read (GEN-AS-OF)."""
    assert _report_courses("鼻咽癌放疗后改变", date(2026, 12, 20)) == []


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("射波刀治疗（颅内转移灶）", {SITE.BRAIN}),
        ("脑转移瘤立体定向放射外科治疗", {SITE.BRAIN}),
        ("颅内转移灶伽马刀治疗", {SITE.BRAIN}),
        ("全脑放疗 30Gy/10F", {SITE.BRAIN}),
        # The skull base is the NPC's own field, not the brain.
        ("鼻咽癌调强放疗（颅底加量）", {SITE.HEAD_AND_NECK}),
    ],
)
def test_trial_no_prior_locoregional_rt_radiotherapy_to_the_brain_is_not_locoregional(
    text: str, sites: set[RadiotherapySite]
) -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT, CNS-EHR: radiosurgery (立体定向放射外科, CyberKnife) to
    intracranial (颅内) lesions irradiates the brain, and neither the nasopharynx nor the neck."""
    assert _sites({"text": text}, []) == [sites]


@pytest.mark.parametrize(
    ("note", "sites"),
    [
        ("鼻咽+颈部 70Gy/33F 无明显不良反应", {SITE.NASOPHARYNX, SITE.NECK}),
        ("鼻咽+颈部 IMRT 70Gy/33F 未诉明显不适", {SITE.NASOPHARYNX, SITE.NECK}),
        ("鼻咽+双颈 70Gy/33F 无3级以上毒副反应", {SITE.NASOPHARYNX, SITE.NECK}),
        (
            "IMRT to nasopharynx and bilateral neck 70 Gy/33 fx without significant toxicity",
            {SITE.NASOPHARYNX, SITE.NECK},
        ),
        (
            "IMRT to nasopharynx and neck 70 Gy/33 fx with no adverse events",
            {SITE.NASOPHARYNX, SITE.NECK},
        ),
        # A denial of the field still spares it, beside a denial of side effects or not.
        ("颈部未照射 30Gy/10F 无明显不良反应", set()),
        ("Neck spared 30 Gy/10 fx without significant toxicity", set()),
        # A denial that is not of side effects still leaves the clause unread.
        ("鼻咽+颈部 70Gy/33F 未完成", set()),
    ],
)
def test_trial_no_prior_locoregional_rt_a_note_denying_side_effects_names_its_field(
    note: str, sites: set[RadiotherapySite]
) -> None:
    """TRIAL-NO-PRIOR-LOCOREGIONAL-RT: a denial of the course's side effects ("无明显不良反应",
    "without significant toxicity") in the clause naming its field denies no field; a denial of
    the field ("颈部未照射", "neck spared") still does."""
    assert _noted_sites(note) == [sites]


def _injury_beside(
    injury: str, *, brain_metastases: bool = False, brain_rt: str | None = None, report: bool
) -> list[set[SITE]]:
    """The sites of the courses read from a temporal-lobe injury (a problem-list entry or a
    report's conclusion), beside brain metastases or brain radiotherapy, or neither."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    if brain_metastases:
        chart.condition(
            concept(None, (ICD10CM, "C79.31", "Secondary malignant neoplasm of brain")),
            date(2026, 3, 20),
        )
    if brain_rt is not None:
        chart.procedure({"text": brain_rt}, date(2026, 3, 30))
    if report:
        chart.diagnostic_report(concept("MRI brain"), date(2026, 11, 10), conclusion=injury)
    else:
        chart.condition(concept(injury), date(2026, 10, 15))
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    return [set(c.sites) for c in facts.radiotherapy if SITE.BRAIN not in c.sites]


@pytest.mark.parametrize(
    ("injury", "report"),
    [
        ("左颞叶放射性坏死", False),
        ("Radiation-induced temporal lobe necrosis", False),
        # The lobe named after the injury.
        ("Radiation necrosis of the left temporal lobe", False),
        ("放射性脑病（双侧颞叶）", False),
        ("双侧颞叶放射性脑病，较前相仿。", True),
        ("Radiation-induced temporal lobe necrosis, bilateral, stable.", True),
        ("双侧颞叶放疗后改变。", True),
        ("Post-radiation changes in the bilateral temporal lobes.", True),
    ],
)
def test_rt_in_diagnosis_a_temporal_lobe_injury_beside_brain_radiotherapy_has_no_field(
    injury: str, report: bool
) -> None:
    """RT-IN-DIAGNOSIS, RT-IN-REPORT: a radiation injury (or post-radiation change) of the
    temporal lobe is the nasopharyngeal fields' late injury, unless the chart holds brain
    metastases or brain radiotherapy (radiosurgery, whole-brain radiotherapy, gamma knife),
    which injure the temporal lobe too: then its field is not recorded, never the
    nasopharynx."""
    assert _injury_beside(injury, report=report) == [{SITE.NASOPHARYNX}]
    assert _injury_beside(injury, brain_metastases=True, report=report) == [set()]
    for brain_rt in ("全脑放疗 30Gy/10F", "Stereotactic radiosurgery to brain metastasis"):
        assert _injury_beside(injury, brain_rt=brain_rt, report=report) == [set()]


def test_rt_in_diagnosis_a_brain_radiotherapy_in_a_diagnosis_takes_the_temporal_lobe_too() -> None:
    """RT-IN-DIAGNOSIS: brain radiotherapy said only by a diagnosis ("脑转移瘤伽玛刀治疗后")
    leaves a temporal-lobe necrosis's field unrecorded as a Procedure does."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition({"text": "脑转移瘤伽玛刀治疗后"}, date(2026, 4, 1))
    chart.condition(concept("左颞叶放射性坏死"), date(2026, 10, 15))
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert sorted(map(sorted, (c.sites for c in facts.radiotherapy))) == [[], [SITE.BRAIN]]


@pytest.mark.parametrize(
    ("conclusion", "sites"),
    [
        ("双侧颞叶放疗后改变；鼻咽部未见明确复发征象。", [{SITE.NASOPHARYNX}]),
        ("Post-radiation changes in the temporal lobes.", [{SITE.NASOPHARYNX}]),
        # A tumour in the lobe irradiated is a brain metastasis's course: the brain (before
        # 7 December 2026, twenty-fourth session, a site not recorded).
        ("左颞叶转移瘤放疗后改变。", [{SITE.BRAIN}]),
    ],
)
def test_rt_in_report_post_radiation_changes_of_the_temporal_lobes(
    conclusion: str, sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-REPORT: "双侧颞叶放疗后改变" names no site the site table knows; the temporal lobes
    changed by radiotherapy are read as their injury is (the nasopharynx, with no brain
    metastases or brain radiotherapy recorded)."""
    assert _report_courses(conclusion) == sites


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        ("左颞叶转移瘤放疗后", [{SITE.BRAIN}]),
        ("右额叶转移灶放疗后", [{SITE.BRAIN}]),
        ("Left temporal lobe metastasis s/p radiotherapy", [{SITE.BRAIN}]),
        # The lobe with no tumour in it: its radiation injury, the nasopharyngeal fields'.
        ("双侧颞叶放疗后改变", [{SITE.NASOPHARYNX}]),
    ],
)
def test_rt_in_diagnosis_a_tumour_in_a_lobe_of_the_brain_irradiated_the_brain(
    text: str, sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-DIAGNOSIS, CNS-METASTASES: a metastasis named by its lobe and irradiated
    ("左颞叶转移瘤放疗后") is radiotherapy to the brain, not to a site not recorded (as before 7
    December 2026, twenty-fourth session), nor the nasopharynx."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept(text), date(2026, 3, 1))
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [set(course.sites) for course in facts.radiotherapy] == sites


@pytest.mark.parametrize(
    ("text", "sites"),
    [
        # The metastasis named in a denial is no field: where the radiotherapy went is unsaid.
        ("No bone metastases seen on PET after radiotherapy", [set()]),
        ("未见骨转移，放疗后复查", [set()]),
        # Affirmed, it is the field; a denial of another site leaves it.
        ("Bone metastases: negative on PET after radiotherapy", [{SITE.BONE}]),
        ("骨转移放疗后，未见肝转移", [{SITE.BONE}]),
    ],
)
def test_rt_in_diagnosis_a_denied_metastasis_is_no_field(
    text: str, sites: list[set[RadiotherapySite]]
) -> None:
    """RT-IN-DIAGNOSIS, STG-SPREAD-WORDS (twenty-sixth session): before it, the bones of "No
    bone metastases seen on PET after radiotherapy" read as the field, so the nasopharynx was
    not irradiated and `no-prior-locoregional-rt` met where the coordinator asks."""
    chart = Chart("p")
    chart.patient("male", "1971-06-14")
    chart.condition(concept(text), date(2026, 3, 1))
    facts = build_facts(
        [chart.bundle()], patient_id="p", as_of=AS_OF, cache=ValidationCache()
    ).facts
    assert [set(course.sites) for course in facts.radiotherapy] == sites
