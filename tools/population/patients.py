"""One synthetic patient of the pre-screening population: mixed cancers, stages, performance and
treatment histories, so that a whole-catalog pre-screen meets eligible, possibly eligible and
not eligible patients in realistic proportions.

A chart is the benchmark's typical chart (W1, `tools.bench.charts`) made varied: the cancer, the
stage (or none recorded), the metastases, the number of cycles, the comorbidities, the QTc and the
latest ECOG are drawn per patient. Same (number, seed), same chart: every draw comes from one
`random.Random` seeded with both.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tools.bench.charts import AS_OF, BenchChart, Workload
from tools.charts.chart import Chart, Resource, SequentialIds
from tools.charts.codes import quantity

# The date the charts are written as of: pre-screen them `--as-of` this day.
POPULATION_AS_OF = AS_OF

Regimen = tuple[str, str, str | None]


@dataclass(frozen=True)
class Cancer:
    icd10: str  # ICD-10-CM (fhir_mapping/data/cancer_concepts.csv maps its chapter)
    text: str
    sex: str | None  # the only sex it occurs in, if one
    regimen: Regimen  # first line: agents named as in fhir_mapping/data/drugs.csv
    staged: bool = True  # TNM-staged (lymphomas are not)
    metastatic_group: str = "IV"


CANCERS = (
    Cancer(
        "C34.90", "Non-small cell lung cancer", None, ("carboplatin", "pemetrexed", "pembrolizumab")
    ),
    Cancer(
        "C50.911", "Malignant neoplasm of breast", "female", ("carboplatin", "paclitaxel", None)
    ),
    Cancer(
        "C18.9", "Malignant neoplasm of colon", None, ("oxaliplatin", "fluorouracil", "bevacizumab")
    ),
    Cancer(
        "C11.9",
        "Nasopharyngeal carcinoma",
        None,
        ("cisplatin", "gemcitabine", "toripalimab"),
        metastatic_group="IVB",
    ),
    Cancer(
        "C16.9", "Malignant neoplasm of stomach", None, ("oxaliplatin", "capecitabine", "nivolumab")
    ),
    Cancer("C61", "Malignant neoplasm of prostate", "male", ("docetaxel", "leuprolide", None)),
    Cancer("C25.9", "Malignant neoplasm of pancreas", None, ("gemcitabine", "paclitaxel", None)),
    Cancer(
        "C56.9",
        "Malignant neoplasm of ovary",
        "female",
        ("carboplatin", "paclitaxel", "bevacizumab"),
    ),
    Cancer("C43.9", "Malignant melanoma of skin", None, ("nivolumab", "ipilimumab", None)),
    Cancer("C67.9", "Malignant neoplasm of bladder", None, ("cisplatin", "gemcitabine", None)),
    Cancer("C64.9", "Malignant neoplasm of kidney", None, ("nivolumab", "ipilimumab", None)),
    Cancer("C22.0", "Liver cell carcinoma", None, ("atezolizumab", "bevacizumab", None)),
    Cancer(
        "C53.9",
        "Malignant neoplasm of cervix uteri",
        "female",
        ("cisplatin", "paclitaxel", "pembrolizumab"),
    ),
    Cancer(
        "C10.9",
        "Malignant neoplasm of oropharynx",
        None,
        ("cisplatin", "fluorouracil", "pembrolizumab"),
    ),
    Cancer(
        "C15.9", "Malignant neoplasm of esophagus", None, ("cisplatin", "fluorouracil", "nivolumab")
    ),
    Cancer(
        "C83.30",
        "Diffuse large B-cell lymphoma",
        None,
        ("cyclophosphamide", "doxorubicin", "vincristine"),
        staged=False,
    ),
)

# (T, N, M, stage group or None for the cancer's metastatic group), weight. None: not recorded.
_STAGES: tuple[tuple[tuple[str, str, str, str | None] | None, int], ...] = (
    (("cT1", "cN0", "cM0", "I"), 12),
    (("cT2", "cN1", "cM0", "II"), 18),
    (("cT3", "cN2", "cM0", "III"), 22),
    (("cT3", "cN2", "cM1", None), 38),
    (None, 10),
)
_METASTASES = (
    ("C79.51", "Secondary malignant neoplasm of bone"),
    ("C78.00", "Secondary malignant neoplasm of lung"),
    ("C78.7", "Secondary malignant neoplasm of liver"),
    ("C79.31", "Secondary malignant neoplasm of brain"),
)
_LATEST_ECOG = (0, 1, 1, 1, 2, 2, 3)


def patient_id(number: int) -> str:
    return f"pop-{number:07d}"


def population_chart(number: int, seed: int) -> Chart:
    """Patient `number`'s chart (distinct ids per number), ~300 resources."""
    rng = random.Random(f"{seed}:population:{number}")  # noqa: S311 - test data
    pid = patient_id(number)
    filler = BenchChart(Chart(pid, SequentialIds(pid, typed=False, next_number=2)), rng)
    cancer = CANCERS[rng.randrange(len(CANCERS))]
    filler.chart.patient(
        cancer.sex or rng.choice(("male", "female")),
        date(rng.randint(1940, 1992), rng.randint(1, 12), rng.randint(1, 28)),
        mrn=f"MRN-{pid}",
        name=("Population", f"Patient {number}"),
        address={"city": "Springfield", "country": "US"},
    )
    diagnosed = AS_OF - timedelta(days=rng.randint(120, 420))
    filler.condition(cancer.icd10, cancer.text, diagnosed)
    _stage_and_metastases(filler, cancer, diagnosed)
    filler.other_conditions(rng.randint(5, 14), diagnosed)
    filler.treatment(cancer.regimen, rng.randint(3, 8), first=diagnosed + timedelta(days=14))
    _latest_assessments(filler)
    filler.chronic_medications(1, diagnosed)
    procedures = Workload("population", "varied", 1, 0, rng.randint(8, 18))
    filler.procedures(procedures, diagnosed)
    return filler.chart


def _stage_and_metastases(filler: BenchChart, cancer: Cancer, diagnosed: date) -> None:
    rng = filler.rng
    stages = [stage for stage, _ in _STAGES]
    stage = rng.choices(stages, [weight for _, weight in _STAGES])[0]
    if stage is None or not cancer.staged:
        return
    t, n, m, group = stage
    filler.staging(diagnosed, (t, n, m, group or cancer.metastatic_group))
    if m == "cM1":
        for code, text in rng.sample(_METASTASES, rng.randint(1, 2)):
            filler.condition(code, text, diagnosed)


def _latest_assessments(filler: BenchChart) -> None:
    """The QTc of the last ECG (not every patient had one) and the latest ECOG."""
    rng = filler.rng
    if rng.random() < 0.75:
        qtc = quantity(rng.randint(400, 500), "ms")
        filler.observation("8636-3", "QTc interval", AS_OF - timedelta(days=9), value_quantity=qtc)
    filler.observation(
        "89247-1",
        "ECOG Performance Status score",
        AS_OF - timedelta(days=5),
        value_integer=rng.choice(_LATEST_ECOG),
    )


def resources_of(number: int, seed: int) -> list[Resource]:
    return population_chart(number, seed).resources
