"""One benchmark run: the same catalog and the same charts through (a) the real server over HTTP,
(b) the pipeline's stages in process, (c) the floor (`orjson.loads` of the same body) and (d) the
naive baseline. Prints a table, writes `bench.json` and `latency.png` to the output directory.

Every loop is bounded by the request counts in `BenchConfig`; only loopback traffic.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import orjson

from tools.bench.catalog import DEFAULT_SEED, DEFAULT_TRIALS, write_catalog
from tools.bench.charts import W1, W2, Workload, chart_request, resource_count
from tools.bench.charts import with_hook_instance as reopened
from tools.bench.naive import run_naive
from tools.bench.server import running_server
from tools.hook_load import LoadResult, post_each
from tools.percentiles import percentile

# What the service must reach on a 2-core machine with one worker: a typical chart (W1) seen for
# the first time answered within 30 ms at p95, the same chart re-opened within 10 ms, a heavy
# chart (W2) within 250 ms; ready within 5 s of start with the catalog; at most 500 MB resident;
# and at least 10 times faster than the naive baseline on W1.
TARGETS = {
    "W1 first seen p95 ms": 30.0,
    "W1 re-opened p95 ms": 10.0,
    "W2 p95 ms": 250.0,
    "startup s": 5.0,
    "peak RSS MB": 500.0,
    "naive/ours W1 (min)": 10.0,
}


@dataclass(frozen=True)
class BenchConfig:
    trials: int = DEFAULT_TRIALS
    seed: int = DEFAULT_SEED
    w1_requests: int = 200  # per concurrency level, each a chart never seen before
    reopen_requests: int = 200  # per concurrency level, the same chart again
    w2_requests: int = 40  # per concurrency level
    concurrency: tuple[int, ...] = (1, 8)
    warmup: int = 10
    inprocess_requests: int = 30
    naive_runs: int = 3  # W1; W2 runs once
    http: bool = True
    workloads: tuple[str, ...] = ("W1", "W2")
    plot: bool = True


QUICK = BenchConfig(
    trials=200,
    w1_requests=4,
    reopen_requests=4,
    w2_requests=2,
    warmup=1,
    inprocess_requests=2,
    naive_runs=1,
    workloads=("W1",),
    plot=False,
)


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds (nearest rank: an observed value, never interpolated)."""
    if not samples:
        return {}
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50": percentile(ordered, 0.50) * 1000,
        "p95": percentile(ordered, 0.95) * 1000,
        "p99": percentile(ordered, 0.99) * 1000,
        "mean": statistics.fmean(ordered) * 1000,
        "max": ordered[-1] * 1000,
    }


def _bodies(workload: Workload, first: int, count: int, seed: int) -> list[bytes]:
    return [orjson.dumps(chart_request(workload, n, seed)) for n in range(first, first + count)]


def _reopen_bodies(base: dict[str, Any], first: int, count: int) -> list[bytes]:
    return [orjson.dumps(reopened(base, n)) for n in range(first, first + count)]


