"""STG-EDITION: the M category a stage group means, per cancer and AJCC edition."""

from __future__ import annotations

import pytest

from eligibility.phrasing import edition
from eligibility.stage_groups import implied_m
from eligibility.taxonomy import default_taxonomy

NPC = "nasopharyngeal_carcinoma"


@pytest.mark.parametrize(
    ("group", "cancer", "edition", "expected"),
    [
        ("IVA", NPC, "8", "M0"),  # T4 or N3, M0
        ("IVB", NPC, "8", "M1"),
        ("IVA", NPC, "9", "M1a"),  # Pan 2024: M1 splits, IVA = M1a
        ("IVB", NPC, "9", "M1b"),
        ("III", NPC, "9", "M0"),  # T4 / N3 M0 moved here in the 9th
        ("IVA", NPC, None, None),  # M0 in the 8th, M1a in the 9th: ambiguous
        ("IVB", NPC, None, "M1"),  # M1 in both
        ("IVB", NPC, "7", "M0"),  # 7th edition IVB is N3 M0
        ("IVC", NPC, "7", "M1"),
        ("IVC", NPC, None, "M1"),
        ("IVA", NPC, "10", None),  # an edition the table does not hold decides nothing
        ("IVB", NPC, "CN2008", None),  # the Chinese 2008 system: groups not verified
        ("III", NPC, "CN2008", None),
        ("IVB", NPC, "CN1992", None),
        ("IVB", "oropharyngeal_cancer", None, None),  # T4b / N3, M0: not tabled
        ("IVC", "laryngeal_cancer", None, "M1"),
        ("IV", "breast_cancer", "8", "M1"),
        ("IVA", "non_small_cell_lung_cancer", None, "M1"),
        ("IVA", "cervical_cancer", None, None),  # local invasion
        ("IV", "prostate_cancer", None, None),
        ("IV", None, None, None),
    ],
)
def test_stg_edition_group_means_m_per_cancer_and_edition(
    group: str, cancer: str | None, edition: str | None, expected: str | None
) -> None:
    assert implied_m(group, cancer, edition, default_taxonomy()) == expected


def test_stg_edition_chinese_systems_are_named_as_such() -> None:
    assert edition("CN2008") == "Chinese 2008 NPC staging"
    assert edition("8") == "AJCC 8th edition"
