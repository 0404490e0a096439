"""FHIR R4 resources -> `eligibility.facts.PatientFacts`.

The only package that imports fhir.resources (R4B models). Public API:
- `build_facts(resources, *, patient_id, as_of, zone=None)` -> `MappingResult` (facts, warnings,
  counts); `zone`, the hospital's, dates instants on its calendar (GEN-LOCAL-DAY);
- `bundle_to_hook_request(bundle, *, hook_instance, ...)` and `load_hook_input(path)`: test
  bundles and files -> CDS Hooks `patient-view` requests (shared by the CLI and the tests);
- `observation_codes()`: the `system|code` tokens of the Observations the mapper reads, for the
  service's prefetch template; `chart_names_brain_metastases(resources)`,
  `chart_records_therapy(resources)` and `chart_names_a_cancer(resources)`: whether a chart may
  need its reports (`report_need`); `unheld_specimens(resources)`: the Specimens a chart's
  results need read and it does not hold (`specimen_need`, VAL-LAB-PANEL);
- errors in `fhir_mapping.errors`.

Modules, in the order data flows through them:

- `mapper`: `build_facts`, the pipeline below; `bundle_request`: bundles and files -> requests.
- `selection`: what to validate, chosen on the raw JSON; `elements`: reading an element the
  same way from raw JSON and from validated models; `terminology`: the code and name tables.
- `parsing`: `parse`, one resource -> its validated projection or a warning, and `Deferred`;
  `cleaning`: what R4 forbids removed before validation, and the content key;
  `validation_cache`: validated models kept across calls; `shared_parts`: recurring coded
  elements validated once; `templates` and `templated`: alike resources validated once, as the
  template of the next ones.
- `observations`, `chronology`: what the Observation readers share, and dates.
- The readers, one per fact family: `demographics`, `diagnoses`, `staging`, `performance`,
  `measurements`, `biomarkers`, `therapy`, `lines`, `radiotherapy`, `comorbidities`,
  `comorbidity_drugs`, `brain_metastases` (treated / stable / steroids), `infections` (HIV and
  hepatitis control, and infections a result shows).
- `mapping_warnings`: what was skipped and why; `errors`: what the package raises.
"""

from fhir_mapping.bundle_request import bundle_to_hook_request, load_hook_input
from fhir_mapping.errors import FhirMappingError, HookInputError, NoPatientError
from fhir_mapping.mapper import MappingResult, build_facts
from fhir_mapping.mapping_warnings import MappingWarning
from fhir_mapping.report_need import (
    chart_names_a_cancer,
    chart_names_brain_metastases,
    chart_records_therapy,
)
from fhir_mapping.specimen_need import unheld_specimens
from fhir_mapping.terminology import observation_codes
from fhir_mapping.validation_cache import ValidationCache

__all__ = [
    "FhirMappingError",
    "HookInputError",
    "MappingResult",
    "MappingWarning",
    "NoPatientError",
    "ValidationCache",
    "build_facts",
    "bundle_to_hook_request",
    "chart_names_a_cancer",
    "chart_names_brain_metastases",
    "chart_records_therapy",
    "load_hook_input",
    "observation_codes",
    "unheld_specimens",
]
