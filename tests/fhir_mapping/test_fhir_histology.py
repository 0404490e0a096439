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


@pytest.mark.parametrize(
    "code",
    [
        concept("胃肠间质瘤"),
        concept("胃间质瘤术后"),
        concept("十二指肠间质瘤"),
        concept("Gastric GIST"),
        concept("Gastrointestinal stromal tumour of stomach"),
        concept("GIST", (ICD10CM, "C16.9", "Malignant neoplasm of stomach, unspecified")),
    ],
)
def test_dx_histology_a_gastrointestinal_stromal_tumour_is_a_sarcoma(code: Any) -> None:
    """DX-HISTOLOGY: a GIST is a soft-tissue sarcoma (ICD-10-CM C49.A), whatever organ or site
    code it carries; before 7 December 2026 "胃肠间质瘤" was no cancer at all, and its imatinib
    a possible line of no cancer beside the NPC's (chart `rw_gist_adjuvant_imatinib_beside_npc`)."""
    assert _cancer(code) == ("sarcoma", None)


@pytest.mark.parametrize("text", ["卵巢性索间质瘤", "睾丸间质细胞瘤", "the gist of the report"])
def test_dx_histology_other_stromal_tumours_are_no_gist(text: str) -> None:
    """DX-HISTOLOGY: gonadal stromal tumours (性索间质瘤, 间质细胞瘤) and the English word
    "gist" are no GIST."""
    assert all(
        d.cancer_type != "sarcoma"
        for d in condition_facts(concept(text), date(2026, 3, 18)).diagnoses
    )


@pytest.mark.parametrize(
    "text",
    [
        "Undifferentiated carcinoma of the postnasal space (WHO type III)",
        "Post-nasal space carcinoma",
        "Carcinoma of post nasal space, WHO type II",
    ],
)
def test_dx_place_the_postnasal_space_is_the_nasopharynx(text: str) -> None:
    assert _cancer(concept(text)) == ("nasopharyngeal_carcinoma", None)


def test_dx_place_a_postnasal_drip_names_no_nasopharynx() -> None:
    assert condition_facts(concept("Postnasal drip"), date(2026, 3, 18)).diagnoses == ()
