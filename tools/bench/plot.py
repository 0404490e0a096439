"""The latency plot beside bench.json (matplotlib, Agg backend: no display needed).

Left: the distribution (CDF) of HTTP round-trip latencies per case and concurrency, with the
targets as dashed lines. Right: median in-process time per workload — floor, ours, naive — on a
log scale, which is what the ratios in the table compare.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def draw(results: dict[str, Any], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    targets = {"W1 first seen": 30.0, "W1 re-opened": 10.0, "W2 first seen": 250.0}
    colours = {"W1 first seen": "tab:blue", "W1 re-opened": "tab:green", "W2 first seen": "tab:red"}
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    for label, levels in results.get("http", {}).items():
        for level, entry in levels.items():
            samples = sorted(entry["latencies_ms"])
            if not samples:
                continue
            fraction = [(i + 1) / len(samples) for i in range(len(samples))]
            style = "-" if level == "c1" else ":"
            left.plot(
                samples,
                fraction,
                style,
                color=colours.get(label),
                label=f"{label}, concurrency {level[1:]}",
            )
        if label in targets:
            left.axvline(targets[label], color=colours.get(label), linestyle="--", linewidth=0.8)
    left.axhline(0.95, color="grey", linewidth=0.5)
    left.set_xscale("log")
    left.set_xlabel("HTTP round trip (ms, log); dashed: p95 target")
    left.set_ylabel("fraction of requests")
    left.set_title("Hook latency over HTTP (one uvicorn worker)")
    left.legend(fontsize=8, loc="lower right")

    inproc = results.get("inprocess", {})
    naive = inproc.get("naive", {})
    names = [n for n in ("W1 first seen", "W1 re-opened", "W2 first seen") if n in inproc]
    floor = [inproc[n]["floor_orjson_loads_ms"] for n in names]
    ours = [inproc[n]["answer_hook"] for n in names]
    base = [naive.get(n.split()[0], {}).get("total", 0) if "first" in n else 0 for n in names]
    positions = range(len(names))
    width = 0.27
    right.bar([p - width for p in positions], floor, width, label="floor: orjson.loads")
    right.bar(list(positions), ours, width, label="OncoMatch")
    right.bar([p + width for p in positions], base, width, label="naive baseline")
    right.set_xticks(list(positions), names)
    right.set_yscale("log")
    right.set_ylabel("median in process: parse + answer_hook + serialise (ms, log)")
    right.set_title("Same charts: floor vs ours vs naive")
    right.legend(fontsize=8)
    figure.suptitle(
        f"OncoMatch bench: {results['config']['trials']} synthetic trials, {results['when']}"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
