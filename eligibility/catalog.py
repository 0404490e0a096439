"""The trial catalog: an immutable set of trials with their criteria compiled and indexed.

`load_curated_catalog` reads the curated `trials/NCTxxxxxxxx.json` files shipped in the package
and validates every one up front: a bad file stops the load with a `CatalogFileError` naming the
file and the field, so mistakes surface at startup (or in `oncomatch catalog validate`), never in
the middle of a hook call.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import ValidationError

from eligibility.bitmaps import CatalogBitmaps
from eligibility.compaction import compact
from eligibility.compilation import CompiledCriterion, Rule, RuleBook
from eligibility.criteria import Criterion, walk
from eligibility.errors import CatalogError, CatalogFileError, UnknownTaxonomyNodeError
from eligibility.facts import PatientFacts
from eligibility.index import CancerTypeIndex, indexed_nodes, patient_nodes
from eligibility.taxonomy import CancerTaxonomy, default_taxonomy
from eligibility.trial import OPEN_STATUSES, Trial, TrialStatus, trial_cancers, trial_setting


@dataclass(frozen=True, slots=True)
class CompiledTrial:
    """A trial with its criteria ready to evaluate, in the trial's criterion order."""

    trial: Trial
    criteria: tuple[CompiledCriterion, ...]
    filed_under: frozenset[str] | None  # index nodes; None = open to any cancer type
    rules: tuple[Rule, ...]  # criteria[i].rule, unpacked once for the matcher's hot loop


def compile_trial(trial: Trial, rules: RuleBook) -> CompiledTrial:
    compact(trial, rules.shared_criteria)
    setting, cancers = trial_setting(trial), trial_cancers(trial)
    try:
        criteria = tuple(rules.compile(rules.scoped(c, setting, cancers)) for c in trial.criteria)
    except UnknownTaxonomyNodeError as error:
        raise CatalogError(f"{trial.nct_id}: {error}") from error
    trial_rules = tuple(entry.rule for entry in criteria)
    return CompiledTrial(trial, criteria, indexed_nodes(trial.criteria), trial_rules)


@contextmanager
def bulk_build() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once.

    Loading 25,000 trials creates a few hundred thousand small objects, none of them garbage;
    the collector would otherwise rescan them again and again (measured: 4x slower loads).
    The trials have no reference cycles, so nothing is lost by collecting afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ReferralFilter:
    """Which trials a patient could be referred to: the service's statuses and countries."""

    def __init__(
        self, statuses: Collection[TrialStatus], countries: Collection[str] | None
    ) -> None:
        self.statuses = frozenset(statuses)
        self.countries = tuple(countries) if countries is not None else None
        self._wanted = (
            {country.casefold() for country in countries} if countries is not None else None
        )

    def why_not(self, trial: Trial) -> str | None:
        """Why cards never suggest this trial, or None when they may."""
        if trial.overall_status not in self.statuses:
            shown = ", ".join(sorted(status.value for status in self.statuses))
            return (
                f"its status ({trial.overall_status.value}) is not one this service suggests "
                f"({shown})"
            )
        if self._wanted is None:
            return None
        if any(
            site.country.casefold() in self._wanted
            and (site.status is None or site.status in self.statuses)
            for site in trial.locations
        ):
            return None
        assert self.countries is not None
        served = ", ".join(self.countries)
        return f"it has no open site in the countries this service serves ({served})"