def _time(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(config: BenchConfig, out_dir: Path, *, log: TextIO = sys.stdout) -> dict[str, Any]:
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)

    def say(text: str) -> None:
        print(text, file=log, flush=True)

    catalog_path = out_dir / f"catalog-{config.trials}-{config.seed}.ndjson"
    if not catalog_path.exists():
        say(f"generating {config.trials} synthetic trials -> {catalog_path}")
        write_catalog(catalog_path, config.trials, config.seed)
    chart_seed = config.seed
    workloads = {"W1": W1, "W2": W2}
    # Charts: disjoint patient numbers per use, so "first seen" really is first seen.
    charts: dict[str, dict[str, list[bytes]]] = {}
    for name in config.workloads:
        workload = workloads[name]
        per_level = config.w1_requests if name == "W1" else config.w2_requests
        number = 1
        sets: dict[str, list[bytes]] = {"warmup": _bodies(workload, number, config.warmup, 0)}
        number += config.warmup
        for level in config.concurrency:
            sets[f"http-c{level}"] = _bodies(workload, number, per_level, chart_seed)
            number += per_level
        sets["inprocess"] = _bodies(workload, number, config.inprocess_requests, chart_seed)
        charts[name] = sets
    reopen_base = chart_request(W1, 99_999, chart_seed)
    reopen_sets = {
        f"http-c{level}": _reopen_bodies(reopen_base, 1000 * level, config.reopen_requests)
        for level in config.concurrency
    }
    reopen_sets["inprocess"] = _reopen_bodies(reopen_base, 99_000, config.inprocess_requests)
    # Its warm-up: the chart's first open, then a few re-opens.
    reopen_sets["warmup"] = [
        orjson.dumps(reopen_base),
        *_reopen_bodies(reopen_base, 500, config.warmup),
    ]
    sizes = {
        name: {
            "resources": resource_count(orjson.loads(sets["inprocess"][0])),
            "body_bytes": len(sets["inprocess"][0]),
        }
        for name, sets in charts.items()
    }
    say(f"charts: {sizes}")

    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "loadavg_before": _loadavg(),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": _cpu_count(),
        },
        "config": asdict(config),
        "charts": sizes,
        "targets": TARGETS,
        "http": {},
    }

    # (a) the real server over HTTP.
    if config.http:
        with (
            tempfile.TemporaryDirectory(prefix="oncomatch-bench-") as data,
            running_server(catalog_path, Path(data)) as server,
        ):
            say(f"server up in {server.startup_seconds:.2f} s (port {server.port})")
            results["startup_seconds"] = server.startup_seconds
            rss: dict[str, float | None] = {"after startup": _mb(server.rss_kib())}
            results["server_rss_mb"] = rss
            cases = [(f"{name} first seen", sets) for name, sets in charts.items()]
            cases.insert(1, ("W1 re-opened", reopen_sets))  # W1 first, then re-opened, W2
            for label, sets in cases:
                # Each case right after its own warm-up (unseen charts of its kind; for
                # re-opened, the chart's first open and a few re-opens), so that a case does
                # not measure the aftermath of the one before: calls right after much larger
                # ones run slower for a while, and a re-opened chart may have left the chart
                # cache during the calls before it (docs/performance-notes-tools.md).
                warm = post_each(server.port, sets["warmup"], 1)
                if warm.errors:
                    raise RuntimeError(f"{label} warm-up failed, e.g. {warm.errors[0]}")
                for level in config.concurrency:
                    cpu_before = server.cpu_seconds()
                    load = post_each(server.port, sets[f"http-c{level}"], level)
                    cpu_after = server.cpu_seconds()
                    cpu = (
                        (cpu_after - cpu_before) / len(load.latencies)
                        if cpu_before is not None and cpu_after is not None and load.latencies
                        else None
                    )
                    _record(results, label, level, load, cpu, say)
                    rss[f"after {label} c={level}"] = _mb(server.rss_kib())
            rss["at the end"] = _mb(server.rss_kib())
            results["peak_rss_mb"] = _mb(server.peak_rss_kib())

    # (b)-(d) in process, same catalog and charts.
    results["inprocess"] = _in_process(config, catalog_path, charts, reopen_base, reopen_sets, say)
    results["bench_seconds"] = time.perf_counter() - started
    results["loadavg_after"] = _loadavg()
    results["checks"] = _checks(results)
    (out_dir / "bench.json").write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    plotted = False
    if config.plot:
        try:
            from tools.bench.plot import draw

            draw(results, out_dir / "latency.png")
            plotted = True
        except ImportError:
            say("no plot: matplotlib is missing (pip install -e '.[bench]')")
    say(table(results))
    say(f"wrote {out_dir / 'bench.json'}" + (f" and {out_dir / 'latency.png'}" if plotted else ""))
    return results


def _record(
    results: dict[str, Any],
    label: str,
    level: int,
    load: LoadResult,
    cpu_seconds_per_call: float | None,
    say: Callable[[str], None],
) -> None:
    """One HTTP case. The server's CPU time per call (all its threads, from /proc) sits beside
    the wall-clock latencies: on a shared virtual machine the two part when other tenants take
    the CPU, and then the latencies say more about the machine than about the service."""
    if load.errors:
        raise RuntimeError(f"{label} c={level}: {len(load.errors)} failed, e.g. {load.errors[0]}")
    entry = {
        **percentiles(load.latencies),
        "throughput_rps": load.throughput,
        "server_cpu_ms_per_call": (
            cpu_seconds_per_call * 1000 if cpu_seconds_per_call is not None else None
        ),
        "latencies_ms": [round(x * 1000, 3) for x in load.latencies],
    }
    results["http"].setdefault(label, {})[f"c{level}"] = entry
    say(
        f"  {label:<16} c={level}: p50 {entry['p50']:.1f} ms  p95 {entry['p95']:.1f} ms  "
        f"{load.throughput:.1f} req/s"
    )


