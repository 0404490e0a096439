"""Errors the fhir_mapping package raises on purpose; messages name types, ids, paths, not values.

FhirMappingError          base of them all
├── NoPatientError        no Patient with the requested id (the HTTP layer answers 412)
├── HookInputError        `load_hook_input` got no Bundle, request or NDJSON (CLI exit code 2)
└── TerminologyTableError a shipped data table is malformed (a packaging bug, raised at import)
A bad individual resource is never an exception: it is skipped with a `MappingWarning`.
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
