"""The population as a FHIR Bulk Data export on disk: NDJSON files per resource type (one
resource a line, a patient's resources spread over the type files as in every `$export`), the
`manifest.json` the export's status request answers with, and `population.json` saying what was
generated (so a benchmark can reuse an export it already wrote).

Streaming: each patient's chart is built, written and dropped, so memory does not grow with the
population. With `jobs` > 1 each job writes its own file per type (`Observation.001.ndjson`),
patients dealt out in turn; the same (patients, seed, jobs) gives the same files byte for byte.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

import orjson

from tools.population.patients import POPULATION_AS_OF, population_chart

MANIFEST = "manifest.json"
RECORD = "population.json"
DEFAULT_SEED = 20261204


@dataclass(frozen=True)
class Population:
    """What an export directory holds; equal records mean equal files."""

    patients: int
    seed: int
    jobs: int
    resources: int = 0  # filled in once written

    def same_input(self, other: Population) -> bool:
        return (self.patients, self.seed, self.jobs) == (other.patients, other.seed, other.jobs)


def existing_population(directory: Path) -> Population | None:
    """The population a finished export in `directory` holds (the record is written last)."""
    try:
        return Population(**orjson.loads((directory / RECORD).read_bytes()))
    except (OSError, orjson.JSONDecodeError, TypeError):
        return None


def write_export(
    directory: Path, patients: int, seed: int = DEFAULT_SEED, jobs: int = 1
) -> Population:
    """Write patients 1..`patients` to `directory` (created; files of an earlier export removed)."""
    if patients < 1 or jobs < 1:
        raise ValueError("patients and jobs must be at least 1")
    directory.mkdir(parents=True, exist_ok=True)
    for stale in (*directory.glob("*.ndjson"), directory / MANIFEST, directory / RECORD):
        stale.unlink(missing_ok=True)
    tasks = [(directory, patients, seed, jobs, job) for job in range(jobs)]
    if jobs == 1:
        counts = [_write_part(*tasks[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            counts = pool.starmap(_write_part, tasks)
    outputs = [
        {"type": kind, "url": name, "count": count}
        for part in counts
        for (kind, name), count in sorted(part.items())
    ]
    manifest = {
        "transactionTime": f"{POPULATION_AS_OF.isoformat()}T00:00:00Z",
        "request": "Group/synthetic-population/$export",
        "requiresAccessToken": False,
        "output": sorted(outputs, key=lambda o: str(o["url"])),
        "error": [],
    }
    (directory / MANIFEST).write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    total = sum(int(str(o["count"])) for o in outputs)
    done = Population(patients, seed, jobs, total)
    (directory / RECORD).write_bytes(orjson.dumps(asdict(done), option=orjson.OPT_INDENT_2))
    return done


def _write_part(
    directory: Path, patients: int, seed: int, jobs: int, job: int
) -> dict[tuple[str, str], int]:
    """Patients job+1, job+1+jobs, ... into this job's file per type; the count per file."""
    files: dict[str, IO[bytes]] = {}
    counts: dict[tuple[str, str], int] = {}
    try:
        for number in _numbers(patients, jobs, job):
            for resource in population_chart(number, seed).resources:
                kind = resource["resourceType"]
                out = files.get(kind)
                if out is None:
                    out = files[kind] = (directory / _file_name(kind, job)).open("wb")
                out.write(orjson.dumps(resource, option=orjson.OPT_APPEND_NEWLINE))
                key = (kind, _file_name(kind, job))
                counts[key] = counts.get(key, 0) + 1
    finally:
        for out in files.values():
            out.close()
    return counts


def _numbers(patients: int, jobs: int, job: int) -> Iterator[int]:
    return iter(range(job + 1, patients + 1, jobs))


def _file_name(kind: str, job: int) -> str:
    return f"{kind}.{job:03d}.ndjson"
