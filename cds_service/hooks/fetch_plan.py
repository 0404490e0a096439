"""What the fallback fetch asks the EHR's FHIR server for a key the EHR did not prefetch.

Each key's discovery template, rendered for the patient, except Observations: by default every
Observation of the patient, unfiltered, because a code filter drops those coded only locally
(common in Chinese EHRs) that the mapper recognises by their text; likewise every
DiagnosticReport, fetched only for a chart that may need its reports (`report_need.py`). For
very long charts `ONCOMATCH_FHIR_OBSERVATION_WINDOW_DAYS` narrows it; measurements and
trade-offs are in README.md, "Prefetch and fetching".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

OBSERVATIONS_KEY = "observations"
DIAGNOSTIC_REPORTS_KEY = "diagnosticReports"


@dataclass(frozen=True, slots=True)
class FetchPlan:
    observation_window_days: int | None = None  # None: every Observation; 0: by code only

    def queries(self, key: str, rendered: str, patient_id: str, as_of: date) -> tuple[str, ...]:
        """The queries for `key`, whose template rendered for the patient is `rendered`."""
        if key == DIAGNOSTIC_REPORTS_KEY:
            # Brain imaging reports are mostly recognised by their name, which no query can
            # ask for; they are fetched only for a chart that needs them (prefetch.py).
            return (f"DiagnosticReport?patient={patient_id}",)
        if key != OBSERVATIONS_KEY or self.observation_window_days == 0:
            return (rendered,)
        if self.observation_window_days is None:
            return (f"Observation?patient={patient_id}",)
        # No `_sort`: every page is read anyway, and a server without it would refuse the query.
        since = as_of - timedelta(days=self.observation_window_days)
        return (rendered, f"Observation?patient={patient_id}&date=ge{since.isoformat()}")