def _loadavg() -> str:
    """1-minute load average: other work on the machine skews every number; say so."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def _cpu_count() -> int | None:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _in_process(
    config: BenchConfig,
    catalog_path: Path,
    charts: dict[str, dict[str, list[bytes]]],
    reopen_base: dict[str, Any],
    reopen_sets: dict[str, list[bytes]],
    say: Callable[[str], None],
) -> dict[str, Any]:
    from cards import build_cards
    from cds_service.clock import local_date
    from cds_service.hooks.request import HookRequest
    from cds_service.service import build_runtime
    from cds_service.settings import AuthMode, Settings
    from cds_service.storage.db import write_transaction
    from eligibility.results import Verdict
    from fhir_mapping import ValidationCache, build_facts

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="oncomatch-bench-inproc-") as data:
        settings = Settings(data_dir=Path(data), auth=AuthMode.OFF, synthetic_catalog=catalog_path)
        load_started = time.perf_counter()
        runtime = build_runtime(settings)
        out["runtime_build_seconds"] = time.perf_counter() - load_started
        pipeline: Any = runtime.pipeline
        card_settings = pipeline._card_settings
        minimum = Verdict(settings.minimum_verdict)
        cache = ValidationCache()
        counter = iter(range(10**9))

        def stages(body: bytes) -> dict[str, float]:
            """The service's stages in the order `Runtime.answer_hook` runs them."""
            t0 = time.perf_counter()
            request = HookRequest.model_validate(orjson.loads(body))
            context = request.patient_view_context()
            resolved = runtime.resolver.resolve(request, context)
            t1 = time.perf_counter()
            now = runtime.clock()
            # As the service maps: on the hospital's calendar (GEN-LOCAL-DAY).
            mapping = build_facts(
                resolved.resources,
                patient_id=context.patient_id,
                as_of=local_date(now, settings.zone),
                cache=cache,
                zone=settings.zone,
            )
            t2 = time.perf_counter()
            matches = runtime.catalog.matcher.match(mapping.facts, minimum_verdict=minimum)
            t3 = time.perf_counter()
            shown = matches[: card_settings.max_trial_cards]
            pending = runtime.tokens.prepare(mapping.facts, [m.trial.nct_id for m in shown], now)
            tokens = pending.tokens
            deck = build_cards(
                matches,
                patient_id=context.patient_id,
                settings=card_settings,
                new_uuid=lambda: f"bench-{next(counter)}",
                match_link=lambda nct_id: (
                    f"http://127.0.0.1/match/{tokens[nct_id]}" if nct_id in tokens else None
                ),
            )
            t4 = time.perf_counter()
            from cds_service.storage.feedback import CardIssue

            # As `Runtime.answer_hook`: tokens and issued cards in one transaction.
            with write_transaction(runtime.engine) as connection:
                pending.write(connection)
                runtime.feedback_store.record_issued(
                    [
                        CardIssue(c.card_uuid, c.nct_id, str(c.verdict), request.hook_instance)
                        for c in deck.issued
                    ],
                    now,
                    connection,
                )
            from cards.models import HookResponse

            orjson.dumps(HookResponse(cards=deck.cards).to_wire())
            t5 = time.perf_counter()
            return {
                "parse": t1 - t0,
                "map": t2 - t1,
                "match": t3 - t2,
                "cards": t4 - t3,
                "store+serialize": t5 - t4,
                "total": t5 - t0,
                "candidates": float(
                    len(runtime.catalog.matcher.selected.candidates(mapping.facts))
                ),
                "matches": float(len(matches)),
            }

        def hook(body: bytes) -> float:
            """What the route does, minus HTTP: parse, `Runtime.answer_hook`, serialise."""
            start = time.perf_counter()
            request = HookRequest.model_validate(orjson.loads(body))
            response = runtime.answer_hook(request, request.patient_view_context())
            orjson.dumps(response.to_wire())
            return time.perf_counter() - start

        def summarise(name: str, bodies: Sequence[bytes]) -> dict[str, Any]:
            # The stage breakdown uses the bench's own resource cache and no chart cache; the
            # pipeline's caches are its own, so `hook` sees each first-seen body for the first
            # time too, and re-opened bodies as re-opened.
            runs = [stages(body) for body in bodies]
            hooks = [hook(body) for body in bodies]
            floor = [_time(lambda b=body: orjson.loads(b)) for body in bodies]  # type: ignore[misc]
            summary: dict[str, Any] = {
                stage: statistics.median(r[stage] for r in runs) * 1000
                for stage in ("parse", "map", "match", "cards", "store+serialize", "total")
            }
            summary["total_p95"] = percentiles([r["total"] for r in runs]).get("p95")
            summary["answer_hook"] = statistics.median(hooks) * 1000
            summary["answer_hook_p95"] = percentiles(hooks).get("p95")
            summary["floor_orjson_loads_ms"] = statistics.median(floor) * 1000
            summary["candidates"] = runs[-1]["candidates"]
            summary["matches"] = runs[-1]["matches"]
            say(
                f"  in process {name:<16} answer_hook {summary['answer_hook']:.1f} ms "
                f"(floor {summary['floor_orjson_loads_ms']:.2f} ms)"
            )
            return summary

        for name, sets in charts.items():
            stages(sets["warmup"][0])
            out[f"{name} first seen"] = summarise(f"{name} first seen", sets["inprocess"])
        stages(orjson.dumps(reopen_base))
        hook(orjson.dumps(reopen_base))
        out["W1 re-opened"] = summarise("W1 re-opened", reopen_sets["inprocess"])

        # (d) the naive baseline on the same charts and the same (status-filtered) trials.
        naive: dict[str, Any] = {}
        catalog = runtime.catalog.matcher.selected
        for name, sets in charts.items():
            runs = config.naive_runs if name == "W1" else min(1, config.naive_runs)
            if not runs:
                continue
            totals = []
            same = True
            for body in sets["inprocess"][:runs]:
                request = orjson.loads(body)
                t0 = time.perf_counter()
                request = orjson.loads(body)
                parse = time.perf_counter() - t0
                as_of = runtime.today()
                deck, times = run_naive(
                    request,
                    catalog,
                    as_of=as_of,
                    settings=card_settings,
                    clock=time.perf_counter,
                )
                totals.append((parse + times.total, times))
                ours = runtime.catalog.matcher.match(
                    build_facts(
                        request["prefetch"].values(),
                        patient_id=request["context"]["patientId"],
                        as_of=as_of,
                        cache=ValidationCache(),
                        zone=settings.zone,
                    ).facts,
                    minimum_verdict=minimum,
                )
                ours_deck = build_cards(
                    ours,
                    patient_id=request["context"]["patientId"],
                    settings=card_settings,
                    new_uuid=lambda: "x",
                    match_link=lambda _nct_id: None,
                )
                same = same and [c.nct_id for c in deck.issued] == [
                    c.nct_id for c in ours_deck.issued
                ]
            median_total = statistics.median(t for t, _ in totals)
            last = totals[-1][1]
            naive[name] = {
                "runs": len(totals),
                "total": median_total * 1000,
                "validate": last.validate * 1000,
                "map": last.map * 1000,
                "match": last.match * 1000,
                "cards": last.cards * 1000,
                "same_cards_as_ours": same,
                "trials_evaluated": len(catalog),
            }
            say(f"  naive {name}: {naive[name]['total']:.0f} ms (same cards as ours: {same})")
        out["naive"] = naive
    gc.collect()
    return out


