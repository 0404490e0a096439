"""FHIR R4 resources -> `eligibility.facts.PatientFacts`.

The only package that imports fhir.resources (R4B models). Public API:
- `build_facts(resources, *, patient_id, as_of)` -> `MappingResult` (facts, warnings, counts);
- `bundle_to_hook_request(bundle, *, hook_instance, ...)` and `load_hook_input(path)`: test
  bundles and files -> CDS Hooks `patient-view` requests (shared by the CLI and the tests);
- `observation_codes()`: the `system|code` tokens of the Observations the mapper reads, for the
  service's prefetch template;
- errors in `fhir_mapping.errors`.
"""

from fhir_mapping.bundle_request import bundle_to_hook_request, load_hook_input
from fhir_mapping.errors import FhirMappingError, HookInputError, NoPatientError
from fhir_mapping.mapper import MappingResult, build_facts
from fhir_mapping.mapping_warnings import MappingWarning
from fhir_mapping.parsing import ValidationCache
from fhir_mapping.terminology import observation_codes

__all__ = [
    "FhirMappingError",
    "HookInputError",
    "MappingResult",
    "MappingWarning",
    "NoPatientError",
    "ValidationCache",
    "build_facts",
    "bundle_to_hook_request",
    "load_hook_input",
    "observation_codes",
]
