"""`CatalogHolder`: the service's current catalog and matcher, swappable without a restart.

A hook call reads `holder.matcher` once and uses it to the end, so a reload mid-call never mixes
two catalogs; the swap rebinds one immutable pair (atomic in Python), so readers take no lock.
After each swap `gc.freeze()` keeps the catalog's long-lived objects out of full collections
during hook calls; the catalog holds no reference cycles, so a replaced one is still freed by
reference counting. The collector's thresholds are process policy: `cds_service.gc_policy.tune_gc`.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Collection

from eligibility.catalog import Catalog, ReferralFilter
from eligibility.matching import Matcher
from eligibility.trial import OPEN_STATUSES, TrialStatus


class CatalogHolder:
    def __init__(
        self,
        catalog: Catalog,
        *,
        statuses: Collection[TrialStatus] = OPEN_STATUSES,
        countries: Collection[str] | None = None,
    ) -> None:
        self.referral = ReferralFilter(statuses, countries)
        self._lock = threading.Lock()
        self._current = self._pair(catalog)
        gc.freeze()

    def _pair(self, catalog: Catalog) -> tuple[Catalog, Matcher]:
        referral = self.referral
        return catalog, Matcher(catalog, statuses=referral.statuses, countries=referral.countries)

    @property
    def catalog(self) -> Catalog:
        return self._current[0]

    @property
    def matcher(self) -> Matcher:
        return self._current[1]

    def replace(self, catalog: Catalog) -> None:
        """Swap in a new catalog; matchers already handed out keep the old one."""
        pair = self._pair(catalog)  # built before taking the lock: readers never wait on it
        with self._lock:
            self._current = pair
        gc.freeze()

    def reload(self, load: Callable[[], Catalog]) -> Catalog:
        """Build a catalog with `load` and swap it in. If `load` raises (a bad file), the current
        catalog stays in service and the error propagates to the caller."""
        with self._lock:
            # Serialise reloads so two concurrent ones cannot finish in the wrong order.
            catalog = load()
            self._current = self._pair(catalog)
        gc.freeze()
        return catalog