def _checks(results: dict[str, Any]) -> dict[str, Any]:
    http = results.get("http", {})
    inproc = results.get("inprocess", {})

    def p95(label: str) -> float | None:
        entry = http.get(label, {}).get("c1")
        return entry["p95"] if entry else None

    checks: dict[str, Any] = {}

    def check(name: str, value: float | None, limit: float, higher_is_better: bool = False) -> None:
        if value is None:
            return
        ok = value >= limit if higher_is_better else value <= limit
        checks[name] = {"value": value, "target": limit, "met": ok}

    check("W1 first seen p95 ms", p95("W1 first seen"), TARGETS["W1 first seen p95 ms"])
    check("W1 re-opened p95 ms", p95("W1 re-opened"), TARGETS["W1 re-opened p95 ms"])
    check("W2 p95 ms", p95("W2 first seen"), TARGETS["W2 p95 ms"])
    check("startup s", results.get("startup_seconds"), TARGETS["startup s"])
    check("peak RSS MB", results.get("peak_rss_mb"), TARGETS["peak RSS MB"])
    naive = inproc.get("naive", {}).get("W1")
    ours = inproc.get("W1 first seen")
    if naive and ours:
        check(
            "naive/ours W1 (min)",
            naive["total"] / ours["answer_hook"],
            TARGETS["naive/ours W1 (min)"],
            True,
        )
    return checks