class Catalog:
    """Immutable: build a new one (`merged_with`, `select`, a reload) instead of changing it."""

    def __init__(self, trials: Iterable[Trial], taxonomy: CancerTaxonomy | None = None) -> None:
        rules = RuleBook(taxonomy)
        with bulk_build():
            self._init(rules, [compile_trial(trial, rules) for trial in trials])

    @classmethod
    def _from_compiled(cls, rules: RuleBook, compiled: list[CompiledTrial]) -> Catalog:
        # Derived catalogs reuse compiled trials and the rule book: nothing is recompiled.
        catalog = cls.__new__(cls)
        catalog._init(rules, compiled)
        return catalog

    def _init(self, rules: RuleBook, compiled: list[CompiledTrial]) -> None:
        compiled = sorted(compiled, key=lambda c: c.trial.nct_id)
        by_id: dict[str, CompiledTrial] = {}
        for entry in compiled:
            if entry.trial.nct_id in by_id:
                raise CatalogError(f"{entry.trial.nct_id}: the trial is in the catalog twice")
            by_id[entry.trial.nct_id] = entry
        self._rules = rules
        self._compiled = tuple(compiled)
        self._by_id = by_id
        self._index = CancerTypeIndex([entry.filed_under for entry in compiled])
        self._bitmaps: CatalogBitmaps | None = None
        self._bitmaps_lock = threading.Lock()

    # --- reading --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._compiled)

    def __contains__(self, nct_id: object) -> bool:
        return nct_id in self._by_id

    def __iter__(self) -> Iterator[Trial]:
        return (entry.trial for entry in self._compiled)

    @property
    def trials(self) -> tuple[Trial, ...]:
        return tuple(entry.trial for entry in self._compiled)

    def criteria(self) -> Iterator[Criterion]:
        """Every criterion of every trial, the nested ones too (`walk`)."""
        for entry in self._compiled:
            for top in entry.trial.criteria:
                yield from walk(top)

    @property
    def taxonomy(self) -> CancerTaxonomy:
        return self._rules.taxonomy

    @property
    def rules(self) -> RuleBook:
        return self._rules

    @property
    def data_as_of(self) -> date | None:
        """The newest `data_as_of` among the trials (None for an empty catalog)."""
        return max((entry.trial.data_as_of for entry in self._compiled), default=None)

    def get(self, nct_id: str) -> Trial | None:
        entry = self._by_id.get(nct_id)
        return entry.trial if entry is not None else None

    def compiled(self, nct_id: str) -> CompiledTrial | None:
        return self._by_id.get(nct_id)

    @property
    def compiled_trials(self) -> tuple[CompiledTrial, ...]:
        """The compiled trials by position (NCT id order), as `bitmaps` numbers them."""
        return self._compiled

    @property
    def bitmaps(self) -> CatalogBitmaps:
        """Bitmaps of this catalog's trials, built on first use (~0.2 s for 25k trials): only the
        catalog a `Matcher` matches against needs them."""
        bitmaps = self._bitmaps
        if bitmaps is None:
            with self._bitmaps_lock:
                bitmaps = self._bitmaps
                if bitmaps is None:
                    bitmaps = self._bitmaps = CatalogBitmaps(
                        [entry.rules for entry in self._compiled],
                        self._index,
                        [entry.trial.data_as_of for entry in self._compiled],
                    )
        return bitmaps

    def candidates(self, facts: PatientFacts) -> list[CompiledTrial]:
        """Trials worth evaluating for this patient (see `eligibility.index`), by id."""
        positions = self._index.positions(patient_nodes(facts, self.taxonomy))
        return [self._compiled[position] for position in positions]

    # --- deriving -------------------------------------------------------------------------------

    def select(
        self,
        statuses: Collection[TrialStatus] = OPEN_STATUSES,
        countries: Collection[str] | None = None,
    ) -> Catalog:
        """The trials a patient could be referred to: overall status in `statuses` and, when
        `countries` is given, at least one site in one of them whose own status (if published)
        is also allowed. Trials without any listed site are dropped by a country filter: there
        is nowhere to refer the patient."""
        referral = ReferralFilter(statuses, countries)
        return Catalog._from_compiled(
            self._rules,
            [entry for entry in self._compiled if referral.why_not(entry.trial) is None],
        )

    def merged_with(self, imported: Iterable[Trial]) -> Catalog:
        """This catalog plus imported trials; for the same NCT id this (curated) one wins."""
        with bulk_build():
            extra = [
                compile_trial(trial, self._rules)
                for trial in _last_per_id(imported)
                if trial.nct_id not in self._by_id
            ]
            if not extra:
                return self  # immutable: nothing to add, nothing to rebuild
            return Catalog._from_compiled(self._rules, [*self._compiled, *extra])

    def with_overrides(self, trials: Iterable[Trial]) -> Catalog:
        """This catalog with `trials` in place of its own of the same NCT id (new ids added):
        a site's published curated versions over the curated files. Only `trials` are
        compiled; every other trial is reused as it is."""
        replacing = _last_per_id(trials)
        if not replacing:
            return self
        with bulk_build():
            fresh = [compile_trial(trial, self._rules) for trial in replacing]
        ids = {entry.trial.nct_id for entry in fresh}
        kept = [entry for entry in self._compiled if entry.trial.nct_id not in ids]
        return Catalog._from_compiled(self._rules, [*kept, *fresh])


