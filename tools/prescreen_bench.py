"""`make bench-prescreen`: the whole synthetic hospital pre-screened against the 25,000-trial
synthetic catalog, by the real `oncomatch prescreen` command, with each engine on this machine.

For each population size asked for (20,000 patients by default; `--patients 20000 100000`):
the population is written once as a bulk export (`tools.population`, reused while its record
matches), then each engine (`local`, then `dask`) pre-screens it from scratch in a subprocess
whose whole process tree is sampled from /proc (`tools.process_tree`): wall time, CPU time, peak
RSS and PSS. Reported per run: patients/s, patients/s per core (throughput over the workers
given: each worker is one core's worth of work), patients per CPU-second; per size, Dask's
overhead against `local`; across sizes, whether peak memory stays flat. `prescreen-<N>.json`
and `prescreen.md` (the table) go to the output folder.

With `--rounds R`, each engine pre-screens the export R times, in turn with the other and in
mirrored order (R = 2: local, dask, dask, local), and its row gives the mean wall and CPU time
and the highest peak memory: this VM's speed drifts by a third within minutes (other tenants),
and a comparison of two engines run one after the other measured the drift as much as Dask.

With `--follow N`, each engine also pre-screens the same export with `--trial` for N trials of
the catalog (`followed_trials`): what a hospital following its own trials runs. Those rows are
labelled `<engine> follow N` and are not held to the goals, which are about the full catalog.

Goals (issue 19): >= 100 patients/s per core, peak memory flat from 20k to 100k patients, Dask
<= 25 % slower than `local` on one machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from eligibility.trial import OPEN_STATUSES
from tools.bench.catalog import DEFAULT_SEED as CATALOG_SEED
from tools.bench.catalog import DEFAULT_TRIALS, write_catalog
from tools.population.export import DEFAULT_SEED as POPULATION_SEED
from tools.population.export import Population, existing_population, write_export
from tools.population.patients import POPULATION_AS_OF
from tools.process_tree import TreeMonitor

GOAL_PER_CORE = 100.0  # patients/s per core
GOAL_DASK_OVERHEAD = 0.25  # dask wall time over local's, minus one
GOAL_MEMORY_GROWTH = 0.25  # peak RSS at the largest size over the smallest's, minus one
ENGINES = ("local", "dask")


@dataclass(frozen=True)
class PrescreenBenchConfig:
    patients: tuple[int, ...] = (20_000,)
    engines: tuple[str, ...] = ENGINES
    workers: int = 2
    trials: int = DEFAULT_TRIALS
    catalog_seed: int = CATALOG_SEED
    population_seed: int = POPULATION_SEED
    generate_jobs: int = 2
    rerun: bool = True  # time a second `local` run over the unchanged export (incremental)
    keep_exports: bool = True
    follow: int | None = None  # also run each engine with --trial for this many trials
    rounds: int = 1  # full-catalog runs per engine, engines alternated (see the module's text)


def follow_label(engine: str, follow: int) -> str:
    """The name of a `--follow` run's row: never the bare engine name of a full-catalog run."""
    return f"{engine} follow {follow}"


@dataclass(frozen=True)
class EngineRun:
    engine: str
    patients: int
    workers: int
    wall_seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    peak_processes: int
    summary: dict[str, Any]
    followed: int | None = None  # trials asked with --trial; None: the whole catalog
    round_walls: tuple[float, ...] = ()  # each round's wall seconds, when there were several

    @property
    def patients_per_second(self) -> float:
        return self.patients / self.wall_seconds

    @property
    def per_core(self) -> float:
        return self.patients_per_second / self.workers

    @property
    def per_cpu_second(self) -> float:
        return self.patients / self.cpu_seconds if self.cpu_seconds else float("nan")

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {
            "patients_per_second": self.patients_per_second,
            "patients_per_second_per_core": self.per_core,
            "patients_per_cpu_second": self.per_cpu_second,
        }


class PrescreenBenchError(RuntimeError):
    """A run failed; the message has the command's output tail."""


