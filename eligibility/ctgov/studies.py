"""ClinicalTrials.gov API v2 study JSON -> `Trial`.

Accepted documents (`iter_studies`): one study (`{"protocolSection": ...}`), a list of studies,
or the API's paged answer (`{"studies": [...], "nextPageToken": ...}`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from eligibility.criteria import CancerTypeCriterion, Criterion, FreeTextCriterion
from eligibility.ctgov.conditions import cancer_nodes
from eligibility.ctgov.errors import CtgovFormatError
from eligibility.ctgov.extraction import Extraction, extract
from eligibility.taxonomy import CancerTaxonomy, default_taxonomy
from eligibility.trial import Investigator, Location, Trial, TrialSource, TrialStatus

Study = Mapping[str, Any]

_PHASES = {
    "EARLY_PHASE1": "Early Phase 1",
    "PHASE1": "Phase 1",
    "PHASE2": "Phase 2",
    "PHASE3": "Phase 3",
    "PHASE4": "Phase 4",
}


def iter_studies(document: object, where: str = "document") -> Iterator[Study]:
    """The study records in one API v2 JSON document."""
    if isinstance(document, list):
        for index, entry in enumerate(document):
            yield from iter_studies(entry, f"{where}[{index}]")
        return
    if not isinstance(document, Mapping):
        raise CtgovFormatError(where, "expected a study object, a list or a paged answer")
    if "studies" in document:
        studies = document["studies"]
        if not isinstance(studies, list):
            raise CtgovFormatError(where, "'studies' is not a list")
        for index, entry in enumerate(studies):
            if not isinstance(entry, Mapping) or "protocolSection" not in entry:
                raise CtgovFormatError(f"{where}.studies[{index}]", "not a study record")
            yield entry
        return
    if "protocolSection" in document:
        yield document
        return
    raise CtgovFormatError(where, "no 'protocolSection' or 'studies' field")


def nct_id_of(study: Study) -> str:
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        raise CtgovFormatError(
            "study", "protocolSection.identificationModule.nctId missing"
        ) from None
    if not isinstance(value, str):
        raise CtgovFormatError("study", "nctId is not a string")
    return value


def _module(study: Study, name: str) -> Mapping[str, Any]:
    section = study.get("protocolSection") or {}
    value = section.get(name) if isinstance(section, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def parse_date(value: object) -> date | None:
    """API dates are "YYYY-MM-DD" or "YYYY-MM" (then the first of the month)."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 7:
            return date.fromisoformat(f"{value}-01")
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def last_update_date(study: Study) -> date | None:
    status = _module(study, "statusModule")
    struct = status.get("lastUpdatePostDateStruct")
    return parse_date(struct.get("date")) if isinstance(struct, Mapping) else None


def overall_status(study: Study) -> TrialStatus:
    value = _module(study, "statusModule").get("overallStatus")
    try:
        return TrialStatus(str(value))
    except ValueError:
        return TrialStatus.UNKNOWN  # expanded-access values and anything new


def mesh_terms(study: Study) -> list[str]:
    derived = study.get("derivedSection")
    if not isinstance(derived, Mapping):
        return []
    browse = derived.get("conditionBrowseModule")
    meshes = browse.get("meshes") if isinstance(browse, Mapping) else None
    if not isinstance(meshes, list):
        return []
    return [str(m["term"]) for m in meshes if isinstance(m, Mapping) and m.get("term")]


@dataclass(frozen=True, slots=True)
class ImportedStudy:
    """A converted study with what was read from it (for explanations and measurement)."""

    trial: Trial
    extraction: Extraction
    last_update: date | None


def convert_study(
    study: Study, *, retrieved: date, taxonomy: CancerTaxonomy | None = None
) -> ImportedStudy:
    """Convert one API v2 study record; `CtgovFormatError` names the study and the problem."""
    taxonomy = taxonomy or default_taxonomy()
    nct_id = nct_id_of(study)
    ident = _module(study, "identificationModule")
    description = _module(study, "descriptionModule")
    conditions_module = _module(study, "conditionsModule")
    design = _module(study, "designModule")
    sponsors = _module(study, "sponsorCollaboratorsModule")
    contacts = _module(study, "contactsLocationsModule")
    outcomes = _module(study, "outcomesModule")
    eligibility = _module(study, "eligibilityModule")

    conditions = [str(c) for c in conditions_module.get("conditions") or [] if c]
    extraction = extract(eligibility)
    criteria: list[Criterion] = []
    nodes = cancer_nodes(conditions, mesh_terms(study), taxonomy)
    quoted = "; ".join(conditions) or "; ".join(mesh_terms(study)) or None
    if nodes:
        criteria.append(
            CancerTypeCriterion(
                id="api-cancer-type",
                label="Cancer type: " + ", ".join(taxonomy.label(n) for n in nodes),
                allowed=nodes,
                source_text=f"conditions: {quoted}",
            )
        )
    elif quoted:
        criteria.append(
            FreeTextCriterion(
                id="api-cancer-type",
                label=f"Cancer type (review): {quoted[:80]}",
                text=f"Conditions studied: {quoted}",
                source_text=f"conditions: {quoted}",
            )
        )
    criteria.extend(extraction.criteria)

    phases = [p for p in design.get("phases") or [] if p in _PHASES]
    lead = sponsors.get("leadSponsor")
    title = ident.get("officialTitle") or ident.get("briefTitle") or nct_id
    try:
        trial = Trial(
            nct_id=nct_id,
            title=str(title),
            short_title=ident.get("acronym") or ident.get("briefTitle"),
            phase="/".join(_PHASES[p] for p in phases) or None,
            overall_status=overall_status(study),
            conditions=tuple(conditions),
            sponsor=lead.get("name") if isinstance(lead, Mapping) else None,
            investigators=tuple(_investigators(contacts)),
            locations=tuple(_locations(contacts)),
            data_as_of=retrieved,
            brief_summary=description.get("briefSummary"),
            primary_endpoints=tuple(
                str(o["measure"])
                for o in outcomes.get("primaryOutcomes") or []
                if isinstance(o, Mapping) and o.get("measure")
            ),
            criteria=tuple(criteria),
            eligibility_text=eligibility.get("eligibilityCriteria"),
            source=TrialSource(
                kind="imported",
                url=f"https://clinicaltrials.gov/study/{nct_id}",
                retrieved=retrieved,
            ),
        )
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        raise CtgovFormatError(nct_id, f"{field}: {first['msg']}") from error
    return ImportedStudy(trial, extraction, last_update_date(study))


def _investigators(contacts: Mapping[str, Any]) -> Iterator[Investigator]:
    for official in contacts.get("overallOfficials") or []:
        if isinstance(official, Mapping) and official.get("name"):
            role = official.get("role")
            yield Investigator(
                name=str(official["name"]),
                role=str(role).lower() if role else None,
                affiliation=official.get("affiliation"),
            )


def _locations(contacts: Mapping[str, Any]) -> Iterator[Location]:
    for site in contacts.get("locations") or []:
        if not isinstance(site, Mapping) or not site.get("country"):
            continue  # a site without a country cannot be used for referral filtering
        status: TrialStatus | None
        try:
            status = TrialStatus(str(site["status"])) if site.get("status") else None
        except ValueError:
            status = None
        yield Location(
            facility=site.get("facility"),
            city=site.get("city"),
            country=str(site["country"]),
            status=status,
        )
