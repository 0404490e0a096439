"""DX-HISTOLOGY: a cancer that is not a carcinoma is what its histology says, wherever it arose
and whatever site code it carries; carcinomas with a sarcoma's name stay carcinomas."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.support.condition_chart import condition_facts
from tools.charts.codes import ICD10CM, concept

C11_9 = (ICD10CM, "C11.9", "Malignant neoplasm of nasopharynx, unspecified")


def _cancer(code: Any) -> tuple[str | None, str | None]:
    [diagnosis] = condition_facts(code, date(2026, 3, 18)).diagnoses
    return diagnosis.cancer_type, diagnosis.within


@pytest.mark.parametrize(
    ("code", "read"),
    [
        # Not carcinomas: the histology, over the site's words and over a site code.
        (concept("鼻咽黏膜黑色素瘤", C11_9), ("melanoma", None)),
        (concept("鼻咽弥漫大B细胞淋巴瘤"), ("lymphoma", None)),
        (concept("鼻咽胚胎性横纹肌肉瘤"), ("sarcoma", None)),
        (concept("Primary gastric MALT lymphoma"), ("lymphoma", None)),
        (concept("Uterine leiomyosarcoma"), ("sarcoma", None)),
        (concept("鼻咽腺样囊性癌"), ("salivary_gland_cancer", None)),
        (
            concept("Mucoepidermoid carcinoma of nasopharynx", C11_9),
            ("salivary_gland_cancer", None),
        ),
        # Carcinomas, whatever their names hold.
        (concept("鼻咽非角化性未分化型癌", C11_9), ("nasopharyngeal_carcinoma", None)),
        (concept("Lymphoepithelial carcinoma of nasopharynx"), ("nasopharyngeal_carcinoma", None)),
        (concept("Sarcomatoid carcinoma of lung"), ("lung_cancer", None)),
        (concept("子宫癌肉瘤"), (None, "solid_tumor")),
        (concept("Non-melanoma skin cancer"), ("non_melanoma_skin_cancer", None)),
    ],
)
def test_dx_histology_a_non_carcinoma_is_its_histology(
    code: Any, read: tuple[str | None, str | None]
) -> None:
    assert _cancer(code) == read