def table(results: dict[str, Any]) -> str:
    """The human-readable summary: HTTP, in process, startup and memory, targets."""
    http = results.get("http", {})
    inproc = results.get("inprocess", {})
    naive = inproc.get("naive", {})
    nan = float("nan")
    lines = [
        "",
        f"OncoMatch bench: {results['config']['trials']} synthetic trials + the curated ones, "
        f"{results['machine']['cpus']} CPUs, one uvicorn worker, auth off, "
        f"load average before/after {results.get('loadavg_before', '?')}/"
        f"{results.get('loadavg_after', '?')}",
        "",
        "HTTP round trip (ms). cpu = the server's CPU time per call; floor = orjson.loads of the",
        "same body; naive = baseline in process",
        f"{'case':<14} {'conc':>4} {'n':>4} {'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>6} "
        f"{'cpu':>6} {'floor':>6} {'p50/floor':>9} {'naive':>7} {'naive/p50':>9}",
    ]
    for label, levels in http.items():
        floor = inproc.get(label, {}).get("floor_orjson_loads_ms")
        naive_ms = naive.get(label.split()[0], {}).get("total") if "first" in label else None
        for level, entry in levels.items():
            lines.append(
                f"{label:<14} {level[1:]:>4} {entry['n']:>4} {entry['p50']:>7.1f} "
                f"{entry['p95']:>7.1f} {entry['p99']:>7.1f} {entry['throughput_rps']:>6.1f} "
                f"{_or_nan(entry.get('server_cpu_ms_per_call')):>6.1f} "
                f"{floor if floor is not None else nan:>6.2f} {_ratio(entry['p50'], floor):>9} "
                f"{naive_ms if naive_ms is not None else nan:>7.0f} "
                f"{_ratio(naive_ms, entry['p50']):>9}"
            )
    lines += [
        "",
        "In process, same charts (median ms). Stages without the chart cache; hook = parse +",
        "Runtime.answer_hook + serialise, the real path (chart cache included)",
        f"{'case':<14} {'parse':>6} {'map':>6} {'match':>6} {'cards':>6} {'store':>6} "
        f"{'hook':>6} {'hook95':>6} {'floor':>6} {'naive':>7} {'naive/hook':>10} {'cands':>6}",
    ]
    for label in ("W1 first seen", "W1 re-opened", "W2 first seen"):
        entry = inproc.get(label)
        if not entry:
            continue
        naive_ms = naive.get(label.split()[0], {}).get("total") if "first" in label else None
        lines.append(
            f"{label:<14} {entry['parse']:>6.2f} {entry['map']:>6.2f} {entry['match']:>6.2f} "
            f"{entry['cards']:>6.2f} {entry['store+serialize']:>6.2f} "
            f"{entry['answer_hook']:>6.2f} {entry['answer_hook_p95']:>6.2f} "
            f"{entry['floor_orjson_loads_ms']:>6.2f} "
            f"{naive_ms if naive_ms is not None else nan:>7.0f} "
            f"{_ratio(naive_ms, entry['answer_hook']):>10} {entry['candidates']:>6.0f}"
        )
    for name, entry in naive.items():
        lines.append(
            f"naive {name}: validate {entry['validate']:.0f} + map {entry['map']:.0f} + match "
            f"{entry['match']:.0f} + cards {entry['cards']:.0f} ms over "
            f"{entry['trials_evaluated']} trials; same cards as ours: {entry['same_cards_as_ours']}"
        )
    lines.append("")
    if "startup_seconds" in results:
        rss = results.get("server_rss_mb", {})
        lines.append(
            f"startup with the catalog: {results['startup_seconds']:.2f} s; server RSS after "
            f"startup {rss.get('after startup') or nan:.0f} MB, "
            f"peak {results.get('peak_rss_mb') or nan:.0f} MB"
        )
    for name, check in results.get("checks", {}).items():
        mark = "MET " if check["met"] else "MISS"
        lines.append(f"  [{mark}] {name}: {check['value']:.2f} (target {check['target']:g})")
    lines.append(f"bench took {results['bench_seconds']:.0f} s")
    return "\n".join(lines)


def _or_nan(value: float | None) -> float:
    return value if value is not None else float("nan")


def _ratio(numerator: float | None, denominator: float | None) -> str:
    if not numerator or not denominator:
        return "-"
    return f"{numerator / denominator:.0f}x"


def _mb(kib: int | None) -> float | None:
    return kib / 1024 if kib is not None else None