def _last_per_id(trials: Iterable[Trial]) -> list[Trial]:
    # An import may list a study twice (paged answers overlap); the later record is newer.
    return list({trial.nct_id: trial for trial in trials}.values())


# --- loading -------------------------------------------------------------------------------------


def _describe(error: ValidationError) -> tuple[str, str]:
    """(field path, problem) of the first error, e.g. ('criteria.3.age.max_years', '...')."""
    details = error.errors(include_url=False)
    first = details[0]
    field = ".".join(str(part) for part in first["loc"]) or "(file)"
    problem = first["msg"]
    if len(details) > 1:
        problem += f" (and {len(details) - 1} more problem(s))"
    return field, problem


def load_trial_file(entry: Traversable | Path, taxonomy: CancerTaxonomy) -> Trial:
    """Read and validate one catalog file; `CatalogFileError` names the file and the field."""
    path = str(entry)
    try:
        text = entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogFileError(path, "(file)", f"cannot be read: {error}") from error
    try:
        trial = Trial.model_validate_json(text, context={"taxonomy": taxonomy})
    except ValidationError as error:
        field, problem = _describe(error)
        raise CatalogFileError(path, field, problem) from error
    expected = entry.name.removesuffix(".json")
    if trial.nct_id != expected:
        raise CatalogFileError(
            path, "nct_id", f"{trial.nct_id!r} does not match the file name {entry.name!r}"
        )
    return trial


def _catalog_files(root: Path | Traversable) -> Iterator[Path | Traversable]:
    # Only trial files: a README or notes beside them are not part of the catalog.
    return (e for e in root.iterdir() if e.name.startswith("NCT") and e.name.endswith(".json"))


def load_curated_catalog(
    directory: Path | Traversable | None = None, taxonomy: CancerTaxonomy | None = None
) -> Catalog:
    """Every `NCT*.json` in `directory` (default: the `trials` package's shipped data)."""
    taxonomy = taxonomy or default_taxonomy()
    root: Path | Traversable = directory if directory is not None else resources.files("trials")
    if not root.is_dir():
        raise CatalogError(f"{root}: catalog directory not found")
    files = sorted(_catalog_files(root), key=lambda e: e.name)
    # A generator: each trial is compiled (and compacted) as soon as it is read, which keeps the
    # peak memory of a large catalog close to its final size.
    trials = (load_trial_file(entry, taxonomy) for entry in files)
    try:
        return Catalog(trials, taxonomy)
    except CatalogFileError:
        raise
    except CatalogError as error:
        raise CatalogError(f"{root}: {error}") from error


def find_catalog_problems(
    directory: Path | Traversable | None = None, taxonomy: CancerTaxonomy | None = None
) -> list[CatalogError]:
    """Every problem in a catalog directory, not just the first (`oncomatch catalog validate`):
    each bad file once, then catalog-wide problems if every file was fine on its own."""
    taxonomy = taxonomy or default_taxonomy()
    root: Path | Traversable = directory if directory is not None else resources.files("trials")
    if not root.is_dir():
        return [CatalogError(f"{root}: catalog directory not found")]
    problems: list[CatalogError] = []
    trials: list[Trial] = []
    for entry in sorted(_catalog_files(root), key=lambda e: e.name):
        try:
            trials.append(load_trial_file(entry, taxonomy))
        except CatalogFileError as error:
            problems.append(error)
    if not problems:
        try:
            Catalog(trials, taxonomy)
        except CatalogError as error:
            problems.append(error)
    return problems
