"""One builder of synthetic FHIR R4 charts for tests, the committed test bundles and benchmarks.

`codes` holds the code systems and the small data types (concepts, quantities); `chart` holds
`Chart`, which adds resources with deterministic ids and emits a Bundle or a patient-view request.
"""
