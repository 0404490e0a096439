"""The `Trial` model shared by the curated catalog, imported trials and synthetic benchmarks.

Catalog JSON files (`trials/NCTxxxxxxxx.json`) use these snake_case field names.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from eligibility.criteria import (
    CancerTypeCriterion,
    Criterion,
    DiseaseExtentCriterion,
    LineScope,
    MetastaticCriterion,
    StageCriterion,
    walk,
)

NCT_ID = re.compile(r"^NCT\d{8}$")
# Synthetic ids must never be mistaken for registry ids, hence a different prefix entirely.
SYNTHETIC_ID = re.compile(r"^SYN-\d{6}$")


def _requires_metastasis(criterion: Criterion) -> bool:
    if type(criterion) is MetastaticCriterion:
        return criterion.required
    if type(criterion) is StageCriterion:
        return any(m.startswith("M1") for m in criterion.m_categories)
    if type(criterion) is DiseaseExtentCriterion:
        # "Locally advanced or metastatic" does not require metastasis: lines of any setting.
        return criterion.allowed == ("metastatic",)
    return False


class TrialStatus(StrEnum):
    """ClinicalTrials.gov `overallStatus` values."""

    RECRUITING = "RECRUITING"
    NOT_YET_RECRUITING = "NOT_YET_RECRUITING"
    ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING"
    ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION"
    COMPLETED = "COMPLETED"
    SUSPENDED = "SUSPENDED"
    TERMINATED = "TERMINATED"
    WITHDRAWN = "WITHDRAWN"
    UNKNOWN = "UNKNOWN"


OPEN_STATUSES: frozenset[TrialStatus] = frozenset(
    {TrialStatus.RECRUITING, TrialStatus.NOT_YET_RECRUITING}
)
"""Statuses matched by default: a trial a patient could still be referred to."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Investigator(_Frozen):
    name: str = Field(min_length=1)
    role: str | None = None  # "principal_investigator", "study_chair", ...
    affiliation: str | None = None


class Location(_Frozen):
    facility: str | None = None
    city: str | None = None
    country: str = Field(min_length=1)
    status: TrialStatus | None = None  # recruitment status of this site, when published


class TrialSource(_Frozen):
    kind: Literal["curated", "imported", "synthetic"]
    url: str | None = None
    retrieved: date | None = None


class Curation(_Frozen):
    """Who stands behind the criteria in force, and from when: set by the service on a trial
    whose curated version a site's curator published (`cds_service.curation`). Catalog files
    leave it out; cards and pages show it as the criteria's provenance."""

    by: str = Field(min_length=1)  # the site whose curator published the version
    on: date
    version: int = Field(ge=1)


class Trial(_Frozen):
    nct_id: str
    title: str = Field(min_length=1)
    short_title: str | None = None
    phase: str | None = None  # "Phase 3", "Phase 1/Phase 2"
    overall_status: TrialStatus
    conditions: tuple[str, ...] = ()
    sponsor: str | None = None
    investigators: tuple[Investigator, ...] = ()
    locations: tuple[Location, ...] = ()
    data_as_of: date
    brief_summary: str | None = None
    primary_endpoints: tuple[str, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    eligibility_text: str | None = None
    source: TrialSource
    curation: Curation | None = None

    @model_validator(mode="after")
    def _identity(self) -> Trial:
        if self.source.kind == "synthetic":
            if not SYNTHETIC_ID.match(self.nct_id):
                raise ValueError(
                    f"synthetic trial id {self.nct_id!r} must look like SYN-000001, never NCT-like"
                )
        elif not NCT_ID.match(self.nct_id):
            raise ValueError(f"nct_id {self.nct_id!r} is not of the form NCT followed by 8 digits")
        seen: set[str] = set()
        for top in self.criteria:
            for criterion in walk(top):
                if criterion.id in seen:
                    raise ValueError(f"criterion id {criterion.id!r} is used twice")
                seen.add(criterion.id)
        return self

    @property
    def ctgov_url(self) -> str:
        return f"https://clinicaltrials.gov/study/{self.nct_id}"

    @property
    def countries(self) -> frozenset[str]:
        """Countries of the trial's sites, case-folded (the web search filters on them)."""
        return frozenset(location.country.casefold() for location in self.locations)


def trial_cancers(trial: Trial) -> tuple[str, ...]:
    """The cancers a trial is for: the nodes its inclusion cancer-type criteria allow (MAL-OTHER
    reads "another malignancy" against them); () when it names none."""
    return tuple(
        dict.fromkeys(
            node
            for top in trial.criteria
            if isinstance(top, CancerTypeCriterion) and top.section == "inclusion"
            for node in top.allowed
        )
    )


def trial_setting(trial: Trial) -> LineScope:
    """The setting of the lines a trial's line criteria count when they do not say: the
    recurrent/metastatic setting when the trial requires metastatic disease (a metastatic
    criterion, or an M1 stage), else any (LOT-SETTING). Applied where criteria are compiled
    (`eligibility.catalog.compile_trial`), so a catalog's equal criteria stay one object."""
    metastatic = any(_requires_metastasis(top) for top in trial.criteria)
    return "recurrent_metastatic" if metastatic else "any"