def run(config: PrescreenBenchConfig, out_dir: Path, say: Callable[[str], None]) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    catalog = out_dir.parent / f"catalog-{config.trials}-{config.catalog_seed}.ndjson"
    if not catalog.exists():  # the same file `make bench` writes and reuses
        say(f"generating {config.trials} synthetic trials -> {catalog}")
        write_catalog(catalog, config.trials, config.catalog_seed)
    followed = followed_trials(catalog, config.follow) if config.follow else []
    results: dict[str, Any] = {}
    for patients in config.patients:
        export = _export(out_dir, patients, config, say)
        runs: dict[str, Any] = {}
        rounds: dict[str, list[EngineRun]] = {engine: [] for engine in config.engines}
        for engine in round_order(config.engines, config.rounds):
            say(f"{patients} patients, engine {engine}, {config.workers} workers ...")
            result = run_engine(engine, export, catalog, out_dir, patients, config.workers)
            say(_line(result))
            if (phases := phases_line(engine, result.to_json())) is not None:
                say(phases)
            rounds[engine].append(result)
        for engine in config.engines:
            runs[engine] = combined(rounds[engine]).to_json()
            if followed:
                label = follow_label(engine, len(followed))
                say(f"{patients} patients, engine {engine}, --trial for {len(followed)} trials ...")
                result = run_engine(
                    engine, export, catalog, out_dir, patients, config.workers, trials=followed
                )
                say(_line(result, label))
                runs[label] = result.to_json()
        if config.rerun and "local" in config.engines:
            say(f"{patients} patients, engine local again over the same export (incremental) ...")
            again = run_engine(
                "local", export, catalog, out_dir, patients, config.workers, fresh=False
            )
            say(_line(again))
            runs["local re-run"] = again.to_json()
        record = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": _machine(),
            "config": asdict(config) | {"patients": patients},
            "population": asdict(existing_population(export) or Population(patients, 0, 0)),
            "runs": runs,
            "followed_trials": followed,
        }
        (out_dir / f"prescreen-{patients}.json").write_bytes(
            orjson.dumps(record, option=orjson.OPT_INDENT_2)
        )
        results[str(patients)] = record
        if not config.keep_exports:
            shutil.rmtree(export)
    report = table(_all_records(out_dir))
    (out_dir / "prescreen.md").write_text(report + "\n", encoding="utf-8")
    say(report)
    return results


def _export(
    out_dir: Path, patients: int, config: PrescreenBenchConfig, say: Callable[[str], None]
) -> Path:
    export = out_dir / f"export-{patients}-{config.population_seed}"
    wanted = Population(patients, config.population_seed, config.generate_jobs)
    found = existing_population(export)
    if found is not None and found.same_input(wanted):
        say(f"reusing the export of {patients} patients in {export}")
        return export
    say(f"writing {patients} patients as a bulk export -> {export}")
    started = time.perf_counter()
    written = write_export(export, patients, config.population_seed, config.generate_jobs)
    say(f"  {written.resources} resources in {time.perf_counter() - started:.0f} s")
    return export


def run_engine(
    engine: str,
    export: Path,
    catalog: Path,
    out_dir: Path,
    patients: int,
    workers: int,
    *,
    fresh: bool = True,
    trials: Sequence[str] = (),
) -> EngineRun:
    """One `oncomatch prescreen` in a subprocess, its process tree sampled until it exits;
    with `trials`, for those only (`--trial` each), in folders of its own."""
    name = f"{engine}-{patients}" + (f"-follow{len(trials)}" if trials else "")
    run_dir = out_dir / "runs" / name
    if fresh and run_dir.exists():
        shutil.rmtree(run_dir)
    data_dir = out_dir / "runs" / f"data-{name}"
    if fresh and data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).with_name("oncomatch")),
        "prescreen",
        str(export),
        "--out",
        str(run_dir),
        "--engine",
        engine,
        "--workers",
        str(workers),
        "--as-of",
        POPULATION_AS_OF.isoformat(),
        *(argument for nct_id in trials for argument in ("--trial", nct_id)),
    ]
    environment = {
        **os.environ,
        "ONCOMATCH_SYNTHETIC_CATALOG": str(catalog),
        "ONCOMATCH_DATA_DIR": str(data_dir),
        "ONCOMATCH_LOG_LEVEL": "WARNING",
    }
    environment.pop("ONCOMATCH_DATABASE_URL", None)
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - our own command, our own arguments
            command, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        monitor = TreeMonitor(process.pid).start()
        # wait4: the child's CPU time with that of every descendant it (or they) waited for.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        monitor.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-3000:]
            raise PrescreenBenchError(f"{' '.join(command)} exited {process.returncode}:\n{tail}")
    summary = orjson.loads((run_dir / "summary.json").read_bytes())
    return EngineRun(
        engine=engine,
        patients=patients,
        workers=workers,
        wall_seconds=wall,
        cpu_seconds=max(usage.ru_utime + usage.ru_stime, monitor.cpu_seconds),
        peak_rss_mb=monitor.peak_rss_kib / 1024,
        peak_pss_mb=monitor.peak_pss_kib / 1024,
        peak_processes=monitor.peak_processes,
        summary=summary,
        followed=len(trials) or None,
    )


