"""Errors raised by the fhir_mapping package.

Hierarchy:
    FhirMappingError          base of everything this package raises on purpose
    ├── NoPatientError        no Patient resource with the requested id among the resources
    │                         (the HTTP layer answers 412: required data is missing)
    ├── HookInputError        a file given to `load_hook_input` is not a Bundle, a patient-view
    │                         request or NDJSON of resources (the CLI reports it, exit code 2)
    └── TerminologyTableError a shipped data table is malformed (a packaging bug, raised at import)

A bad individual resource is never an exception: it is skipped with a `MappingWarning`.
Messages name resource types, ids and element paths, never values.
"""

from __future__ import annotations


class FhirMappingError(Exception):
    """Base of every error this package raises."""


class NoPatientError(FhirMappingError):
    def __init__(self, patient_id: str) -> None:
        self.patient_id = patient_id
        super().__init__("no usable Patient resource with the requested id")


class HookInputError(FhirMappingError):
    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class TerminologyTableError(FhirMappingError):
    def __init__(self, table: str, line: int, problem: str) -> None:
        self.table = table
        self.line = line
        self.problem = problem
        super().__init__(f"{table}:{line}: {problem}")
