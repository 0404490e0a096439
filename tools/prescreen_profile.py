"""Where a pre-screened patient's time goes, in process: the per-patient function of the engine
(`cds_service.prescreen.patient_job.screen_patient`) on the population's charts against the
benchmark catalog, split into its stages, and the functions that cost most (cProfile).

Stages, per patient (median ms after a warm-up, so the validation templates are warm as in a
long run; the validation cache as the workers keep it): `parse` (orjson of the NDJSON lines),
`map` (`build_facts`), `match` (`Matcher.rank`), `entries` (the rest of `screen_patient`: every
match made a worklist entry with its undecided criteria and data date), `write` (the entries
added to a partition's result file, `partition_results.ResultFile`). Their sum set against the
CPU time per patient of a whole run (`tools.prescreen_bench`) leaves what the run spends outside
them: partitioning the export and reading it back, merging results, writing worklists and the
database.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import tempfile
import time
from datetime import tzinfo
from pathlib import Path
from typing import Any

import orjson

from tools.population.export import DEFAULT_SEED as POPULATION_SEED
from tools.population.patients import POPULATION_AS_OF, population_chart

STAGES = ("parse", "map", "match", "entries", "write", "total")


def profile_patients(
    catalog: Path, patients: int = 300, warmup: int = 50, seed: int = POPULATION_SEED
) -> dict[str, Any]:
    from cds_service.prescreen.partition_results import ResultFile
    from cds_service.prescreen.patient_job import (
        VALIDATION_CACHE_SIZE,
        WORKLIST_VERDICT,
        PatientResult,
        screen_patient,
    )
    from cds_service.prescreen.state_shards import shard_count
    from cds_service.prescreen.worker_catalog import worker_catalog
    from cds_service.service import open_database
    from cds_service.settings import AuthMode, Settings
    from fhir_mapping import ValidationCache, build_facts

    with tempfile.TemporaryDirectory(prefix="oncomatch-profile-") as data:
        settings = Settings(data_dir=Path(data), auth=AuthMode.OFF, synthetic_catalog=catalog)
        open_database(settings).dispose()  # the schema the catalog loader reads
        started = time.perf_counter()
        matcher = worker_catalog(settings).holder.matcher
        load_seconds = time.perf_counter() - started
        cache = ValidationCache(maxsize=VALIDATION_CACHE_SIZE)
        # As many shards as a run of the benchmark's two workers makes.
        results = ResultFile.create(Path(data) / "profile.results.sqlite3", shard_count(2))
        samples: dict[str, list[float]] = {stage: [] for stage in STAGES}
        entries: list[int] = []
        for number in range(1, warmup + patients + 1):
            chart = population_chart(number, seed)
            lines = [orjson.dumps(resource) for resource in chart.resources]
            t0 = time.perf_counter()
            resources = [orjson.loads(line) for line in lines]
            t1 = time.perf_counter()
            mapping = build_facts(
                resources,
                patient_id=chart.pid,
                as_of=POPULATION_AS_OF,
                cache=cache,
                zone=settings.zone,
            )
            t2 = time.perf_counter()
            matcher.rank(mapping.facts, minimum_verdict=WORKLIST_VERDICT)
            t3 = time.perf_counter()
            made = screen_patient(
                resources,
                patient_id=chart.pid,
                as_of=POPULATION_AS_OF,
                matcher=matcher,
                zone=settings.zone,
            )
            t4 = time.perf_counter()
            results.add(PatientResult(chart.pid, "", entries=made))
            t5 = time.perf_counter()
            if number <= warmup:
                continue
            samples["parse"].append(t1 - t0)
            samples["map"].append(t2 - t1)
            samples["match"].append(t3 - t2)
            # screen_patient maps and matches again (its own warm cache), then makes entries.
            samples["entries"].append(max(0.0, (t4 - t3) - (t3 - t1)))
            samples["write"].append(t5 - t4)
            samples["total"].append((t1 - t0) + (t5 - t3))
            entries.append(len(made))
        results.close()
        hot = _hot_functions(matcher, settings.zone, seed, warmup + patients + 1, 100)
    return {
        "patients": patients,
        "catalog_load_seconds": load_seconds,
        "median_ms": {stage: statistics.median(v) * 1000 for stage, v in samples.items()},
        "mean_ms": {stage: statistics.fmean(v) * 1000 for stage, v in samples.items()},
        "entries_per_patient": statistics.fmean(entries),
        "hot_functions": hot,
    }


def _hot_functions(matcher: Any, zone: tzinfo, seed: int, first: int, count: int) -> str:
    """cProfile of `screen_patient` on `count` further patients: the top functions by own time."""
    from cds_service.prescreen.patient_job import screen_patient

    charts = [population_chart(number, seed) for number in range(first, first + count)]
    profiler = cProfile.Profile()
    profiler.enable()
    for chart in charts:
        screen_patient(
            chart.resources,
            patient_id=chart.pid,
            as_of=POPULATION_AS_OF,
            matcher=matcher,
            zone=zone,
        )
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    return out.getvalue()


def describe(profile: dict[str, Any], run_cpu_ms_per_patient: float | None = None) -> str:
    median = profile["median_ms"]
    lines = [
        f"per patient, in process (median of {profile['patients']}, ms): "
        + ", ".join(f"{stage} {median[stage]:.2f}" for stage in STAGES),
        f"entries (worklist rows) per patient: {profile['entries_per_patient']:.0f}",
    ]
    if run_cpu_ms_per_patient is not None:
        outside = run_cpu_ms_per_patient - median["total"]
        lines.append(
            f"whole run: {run_cpu_ms_per_patient:.2f} ms of CPU per patient, of which "
            f"{outside:.2f} outside the per-patient function and its result file "
            "(partition, read back, merge, worklists, database)"
        )
    return "\n".join(lines)
