"""The code a pre-screening verdict comes from, as a fingerprint.

A verdict is a function of the chart, the catalog, the day, and the code that reads the one
against the other: the mapping and its terminology tables (`fhir_mapping`), the rules
(`eligibility`) and what a run makes of their results (`cds_service.prescreen`). A release
that reads a chart differently (a drug name added, a rule corrected) must not leave the
previous release's verdicts on a worklist: a re-run reuses a patient's results only under the
same code, and every Dask worker of a run must run the code the run does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

# The packages a verdict is made with; HTTP, cards and the staff pages are not read by a run.
_PACKAGES = ("fhir_mapping", "eligibility", "cds_service.prescreen")
_VERSION = b"screening-code-1"


@cache
def screening_code_fingerprint() -> str:
    """SHA-256 of every file of the packages a verdict is made with (sources and data tables,
    by path within the package), computed once per process."""
    digest = hashlib.sha256(_VERSION)
    for package in _PACKAGES:
        for path, item in sorted(_files(resources.files(package), package)):
            digest.update(path.encode())
            digest.update(b"\0")
            digest.update(hashlib.sha256(item.read_bytes()).digest())
    return digest.hexdigest()


def _files(folder: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for item in folder.iterdir():
        if item.name == "__pycache__" or item.name.endswith(".pyc"):
            continue  # compiled copies of the sources, per interpreter
        path = f"{prefix}/{item.name}"
        if item.is_dir():
            yield from _files(item, path)
        else:
            yield path, item
