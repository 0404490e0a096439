"""MAL-OTHER from registry text: read only when every part of the item is understood; an
exception the criterion cannot hold leaves the item for review, never an exclusion."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from eligibility.criteria import Criterion, FreeTextCriterion, OtherMalignancyCriterion, walk
from eligibility.ctgov import EligibilityItem, extract, extract_item
from tests.support.registry_texts import registry_texts


def criteria(text: str, section: str = "exclusion") -> list[Criterion]:
    item = EligibilityItem(section=section, text=text, number=1)  # type: ignore[arg-type]
    return list(extract_item(item, "x").criteria)


def read(text: str) -> tuple[int | None, tuple[str, ...], bool]:
    (found,) = [c for c in criteria(text) if isinstance(c, OtherMalignancyCriterion)]
    assert not any(isinstance(c, FreeTextCriterion) for c in criteria(text))
    return found.within_years, found.excepted, found.active_only


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Any other malignancy within 5 years", (5, (), False)),
        ("A history of another primary cancer within three years of enrolment", (3, (), False)),
        ("History of another primary malignancy.", (None, (), False)),
        ("Prior malignancy ≤ 2 years before the first dose of study drug", (2, (), False)),
        ("An active second malignancy", (None, (), True)),
        (
            "Known additional invasive malignancy within 2 years prior to randomization",
            (2, ("in_situ",), False),
        ),
        (
            "Other malignancy within 3 years, except adequately treated basal cell or squamous "
            "cell skin cancer, or carcinoma in situ",
            (3, ("non_melanoma_skin", "in_situ"), False),
        ),
        (
            "Prior malignancy within 5 years other than non-melanoma skin cancer",
            (5, ("non_melanoma_skin",), False),
        ),
        (
            "History of another malignancy within 2 years before starting study treatment, "
            "except for curatively treated cancer (e.g. prostate cancer under surveillance)",
            (2, ("curatively_treated",), False),
        ),
    ],
)
def test_read_when_every_part_is_understood(
    text: str, expected: tuple[int | None, tuple[str, ...], bool]
) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # An exception the criterion cannot hold: excluding these patients would be wrong.
        "Other malignancy within 5 years, except localized prostate cancer",
        "Other malignancy within 3 years except carcinoma in situ of the cervix",
        "History of another malignancy within 5 years unless disease-free for at least 3 years",
        # Conditions on the other cancer the criterion does not read.
        "Other malignancy within 3 years requiring systemic therapy",
        "History of other malignancy within 5 years without treatment",
        "Prior or concurrent malignancy whose treatment could interfere with the study results",
        "Additional active malignancy that may confound the assessment of the endpoints",
        "Prior or concurrent malignancies, with exceptions per study protocol",
        # MAL-TREATED reads the template with its window; without one, "has required" says
        # no when.
        "Known additional malignancy that is progressing or has required active treatment",
        # Windows the criterion does not mean.
        "Other malignancy within 6 months",
        "Disease free of prior malignancies for at least 2 years",
    ],
)
def test_left_for_review_when_a_part_is_not(text: str) -> None:
    found = criteria(text)
    assert not any(isinstance(c, OtherMalignancyCriterion) for c in found)
    assert any(isinstance(c, FreeTextCriterion) for c in found)


@pytest.mark.parametrize(
    "text",
    [
        "Toxicities from prior cancer therapy not resolved to grade 1",
        "Other anticancer treatment within 4 weeks",
        "Concurrent cancer-directed therapy",
    ],
)
def test_treatment_of_cancer_is_not_another_cancer(text: str) -> None:
    assert not any(isinstance(c, OtherMalignancyCriterion) for c in criteria(text))


def test_an_inclusion_item_is_not_read() -> None:
    found = criteria("No other malignancy within 5 years", section="inclusion")
    assert not any(isinstance(c, OtherMalignancyCriterion) for c in found)


_UNHELD = re.compile(
    r"prostate|bladder|uterine|melanoma in situ|stage\s+i\b|low[- ]risk|indolent|"
    r"investigator|watchful|surveillance|confound|interfere|residual|life expectancy|"
    r"(?:of the|cervical|ductal)\s+(?:cervix|breast|carcinoma in situ)",
    re.IGNORECASE,
)


def test_on_every_real_registry_text_no_read_item_carries_an_exception_it_drops(
    shared_reference: Path,
) -> None:
    """Every other-malignancy criterion read from the 99 registry texts comes from an item
    that names no exception or condition outside what the criterion holds."""
    read_items: list[tuple[str, Any]] = []
    for trial, text in registry_texts(shared_reference).items():
        extraction = extract({"eligibilityCriteria": text}, include_api_fields=False)
        for outcome in extraction.items:
            found = [
                c
                for top in outcome.criteria
                for c in walk(top)
                if isinstance(c, OtherMalignancyCriterion)
            ]
            if found:
                read_items.append((trial, outcome.item.text))
                assert outcome.item.section == "exclusion", trial
                # Examples of a general exception ("adequately treated cancer (e.g. ...)")
                # do not narrow it.
                said = re.sub(r"\((?:e\.g\.|for example|such as)[^()]*\)", "", outcome.item.text)
                assert not _UNHELD.search(said), (trial, outcome.item.text)
    assert len(read_items) >= 4  # the plainly worded ones are read, not all left for review
