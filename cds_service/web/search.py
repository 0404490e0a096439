"""Searching and filtering the catalog for `/trials`: text, cancer type, phase, status, country."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from eligibility.catalog import Catalog
from eligibility.index import indexed_nodes
from eligibility.taxonomy import CancerTaxonomy
from eligibility.trial import Trial, TrialStatus

PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class TrialQuery:
    text: str = ""
    cancer_type: str = ""
    phase: str = ""
    status: str = ""
    country: str = ""
    page: int = 1

    @classmethod
    def from_params(cls, params: dict[str, str]) -> TrialQuery:
        """Lenient: a page number that is not one becomes 1 (a link typo is not worth a 400)."""
        try:
            page = max(1, int(params.get("page", "1")))
        except ValueError:
            page = 1
        return cls(
            text=params.get("q", "").strip()[:200],
            cancer_type=params.get("cancer_type", "").strip(),
            phase=params.get("phase", "").strip(),
            status=params.get("status", "").strip().upper(),
            country=params.get("country", "").strip(),
            page=page,
        )

    def params(self, *, page: int | None = None) -> dict[str, str]:
        values = {
            "q": self.text,
            "cancer_type": self.cancer_type,
            "phase": self.phase,
            "status": self.status,
            "country": self.country,
            "page": str(page if page is not None else self.page),
        }
        return {k: v for k, v in values.items() if v and not (k == "page" and v == "1")}

    @property
    def filtered(self) -> bool:
        return any((self.text, self.cancer_type, self.phase, self.status, self.country))


@dataclass(frozen=True, slots=True)
class TrialPage:
    trials: tuple[Trial, ...]
    total: int
    page: int
    pages: int


def search(catalog: Catalog, query: TrialQuery) -> TrialPage:
    taxonomy = catalog.taxonomy
    words = [w.casefold() for w in query.text.split() if w]
    found = [
        trial
        for trial in catalog.trials
        if _has_words(trial, words)
        and _cancer_fits(trial, query.cancer_type, taxonomy)
        and (not query.phase or (trial.phase or "") == query.phase)
        and (not query.status or trial.overall_status.value == query.status)
        and (not query.country or _has_site_in(trial, query.country))
    ]
    pages = max(1, math.ceil(len(found) / PAGE_SIZE))
    page = min(query.page, pages)
    start = (page - 1) * PAGE_SIZE
    return TrialPage(tuple(found[start : start + PAGE_SIZE]), len(found), page, pages)


def _has_site_in(trial: Trial, country: str) -> bool:
    wanted = country.casefold()
    return any(site.country.casefold() == wanted for site in trial.locations)


def _has_words(trial: Trial, words: Sequence[str]) -> bool:
    if not words:
        return True
    haystack = " ".join(
        [
            trial.nct_id,
            trial.title,
            trial.short_title or "",
            trial.sponsor or "",
            trial.brief_summary or "",
            *trial.conditions,
            *(i.name for i in trial.investigators),
        ]
    ).casefold()
    return all(word in haystack for word in words)


def _cancer_fits(trial: Trial, node: str, taxonomy: CancerTaxonomy) -> bool:
    """A trial fits a chosen cancer type when it admits it (it names the type or an ancestor,
    like a solid-tumour basket) or names a subtype of it, or has no cancer-type restriction."""
    if not node or node not in taxonomy:
        return True
    filed = indexed_nodes(trial.criteria)
    if filed is None:
        return True
    wanted = set(taxonomy.ancestors(node))
    return any(n in wanted or (n in taxonomy and taxonomy.is_a(n, node)) for n in filed)


@dataclass(frozen=True, slots=True)
class Facets:
    cancer_types: tuple[tuple[str, str], ...]
    phases: tuple[str, ...]
    statuses: tuple[TrialStatus, ...]
    countries: tuple[str, ...]


def facets(catalog: Catalog) -> Facets:
    """Filter options: only values some trial in the catalog has."""
    taxonomy = catalog.taxonomy
    nodes: set[str] = set()
    for trial in catalog.trials:
        filed = indexed_nodes(trial.criteria) or frozenset()
        for node in filed:
            if node in taxonomy:
                nodes.update(taxonomy.ancestors(node))
    cancer_types = tuple((node.id, node.label) for node in taxonomy if node.id in nodes)
    return Facets(
        cancer_types=cancer_types,
        phases=tuple(sorted({t.phase for t in catalog.trials if t.phase})),
        statuses=tuple(s for s in TrialStatus if any(t.overall_status is s for t in catalog)),
        countries=tuple(
            sorted({site.country for t in catalog.trials for site in t.locations}, key=str.casefold)
        ),
    )