def round_order(engines: Sequence[str], rounds: int) -> list[str]:
    """The engines' full-catalog runs in order: each round in turn, every other one mirrored
    (ABBA), so a steady drift of the machine's speed weighs on every engine alike."""
    order: list[str] = []
    for number in range(rounds):
        order.extend(engines if number % 2 == 0 else reversed(engines))
    return order


def combined(runs: Sequence[EngineRun]) -> EngineRun:
    """One engine's rounds as one row: mean wall and CPU time, the highest peaks, and a summary
    whose `seconds` and phases are the rounds' means too (the first round's with the rounds'
    mean wall made its time after the summary, the database copy, look ~5x shorter)."""
    if len(runs) == 1:
        return runs[0]
    first = runs[0]
    return replace(
        first,
        summary=_mean_summary([run.summary for run in runs]),
        wall_seconds=statistics.fmean(run.wall_seconds for run in runs),
        cpu_seconds=statistics.fmean(run.cpu_seconds for run in runs),
        peak_rss_mb=max(run.peak_rss_mb for run in runs),
        peak_pss_mb=max(run.peak_pss_mb for run in runs),
        peak_processes=max(run.peak_processes for run in runs),
        round_walls=tuple(run.wall_seconds for run in runs),
    )


def _mean_summary(summaries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The first summary, its `seconds` and each phase the mean of `summaries`' (a phase some
    lack is left as the first has it)."""
    mean = dict(summaries[0])
    if all("seconds" in summary for summary in summaries):
        mean["seconds"] = statistics.fmean(float(summary["seconds"]) for summary in summaries)
    if not all(summary.get("phase_seconds") for summary in summaries):
        return mean
    phases: list[dict[str, Any]] = [summary["phase_seconds"] for summary in summaries]
    mean["phase_seconds"] = {
        phase: statistics.fmean(float(p[phase]) for p in phases)
        if all(p.get(phase) is not None for p in phases)
        else value
        for phase, value in phases[0].items()
    }
    return mean


def followed_trials(catalog: Path, count: int) -> list[str]:
    """`count` trials of a synthetic catalog file a run may be asked for (status open to
    referral, as the runs' default settings filter), evenly spaced over their sorted ids: the
    same list every time for the same catalog, spread over the whole catalog rather than a
    block of neighbouring ids."""
    open_statuses = {str(status) for status in OPEN_STATUSES}
    with catalog.open("rb") as lines:
        ids = sorted(
            trial["nct_id"]
            for trial in map(orjson.loads, lines)
            if trial.get("overall_status") in open_statuses
        )
    if count > len(ids):
        raise PrescreenBenchError(f"--follow {count}: the catalog has {len(ids)} open trials")
    return [ids[index * len(ids) // count] for index in range(count)]


def _line(run: EngineRun, label: str | None = None) -> str:
    return (
        f"  {label or run.engine}: {run.wall_seconds:.1f} s, "
        f"{run.patients_per_second:.1f} patients/s, "
        f"{run.per_core:.1f}/s per core, {run.per_cpu_second:.1f} per CPU-s, "
        f"peak RSS {run.peak_rss_mb:.0f} MB (PSS {run.peak_pss_mb:.0f} MB)"
    )


def _after_summary(run: Mapping[str, Any]) -> float:
    """The run's wall time after its summary's `seconds`: the database copy (and the command's
    own start-up)."""
    return max(0.0, float(run["wall_seconds"] - run["summary"]["seconds"]))


def phases_line(name: str, run: Mapping[str, Any]) -> str | None:
    """A run's phases (`summary.json` `phase_seconds`) and the wall time after its summary
    (the database copy); None for a record without them."""
    summary = run.get("summary") or {}
    phases = summary.get("phase_seconds")
    if not phases:
        return None
    after = _after_summary(run)
    parts = ", ".join(f"{phase} {seconds:.1f}" for phase, seconds in phases.items())
    return f"- {run['patients']:,} {name} phases (s): {parts}, after the summary {after:.1f}"


def _machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": len(os.sched_getaffinity(0)),
        "loadavg": f"{os.getloadavg()[0]:.2f}",
    }


def _all_records(out_dir: Path) -> list[dict[str, Any]]:
    records = [orjson.loads(path.read_bytes()) for path in out_dir.glob("prescreen-*.json")]
    return sorted(records, key=lambda r: int(r["config"]["patients"]))


def nightly_hours(run: Mapping[str, Any], workers: int, patients: int = 1_000_000) -> float:
    """An estimate of `patients` on `workers` workers from one run (`EngineRun.to_json`). With
    the run's phases (`summary.json` `phase_seconds`): what the workers share (partition,
    screening, the state's shards, worklists) divides by the workers, what the command does
    alone while they wait (settling, then the database copy: the wall time after the summary)
    does not, and both grow with the patients (a sort grows a little faster: this is a floor);
    the start (catalog) is paid once. A run of before the shards (no `shards` phase) settled
    every entry alone, and wrote its worklists on the workers. Without phases (a record of
    before them), the run's rate per core times the workers."""
    summary = run.get("summary") or {}
    phases = summary.get("phase_seconds")
    if not phases:
        return patients / (float(run["patients_per_second_per_core"]) * workers) / 3600
    scale = patients / run["patients"]
    on_workers = phases["partition"] + phases["screening"] + (phases.get("shards") or 0.0)
    if phases.get("shards") is None:
        on_workers += phases["worklists"]
        alone = phases["settle"] + _after_summary(run)
    else:
        alone = phases["settle"] + phases["worklists"] + _after_summary(run)
    shared = on_workers * run["workers"]
    return float(phases["start"] + scale * (alone + shared / workers)) / 3600


def table(records: Sequence[dict[str, Any]]) -> str:
    lines = [
        "| patients | engine | workers | wall s | patients/s | per core | per CPU-s "
        "| peak RSS MB | peak PSS MB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    checks: list[str] = []
    for record in records:
        runs = record["runs"]
        for name, entry in runs.items():
            lines.append(
                f"| {entry['patients']:,} | {name} | {entry['workers']} "
                f"| {entry['wall_seconds']:.1f} | {entry['patients_per_second']:.1f} "
                f"| {entry['patients_per_second_per_core']:.1f} "
                f"| {entry['patients_per_cpu_second']:.1f} | {entry['peak_rss_mb']:.0f} "
                f"| {entry['peak_pss_mb']:.0f} |"
            )
        checks.extend(_checks(record))
        checks.extend(
            line for name, entry in runs.items() if (line := phases_line(name, entry)) is not None
        )
    if len(records) >= 2:
        checks.append(_memory_check(records[0], records[-1]))
    best = max(
        (r["runs"]["local"] for r in records if "local" in r["runs"]),
        key=lambda run: run["patients_per_second_per_core"],
        default=None,
    )
    if best is not None:
        estimate = ", ".join(
            f"{workers} workers {nightly_hours(best, workers):.1f} h" for workers in (2, 8, 32, 64)
        )
        checks.append(
            f"1,000,000 patients at {best['patients_per_second_per_core']:.0f}/s per core "
            f"(estimate from the {best['patients']:,}-patient local run): {estimate}"
        )
    return "\n".join([*lines, "", *checks])


def _checks(record: dict[str, Any]) -> list[str]:
    runs = record["runs"]
    patients = record["config"]["patients"]
    out = []
    for engine in ENGINES:
        if engine in runs:
            value = runs[engine]["patients_per_second_per_core"]
            out.append(
                _mark(
                    value >= GOAL_PER_CORE,
                    f"{patients:,} {engine}: {value:.1f} patients/s per core "
                    f"(goal >= {GOAL_PER_CORE:g})",
                )
            )
    for name, entry in runs.items():
        engine = entry["engine"]
        if entry.get("followed") and engine in runs:
            # No goal: how much a hospital following its own trials is spared, beside the goals.
            ratio = entry["patients_per_second"] / runs[engine]["patients_per_second"]
            out.append(
                f"- {patients:,} {name}: {ratio:.1f}x the patients/s of {engine} on the "
                "full catalog"
            )
    for name, entry in runs.items():
        if entry.get("round_walls"):
            walls = " / ".join(f"{wall:.1f}" for wall in entry["round_walls"])
            out.append(f"- {patients:,} {name}: rounds {walls} s (mean in the table)")
    if "local" in runs and "dask" in runs:
        overhead = runs["dask"]["wall_seconds"] / runs["local"]["wall_seconds"] - 1
        out.append(
            _mark(
                overhead <= GOAL_DASK_OVERHEAD,
                f"{patients:,} dask overhead vs local: {overhead:+.0%} "
                f"(goal <= +{GOAL_DASK_OVERHEAD:.0%})",
            )
        )
    return out


def _memory_check(smallest: dict[str, Any], largest: dict[str, Any]) -> str:
    parts = []
    met = True
    for engine in ENGINES:
        if engine in smallest["runs"] and engine in largest["runs"]:
            low = smallest["runs"][engine]["peak_rss_mb"]
            high = largest["runs"][engine]["peak_rss_mb"]
            met = met and high / low - 1 <= GOAL_MEMORY_GROWTH
            parts.append(f"{engine} {low:.0f} -> {high:.0f} MB")
    sizes = f"{smallest['config']['patients']:,} -> {largest['config']['patients']:,} patients"
    return _mark(
        met, f"peak RSS {sizes}: {', '.join(parts)} (goal: flat, <= +{GOAL_MEMORY_GROWTH:.0%})"
    )


def _mark(met: bool, text: str) -> str:
    return f"- [{'MET' if met else 'MISS'}] {text}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.prescreen_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--patients", type=int, nargs="+", default=[20_000], help="population sizes (default 20000)"
    )
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: the CPUs)",
    )
    parser.add_argument("--trials", type=int, default=DEFAULT_TRIALS)
    parser.add_argument("--out", type=Path, default=Path("bench-results/prescreen"))
    parser.add_argument("--no-rerun", action="store_true", help="skip the incremental re-run")
    parser.add_argument(
        "--follow",
        type=int,
        metavar="N",
        help="also run each engine with --trial for N trials of the catalog, evenly spaced over "
        "its sorted ids (the same N each time): a hospital follows its own few hundred trials, "
        "not all 25,000, and --trial matches only those, so this is its nightly run's cost. "
        "Rows labelled '<engine> follow N', apart from the full-catalog ones",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        metavar="R",
        help="full-catalog runs per engine, engines alternated in mirrored order (2: local, "
        "dask, dask, local); rows give the means. Use 2 to compare the engines on a machine "
        "whose speed drifts",
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        help="instead: the per-patient function's stages on N patients, in process",
    )
    parser.add_argument(
        "--drop-exports",
        action="store_true",
        help="delete each export after its runs (~140 KB per patient)",
    )
    args = parser.parse_args(argv)
    if min(args.patients) < 1 or args.workers < 1 or args.trials < 1:
        parser.error("--patients, --workers and --trials must be at least 1")
    if args.follow is not None and args.follow < 1:
        parser.error("--follow must be at least 1")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    config = PrescreenBenchConfig(
        patients=tuple(args.patients),
        engines=tuple(args.engines),
        workers=args.workers,
        trials=args.trials,
        rerun=not args.no_rerun,
        keep_exports=not args.drop_exports,
        follow=args.follow,
        rounds=args.rounds,
    )
    if args.profile:
        return _profile(args.out, args.profile, config)
    try:
        run(config, args.out, lambda text: print(text, flush=True))
    except PrescreenBenchError as error:
        print(f"prescreen bench failed: {error}", file=sys.stderr)
        return 1
    return 0


def _profile(out_dir: Path, patients: int, config: PrescreenBenchConfig) -> int:
    from tools.prescreen_profile import describe, profile_patients

    catalog = out_dir.parent / f"catalog-{config.trials}-{config.catalog_seed}.ndjson"
    if not catalog.exists():
        write_catalog(catalog, config.trials, config.catalog_seed)
    profile = profile_patients(catalog, patients)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "profile.json").write_bytes(orjson.dumps(profile, option=orjson.OPT_INDENT_2))
    print(describe(profile))
    print(profile["hot_functions"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
