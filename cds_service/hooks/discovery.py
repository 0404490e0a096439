"""The discovery document: one `patient-view` service, `oncomatch-trials`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cds_service.hooks.prefetch import prefetch_templates

SERVICE_ID = "oncomatch-trials"
HOOK = "patient-view"
TITLE = "OncoMatch oncology trial matching"
DESCRIPTION = (
    "Suggests recruiting oncology clinical trials the patient may qualify for, each with a "
    "criterion-by-criterion checklist (met, not met, unknown) drawn from the chart."
)
USAGE = (
    "Needs the patient's Conditions, the Observations listed in the prefetch template, "
    "medication records and Procedures; without prefetch it reads them from fhirServer. "
    "DiagnosticReports (brain imaging, response evaluations) are optional: without prefetch "
    "they are read from fhirServer only for a patient with brain metastases or therapy on "
    "record, or when a trial asks about prior radiotherapy. The Specimens that creatinine, "
    "bilirubin or haemoglobin results refer to are read from fhirServer by id when a trial "
    "reads those values."
)


def discovery_document(observation_codes: Iterable[str]) -> dict[str, Any]:
    return {
        "services": [
            {
                "hook": HOOK,
                "title": TITLE,
                "description": DESCRIPTION,
                "id": SERVICE_ID,
                "prefetch": prefetch_templates(observation_codes),
                "usageRequirements": USAGE,
            }
        ]
    }
