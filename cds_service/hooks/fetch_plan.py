"""What the fallback fetch asks the EHR's FHIR server for a key the EHR did not prefetch.

Each key's discovery template, rendered for the patient, except for Observations. The template
filters them by the codes the mapper reads, so an Observation coded only with a local code and a
text (common in Chinese EHRs: `{"text": "ECOG评分"}`, no category either) never comes back,
though the mapper recognises it by its text: with prefetch (many EHRs send every Observation)
such a chart is eligible, fetched by code alone it would be "possibly eligible".

So by default the fallback asks for every Observation of the patient, unfiltered (a superset of
the by-code query, so it replaces it). Measured on the bench charts (tests/support/fetch_cost.py,
numbers in the README): 3x the bytes of the by-code query, and the only strategy that brought
the newest result of every concept of a local-coded chart; by category brought none of them, a
date window missed the staging made at diagnosis. A chart with years of monitoring vitals can
pass the resource bound (a 412 naming it): `ONCOMATCH_FHIR_OBSERVATION_WINDOW_DAYS` then asks
for the by-code query plus the unfiltered last N days only (0: by code only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

OBSERVATIONS_KEY = "observations"


@dataclass(frozen=True, slots=True)
class FetchPlan:
    observation_window_days: int | None = None  # None: every Observation; 0: by code only

    def queries(self, key: str, rendered: str, patient_id: str, as_of: date) -> tuple[str, ...]:
        """The queries for `key`, whose template rendered for the patient is `rendered`."""
        if key != OBSERVATIONS_KEY or self.observation_window_days == 0:
            return (rendered,)
        if self.observation_window_days is None:
            return (f"Observation?patient={patient_id}",)
        # No `_sort`: every page is read anyway, and a server without it would refuse the query.
        since = as_of - timedelta(days=self.observation_window_days)
        return (rendered, f"Observation?patient={patient_id}&date=ge{since.isoformat()}")
